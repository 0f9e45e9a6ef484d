// report.md of a comparison, in Romanian (or in English: the CLI's --lang en; the words are in reportText.ts): the
// run's settings, the recommendation with its reasons and ranking, then one section per measure (speed and cost,
// quality per criterion, annotation, stability, finish reasons, failed answers).
import { EVAL_FIELDS } from "../../contract/annotation";
import {
  humanDisagrees,
  type CompareResults,
  type ModelSummary,
  type Recommendation,
} from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import type { CompareRun, ResultRow } from "./runner";
import { failureModesSection, groundingSection, pipelineSection, rubricSection } from "./reportQuality";
import { REPORT_TEXT, type ReportText } from "./reportText";
import { localize } from "./runView";
import { criterionLabel } from "./suite";
import { code, table } from "./markdownTable";

function costText(m: ModelSummary, t: ReportText): string {
  if (m.cost.pricing === "local") return "0 (local)";
  if (m.cost.pricing === "free") return t.free;
  if (m.cost.pricing === "unknown") return t.unknownCost;
  return `$${m.cost.usd.toFixed(4)}`;
}

function callsText(m: ModelSummary): string {
  const { ok, fail, error, na } = m.calls;
  return `${ok}/${fail}/${error}/${na}`;
}

function errorsText(m: ModelSummary): string {
  const codes = Object.entries(m.errors);
  return codes.length ? codes.map(([code, n]) => `${code} × ${n}`).join(", ") : "—";
}

function warmupText(m: ModelSummary, t: ReportText): string {
  if (!m.warmup) return "—";
  return m.warmup.ok ? t.warmupOk(t.figures.ms(m.warmup.ms)) : t.warmupFailed(m.warmup.error?.code ?? "?");
}

