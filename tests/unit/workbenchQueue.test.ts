// The review queue's order (models disagree, then repeats disagree, then failed calls, lower confidence first within
// a tier; the random sample kept apart in its seeded order), the per-row flags the store keeps, idempotent outcomes,
// the seeded samples and the cost estimate.
import { describe, expect, it } from "vitest";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import type { ReviewField } from "../../contract/workbench";
import { SeededReservoir, seededSample } from "../../server/workbench/datasets/sample";
import { datasetItem, datasetQueue } from "../../server/workbench/datasetReview";
import { estimateRun } from "../../server/workbench/estimate";
import { reviewPriority } from "../../server/workbench/flags";
import { seedDataset, storedOutcome } from "../support/workbenchStore";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import type { StoredOutcome } from "../../server/workbench/store";

describe("reviewPriority", () => {
  it("ranks models disagreeing over repeats disagreeing over a failed call, and low confidence first within a tier", () => {
    const models = reviewPriority({ modelsMask: 1, runsMask: 0, meanConfidence: 0.9, failed: 0 });
    const runs = reviewPriority({ modelsMask: 0, runsMask: 1, meanConfidence: 0.1, failed: 0 });
    const failed = reviewPriority({ modelsMask: 0, runsMask: 0, meanConfidence: 0.1, failed: 1 });
    const unsure = reviewPriority({ modelsMask: 0, runsMask: 0, meanConfidence: 0.2, failed: 0 });
    const sure = reviewPriority({ modelsMask: 0, runsMask: 0, meanConfidence: 0.95, failed: 0 });
    expect([models, runs, failed, unsure, sure]).toEqual(
      [...[models, runs, failed, unsure, sure]].sort((a, b) => b - a),
    );
    expect(new Set([models, runs, failed, unsure, sure]).size).toBe(5);
    expect(reviewPriority({ modelsMask: 3, runsMask: 0, meanConfidence: 0.9, failed: 0 })).toBeGreaterThan(
      models,
    );
  });
});

function outcome(
  idx: number,
  model: string,
  repeat: number,
  ton: string | null,
  confidence = 0.9,
): StoredOutcome {
  const labels: Partial<Record<ReviewField, string>> = ton ? { ton, populism: "false", tema: "altele" } : {};
  return storedOutcome(idx, model, {
    repeat,
    annotation: ton
      ? JSON.stringify({ ton, incredere: confidence, justificare: "x", tinta: null, dovezi: [] })
      : null,
    labels,
    confidence: ton ? confidence : null,
    error: ton ? null : { code: "provider:rate_limit", message: "429" },
  });
}

async function storeWithRun(rows: number, sampleIdxs: number[]) {
  const store = new SqliteWorkbenchStore(":memory:");
  const datasetId = await seedDataset(
    store,
    Array.from({ length: rows }, (_, idx) => `text ${idx}`),
    { sampleIdxs },
  );
  const run = await store.createRun({
    datasetId,
    jobId: "job-1",
    models: ["a:x", "b:y"],
    temperature: 0,
    repeats: 2,
    codebookVersion: CODEBOOK_VERSION,
    promptHashes: {},
    origin: "page",
  });
  return { store, datasetId, run };
}

