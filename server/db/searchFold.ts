// Migration 16: the folded text of every message (messages.text_fold) and thread title (threads.title_fold), which
// the thread search compares inside PostgreSQL (server/storage/postgres.ts searchThreads). They are folded in Node by
// contract/threadSearch.ts's foldForSearch, as SQLite folds them: PostgreSQL's lower() follows the database's locale
// and unaccent is an extension a managed database may lack. Existing rows are folded here a batch at a time; new ones
// are written folded with each insert and update. A row an instance on the older code inserts during a rolling
// restart has no fold (NULL), and one it updates (an answer streaming, a title renamed) has its fold emptied by a
// trigger, since the old code changes the text and not the fold: the search reads such rows and folds them itself.
import { foldForSearch } from "../../contract/threadSearch";
import type { PgClient } from "./postgres";

/** Rows folded per round trip while backfilling. */
export const FOLD_BATCH = 500;

/** The trigram index of the messages' folded text, made only where the pg_trgm extension could be created. */
export const SEARCH_TRGM_INDEX = "messages_text_fold_trgm";

/**
 * SQLSTATEs of a refused trigram index: no rights (42501), the extension not installed (58P01) or not allowed
 * (0A000), its operator class not found on the search path (42704).
 */
const TRGM_REFUSALS = new Set(["42501", "58P01", "0A000", "42704"]);

export async function addSearchFolds(client: PgClient): Promise<void> {
  await client.query("ALTER TABLE messages ADD COLUMN text_fold TEXT");
  await client.query("ALTER TABLE threads ADD COLUMN title_fold TEXT");
  await backfill(client, "messages", "text", "text_fold");
  await backfill(client, "threads", "title", "title_fold");
  // The rows still to be folded by the search (written by an older instance): found without reading the others.
  await client.query("CREATE INDEX messages_unfolded ON messages(thread_id) WHERE text_fold IS NULL");
  // A text changed without its fold (the older code's save and rename) leaves the fold empty rather than stale.
  await client.query(`CREATE FUNCTION echochamber_fold_stale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'messages' THEN NEW.text_fold := NULL; ELSE NEW.title_fold := NULL; END IF;
      RETURN NEW;
    END $$`);
  await client.query(`CREATE TRIGGER messages_fold_stale BEFORE UPDATE OF text ON messages FOR EACH ROW
    WHEN (NEW.text IS DISTINCT FROM OLD.text AND NEW.text_fold IS NOT DISTINCT FROM OLD.text_fold)
    EXECUTE FUNCTION echochamber_fold_stale()`);
  await client.query(`CREATE TRIGGER threads_fold_stale BEFORE UPDATE OF title ON threads FOR EACH ROW
    WHEN (NEW.title IS DISTINCT FROM OLD.title AND NEW.title_fold IS NOT DISTINCT FROM OLD.title_fold)
    EXECUTE FUNCTION echochamber_fold_stale()`);
  // A savepoint: a refused CREATE EXTENSION (a managed database, no rights) would otherwise abort the migration. The
  // search then scans the folded texts inside PostgreSQL; openPostgres.ts says so once, when this migration runs.
  await client.query("SAVEPOINT search_trgm");
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    await client.query(`CREATE INDEX ${SEARCH_TRGM_INDEX} ON messages USING gin (text_fold gin_trgm_ops)`);
    await client.query("RELEASE SAVEPOINT search_trgm");
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT search_trgm");
    // Only what a database that will not have the extension answers; anything else (a full disk) fails the migration.
    if (!TRGM_REFUSALS.has((err as { code?: string }).code ?? "")) throw err;
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
