// Workbench payloads of agreement (Krippendorff's α, Cohen's κ with bootstrap intervals, verdicts), the methods
// paragraph and the export formats.
import { z } from "zod";
import { WORKBENCH_LIMITS, type ReviewField } from "./base";
import type { EvidenceAgreement } from "./evidenceAgreement";

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
  /**
   * Set on the one coder (key `peers`) that stands for a member's classmates under blind review: how many people it
   * folds together. Their figures are means or pooled, and no classmate is named (docs/access.md).
   */
  peers?: number;
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
  /**
   * confusion[the reference's label][the coder's label] on the rows both labelled, for the model × gold (or
   * adjudicated) heatmap; a model's failed rows, which accuracy counts as wrong, have no label to place here.
   */
  confusion?: { labels: string[]; counts: number[][] };
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

/**
 * Rows below which κ, α, accuracy and F1 are not shown, and a pair of coders does not count towards a verdict: with
 * fewer than 10 shared rows one row moves κ by 0.1 or more and the bootstrap interval collapses to a point
 * ([0.00, 0.00] at n = 1), so a figure would only mislead. 10 is the smallest n at which a single disagreement moves
 * observed agreement by at most 0.1 (docs/workbench.md).
 */
export const MIN_AGREEMENT_ROWS = 10;

/**
 * The people's mean κ among themselves must be above this for their agreement to serve as a reference: 0.40 is the
 * top of Landis & Koch's (1977) "fair" band, so the reference is at least "moderate" (0.41–0.60). Below it people
 * agree little beyond chance, and a model that "reaches" them reaches noise (docs/workbench.md, "The verdict").
 */
export const HUMAN_KAPPA_FLOOR = 0.4;

/**
 * What a verdict rests on. Only `reaches` and `below` are verdicts; the others say why there is none:
 * - `fewPeople`: fewer than two people labelled the field;
 * - `tooFewRows`: no two people share at least MIN_AGREEMENT_ROWS labelled rows;
 * - `peopleUndefined`: they do, but κ between them is undefined (one label throughout, no chance baseline);
 * - `peopleDisagree`: the people's mean κ is at most HUMAN_KAPPA_FLOOR, so there is no reference;
 * - `modelUnmeasured`: the model's κ with those people is undefined or rests on too few rows;
 * - `tooUncertain`: the model's κ is not below the people's interval, but that interval's lower end is at most
 *   HUMAN_KAPPA_FLOOR, so "reaching" it would take no more than "fair" agreement (at n = 10 the lower end is often
 *   below 0, and any κ from there up would reach it): too few rows for a verdict.
 */
export const VERDICT_STATUSES = [
  "reaches",
  "below",
  "fewPeople",
  "tooFewRows",
  "peopleUndefined",
  "peopleDisagree",
  "modelUnmeasured",
  "tooUncertain",
] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

export interface ModelVerdict {
  model: string;
  field: ReviewField;
  /**
   * Mean κ of the model with each person, and the people's mean κ among themselves, over the pairs that share at
   * least MIN_AGREEMENT_ROWS rows and have κ defined (both null when no pair does).
   */
  modelHuman: Estimate;
  humanHuman: Estimate;
  status: VerdictStatus;
  /** true or false only when `status` is a verdict (`reaches`, `below`); null when there is no reference to reach. */
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
  /** The people's agreement on the words they marked as evidence (1.26); absent from servers before it. */
  evidence?: EvidenceAgreement;
}

/** GET /runs/:id/methods: the methods paragraph, ready to paste. */
export interface MethodsResponse {
  ro: string;
  en: string;
}

export const EXPORT_FORMATS = ["csv", "xlsx", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
