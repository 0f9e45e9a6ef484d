// The annotation workbench's API (issue #13), defined once: REST payloads under /api/workbench and the live job
// events on the socket. The server validates every inbound payload with these schemas; the page imports the same
// module for its types, bounds and label lists. docs/workbench.md lists the routes that carry them.
import { z } from "zod";
import { TONES, TOPICS } from "./annotation";
import type { UserError } from "./errors";
import { FiltersSchema, TemperatureSchema } from "./settings";

/** Where every workbench route lives. */
export const WORKBENCH_BASE = "/api/workbench";

/** The labels a person gives and agreement is computed on: the categorical fields of the annotation schema. */
export const REVIEW_FIELDS = ["ton", "populism", "anti_elitism", "popor_central", "tema"] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];
export const ReviewFieldSchema = z.enum(REVIEW_FIELDS);

/** The allowed values of each review field as strings (booleans as "true"/"false"), in display order. */
export const REVIEW_FIELD_VALUES: Record<ReviewField, readonly string[]> = {
  ton: TONES,
  populism: ["true", "false"],
  anti_elitism: ["true", "false"],
  popor_central: ["true", "false"],
  tema: TOPICS,
};

/** Bounds the page shows and the server enforces. */
export const WORKBENCH_LIMITS = {
  /** Models in one run. */
  maxModels: 6,
  /** Repeats of every (row, model) in one run, for run-to-run agreement. */
  maxRepeats: 10,
  /** Rows of one results page. */
  maxPageRows: 500,
  /** Characters of text a results row carries; the whole text comes from the item route. */
  rowTextChars: 280,
  /** Rows of an upload's preview. */
  previewRows: 20,
  /** Metadata columns kept per row. */
  maxMetaColumns: 30,
  /** Bootstrap resamples for agreement intervals. */
  maxResamples: 5000,
  /** Calls in flight one run may ask for (the shared job pool caps all runs together). */
  maxConcurrency: 16,
  /** Size of the random review sample kept apart for the unbiased agreement estimate. */
  maxSampleSize: 5000,
} as const;

const Id = z.string().trim().min(1).max(100);
const Name = z.string().trim().min(1).max(200);
const ColumnName = z.string().min(1).max(300);
/** An annotator's name, given by the client until accounts exist (issue #16). */
export const AnnotatorSchema = z.string().trim().min(1).max(100);

// ---------------------------------------------------------------------------------------------------------------
// Models, codebook, estimate

/** GET /models: what a run may use. */
export interface WorkbenchModel {
  id: string;
  provider: string;
  offline: boolean;
  /** Part of the configured chain (MODEL_PRIMARY, MODEL_FALLBACK). */
  inChain: boolean;
  /** Where its cost estimate comes from (server/models/pricing.json). */
  pricing: "table" | "free" | "local" | "unknown";
  /** USD per million tokens, when the price table has the model. */
  price?: { input: number; output: number };
}

export interface WorkbenchModelsResponse {
  models: WorkbenchModel[];
  /** Providers a run may name any model of (`provider:model`), and whether each is configured. */
  providers?: { provider: string; configured: boolean }[];
  defaults: { temperature: number; repeats: number; concurrency: number };
  limits: { maxUploadBytes: number; maxRows: number; maxModels: number; maxRepeats: number };
}

/** GET /codebook: the codebook in use (server/annotation/codebook.ts). */
export interface CodebookResponse {
  version: string;
  title: string;
  /** docs/codebook.md, exactly. */
  markdown: string;
  fields: { name: string; values: string; definition: string; rules: string[] }[];
  changelog: { version: string; date: string; changes: string[] }[];
}

const ModelIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z-]+:.+$/, "provider:model")
  .max(200);

export const RunSettingsSchema = z
  .object({
    datasetId: Id,
    models: z.array(ModelIdSchema).min(1).max(WORKBENCH_LIMITS.maxModels),
    /** Ignored by models without a temperature (the lexicon). Default 0. */
    temperature: TemperatureSchema.optional(),
    /** How often every row is annotated by every model. Default 1. */
    repeats: z.number().int().min(1).max(WORKBENCH_LIMITS.maxRepeats).optional(),
    /** Calls in flight for this run at most (the job pool's limit still applies). Default: the pool's size. */
    concurrency: z.number().int().min(1).max(WORKBENCH_LIMITS.maxConcurrency).optional(),
  })
  .strict();
