// /api/accounts: the "Conturi" page's account management (AUTH=users, admins only): list, add many at once with
// generated passwords returned once, reset a password and/or change a role, remove. Over the same AuthStore and the
// same password generator as `npm run cli -- users`; a reset, a role change or a removal ends the account's sessions.
import { Router, type RequestHandler } from "express";
import pLimit from "p-limit";
import {
  AddAccountsSchema,
  ChangeAccountSchema,
  invalidAccountNames,
  MAX_ACCOUNTS_PER_REQUEST,
  uniqueAccountNames,
  type AccountSummary,
  type AccountsResponse,
  type AddAccountsResponse,
  type ChangeAccountResponse,
  type IssuedPassword,
} from "../../contract/accounts";
import { NEEDED_ROLE, type SessionUser } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import { parseBody } from "../http/parseBody";
import { userOf } from "../identity";
import type { Logger } from "../log";
import { requireRole } from "./middleware";
import { generatePassword, hashPassword } from "./passwords";
import type { AuthStore, UserRecord } from "./store";

export interface AccountsRoutesDeps {
  config: Pick<Config, "AUTH">;
  store: AuthStore;
  /** Every change is logged with who made it (never a password), so that a class's admins can tell who did what. */
  logger: Pick<Logger, "info">;
  /** The rate limit of the writes that hash passwords (scrypt's 128 MiB and a few hundred ms each). */
  limit: RequestHandler;
  /** Called after the store ended an account's sessions, so that its open sockets close too. */
  onSessionsEnded: (userId: string) => void;
}

/** The page never leaves the class without an admin (the CLI, run by whoever holds the server, may). */
const KEEP_AN_ADMIN = { keepAnAdmin: true } as const;

export function accountSummary(user: UserRecord): AccountSummary {
  const { id, username, role, createdAt, updatedAt } = user;
  return { id, username, role, createdAt, updatedAt };
}

/** The add form's body; a list over the bound gets its own message (how many, and the limit). */
function parseAddition(body: unknown) {
  const usernames = (body as { usernames?: unknown } | null)?.usernames;
  if (Array.isArray(usernames) && usernames.length > MAX_ACCOUNTS_PER_REQUEST) {
    throw new AppError("account:too_many", { limit: MAX_ACCOUNTS_PER_REQUEST, count: usernames.length });
  }
  const addition = parseBody(AddAccountsSchema, body);
  const names = uniqueAccountNames(addition.usernames);
  const invalid = invalidAccountNames(names);
  if (invalid.length > 0) throw new AppError("account:invalid_name", { names: invalid.join(", ") });
  return { names, role: addition.role };
}

export function accountsRouter({
  config,
  store,
  logger,
  limit,
  onSessionsEnded,
}: AccountsRoutesDeps): Router {
  const router = Router();
  // The page exists with accounts as the way in; with AUTH=off or code there is nothing here (404).
  router.use((_req, _res, next) => {
    if (config.AUTH !== "users") throw new AppError("account:unavailable");
    next();
  });
  router.use(requireRole(NEEDED_ROLE.accounts));
  // Checks and changes one at a time on this instance; the store checks again inside the change's transaction
  // (KEEP_AN_ADMIN), which holds across instances.
  const oneAtATime = pLimit(1);

  const findAccount = async (username: string): Promise<UserRecord> => {
    const account = await store.findUser(username);
    if (!account) throw new AppError("account:not_found", { name: username });
    return account;
  };

  /** Refuses to take away the last admin, then to change one's own account (the session would end mid-page). */
  const mayChange = async (actor: SessionUser, target: UserRecord, losesAdmin: boolean) => {
    if (losesAdmin) {
      const others = (await store.listUsers()).filter((u) => u.role === "admin" && u.id !== target.id);
      if (others.length === 0) throw new AppError("account:last_admin", { name: target.username });
    }
    if (target.id === actor.id) throw new AppError("account:self");
  };

  router.get("/", async (_req, res) => {
    const body: AccountsResponse = { accounts: (await store.listUsers()).map(accountSummary) };
    res.json(body);
  });

  router.post("/", limit, async (req, res) => {
    const { names, role } = parseAddition(req.body);
    // scrypt runs in libuv's thread pool (two at a time, server/auth/passwords.ts), as the CLI's do.
    const passwords = names.map(() => generatePassword());
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
    const created: IssuedPassword[] = [];
    const existing: string[] = [];
    for (const [i, username] of names.entries()) {
      const user = await store.addUser({ username, role, passwordHash: hashes[i]! });
      if (user) created.push({ username: user.username, role: user.role, password: passwords[i]! });
      else existing.push(username);
    }
    const body: AddAccountsResponse = { created, existing };
    logger.info("accounts: added", {
      by: userOf(req).name,
      role,
      accounts: created.map((c) => c.username),
      existing,
    });
    // Passwords in the answer: no cache along the way may keep it.
    res.set("Cache-Control", "no-store");
    res.status(created.length > 0 ? 201 : 200).json(body);
  });

  router.patch("/:username", limit, async (req, res) => {
    const change = parseBody(ChangeAccountSchema, req.body);
    const actor = userOf(req);
    const body = await oneAtATime(async (): Promise<ChangeAccountResponse> => {
      const target = await findAccount(String(req.params.username));
      await mayChange(
        actor,
        target,
        target.role === "admin" && change.role !== undefined && change.role !== "admin",
      );
      const password = change.resetPassword ? generatePassword() : undefined;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const updated = await store.updateUser(
        target.username,
        { passwordHash, role: change.role },
        KEEP_AN_ADMIN,
      );
      if (!updated) throw new AppError("account:not_found", { name: target.username });
      onSessionsEnded(updated.id);
      logger.info("accounts: changed", {
        by: actor.name,
        account: updated.username,
        ...(change.role === undefined ? {} : { role: change.role }),
        passwordReset: password !== undefined,
      });
      return { account: accountSummary(updated), ...(password === undefined ? {} : { password }) };
    });
    res.set("Cache-Control", "no-store");
    res.json(body);
  });

  router.delete("/:username", async (req, res) => {
    const actor = userOf(req);
    await oneAtATime(async () => {
      const target = await findAccount(String(req.params.username));
      await mayChange(actor, target, target.role === "admin");
      if (!(await store.removeUser(target.username, KEEP_AN_ADMIN))) {
        throw new AppError("account:not_found", { name: target.username });
      }
      onSessionsEnded(target.id);
      logger.info("accounts: removed", { by: actor.name, account: target.username });
    });
    res.status(204).end();
  });

  return router;
}
