// Migration 16: the folded text of every message (messages.text_fold) and thread title (threads.title_fold), which
// the thread search compares inside PostgreSQL (server/storage/postgres.ts searchThreads). They are folded in Node by
// contract/threadSearch.ts's foldForSearch, as SQLite folds them: PostgreSQL's lower() follows the database's locale
// and unaccent is an extension a managed database may lack. The migration only adds the columns: existing rows are
// folded afterwards, in the background, a batch at a time (./foldBackfill.ts), so that it locks nothing for long; new
// ones are written folded with each insert and update. A row an instance on the older code inserts during a rolling
// restart has no fold (NULL), and one it updates (an answer streaming, a title renamed) has its fold emptied by a
// trigger, since the old code changes the text and not the fold: the search reads such rows and folds them itself
// until the background folder has folded them.
import type { PgClient } from "./postgres";

/** Rows folded per statement by the background folder. */
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
  await addFoldUpkeep(client);
}

/** Migration 16 after its columns: the partial index, the triggers, the trigram index (bench:search-fold-pg too). */
export async function addFoldUpkeep(client: PgClient): Promise<void> {
  // The rows still to be folded (all of them now, then those an older instance writes): found by the search and the
  // background folder without reading the others.
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
  // search then scans the folded texts inside PostgreSQL; openPostgres.ts says so once, when this migration runs. The
  // index is tried again at each server's start where missing (./foldBackfill.ts, CREATE INDEX CONCURRENTLY).
  await client.query("SAVEPOINT search_trgm");
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    await client.query(`CREATE INDEX ${SEARCH_TRGM_INDEX} ON messages USING gin (text_fold gin_trgm_ops)`);
    await client.query("RELEASE SAVEPOINT search_trgm");
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT search_trgm");
    // Only what a database that will not have the extension answers; anything else (a full disk) fails the migration.
    if (!isTrgmRefusal(err)) throw err;
  }
}

/** Whether a refused trigram index (the extension unavailable) is what `err` says. */
export function isTrgmRefusal(err: unknown): boolean {
  return TRGM_REFUSALS.has((err as { code?: string } | null)?.code ?? "");
}

/**
 * The trigram index: absent, valid, or invalid (left by an interrupted CREATE INDEX CONCURRENTLY, or being built:
 * the planner does not use it either way).
 */
export async function searchTrgmIndexState(
  client: Pick<PgClient, "query">,
): Promise<"absent" | "valid" | "invalid"> {
  const { rows } = await client.query<{ valid: boolean }>(
    "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)",
    [SEARCH_TRGM_INDEX],
  );
  return rows[0] === undefined ? "absent" : rows[0].valid ? "valid" : "invalid";
}

/** Whether the database has the trigram index, usable (pg_trgm could be created, the index built to the end). */
export async function hasSearchTrgmIndex(client: Pick<PgClient, "query">): Promise<boolean> {
  return (await searchTrgmIndexState(client)) === "valid";
}
