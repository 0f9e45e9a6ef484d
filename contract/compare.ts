// The payloads of /api/compare (the "Compară modele" page), defined once for the server that builds them and the client
// that shows them; the comparison in the chat is in ./compareChat.ts, the list of past runs in ./compareHistory.ts;
// docs/compare.md describes each request and response.
import { z } from "zod";
import type { Annotation, EvalField } from "./annotation";
import type { ErrorCode, UserError } from "./errors";
import type {
  AnswerQuality,
  FailureModes,
  GroundingFigures,
  PipelineFigures,
  RubricFigures,
} from "./compareQuality";
import type { Usage } from "./protocol";
import { TemperatureSchema } from "./settings";

// ---- Requests ----

/**
 * The bounds of a comparison from a browser, for the schema below and for the page, which checks them before sending:
 * models, runs per case, temperatures, and the answers one run may ask for (cases × runs × temperatures × models).
 */
export const COMPARE_LIMITS = { models: 6, runs: 10, temperatures: 4, answers: 1500 } as const;

/**
 * The bounds of a suite (server/compare/suite.ts validates every suite with them; the page's own-suite editor and its
 * upload check the same numbers before sending): cases, a prompt's or annotated text's characters, sources per case
 * and their characters, a title's characters, assertions per case, and the size of a suite file read in the browser
 * (well under the 2 MB a JSON body may have).
 */
export const SUITE_LIMITS = {
  cases: 500,
  text: 20_000,
  sources: 20,
  sourceChars: 5000,
  title: 200,
  assertions: 20,
  fileBytes: 1024 * 1024,
} as const;

/**
 * The answers a comparison asks for: every case max(runs, its own repeat) times, × temperatures × models. The
 * server plans a run with it and the page counts a form with it, so the two never disagree on the cap.
 */
export function plannedAnswers(
  caseRepeats: readonly number[],
  runs: number,
  temperatures: number,
  models: number,
): number {
  return caseRepeats.reduce((sum, repeat) => sum + Math.max(runs, repeat), 0) * temperatures * models;
}

