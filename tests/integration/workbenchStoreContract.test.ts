// The workbench's store on PostgreSQL answers exactly as the SQLite one: the same data set, run, outcomes (two models,
// two repeats, failures, low confidence), people's labels, adjudication and sample go into both, and every read the
// page and the exports make — results with each filter and sort, the queue, flags, agreement data, export lines,
// counts — comes back the same, apart from the ids and times each store makes; people's evidence spans reach the
// agreement report's evidence F1 alike.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import {
  emptyImportReport,
  QueueQuerySchema,
  ResultsQuerySchema,
  type EvidenceSpan,
  type ReviewField,
} from "../../contract/workbench";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import type { StoredOutcome, WorkbenchStore } from "../../server/workbench/store";
import { computeAgreement } from "../../server/workbench/agreement";
import { importUpload } from "../../server/workbench/datasets/build";
import { inspectUpload } from "../../server/workbench/datasets/inspect";
import { exportLayout } from "../../server/workbench/export/columns";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });

const TEXTS = [
  "Hoții de la GUVERN",
  "pensii mici",
  "Educatia conteaza",
  "corupție",
  "Diaspora votează",
  "x",
  "y",
  "z",
];
const MODELS = ["a:x", "b:y"];

function outcome(
  idx: number,
  model: string,
  repeat: number,
  ton: string | null,
  confidence = 0.9,
): StoredOutcome {
  const labels: Partial<Record<ReviewField, string>> = ton
    ? { ton, populism: idx % 2 ? "true" : "false", tema: repeat === 2 && idx === 5 ? "pensii" : "altele" }
    : {};
  return {
    idx,
    model,
    repeat,
    annotation: ton
      ? JSON.stringify({ ton, incredere: confidence, justificare: `j${idx}`, tinta: null, dovezi: ["d"] })
      : null,
    labels,
    confidence: ton ? confidence : null,
    error: ton ? null : { code: "provider:rate_limit", message: "429" },
    codebookVersion: idx === 7 ? "0.9.0" : CODEBOOK_VERSION,
    temperature: 0,
    promptHash: "abc",
    ms: 12,
    cached: idx === 2,
    repaired: idx === 3,
    inputTokens: 10 + idx,
    outputTokens: 5,
    createdAt: "2099-01-01T00:00:00.000Z",
  };
}

const OUTCOMES: StoredOutcome[] = [
  ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((idx) =>
    MODELS.flatMap((model, m) =>
      [1, 2].map((rep) => {
        if (idx === 3 && m === 0 && rep === 1) return outcome(idx, model, rep, null);
        const ton =
          idx === 1 && m === 1 ? "pozitiv" : idx === 2 && rep === 2 && m === 0 ? "negativ" : "neutru";
        return outcome(idx, model, rep, ton, idx === 4 ? 0.2 : 0.9 - idx / 100);
      }),
    ),
  ),
];

