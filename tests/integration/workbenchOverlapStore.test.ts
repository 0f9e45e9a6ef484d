// Labels per row (overlap) in the workbench's store, on SQLite and on a real PostgreSQL alike: none at first, set and
// cleared on the data set; a person's queue then leaves out the rows outside the review sample that k other people
// labelled (counted as `full`), keeps the sample whatever its labels, and lists nothing a person labelled; two people
// who save the last slot of a row are both kept. An SQLite file and a PostgreSQL database from before (version 11)
// take the setting, their data sets unchanged.
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
import { seedDataset } from "../support/workbenchStore";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

const label = (store: WorkbenchStore, datasetId: string, idx: number, annotator: string) =>
  store.saveLabel({
    datasetId,
    idx,
    annotator,
    labels: { ton: "negativ" },
    note: null,
    blind: true,
    codebookVersion: CODEBOOK_VERSION,
  });

const queueOf = async (
  store: WorkbenchStore,
  datasetId: string,
  annotator: string,
  mode: "priority" | "sample",
) => {
  const q = await store.datasetQueue(datasetId, { annotator, mode, limit: 50, minConfidence: 0.6 });
  return {
    idxs: q.items.map((i) => i.idx),
    remaining: q.remaining,
    total: q.total,
    full: q.full,
    overlap: q.overlap,
  };
};

/** What one store does with labels per row, in order. Rows 0..5, the sample is row 4. */
async function lifeOfOverlap(store: WorkbenchStore) {
  const id = await seedDataset(store, ["a", "b", "c", "d", "e", "f"], { sampleIdxs: [4] });
  const seen: Record<string, unknown> = {};
  seen.start = (await store.getDataset(id))?.overlap;
  seen.set = (await store.setOverlap(id, 2))?.overlap;
  seen.read = (await store.getDataset(id))?.overlap;
  seen.listed = (await store.listDatasets()).find((d) => d.id === id)?.overlap;
  // Ana and Ion label rows 0 and 4 (the sample); Ana alone row 1.
  for (const who of ["ana", "ion"]) {
    await label(store, id, 0, who);
    await label(store, id, 4, who);
  }
  await label(store, id, 1, "ana");
  // Dan: row 0 has 2 labels (full), row 1 (one label) stays; the sample (its own mode; the priority queue of a data set
  // holds the rows outside it) keeps row 4 whatever its labels.
  seen.dan = await queueOf(store, id, "dan", "priority");
  seen.danSample = await queueOf(store, id, "dan", "sample");
  // Ana's own rows are never in her queue: she labelled 0, 1 and 4.
  seen.ana = await queueOf(store, id, "ana", "priority");
  // The last slot of row 1: Dan and Eva both save it, and both labels are kept (the row ends with three).
  await Promise.all([label(store, id, 1, "dan"), label(store, id, 1, "eva")]);
  seen.row1 = (await store.labelsOf(id, 1)).labels.map((l) => l.annotator).sort();
  seen.gus = await queueOf(store, id, "gus", "priority");
  // With no overlap again, everyone labels every row.
  seen.cleared = (await store.setOverlap(id, null))?.overlap;
  seen.gusAll = await queueOf(store, id, "gus", "priority");
  seen.missing = await store.setOverlap("no-such-dataset", 3);
  await store.deleteDataset(id);
  return seen;
}

const EXPECTED = {
  start: null,
  set: 2,
  read: 2,
  listed: 2,
  dan: { idxs: [1, 2, 3, 5], remaining: 4, total: 5, full: 1, overlap: 2 },
  danSample: { idxs: [4], remaining: 1, total: 1, full: 0, overlap: null },
  ana: { idxs: [2, 3, 5], remaining: 3, total: 5, full: 0, overlap: 2 },
  row1: ["ana", "dan", "eva"],
  gus: { idxs: [2, 3, 5], remaining: 3, total: 5, full: 2, overlap: 2 },
  cleared: null,
  gusAll: { idxs: [0, 1, 2, 3, 5], remaining: 5, total: 5, full: 0, overlap: null },
  missing: null,
};

describe("labels per row in the SQLite store", () => {
  it("are set and cleared, and a queue leaves out rows with k labels but keeps the sample and both last saves", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-overlap-store-"));
    const stores = await openStores(testConfig({ DATA_DIR: path.join(dir, "data") }), logger, {
      role: "cli",
    });
    try {
      expect(await lifeOfOverlap(stores.workbench.store)).toEqual(EXPECTED);
    } finally {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("come to a file from before them: its data sets read with none, then take one", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-overlap-old-"));
    try {
      const file = path.join(dir, "echochamber.db");
      const old = new Database(file);
      old.exec(`
        CREATE TABLE wb_datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL,
          format TEXT NOT NULL, encoding TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0,
          mapping TEXT NOT NULL, report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT 'local', shared INTEGER NOT NULL DEFAULT 0,
          blind_review INTEGER NOT NULL DEFAULT 1, guidelines TEXT, guidelines_updated_at TEXT, guidelines_updated_by TEXT);
        INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping, committed, created_at)
          VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 0, '{"text":"text"}', 1, '2025-01-01T00:00:00Z');
      `);
      old.close();
      const store = new SqliteWorkbenchStore(file);
      expect(await store.getDataset("d1")).toMatchObject({ id: "d1", name: "Comentarii", overlap: null });
      expect(await store.setOverlap("d1", 3)).toMatchObject({ id: "d1", overlap: 3 });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!services.databaseUrl)(
  titled("labels per row in the PostgreSQL store", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("come to a database migrated before them, whose data sets read as they were, and then behave as on SQLite", async () => {
      const pool = openPool(database.url);
      try {
        // Every migration up to the one that brought them (12), whatever came after.
        const before = MIGRATIONS.filter((m) => m.version <= 11);
        expect(MIGRATIONS.some((m) => m.version === 13 && m.name === "dataset-overlap")).toBe(true);
        await migrate(pool, before);
        await pool.query(
          `INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping, committed,
             created_at, user_id)
           VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 0, '{"text":"text"}', 1,
             '2025-01-01T00:00:00Z', 'prof')`,
        );
      } finally {
        await pool.end();
      }
      let stores: Stores | undefined;
      try {
        stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
        const store = stores.workbench.store;
        expect(await store.getDataset("d1")).toMatchObject({ id: "d1", userId: "prof", overlap: null });
        expect(await store.setOverlap("d1", 3)).toMatchObject({ id: "d1", overlap: 3 });
        expect(await lifeOfOverlap(store)).toEqual(EXPECTED);
      } finally {
        await stores?.close();
      }
    });
  },
);
