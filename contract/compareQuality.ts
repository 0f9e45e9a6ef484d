// What a comparison reports beyond speed and pass rates (issue #17): groundedness on the suite's grounded cases, the
// rubric judge's scores, the draft → refine parts, and the failure modes with their examples. Part of results.json
// (ModelSummary, contract/compare.ts) and of each answer (CaseAnswer); docs/compare.md describes every figure.
import type { Grounding } from "./grounding";

// ---- Grounding ----

/** Per model, over its answers to cases with sources (`results.json` → models[].grounding). */
export interface GroundingFigures {
  /** Citations naming no shown source ÷ all citations; null when the model cited nothing. */
  invalidCitationRate: number | null;
  /** Unsupported sentences ÷ sentences that make a claim; null when no answer made one. */
  unsupportedRate: number | null;
  /** Mean groundedness over answers that make at least one claim; null when none did. */
  meanScore: number | null;
  /** Grounded answers measured. */
  answers: number;
  citations: number;
  invalidCitations: number;
  claims: number;
  unsupported: number;
  /** Who measured: the offline check, or judges (the models named). */
  method: "lexical" | "judge" | "mixed";
  judges: string[];
}

// ---- The rubric ----

export interface RubricCriterion {
  id: string;
  /** Romanian, as the judge and the report show it. */
  label: string;
  description: string;
}

/** The default criteria (the course's quality rubric), scored 1 to 5. */
export const DEFAULT_RUBRIC: readonly RubricCriterion[] = [
  { id: "coerenta", label: "Coerență", description: "ideile se leagă logic, fără contradicții sau salturi" },
  {
    id: "factualitate",
    label: "Factualitate",
    description:
      "afirmațiile sunt corecte; unde există surse, sunt susținute de ele, fără cifre sau nume inventate",
  },
  { id: "concizie", label: "Concizie", description: "spune ce trebuie, fără umplutură și repetiții" },
  {
    id: "rol",
    label: "Respectarea rolului",
    description: "urmează rolul și instrucțiunile din promptul de sistem și din cerere",
  },
];

/** One answer's rubric verdict: which judge, with which prompt, the scores and their mean. */
export interface RubricVerdict {
  judge: string;
  promptVersion: string;
  /** By criterion id, 1..5. */
  scores: Record<string, number>;
  mean: number;
  /** The judge's one-sentence reason, in Romanian. */
  reason?: string;
  /** Read from the verdict cache (no call made). */
  cached: boolean;
}

/** Why an answer's rubric was not scored: no judge other than the model itself, or the judge failed. */
export interface RubricSkip {
  skipped: string;
  /** `skipped` in English, for the English page. */
  skippedEn?: string;
}

export interface RubricFigures {
  /** Mean of the answers' means, 1..5; null when none was scored. */
  mean: number | null;
  byCriterion: Record<string, number | null>;
  /** Answers scored. */
  n: number;
  /** Answers with a rubric assertion that no judge scored, and why (counted by reason). */
  unscored: Record<string, number>;
  /** Which judge scored how many of this model's answers. */
  judges: Record<string, number>;
  promptVersion: string | null;
}

// ---- Draft → refine ----

export interface PartFigures {
  model: string;
  ms: number;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** One answer of a draft → refine entry: both parts, whether the refine step ran and why. */
export interface AnswerParts {
  draft: PartFigures;
  refine: PartFigures | null;
  refined: boolean;
  reason: string;
  /** The refining call's error code, when it ran and failed (the draft stood). */
  refineError?: string;
}

export interface PartTotals {
  model: string;
  latency: { mean: number; p50: number; p95: number; n: number } | null;
  tokens: { input: number; output: number };
  costUsd: number;
}

/** Per draft → refine entry (`models[].pipeline`): each part, the combined figures and how often refine ran. */
export interface PipelineFigures {
  draft: PartTotals;
  refine: PartTotals;
  combined: { latency: { mean: number; p50: number; p95: number; n: number } | null; costUsd: number };
  answers: number;
  /** Answers whose refine step ran (also when it failed). */
  refineRuns: number;
  refineRate: number | null;
  refineFailures: number;
}

// ---- Failure modes ----

export const FAILURE_MODES = [
  "hallucinated_citations",
  "unsupported_claims",
  "refusals",
  "truncations",
  "instability",
  "ignored_role",
] as const;
export type FailureModeId = (typeof FAILURE_MODES)[number];

export interface FailureExample {
  caseId: string;
  title: string;
  /** The case's English title, when the suite gives one. */
  titleEn?: string;
  temperature: number;
  run: number;
  /** Why, in Romanian. */
  reason: string;
  /** Why, in English (absent from runs stored before it was written). */
  reasonEn?: string;
  /** The start of the answer. */
  excerpt: string;
}

export interface FailureMode {
  count: number;
  /** Answers (or, for instability, case × temperature groups) where it could happen. */
  of: number;
  /** The first few. */
  examples: FailureExample[];
}

export type FailureModes = Record<FailureModeId, FailureMode>;

/** What one answer of a comparison carries besides its assertions (CaseAnswer and the runner's rows). */
export interface AnswerQuality {
  /** Cases with sources only. */
  grounding?: Grounding | null;
  rubric?: RubricVerdict | RubricSkip | null;
  parts?: AnswerParts | null;
}