describe("the review queue and the row flags", () => {
  it("orders rows by need, keeps the sample apart, drops what the annotator labelled", async () => {
    const { store, datasetId, run } = await storeWithRun(7, [6]);
    await store.saveOutcomes(run.id, [
      // row 0: everything agrees, confident
      outcome(0, "a:x", 1, "negativ"),
      outcome(0, "a:x", 2, "negativ"),
      outcome(0, "b:y", 1, "negativ"),
      outcome(0, "b:y", 2, "negativ"),
      // row 1: the models disagree
      outcome(1, "a:x", 1, "negativ"),
      outcome(1, "a:x", 2, "negativ"),
      outcome(1, "b:y", 1, "pozitiv"),
      outcome(1, "b:y", 2, "pozitiv"),
      // row 2: a model's repeats disagree
      outcome(2, "a:x", 1, "neutru"),
      outcome(2, "a:x", 2, "negativ"),
      outcome(2, "b:y", 1, "neutru"),
      outcome(2, "b:y", 2, "neutru"),
      // row 3: a failed call
      outcome(3, "a:x", 1, null),
      outcome(3, "a:x", 2, "neutru"),
      outcome(3, "b:y", 1, "neutru"),
      outcome(3, "b:y", 2, "neutru"),
      // row 4: agreement, low confidence
      outcome(4, "a:x", 1, "neutru", 0.2),
      outcome(4, "a:x", 2, "neutru", 0.2),
      outcome(4, "b:y", 1, "neutru", 0.2),
      outcome(4, "b:y", 2, "neutru", 0.2),
      // row 6 (in the sample): the models disagree, but the sample is kept apart
      outcome(6, "a:x", 1, "negativ"),
      outcome(6, "b:y", 1, "pozitiv"),
    ]);
    const queue = await store.queue(run.id, {
      annotator: "Ana",
      mode: "priority",
      limit: 10,
      minConfidence: 0.6,
    });
    // Row 5 has no outcome yet: nothing says it needs a person, so it comes last.
    expect(queue.items.map((i) => i.idx)).toEqual([1, 2, 3, 4, 0, 5]);
    expect(queue.items[0]!.reasons).toContain("models_disagree");
    expect(queue.items[1]!.reasons).toContain("runs_disagree");
    expect(queue.items[2]!.reasons).toContain("failed");
    expect(queue.items[3]!.reasons).toContain("low_confidence");
    expect(queue.total).toBe(6);
    const sample = await store.queue(run.id, {
      annotator: "Ana",
      mode: "sample",
      limit: 10,
      minConfidence: 0.6,
    });
    expect(sample.items.map((i) => i.idx)).toEqual([6]);

    await store.saveLabel({
      datasetId,
      idx: 1,
      annotator: "Ana",
      labels: { ton: "negativ" },
      note: null,
      blind: true,
      codebookVersion: CODEBOOK_VERSION,
    });
    const after = await store.queue(run.id, {
      annotator: "Ana",
      mode: "priority",
      limit: 10,
      minConfidence: 0.6,
    });
    expect(after.items[0]!.idx).toBe(2);
    expect(after.remaining).toBe(5);
    const other = await store.queue(run.id, {
      annotator: "Ion",
      mode: "priority",
      limit: 1,
      minConfidence: 0.6,
    });
    expect(other.items[0]!.idx).toBe(1);

    const flags = await store.flagsOf(run.id, 2, 0.6);
    expect(flags.runsDisagree).toEqual(["ton"]);
    expect(flags.modelsDisagree).toEqual([]);
    expect(flags.done).toBe(4);
  });

  it("pages the queue with a cursor: the rows after the last one held, in the same order, in both modes", async () => {
    const { store, datasetId, run } = await storeWithRun(12, [9, 3, 11]);
    // Rows 0–7 and 10: every third one the models disagree on; confidence falls with the index.
    const rows = [0, 1, 2, 4, 5, 6, 7, 8, 10];
    await store.saveOutcomes(
      run.id,
      rows.flatMap((idx) => [
        outcome(idx, "a:x", 1, "negativ", 0.9 - idx / 20),
        outcome(idx, "b:y", 1, idx % 3 === 0 ? "pozitiv" : "negativ", 0.9 - idx / 20),
      ]),
    );
    const query = { annotator: "Ana", mode: "priority", limit: 50, minConfidence: 0.6 } as const;
    const whole = (await store.queue(run.id, query)).items.map((i) => i.idx);
    expect(whole).toEqual([6, 0, 10, 8, 7, 5, 4, 2, 1]);
    const pages: number[][] = [];
    let after: number | undefined;
    for (;;) {
      const page = (await store.queue(run.id, { ...query, limit: 4, after })).items.map((i) => i.idx);
      if (page.length === 0) break;
      pages.push(page);
      after = page[page.length - 1];
    }
    expect(pages).toEqual([[6, 0, 10, 8], [7, 5, 4, 2], [1]]);
    // A row labelled meanwhile leaves the queue; the cursor still places the next page by the row it names.
    await store.saveLabel({
      datasetId,
      idx: 8,
      annotator: "Ana",
      labels: { ton: "negativ" },
      note: null,
      blind: true,
      codebookVersion: CODEBOOK_VERSION,
    });
    expect((await store.queue(run.id, { ...query, limit: 2, after: 8 })).items.map((i) => i.idx)).toEqual([
      7, 5,
    ]);
    const sample = { ...query, mode: "sample" } as const;
    expect((await store.queue(run.id, sample)).items.map((i) => i.idx)).toEqual([9, 3, 11]);
    expect((await store.queue(run.id, { ...sample, after: 9 })).items.map((i) => i.idx)).toEqual([3, 11]);
    expect((await store.queue(run.id, { ...sample, after: 11 })).items).toEqual([]);
  });

  it("stores an outcome once, however often it is saved, and filters the results table", async () => {
    const { store, run } = await storeWithRun(3, []);
    const first = [outcome(0, "a:x", 1, "negativ"), outcome(0, "b:y", 1, "pozitiv")];
    expect(await store.saveOutcomes(run.id, first)).toBe(2);
    expect(await store.saveOutcomes(run.id, [...first, outcome(1, "a:x", 1, null)])).toBe(1);
    const counts = await store.modelCounts(run.id);
    expect(counts.find((c) => c.model === "a:x")).toMatchObject({ done: 2, failed: 1 });
    const base = {
      offset: 0,
      limit: 10,
      minConfidence: 0.6,
      sort: "idx",
      order: "asc",
      blind: false,
    } as const;
    const disagree = await store.results(run.id, { ...base, filter: "models_disagree" });
    expect(disagree.rows.map((r) => r.idx)).toEqual([0]);
    const failed = await store.results(run.id, { ...base, filter: "failed" });
    expect(failed.rows.map((r) => r.idx)).toEqual([1]);
    const label = await store.results(run.id, { ...base, label: "ton:pozitiv", labelModel: "b:y" });
    expect(label.total).toBe(1);
    const all = await store.results(run.id, base);
    expect(all.total).toBe(3);
    expect(all.rows[0]!.annotations).toHaveLength(2);
    const blind = await store.results(run.id, { ...base, annotator: "Ana", blind: true });
    expect(blind.rows[0]!.annotations).toBeNull();
  });
});

