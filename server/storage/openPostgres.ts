// Opens every store on PostgreSQL: one pool for the instance, the migrations (with LangGraph's checkpointer tables)
// under the advisory lock, and, for a server, its heartbeat with the sweep of answers whose instance is gone and, once
// it serves, the search's folded texts filled in the background (../db/foldBackfill.ts).
import { PgAuthStore } from "../auth/pgStore";
import { PgRunStore } from "../compare/pgRunStore";
import { newInstanceId, Presence } from "../cluster/presence";
import type { Config } from "../config";
import { migrate } from "../db/migrate";
import { MIGRATIONS } from "../db/migrations";
import { SearchFolder } from "../db/foldBackfill";
import { hasSearchTrgmIndex } from "../db/searchFold";
import { openPool, type PgPool } from "../db/postgres";
import { PgJobStore } from "../jobs/pgJobStore";
import { errorDetail, type Logger } from "../log";
import { PgPreferenceStore } from "../quality/pgPreferenceStore";
import { PgWorkbenchStore } from "../workbench/postgres";
import type { OpenStoresOptions, Stores } from "./stores";
import { PgStorage } from "./postgres";
import { PgCheckpointSaver } from "./postgresCheckpointer";

export async function openPostgresStores(
  config: Config,
  logger: Logger,
  options: OpenStoresOptions & { url: string },
): Promise<Stores> {
  const instanceId =
    options.instanceId ?? (options.role === "cli" ? `cli-${newInstanceId()}` : newInstanceId());
  const pool = openPool(options.url, {
    max: config.DATABASE_POOL_SIZE,
    applicationName: `echochamber ${instanceId}`,
    onIdleError: (err) => logger.warn("postgres: an idle connection failed", errorDetail(err)),
  });
  try {
    const checkpointer = new PgCheckpointSaver(pool);
    const { applied, unknown } = await migrate(pool, MIGRATIONS, () => checkpointer.setup());
    if (applied.length) logger.info("postgres: migrations applied", { applied });
    // A server says it from its background folder instead, after trying again to make the index (../db/foldBackfill.ts).
    if (options.role === "cli" && applied.includes("16_search-fold") && !(await hasSearchTrgmIndex(pool)))
      logger.warn(
        "postgres: the pg_trgm extension could not be created; the thread search scans the messages' folded text without a trigram index",
      );
    if (unknown.length)
      logger.warn("postgres: the database has migrations this version does not know", { unknown });
    const storage = new PgStorage(pool, { instanceId, staleMs: config.INSTANCE_STALE_MS });
    let presence: Presence | null = null;
    const folder = options.role === "server" ? new SearchFolder(pool, logger) : null;
    if (options.role === "server") {
      presence = new Presence({
        pool,
        instanceId,
        staleMs: config.INSTANCE_STALE_MS,
        logger,
        afterBeat: async () => {
          const count = await storage.interruptStreaming();
          if (count > 0) logger.warn("answers interrupted: the instance writing them is gone", { count });
        },
      });
      await presence.start();
      await warmPool(pool, config.DATABASE_POOL_SIZE, logger);
    }
    return {
      backend: "postgres",
      instanceId,
      storage,
      checkpointer,
      workbench: { store: new PgWorkbenchStore(pool), jobs: new PgJobStore(pool) },
      auth: new PgAuthStore(pool),
      preferences: new PgPreferenceStore(pool),
      compareRuns: new PgRunStore(pool),
      async ping() {
        await pool.query("SELECT 1");
      },
      startUpkeep() {
        folder?.start();
      },
      async close() {
        await folder?.stop();
        await presence?.stop();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/**
 * Opens the pool's connections before the instance listens. A class whose instance (re)starts reconnects and asks at
 * once: without this, its first turns each waited for a PostgreSQL backend to start (fork, authentication, catalog
 * caches), all together (bench:cluster's first turns, docs/deploy.md).
 */
async function warmPool(pool: PgPool, size: number, logger: Logger): Promise<void> {
  const opened = await Promise.allSettled(Array.from({ length: size }, () => pool.connect()));
  for (const result of opened) if (result.status === "fulfilled") result.value.release();
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === "rejected");
  // The pool opens connections on demand anyway: fewer at start is slower, not broken.
  if (failed) logger.warn("postgres: not every pool connection opened at start", errorDetail(failed.reason));
}
