// The thread search's folded texts filled in the background (migration 16, ./searchFold.ts): the rows without a fold
// (every row of a database that ran the migration, then those an older instance wrote during a rolling restart) are
// folded FOLD_BATCH at a time, each batch one short statement, while the instance serves; the search reads such rows and
// folds them itself meanwhile (server/storage/postgres.ts searchThreads), so its results do not change, only its speed.
// The trigram index is made here too where it is missing (pg_trgm installed since, or a build interrupted). One instance
// of a class deployment does this at a time, under an advisory lock; the others skip their turn.
import { foldForSearch } from "../../contract/threadSearch";
import { errorDetail, type Logger } from "../log";
import type { PgClient, PgPool } from "./postgres";
import { FOLD_BATCH, isTrgmRefusal, SEARCH_TRGM_INDEX, searchTrgmIndexState } from "./searchFold";

/** The advisory lock's key ("echofol" in ASCII), apart from the migrations' (./migrate.ts MIGRATION_LOCK). */
export const FOLD_LOCK = 0x6563686f666f6c;

/** How often an instance looks for rows without a fold after its first pass. */
export const FOLD_EVERY_MS = 5 * 60_000;

/**
 * Read in the order of `order`, a keyset after the last batch read, each table in that of its partial index of rows
 * without a fold (migration 16's messages_unfolded, on thread_id; migration 17's threads_unfolded, on id), so that a
 * pass reads only those rows (none, most of the time) and each batch starts where the last ended rather than walking
 * again the index entries of rows folded already (left there until a vacuum).
 */
export const FOLD_TABLES = [
  { table: "messages", source: "text", target: "text_fold", order: "thread_id, id" },
  { table: "threads", source: "title", target: "title_fold", order: "id" },
] as const;
type FoldTable = (typeof FOLD_TABLES)[number];
type Table = FoldTable["table"];

/**
 * The statement reading a batch of a table's rows without a fold: $1 the keyset of the last row read (null: from the
 * start), $2 how many. The test and the benchmark read its plan.
 */
export function unfoldedBatch({ table, source, target, order }: FoldTable): string {
  const keys = order.split(", ");
  return `SELECT id, ${source} AS value, ARRAY[${order}] AS key FROM ${table}
         WHERE ${target} IS NULL AND ($1::text[] IS NULL OR (${order}) > (${keys.map((_, k) => `$1[${k + 1}]`).join(", ")}))
         ORDER BY ${order} LIMIT $2`;
}

export interface FoldReport {
  /** Rows given their fold. */
  messages: number;
  threads: number;
  /** Rows read and left alone: changed (or being changed) since they were read; the next pass takes them. */
  skipped: number;
  /** What was done about the trigram index on this pass ("present": nothing). */
  index: "present" | "created" | "rebuilt" | "refused" | "not tried";
}

export interface SearchFolderOptions {
  batch?: number;
  everyMs?: number;
  /** Also makes the trigram index where missing or invalid (the first pass of an instance). */
  index?: boolean;
  /** Tests only: runs between a batch's read and its write. */
  afterRead?: (table: Table, ids: string[]) => Promise<void>;
}

export class SearchFolder {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<FoldReport | null> | undefined;
  /** The backend building the trigram index, cancelled by stop() (an interrupted build is redone at the next start). */
  private buildingPid: number | undefined;
  private refusalTold = false;

  constructor(
    private readonly pool: PgPool,
    private readonly logger: Logger,
    private readonly options: SearchFolderOptions = {},
  ) {}

  /** A pass now (with the index), then one every everyMs until stop(). */
  start(): void {
    const every = this.options.everyMs ?? FOLD_EVERY_MS;
    const pass = (index: boolean) => {
      if (this.stopped) return;
      void this.run({ index }).finally(() => {
        if (this.stopped) return;
        // Every pass looks at the index too (a cheap check when it is there): a build another instance had begun
        // and a restart cancelled is made again here rather than at this instance's next start.
        this.timer = setTimeout(() => pass(true), every);
        this.timer.unref();
      });
    };
    pass(true);
  }

