// The "Conturi" page without React or fetch: who may open it, its place in the address (?page=accounts beside the
// other pages), the add form's names checked as the server checks them, the passwords shown once (kept only in the
// page's memory, merged by account) and the two ways to take them away: tab-separated lines and a CSV file.
import {
  accountNameKey,
  accountNameProblem,
  MAX_ACCOUNTS_PER_REQUEST,
  splitAccountNames,
  type AccountNameProblem,
  type AddAccountsResponse,
  type IssuedPassword,
} from "../../../contract/accounts";
import { hasRole, NEEDED_ROLE, type MeResponse, type Role, type SessionUser } from "../../../contract/auth";
import { csvCell } from "../../../contract/csvCell";
import type { Lang } from "../i18n";
import { accessEn, accessRo } from "../i18nAccess";
import { pageFromSearch, urlWithPage, type Page } from "./compare";

/** The pages of the app: those of the tabs, and the accounts page opened from the account menu. */
export type AppPage = Page | "accounts";

/** Only with accounts as the way in (AUTH=users), and only for admins: the server refuses everyone else. */
export function accountsAllowed(mode: MeResponse["mode"], user: Pick<SessionUser, "role">): boolean {
  return mode === "users" && hasRole(user.role, NEEDED_ROLE.accounts);
}

/** Why the page of the address is not opened for this user: it needs an admin or a member, or accounts are off. */
export type PageRefusal = "admin" | "member" | "accountsOff";

/**
 * Whether the page of the address may be shown, and if not why: a member who opens ?page=corpus is told the page is
 * for administrators (the address keeps saying corpus) rather than shown the chat without a word.
 */
export function pageRefusal(
  page: AppPage,
  mode: MeResponse["mode"],
  user: Pick<SessionUser, "role">,
): PageRefusal | undefined {
  const needed = NEEDED_ROLE[page];
  if (!hasRole(user.role, needed)) return needed === "admin" ? "admin" : "member";
  if (page === "accounts" && !accountsAllowed(mode, user)) return "accountsOff";
  return undefined;
}

export function appPageFromSearch(search: string): AppPage {
  return new URLSearchParams(search).get("page") === "accounts" ? "accounts" : pageFromSearch(search);
}

