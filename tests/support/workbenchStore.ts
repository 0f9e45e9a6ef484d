// A data set made straight in a workbench store (no upload, no job), and the outcomes and progress lines of runs, for
// the tests of what reads and writes them.
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { emptyImportReport, type ModelProgress } from "../../contract/workbench";
import type { StoredOutcome, WorkbenchStore } from "../../server/workbench/store";

/** Makes and commits a data set of these texts (row i is `texts[i]`); returns its id. */
export async function seedDataset(
  store: WorkbenchStore,
  texts: string[],
  { sampleIdxs = [] as number[] } = {},
): Promise<string> {
  const datasetId = await store.beginDataset({
    name: "t",
    source: "upload",
    sourceFile: "t.csv",
    format: "csv",
    encoding: "utf-8",
    bytes: 1,
    mapping: { text: "text" },
    contentHash: null,
  });
  await store.addItems(
    datasetId,
    texts.map((text, idx) => ({ idx, itemId: `r${idx}`, text, meta: {}, gold: {} })),
  );
  const rows = texts.length;
  await store.commitDataset(datasetId, {
    rows,
    report: emptyImportReport(rows),
    reviewSample: { size: sampleIdxs.length, seed: 1 },
    sampleIdxs,
  });
  return datasetId;
}

/** One stored outcome of a row: a neutral annotation, or the given error; `fields` changes any part of it. */
export function storedOutcome(
  idx: number,
  model: string,
  fields: Partial<StoredOutcome> = {},
): StoredOutcome {
  return {
    idx,
    model,
    repeat: 1,
    annotation: JSON.stringify({ ton: "neutru", incredere: 0.9, justificare: "x" }),
    labels: { ton: "neutru" },
    confidence: 0.9,
    error: null,
    codebookVersion: CODEBOOK_VERSION,
    temperature: 0,
    promptHash: "abc",
    ms: 1,
    cached: false,
    repaired: false,
    inputTokens: 10,
    outputTokens: 5,
    createdAt: new Date().toISOString(),
    ...fields,
  };
}

/** A model's progress line of a finished run: `done` outcomes, `failed` of them failed; `fields` changes the rest. */
export function finishedModel(
  done: number,
  failed: number,
  fields: Partial<ModelProgress> = {},
): ModelProgress {
  return {
    model: "openai:gpt-4o-mini",
    total: done,
    done,
    failed,
    cached: 0,
    ratePerS: 0,
    etaS: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    pricing: "table",
    concurrency: 4,
    ...fields,
  };
}
