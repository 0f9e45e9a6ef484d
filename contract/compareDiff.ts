// GET /api/compare/diff?a=&b=: two past comparisons side by side, as promptfoo's viewer compares an eval with a
// previous one: both runs' headers, per model the pass rate and latency a → b, and per case (matched by id, prompt
// variant and content) whether each model was fixed, broke or stayed the same. Built by server/compare/runDiff.ts;
// the page's "Compară cu…" shows it (client/src/components/compare/CompareDiff.tsx); docs/compare.md, "Two
// comparisons".
import { z } from "zod";
import { CompareHistoryItemSchema } from "./compareHistory";

/** GET /api/compare/diff?a=<runId>&b=<runId>: `a` the earlier (the baseline), `b` the one compared with it. */
export const CompareDiffQuerySchema = z.object({
  a: z.string().trim().min(1).max(200),
  b: z.string().trim().min(1).max(200),
});
export type CompareDiffQuery = z.infer<typeof CompareDiffQuerySchema>;

/**
 * What became of a case for a model from a to b: fixed (failed → passed), broke (passed → failed), same (anything
 * else seen in both, n/a included), changed (answered in both, but the case itself changed between the runs: its
 * prompt, text, gold labels or assertions; not compared), only_a / only_b (the case, the model or its answers are in
 * one run only; a cell neither run answered is left out).
 */
export const CASE_CHANGES = ["fixed", "broke", "same", "changed", "only_a", "only_b"] as const;
export const CaseChangeSchema = z.enum(CASE_CHANGES);
export type CaseChange = z.infer<typeof CaseChangeSchema>;

/** One run as the diff's header shows it: as the list of past comparisons does, without its best model or owner. */
export const CompareDiffRunSchema = CompareHistoryItemSchema.omit({ best: true, owner: true });
export type CompareDiffRun = z.infer<typeof CompareDiffRunSchema>;

/** A figure in a and in b (null: the run has none, e.g. no answered call). */
const PairSchema = z.object({ a: z.number().nullable(), b: z.number().nullable() });

/** A model present in both runs. */
export const CompareDiffModelSchema = z.object({
  model: z.string(),
  /** Share of applicable answers that passed, 0..1; `delta` = b − a (null unless both exist). */
  passRate: PairSchema.extend({ delta: z.number().nullable() }),
  /** Whole-call latency of answered calls, ms. */
  latencyMean: PairSchema,
  latencyMedian: PairSchema,
});
export type CompareDiffModel = z.infer<typeof CompareDiffModelSchema>;

/** Labels given by a model to an annotation case, per field: every distinct value over its runs and temperatures. */
export const LabelSetSchema = z.record(z.string(), z.array(z.string()));
export type LabelSet = z.infer<typeof LabelSetSchema>;

/** One model on one case. `passed`: every applicable answer passed (null: none applicable, or no answer). */
export const CompareDiffCellSchema = z.object({
  model: z.string(),
  passedA: z.boolean().nullable(),
  passedB: z.boolean().nullable(),
  change: CaseChangeSchema,
  /** Annotation cases whose labels differ between the runs: the label sets of a and b. */
  labels: z.object({ a: LabelSetSchema, b: LabelSetSchema }).optional(),
});
export type CompareDiffCell = z.infer<typeof CompareDiffCellSchema>;

export const CompareDiffCaseSchema = z.object({
  caseId: z.string(),
  /** The prompt variant the case ran under ("a"), or null. */
  variant: z.string().nullable(),
  /** The case's title in the asker's language (b's, else a's), else its id. */
  title: z.string(),
  kind: z.enum(["prompt", "annotation"]),
  /**
   * Same id and variant in both runs, but not the same case: its content (prompt, system prompt, annotated text, gold
   * labels, assertions…) changed between them, as two unrelated "Suita mea" numbered `caz-1…` alike. Absent otherwise.
   */
  contentChanged: z.literal(true).optional(),
  /** One cell per model of either run that answered the case in either run. */
  models: z.array(CompareDiffCellSchema),
});
export type CompareDiffCase = z.infer<typeof CompareDiffCaseSchema>;

export const CompareDiffResponseSchema = z.object({
  a: CompareDiffRunSchema,
  b: CompareDiffRunSchema,
  /**
   * The suites differ (another suite, or one's own suite edited: a case added, removed or changed) but share cases of
   * the same content: only those are compared.
   */
  suiteMismatch: z.boolean(),
  /** A run still running, interrupted, stopped or failed: its figures are over the answers it has. */
  partial: z.boolean(),
  /** The models of both runs, in a's order, with their figures. */
  models: z.array(CompareDiffModelSchema),
  /** Models in one run only. */
  onlyA: z.array(z.string()),
  onlyB: z.array(z.string()),
  cases: z.array(CompareDiffCaseSchema),
  /** How many (case, model) cells changed each way. */
  counts: z.object({
    fixed: z.number().int().nonnegative(),
    broke: z.number().int().nonnegative(),
    same: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    only_a: z.number().int().nonnegative(),
    only_b: z.number().int().nonnegative(),
  }),
});
export type CompareDiffResponse = z.infer<typeof CompareDiffResponseSchema>;
