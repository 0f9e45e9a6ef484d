// Runs a suite on several models: a warm-up call per model (not counted), then every case at every temperature as
// many times as asked, models side by side and up to `concurrency` calls at once per model. Every answer becomes one
// row with its measures and assertion results; a failing model only fills its own rows with errors.
import pLimit from "p-limit";
import type {
  AssertionResult,
  CallError,
  CaseAnswer,
  ModelAbilities,
  WarmupResult,
} from "../../contract/compare";
import { plannedAnswers } from "../../contract/compare";
import type { Config } from "../config";
import { AppError, toUserError, type Lang } from "../../contract/errors";
import { withoutExtractiveFraming } from "../../contract/extractiveFraming";
import { priceUsage } from "../models/pricing";
import type { ModelGateway } from "../models/gateway";
import {
  checkAssertion,
  checkStability,
  isRefusal,
  labelsOf,
  meanPairwise,
  tokenJaccard,
  type AnswerView,
} from "./assertions";
import { abilitiesOf, annotateOnce, promptMessages, streamAnswer, type CallOutcome } from "./calls";
import {
  CASE_LEVEL_ASSERTIONS,
  JUDGED_ASSERTIONS,
  expectedFields,
  type Suite,
  type SuiteCase,
} from "./suite";
import type { RefineRule } from "../../contract/refine";
import { refineRule as refineRule_ } from "../models/refineSettings";
import { Grounder } from "../quality/grounder";
import { JudgeCache, judgeCachePath } from "../quality/judgeCache";
import { assessAnswer, type AssessOptions } from "./assess";
import { draftRefineOnce, parsePipeline, type PipelineOutcome } from "./pipeline";

/** One answer: a case × model × temperature × run; the case view shows the contract's part of it. */
export interface ResultRow extends CaseAnswer {
  caseId: string;
  criterion: string;
  kind: SuiteCase["kind"];
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  refused: boolean | null;
}

export interface CompareOptions {
  models: string[];
  suite: Suite;
  config: Config;
  gateway: ModelGateway;
  /** Runs of every case (a case's `repeat` can ask for more); the suite's default, else 1. */
  runs?: number;
  /** The suite's default, else [config.TEMPERATURE]. */
  temperatures?: number[];
  /** Calls in flight at once per model (default 1, so that latencies are not queueing times). */
  concurrency?: number;
  /** Deadline of one call (default MODEL_TIMEOUT_MS). */
  timeoutMs?: number;
  warmup?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
  onRow?: (row: ResultRow) => void;
  /** Rubric judges in order (RUBRIC_JUDGE by default); the first that is not the answering model scores it. */
  judges?: string[];
  /** Score every prompt case with the default rubric, not only those whose suite asks. */
  rubric?: boolean;
  /** Let models judge their own answers (the rubric, and GROUNDING_JUDGE). */
  allowSelfJudge?: boolean;
  /** The groundedness judge (GROUNDING_JUDGE by default; none: the offline check). */
  groundingJudge?: string;
  /** When draft → refine entries refine (REFINE_* by default). */
  refineRule?: RefineRule;
  /** The judges' verdict cache (DATA_DIR/judge-cache by default, when a judge is used). */
  judgeCache?: JudgeCache;
}

export interface CompareRun {
  suite: Suite;
  models: string[];
  runs: number;
  temperatures: number[];
  concurrency: number;
  timeoutMs: number;
  startedAt: string;
  finishedAt: string;
  /** True when the run was stopped before every row was made. */
  interrupted: boolean;
  warmups: WarmupResult[];
  /** In model, temperature, case, run order. */
  rows: ResultRow[];
}

export interface RunPlan {
  runs: number;
  temperatures: number[];
  concurrency: number;
  timeoutMs: number;
  total: number;
}

/** Runs of a case: the run count, or the case's own `repeat` when larger. */
export function runsOf(c: SuiteCase, runs: number): number {
  return Math.max(runs, c.repeat);
}

export function planRun(
  options: Pick<
    CompareOptions,
    "models" | "suite" | "config" | "runs" | "temperatures" | "concurrency" | "timeoutMs"
  >,
): RunPlan {
  const runs = options.runs ?? options.suite.defaults.runs ?? 1;
  const temperatures = [
    ...new Set(options.temperatures ?? options.suite.defaults.temperatures ?? [options.config.TEMPERATURE]),
  ];
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const timeoutMs = options.timeoutMs ?? options.config.MODEL_TIMEOUT_MS;
  return {
    runs,
    temperatures,
    concurrency,
    timeoutMs,
    total: plannedAnswers(
      options.suite.cases.map((c) => c.repeat),
      runs,
      temperatures.length,
      options.models.length,
    ),
  };
}

