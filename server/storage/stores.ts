// What opening an instance's stores gives (open.ts chooses SQLite or PostgreSQL; openPostgres.ts opens the latter).
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { AuthStore } from "../auth/store";
import type { CompareRunStore } from "../compare/runStore";
import type { JobStore } from "../jobs/types";
import type { PreferenceStore } from "../quality/preferenceStore";
import type { WorkbenchStore } from "../workbench/store";
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
  /** People's blind preferences ("Compară modele"): in DATA_DIR/echochamber.db, or shared by every instance. */
  preferences: PreferenceStore;
  /** The comparisons of "Compară modele" and their answers, so that any instance answers a poll and a restart loses none. */
  compareRuns: CompareRunStore;
  /** Resolves when the database answers (PostgreSQL: one `SELECT 1`); for `/api/health`. */
  ping(): Promise<void>;
  /**
   * Starts the stores' background upkeep once the instance serves (PostgreSQL: the search's folded texts and trigram
   * index, server/db/foldBackfill.ts); close() stops it.
   */
  startUpkeep?(): void;
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