export type RunSettings = z.infer<typeof RunSettingsSchema>;

/** POST /estimate takes RunSettings. */
export interface ModelEstimate {
  model: string;
  /** Model calls (rows × repeats); an upper bound, since cached answers cost nothing. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricing: WorkbenchModel["pricing"];
}

export interface EstimateResponse {
  datasetId: string;
  rows: number;
  repeats: number;
  models: ModelEstimate[];
  total: { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** How the figures were made (tokens ≈ characters / 4, the codebook prompt counted on every call). */
  basis: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Uploads and data sets

export const UPLOAD_FORMATS = ["csv", "tsv", "xlsx", "jsonl"] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** POST /uploads (multipart/form-data, field `file`) → 201: the file kept server-side, and a look at it. */
export interface UploadPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  format: UploadFormat;
  /** The detected (or given) encoding; "utf-8" for XLSX. */
  encoding: string;
  encodingMethod: string;
  /** For CSV/TSV. */
  delimiter?: string;
  hasHeader: boolean;
  /** For XLSX: the sheet read (the first). */
  sheet?: string;
  columns: string[];
  /** The first rows, every cell as text. */
  rows: Record<string, string>[];
  /** A mapping guessed from the column names; the page shows it for the person to confirm. */
  suggested: Partial<ColumnMapping>;
}

/** A gold column: which review field it holds, and how its values translate (`0,1,2 → negativ,neutru,pozitiv`). */
export const GoldColumnSchema = z
  .object({
    field: ReviewFieldSchema,
    column: ColumnName,
    /** Raw value → label of the field; values not listed are read as labels themselves (booleans: 1/0, da/nu). */
    values: z.record(z.string().max(200), z.string().max(200)).optional(),
  })
  .strict();
export type GoldColumn = z.infer<typeof GoldColumnSchema>;

