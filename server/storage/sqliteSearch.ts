// The thread search on SQLite (GET /api/threads/search): which threads hold every folded term of the query in their
// title or in a message (contract/threadSearch.ts's queryTerms). Messages are found through an FTS5 trigram index of
// their folded text (`messages_fold`), which a term of 3 characters or more can use; shorter terms, and the titles,
// are read and folded as before. Both ways fold with foldForSearch and compare plain substrings (a term under three
// characters only where a word starts, by the contract's holdsTerm called from SQL), so they find the same threads (tests/integration/sqliteSearchIndex.test.ts; the figures: bench/threadSearch.ts, README "Benchmarks").
import type Database from "better-sqlite3";
import {
  atWordStartOnly,
  foldForSearch,
  foundHit,
  queryTerms,
  type SearchableMessage,
  type ThreadSearchHit,
} from "../../contract/threadSearch";
import type { ThreadRow } from "./rows";
import { toThread } from "./rows";
import type { OwnerFilter } from "./types";

/**
 * A contentless index (the folded text is not stored twice), its rows by the message's rowid. `case_sensitive 1`:
 * the text is folded already (lower case, no diacritics), and folding it again by FTS5's own rules could differ.
 */
const INDEX_SCHEMA = `
CREATE VIRTUAL TABLE messages_fold USING fts5(text, tokenize = 'trigram case_sensitive 1', content = '',
  contentless_delete = 1);
CREATE TRIGGER messages_fold_delete AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fold WHERE rowid = old.rowid;
END;`;

/** A trigram index answers substring queries of at least three characters. */
const INDEXED_MIN_CHARS = 3;

/**
 * The search's statements differ by their number of terms: those of queries of up to this many are kept compiled (the
 * queries typed), longer ones (a sentence pasted) are compiled for the one search, not kept for ever.
 */
const CACHED_TERMS = 4;

/**
 * Makes the index on a database that has none (a new one, or one made by an earlier version) and fills it from the
 * messages there; remakes it when it does not hold the messages' rows (messages written by an earlier version after
 * this one had indexed the file, or rowids changed by a dump and restore): the same number of rows and the same
 * highest rowid, checked on open. Needs the `search_fold` SQL function. Writes keep it up to date through
 * `indexMessage`; deletions, including a thread's cascade, through the trigger.
 */
export function ensureSearchIndex(db: Database.Database): void {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages_fold'")
    .get();
  if (exists && indexHoldsMessages(db)) return;
  db.transaction(() => {
    if (exists) db.exec("DROP TRIGGER IF EXISTS messages_fold_delete; DROP TABLE messages_fold;");
    db.exec(INDEX_SCHEMA);
    db.exec("INSERT INTO messages_fold (rowid, text) SELECT rowid, search_fold(text) FROM messages");
  })();
}

/** Whether the index has one row per message, up to the same rowid (its `_docsize` shadow table: a row per entry). */
function indexHoldsMessages(db: Database.Database): boolean {
  const figures = (table: string, key: string) =>
    db.prepare(`SELECT count(*) AS n, max(${key}) AS top FROM ${table}`).get() as {
      n: number;
      top: number | null;
    };
  const messages = figures("messages", "rowid");
  const indexed = figures("messages_fold_docsize", "id");
  return messages.n === indexed.n && messages.top === indexed.top;
}

/** (Re)indexes one message's text, after it was inserted or its text changed; inside the write's transaction. */
export function indexMessage(sql: (text: string) => Database.Statement, id: string, text: string): void {
  const row = sql("SELECT rowid FROM messages WHERE id = ?").get(id) as { rowid: number } | undefined;
  if (!row) return;
  sql("DELETE FROM messages_fold WHERE rowid = ?").run(row.rowid);
  sql("INSERT INTO messages_fold (rowid, text) VALUES (?, ?)").run(row.rowid, foldForSearch(text));
}

