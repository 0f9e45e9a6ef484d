// Evidence spans in stores made before them: an SQLite file whose wb_labels has no evidence column, and a PostgreSQL
// database migrated up to version 14, both read their labels with no evidence and then keep a label's spans like a new
// store; the results page then says, row by row, who marked evidence (workbench 1.27), a withheld row too. The two
// stores' agreement on spans is in ./workbenchStoreContract.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { ResultsQuerySchema } from "../../contract/workbench";
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
  ('d1', 0, 'r0', 'Hoții de la guvern', '{}', '{}'), ('d1', 1, 'r1', 'pensii mici', '{}', '{}')`;
const OLD_LABEL = `INSERT INTO wb_labels (dataset_id, idx, annotator, kind, labels, status, note, blind, codebook_version,
  created_at, updated_at) VALUES ('d1', 0, 'ana', 'label', '{"ton":"negativ"}', 'labelled', NULL, 1, '1.0.0',
  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`;

/** The old label has no evidence; a new one keeps its spans. */
async function readsAndKeepsSpans(store: WorkbenchStore) {
  const [old] = (await store.labelsOf("d1", 0)).labels;
  expect(old).toMatchObject({ annotator: "ana", labels: { ton: "negativ" } });
  expect(old).not.toHaveProperty("evidence");
  const saved = await store.saveLabel({
    datasetId: "d1",
    idx: 1,
    annotator: "ana",
    labels: { ton: "negativ" },
    evidence: [{ start: 0, end: 5, field: "ton" }],
    note: null,
    blind: true,
    codebookVersion: CODEBOOK_VERSION,
  });
  expect(saved.evidence).toEqual([{ start: 0, end: 5, field: "ton" }]);
  expect((await store.listLabels("d1")).labels.map((l) => [l.idx, l.evidence ?? null])).toEqual([
    [0, null],
    [1, [{ start: 0, end: 5, field: "ton" }]],
  ]);
}

/**
 * After readsAndKeepsSpans: on the results page, row 1 says Ana marked evidence (not Ion, who marked none, nor Eva,
 * whose skip is stored without its spans), row 0 (Ana's old label, and an adjudication) nobody; for someone held to
 * blind review who has labelled neither row, the rows are withheld and say nobody (who marked words hints at what they
 * chose), though they still say who labelled them.
 */
async function resultsSayWhoMarked(store: WorkbenchStore) {
  const base = { datasetId: "d1", note: null, blind: true, codebookVersion: CODEBOOK_VERSION };
  await store.saveLabel({ ...base, idx: 1, annotator: "ion", labels: { ton: "neutru" } });
  await store.saveLabel({
    ...base,
    idx: 1,
    annotator: "eva",
    labels: {},
    status: "skipped",
    evidence: [{ start: 0, end: 5 }],
  });
  await store.saveAdjudication({ ...base, idx: 0, annotator: "ion", labels: { ton: "negativ" } } as never);
  const run = await store.createRun({
    datasetId: "d1",
    jobId: "job-evidence",
    models: ["offline:lexicon"],
    temperature: 0,
    repeats: 1,
    concurrency: 1,
    codebookVersion: CODEBOOK_VERSION,
    promptHashes: { "offline:lexicon": "h" },
    origin: "page",
  });
  const rows = async (query: Record<string, string>) =>
    (await store.results(run.id, ResultsQuerySchema.parse(query))).rows.map((r) => ({
      idx: r.idx,
      withheld: r.annotations === null,
      reviewers: r.flags.reviewers,
      evidenceBy: r.evidenceBy,
    }));
  expect(await rows({})).toEqual([
    { idx: 0, withheld: false, reviewers: ["ana"], evidenceBy: [] },
    { idx: 1, withheld: false, reviewers: ["ana", "ion"], evidenceBy: ["ana"] },
  ]);
  expect(await rows({ annotator: "zoe", blind: "1" })).toEqual([
    { idx: 0, withheld: true, reviewers: ["ana"], evidenceBy: [] },
    { idx: 1, withheld: true, reviewers: ["ana", "ion"], evidenceBy: [] },
  ]);
}

describe("evidence spans in an SQLite file from before them", () => {
  it("reads the old labels with no evidence, then keeps a label's spans and says who marked some in the results", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-evidence-old-"));
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
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'labelled',
          PRIMARY KEY (dataset_id, idx, kind, annotator)) WITHOUT ROWID;
        ${OLD_DATASET}; ${OLD_ITEMS}; ${OLD_LABEL};
      `);
      old.close();
      const store = new SqliteWorkbenchStore(file);
      try {
        await readsAndKeepsSpans(store);
        await resultsSayWhoMarked(store);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!services.databaseUrl)(
  titled("evidence spans in the PostgreSQL store", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("comes to a database migrated before them (14), whose labels have none, then keeps a label's spans and says who marked some in the results", async () => {
      const pool = openPool(database.url);
      try {
        expect(MIGRATIONS.some((m) => m.version === 15 && m.name === "label-evidence")).toBe(true);
        await migrate(
          pool,
          MIGRATIONS.filter((m) => m.version <= 14),
        );
        for (const sql of [OLD_DATASET, OLD_ITEMS, OLD_LABEL]) await pool.query(sql);
      } finally {
        await pool.end();
      }
      let stores: Stores | undefined;
      try {
        stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
        await readsAndKeepsSpans(stores.workbench.store);
        await resultsSayWhoMarked(stores.workbench.store);
      } finally {
        await stores?.close();
      }
    });
  },
);