/** Why a model cannot do a case: stored in Romanian (the CLI's files), shown in the page's language (noteIn). */
const INAPPLICABLE = {
  annotate: { ro: "modelul nu adnotează", en: "the model does not annotate" },
  text: {
    ro: "modelul nu generează text (doar adnotează)",
    en: "the model does not generate text (it only annotates)",
  },
  sources: {
    ro: "modelul extractiv răspunde doar din surse, iar cazul nu are surse",
    en: "the extractive model answers only from sources, and the case has none",
  },
} as const;

/** Why a model cannot do a case, or null when it can. */
export function inapplicable(abilities: ModelAbilities, c: SuiteCase): string | null {
  if (c.kind === "annotation") return abilities.annotate ? null : INAPPLICABLE.annotate.ro;
  if (abilities.chat === false) return INAPPLICABLE.text.ro;
  if (abilities.chat === "grounded" && !c.sources) return INAPPLICABLE.sources.ro;
  return null;
}

/** A row's note in `lang`: the notes above are translated, any other is shown as stored. */
export function noteIn(note: string, lang: Lang): string {
  const known = Object.values(INAPPLICABLE).find((n) => n.ro === note);
  return known ? known[lang] : note;
}

const WARMUP_CASE = {
  prompt: "Ce a anunțat primăria? Răspunde într-o propoziție.",
  sources: ["Primăria a anunțat că drumul județean va fi reparat până în toamnă."],
};
const WARMUP_TEXT = "Primăria a anunțat că drumul județean va fi reparat până în toamnă.";

function emptyRow(c: SuiteCase, model: string, temperature: number, run: number): ResultRow {
  return {
    caseId: c.id,
    criterion: c.criterion,
    kind: c.kind,
    model,
    temperature,
    run,
    status: "n/a",
    pass: null,
    score: null,
    text: "",
    annotation: null,
    latencyMs: null,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: null,
    refused: null,
    jsonValid: null,
    assertions: [],
    error: null,
  };
}

function meanScore(results: AssertionResult[]): number | null {
  if (results.length === 0) return null;
  return results.reduce((sum, r) => sum + r.score, 0) / results.length;
}

/** Sets status, pass and score from the outcome and the assertion results. */
export function settle(row: ResultRow, failure: CallOutcome["failure"]): void {
  if (failure === "error") {
    row.status = "error";
    row.pass = false;
    row.score = 0;
    return;
  }
  const pass = failure === null && row.assertions.every((a) => a.pass);
  row.pass = pass;
  row.status = pass ? "ok" : "fail";
  row.score = failure === "invalid" ? 0 : (meanScore(row.assertions) ?? (pass ? 1 : 0));
}

/** One answered row: measures from the call, answer-level assertions judged. */
export function judgeRow(
  c: SuiteCase,
  model: string,
  temperature: number,
  run: number,
  outcome: CallOutcome,
): ResultRow {
  const row = emptyRow(c, model, temperature, run);
  row.text = outcome.text;
  row.annotation = outcome.annotation;
  row.latencyMs = outcome.latencyMs;
  row.ttftMs = outcome.ttftMs;
  row.finishReason = outcome.finishReason;
  row.error = outcome.error;
  if (outcome.usage) {
    const priced = priceUsage(model, outcome.usage);
    row.inputTokens = priced.inputTokens;
    row.outputTokens = priced.outputTokens;
    row.costUsd = priced.costUsd;
  }
  // A draft → refine entry: each part priced by its own model, the parts kept.
  if ("parts" in outcome) {
    const { parts, costUsd } = outcome as PipelineOutcome;
    row.parts = parts;
    row.costUsd = costUsd;
  }
  if (outcome.failure !== "error") {
    // The offline extractive model's label is not its answer: assertions judge what follows it.
    const judged = withoutExtractiveFraming(outcome.text);
    row.refused = c.kind === "prompt" ? isRefusal(judged.text, outcome.finishReason) : null;
    const view: AnswerView = {
      text: judged.text,
      framingLeftOut: judged.framed,
      annotation: outcome.annotation,
      latencyMs: outcome.latencyMs,
      ttftMs: outcome.ttftMs,
      finishReason: outcome.finishReason,
    };
    const expected = c.kind === "annotation" ? c.expected : undefined;
    const answerLevel = c.assert.filter(
      (a) => !CASE_LEVEL_ASSERTIONS.has(a.type) && !JUDGED_ASSERTIONS.has(a.type),
    );
    row.assertions = answerLevel.map((a) => checkAssertion(a, view, expected));
    // JSON validity: the annotation call's own verdict, else the first plain is-json assertion of a prompt case.
    const jsonCheck = answerLevel.findIndex((a) => a.type === "is-json" && !a.not);
    row.jsonValid = outcome.jsonValid ?? (jsonCheck >= 0 ? (row.assertions[jsonCheck]?.pass ?? null) : null);
  }
  settle(row, outcome.failure);
  return row;
}

