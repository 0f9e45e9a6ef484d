// The two backends a store contract test runs on, each opened the way the server or the CLI opens its stores
// (server/storage/open.ts): SQLite in a fresh DATA_DIR, and PostgreSQL in a fresh database of the run's server
// (skipped, and said so, when the run has none).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { freshDatabase, type ClassServices } from "./classServices";
import { testConfig } from "./fixtures";

export interface StoreBackend {
  name: "sqlite" | "postgres";
  /** A fresh set of stores (a new file or database), as the instance `instanceId` if given. */
  open(instanceId?: string): Promise<Stores>;
  /** Another instance's stores on the same data. */
  openAnother(instanceId?: string): Promise<Stores>;
  cleanup(): Promise<void>;
}

export interface StoreBackendOptions {
  role: "server" | "cli";
  /** Settings of the PostgreSQL backend's instances beyond DATABASE_URL (e.g. a short INSTANCE_STALE_MS). */
  postgresEnv?: Record<string, string>;
}

const logger = createLogger({ LOG_LEVEL: "silent" });

function sqliteBackend({ role }: StoreBackendOptions): StoreBackend {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-stores-"));
  const config = testConfig({ DATA_DIR: path.join(dir, "data") });
  const open = (instanceId?: string) => openStores(config, logger, { role, instanceId });
  return {
    name: "sqlite",
    open,
    openAnother: open,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(serverUrl: string, { role, postgresEnv = {} }: StoreBackendOptions): StoreBackend {
  let database: Awaited<ReturnType<typeof freshDatabase>> | null = null;
  const openOn = (url: string, instanceId?: string) =>
    openStores(testConfig({ DATABASE_URL: url, ...postgresEnv }), logger, { role, instanceId });
  return {
    name: "postgres",
    async open(instanceId) {
      database = await freshDatabase(serverUrl);
      return openOn(database.url, instanceId);
    },
    openAnother: (instanceId) => openOn(database!.url, instanceId),
    cleanup: async () => database?.drop(),
  };
}

/** Both backends, each with whether this run skips it. */
export function storeBackends(
  services: ClassServices,
  options: StoreBackendOptions,
): { name: StoreBackend["name"]; make: () => StoreBackend; skip: boolean }[] {
  return [
    { name: "sqlite", make: () => sqliteBackend(options), skip: false },
    {
      name: "postgres",
      make: () => postgresBackend(services.databaseUrl!, options),
      skip: !services.databaseUrl,
    },
  ];
}