export const ColumnMappingSchema = z
  .object({
    text: ColumnName,
    /** Rows without an id (or without this column) get the first 16 hex digits of the SHA-256 of their text. */
    id: ColumnName.optional(),
    meta: z.array(ColumnName).max(WORKBENCH_LIMITS.maxMetaColumns).optional(),
    gold: z.array(GoldColumnSchema).max(REVIEW_FIELDS.length).optional(),
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export const ReviewSampleSchema = z
  .object({
    size: z.number().int().min(0).max(WORKBENCH_LIMITS.maxSampleSize),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  })
  .strict();
export type ReviewSample = z.infer<typeof ReviewSampleSchema>;

export const CreateDatasetSchema = z
  .object({
    uploadId: Id,
    name: Name.optional(),
    mapping: ColumnMappingSchema,
    /** Forces an encoding instead of the detected one ("windows-1250", "iso-8859-2", "utf-8"). */
    encoding: z.string().trim().min(1).max(40).optional(),
    reviewSample: ReviewSampleSchema.optional(),
  })
  .strict();
export type CreateDatasetRequest = z.infer<typeof CreateDatasetSchema>;

/** POST /datasets/from-corpus: the cleaned corpus, filtered like the chat, all of it or a seeded random sample. */
export const CorpusDatasetSchema = z
  .object({
    name: Name.optional(),
    filters: FiltersSchema.optional(),
    /** Draws this many records at random (the same seed draws the same records); without it, every match. */
    sample: z
      .object({
        size: z.number().int().min(1).max(1_000_000),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1),
      })
      .strict()
      .optional(),
    reviewSample: ReviewSampleSchema.optional(),
  })
  .strict();
export type CorpusDatasetRequest = z.infer<typeof CorpusDatasetSchema>;

/** Why a row of the input was not imported. */
export const SKIP_REASONS = [
  "csv_malformed",
  "json_malformed",
  "not_object",
  "empty_text",
  "text_too_long",
] as const;
export type DatasetSkipReason = (typeof SKIP_REASONS)[number];

/** The per-line error report of an import (the CLI importer's, plus gold values that map to no label). */
export interface ImportReport {
  rows: number;
  skipped: Partial<Record<DatasetSkipReason, { count: number; lines: number[] }>>;
  skippedTotal: number;
  /** Gold values that are not a label of their field (after the value map), per field, with a few examples. */
  goldUnmapped: Partial<Record<ReviewField, { count: number; values: string[] }>>;
  /** Characters the decoder could not map (U+FFFD), a sign of a wrong encoding. */
  invalidChars: number;
  /** Ids that repeated and got "#2", "#3". */
  duplicateIds: number;
  warnings: string[];
  durationMs: number;
}

export type DatasetSource = "upload" | "corpus" | "cli";

export interface DatasetSummary {
  id: string;
  name: string;
  source: DatasetSource;
  /** The uploaded file's name, or a description of the corpus selection. */
  sourceFile: string;
  format: UploadFormat | "corpus";
  encoding: string;
  rows: number;
  /** Size of the source file in bytes (0 for corpus selections). */
  bytes: number;
  createdAt: string;
  mapping: ColumnMapping;
  goldFields: ReviewField[];
  metaColumns: string[];
  reviewSample: ReviewSample;
  report: ImportReport;
  /** The user it belongs to ("local" with AUTH=off and from the CLI): a member sees their own, an admin all. */
  userId?: string;
}

export interface DatasetResponse {
  dataset: DatasetSummary;
  runs: RunSummary[];
}

export interface DatasetsResponse {
  datasets: DatasetSummary[];
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs (generic) and runs

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

// ---------------------------------------------------------------------------------------------------------------
// Results, items, review

/** Labels of the review fields; booleans as booleans. */
export const ReviewLabelsSchema = z
  .object({
    ton: z.enum(TONES).optional(),
    populism: z.boolean().optional(),
    anti_elitism: z.boolean().optional(),
    popor_central: z.boolean().optional(),
    tema: z.enum(TOPICS).optional(),
  })
  .strict()
  .refine((labels) => Object.values(labels).some((v) => v !== undefined), "at least one field");
export type ReviewLabels = z.infer<typeof ReviewLabelsSchema>;

export const RESULT_FILTERS = [
  "models_disagree",
  "runs_disagree",
  "low_confidence",
  "failed",
  "unreviewed",
] as const;
export const RESULT_SORTS = ["idx", "confidence", "priority"] as const;

/** GET /runs/:id/results query (strings in the URL, coerced). */
export const ResultsQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(WORKBENCH_LIMITS.maxPageRows).default(100),
    /** `field:value`, e.g. `ton:negativ`: some model (or `labelModel`) gave that label. */
    label: z
      .string()
      .regex(/^[a-z_]+:[a-z_]+$/)
      .optional(),
    labelModel: z.string().max(200).optional(),
    /** Comma-separated RESULT_FILTERS, all of which must hold. */
    filter: z.string().max(200).optional(),
    /** Disagreement on this field only; any review field by default. */
    field: ReviewFieldSchema.optional(),
    /** "low_confidence" means a confidence below this. */
    minConfidence: z.coerce.number().min(0).max(1).default(0.6),
    /** Text contains (case-insensitive). */
    q: z.string().max(200).optional(),
    sort: z.enum(RESULT_SORTS).default("idx"),
    order: z.enum(["asc", "desc"]).default("asc"),
    /** With `blind=1`, model labels of rows this annotator has not labelled yet are withheld. */
    annotator: AnnotatorSchema.optional(),
    blind: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
  })
  .strict();
export type ResultsQuery = z.infer<typeof ResultsQuerySchema>;

/** A model's annotation of a row as the table shows it. */
export interface RowAnnotation {
  model: string;
  /** Which of the run's repeats (1-based). */
  repeat: number;
  /** The review fields as strings ("true"/"false" for booleans); empty when the row failed. */
  labels: Partial<Record<ReviewField, string>>;
  confidence: number | null;
  tinta: string | null;
  justificare: string | null;
  dovezi: string[];
  error: { code: string; message: string } | null;
  codebookVersion: string;
  temperature: number | null;
  /** Annotated under a codebook version other than the current one. */
  olderCodebook: boolean;
  createdAt: string;
}