/** Fills a store and returns the ids it made. */
async function fill(store: WorkbenchStore) {
  const datasetId = await store.beginDataset({
    name: "contract",
    source: "upload",
    sourceFile: "c.csv",
    format: "csv",
    encoding: "utf-8",
    bytes: 1234,
    mapping: { text: "text", gold: [{ column: "g", field: "ton" }], meta: ["sursa"] },
    contentHash: "hash-1",
  });
  await store.addItems(
    datasetId,
    TEXTS.map((text, idx) => ({
      idx,
      itemId: `r${idx}`,
      text,
      meta: { sursa: `s${idx % 3}` },
      gold: idx < 4 ? { ton: idx % 2 ? "negativ" : "neutru" } : {},
    })),
  );
  const report = { ...emptyImportReport(TEXTS.length), durationMs: 3 };
  const dataset = await store.commitDataset(datasetId, {
    rows: TEXTS.length,
    report,
    reviewSample: { size: 2, seed: 7 },
    sampleIdxs: [6, 5],
  });
  const run = await store.createRun({
    datasetId,
    jobId: "job-contract",
    models: MODELS,
    temperature: 0.2,
    repeats: 2,
    concurrency: 3,
    codebookVersion: CODEBOOK_VERSION,
    promptHashes: { "a:x": "h1", "b:y": "h2" },
    origin: "page",
  });
  const added = [
    await store.saveOutcomes(run.id, OUTCOMES.slice(0, 20)),
    await store.saveOutcomes(run.id, OUTCOMES.slice(10)),
  ];
  const label = (idx: number, annotator: string, ton: string) => ({
    datasetId,
    idx,
    annotator,
    labels: { ton, populism: "false" },
    note: idx === 1 ? "greu" : null,
    blind: true,
    codebookVersion: CODEBOOK_VERSION,
  });
  await store.saveLabel(label(1, "ana", "negativ"));
  await store.saveLabel(label(1, "ion", "pozitiv"));
  await store.saveLabel(label(6, "ana", "neutru"));
  await store.saveLabel(label(1, "ana", "neutru"));
  await store.saveAdjudication({ ...label(1, "ion", "pozitiv"), blind: undefined } as never);
  await store.saveAdjudication({ ...label(1, "ana", "negativ"), blind: undefined } as never);
  return { datasetId, dataset, run, added };
}

/** Drops what each store makes its own way (ids, clock times), keeping what the reads must agree on. */
function comparable(value: unknown, ids: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => comparable(v, ids));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !["createdAt", "updatedAt"].includes(key))
        .map(([key, v]) => [key, comparable(v, ids)]),
    );
  }
  if (typeof value === "string" && ids[value]) return ids[value];
  return value;
}

