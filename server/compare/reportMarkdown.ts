// report.md of a comparison, in Romanian: the run's settings, the recommendation with its reasons and ranking, then one
// section per measure (speed and cost, quality per criterion, annotation, stability, finish reasons, failed answers).
import { EVAL_FIELDS } from "../../contract/annotation";
import type { CompareResults, ModelSummary, Recommendation } from "../../contract/compare";
import { formatMs, formatNumber, formatPercent, formatTemperature } from "./recommend";
import type { CompareRun, ResultRow } from "./runner";
import { failureModesSection, groundingSection, pipelineSection, rubricSection } from "./reportQuality";
import { criterionLabel } from "./suite";
import { code, table } from "./markdownTable";

function costText(m: ModelSummary): string {
  if (m.cost.pricing === "local") return "0 (local)";
  if (m.cost.pricing === "free") return "0 (gratuit)";
  if (m.cost.pricing === "unknown") return "necunoscut";
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

function warmupText(m: ModelSummary): string {
  if (!m.warmup) return "—";
  return m.warmup.ok ? `ok, ${formatMs(m.warmup.ms)}` : `eșuată (${m.warmup.error?.code ?? "?"})`;
}

function quote(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function failedAssertions(row: ResultRow, separator: string): string {
  return row.assertions
    .filter((a) => !a.pass)
    .map((a) => `${a.type}: ${a.reason}`)
    .join(separator);
}

function heading(results: CompareResults): string[] {
  const { options, suite } = results;
  const out = [
    `# Comparație de modele — ${suite.name}`,
    "",
    [
      `- Suita: \`${suite.id}\` (${suite.cases} cazuri; criterii: ${suite.criteria.map((c) => c.label).join(", ")})`,
      `- Modele: ${options.models.map(code).join(", ")}`,
      `- Rulări pe caz: ${options.runs} (cazurile de stabilitate pot cere mai multe) · temperaturi: ${options.temperatures.map(formatTemperature).join("; ")} · apeluri simultane pe model: ${options.concurrency} · limită pe apel: ${formatMs(options.timeoutMs)}`,
      `- Început: ${results.startedAt} · sfârșit: ${results.finishedAt}${results.codebookVersion ? ` · codebook ${results.codebookVersion} (cazurile de adnotare)` : ""}`,
      "- Un apel de încălzire pe model nu este numărat. Latențele sunt ale apelului întreg (streaming); TTFT = timpul până la primul token.",
    ].join("\n"),
  ];
  if (results.interrupted) {
    out.push("", "> **Rularea a fost întreruptă**: cifrele acoperă doar răspunsurile primite.");
  }
  return out;
}

function recommendationSection(rec: Recommendation | null, interrupted: boolean): string[] {
  const out = ["", "## Recomandare", ""];
  if (!rec && interrupted)
    return [
      ...out,
      "Fără recomandare: rularea s-a oprit înainte de final, iar un model care a răspuns doar la câteva cazuri ar fi judecat după ele. Rulați comparația întreagă pentru o recomandare.",
    ];
  if (!rec) return [...out, "Recomandarea apare când rularea se termină."];
  out.push(
    [
      `- **Model principal (MODEL_PRIMARY):** ${rec.primary ? code(rec.primary) : "niciunul"}`,
      `- **Rezervă (MODEL_FALLBACK):** ${rec.fallback ? code(rec.fallback) : "—"}`,
      `- **Temperatură (TEMPERATURE):** ${rec.temperature === null ? "—" : formatTemperature(rec.temperature)}`,
    ].join("\n"),
  );
  out.push("", "De ce:", "", ...rec.reasons.map((r) => `- ${r}`));
  out.push("", `Regula: ${rec.rule}`);
  out.push("", "### Clasament", "");
  out.push(
    table(
      [
        "#",
        "model",
        "calitate",
        "cazuri trecute (suită)",
        "JSON valid",
        "macro-F1 adnotare",
        "latență p95",
        "observații",
      ],
      rec.ranking.map((e) => [
        e.rank ?? "—",
        code(e.model),
        formatNumber(e.quality),
        formatPercent(e.suiteScore),
        formatPercent(e.jsonValidRate),
        formatNumber(e.macroF1),
        formatMs(e.latencyP95),
        e.excludedBecause ? `exclus: ${e.excludedBecause}` : "",
      ]),
    ),
  );
  return out;
}

function speedSection(models: ModelSummary[]): string[] {
  return [
    "",
    "## Viteză și cost",
    "",
    table(
      [
        "model",
        "apeluri ok/eșec/eroare/n/a",
        "latență medie",
        "p50",
        "p95",
        "TTFT medie",
        "TTFT p50",
        "TTFT p95",
        "tokeni/s",
        "tokeni intrare/ieșire",
        "cost estimat",
      ],
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
        costText(m),
      ]),
    ),
  ];
}