/** Similarity of the runs of one case: token Jaccard of answers, or agreement of gold-field labels. */
export function runSimilarity(c: SuiteCase, rows: ResultRow[]): number | null {
  const answered = rows.filter((r) => r.status !== "error" && r.status !== "n/a");
  if (c.kind === "prompt")
    return meanPairwise(
      answered.map((r) => r.text),
      tokenJaccard,
    );
  const fields = expectedFields(c.expected);
  const useFields = fields.length ? fields : (["ton", "populism", "tema"] as const).slice();
  return meanPairwise(
    answered.map((r) => labelsOf(r.annotation, [...useFields])),
    (a, b) => (a !== null && a === b ? 1 : 0),
  );
}

/** Adds the case-level assertions (`stable`) to the rows of one case × model × temperature. */
function judgeCase(c: SuiteCase, rows: ResultRow[]): void {
  const caseLevel = c.assert.filter((a) => a.type === "stable");
  if (caseLevel.length === 0) return;
  const similarity = runSimilarity(c, rows);
  for (const assertion of caseLevel) {
    const outcome = checkStability(assertion, similarity, rows.length);
    for (const row of rows) {
      if (row.status === "error" || row.status === "n/a") continue;
      row.assertions.push(outcome);
      // A row that answered with an error attached gave unusable output ("invalid"): it stays failed.
      settle(row, row.error ? "invalid" : null);
    }
  }
}

function errorOf(err: unknown): CallError {
  const user = toUserError(err);
  return { code: err instanceof AppError ? err.code : "internal", message: user.message };
}

async function warmUp(
  model: string,
  abilities: ModelAbilities,
  options: CompareOptions,
  timeoutMs: number,
  temperature: number,
): Promise<WarmupResult> {
  const started = performance.now();
  const ctx = { gateway: options.gateway, temperature, signal: options.signal, timeoutMs };
  const pipeline = parsePipeline(model);
  const outcomes = pipeline
    ? [
        await streamAnswer(pipeline.draft, promptMessages(WARMUP_CASE), ctx),
        await streamAnswer(pipeline.refine, promptMessages(WARMUP_CASE), ctx),
      ]
    : [
        abilities.chat
          ? await streamAnswer(model, promptMessages(WARMUP_CASE), ctx)
          : await annotateOnce(model, WARMUP_TEXT, ctx),
      ];
  const failed = outcomes.find((o) => o.failure !== null);
  return {
    model,
    ok: !failed,
    ms: Math.round(performance.now() - started),
    error: failed?.error ?? null,
  };
}

/** The judges of a run: the grounder (offline, or a groundedness judge), the rubric judges, and their cache. */
function judgingFor(options: CompareOptions, timeoutMs: number) {
  const { config, gateway } = options;
  const groundingJudge = options.groundingJudge ?? config.GROUNDING_JUDGE;
  const judges = options.judges ?? config.RUBRIC_JUDGE;
  const needsCache = !options.judgeCache && (groundingJudge || judges.length);
  const cache = options.judgeCache ?? (needsCache ? new JudgeCache(judgeCachePath(config)) : undefined);
  const grounder = new Grounder({
    config: {
      GROUNDING_JUDGE: groundingJudge,
      GROUNDING_JUDGE_TIMEOUT_MS: config.GROUNDING_JUDGE_TIMEOUT_MS,
    },
    gateway,
    cache,
  });
  const assessOptions: AssessOptions = {
    gateway,
    grounder,
    cache,
    judges,
    rubricForAll: options.rubric,
    allowSelfJudge: options.allowSelfJudge,
    timeoutMs,
    signal: options.signal,
  };
  return { options: assessOptions, close: () => (needsCache ? cache?.close() : undefined) };
}

