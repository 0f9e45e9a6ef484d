// The key an account name is compared on, the same on SQLite and PostgreSQL: the name lower-cased by JavaScript, so
// that "Ștefan" and "ștefan" are one account whatever the database's own rules (SQLite's NOCASE folds ASCII letters
// only; PostgreSQL's lower() follows the database's locale, ASCII only under "C").
import { accountNameKey } from "../../contract/accounts";

/** The key itself, defined with the account names' rules so that the page compares names as the stores do. */
export const usernameKey = accountNameKey;

/**
 * The keys of accounts made before there were keys, oldest first. Two accounts that were told apart only by the case
 * of a non-ASCII letter both stay, each found by its exact name: the older keeps the key, the newer gets one of its own
 * (key and id), so that no third spelling can be added.
 */
export function backfillKeys(
  accounts: { id: string; username: string }[],
  taken: (key: string) => boolean,
): { id: string; key: string }[] {
  const given = new Set<string>();
  return accounts.map(({ id, username }) => {
    const key = usernameKey(username);
    const free = !given.has(key) && !taken(key);
    given.add(key);
    return { id, key: free ? key : `${key}\u0000${id}` };
  });
}

/**
 * The keys that an earlier rule made and today's would make otherwise (a name kept with the cedilla "ş" before keys
 * folded it to "ș"): the new key for each, when no account holds it already. A key that had to be made unique (the
 * id after a NUL) stays as it is.
 */
export function staleKeys(
  accounts: { id: string; username: string; key: string | null }[],
  taken: (key: string) => boolean,
): { id: string; key: string }[] {
  const given = new Set<string>();
  const changes: { id: string; key: string }[] = [];
  for (const { id, username, key } of accounts) {
    const fresh = usernameKey(username);
    if (key === null || key === fresh || key.includes("\u0000")) continue;
    if (given.has(fresh) || taken(fresh)) continue;
    given.add(fresh);
    changes.push({ id, key: fresh });
  }
  return changes;
}