function qualitySection(results: CompareResults): string[] {
  const criteria = results.suite.criteria;
  return [
    "",
    "## Calitate pe criterii",
    "",
    "Rata de trecere = răspunsuri care trec toate aserțiunile / răspunsuri aplicabile (erorile contează ca netrecute). „n/a” = modelul nu face acest tip de caz și nu este penalizat aici.",
    "",
    table(
      ["model", "rata de trecere", "JSON valid", ...criteria.map((c) => c.label)],
      results.models.map((m) => [
        code(m.model),
        formatPercent(m.passRate),
        m.jsonValidRate === null ? "n/a" : `${formatPercent(m.jsonValidRate)} (${m.jsonChecked})`,
        ...criteria.map((c) => formatPercent(m.passRateByCriterion[c.id] ?? null)),
      ]),
    ),
  ];
}

function annotationSection(models: ModelSummary[]): string[] {
  const out = ["", "## Adnotare față de etichetele suitei", ""];
  const annotated = models.flatMap((m) =>
    m.annotation ? [{ model: m.model, annotation: m.annotation }] : [],
  );
  if (annotated.length === 0) return [...out, "Niciun model comparat nu a adnotat cazuri cu etichete."];
  const fields = EVAL_FIELDS.filter((f) => annotated.some((m) => m.annotation.fields[f]));
  out.push(
    "Macro-F1 și κ (Cohen) pe fiecare câmp; o ieșire invalidă sau un apel eșuat contează ca etichetă greșită. Titlul: media pe câmpuri.",
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

function stabilitySection(models: ModelSummary[]): string[] {
  return [
    "",
    "## Stabilitate pe temperatură",
    "",
    "Acord etichete = media, pe cazurile de adnotare cu cel puțin două rulări, a perechilor de rulări cu aceleași etichete; similaritate texte = media similarității Jaccard a cuvintelor între rulări.",
    "",
    table(
      [
        "model",
        "temperatură",
        "rata de trecere",
        "JSON valid",
        "latență p50",
        "acord etichete",
        "similaritate texte",
        "scor stabilitate",
        "cazuri",
      ],
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

function finishSection(models: ModelSummary[]): string[] {
  return [
    "",
    "## Finish reason, refuzuri, erori",
    "",
    table(
      ["model", "finish_reason", "refuzuri", "trunchieri (length)", "erori", "încălzire"],
      models.map((m) => [
        code(m.model),
        Object.entries(m.finishReasons)
          .map(([reason, n]) => `${reason} × ${n}`)
          .join(", ") || "n/a",
        m.refusals,
        m.truncations,
        errorsText(m),
        warmupText(m),
      ]),
    ),
  ];
}

/** The first 40 answers that failed or errored, with why; results.csv has them all. */
function failuresSection(rows: ResultRow[]): string[] {
  const out = ["", "## Răspunsuri care nu au trecut", ""];
  const failures = rows.filter((r) => r.status === "fail" || r.status === "error");
  if (failures.length === 0) return [...out, "Niciunul."];
  const shown = failures.slice(0, 40);
  out.push(
    table(
      ["caz", "criteriu", "model", "temp.", "rulare", "stare", "de ce", "răspuns"],
      shown.map((r) => [
        r.caseId,
        criterionLabel(r.criterion),
        code(r.model),
        formatTemperature(r.temperature),
        r.run,
        r.status === "error" ? "eroare" : "eșec",
        r.error ? `${r.error.code}: ${r.error.message}` : failedAssertions(r, "; "),
        quote(r.text),
      ]),
    ),
  );
  if (failures.length > shown.length)
    out.push("", `… și încă ${failures.length - shown.length} (toate sunt în results.csv).`);
  return out;
}

export function reportMarkdown(results: CompareResults, run: Pick<CompareRun, "rows">): string {
  return [
    ...heading(results),
    ...recommendationSection(results.recommendation, results.interrupted),
    ...speedSection(results.models),
    ...qualitySection(results),
    ...annotationSection(results.models),
    ...stabilitySection(results.models),
    ...finishSection(results.models),
    ...groundingSection(results.models),
    ...rubricSection(results.models),
    ...pipelineSection(results.models),
    ...failureModesSection(results.models),
    ...failuresSection(run.rows),
    "",
  ].join("\n");
}
