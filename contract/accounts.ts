// The "Conturi" page's REST payloads (/api/accounts, AUTH=users, admins only) and the rules for account names that
// the page, the server and the users CLI share: how a pasted list is split, which names are valid, how many at once.
import { z } from "zod";
import { ROLES, USERNAME_PATTERN } from "./auth";
import { normalizeLetters } from "./text";

/** Names per request: a class fits, and hashing them (two scrypt hashes at a time) keeps logins waiting seconds, not minutes. */
export const MAX_ACCOUNTS_PER_REQUEST = 50;

/**
 * An account's name as it is kept: Unicode NFC, and the legacy cedilla letters ş ţ as the comma-below ș ț that a
 * Romanian keyboard types, so that a class list pasted from an old document makes accounts its students can log in to.
 */
export function accountName(name: string): string {
  return normalizeLetters(name);
}

/** The names once each, in their order, as accounts keep them: a name typed twice in another case is the same account. */
export function uniqueAccountNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map(accountName).filter((name) => {
    const key = accountNameKey(name);
    if (!name || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The names of a pasted list: one per line or separated by commas or semicolons, each once. Not by spaces: a class
 * list holds full names ("Ștefan Pop"), and splitting them would make an account of each half; a name with a space is
 * refused instead (`account:invalid_name`, which says how to write it).
 */
export function splitAccountNames(text: string): string[] {
  return uniqueAccountNames(text.split(/[\n\r,;]+/u).map((name) => name.trim()));
}

/**
 * True for a name an account may have: 2–40 letters, digits, ".", "_" or "-", not dots alone (".." in an address
 * is the folder above: the page could create such an account and then never reach it).
 */
export function isValidAccountName(name: string): boolean {
  return USERNAME_PATTERN.test(name) && !/^\.+$/.test(name);
}

/** Why a name cannot be an account's, for the page to say as the list is typed (the server says `account:invalid_name`). */
export type AccountNameProblem = "space" | "short" | "long" | "chars" | "dots";

/** The first thing wrong with a name, and the characters it may not hold ("/", "@") for "chars"; null when valid. */
export function accountNameProblem(name: string): { problem: AccountNameProblem; chars?: string } | null {
  if (isValidAccountName(name)) return null;
  if (/\s/u.test(name)) return { problem: "space" };
  const bad = [...new Set(name.match(/[^\p{L}\p{N}._-]/gu) ?? [])];
  if (bad.length > 0) return { problem: "chars", chars: bad.join(" ") };
  if ([...name].length < 2) return { problem: "short" };
  if ([...name].length > 40) return { problem: "long" };
  return { problem: "dots" };
}

/**
 * The key an account name is compared on (server/db/usernameKey.ts stores it): its letters as accounts keep them,
 * lower-cased by JavaScript, so that "Ștefan", "ștefan" and "şTEFAN" are one account on every database, and the page
 * knows which names exist as the server does.
 */
export function accountNameKey(username: string): string {
  return accountName(username).toLowerCase();
}

/** The names of a list that no account may have (said back to the user, in their language, by `account:invalid_name`). */
export function invalidAccountNames(names: readonly string[]): string[] {
  return names.filter((name) => !isValidAccountName(name));
}

const RoleSchema = z.enum(ROLES);

/** POST /api/accounts. Names are checked one by one after the shape, so that the error names the bad ones. */
export const AddAccountsSchema = z
  .object({
    usernames: z.array(z.string().max(200)).min(1).max(MAX_ACCOUNTS_PER_REQUEST),
    role: RoleSchema.default("member"),
  })
  .strict();
export type AddAccountsRequest = z.input<typeof AddAccountsSchema>;

/** PATCH /api/accounts/:username: a new generated password, another role, or both. */
export const ChangeAccountSchema = z
  .object({ resetPassword: z.boolean().optional(), role: RoleSchema.optional() })
  .strict()
  .refine((change) => change.resetPassword === true || change.role !== undefined, {
    message: "resetPassword sau role",
  });
export type ChangeAccountRequest = z.infer<typeof ChangeAccountSchema>;

/** An account as the page lists it: never its password hash. */
export interface AccountSummary {
  id: string;
  username: string;
  role: (typeof ROLES)[number];
  createdAt: string;
  /** The last change of password or role. */
  updatedAt: string;
}

/** GET /api/accounts. */
export interface AccountsResponse {
  accounts: AccountSummary[];
}

/** A generated password, in this answer only: it is stored as a hash and never shown again. */
export interface IssuedPassword {
  username: string;
  role: AccountSummary["role"];
  password: string;
}

/** POST /api/accounts: the accounts made, with their passwords, and the names that were taken already. */
export interface AddAccountsResponse {
  created: IssuedPassword[];
  existing: string[];
}

/** PATCH /api/accounts/:username: the account as it is now, and its new password when one was asked for. */
export interface ChangeAccountResponse {
  account: AccountSummary;
  password?: string;
}
