// From rows to figures: per model latency and time-to-first-token distributions, throughput, tokens and cost, JSON
// validity, pass rates per criterion, annotation agreement with the gold labels, stability per temperature. Pure.
import type { Lang } from "../../contract/errors";
import { CODEBOOK_VERSION, EVAL_FIELDS, type EvalField } from "../../contract/annotation";
import type {
  AnnotationSummary,
  CompareResults,
  Distribution,
  FieldAgreement,
  ModelAbilities,
  ModelSummary,
  StabilityAtTemperature,
  TemperatureSummary,
} from "../../contract/compare";
import { FIELD_CLASSES } from "../annotation/labels";
import { agreement, type Label } from "../annotation/metrics";
import { priceOf } from "../models/pricing";
import { parseModelId } from "../models/providers";
import { abilitiesOf } from "./calls";
import { failureModes, groundingFigures, pipelineFigures, rubricFigures } from "./qualitySummary";
import { recommend } from "./recommend";
import { runSimilarity, runsOf, type CompareRun, type ResultRow } from "./runner";
import { criterionLabel, type Suite } from "./suite";

/** Linear-interpolated percentile of sorted values (p in 0..1). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function distribution(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { mean, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), n: sorted.length };
}

function rate(values: boolean[]): number | null {
  if (values.length === 0) return null;
  return values.filter(Boolean).length / values.length;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

const answered = (r: ResultRow) => r.status === "ok" || r.status === "fail";
const applicable = (r: ResultRow) => r.status !== "n/a";

export function criteriaOf(suite: Suite): { id: string; label: string }[] {
  const ids = [...new Set(suite.cases.map((c) => c.criterion))];
  return ids.map((id) => ({ id, label: criterionLabel(id) }));
}

/** Agreement of a model's annotations with the suite's gold labels, field by field. */
export function annotationAgreement(suite: Suite, rows: ResultRow[]): AnnotationSummary | null {
  const cases = new Map(suite.cases.map((c) => [c.id, c]));
  const scored = rows.filter((r) => r.kind === "annotation" && applicable(r));
  const fields: Partial<Record<EvalField, FieldAgreement>> = {};
  let compared = 0;
  for (const field of EVAL_FIELDS) {
    const gold: string[] = [];
    const predicted: Label[] = [];
    for (const row of scored) {
      const c = cases.get(row.caseId);
      const value = c?.kind === "annotation" ? c.expected?.[field] : undefined;
      if (value === undefined) continue;
      gold.push(String(value));
      predicted.push(row.annotation ? String(row.annotation[field]) : null);
    }
    if (gold.length === 0) continue;
    compared = Math.max(compared, gold.length);
    const a = agreement(gold, predicted, FIELD_CLASSES[field]);
    fields[field] = { macroF1: a.macroF1, kappa: a.kappa, accuracy: a.accuracy, n: a.n };
  }
  const present = Object.values(fields);
  if (present.length === 0) return null;
  const kappas = present.map((f) => f.kappa).filter((k): k is number => k !== null);
  return {
    macroF1: mean(present.map((f) => f.macroF1)) ?? 0,
    kappa: mean(kappas),
    n: compared,
    fields,
  };
}

export function stabilityAt(suite: Suite, rows: ResultRow[], temperature: number): StabilityAtTemperature {
  const labels: number[] = [];
  const texts: number[] = [];
  for (const c of suite.cases) {
    const caseRows = rows.filter((r) => r.caseId === c.id && r.temperature === temperature);
    const similarity = runSimilarity(c, caseRows);
    if (similarity === null) continue;
    (c.kind === "prompt" ? texts : labels).push(similarity);
  }
  const labelAgreement = mean(labels);
  const textSimilarity = mean(texts);
  const parts = [labelAgreement, textSimilarity].filter((v): v is number => v !== null);
  return {
    temperature,
    labelAgreement,
    textSimilarity,
    score: mean(parts),
    cases: labels.length + texts.length,
  };
}

function passRateOf(rows: ResultRow[]): number | null {
  return rate(rows.filter(applicable).map((r) => r.pass === true));
}

function jsonRateOf(rows: ResultRow[]): { rate: number | null; checked: number } {
  const checked = rows.filter((r) => answered(r) && r.jsonValid !== null);
  return { rate: rate(checked.map((r) => r.jsonValid === true)), checked: checked.length };
}

function safeAbilities(model: string): ModelAbilities | null {
  try {
    return abilitiesOf(model);
  } catch {
    // Not a model id: its rows are errors and it has no abilities to report.
    return null;
  }
}

function providerOf(model: string): string {
  // A draft → refine entry: the providers of its parts.
  if (model.includes(">"))
    return model
      .split(">")
      .map((m) => providerOf(m.trim()))
      .join(">");
  try {
    return parseModelId(model).provider;
  } catch {
    // Not a provider:model id: the part before the colon is the best name there is.
    return model.split(":")[0] ?? model;
  }
}

