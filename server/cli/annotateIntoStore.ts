// `annotate <file> --store` and `annotate --dataset ID`: a CLI run that writes to the workbench's store (the same
// SQLite file as the server), so that it shows on the page, live, like a run started there. The file becomes a data
// set once (the same file and columns again reuse it) and a run interrupted earlier is resumed, not started anew.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { AppError } from "../../contract/errors";
import type { Job, RunSummary } from "../../contract/workbench";
import type { Config } from "../config";
import { createLogger } from "../log";
import { openStores } from "../storage/open";
import { importUpload } from "../workbench/datasets/build";
import { inspectUpload } from "../workbench/datasets/inspect";
import { previewUpload } from "../workbench/datasets/preview";
import { Workbench } from "../workbench/service";
import { countWith } from "../../contract/plural";
import { say } from "./lang";

/** The notices of a run into the store, in both languages. */
const NOTICES = {
  ro: {
    skipped: (n: number) =>
      `${countWith(n, ["rând sărit", "rânduri sărite"])} la import (vezi raportul setului de date)`,
    done: (run: string, model: string) => `Rularea ${run} a adnotat deja acest set de date cu ${model}.`,
    resuming: (run: string) => `Se reia rularea ${run} de unde a rămas.`,
  },
  en: {
    skipped: (n: number) =>
      `${countWith(n, ["row skipped", "rows skipped"], "en")} on import (see the data set's report)`,
    done: (run: string, model: string) => `The run ${run} has already annotated this data set with ${model}.`,
    resuming: (run: string) => `Resuming the run ${run} where it stopped.`,
  },
};

export interface StoreRunOptions {
  config: Config;
  /** A file to import (or reuse) as a data set... */
  input?: string;
  /** ...or a data set already in the store. */
  datasetId?: string;
  model: string;
  textColumn?: string;
  idColumn?: string;
  repeats: number;
  concurrency: number;
  temperature: number;
  signal: AbortSignal;
  onProgress?: (job: Job) => void;
  onNotice?: (message: string) => void;
}

export interface StoreRunSummary {
  datasetId: string;
  runId: string;
  jobId: string;
  status: Job["status"];
  resumed: boolean;
  reusedDataset: boolean;
  progress: Job["progress"];
  error: Job["error"];
  seconds: number;
}

async function fileHash(file: string, extra: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.update(extra).digest("hex");
}

async function datasetFor(
  workbench: Workbench,
  options: StoreRunOptions,
): Promise<{ id: string; reused: boolean }> {
  if (options.datasetId) {
    const dataset = await workbench.store.getDataset(options.datasetId);
    if (!dataset) throw new AppError("dataset:not_found");
    return { id: dataset.id, reused: true };
  }
  const input = options.input!;
  const inspection = await inspectUpload(input, path.basename(input));
  const { columns } = await previewUpload(inspection);
  const text = options.textColumn ?? "text";
  if (!columns.includes(text)) {
    throw new AppError("dataset:column_missing", { column: text, available: columns.join(", ") });
  }
  const idColumn = options.idColumn ?? "id";
  const mapping = { text, ...(columns.includes(idColumn) ? { id: idColumn } : {}) };
  const contentHash = await fileHash(input, JSON.stringify(mapping));
  const existing = await workbench.store.findDatasetByHash(contentHash);
  if (existing) return { id: existing.id, reused: true };
  const dataset = await importUpload({
    store: workbench.store,
    inspection,
    mapping,
    name: path.basename(input),
    source: "cli",
    contentHash,
    maxRows: options.config.WORKBENCH_MAX_ROWS,
    slice: () => workbench.pool.slice(),
  });
  const skipped = dataset.report.skippedTotal;
  if (skipped > 0) options.onNotice?.(say(NOTICES).skipped(skipped));
  return { id: dataset.id, reused: false };
}

/** The latest run of this data set with the same settings: finished (nothing to do) or not (to resume). */
async function previousRun(
  workbench: Workbench,
  datasetId: string,
  options: StoreRunOptions,
): Promise<{ run: RunSummary; job: Job } | null> {
  for (const run of await workbench.store.listRuns(datasetId)) {
    if (run.models.length !== 1 || run.models[0] !== options.model) continue;
    if (run.temperature !== options.temperature || run.repeats !== options.repeats) continue;
    const job = await workbench.jobs.get(run.jobId);
    if (job) return { run, job };
  }
  return null;
}

export async function annotateIntoStore(options: StoreRunOptions): Promise<StoreRunSummary> {
  const started = performance.now();
  const logger = createLogger({ ...options.config, LOG_LEVEL: "warn" });
  // With DATABASE_URL the run goes to the class deployment's PostgreSQL; otherwise to DATA_DIR's SQLite file.
  const stores = options.config.DATABASE_URL
    ? await openStores(options.config, logger, { role: "cli" })
    : null;
  const workbench = new Workbench({
    config: options.config,
    logger,
    owner: `cli-${process.pid}`,
    runQueue: false,
    onProgress: options.onProgress,
    stores: stores?.workbench,
  });
  try {
    await workbench.start();
    const dataset = await datasetFor(workbench, options);
    const staleBefore = new Date(Date.now() - options.config.WORKBENCH_JOB_STALE_MS).toISOString();
    const previous = await previousRun(workbench, dataset.id, options);
    let run: RunSummary;
    let job: Job | null;
    if (previous?.job.status === "done") {
      options.onNotice?.(say(NOTICES).done(previous.run.id, options.model));
      return {
        datasetId: dataset.id,
        runId: previous.run.id,
        jobId: previous.job.id,
        status: "done",
        resumed: false,
        reusedDataset: dataset.reused,
        progress: previous.job.progress,
        error: previous.job.error,
        seconds: Math.round((performance.now() - started) / 10) / 100,
      };
    }
    if (previous) {
      run = previous.run;
      job = await workbench.jobs.claim(previous.job.id, workbench.runner.owner, staleBefore);
      if (!job) {
        throw new AppError("input:invalid", {
          detail: `rularea ${run.id} este deja în lucru (pe server sau în alt proces); urmăriți-o în pagina Adnotare`,
          detailEn: `the run ${run.id} is already being worked on (on the server or in another process); follow it on the Annotation page`,
        });
      }
      options.onNotice?.(say(NOTICES).resuming(run.id));
    } else {
      ({ run, job } = await workbench.createRun(
        {
          datasetId: dataset.id,
          models: [options.model],
          temperature: options.temperature,
          repeats: options.repeats,
          concurrency: options.concurrency,
        },
        "cli",
        workbench.runner.owner,
      ));
    }
    const stop = () => void workbench.runner.stop(job!.id);
    options.signal.addEventListener("abort", stop, { once: true });
    try {
      await workbench.runner.runOwned(job);
    } finally {
      options.signal.removeEventListener("abort", stop);
    }
    const ended = (await workbench.jobs.get(job.id))!;
    return {
      datasetId: dataset.id,
      runId: run.id,
      jobId: job.id,
      status: ended.status,
      resumed: previous !== null,
      reusedDataset: dataset.reused,
      progress: ended.progress,
      error: ended.error,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  } finally {
    await workbench.close();
    await stores?.close();
  }
}