/** The address with ?page= set for `page` (removed for the chat), the rest kept. */
export function urlWithAppPage(href: string, page: AppPage): string {
  if (page !== "accounts") return urlWithPage(href, page);
  const url = new URL(href);
  url.searchParams.set("page", "accounts");
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The roles a select offers, the usual one for a class first. */
export const ROLE_CHOICES: readonly Role[] = ["member", "guest", "admin"];

/** A name of the list that cannot be an account, with why (said next to the list as it is typed). */
export interface InvalidName {
  name: string;
  problem: AccountNameProblem;
  /** "space": the name written as one ("maria popescu" → "maria.popescu"); "chars": the characters refused. */
  hint?: string;
}

/** The add form's list read as it is typed: what "Creează conturile" sends, and what it leaves out and why. */
export interface NamesReview {
  /** Valid names without an account yet: the count shown and the names sent. */
  add: string[];
  invalid: InvalidName[];
  /** Names that have an account already (as the account is spelled): nothing to create for them. */
  existing: string[];
  /** The requests that will make them: more new names than one request may carry are sent in batches. */
  batches: number;
}

/**
 * The names of the add form checked as the teacher types or pastes, against the rules the server applies and the
 * accounts the page lists, so that "maria popescu" and an existing "ana" are said before anything is sent (the
 * server checks again: another admin may have added "ana" since).
 */
export function reviewNames(text: string, accounts: readonly { username: string }[] = []): NamesReview {
  const known = new Map(accounts.map((a) => [accountNameKey(a.username), a.username]));
  const review: NamesReview = { add: [], invalid: [], existing: [], batches: 0 };
  for (const name of splitAccountNames(text)) {
    const wrong = accountNameProblem(name);
    const account = known.get(accountNameKey(name));
    if (wrong) {
      const hint = wrong.problem === "space" ? name.split(/\s+/u).join(".") : wrong.chars;
      review.invalid.push({ name, problem: wrong.problem, ...(hint ? { hint } : {}) });
    } else if (account !== undefined) review.existing.push(account);
    else review.add.push(name);
  }
  review.batches = Math.ceil(review.add.length / MAX_ACCOUNTS_PER_REQUEST);
  return review;
}

/**
 * Makes the accounts of `names` in requests of at most MAX_ACCOUNTS_PER_REQUEST, one after another (the server hashes
 * two passwords at a time anyway), so that a class of 55 is one click. Each batch's answer is handed to `onBatch`
 * with the count of names sent so far, before the next is sent: when a later batch fails, the passwords of the
 * earlier ones are shown already, and the error is thrown.
 */
export async function addInBatches(
  names: readonly string[],
  add: (usernames: string[]) => Promise<AddAccountsResponse>,
  onBatch: (added: AddAccountsResponse, done: number) => void,
): Promise<void> {
  for (let start = 0; start < names.length; start += MAX_ACCOUNTS_PER_REQUEST) {
    const batch = names.slice(start, start + MAX_ACCOUNTS_PER_REQUEST);
    onBatch(await add(batch), start + batch.length);
  }
}

/** The list left in the box once the new accounts were made: the names still to correct, one a line. */
export function namesLeft(review: NamesReview): string {
  return review.invalid.map((n) => n.name).join("\n");
}

/**
 * Whether closing or reloading the page now would lose passwords: while accounts are being made (their passwords
 * are on the way), or while passwords are shown that were neither copied nor downloaded since the last came in.
 */
export function leavingLosesPasswords(page: { adding: boolean; shown: number; kept: boolean }): boolean {
  return page.adding || (page.shown > 0 && !page.kept);
}

/** The passwords shown, with the newest for an account replacing an older one (a reset after an add). */
export function mergeIssued(
  shown: readonly IssuedPassword[],
  fresh: readonly IssuedPassword[],
): IssuedPassword[] {
  const key = (p: IssuedPassword) => p.username.toLocaleLowerCase("ro");
  const replaced = new Set(fresh.map(key));
  return [...shown.filter((p) => !replaced.has(key(p))), ...fresh];
}

/** "Copiază": one `name<TAB>password` line per account, as a spreadsheet or a mail program pastes it. */
export function issuedAsLines(issued: readonly IssuedPassword[]): string {
  return issued.map((p) => `${p.username}\t${p.password}`).join("\n") + "\n";
}

// The roles as the page names them (membru, administrator, invitat in Romanian), so that the file reads as the page.
const ROLE_WORDS: Record<Lang, Record<`access.role.${Role}`, string>> = { ro: accessRo, en: accessEn };

const CSV_HEADER: Record<Lang, string[]> = {
  ro: ["utilizator", "parola", "rol", "adresa"],
  en: ["username", "password", "role", "address"],
};

/**
 * "Descarcă CSV": a header and one row per account with the app's address, for a mail merge or printed slips.
 * UTF-8 with a byte-order mark (Excel keeps the diacritics of names), comma-separated, as server/export/csv.ts writes;
 * the header and the roles in the page's language.
 */
export function issuedAsCsv(issued: readonly IssuedPassword[], address: string, lang: Lang): string {
  const role = (r: Role) => ROLE_WORDS[lang][`access.role.${r}`];
  const rows = [CSV_HEADER[lang], ...issued.map((p) => [p.username, p.password, role(p.role), address])];
  return "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

/** The CSV's file name, with the day it was made: `conturi-2026-03-01.csv`. */
export function csvFileName(now: Date, lang: Lang): string {
  return `${lang === "ro" ? "conturi" : "accounts"}-${now.toISOString().slice(0, 10)}.csv`;
}

const LOCALES: Record<Lang, string> = { ro: "ro-RO", en: "en-GB" };

/** A creation or change time as the table shows it: day and hour in the page's language. */
export function formatWhen(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "medium", timeStyle: "short" }).format(date);
}
