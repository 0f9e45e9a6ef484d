// The "Compară modele" page and the comparison in the chat, as pure functions: the summary table's rows, the
// charts' bars (laid out in SVG units), the heatmap of pass rates per criterion, the answers of one case per model,
// the annotation fields models disagree on, polling and the page in the address. No React, no fetch.
import type { AnnotationDifference, ChatCompareResponse } from "../../../contract/compareChat";
import type { CaseAnswer, CaseView, CompareRunResponse } from "../../../contract/compare";
import type { CompareResults, Distribution, SuiteInfo } from "../../../contract/compare";
import type { ModelInfo, ModelsResponse } from "../../../contract/api";
import type { Grounding } from "../../../contract/grounding";
import type { Lang } from "../../../contract/errors";

/** How often a running comparison is polled. */
export const POLL_MS = 500;

export type Page = "chat" | "compare" | "annotate" | "corpus" | "ratings";

export function pageFromSearch(search: string): Page {
  const page = new URLSearchParams(search).get("page");
  return page === "compare" || page === "annotate" || page === "corpus" || page === "ratings" ? page : "chat";
}

/** The address with ?page=compare (annotate, corpus) set, or removed for the chat, the rest kept. Returns path + search + hash. */
export function urlWithPage(href: string, page: Page): string {
  const url = new URL(href);
  if (page !== "chat") url.searchParams.set("page", page);
  else url.searchParams.delete("page");
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The comparison shown on the compare page, in the address as ?comparison=<id>. Not ?run=: the workbench's run stays
 * in the address while another page is open (so its tab comes back to it), and one name for both would send a
 * workbench run's id to /api/compare.
 */
const COMPARISON_PARAM = "comparison";

/** The comparison id of the address, if any (absurd values — too long, control characters — ignored). */
export function comparisonFromSearch(search: string): string | undefined {
  const id = new URLSearchParams(search).get(COMPARISON_PARAM)?.trim();
  if (!id || id.length > 100 || /[\u0000-\u001f]/.test(id)) return undefined;
  return id;
}

/** The address with the comparison set (or removed), the rest kept. Returns path + search + hash. */
export function urlWithComparison(href: string, runId: string | undefined): string {
  const url = new URL(href);
  if (runId) url.searchParams.set(COMPARISON_PARAM, runId);
  else url.searchParams.delete(COMPARISON_PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The compare form's fields, as the page holds them. */
export interface CompareForm {
  checked: Set<string>;
  extra: string;
  suiteId: string;
  runs: number;
  temperatures: string;
}

/** The form a restored run was started with: its models of the chain ticked, the others typed in the extra field. */
export function formOfRequest(request: CompareRunResponse["request"], chain: readonly string[]): CompareForm {
  return {
    checked: new Set(request.models.filter((m) => chain.includes(m))),
    extra: request.models.filter((m) => !chain.includes(m)).join(" "),
    suiteId: request.suite.id,
    runs: request.runs,
    temperatures: request.temperatures.join(" "),
  };
}

/** Keep polling while the run is in progress. */
export function shouldPoll(run: Pick<CompareRunResponse, "status"> | undefined): boolean {
  return run?.status === "running";
}

/** Done / total as a share in 0..1 (0 for an empty run). */
export function progressShare(progress: { done: number; total: number }): number {
  if (progress.total <= 0) return 0;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/** Whether the run's figures and answers are shown: a finished run's, or what an interrupted one kept. */
export function showsResults(run: Pick<CompareRunResponse, "status" | "results"> | undefined): boolean {
  return Boolean(run?.results) && (run?.status === "done" || run?.status === "interrupted");
}

/**
 * What stopped the run before its end, for the page's notice: its user (a stop: done with partial figures), or the
 * server that ran it (stopped or died mid-run: interrupted, with the answers it had stored). Null otherwise.
 */
export function interruptionNotice(
  run: Pick<CompareRunResponse, "status" | "results" | "progress"> | undefined,
): { reason: "user" | "server"; done: number; total: number } | null {
  if (!run) return null;
  const { done, total } = run.progress;
  if (run.status === "interrupted") return { reason: "server", done, total };
  if (run.status === "done" && run.results?.interrupted) return { reason: "user", done, total };
  return null;
}

export type StepState = "done" | "running" | "pending" | "error";

/** The page's visible steps: started, answers being made, summary and recommendation. */
export function runSteps(
  run: Pick<CompareRunResponse, "status" | "progress"> | undefined,
  starting: boolean,
): { id: "start" | "answers" | "summary"; state: StepState }[] {
  if (!run) {
    return [
      { id: "start", state: starting ? "running" : "pending" },
      { id: "answers", state: "pending" },
      { id: "summary", state: "pending" },
    ];
  }
  // An interrupted run's answers stopped short; the figures of those it kept are shown.
  if (run.status === "interrupted") {
    return [
      { id: "start", state: "done" },
      { id: "answers", state: "error" },
      { id: "summary", state: "done" },
    ];
  }
  const failed = run.status === "error";
  const answersDone = run.status === "done" || run.progress.done >= run.progress.total;
  return [
    { id: "start", state: "done" },
    { id: "answers", state: failed && !answersDone ? "error" : answersDone ? "done" : "running" },
    {
      id: "summary",
      state: run.status === "done" ? "done" : failed ? "error" : answersDone ? "running" : "pending",
    },
  ];
}

/** The temperatures as the field shows them in the page's language: "0 0,7" (ro), "0 0.7" (en); parseTemperatures reads both. */
export function temperaturesText(values: readonly number[], lang: Lang): string {
  return values.map((v) => (lang === "ro" ? String(v).replace(".", ",") : String(v))).join(" ");
}

/** "0, 0.7" or "0 0,7" → [0, 0.7]; null when a value is not a number in 0..2 or none is given. */
export function parseTemperatures(text: string): number[] | null {
  // Spaces or ";" separate values; "0,7" is a Romanian decimal, "0,0.7" two values.
  const parts = text
    .split(/[\s;]+/)
    .map((part) => part.replace(/^,+|,+$/g, ""))
    .filter(Boolean)
    .flatMap((part) => (part.includes(".") ? part.split(",") : [part.replace(",", ".")]))
    .filter(Boolean);
  if (parts.length === 0) return null;
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 2)) return null;
  return [...new Set(values)];
}

/** The models to compare: the checked ones in chain order, then the typed ids (comma-separated), without repeats. */
export function chosenModels(
  chain: readonly string[],
  checked: ReadonlySet<string>,
  extra: string,
): string[] {
  const typed = extra
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set([...chain.filter((id) => checked.has(id)), ...typed])];
}

/**
 * The configured models the compare form offers for a suite: those that answer, and those that only annotate
 * (offline:lexicon) only when the suite has annotation cases, the only ones they can take (the server refuses them
 * otherwise).
 */
export function comparableModels(models: ModelsResponse | undefined, suite: SuiteInfo | undefined): string[] {
  const annotates = (suite?.annotationCases ?? 0) > 0;
  return (models?.chain ?? [])
    .filter((m) => m.configured && (m.capabilities.includes("chat") || annotates))
    .map((m) => m.id);
}

/** The kinds of case, as the server tells which a model can take (`inapplicable`, server/compare/runner.ts). */
export type CaseKind = "open" | "grounded" | "annotation";

/**
 * The kinds of case a suite holds. A suite whose grounded prompt cases are not counted (or no suite at all) is taken
 * to hold prompt cases of both kinds, as the default suite does.
 */
export function caseKinds(suite: SuiteInfo | undefined): CaseKind[] {
  const annotation = suite?.annotationCases ?? 0;
  const prompts = suite ? suite.cases - annotation : 1;
  const grounded = suite?.groundedCases;
  const kinds: CaseKind[] = [];
  if (prompts > 0 && (grounded === undefined || grounded < prompts)) kinds.push("open");
  if (prompts > 0 && (grounded === undefined || grounded > 0)) kinds.push("grounded");
  if (annotation > 0) kinds.push("annotation");
  return kinds;
}

/** Whether a model of the chain takes a kind of case: the offline chat model answers only from sources. */
export function takesCase(model: Pick<ModelInfo, "capabilities" | "offline">, kind: CaseKind): boolean {
  if (kind === "annotation") return model.capabilities.includes("annotate");
  if (!model.capabilities.includes("chat")) return false;
  return kind === "grounded" || !model.offline;
}

/** A comparison compares: fewer models than this, and the page says so beside the run button. */
export const MODELS_TO_COMPARE = 2;

/**
 * The models the form checks when it opens (no run to restore): for each kind of case of the suite, models that can
 * take it until two do (or none is left), in the chain's order — the configured main model and its fallbacks first,
 * then the offline ones. Two online models take every kind; with one, the offline models join it; with none, both
 * offline models (the extractive one answers the cases with sources, the lexicon annotates), so that a first run
 * compares something in every kind the configuration can. With nothing that fits, the server's default model. Only
 * models the form offers.
 */
export function preselectedModels(
  models: ModelsResponse | undefined,
  offered: readonly string[],
  suite?: SuiteInfo,
): string[] {
  const candidates = (models?.chain ?? []).filter((m) => m.configured && offered.includes(m.id));
  const picked: ModelInfo[] = [];
  for (const kind of caseKinds(suite)) {
    for (const m of candidates) {
      if (picked.filter((p) => takesCase(p, kind)).length >= MODELS_TO_COMPARE) break;
      if (takesCase(m, kind) && !picked.includes(m)) picked.push(m);
    }
  }
  if (picked.length > 0) return candidates.filter((m) => picked.includes(m)).map((m) => m.id);
  const fallback = models?.defaults.model;
  return fallback && offered.includes(fallback) ? [fallback] : [];
}

/** Models of the chain that can answer in the chat (offline:lexicon only annotates), configured ones. */
export function chatCompareModels(models: ModelsResponse | undefined): string[] {
  return (models?.chain ?? [])
    .filter((m) => m.configured && m.id !== "offline:lexicon" && m.capabilities.includes("chat"))
    .map((m) => m.id);
}

// ---- The summary table ----

export interface SummaryRow {
  model: string;
  role: "primary" | "fallback" | null;
  available: boolean;
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  tokensPerSecond: number | null;
  jsonValidRate: number | null;
  /** Of the cases that apply to the model. */
  passRate: number | null;
  /** Of every case of the suite, n/a and errors as not passed (the recommendation's figure). */
  suiteScore: number | null;
  macroF1: number | null;
  kappa: number | null;
  costUsd: number;
  pricing: string;
}

const p = (d: Distribution | null, key: "p50" | "p95"): number | null => (d ? d[key] : null);

export function summaryRows(results: CompareResults): SummaryRow[] {
  const rec = results.recommendation;
  return results.models.map((m) => ({
    model: m.model,
    role: rec?.primary === m.model ? "primary" : rec?.fallback === m.model ? "fallback" : null,
    available: m.available,
    latencyP50: p(m.latency, "p50"),
    latencyP95: p(m.latency, "p95"),
    ttftP50: p(m.ttftMs, "p50"),
    ttftP95: p(m.ttftMs, "p95"),
    tokensPerSecond: m.tokensPerSecond,
    jsonValidRate: m.jsonValidRate,
    passRate: m.passRate,
    suiteScore: m.calls.total > 0 ? m.suiteScore : null,
    macroF1: m.annotation?.macroF1 ?? null,
    kappa: m.annotation?.kappa ?? null,
    costUsd: m.cost.usd,
    pricing: m.cost.pricing,
  }));
}

// ---- Charts ----

export interface BarGroup {
  label: string;
  values: { series: string; value: number | null }[];
}

export interface Bar {
  group: string;
  series: string;
  /** Index of the series, for the colour. */
  seriesIndex: number;
  value: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarLayout {
  width: number;
  height: number;
  max: number;
  bars: Bar[];
  groups: { label: string; x: number; width: number }[];
  /** Horizontal guide lines, value and y. */
  ticks: { value: number; y: number }[];
}

/** A "nice" upper bound for an axis: 1, 2, 2.5 or 5 × 10^n at or above the value. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * exp >= value) return step * exp;
  return 10 * exp;
}

/**
 * Grouped vertical bars in a width × height box (SVG units). Missing values (null) leave a gap with zero height.
 * `max` fixes the scale (1 for rates); otherwise a nice bound above the largest value.
 */
export function groupedBars(
  groups: BarGroup[],
  options: { width?: number; height?: number; max?: number; gap?: number } = {},
): BarLayout {
  const width = options.width ?? 600;
  const height = options.height ?? 200;
  const gap = options.gap ?? 0.25;
  const values = groups.flatMap((g) => g.values.map((v) => v.value ?? 0));
  const max = options.max ?? niceMax(Math.max(0, ...values));
  const groupWidth = groups.length ? width / groups.length : width;
  const inner = groupWidth * (1 - gap);
  const bars: Bar[] = [];
  const layoutGroups = groups.map((g, gi) => {
    const x0 = gi * groupWidth + (groupWidth - inner) / 2;
    const barWidth = g.values.length ? inner / g.values.length : inner;
    g.values.forEach((v, si) => {
      const h = v.value === null ? 0 : (Math.min(Math.max(v.value, 0), max) / max) * height;
      bars.push({
        group: g.label,
        series: v.series,
        seriesIndex: si,
        value: v.value,
        x: x0 + si * barWidth,
        y: height - h,
        width: barWidth * 0.9,
        height: h,
      });
    });
    return { label: g.label, x: gi * groupWidth, width: groupWidth };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: max * f, y: height - f * height }));
  return { width, height, max, bars, groups: layoutGroups, ticks };
}

/** Latency or TTFT p50 and p95 per model. */
export function distributionGroups(results: CompareResults, field: "latency" | "ttftMs"): BarGroup[] {
  return results.models.map((m) => ({
    label: m.model,
    values: [
      { series: "p50", value: p(m[field], "p50") },
      { series: "p95", value: p(m[field], "p95") },
    ],
  }));
}

/** Whether any case checked JSON (an `is-json` check on an answer): without one the JSON validity chart is left out. */
export function checksJson(results: CompareResults): boolean {
  return results.models.some((m) => m.jsonValidRate !== null);
}

export function jsonValidityGroups(results: CompareResults): BarGroup[] {
  return results.models.map((m) => ({
    label: m.model,
    values: [{ series: "json", value: m.jsonValidRate }],
  }));
}

export interface Heatmap {
  criteria: { id: string; label: string }[];
  models: string[];
  /** cells[criterion][model index]: pass rate, null = n/a. */
  cells: (number | null)[][];
}

/** Pass rate per criterion (rows) per model (columns). */
export function criterionHeatmap(results: CompareResults): Heatmap {
  const criteria = results.suite.criteria;
  return {
    criteria,
    models: results.models.map((m) => m.model),
    cells: criteria.map((c) => results.models.map((m) => m.passRateByCriterion[c.id] ?? null)),
  };
}

// ---- Answers side by side ----

export interface CaseColumn {
  model: string;
  answers: CaseAnswer[];
  /** passed / judged (n/a left out). */
  passed: number;
  judged: number;
}

/** One column per model of the run, in the request's order, with that model's answers of the case. */
export function caseColumns(view: CaseView, models: readonly string[]): CaseColumn[] {
  return models.map((model) => {
    const answers = view.answers.filter((a) => a.model === model);
    const judged = answers.filter((a) => a.pass !== null);
    return { model, answers, passed: judged.filter((a) => a.pass).length, judged: judged.length };
  });
}

/** Pass/fail mark of an answer: "pass", "fail", "error" or "na". */
export function answerMark(answer: Pick<CaseAnswer, "status" | "pass">): "pass" | "fail" | "error" | "na" {
  if (answer.status === "n/a") return "na";
  if (answer.status === "error") return "error";
  return answer.pass ? "pass" : "fail";
}

// ---- The comparison in the chat ----

/** For each model, the annotation fields on which it disagrees with another model. */
export function differingFields(differences: readonly AnnotationDifference[]): Set<string> {
  return new Set(differences.map((d) => d.field));
}

export interface CompareChatColumn {
  model: string;
  answer: string;
  error: string | null;
  firstTokenMs: number | null;
  totalMs: number;
  annotationModel: string;
  /** The annotation as field → value, each flagged when the models disagree on it. */
  fields: { field: string; value: string; differs: boolean }[];
  annotationError: string | null;
  /** The answer's grounding in the shared sources, when it has an answer. */
  grounding: Grounding | null;
}

const SHOWN_FIELDS = ["ton", "populism", "anti_elitism", "popor_central", "tema", "tinta"] as const;

export function compareChatColumns(response: ChatCompareResponse): CompareChatColumn[] {
  const differs = differingFields(response.differences);
  return response.answers.map((a) => ({
    model: a.model,
    answer: a.answer,
    error: a.error?.message ?? null,
    firstTokenMs: a.timings.firstTokenMs,
    totalMs: a.timings.totalMs,
    annotationModel: a.annotationModel,
    fields: a.annotation
      ? SHOWN_FIELDS.map((field) => {
          const value = a.annotation?.[field];
          return {
            field,
            value: value === null || value === undefined ? "—" : String(value),
            differs: differs.has(field),
          };
        })
      : [],
    annotationError: a.annotationError?.message ?? null,
    grounding: a.grounding ?? null,
  }));
}

/** The report's download address; the Markdown report is written in the page's language (a link sends no header of ours). */
export function reportUrl(runId: string, format: "md" | "csv" | "json", lang: Lang = "ro"): string {
  return `/api/compare/${encodeURIComponent(runId)}/report?format=${format}${format === "md" ? `&lang=${lang}` : ""}`;
}
