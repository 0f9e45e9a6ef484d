// What the workbench keeps (data sets and their rows, runs, annotations, people's labels), behind one interface whose
// every method returns a Promise: SQLite now (./sqlite/), PostgreSQL when a class shares a deployment (issue #16).
import type {
  DatasetGuidelines,
  FailureReason,
  ColumnMapping,
  DatasetSource,
  DatasetSummary,
  EvidenceSpan,
  HumanReviewLabel,
  ImportReport,
  LabelStatus,
  QueueQuery,
  QueueResponse,
  ResultsPage,
  ResultsQuery,
  ReviewField,
  ReviewSample,
  RowAnnotation,
  RowFlags,
  RunSummary,
  UploadFormat,
} from "../../contract/workbench";

/** A row of a data set as stored. */
export interface DatasetItem {
  idx: number;
  itemId: string;
  text: string;
  meta: Record<string, string>;
  gold: Partial<Record<ReviewField, string>>;
}

export interface NewDataset {
  name: string;
  source: DatasetSource;
  sourceFile: string;
  format: UploadFormat | "corpus";
  encoding: string;
  bytes: number;
  mapping: ColumnMapping;
  /** SHA-256 of the source file and mapping, so that the CLI reuses a data set it imported before. */
  contentHash: string | null;
  /** The user it belongs to; "local" (AUTH=off, the CLI) when absent. */
  userId?: string;
}

/** A run as it is created: its summary without what the store gives it (id, time) or counts (older codebook rows). */
export type NewRun = Omit<RunSummary, "id" | "createdAt" | "olderCodebookRows">;

/** One outcome of the batch engine, as stored: unique per (run, row, model, repeat). */
export interface StoredOutcome {
  idx: number;
  model: string;
  repeat: number;
  /** The whole annotation as JSON, or null when the call failed. */
  annotation: string | null;
  labels: Partial<Record<ReviewField, string>>;
  confidence: number | null;
  error: { code: string; message: string; detail?: string } | null;
  codebookVersion: string;
  temperature: number | null;
  promptHash: string;
  ms: number;
  cached: boolean;
  repaired: boolean;
  inputTokens: number;
  outputTokens: number;
  createdAt: string;
}

/** What a run has recorded per model (the source of truth for progress after a restart). */
export interface ModelCounts {
  model: string;
  done: number;
  failed: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  /** Failed outcomes by error code, with one message of each (see failureSummary in progress.ts). */
  failures?: FailureReason[];
}

/** Everything agreement needs about the rows people labelled (or the sample), in one read. */
export interface AgreementData {
  /** Rows in scope, ascending. */
  idxs: number[];
  /** models[model][repeat - 1][i] = the label of field on row idxs[i] (null: missing or failed). */
  models: Record<string, Record<ReviewField, (string | null)[]>[]>;
  /** People's labels; a `skipped` save is no label (null), an `unsure` one counts. */
  humans: Record<string, Record<ReviewField, (string | null)[]>>;
  gold: Record<ReviewField, (string | null)[]>;
  adjudicated: Record<ReviewField, (string | null)[]>;
  /**
   * People's evidence spans: evidence[person][i] = the spans they marked on row idxs[i] (null: none, or a skipped
   * save); only people who marked some. Absent where the reader has no spans to give.
   */
  evidence?: Record<string, (EvidenceSpan[] | null)[]>;
}

/** A person's save on a row as the store takes it: `status` is `labelled` when absent; a `skipped` one keeps no labels. */
export type LabelInput = Omit<HumanReviewLabel, "createdAt" | "updatedAt" | "status"> & {
  status?: LabelStatus;
};

/** One line of an export: a row × model × repeat with the people's labels of that row. */
export interface ExportLine {
  item: DatasetItem;
  outcome: StoredOutcome | null;
  labels: HumanReviewLabel[];
  adjudication: HumanReviewLabel | null;
}