/** POST /api/compare: a comparison on a suite (a shipped suite's id, or a suite inline). */
export const CompareStartSchema = z
  .object({
    models: z.array(z.string().trim().min(1).max(200)).min(1).max(COMPARE_LIMITS.models),
    suite: z.union([z.string().trim().min(1).max(100), z.record(z.unknown())]).optional(),
    runs: z.number().int().min(1).max(COMPARE_LIMITS.runs).optional(),
    temperatures: z.array(TemperatureSchema).min(1).max(COMPARE_LIMITS.temperatures).optional(),
    concurrency: z.number().int().min(1).max(4).optional(),
    /** Score every prompt case with the rubric judge (RUBRIC_JUDGE), not only those whose suite asks. */
    rubric: z.boolean().optional(),
    /** When draft → refine entries (`draft>refine`) refine; the configuration's REFINE_* by default. */
    refineRule: z
      .object({
        maxDraftWords: z.number().int().min(1).max(100_000).optional(),
        minGrounding: z.number().min(0).max(1).optional(),
        topics: z.array(z.string().min(1).max(40)).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CompareStartRequest = z.infer<typeof CompareStartSchema>;

// ---- One model call ----

export const FINISH_REASONS = ["stop", "length", "content_filter", "tool_calls", "other"] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

export interface CallError {
  code: ErrorCode;
  /** The user-facing message, Romanian (the REST API localises it by Accept-Language). */
  message: string;
}

/** What a model can do in a comparison. */
export interface ModelAbilities {
  /** Answers prompt cases; "grounded" only those that carry sources (the extractive model). */
  chat: "any" | "grounded" | false;
  annotate: boolean;
}

/** Where a cost comes from: the price table, a free model, a local one, or nowhere (not in the table). */
export type PricingBasis = NonNullable<Usage["pricing"]>;

/** Usage with its estimated cost; a subtype of the protocol's Usage, so it travels wherever Usage does. */
export interface PricedUsage extends Usage {
  costUsd: number;
  pricing: PricingBasis;
}

/** The assertions a suite may use (suites are validated by server/compare/suite.ts, which keeps to this list). */
export const ASSERTION_TYPES = [
  "equals",
  "contains",
  "regex",
  "is-json",
  "max-length",
  "min-length",
  "language",
  "list",
  "latency",
  "finish-reason",
  "refusal",
  "annotation",
  "stable",
  "rubric",
] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

export interface AssertionResult {
  type: AssertionType;
  pass: boolean;
  score: number;
  /** Why, in Romanian (report.md, the CLI, the page in Romanian). */
  reason: string;
  /** Why, in English (the page in English); absent on rows stored before it was written. */
  reasonEn?: string;
}

/** ok: every assertion passed; fail: one did not (or the output was unusable); error: the call failed; n/a: the
 * model cannot do this kind of case (the lexicon does not chat, the extractive model only answers from sources). */
export type RowStatus = "ok" | "fail" | "error" | "n/a";

/** One answer of a case, as the side-by-side view shows it (the runner's row adds what the case view holds once). */
export interface CaseAnswer extends AnswerQuality {
  model: string;
  temperature: number;
  /** 1-based. */
  run: number;
  status: RowStatus;
  pass: boolean | null;
  /** Mean assertion score, 0..1. */
  score: number | null;
  text: string;
  annotation: Annotation | null;
  latencyMs: number | null;
  ttftMs: number | null;
  finishReason: FinishReason | null;
  /** Whether JSON that was asked for validated (annotation calls; prompt cases with an is-json assertion). */
  jsonValid: boolean | null;
  assertions: AssertionResult[];
  error: CallError | null;
  /** Why a row is n/a, in Romanian. */
  note?: string;
  /** A person's mark on the answer (PUT /api/compare/:runId/verdict), beside the automatic checks' `pass`. */
  human?: HumanVerdict;
}

// ---- A person's verdict on an answer ----

/** The most characters of the comment a person may keep with a verdict. */
export const HUMAN_COMMENT_MAX = 1000;

export const HUMAN_VERDICTS = ["pass", "fail"] as const;
export type HumanVerdictValue = (typeof HUMAN_VERDICTS)[number];

/** A person's verdict as stored with the answer and shown on the page, in results.csv and report.md. */
export interface HumanVerdict {
  verdict: HumanVerdictValue;
  comment?: string;
  /** Who marked it: the account's name with accounts; without them, the name typed on the page (else "local"). */
  by: string;
  /** ISO 8601. */
  at: string;
}

/**
 * PUT /api/compare/:runId/verdict: marks one answer of a finished (or interrupted) run right or wrong, or clears the
 * mark (`verdict: null`). The answer is named as the run stores it: case, model, temperature, run. `person` is the
 * name typed on the page, used only without accounts (an account is named by its own name, whatever is sent).
 */
export const HumanVerdictSchema = z
  .object({
    caseId: z.string().trim().min(1).max(100),
    model: z.string().trim().min(1).max(401),
    temperature: z.number().min(0).max(2),
    run: z.number().int().min(1).max(100),
    verdict: z.enum(HUMAN_VERDICTS).nullable(),
    comment: z.string().max(HUMAN_COMMENT_MAX).optional(),
    person: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type HumanVerdictRequest = z.infer<typeof HumanVerdictSchema>;

/**
 * Whether a person's verdict on an answer says the opposite of the automatic checks: the person passed an answer the
 * checks failed (a failed call counts as failed), or failed one they passed. An answer that is n/a (the model cannot
 * do the case) has no automatic outcome, so it never disagrees; nor does an unmarked one.
 */
export function humanDisagrees(answer: Pick<CaseAnswer, "status" | "pass" | "human">): boolean {
  if (!answer.human || answer.status === "n/a") return false;
  const checksPassed = answer.status !== "error" && answer.pass === true;
  return (answer.human.verdict === "pass") !== checksPassed;
}

/** PUT /api/compare/:runId/verdict → 200: the answer's mark as stored (null once cleared). */
export interface HumanVerdictResponse {
  caseId: string;
  model: string;
  temperature: number;
  run: number;
  human: HumanVerdict | null;
}

export interface WarmupResult {
  model: string;
  ok: boolean;
  ms: number;
  error: CallError | null;
}

// ---- Suites ----

export interface SuiteInfo {
  /** What POST /api/compare accepts as `suite` ("default" names the default suite too). */
  id: string;
  name: string;
  description?: string;
  cases: number;
  /** Cases per criterion. */
  criteria: { id: string; label: string; cases: number }[];
  defaults: { runs?: number; temperatures?: number[] };
  /** Each case's own repeat count (stability cases ask for more runs), so the page can count a run's answers. */
  repeats?: number[];
  /** Annotation cases: the only ones a model that only annotates (offline:lexicon) can take; absent means none. */
  annotationCases?: number;
  /**
   * Prompt cases that carry sources: the only prompt cases the extractive model (offline:extractive) answers; the
   * others need a model that writes freely. Absent from a suite written on the page (not known there).
   */
  groundedCases?: number;
}

// ---- The figures of a run (results.json) ----

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
  n: number;
}

export interface FieldAgreement {
  macroF1: number;
  kappa: number | null;
  accuracy: number;
  n: number;
}

export interface AnnotationSummary {
  /** Mean macro-F1 over the gold fields the suite labels. */
  macroF1: number;
  /** Mean Cohen's κ over those fields (fields where κ is undefined left out); null when none has one. */
  kappa: number | null;
  /** Annotated answers compared (invalid and failed ones count as wrong). */
  n: number;
  fields: Partial<Record<EvalField, FieldAgreement>>;
}

export interface StabilityAtTemperature {
  temperature: number;
  /** Annotation cases: mean share of run pairs giving the same gold-field labels. */
  labelAgreement: number | null;
  /** Prompt cases: mean token Jaccard similarity between runs' answers. */
  textSimilarity: number | null;
  /** Mean of the two above (those that exist). */
  score: number | null;
  /** Cases with at least two answered runs. */
  cases: number;
}

export interface TemperatureSummary {
  temperature: number;
  passRate: number | null;
  jsonValidRate: number | null;
  latency: Distribution | null;
  annotationMacroF1: number | null;
  stability: StabilityAtTemperature;
}

export interface ModelSummary {
  model: string;
  provider: string;
  abilities: ModelAbilities | null;
  /** False when no call of the model was answered. */
  available: boolean;
  warmup: WarmupResult | null;
  calls: { total: number; ok: number; fail: number; error: number; na: number };
  /** Whole-call latency of answered calls, ms. */
  latency: Distribution | null;
  ttftMs: Distribution | null;
  /** Output tokens per second of call time, over answered calls that reported usage. */
  tokensPerSecond: number | null;
  tokens: { input: number; output: number };
  cost: { usd: number; pricing: PricingBasis };
  /** Share of JSON outputs that validated the first time; null when the model wrote none. */
  jsonValidRate: number | null;
  jsonChecked: number;
  /** Share of applicable answers that passed every assertion (errors count as not passed; n/a rows left out). */
  passRate: number | null;
  /** Passed answers over every row of the suite, n/a counted as not passed: the coverage-aware figure ranking uses. */
  suiteScore: number;
  passRateByCriterion: Record<string, number | null>;
  annotation: AnnotationSummary | null;
  stability: { byTemperature: StabilityAtTemperature[] };
  finishReasons: Record<string, number>;
  refusals: number;
  truncations: number;
  /** Error codes of failed calls with their counts. */
  errors: Record<string, number>;
  byTemperature: TemperatureSummary[];
  // Optional so that results from before issue #17 still read; a run now always fills them.
  /** Groundedness on the suite's cases with sources; null when the model answered none. */
  grounding?: GroundingFigures | null;
  /** The rubric judge's scores; null when no case asked for the rubric. */
  rubric?: RubricFigures | null;
  /** A draft → refine entry's parts; absent for a single model. */
  pipeline?: PipelineFigures;
  failureModes?: FailureModes;
}

export interface RankEntry {
  model: string;
  provider: string;
  eligible: boolean;
  /** Why a model was left out, in Romanian. */
  excludedBecause?: string;
  quality: number;
  /** Cases passed over every row of the model's share of the suite ("n/a" and errors count as not passed). */
  suiteScore: number;
  /** Cases passed over those that apply to the model (the page's "passed" column); absent in older results. */
  passRate?: number | null;
  jsonValidRate: number | null;
  macroF1: number | null;
  latencyP95: number | null;
  /** 1 for the primary; null for models left out. */
  rank: number | null;
}

export interface Recommendation {
  primary: string | null;
  fallback: string | null;
  temperature: number | null;
  /** The reasons as one paragraph: in Romanian in report.md and the CLI, in the asker's language over REST. */
  why: string;
  reasons: string[];
  ranking: RankEntry[];
  rule: string;
}

export interface CompareResults {
  version: 1;
  suite: { id: string; name: string; cases: number; criteria: { id: string; label: string }[] };
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** The codebook the annotation cases were coded with (absent in results written before it was recorded). */
  codebookVersion?: string;
  options: { models: string[]; runs: number; temperatures: number[]; concurrency: number; timeoutMs: number };
  models: ModelSummary[];
  recommendation: Recommendation | null;
}

// ---- Responses of /api/compare ----

/**
 * running: answers are being made; done: every answer made (or stopped by its user: `results.interrupted`); error: the
 * run failed; interrupted: the server running it stopped or died mid-run, and the answers made until then are kept.
 */
export const RUN_STATUSES = ["running", "done", "error", "interrupted"] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** POST /api/compare → 202. */
export interface CompareStartResponse {
  runId: string;
  /** Answers the run will make (cases × runs × temperatures × models). */
  total: number;
}

/**
 * POST /api/compare/suites/check: a suite the page is about to run, checked before it starts: the text of a file the
 * user chose (YAML or JSON, read by the server's parser), or a suite object (the one the page's editor made).
 */
export const SuiteCheckSchema = z
  .object({
    text: z.string().max(SUITE_LIMITS.fileBytes).optional(),
    suite: z.record(z.unknown()).optional(),
  })
  .strict();
export type SuiteCheckRequest = z.infer<typeof SuiteCheckSchema>;

/** The suite as the run would use it: what the form counts answers with, and the object POST /api/compare takes. */
export interface SuiteCheckResponse {
  info: SuiteInfo;
  suite: Record<string, unknown>;
}

/** GET /api/compare/suites. */
export interface CompareSuitesResponse {
  suites: SuiteInfo[];
  /** The id of the default suite, or null when suites/ holds none. */
  default: string | null;
  /** The most answers one run may ask for (COMPARE_LIMITS.answers unless the server sets another). */
  maxAnswers?: number;
}

export interface CaseView {
  id: string;
  criterion: string;
  criterionLabel: string;
  title: string;
  kind: "prompt" | "annotation";
  /** The prompt of a prompt case, the annotated text of an annotation case: what the models got, as they got it. */
  input: string;
  /** An English gloss of `input`, for the English page when the suite gives one (the models never see it). */
  inputEn?: string;
  system?: string;
  sources?: string[];
  expected?: Partial<Record<string, string | boolean>>;
  /** The prompt variant the case ran under ("a"), when its suite says (contract/compareSuiteVariants.ts). */
  variant?: string;
  answers: CaseAnswer[];
}

/** GET /api/compare/:runId. */
export interface CompareRunResponse {
  runId: string;
  status: RunStatus;
  progress: { done: number; total: number };
  createdAt: string;
  finishedAt: string | null;
  request: { models: string[]; suite: SuiteInfo; runs: number; temperatures: number[]; concurrency: number };
  /** The figures so far (same shape as results.json); `recommendation` is null until the run is done. */
  results: CompareResults | null;
  /** Per case, every model's answers; null when asked with ?cases=0. */
  cases: CaseView[] | null;
  error: UserError | null;
}
