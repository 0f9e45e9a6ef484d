// Migration 16: the folded text of every message (messages.text_fold) and thread title (threads.title_fold), which
// the thread search compares inside PostgreSQL (server/storage/postgres.ts searchThreads). They are folded in Node by
// contract/threadSearch.ts's foldForSearch, as SQLite folds them: PostgreSQL's lower() follows the database's locale
// and unaccent is an extension a managed database may lack. Existing rows are folded here a batch at a time; new ones
// are written folded with each insert and update. Only adds: a row an instance on the older code writes during a
// rolling restart has no fold (NULL), and the search reads such rows and folds them itself.
import { foldForSearch } from "../../contract/threadSearch";
import type { PgClient } from "./postgres";

/** Rows folded per round trip while backfilling. */
export const FOLD_BATCH = 500;

/** The trigram index of the messages' folded text, made only where the pg_trgm extension could be created. */
export const SEARCH_TRGM_INDEX = "messages_text_fold_trgm";

export async function addSearchFolds(client: PgClient): Promise<void> {
  await client.query("ALTER TABLE messages ADD COLUMN text_fold TEXT");
  await client.query("ALTER TABLE threads ADD COLUMN title_fold TEXT");
  await backfill(client, "messages", "text", "text_fold");
  await backfill(client, "threads", "title", "title_fold");
  // The rows still to be folded by the search (written by an older instance): found without reading the others.
  await client.query("CREATE INDEX messages_unfolded ON messages(thread_id) WHERE text_fold IS NULL");
  // A savepoint: a refused CREATE EXTENSION (a managed database, no rights) would otherwise abort the migration. The
  // search then scans the folded texts inside PostgreSQL; openPostgres.ts says so once, when this migration runs.
  await client.query("SAVEPOINT search_trgm");
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    await client.query(`CREATE INDEX ${SEARCH_TRGM_INDEX} ON messages USING gin (text_fold gin_trgm_ops)`);
    await client.query("RELEASE SAVEPOINT search_trgm");
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT search_trgm");
  }
}

/** Folds `source` into `target` for every row, FOLD_BATCH rows at a time in the order of their ids. */
async function backfill(
  client: PgClient,
  table: "messages" | "threads",
  source: "text" | "title",
  target: "text_fold" | "title_fold",
): Promise<void> {
  let after = "";
  for (;;) {
    const { rows } = await client.query<{ id: string; value: string }>(
      `SELECT id, ${source} AS value FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, FOLD_BATCH],
    );
    if (rows.length === 0) return;
    await client.query(
      `UPDATE ${table} SET ${target} = f.fold FROM unnest($1::text[], $2::text[]) AS f(id, fold)
       WHERE ${table}.id = f.id`,
      [rows.map((r) => r.id), rows.map((r) => foldForSearch(r.value))],
    );
    after = rows[rows.length - 1]!.id;
    if (rows.length < FOLD_BATCH) return;
  }
}

/** Whether the database has the trigram index (pg_trgm could be created when migration 16 ran). */
export async function hasSearchTrgmIndex(client: Pick<PgClient, "query">): Promise<boolean> {
  const { rows } = await client.query("SELECT 1 FROM pg_indexes WHERE indexname = $1", [SEARCH_TRGM_INDEX]);
  return rows.length > 0;
}