export interface RowFlags {
  /** Fields on which the models' first repeats differ. */
  modelsDisagree: ReviewField[];
  /** Fields on which a model's repeats differ. */
  runsDisagree: ReviewField[];
  minConfidence: number | null;
  failed: number;
  /** Outcomes recorded for this row (models × repeats when complete). */
  done: number;
  /** The review queue's priority (higher first). */
  priority: number;
  /** People who labelled this row, and whether it was adjudicated. */
  reviewers: string[];
  adjudicated: boolean;
  /** In the random review sample kept apart. */
  inSample: boolean;
}

export interface ResultRow {
  idx: number;
  itemId: string;
  /** At most WORKBENCH_LIMITS.rowTextChars characters. */
  text: string;
  textLength: number;
  meta: Record<string, string>;
  gold: Partial<Record<ReviewField, string>>;
  /** Null when withheld (blind mode, not yet labelled by the annotator). */
  annotations: RowAnnotation[] | null;
  flags: RowFlags;
}

export interface ResultsPage {
  runId: string;
  /** Rows that match the filters. */
  total: number;
  offset: number;
  rows: ResultRow[];
  /** Rows in the data set, and rows with every outcome recorded. */
  datasetRows: number;
  complete: number;
}

/** A person's label (or an adjudication) of a row, with who and when. */
export interface HumanReviewLabel {
  datasetId: string;
  idx: number;
  annotator: string;
  labels: Partial<Record<ReviewField, string>>;
  note: string | null;
  /** The person had not seen any model's labels for this row when saving (blind mode). */
  blind: boolean;
  codebookVersion: string;
  createdAt: string;
  updatedAt: string;
}

export const SaveLabelSchema = z
  .object({
    annotator: AnnotatorSchema,
    labels: ReviewLabelsSchema,
    note: z.string().max(2000).optional(),
  })
  .strict();
export type SaveLabelRequest = z.infer<typeof SaveLabelSchema>;

export const SaveAdjudicationSchema = z
  .object({
    adjudicator: AnnotatorSchema,
    labels: ReviewLabelsSchema,
    note: z.string().max(2000).optional(),
  })
  .strict();
export type SaveAdjudicationRequest = z.infer<typeof SaveAdjudicationSchema>;

/** GET /runs/:id/items/:idx?annotator=&blind=1: a whole row for review. */
export interface ItemDetail {
  runId: string;
  datasetId: string;
  idx: number;
  itemId: string;
  text: string;
  meta: Record<string, string>;
  gold: Partial<Record<ReviewField, string>>;
  /** Null when withheld: blind mode and the annotator has not saved a label for this row. */
  annotations: RowAnnotation[] | null;
  /** Other people's labels; null when withheld like the models'. */
  labels: HumanReviewLabel[] | null;
  /** The annotator's own label, when there is one. */
  mine: HumanReviewLabel | null;
  adjudication: HumanReviewLabel | null;
  flags: RowFlags;
  withheld: boolean;
}

