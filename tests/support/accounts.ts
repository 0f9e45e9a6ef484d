// Accounts for the browser tests that run with AUTH=users: written straight into the server's store before the pages
// open (hashing as the server does), and the login form filled as a person does.
import path from "node:path";
import type { Page } from "playwright-core";
import type { Role } from "../../contract/auth";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";

export interface TestAccount {
  username: string;
  role: Role;
  password: string;
}

/** Adds the accounts to the SQLite store of the test server whose folder is `serverDir`. */
export async function addAccounts(serverDir: string, accounts: readonly TestAccount[]): Promise<void> {
  const store = new SqliteAuthStore(path.join(serverDir, "data", "echochamber.db"));
  try {
    for (const { username, role, password } of accounts)
      await store.addUser({ username, role, passwordHash: await hashPassword(password) });
  } finally {
    await store.close();
  }
}

/**
 * Signs in on the login page shown; by default waits for the chat, where a sign-in lands. `{ toChat: false }` for a
 * page opened at another address (it stays there).
 */
export async function signIn(
  page: Page,
  username: string,
  password: string,
  { toChat = true }: { toChat?: boolean } = {},
): Promise<void> {
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  if (toChat) await page.getByTestId("chat-input").waitFor();
}