describe.skipIf(!services.databaseUrl)(
  titled("the workbench store on PostgreSQL and on SQLite", services, !services.databaseUrl),
  () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-wbcontract-"));
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let sqlite: Stores;
    let postgres: Stores;
    let a: Awaited<ReturnType<typeof fill>>;
    let b: Awaited<ReturnType<typeof fill>>;
    let ids: Record<string, string>;

    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
      sqlite = await openStores(testConfig({ DATA_DIR: path.join(dir, "data") }), logger, { role: "cli" });
      postgres = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
      a = await fill(sqlite.workbench.store);
      b = await fill(postgres.workbench.store);
      ids = { [a.datasetId]: "DATASET", [b.datasetId]: "DATASET", [a.run.id]: "RUN", [b.run.id]: "RUN" };
    });
    afterAll(async () => {
      await sqlite?.close();
      await postgres?.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    type Read = (store: WorkbenchStore, f: Awaited<ReturnType<typeof fill>>) => Promise<unknown>;
    const both = async (read: Read) => {
      const [x, y] = [await read(sqlite.workbench.store, a), await read(postgres.workbench.store, b)];
      return { sqlite: comparable(x, ids), postgres: comparable(y, ids) };
    };

    it("stores the data set, the run and the outcomes alike (a repeated outcome is ignored)", async () => {
      expect(a.added).toEqual([20, 12]);
      expect(b.added).toEqual(a.added);
      for (const read of <Read[]>[
        (s: WorkbenchStore, f: typeof a) => s.getDataset(f.datasetId),
        (s: WorkbenchStore) => s.findDatasetByHash("hash-1"),
        (s: WorkbenchStore) => s.listDatasets(),
        (s: WorkbenchStore, f: typeof a) => s.items(f.datasetId, 2, 3),
        (s: WorkbenchStore, f: typeof a) => s.getItem(f.datasetId, 4),
        (s: WorkbenchStore, f: typeof a) => s.textStats(f.datasetId),
        (s: WorkbenchStore, f: typeof a) => s.getRun(f.run.id),
        (s: WorkbenchStore) => s.findRunByJob("job-contract"),
        (s: WorkbenchStore, f: typeof a) => s.listRuns(f.datasetId),
        async (s: WorkbenchStore, f: typeof a) => [...(await s.doneKeys(f.run.id, "a:x", 2, 5))].sort(),
        async (s: WorkbenchStore, f: typeof a) =>
          (await s.modelCounts(f.run.id)).sort((x, y) => x.model.localeCompare(y.model)),
      ]) {
        const { sqlite: x, postgres: y } = await both(read);
        expect(y).toEqual(x);
      }
      expect((await postgres.workbench.store.getRun(b.run.id))?.olderCodebookRows).toBe(4);
    });

    it("pages results alike under every filter, sort and search", async () => {
      const queries = [
        {},
        { filter: "models_disagree" },
        { filter: "runs_disagree", field: "tema" },
        { filter: "low_confidence", minConfidence: "0.5" },
        { filter: "failed" },
        { filter: "unreviewed", annotator: "ana" },
        { filter: "unreviewed" },
        { label: "ton:pozitiv" },
        { label: "ton:neutru", labelModel: "a:x" },
        { q: "guvern" },
        { q: "50%_" },
        { sort: "confidence", order: "desc" },
        { sort: "priority", order: "desc", limit: "3", offset: "1" },
        { blind: "1", annotator: "ion" },
        { filter: "human_model_disagree" },
        { filter: "human_model_disagree", annotator: "ana", field: "ton" },
        { filter: "human_model_disagree", field: "tema" },
        { filter: "human_model_disagree,unreviewed", annotator: "nobody" },
      ];
      for (const query of queries) {
        const q = ResultsQuerySchema.parse(query);
        const { sqlite: x, postgres: y } = await both((s, f) => s.results(f.run.id, q));
        expect(y, JSON.stringify(query)).toEqual(x);
      }
    });

    it("finds the rows where a person's label differs from a model's, anyone's or one person's, in both stores", async () => {
      // Row 1: Ana says ton neutru, Ion pozitiv, both populism no; the models say neutru and pozitiv, populism yes.
      // Row 6: Ana agrees with every model. Nobody labelled the topic.
      const idxs = async (query: Record<string, string>) => {
        const q = ResultsQuerySchema.parse({ filter: "human_model_disagree", ...query });
        const [x, y] = [
          await sqlite.workbench.store.results(a.run.id, q),
          await postgres.workbench.store.results(b.run.id, q),
        ];
        expect(y.rows.map((r) => r.idx)).toEqual(x.rows.map((r) => r.idx));
        return x.rows.map((r) => r.idx);
      };
      expect(await idxs({})).toEqual([1]);
      expect(await idxs({ annotator: "ana", field: "ton" })).toEqual([1]);
      expect(await idxs({ annotator: "ion", field: "populism" })).toEqual([1]);
      expect(await idxs({ annotator: "ana", field: "tema" })).toEqual([]);
      expect(await idxs({ annotator: "ana", field: "populism" })).toEqual([1]);
      expect(await idxs({ field: "tema" })).toEqual([]);
      expect(await idxs({ annotator: "nobody" })).toEqual([]);
    });

    it("gives the same queue, flags, labels, agreement data and export lines", async () => {
      for (const query of [
        { annotator: "ana" },
        { annotator: "ion", limit: "2" },
        { annotator: "ana", mode: "sample" },
      ]) {
        const q = QueueQuerySchema.parse(query);
        const { sqlite: x, postgres: y } = await both((s, f) => s.queue(f.run.id, q));
        expect(y, JSON.stringify(query)).toEqual(x);
      }
      // A data set's own queue (no run): the same rows on both, none flagged.
      for (const query of [
        { annotator: "ana" },
        { annotator: "eva", mode: "sample" },
        { annotator: "eva", after: "1" },
      ]) {
        const q = QueueQuerySchema.parse(query);
        const { sqlite: x, postgres: y } = await both((s, f) => s.datasetQueue(f.datasetId, q));
        expect(y, JSON.stringify(query)).toEqual(x);
        const own = await sqlite.workbench.store.datasetQueue(a.datasetId, q);
        expect(own.runId).toBeNull();
        expect(own.items.every((e) => e.priority === 0)).toBe(true);
      }
      for (const read of <Read[]>[
        (s: WorkbenchStore, f: typeof a) => s.outcomesOf(f.run.id, 2),
        (s: WorkbenchStore, f: typeof a) => s.flagsOf(f.run.id, 1, 0.6),
        (s: WorkbenchStore, f: typeof a) => s.labelsOf(f.datasetId, 1),
        (s: WorkbenchStore, f: typeof a) =>
          Promise.all([0, 1, 2, 3, 4].map((i) => s.inSample(f.datasetId, i))),
        (s: WorkbenchStore, f: typeof a) => s.listLabels(f.datasetId),
        (s: WorkbenchStore, f: typeof a) => s.agreementData(f.run.id, "all"),
        (s: WorkbenchStore, f: typeof a) => s.agreementData(f.run.id, "sample"),
        (s: WorkbenchStore, f: typeof a) => s.exportLines(f.run.id, 0, 100),
        (s: WorkbenchStore, f: typeof a) => s.exportLines(f.run.id, 3, 2),
      ]) {
        const { sqlite: x, postgres: y } = await both(read);
        expect(y).toEqual(x);
      }
      const queue = await postgres.workbench.store.queue(
        b.run.id,
        QueueQuerySchema.parse({ annotator: "eva" }),
      );
      // Someone who labelled nothing is shown first the row on which the models disagree.
      expect(queue.items[0]).toMatchObject({ idx: 1, reasons: ["models_disagree"] });
    });

    it("keeps a skipped or unsure save with its status: a skipped row leaves the queue and the agreement, in both stores", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const base = { datasetId: f.datasetId, note: null, blind: true, codebookVersion: CODEBOOK_VERSION };
        const before = await store.queue(
          f.run.id,
          QueueQuerySchema.parse({ annotator: "dan", limit: "200" }),
        );
        const skipped = await store.saveLabel({
          ...base,
          idx: 2,
          annotator: "dan",
          labels: { ton: "negativ" },
          status: "skipped",
        });
        // A skip keeps no labels, whatever was sent.
        expect(skipped).toMatchObject({ status: "skipped", labels: {} });
        const unsure = await store.saveLabel({
          ...base,
          idx: 3,
          annotator: "dan",
          labels: { ton: "pozitiv" },
          status: "unsure",
        });
        expect(unsure).toMatchObject({ status: "unsure", labels: { ton: "pozitiv" } });
        // Labels saved without a status (and those saved before there was one) are labelled.
        expect((await store.labelsOf(f.datasetId, 1)).labels.map((l) => l.status)).toEqual([
          "labelled",
          "labelled",
        ]);
        const after = await store.queue(f.run.id, QueueQuerySchema.parse({ annotator: "dan", limit: "200" }));
        expect(after.items.map((e) => e.idx)).not.toContain(2);
        expect(after.items.map((e) => e.idx)).not.toContain(3);
        expect(after.remaining).toBe(before.remaining - 2);
        const data = (await store.agreementData(f.run.id, "all"))!;
        const at = (idx: number) => data.idxs.indexOf(idx);
        expect(data.humans.dan!.ton[at(2)]).toBeNull();
        expect(data.humans.dan!.ton[at(3)]).toBe("pozitiv");
        const lines = await store.exportLines(f.run.id, 2, 1);
        expect(lines[0]!.labels.find((l) => l.annotator === "dan")).toMatchObject({
          status: "skipped",
          labels: {},
        });
        // Labelled after all: the status goes back to labelled.
        const again = await store.saveLabel({ ...base, idx: 2, annotator: "dan", labels: { ton: "neutru" } });
        expect(again).toMatchObject({ status: "labelled", labels: { ton: "neutru" } });
        await store.saveLabel({ ...base, idx: 2, annotator: "dan", labels: {}, status: "skipped" });
      }
      for (const read of <Read[]>[
        (s: WorkbenchStore, f: typeof a) => s.listLabels(f.datasetId),
        (s: WorkbenchStore, f: typeof a) => s.agreementData(f.run.id, "all"),
        (s: WorkbenchStore, f: typeof a) => s.exportLines(f.run.id, 2, 2),
      ]) {
        const { sqlite: x, postgres: y } = await both(read);
        expect(y).toEqual(x);
      }
    });

    it("keeps a label's evidence spans in text order, drops them on a skip, and gives them back alike", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const base = { datasetId: f.datasetId, note: null, blind: true, codebookVersion: CODEBOOK_VERSION };
        // TEXTS[0] "Hoții de la GUVERN": "Hoții" for anti-elitism, "GUVERN" for the whole label.
        const saved = await store.saveLabel({
          ...base,
          idx: 0,
          annotator: "eva",
          labels: { populism: "true" },
          evidence: [
            { start: 12, end: 18 },
            { start: 0, end: 5, field: "anti_elitism" },
          ],
        });
        const spans: EvidenceSpan[] = [
          { start: 0, end: 5, field: "anti_elitism" },
          { start: 12, end: 18 },
        ];
        expect(saved.evidence).toEqual(spans);
        expect(
          (await store.labelsOf(f.datasetId, 0)).labels.find((l) => l.annotator === "eva")?.evidence,
        ).toEqual(spans);
        const exported = await store.exportLines(f.run.id, 0, 1);
        expect(exported[0]!.labels.find((l) => l.annotator === "eva")?.evidence).toEqual(spans);
        // Saved again without spans: none are kept (the field is absent, as on labels that never had any).
        const plain = await store.saveLabel({
          ...base,
          idx: 0,
          annotator: "eva",
          labels: { populism: "true" },
        });
        expect(plain).not.toHaveProperty("evidence");
        await store.saveLabel({
          ...base,
          idx: 0,
          annotator: "eva",
          labels: { populism: "true" },
          evidence: spans,
        });
        const skipped = await store.saveLabel({
          ...base,
          idx: 4,
          annotator: "eva",
          labels: {},
          status: "skipped",
          evidence: [{ start: 0, end: 3 }],
        });
        expect(skipped).not.toHaveProperty("evidence");
      }
      for (const read of <Read[]>[
        (s: WorkbenchStore, f: typeof a) => s.listLabels(f.datasetId),
        (s: WorkbenchStore, f: typeof a) => s.labelsOf(f.datasetId, 0),
        (s: WorkbenchStore, f: typeof a) => s.exportLines(f.run.id, 0, 1),
      ]) {
        const { sqlite: x, postgres: y } = await both(read);
        expect(y).toEqual(x);
      }
    });

    it("counts a skipped row as not reviewed in the results' unreviewed filter, for the person and for anyone", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const base = { datasetId: f.datasetId, note: null, blind: true, codebookVersion: CODEBOOK_VERSION };
        // Row 7 has no label but Fay's skip; Fay labelled row 5.
        await store.saveLabel({ ...base, idx: 7, annotator: "fay", labels: {}, status: "skipped" });
        await store.saveLabel({ ...base, idx: 5, annotator: "fay", labels: { ton: "neutru" } });
        const unreviewed = async (annotator?: string) =>
          (
            await store.results(
              f.run.id,
              ResultsQuerySchema.parse({
                filter: "unreviewed",
                limit: "200",
                ...(annotator ? { annotator } : {}),
              }),
            )
          ).rows.map((r) => r.idx);
        expect(await unreviewed("fay")).toContain(7);
        expect(await unreviewed("fay")).not.toContain(5);
        expect(await unreviewed()).toContain(7);
        expect(await unreviewed()).not.toContain(5);
      }
    });

    it("keeps one adjudication per row when two people settle the rows at once", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const settle = (idx: number, annotator: string, ton: string) =>
          store.saveAdjudication({
            datasetId: f.datasetId,
            idx,
            annotator,
            labels: { ton },
            note: null,
            codebookVersion: CODEBOOK_VERSION,
          });
        const rows = TEXTS.map((_, idx) => idx);
        await Promise.all(
          rows.flatMap((idx) => [settle(idx, "ana", "negativ"), settle(idx, "ion", "pozitiv")]),
        );
        const { adjudications } = await store.listLabels(f.datasetId);
        expect(adjudications.map((l) => l.idx).sort((x, y) => x - y)).toEqual(rows);
      }
    });

    it("keeps one whole sample when two people redraw it at once", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const samples = [
          [0, 1],
          [2, 3],
          [1, 2],
          [4, 5],
        ];
        for (let round = 0; round < 5; round++) {
          await Promise.all(
            samples.map((idxs, seed) => store.setReviewSample(f.datasetId, { size: 2, seed }, idxs)),
          );
          const { seed } = (await store.getDataset(f.datasetId))!.reviewSample!;
          const { idxs } = await store.agreementData(f.run.id, "sample");
          expect([...idxs].sort((x, y) => x - y)).toEqual(samples[seed]);
        }
      }
    });

    it("shares a data set with the class: a member lists their own and the shared ones, until it is unshared", async () => {
      const seen = [];
      for (const { workbench } of [sqlite, postgres]) {
        const store = workbench.store;
        const id = await store.beginDataset({
          name: "ana's",
          source: "corpus",
          sourceFile: "corpus",
          format: "corpus",
          encoding: "utf-8",
          bytes: 0,
          mapping: { text: "text" },
          contentHash: null,
          userId: "ana",
        });
        const uncommitted = await store.setShared(id, true);
        expect(uncommitted).toBeNull();
        await store.commitDataset(id, {
          rows: 0,
          report: emptyImportReport(0),
          reviewSample: { size: 0, seed: 0 },
          sampleIdxs: [],
        });
        const listed = async (userId: string) =>
          (await store.listDatasets({ userId })).map((d) => [d.id === id ? "ANA" : d.name, d.shared]);
        expect((await store.getDataset(id))?.shared).toBe(false);
        expect(await listed("ion")).toEqual([]);
        expect(await listed("ana")).toEqual([["ANA", false]]);
        expect((await store.setShared(id, true))?.shared).toBe(true);
        expect(await listed("ion")).toEqual([["ANA", true]]);
        expect(await listed("ana")).toEqual([["ANA", true]]);
        // An admin's list (no filter) holds everyone's, shared or not.
        expect((await store.listDatasets()).map((d) => d.shared).sort()).toEqual([false, true]);
        expect(await store.setShared("no-such-dataset", true)).toBeNull();
        const unshared = await store.setShared(id, false);
        expect(unshared?.shared).toBe(false);
        expect(await listed("ion")).toEqual([]);
        seen.push(comparable(unshared, { [id]: "ANA" }));
        await store.deleteDataset(id);
      }
      expect(seen[1]).toEqual(seen[0]);
    });

    it("keeps the owner's blind review with the data set: on by default, turned off and on again", async () => {
      const seen = [];
      for (const { workbench } of [sqlite, postgres]) {
        const store = workbench.store;
        const id = await store.beginDataset({
          name: "prof's",
          source: "corpus",
          sourceFile: "corpus",
          format: "corpus",
          encoding: "utf-8",
          bytes: 0,
          mapping: { text: "text" },
          contentHash: null,
          userId: "prof",
        });
        expect(await store.setBlindReview(id, false)).toBeNull();
        await store.commitDataset(id, {
          rows: 0,
          report: emptyImportReport(0),
          reviewSample: { size: 0, seed: 0 },
          sampleIdxs: [],
        });
        expect((await store.getDataset(id))?.blindReview).toBe(true);
        const off = await store.setBlindReview(id, false);
        expect(off).toMatchObject({ id, blindReview: false, shared: false });
        // Sharing leaves it as the owner set it, and a list reads it too.
        await store.setShared(id, true);
        expect((await store.listDatasets({ userId: "ion" })).find((d) => d.id === id)?.blindReview).toBe(
          false,
        );
        expect((await store.setBlindReview(id, true))?.blindReview).toBe(true);
        expect(await store.setBlindReview("no-such-dataset", true)).toBeNull();
        seen.push(comparable(off, { [id]: "PROF" }));
        await store.deleteDataset(id);
      }
      expect(seen[1]).toEqual(seen[0]);
    });

    it("keeps a gold column's own values as metadata beside its mapped gold, in both stores", async () => {
      const file = path.join(dir, "comentarii.csv");
      writeFileSync(
        file,
        "id,comentariu,pagina,eticheta_mea\nc1,Hoții,A,atac\nc2,Bravo,B,sustinere\nc3,Legea,A,informativ\nc4,Super guvern,B,ironie\n",
      );
      const mapping = {
        text: "comentariu",
        id: "id",
        meta: ["pagina"],
        gold: [
          {
            field: "ton" as const,
            column: "eticheta_mea",
            values: { atac: "negativ", sustinere: "pozitiv", informativ: "neutru", ironie: "negativ" },
          },
        ],
      };
      const seen: unknown[] = [];
      for (const { workbench } of [sqlite, postgres]) {
        const dataset = await importUpload({
          store: workbench.store,
          inspection: await inspectUpload(file, "comentarii.csv"),
          mapping,
          name: "gold",
          source: "upload",
          contentHash: null,
          maxRows: 100,
          slice: async () => {},
        });
        expect(dataset.metaColumns).toEqual(["pagina", "eticheta_mea"]);
        expect(dataset.goldFields).toEqual(["ton"]);
        const items = await workbench.store.items(dataset.id, 0, 4);
        expect(items.map((i) => [i.meta.eticheta_mea, i.gold.ton])).toEqual([
          ["atac", "negativ"],
          ["sustinere", "pozitiv"],
          ["informativ", "neutru"],
          ["ironie", "negativ"],
        ]);
        expect(exportLayout(dataset, []).columns).toEqual(
          expect.arrayContaining(["meta_pagina", "meta_eticheta_mea", "gold_ton"]),
        );
        // Read blind, a row nobody labelled holds back its gold column's values with its gold.
        const run = await workbench.store.createRun({
          datasetId: dataset.id,
          jobId: `job-gold-${workbench === sqlite.workbench ? "s" : "p"}`,
          models: ["a:x"],
          temperature: 0,
          repeats: 1,
          concurrency: 1,
          codebookVersion: CODEBOOK_VERSION,
          promptHashes: { "a:x": "h" },
          origin: "page",
        });
        const blind = await workbench.store.results(
          run.id,
          ResultsQuerySchema.parse({ annotator: "ana", blind: "1" }),
        );
        expect(blind.rows.map((r) => [r.meta, r.gold])).toEqual(
          ["A", "B", "A", "B"].map((pagina) => [{ pagina }, {}]),
        );
        const open = await workbench.store.results(run.id, ResultsQuerySchema.parse({}));
        expect(open.rows[3]?.meta).toEqual({ pagina: "B", eticheta_mea: "ironie" });
        seen.push(comparable({ ...dataset, report: null, items }, { [dataset.id]: "GOLD" }));
        await workbench.store.deleteDataset(dataset.id);
      }
      expect(seen[1]).toEqual(seen[0]);
      // A data set stored before keeps reading as it was: its gold column was never metadata.
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        expect((await store.getDataset(f.datasetId))?.metaColumns).toEqual(["sursa"]);
      }
    });

    it("gives people's evidence spans to agreement alike, a skipped save's none, and the same evidence F1", async () => {
      for (const [store, f] of [
        [sqlite.workbench.store, a],
        [postgres.workbench.store, b],
      ] as const) {
        const base = { datasetId: f.datasetId, note: null, blind: true, codebookVersion: CODEBOOK_VERSION };
        const at = (idx: number, words: string, field?: ReviewField): EvidenceSpan => {
          const start = TEXTS[idx]!.indexOf(words);
          return { start, end: start + words.length, ...(field ? { field } : {}) };
        };
        // Row 0 „Hoții de la GUVERN”: gia (unsure, which counts) „Hoții” for anti-elitism, hal „Hoții de”.
        await store.saveLabel({
          ...base,
          idx: 0,
          annotator: "gia",
          labels: { ton: "negativ", anti_elitism: "true" },
          status: "unsure",
          evidence: [at(0, "Hoții", "anti_elitism")],
        });
        await store.saveLabel({
          ...base,
          idx: 0,
          annotator: "hal",
          labels: { ton: "negativ", anti_elitism: "true" },
          evidence: [at(0, "Hoții de")],
        });
        // Row 3 „corupție”: hal skipped it (with spans sent: none kept), so it counts in no agreement.
        await store.saveLabel({
          ...base,
          idx: 3,
          annotator: "gia",
          labels: { ton: "negativ" },
          evidence: [at(3, "corupție")],
        });
        await store.saveLabel({
          ...base,
          idx: 3,
          annotator: "hal",
          labels: {},
          status: "skipped",
          evidence: [at(3, "corupție")],
        });
        // Row 4 „Diaspora votează”: only hal marked words.
        await store.saveLabel({ ...base, idx: 4, annotator: "gia", labels: { ton: "neutru" } });
        await store.saveLabel({
          ...base,
          idx: 4,
          annotator: "hal",
          labels: { ton: "neutru" },
          evidence: [at(4, "votează")],
        });
        const data = (await store.agreementData(f.run.id, "all"))!;
        const row = (idx: number) => data.idxs.indexOf(idx);
        expect(data.evidence!.gia![row(0)]).toEqual([{ start: 0, end: 5, field: "anti_elitism" }]);
        expect(data.evidence!.hal![row(3)]).toBeNull();
        expect(data.evidence!.hal![row(4)]).toEqual([{ start: 9, end: 16 }]);
        expect(data.evidence).not.toHaveProperty("ion");
        const report = await computeAgreement(data, { resamples: 0, seed: 42 });
        const pair = report.evidence!.pairs.find((p) => p.a === "human:gia" && p.b === "human:hal")!;
        // Row 0: „Hoții” (5) in „Hoții de” (8): 2·5/13; row 3 out (hal skipped); row 4 only hal: 0. Anti-elitism
        // (both labelled it on row 0 only): gia's span against none of hal's, who marked for the whole label.
        expect(pair.all).toEqual({ f1: Math.round((5 / 13) * 10_000) / 10_000, rows: 2 });
        expect(pair.fields).toContainEqual({ field: "anti_elitism", f1: 0, rows: 1 });
      }
      const { sqlite: x, postgres: y } = await both(async (s, f) => {
        const data = (await s.agreementData(f.run.id, "all"))!;
        return {
          evidence: data.evidence,
          report: (await computeAgreement(data, { resamples: 0, seed: 42 })).evidence,
        };
      });
      expect(y).toEqual(x);
    });

    it("moves the sample, and deletes a data set with its runs, outcomes and labels", async () => {
      for (const { workbench } of [sqlite, postgres]) {
        const f = workbench === sqlite.workbench ? a : b;
        await workbench.store.setReviewSample(f.datasetId, { size: 1, seed: 9 }, [2]);
        expect((await workbench.store.getDataset(f.datasetId))?.reviewSample).toEqual({ size: 1, seed: 9 });
        const sample = await workbench.store.agreementData(f.run.id, "sample");
        expect(sample.idxs).toEqual([2]);
        const started = await workbench.store.beginDataset({
          ...(await workbench.store.getDataset(f.datasetId))!,
          sourceFile: "u.csv",
          format: "csv",
          contentHash: null,
        });
        expect(await workbench.store.getDataset(started)).toBeNull();
        await workbench.store.abortDataset(started);
        expect(await workbench.store.deleteDataset(f.datasetId)).toBe(true);
        expect(await workbench.store.getRun(f.run.id)).toBeNull();
        expect(await workbench.store.modelCounts(f.run.id)).toEqual([]);
        expect(await workbench.store.deleteDataset(f.datasetId)).toBe(false);
      }
    });
  },
);