export interface WorkbenchStore {
  /** Starts a data set, invisible until committed. */
  beginDataset(dataset: NewDataset): Promise<string>;
  /** Appends rows (in one transaction per call). */
  addItems(datasetId: string, items: DatasetItem[]): Promise<void>;
  /** Makes the data set visible with its report and review sample (the sample's row indexes, in order). */
  commitDataset(
    datasetId: string,
    result: { rows: number; report: ImportReport; reviewSample: ReviewSample; sampleIdxs: number[] },
  ): Promise<DatasetSummary>;
  /** Removes a data set that was not committed (a failed import), rows and all. */
  abortDataset(datasetId: string): Promise<void>;
  /** Removes imports that a crash left uncommitted; returns how many. */
  removeUncommitted(olderThanMs: number): Promise<number>;
  getDataset(id: string): Promise<DatasetSummary | null>;
  findDatasetByHash(contentHash: string): Promise<DatasetSummary | null>;
  /** Every committed data set, or the ones a user sees: their own and those shared with the class. */
  listDatasets(filter?: { userId?: string }): Promise<DatasetSummary[]>;
  deleteDataset(id: string): Promise<boolean>;
  /** Shares a committed data set with the class or stops sharing it; the data set as it is now, null if none. */
  setShared(id: string, shared: boolean): Promise<DatasetSummary | null>;
  /** Whether members review a shared data set blind (the owner's choice); the data set as it is now, null if none. */
  setBlindReview(id: string, blindReview: boolean): Promise<DatasetSummary | null>;
  setReviewSample(id: string, sample: ReviewSample, sampleIdxs: number[]): Promise<void>;
  /**
   * Labels per row (contract/workbench/overlap.ts): k, or null for everyone labels every row; the data set as it is
   * now, null if none. The queues (`queue`, `datasetQueue`) read it: rows outside the sample with k labels leave them.
   */
  setOverlap(id: string, overlap: number | null): Promise<DatasetSummary | null>;
  /** The data set's annotation guidelines; null when none were written (or the data set is not there). */
  getGuidelines(id: string): Promise<DatasetGuidelines | null>;
  /**
   * Writes the guidelines (stamped now, by `updatedBy`), or clears them with `text` null; returns them as stored now.
   * False when there is no such committed data set. With `expectedUpdatedAt` (the version the editor loaded; null:
   * none), guidelines of another version are kept and GuidelinesConflict thrown, checked and written atomically
   * (./guidelinesConflict.ts); without it the save overwrites.
   */
  setGuidelines(
    id: string,
    text: string | null,
    updatedBy: string,
    expectedUpdatedAt?: string | null,
  ): Promise<{ guidelines: DatasetGuidelines | null } | false>;

  /** Rows in index order from `fromIdx`, at most `limit` of them. */
  items(datasetId: string, fromIdx: number, limit: number): Promise<DatasetItem[]>;
  /** The same rows' index and text only (what a run annotates: no metadata or gold to parse). */
  texts(datasetId: string, fromIdx: number, limit: number): Promise<{ idx: number; text: string }[]>;
  getItem(datasetId: string, idx: number): Promise<DatasetItem | null>;
  /** Rows and characters of text, for the cost estimate. */
  textStats(datasetId: string): Promise<{ rows: number; chars: number }>;

  createRun(run: NewRun): Promise<RunSummary>;
  getRun(id: string): Promise<RunSummary | null>;
  findRunByJob(jobId: string): Promise<RunSummary | null>;
  listRuns(datasetId: string): Promise<RunSummary[]>;
  /** `${idx}:${repeat}` of the outcomes a model already has for rows in [fromIdx, toIdx). */
  doneKeys(runId: string, model: string, fromIdx: number, toIdx: number): Promise<Set<string>>;
  /** Stores outcomes (a repeated one is ignored: at most one per row × model × repeat) and updates the rows' flags. */
  saveOutcomes(runId: string, outcomes: StoredOutcome[]): Promise<number>;
  modelCounts(runId: string): Promise<ModelCounts[]>;

  results(runId: string, query: ResultsQuery): Promise<ResultsPage>;
  outcomesOf(runId: string, idx: number): Promise<RowAnnotation[]>;
  flagsOf(runId: string, idx: number, minConfidence: number): Promise<RowFlags>;
  queue(runId: string, query: QueueQuery): Promise<QueueResponse>;
  /** The queue of a data set before (or apart from) any run: no flags, so every row outside the sample is "rest". */
  datasetQueue(datasetId: string, query: QueueQuery): Promise<QueueResponse>;
  /** Whether a row is in the data set's review sample, as stored (import or the last redraw). */
  inSample(datasetId: string, idx: number): Promise<boolean>;

  /**
   * Saves a person's label on a row. With `expectedUpdatedAt` (the version the page read; null: none), a stored label
   * of another version is kept and LabelConflict thrown, checked and written atomically (./labelConflict.ts).
   */
  saveLabel(label: LabelInput, expectedUpdatedAt?: string | null): Promise<HumanReviewLabel>;
  /** An adjudication is always `labelled`. */
  saveAdjudication(
    label: Omit<HumanReviewLabel, "createdAt" | "updatedAt" | "blind" | "status">,
  ): Promise<HumanReviewLabel>;
  labelsOf(
    datasetId: string,
    idx: number,
  ): Promise<{ labels: HumanReviewLabel[]; adjudication: HumanReviewLabel | null }>;
  listLabels(datasetId: string): Promise<{ labels: HumanReviewLabel[]; adjudications: HumanReviewLabel[] }>;

  agreementData(runId: string, scope: "all" | "sample"): Promise<AgreementData>;
  /** Export lines of rows [fromIdx, fromIdx + limit), in row, model, repeat order. */
  exportLines(runId: string, fromIdx: number, limit: number): Promise<ExportLine[]>;

  close(): Promise<void>;
}
