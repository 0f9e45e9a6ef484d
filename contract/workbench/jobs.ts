// Workbench payloads of jobs (annotation runs and corpus imports alike) and their progress, and of runs.
import type { UserError } from "../errors";
import type { WorkbenchModel } from "./models";

export const JOB_STATUSES = ["queued", "running", "stopped", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_KINDS = ["annotation-run", "corpus-import"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Progress of one model of an annotation run. */
export interface ModelProgress {
  model: string;
  /** Rows × repeats. */
  total: number;
  /** Outcomes recorded, failed ones included. */
  done: number;
  failed: number;
  cached: number;
  /** Outcomes per second over the last seconds of this session of the job. */
  ratePerS: number;
  /** Seconds to go at that rate; null while unknown. */
  etaS: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricing: WorkbenchModel["pricing"];
  /** Calls allowed in flight now (halves on 429). */
  concurrency: number;
  /** The most frequent reasons its rows failed, most frequent first (a few at most); absent when none failed. */
  failures?: FailureReason[];
}

/** One reason rows of a run failed: the error code, one message it came with, and how many rows. */
export interface FailureReason {
  code: string;
  message: string;
  count: number;
}

/** A stage of a multi-stage job (issue #14's import → clean → index). */
export interface StageProgress {
  name: string;
  done: number;
  total: number;
}

export interface JobProgress {
  total: number;
  done: number;
  failed: number;
  etaS: number | null;
  /** Annotation runs: one entry per model. */
  models?: ModelProgress[];
  stages?: StageProgress[];
  /**
   * Corpus jobs: the job is waiting for another change of the corpus (a job on another instance, or a command line
   * import, clean or index) to finish before it starts.
   */
  waiting?: "corpus_change";
}

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  /**
   * What the job works on (the run and its data set for an annotation run, the import record for a corpus job), and
   * the user who started it.
   */
  params: { runId?: string; datasetId?: string; importId?: string; userId?: string };
  progress: JobProgress;
  /** Why it failed (or the fatal error that stopped it), in the request's language. */
  error: UserError | null;
  /** Where it was started. */
  origin: "page" | "cli";
  /** The instance running it, while it runs. */
  owner: string | null;
  heartbeatAt: string | null;
  stopRequested: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobsResponse {
  jobs: Job[];
}

export interface RunSummary {
  id: string;
  datasetId: string;
  jobId: string;
  models: string[];
  /** As asked; each model's annotations record their own (null for the lexicon). */
  temperature: number;
  repeats: number;
  /** Calls in flight this run asked for, at most (the shared pool's size caps it). */
  concurrency?: number;
  codebookVersion: string;
  /** The first 12 hex digits of the SHA-256 of each model's prompt (codebook prompt, or the lexicon's version). */
  promptHashes: Record<string, string>;
  createdAt: string;
  origin: "page" | "cli";
  /** Annotations made under a codebook version other than the current one. */
  olderCodebookRows: number;
}

/** POST /runs → 202; GET /runs/:id. */
export interface RunResponse {
  run: RunSummary;
  job: Job;
}