  /**
   * One pass, if no other instance is doing one (then null). Errors are logged, not thrown: the search stays correct
   * without the folds, and the next pass tries again.
   */
  async run({ index = this.options.index ?? false }: { index?: boolean } = {}): Promise<FoldReport | null> {
    if (this.stopped) return null;
    if (this.running) return this.running;
    this.running = this.pass(index)
      .catch((err: unknown) => {
        if (!this.stopped) this.logger.warn("postgres: folding the search's texts failed", errorDetail(err));
        return null;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** No pass starts after this, the one running ends after its current batch (an index build is cancelled). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.buildingPid !== undefined)
      await this.pool.query("SELECT pg_cancel_backend($1)", [this.buildingPid]).catch(() => undefined);
    await this.running;
  }

  private async pass(index: boolean): Promise<FoldReport | null> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1) AS got", [
        FOLD_LOCK,
      ]);
      if (!rows[0]?.got) return null;
      try {
        const t0 = performance.now();
        const report: FoldReport = { messages: 0, threads: 0, skipped: 0, index: "not tried" };
        // A batch's commit not waiting for its flush to disk (a wait per batch): a fold lost in a crash is only a row
        // left without one, which the search folds itself and the next pass writes again.
        await client.query("SET synchronous_commit = off");
        try {
          for (const spec of FOLD_TABLES) {
            const { folded, skipped } = await this.foldTable(client, spec);
            report[spec.table] = folded;
            report.skipped += skipped;
          }
        } finally {
          await client.query("RESET synchronous_commit");
        }
        if (index && !this.stopped) report.index = await this.ensureIndex(client);
        if (report.messages + report.threads + report.skipped > 0)
          this.logger.info("postgres: the search's folded texts written", {
            ...report,
            ms: Math.round(performance.now() - t0),
          });
        return report;
      } finally {
        // An unlock that fails (the connection broke) must not hide why the pass failed: the connection is then not
        // given back, which ends its session and so the lock.
        await client.query("SELECT pg_advisory_unlock($1)", [FOLD_LOCK]).catch((err: unknown) => {
          broken = err instanceof Error ? err : new Error(String(err));
        });
      }
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      // A connection that failed mid-pass is not given back (it may still hold the lock).
      client.release(broken);
    }
  }

  /**
   * The rows of `table` without a fold, in the order of `order` (FOLD_TABLES), FOLD_BATCH at a time: each batch read, folded here,
   * and written in one statement, only to rows whose text is still the one read and that nobody holds (SKIP LOCKED: a
   * row being saved is left to its writer, which folds it, or to the next pass), so that an edit is never overwritten
   * with the fold of the text before it and the folder never waits on a row another statement holds.
   */
  private async foldTable(client: PgClient, spec: FoldTable): Promise<{ folded: number; skipped: number }> {
    const { table, source, target } = spec;
    const batch = this.options.batch ?? FOLD_BATCH;
    let after: string[] | null = null;
    let folded = 0;
    let skipped = 0;
    while (!this.stopped) {
      const { rows }: { rows: { id: string; value: string; key: string[] }[] } = await client.query(
        unfoldedBatch(spec),
        [after, batch],
      );
      if (rows.length === 0) break;
      await this.options.afterRead?.(
        table,
        rows.map((r) => r.id),
      );
      if (this.stopped) break;
      const { rowCount } = await client.query(
        `WITH read AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS f(id, value, fold)),
           still AS (SELECT t.id, read.fold FROM ${table} t JOIN read ON t.id = read.id AND t.${source} = read.value
                     WHERE t.${target} IS NULL FOR UPDATE OF t SKIP LOCKED)
         UPDATE ${table} SET ${target} = still.fold FROM still WHERE ${table}.id = still.id`,
        [rows.map((r) => r.id), rows.map((r) => r.value), rows.map((r) => foldForSearch(r.value))],
      );
      folded += rowCount ?? 0;
      skipped += rows.length - (rowCount ?? 0);
      after = rows[rows.length - 1]!.key;
      if (rows.length < batch) break;
      // Between batches, the instance's requests go first.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { folded, skipped };
  }

  /**
   * The trigram index made where missing, outside any transaction (CREATE INDEX CONCURRENTLY: writes go on meanwhile);
   * one left invalid by an interrupted build dropped and made again. A database that refuses pg_trgm is told once.
   */
  private async ensureIndex(client: PgClient): Promise<FoldReport["index"]> {
    // The connection's pid known before anything that may take long, and stop() checked after it is: a stop from then
    // on cancels the statement, one before it is seen here.
    this.buildingPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    try {
      if (this.stopped) return "not tried";
      const state = await searchTrgmIndexState(client);
      if (state === "valid") return "present";
      if (state === "invalid") await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${SEARCH_TRGM_INDEX}`);
      if (this.stopped) return "not tried";
      const t0 = performance.now();
      try {
        await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
        if (this.stopped) return "not tried";
        await client.query(
          `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${SEARCH_TRGM_INDEX} ON messages USING gin (text_fold gin_trgm_ops)`,
        );
      } catch (err) {
        if (!isTrgmRefusal(err)) throw err;
        if (!this.refusalTold)
          this.logger.warn(
            "postgres: the pg_trgm extension could not be created; the thread search scans the messages' folded text without a trigram index",
          );
        this.refusalTold = true;
        return "refused";
      }
      const made = state === "invalid" ? "rebuilt" : "created";
      this.logger.info("postgres: the thread search's trigram index made", {
        index: SEARCH_TRGM_INDEX,
        made,
        ms: Math.round(performance.now() - t0),
      });
      return made;
    } finally {
      this.buildingPid = undefined;
    }
  }
}