/** Sorts rows in place into model, temperature, case, run order (the order they arrive in depends on latencies). */
export function orderRows(
  rows: ResultRow[],
  models: readonly string[],
  temperatures: readonly number[],
  suite: Pick<Suite, "cases">,
): ResultRow[] {
  const modelIndex = new Map(models.map((m, i) => [m, i]));
  const temperatureIndex = new Map(temperatures.map((t, i) => [t, i]));
  const caseIndex = new Map(suite.cases.map((c, i) => [c.id, i]));
  return rows.sort(
    (a, b) =>
      modelIndex.get(a.model)! - modelIndex.get(b.model)! ||
      temperatureIndex.get(a.temperature)! - temperatureIndex.get(b.temperature)! ||
      caseIndex.get(a.caseId)! - caseIndex.get(b.caseId)! ||
      a.run - b.run,
  );
}

/** Runs the comparison; never throws for a model's failure (its rows say what happened). */
export async function runComparison(options: CompareOptions): Promise<CompareRun> {
  const plan = planRun(options);
  const { suite, models } = options;
  const startedAt = new Date().toISOString();
  const rows: ResultRow[] = [];
  const warmups: WarmupResult[] = [];
  let done = 0;
  const record = (row: ResultRow) => {
    rows.push(row);
    done += 1;
    options.onRow?.(row);
    options.onProgress?.({ done, total: plan.total });
  };
  options.onProgress?.({ done: 0, total: plan.total });
  const judging = judgingFor(options, plan.timeoutMs);
  const refineRule = options.refineRule ?? refineRule_(options.config);

  const runModel = async (model: string) => {
    let abilities: ModelAbilities;
    try {
      abilities = abilitiesOf(model);
    } catch (err) {
      // An id that names no model: every row says so, the other models go on.
      const error = errorOf(err);
      for (const temperature of plan.temperatures) {
        for (const c of suite.cases) {
          for (let run = 1; run <= runsOf(c, plan.runs); run++) {
            const row = emptyRow(c, model, temperature, run);
            row.status = "error";
            row.pass = false;
            row.score = 0;
            row.error = error;
            record(row);
          }
        }
      }
      warmups.push({ model, ok: false, ms: 0, error });
      return;
    }
    if (options.warmup !== false && !options.signal?.aborted) {
      warmups.push(await warmUp(model, abilities, options, plan.timeoutMs, plan.temperatures[0]!));
    }
    const limit = pLimit(plan.concurrency);
    const groups: Promise<void>[] = [];
    for (const temperature of plan.temperatures) {
      for (const c of suite.cases) {
        groups.push(
          limit(async () => {
            const runs = runsOf(c, plan.runs);
            const reason = inapplicable(abilities, c);
            if (reason) {
              for (let run = 1; run <= runs; run++)
                record({ ...emptyRow(c, model, temperature, run), note: reason });
              return;
            }
            const caseRows: ResultRow[] = [];
            for (let run = 1; run <= runs; run++) {
              if (options.signal?.aborted) return;
              const ctx = {
                gateway: options.gateway,
                temperature,
                signal: options.signal,
                timeoutMs: plan.timeoutMs,
              };
              const pipeline = parsePipeline(model);
              const outcome =
                c.kind === "prompt"
                  ? pipeline
                    ? await draftRefineOnce(pipeline, c, promptMessages(c), ctx, refineRule)
                    : await streamAnswer(model, promptMessages(c), ctx, { maxTokens: c.maxTokens })
                  : await annotateOnce(model, c.text, ctx);
              if (options.signal?.aborted) return;
              const row = judgeRow(c, model, temperature, run, outcome);
              if (row.status === "ok" || row.status === "fail") {
                const assessment = await assessAnswer(c, model, row.text, judging.options);
                if (options.signal?.aborted) return;
                if (assessment.grounding) row.grounding = assessment.grounding;
                if (assessment.rubric) row.rubric = assessment.rubric;
                if (assessment.assertions.length) {
                  row.assertions.push(...assessment.assertions);
                  settle(row, row.error ? "invalid" : null);
                }
              }
              caseRows.push(row);
            }
            judgeCase(c, caseRows);
            for (const row of caseRows) record(row);
          }),
        );
      }
    }
    await Promise.all(groups);
  };

  try {
    await Promise.all(models.map(runModel));
  } finally {
    judging.close();
  }

  orderRows(rows, models, plan.temperatures, suite);
  const modelIndex = new Map(models.map((m, i) => [m, i]));
  warmups.sort((a, b) => modelIndex.get(a.model)! - modelIndex.get(b.model)!);
  return {
    suite,
    models,
    runs: plan.runs,
    temperatures: plan.temperatures,
    concurrency: plan.concurrency,
    timeoutMs: plan.timeoutMs,
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: rows.length < plan.total,
    warmups,
    rows,
  };
}