describe("seeded samples", () => {
  it("draws k distinct rows, the same ones for the same seed", () => {
    const a = seededSample(1000, 50, 42);
    expect(new Set(a).size).toBe(50);
    expect(a.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(seededSample(1000, 50, 42)).toEqual(a);
    expect(seededSample(1000, 50, 43)).not.toEqual(a);
    expect(seededSample(5, 10, 1).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps k of a stream with a reservoir, reproducibly", () => {
    const draw = (seed: number) => {
      const reservoir = new SeededReservoir<number>(10, seed);
      for (let i = 0; i < 500; i++) reservoir.offer(i);
      return reservoir.kept.map((k) => k.value);
    };
    expect(draw(1)).toHaveLength(10);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });
});

describe("the cost estimate", () => {
  it("counts calls, tokens and dollars per model from the price table", () => {
    const estimate = estimateRun({
      datasetId: "d",
      rows: 100,
      chars: 40_000,
      models: ["offline:lexicon", "openai:gpt-4o-mini"],
      repeats: 2,
      promptChars: 4000,
    });
    const lexicon = estimate.models[0]!;
    expect(lexicon).toMatchObject({ calls: 200, inputTokens: 0, costUsd: 0, pricing: "local" });
    const gpt = estimate.models[1]!;
    // Per call: 4000/4 + 60 framing = 1060 tokens; 100 rows × 2 repeats, plus the texts' 40,000/4 tokens twice.
    expect(gpt.calls).toBe(200);
    expect(gpt.inputTokens).toBe(2 * (100 * 1060 + 10_000));
    expect(gpt.outputTokens).toBe(200 * 150);
    expect(gpt.pricing).toBe("table");
    expect(gpt.costUsd).toBeCloseTo((gpt.inputTokens * 0.15 + gpt.outputTokens * 0.6) / 1e6, 10);
    expect(estimate.total.calls).toBe(400);
    expect(estimate.total.costUsd).toBeCloseTo(gpt.costUsd, 10);
  });
});

describe("a data set's own review (no run)", () => {
  it("reads the review sample as the store keeps it", async () => {
    // Rows 4 and 1, in that order: a sample the seed does not give, as a store may hold one drawn by an older rule.
    const store = new SqliteWorkbenchStore(":memory:");
    const datasetId = await seedDataset(
      store,
      Array.from({ length: 6 }, (_, idx) => `text ${idx}`),
      { sampleIdxs: [4, 1] },
    );
    const dataset = (await store.getDataset(datasetId))!;
    expect(seededSample(6, dataset.reviewSample.size, dataset.reviewSample.seed)).not.toEqual([4, 1]);
    expect((await datasetItem(store, dataset, 4, "Ana", false)).flags.inSample).toBe(true);
    expect((await datasetItem(store, dataset, 0, "Ana", false)).flags.inSample).toBe(false);
    const query = { annotator: "Ana", mode: "priority", limit: 10, minConfidence: 0.6 } as const;
    expect((await datasetQueue(store, dataset, query)).items.map((i) => i.idx)).toEqual([4, 1, 0, 2, 3, 5]);
    // A cursor in the rest goes on in the rest; one in the sample goes on in the sample, then the rest.
    expect((await datasetQueue(store, dataset, { ...query, after: 2 })).items.map((i) => i.idx)).toEqual([
      3, 5,
    ]);
    expect((await datasetQueue(store, dataset, { ...query, after: 4 })).items.map((i) => i.idx)).toEqual([
      1, 0, 2, 3, 5,
    ]);
  });
});
