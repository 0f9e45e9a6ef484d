// A label's status ("Sar peste" / "Nu sunt sigur(ă)") in stores made before it: an SQLite file whose wb_labels has no
// status column, and a PostgreSQL database migrated up to version 13, both read their labels as `labelled` and then
// keep a skipped one (with no labels) like a new store. The two stores' agreement on statuses is in
// ./workbenchStoreContract.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool } from "../../server/db/postgres";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import type { WorkbenchStore } from "../../server/workbench/store";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

const OLD_DATASET = `INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping,
  committed, created_at) VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 2, '{"text":"text"}', 1,
  '2025-01-01T00:00:00Z')`;
const OLD_ITEMS = `INSERT INTO wb_items (dataset_id, idx, item_id, text, meta, gold) VALUES
  ('d1', 0, 'r0', 'a', '{}', '{}'), ('d1', 1, 'r1', 'b', '{}', '{}')`;
const OLD_LABEL = `INSERT INTO wb_labels (dataset_id, idx, annotator, kind, labels, note, blind, codebook_version,
  created_at, updated_at) VALUES ('d1', 0, 'ana', 'label', '{"ton":"negativ"}', NULL, 1, '1.0.0',
  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`;

/** The old label reads labelled; a skip then keeps its status and no labels. */
async function readsAndSkips(store: WorkbenchStore) {
  expect((await store.labelsOf("d1", 0)).labels).toMatchObject([
    { annotator: "ana", status: "labelled", labels: { ton: "negativ" } },
  ]);
  const skipped = await store.saveLabel({
    datasetId: "d1",
    idx: 1,
    annotator: "ana",
    labels: {},
    status: "skipped",
    note: null,
    blind: true,
    codebookVersion: CODEBOOK_VERSION,
  });
  expect(skipped).toMatchObject({ status: "skipped", labels: {} });
  expect((await store.listLabels("d1")).labels.map((l) => [l.idx, l.status])).toEqual([
    [0, "labelled"],
    [1, "skipped"],
  ]);
}

describe("a label's status in an SQLite file from before it", () => {
  it("reads the old labels as labelled and then keeps a skip", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-status-old-"));
    try {
      const file = path.join(dir, "echochamber.db");
      const old = new Database(file);
      old.exec(`
        CREATE TABLE wb_datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL,
          format TEXT NOT NULL, encoding TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0,
          mapping TEXT NOT NULL, report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL);
        CREATE TABLE wb_items (dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
          item_id TEXT NOT NULL, text TEXT NOT NULL, meta TEXT NOT NULL, gold TEXT NOT NULL, PRIMARY KEY (dataset_id, idx));
        CREATE TABLE wb_labels (
          dataset_id TEXT NOT NULL REFERENCES wb_datasets(id) ON DELETE CASCADE, idx INTEGER NOT NULL, annotator TEXT NOT NULL,
          kind TEXT NOT NULL, labels TEXT NOT NULL, note TEXT, blind INTEGER NOT NULL, codebook_version TEXT NOT NULL,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
          PRIMARY KEY (dataset_id, idx, kind, annotator)) WITHOUT ROWID;
        ${OLD_DATASET}; ${OLD_ITEMS}; ${OLD_LABEL};
      `);
      old.close();
      const store = new SqliteWorkbenchStore(file);
      try {
        await readsAndSkips(store);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!services.databaseUrl)(
  titled("a label's status in the PostgreSQL store", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("comes to a database migrated before it (13), whose labels read as labelled, and then keeps a skip", async () => {
      const pool = openPool(database.url);
      try {
        expect(MIGRATIONS.some((m) => m.version === 14 && m.name === "label-status")).toBe(true);
        await migrate(
          pool,
          MIGRATIONS.filter((m) => m.version <= 13),
        );
        for (const sql of [OLD_DATASET, OLD_ITEMS, OLD_LABEL]) await pool.query(sql);
      } finally {
        await pool.end();
      }
      let stores: Stores | undefined;
      try {
        stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
        await readsAndSkips(stores.workbench.store);
      } finally {
        await stores?.close();
      }
    });
  },
);
