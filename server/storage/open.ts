// The one place that chooses where an instance keeps its data: SQLite files in DATA_DIR (the default: one process, no
// server to run), or PostgreSQL when DATABASE_URL is set (a class deployment: every store, migrated at start, and
// this instance's heartbeat). The server, the CLI and the tests open their stores here.
import path from "node:path";
import type { Config } from "../config";
import { SqliteJobStore } from "../jobs/sqliteJobStore";
import type { Logger } from "../log";
import { SqliteRunStore } from "../compare/sqliteRunStore";
import { newInstanceId } from "../cluster/presence";
import { SqlitePreferenceStore } from "../quality/preferenceStore";
import { SqliteWorkbenchStore } from "../workbench/sqlite";
import { openCheckpointer } from "./checkpointer";
import { SqliteStorage } from "./sqlite";
import type { OpenStoresOptions, Stores } from "./stores";
import { errorSummary, redactUrl, ServiceUnreachable } from "../startupErrors";

export type { OpenStoresOptions, Stores } from "./stores";

/**
 * Errors that mean PostgreSQL could not be reached or would not let us in (the address, the server down, the password,
 * a database not created), as opposed to a fault in the stores themselves.
 */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "28P01", // password authentication failed
  "28000", // no pg_hba.conf entry
  "3D000", // database does not exist
]);

function cannotReach(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && UNREACHABLE.has(code)) return true;
  // pg's own timeout while connecting has no code.
  return (
    err instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(err.message)
  );
}

export async function openStores(
  config: Config,
  logger: Logger,
  options: OpenStoresOptions,
): Promise<Stores> {
  if (config.DATABASE_URL) {
    // Loaded only here, so that the default start-up does not pay for PostgreSQL's modules.
    const { openPostgresStores } = await import("./openPostgres");
    try {
      return await openPostgresStores(config, logger, { ...options, url: config.DATABASE_URL });
    } catch (err) {
      if (!cannotReach(err)) throw err;
      throw new ServiceUnreachable("DATABASE_URL", redactUrl(config.DATABASE_URL), errorSummary(err));
    }
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const dbFile = options.dbFile ?? path.join(dataDir, "echochamber.db");
  const storage = new SqliteStorage(dbFile);
  const checkpointer = openCheckpointer(path.dirname(dbFile));
  const store = new SqliteWorkbenchStore(dbFile);
  const jobs = new SqliteJobStore(store.db);
  const preferences = new SqlitePreferenceStore(dbFile);
  const compareRuns = new SqliteRunStore(dbFile);
  return {
    backend: "sqlite",
    instanceId: options.instanceId ?? `${options.role === "cli" ? "cli-" : ""}${newInstanceId()}`,
    storage,
    checkpointer,
    workbench: { store, jobs },
    preferences,
    compareRuns,
    // A SQLite file answers whenever the process does.
    ping: async () => undefined,
    async close() {
      await storage.close();
      await store.close();
      await preferences.close();
      await compareRuns.close();
    },
  };
}
