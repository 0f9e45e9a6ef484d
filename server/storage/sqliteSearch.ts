// The thread search on SQLite (GET /api/threads/search): which threads hold the folded query in their title or in a
// message. Messages are found through an FTS5 trigram index of their folded text (`messages_fold`), which a substring
// query of 3 characters or more can use; shorter queries, and the titles, are read and folded as before. Both ways
// fold with contract/threadSearch.ts's foldForSearch and compare plain substrings, so they find the same threads
// (tests/integration/sqliteSearchIndex.test.ts; the figures: bench/threadSearch.ts, README "Benchmarks").
import type Database from "better-sqlite3";
import {
  foldForSearch,
  foldQuery,
  searchHit,
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

/** The folded query as an FTS5 phrase: in double quotes, its own doubled, so that nothing in it is query syntax. */
function phrase(foldedQuery: string): string {
  return `"${foldedQuery.replace(/"/g, '""')}"`;
}

export type SearchWay = "index" | "scan";

/**
 * The threads whose title or a message holds the query, newest first, each with its first matching message's
 * excerpt. The index serves whenever it can (a query of 3 characters or more); `way: "scan"` forces the scan it
 * replaced, for the benchmark and the test that both find the same.
 */
export function searchThreadsSqlite(
  sql: (text: string) => Database.Statement,
  query: string,
  { userId, limit = 30 }: OwnerFilter & { limit?: number } = {},
  way?: SearchWay,
): ThreadSearchHit[] {
  const q = foldQuery(query);
  if (!q) return [];
  // A query too short for trigrams is scanned whatever `way` says.
  const indexed = way !== "scan" && [...q].length >= INDEXED_MIN_CHARS;
  const messageMatch = indexed
    ? `t.id IN (SELECT m.thread_id FROM messages_fold f JOIN messages m ON m.rowid = f.rowid
         WHERE messages_fold MATCH @phrase)`
    : `EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND instr(search_fold(m.text), @q) > 0)`;
  const rows = sql(
    `SELECT * FROM threads t WHERE (@userId IS NULL OR t.user_id = @userId)
       AND (instr(search_fold(t.title), @q) > 0 OR ${messageMatch})
     ORDER BY t.updated_at DESC LIMIT @limit`,
  ).all({ userId: userId ?? null, q, limit, ...(indexed ? { phrase: phrase(q) } : {}) }) as ThreadRow[];
  // A found thread's first matching message: a thread's few messages, read and folded.
  const firstMatch = sql(
    `SELECT id, role, text FROM messages WHERE thread_id = ? AND instr(search_fold(text), ?) > 0
     ORDER BY created_at, rowid LIMIT 1`,
  );
  return rows.flatMap((row) => {
    const message = firstMatch.get(row.id, q) as SearchableMessage | undefined;
    return searchHit(toThread(row), message ? [message] : [], q) ?? [];
  });
}