/** A folded term as an FTS5 phrase: in double quotes, its own doubled, so that nothing in it is query syntax. */
function phrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Whether the folded text `folded` (an SQL expression) holds the term bound as `param`, 0 or 1: a plain substring for
 * a term of 3 characters or more, the contract's holdsTerm (search_holds: only where a word starts) for a shorter one.
 */
function holdsSql(folded: string, param: string, term: string): string {
  return atWordStartOnly(term) ? `search_holds(${folded}, ${param})` : `(instr(${folded}, ${param}) > 0)`;
}

export type SearchWay = "index" | "scan";

/** Compiles a statement: `cached` keeps it for the next search, `once` does not. */
export interface SearchStatements {
  cached: (text: string) => Database.Statement;
  once: (text: string) => Database.Statement;
}

/**
 * The threads whose title or messages hold every term of the query (each in the title or in any message), newest
 * first, each with an excerpt of its message holding the most terms. The index serves each term it can (3 characters
 * or more); `way: "scan"` forces the scan it replaced, for the benchmark and the test that both find the same. Needs
 * the SQL functions search_fold and search_holds (./sqlite.ts registers them).
 */
export function searchThreadsSqlite(
  statements: SearchStatements,
  query: string,
  { userId, limit = 30 }: OwnerFilter & { limit?: number } = {},
  way?: SearchWay,
): ThreadSearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  // Long terms first, so that the statements' texts depend only on how many terms of each kind there are.
  const ordered = [...terms].sort((a, b) => Number(atWordStartOnly(a)) - Number(atWordStartOnly(b)));
  const sql = terms.length <= CACHED_TERMS ? statements.cached : statements.once;
  // Terms the index serves first, for the same reason. Short ones (under 3 characters: too short for a trigram, and
  // found only where a word starts) are compared by the contract's own holdsTerm.
  const indexed = ordered.filter((t) => way !== "scan" && [...t].length >= INDEXED_MIN_CHARS);
  const scanned = ordered.filter((t) => !indexed.includes(t));
  const params: Record<string, string | number | null> = { userId: userId ?? null, limit };
  const holds = [
    ...indexed.map((term, k) => {
      params[`i${k}`] = term;
      params[`p${k}`] = phrase(term);
      return `(${holdsSql("search_fold(t.title)", `@i${k}`, term)} OR t.id IN (SELECT m.thread_id FROM messages_fold f
         JOIN messages m ON m.rowid = f.rowid WHERE messages_fold MATCH @p${k}))`;
    }),
    ...scanned.map((term, k) => {
      params[`s${k}`] = term;
      return `(${holdsSql("search_fold(t.title)", `@s${k}`, term)} OR EXISTS (SELECT 1 FROM messages m
         WHERE m.thread_id = t.id AND ${holdsSql("search_fold(m.text)", `@s${k}`, term)}))`;
    }),
  ];
  const rows = sql(
    `SELECT * FROM threads t WHERE (@userId IS NULL OR t.user_id = @userId) AND ${holds.join(" AND ")}
     ORDER BY t.updated_at DESC LIMIT @limit`,
  ).all(params) as ThreadRow[];
  // A found thread's message holding the most terms: a thread's few messages, each folded once.
  const named = ordered.map((_, k) => `@t${k}`);
  const best = sql(
    `WITH m AS MATERIALIZED (SELECT id, role, text, created_at, rowid AS r, search_fold(text) AS folded
       FROM messages WHERE thread_id = @thread)
     SELECT id, role, text FROM (SELECT *, ${ordered.map((term, k) => holdsSql("folded", named[k]!, term)).join(" + ")} AS held FROM m)
     WHERE held > 0 ORDER BY held DESC, created_at, r LIMIT 1`,
  );
  const termParams = Object.fromEntries(ordered.map((term, k) => [`t${k}`, term]));
  return rows.map((row) => {
    const message = best.get({ ...termParams, thread: row.id }) as SearchableMessage | undefined;
    return foundHit(toThread(row), message, terms);
  });
}
