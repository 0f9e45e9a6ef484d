// A data set made straight in a workbench store (no upload, no job), and the outcomes and progress lines of runs, for
// the tests of what reads and writes them.
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { emptyImportReport, type Job, type ModelProgress, type RunSummary } from "../../contract/workbench";
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

/** A run as the page receives it: `run-1` of data set `ds-1`, one model; `fields` changes any part. */
export function pageRun(fields: Partial<RunSummary> = {}): RunSummary {
  return {
    id: "run-1",
    datasetId: "ds-1",
    jobId: "job-1",
    models: ["openai:gpt-4o-mini"],
    temperature: 0,
    repeats: 1,
    codebookVersion: "1",
    promptHashes: {},
    origin: "page",
    createdAt: "2025-05-01T10:00:00.000Z",
    olderCodebookRows: 0,
    ...fields,
  } as RunSummary;
}

/** That run's job, finished, with these progress lines per model; `fields` changes any part (a status, …). */
export function pageJob(models: ModelProgress[], fields: Partial<Job> = {}): Job {
  const done = models.reduce((n, m) => n + m.done, 0);
  const failed = models.reduce((n, m) => n + m.failed, 0);
  return {
    id: "job-1",
    kind: "annotation-run",
    status: "done",
    params: { runId: "run-1", datasetId: "ds-1" },
    progress: { total: done, done, failed, etaS: 0, models },
    error: null,
    origin: "page",
    owner: null,
    heartbeatAt: null,
    stopRequested: false,
    createdAt: "2025-05-01T10:00:00.000Z",
    updatedAt: "2025-05-01T10:01:00.000Z",
    startedAt: "2025-05-01T10:00:00.000Z",
    finishedAt: "2025-05-01T10:01:00.000Z",
    ...fields,
  } as Job;
}
