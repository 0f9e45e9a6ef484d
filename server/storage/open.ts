// The one place that chooses where an instance keeps its data: SQLite files in DATA_DIR (the default: one process, no
// server to run), or PostgreSQL when DATABASE_URL is set (a class deployment: every store, migrated at start, and
// this instance's heartbeat). The server, the CLI and the tests open their stores here.
import path from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { AuthStore } from "../auth/store";
import type { Config } from "../config";
import { SqliteJobStore } from "../jobs/sqliteJobStore";
import type { JobStore } from "../jobs/types";
import type { Logger } from "../log";
import { SqliteWorkbenchStore } from "../workbench/sqlite";
import type { WorkbenchStore } from "../workbench/store";
import { openCheckpointer } from "./checkpointer";
import { SqliteStorage } from "./sqlite";
import type { Storage } from "./types";

export interface Stores {
  backend: "sqlite" | "postgres";
  /** This process's id: the owner of the jobs it claims and of the answers it streams. */
  instanceId: string;
  storage: Storage;
  checkpointer: BaseCheckpointSaver;
  workbench: { store: WorkbenchStore; jobs: JobStore };
  /**
   * Accounts and sessions in the shared database (PostgreSQL), so that a login holds on every instance; absent on
   * SQLite, where the app opens its own only when AUTH is on (server/app.ts), leaving local use as it was.
   */
  auth?: AuthStore;
  /** Stops the heartbeat and closes every connection and file. */
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  /** A server beats in the instances table (PostgreSQL); a CLI run does not. */
  role: "server" | "cli";
  instanceId?: string;
  /** The SQLite file; DATA_DIR/echochamber.db by default. */
  dbFile?: string;
}

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
  return {
    backend: "sqlite",
    instanceId:
      options.instanceId ??
      `${options.role === "cli" ? "cli-" : ""}${process.pid}-${Date.now().toString(36)}`,
    storage,
    checkpointer,
    workbench: { store, jobs },
    async close() {
      await storage.close();
      await store.close();
    },
  };
}
