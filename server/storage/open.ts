// The one place that chooses where an instance keeps its data: SQLite files in DATA_DIR (the default: one process, no
// server to run), or PostgreSQL when DATABASE_URL is set (a class deployment: every store, migrated at start, and
// this instance's heartbeat). The server, the CLI and the tests open their stores here.
import path from "node:path";
import type { Config } from "../config";
import { SqliteJobStore } from "../jobs/sqliteJobStore";
import type { Logger } from "../log";
import { SqlitePreferenceStore } from "../quality/preferenceStore";
import { SqliteWorkbenchStore } from "../workbench/sqlite";
import { openCheckpointer } from "./checkpointer";
import { SqliteStorage } from "./sqlite";
import type { OpenStoresOptions, Stores } from "./stores";

export type { OpenStoresOptions, Stores } from "./stores";

export async function openStores(
  config: Config,
  logger: Logger,
  options: OpenStoresOptions,
): Promise<Stores> {
  if (config.DATABASE_URL) {
    // Loaded only here, so that the default start-up does not pay for PostgreSQL's modules.
    const { openPostgresStores } = await import("./openPostgres");
    return openPostgresStores(config, logger, { ...options, url: config.DATABASE_URL });
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const dbFile = options.dbFile ?? path.join(dataDir, "echochamber.db");
  const storage = new SqliteStorage(dbFile);
  const checkpointer = openCheckpointer(path.dirname(dbFile));
  const store = new SqliteWorkbenchStore(dbFile);
  const jobs = new SqliteJobStore(store.db);
  const preferences = new SqlitePreferenceStore(dbFile);
  return {
    backend: "sqlite",
    instanceId:
      options.instanceId ??
      `${options.role === "cli" ? "cli-" : ""}${process.pid}-${Date.now().toString(36)}`,
    storage,
    checkpointer,
    workbench: { store, jobs },
    preferences,
    async close() {
      await storage.close();
      await store.close();
      await preferences.close();
    },
  };
}
