// Workbench payloads of agreement (Krippendorff's α, Cohen's κ with bootstrap intervals, verdicts), the methods
// paragraph and the export formats.
import { z } from "zod";
import { WORKBENCH_LIMITS, type ReviewField } from "./base";

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