function quote(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function failedAssertions(row: ResultRow, separator: string, lang: Lang): string {
  return row.assertions
    .filter((a) => !a.pass)
    .map((a) => `${a.type}: ${(lang === "en" && a.reasonEn) || a.reason}`)
    .join(separator);
}

/** A criterion's label: the suite's own in Romanian, the course's English one when it has one. */
function labelOf(c: { id: string; label: string }, lang: Lang): string {
  return lang === "ro" ? c.label : criterionLabel(c.id, lang) === c.id ? c.label : criterionLabel(c.id, lang);
}

function heading(results: CompareResults, t: ReportText, lang: Lang): string[] {
  const { options, suite } = results;
  const { temperature: formatTemperature, ms: formatMs } = t.figures;
  const out = [
    t.title(suite.name),
    "",
    [
      t.suite(suite.id, suite.cases, suite.criteria.map((c) => labelOf(c, lang)).join(", ")),
      t.models(options.models.map(code).join(", ")),
      t.runs(
        options.runs,
        options.temperatures.map(formatTemperature).join("; "),
        options.concurrency,
        formatMs(options.timeoutMs),
      ),
      t.times(results.startedAt, results.finishedAt, results.codebookVersion ?? null),
      t.warmupNote,
    ].join("\n"),
  ];
  if (results.interrupted) out.push("", t.interrupted);
  return out;
}

function recommendationSection(rec: Recommendation | null, interrupted: boolean, t: ReportText): string[] {
  const {
    percent: formatPercent,
    number: formatNumber,
    temperature: formatTemperature,
    ms: formatMs,
  } = t.figures;
  const out = ["", t.recommendation, ""];
  if (!rec && interrupted) return [...out, t.noRecommendationInterrupted];
  if (!rec) return [...out, t.noRecommendationYet];
  out.push(
    [
      t.primary(rec.primary ? code(rec.primary) : t.noPrimary),
      t.fallback(rec.fallback ? code(rec.fallback) : "—"),
      t.temperature(rec.temperature === null ? "—" : formatTemperature(rec.temperature)),
    ].join("\n"),
  );
  out.push("", t.why, "", ...rec.reasons.map((r) => `- ${r}`));
  out.push("", t.rule(rec.rule));
  out.push("", t.ranking, "");
  out.push(
    table(
      t.rankingHeader,
      rec.ranking.map((e) => [
        e.rank ?? "—",
        code(e.model),
        formatNumber(e.quality),
        formatPercent(e.suiteScore),
        formatPercent(e.jsonValidRate),
        formatNumber(e.macroF1),
        formatMs(e.latencyP95),
        e.excludedBecause ? t.excluded(e.excludedBecause) : "",
      ]),
    ),
  );
  return out;
}

function speedSection(models: ModelSummary[], t: ReportText): string[] {
  const { number: formatNumber, ms: formatMs } = t.figures;
  return [
    "",
    t.speed,
    "",
    table(
      t.speedHeader,
      models.map((m) => [
        code(m.model),
        callsText(m),
        formatMs(m.latency?.mean ?? null),
        formatMs(m.latency?.p50 ?? null),
        formatMs(m.latency?.p95 ?? null),
        formatMs(m.ttftMs?.mean ?? null),
        formatMs(m.ttftMs?.p50 ?? null),
        formatMs(m.ttftMs?.p95 ?? null),
        formatNumber(m.tokensPerSecond, 1),
        m.tokens.input || m.tokens.output ? `${m.tokens.input} / ${m.tokens.output}` : "n/a",
        costText(m, t),
      ]),
    ),
  ];
}

function qualitySection(results: CompareResults, t: ReportText, lang: Lang): string[] {
  const formatPercent = t.figures.percent;
  const criteria = results.suite.criteria;
  return [
    "",
    t.quality,
    "",
    t.qualityNote,
    "",
    table(
      [...t.qualityHeader, ...criteria.map((c) => labelOf(c, lang))],
      results.models.map((m) => [
        code(m.model),
        formatPercent(m.passRate),
        m.jsonValidRate === null ? "n/a" : `${formatPercent(m.jsonValidRate)} (${m.jsonChecked})`,
        ...criteria.map((c) => formatPercent(m.passRateByCriterion[c.id] ?? null)),
      ]),
    ),
  ];
}

function annotationSection(models: ModelSummary[], t: ReportText): string[] {
  const formatNumber = t.figures.number;
  const out = ["", t.annotation, ""];
  const annotated = models.flatMap((m) =>
    m.annotation ? [{ model: m.model, annotation: m.annotation }] : [],
  );
  if (annotated.length === 0) return [...out, t.noAnnotation];
  const fields = EVAL_FIELDS.filter((f) => annotated.some((m) => m.annotation.fields[f]));
  out.push(
    t.annotationNote,
    "",
    table(
      ["model", "macro-F1", "κ", ...fields.map((f) => `${f} F1 / κ`), "n"],
      annotated.map(({ model, annotation }) => [
        code(model),
        formatNumber(annotation.macroF1),
        formatNumber(annotation.kappa),
        ...fields.map((f) => {
          const a = annotation.fields[f];
          return a ? `${formatNumber(a.macroF1)} / ${formatNumber(a.kappa)}` : "n/a";
        }),
        annotation.n,
      ]),
    ),
  );
  return out;
}

function stabilitySection(models: ModelSummary[], t: ReportText): string[] {
  const {
    percent: formatPercent,
    number: formatNumber,
    temperature: formatTemperature,
    ms: formatMs,
  } = t.figures;
  return [
    "",
    t.stability,
    "",
    t.stabilityNote,
    "",
    table(
      t.stabilityHeader,
      models.flatMap((m) =>
        m.byTemperature.map((t) => [
          code(m.model),
          formatTemperature(t.temperature),
          formatPercent(t.passRate),
          formatPercent(t.jsonValidRate),
          formatMs(t.latency?.p50 ?? null),
          formatNumber(t.stability.labelAgreement),
          formatNumber(t.stability.textSimilarity),
          formatNumber(t.stability.score),
          t.stability.cases,
        ]),
      ),
    ),
  ];
}

function finishSection(models: ModelSummary[], t: ReportText): string[] {
  return [
    "",
    t.finish,
    "",
    table(
      t.finishHeader,
      models.map((m) => [
        code(m.model),
        Object.entries(m.finishReasons)
          .map(([reason, n]) => `${reason} × ${n}`)
          .join(", ") || "n/a",
        m.refusals,
        m.truncations,
        errorsText(m),
        warmupText(m, t),
      ]),
    ),
  ];
}

/** The first 40 answers that failed or errored, with why; results.csv has them all. */
function failuresSection(rows: ResultRow[], t: ReportText, lang: Lang): string[] {
  const out = ["", t.failures, ""];
  const failures = rows.filter((r) => r.status === "fail" || r.status === "error");
  if (failures.length === 0) return [...out, t.none];
  const shown = failures.slice(0, 40);
  out.push(
    table(
      t.failuresHeader,
      shown.map((r) => {
        const error = localize(r.error, lang, r.model);
        return [
          r.caseId,
          criterionLabel(r.criterion, lang),
          code(r.model),
          t.figures.temperature(r.temperature),
          r.run,
          r.status === "error" ? t.error : t.fail,
          error ? `${error.code}: ${error.message}` : failedAssertions(r, "; ", lang),
          quote(r.text),
        ];
      }),
    ),
  );
  if (failures.length > shown.length) out.push("", t.more(failures.length - shown.length));
  return out;
}

/**
 * One line on the answers people marked (PUT /api/compare/:runId/verdict): how many, and how often they disagree with
 * the automatic checks (of the marked answers the checks judged: n/a ones have no automatic outcome). None: no line.
 */
function humanSection(rows: ResultRow[], t: ReportText): string[] {
  const marked = rows.filter((r) => r.human);
  if (marked.length === 0) return [];
  const judged = marked.filter((r) => r.status !== "n/a");
  return ["", t.humanVerdicts(marked.length, judged.length, judged.filter(humanDisagrees).length)];
}

/** report.md: in Romanian, unless `lang` asks for English (the CLI's --lang en). */
export function reportMarkdown(
  results: CompareResults,
  run: Pick<CompareRun, "rows">,
  lang: Lang = "ro",
): string {
  const t = REPORT_TEXT[lang];
  return [
    ...heading(results, t, lang),
    ...humanSection(run.rows, t),
    ...recommendationSection(results.recommendation, results.interrupted, t),
    ...speedSection(results.models, t),
    ...qualitySection(results, t, lang),
    ...annotationSection(results.models, t),
    ...stabilitySection(results.models, t),
    ...finishSection(results.models, t),
    ...groundingSection(results.models, t),
    ...rubricSection(results.models, t),
    ...pipelineSection(results.models, t),
    ...failureModesSection(results.models, t),
    ...failuresSection(run.rows, t, lang),
    "",
  ].join("\n");
}