export function summarizeModel(
  run: Pick<CompareRun, "suite" | "temperatures" | "warmups" | "runs">,
  model: string,
  rows: ResultRow[],
): ModelSummary {
  const mine = rows.filter((r) => r.model === model);
  // The model's share of the whole suite (every case, its runs, every temperature), answered or not: "of the whole
  // suite" means this, also for a run stopped early, where answered rows alone would flatter a model that did few.
  const planned = run.suite.cases.reduce((n, c) => n + runsOf(c, run.runs), 0) * run.temperatures.length;
  const suiteRows = Math.max(planned, mine.length);
  const done = mine.filter(answered);
  const latency = distribution(done.map((r) => r.latencyMs).filter((v): v is number => v !== null));
  const ttftMs = distribution(done.map((r) => r.ttftMs).filter((v): v is number => v !== null));
  const withUsage = done.filter((r) => r.outputTokens !== null && r.latencyMs !== null);
  const seconds = withUsage.reduce((s, r) => s + r.latencyMs! / 1000, 0);
  const outputWithUsage = withUsage.reduce((s, r) => s + r.outputTokens!, 0);
  const json = jsonRateOf(mine);

  const passRateByCriterion: Record<string, number | null> = {};
  for (const { id } of criteriaOf(run.suite))
    passRateByCriterion[id] = passRateOf(mine.filter((r) => r.criterion === id));

  const finishReasons: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const r of mine) {
    if (r.finishReason) finishReasons[r.finishReason] = (finishReasons[r.finishReason] ?? 0) + 1;
    if (r.status === "error" && r.error) errors[r.error.code] = (errors[r.error.code] ?? 0) + 1;
  }

  const byTemperature = run.temperatures.map((temperature): TemperatureSummary => {
    const at = mine.filter((r) => r.temperature === temperature);
    return {
      temperature,
      passRate: passRateOf(at),
      jsonValidRate: jsonRateOf(at).rate,
      latency: distribution(
        at
          .filter(answered)
          .map((r) => r.latencyMs)
          .filter((v): v is number => v !== null),
      ),
      annotationMacroF1: annotationAgreement(run.suite, at)?.macroF1 ?? null,
      stability: stabilityAt(run.suite, at, temperature),
    };
  });

  return {
    model,
    provider: providerOf(model),
    abilities: safeAbilities(model),
    available: done.length > 0,
    warmup: run.warmups.find((w) => w.model === model) ?? null,
    calls: {
      total: mine.length,
      ok: mine.filter((r) => r.status === "ok").length,
      fail: mine.filter((r) => r.status === "fail").length,
      error: mine.filter((r) => r.status === "error").length,
      na: mine.filter((r) => r.status === "n/a").length,
    },
    latency,
    ttftMs,
    tokensPerSecond: seconds > 0 && withUsage.length > 0 ? outputWithUsage / seconds : null,
    tokens: {
      input: mine.reduce((s, r) => s + (r.inputTokens ?? 0), 0),
      output: mine.reduce((s, r) => s + (r.outputTokens ?? 0), 0),
    },
    cost: {
      usd: Math.round(mine.reduce((s, r) => s + (r.costUsd ?? 0), 0) * 1e8) / 1e8,
      pricing: priceOf(model).basis,
    },
    jsonValidRate: json.rate,
    jsonChecked: json.checked,
    passRate: passRateOf(mine),
    suiteScore: suiteRows ? mine.filter((r) => r.pass === true).length / suiteRows : 0,
    passRateByCriterion,
    annotation: annotationAgreement(run.suite, mine),
    stability: { byTemperature: byTemperature.map((t) => t.stability) },
    finishReasons,
    refusals: mine.filter((r) => r.refused === true).length,
    truncations: mine.filter((r) => r.finishReason === "length").length,
    errors,
    byTemperature,
    grounding: groundingFigures(mine),
    rubric: rubricFigures(mine),
    ...(model.includes(">") ? { pipeline: pipelineFigures(model, mine, distribution) } : {}),
    failureModes: failureModes(run.suite, mine),
  };
}

/**
 * The figures of a run (finished or in progress), with the recommendation only when every row is in: a run stopped
 * before its end (by its user or its server) has figures over the answers it got but no recommendation, since a
 * model that answered a handful of cases would be ranked on them (docs/compare.md, "Oprită = fără recomandare").
 */
export function summarize(
  run: CompareRun,
  options: { recommend?: boolean; lang?: Lang } = {},
): CompareResults {
  const models = run.models.map((m) => summarizeModel(run, m, run.rows));
  return {
    version: 1,
    suite: {
      id: run.suite.id,
      name: run.suite.name,
      cases: run.suite.cases.length,
      criteria: criteriaOf(run.suite),
    },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    interrupted: run.interrupted,
    codebookVersion: CODEBOOK_VERSION,
    options: {
      models: run.models,
      runs: run.runs,
      temperatures: run.temperatures,
      concurrency: run.concurrency,
      timeoutMs: run.timeoutMs,
    },
    models,
    recommendation: options.recommend === false || run.interrupted ? null : recommend(models, options.lang),
  };
}