export const QueueQuerySchema = z
  .object({
    annotator: AnnotatorSchema,
    /** `priority`: what most needs a person first; `sample`: the random sample kept apart, in its seeded order. */
    mode: z.enum(["priority", "sample"]).default("priority"),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    minConfidence: z.coerce.number().min(0).max(1).default(0.6),
    /**
     * A cursor (1.2): the index of the last row of the previous page; the rows that come after it in the queue's
     * order, by that row's place now (its priority, or its rank in the sample). Without it, the queue from the start.
     */
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export interface QueueEntry {
  idx: number;
  itemId: string;
  priority: number;
  /** Why it is in the queue: "models_disagree", "runs_disagree", "low_confidence", "failed", "sample", "rest". */
  reasons: string[];
}

export interface QueueResponse {
  runId: string;
  annotator: string;
  mode: "priority" | "sample";
  items: QueueEntry[];
  /** Rows of this mode the annotator has not labelled yet. */
  remaining: number;
  /** Rows of this mode in all. */
  total: number;
}

export interface LabelsResponse {
  labels: HumanReviewLabel[];
  adjudications: HumanReviewLabel[];
}

// ---------------------------------------------------------------------------------------------------------------
// Agreement

export const AgreementQuerySchema = z
  .object({
    /** `all` rows a person labelled, or only the random `sample` (the unbiased estimate). */
    items: z.enum(["all", "sample"]).default("all"),
    resamples: z.coerce.number().int().min(0).max(WORKBENCH_LIMITS.maxResamples).default(1000),
    seed: z.coerce.number().int().min(0).default(42),
  })
  .strict();
export type AgreementQuery = z.infer<typeof AgreementQuerySchema>;

/** A statistic with its percentile bootstrap 95% interval; null where undefined (one class only, no data). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export type CoderKind = "human" | "model" | "gold" | "adjudicated";

/** Who gave labels: a person, a model (its first repeat, or `repeat` for run–run), gold, the adjudication. */
export interface Coder {
  key: string;
  kind: CoderKind;
  name: string;
  repeat?: number;
}

export type PairKind = "human-human" | "human-model" | "model-model" | "run-run";

export interface PairAgreement {
  a: string;
  b: string;
  kind: PairKind;
  /** Rows both labelled. */
  n: number;
  kappa: Estimate;
  /** Share of rows with the same label. */
  observed: number;
  /** confusion[a's label][b's label], for heatmaps. */
  confusion: { labels: string[]; counts: number[][] };
}

export interface ReferenceScore {
  coder: string;
  n: number;
  accuracy: Estimate;
  macroF1: Estimate;
}

export interface FieldAgreement {
  field: ReviewField;
  /** Krippendorff's α (nominal) among the people, among all coders, and across each model's repeats. */
  alphaHumans: Estimate & { coders: number; units: number };
  alphaAll: Estimate & { coders: number; units: number };
  alphaRuns: Record<string, Estimate & { coders: number; units: number }>;
  pairs: PairAgreement[];
  /** Which labels count as true: gold where the data set has it, else the adjudicated ones. */
  reference: "gold" | "adjudicated" | null;
  vsReference: ReferenceScore[];
  /** Label counts per coder, for the distribution chart. */
  distribution: Record<string, Record<string, number>>;
}

export interface ModelVerdict {
  model: string;
  field: ReviewField;
  /** Mean κ of the model with each person, and the people's mean κ among themselves. */
  modelHuman: Estimate;
  humanHuman: Estimate;
  /** null when there are fewer than two people or no shared rows. */
  reaches: boolean | null;
  ro: string;
  en: string;
}

export interface AgreementReport {
  runId: string;
  datasetId: string;
  items: "all" | "sample";
  /** Rows at least one person labelled (within `items`). */
  n: number;
  coders: Coder[];
  fields: FieldAgreement[];
  verdicts: ModelVerdict[];
  /** One sentence per language on whether the models reach the people's agreement. */
  summary: { ro: string; en: string };
  resamples: number;
  seed: number;
}

/** GET /runs/:id/methods: the methods paragraph, ready to paste. */
export interface MethodsResponse {
  ro: string;
  en: string;
}

export const EXPORT_FORMATS = ["csv", "xlsx", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Live job events (socket.io)

export const JobSubscribeSchema = z
  .object({
    /** One job's room; without it, every job (the page's list). */
    jobId: Id.optional(),
  })
  .strict();
export type JobSubscribePayload = z.infer<typeof JobSubscribeSchema>;

export interface JobProgressEvent {
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  progress: JobProgress;
  /** ISO time the server made this event. */
  at: string;
}

export interface JobStatusEvent {
  job: Job;
}

export interface JobServerToClientEvents {
  /** Throttled (a few per second per job) while it runs. */
  "job:progress": (e: JobProgressEvent) => void;
  /** Created, claimed, stopped, resumed, done or failed (also for jobs started by the CLI or another instance). */
  "job:status": (e: JobStatusEvent) => void;
}

export interface JobClientToServerEvents {
  "job:subscribe": (
    payload: JobSubscribePayload,
    ack?: (result: { ok: true; data: { jobs: Job[] } } | { ok: false; error: UserError }) => void,
  ) => void;
  "job:unsubscribe": (payload: JobSubscribePayload) => void;
}
