// The three files of a comparison: report.md (tables and the recommendation with its reasons, Romanian),
// results.csv (one row per case × model × temperature × run) and results.json (the figures and the recommendation).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EVAL_FIELDS } from "../../contract/annotation";
import type { CompareResults, ModelSummary } from "../../contract/compare";
import { csvDocument } from "../export/csv";
import { formatMs, formatNumber, formatPercent, formatTemperature } from "./recommend";
import type { CompareRun, ResultRow } from "./runner";
import { criterionLabel } from "./suite";

export const CSV_COLUMNS = [
  "case_id",
  "criterion",
  "kind",
  "model",
  "temperature",
  "run",
  "status",
  "pass",
  "score",
  "latency_ms",
  "ttft_ms",
  "input_tokens",
  "output_tokens",
  "tokens_per_s",
  "cost_usd",
  "finish_reason",
  "refused",
  "json_valid",
  "error_code",
  "failed_assertions",
  "note",
  "answer",
] as const;

function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function tokensPerSecond(row: ResultRow): number | null {
  if (row.outputTokens === null || row.latencyMs === null || row.latencyMs <= 0) return null;
  return round(row.outputTokens / (row.latencyMs / 1000));
}

export function rowsCsv(rows: ResultRow[]): string {
  const records = rows.map((r) => [
    r.caseId,
    r.criterion,
    r.kind,
    r.model,
    r.temperature,
    r.run,
    r.status,
    r.pass,
    round(r.score, 3),
    round(r.latencyMs),
    round(r.ttftMs),
    r.inputTokens,
    r.outputTokens,
    tokensPerSecond(r),
    r.costUsd,
    r.finishReason,
    r.refused,
    r.jsonValid,
    r.error?.code ?? null,
    r.assertions
      .filter((a) => !a.pass)
      .map((a) => `${a.type}: ${a.reason}`)
      .join(" | "),
    r.note ?? r.error?.message ?? null,
    r.text,
  ]);
  return csvDocument(CSV_COLUMNS, records);
}

// ---- Markdown ----

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "n/a";
  return String(value)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

function table(header: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

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

export function reportMarkdown(results: CompareResults, run: Pick<CompareRun, "rows">): string {
  const { models, recommendation: rec, options } = results;
  const out: string[] = [];
  out.push(`# Comparație de modele — ${results.suite.name}`);
  out.push("");
  out.push(
    [
      `- Suita: \`${results.suite.id}\` (${results.suite.cases} cazuri; criterii: ${results.suite.criteria.map((c) => c.label).join(", ")})`,
      `- Modele: ${options.models.map((m) => `\`${m}\``).join(", ")}`,
      `- Rulări pe caz: ${options.runs} (cazurile de stabilitate pot cere mai multe) · temperaturi: ${options.temperatures.map(formatTemperature).join("; ")} · apeluri simultane pe model: ${options.concurrency} · limită pe apel: ${formatMs(options.timeoutMs)}`,
      `- Început: ${results.startedAt} · sfârșit: ${results.finishedAt}`,
      "- Un apel de încălzire pe model nu este numărat. Latențele sunt ale apelului întreg (streaming); TTFT = timpul până la primul token.",
    ].join("\n"),
  );
  if (results.interrupted) {
    out.push("");
    out.push("> **Rularea a fost întreruptă**: cifrele acoperă doar răspunsurile primite.");
  }

  out.push("", "## Recomandare", "");
  if (rec) {
    out.push(
      [
        `- **Model principal (MODEL_PRIMARY):** ${rec.primary ? `\`${rec.primary}\`` : "niciunul"}`,
        `- **Rezervă (MODEL_FALLBACK):** ${rec.fallback ? `\`${rec.fallback}\`` : "—"}`,
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
          `\`${e.model}\``,
          formatNumber(e.quality),
          formatPercent(e.suiteScore),
          formatPercent(e.jsonValidRate),
          formatNumber(e.macroF1),
          formatMs(e.latencyP95),
          e.excludedBecause ? `exclus: ${e.excludedBecause}` : "",
        ]),
      ),
    );
  } else {
    out.push("Recomandarea apare când rularea se termină.");
  }

  out.push("", "## Viteză și cost", "");
  out.push(
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
        `\`${m.model}\``,
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
  );

  const criteria = results.suite.criteria;
  out.push("", "## Calitate pe criterii", "");
  out.push(
    "Rata de trecere = răspunsuri care trec toate aserțiunile / răspunsuri aplicabile (erorile contează ca netrecute). „n/a” = modelul nu face acest tip de caz și nu este penalizat aici.",
  );
  out.push("");
  out.push(
    table(
      ["model", "rata de trecere", "JSON valid", ...criteria.map((c) => c.label)],
      models.map((m) => [
        `\`${m.model}\``,
        formatPercent(m.passRate),
        m.jsonValidRate === null ? "n/a" : `${formatPercent(m.jsonValidRate)} (${m.jsonChecked})`,
        ...criteria.map((c) => formatPercent(m.passRateByCriterion[c.id] ?? null)),
      ]),
    ),
  );

  const annotated = models.filter((m) => m.annotation);
  out.push("", "## Adnotare față de etichetele suitei", "");
  if (annotated.length === 0) {
    out.push("Niciun model comparat nu a adnotat cazuri cu etichete.");
  } else {
    const fields = EVAL_FIELDS.filter((f) => annotated.some((m) => m.annotation?.fields[f]));
    out.push(
      "Macro-F1 și κ (Cohen) pe fiecare câmp; o ieșire invalidă sau un apel eșuat contează ca etichetă greșită. Titlul: media pe câmpuri.",
    );
    out.push("");
    out.push(
      table(
        ["model", "macro-F1", "κ", ...fields.map((f) => `${f} F1 / κ`), "n"],
        annotated.map((m) => [
          `\`${m.model}\``,
          formatNumber(m.annotation!.macroF1),
          formatNumber(m.annotation!.kappa),
          ...fields.map((f) => {
            const a = m.annotation!.fields[f];
            return a ? `${formatNumber(a.macroF1)} / ${formatNumber(a.kappa)}` : "n/a";
          }),
          m.annotation!.n,
        ]),
      ),
    );
  }

  out.push("", "## Stabilitate pe temperatură", "");
  out.push(
    "Acord etichete = media, pe cazurile de adnotare cu cel puțin două rulări, a perechilor de rulări cu aceleași etichete; similaritate texte = media similarității Jaccard a cuvintelor între rulări.",
  );
  out.push("");
  out.push(
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
          `\`${m.model}\``,
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
  );

  out.push("", "## Finish reason, refuzuri, erori", "");
  out.push(
    table(
      ["model", "finish_reason", "refuzuri", "trunchieri (length)", "erori", "încălzire"],
      models.map((m) => [
        `\`${m.model}\``,
        Object.entries(m.finishReasons)
          .map(([reason, n]) => `${reason} × ${n}`)
          .join(", ") || "n/a",
        m.refusals,
        m.truncations,
        errorsText(m),
        warmupText(m),
      ]),
    ),
  );

  const failures = run.rows.filter((r) => r.status === "fail" || r.status === "error");
  out.push("", "## Răspunsuri care nu au trecut", "");
  if (failures.length === 0) {
    out.push("Niciunul.");
  } else {
    const shown = failures.slice(0, 40);
    out.push(
      table(
        ["caz", "criteriu", "model", "temp.", "rulare", "stare", "de ce", "răspuns"],
        shown.map((r) => [
          r.caseId,
          criterionLabel(r.criterion),
          `\`${r.model}\``,
          formatTemperature(r.temperature),
          r.run,
          r.status === "error" ? "eroare" : "eșec",
          r.error
            ? `${r.error.code}: ${r.error.message}`
            : r.assertions
                .filter((a) => !a.pass)
                .map((a) => `${a.type}: ${a.reason}`)
                .join("; "),
          quote(r.text),
        ]),
      ),
    );
    if (failures.length > shown.length)
      out.push("", `… și încă ${failures.length - shown.length} (toate sunt în results.csv).`);
  }
  out.push("");
  return out.join("\n");
}

/** results.json: the figures and the recommendation (the rows are in results.csv). */
export function resultsJson(results: CompareResults): string {
  return JSON.stringify(results, null, 2) + "\n";
}

function writeAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

export interface WrittenReport {
  markdown: string;
  csv: string;
  json: string;
}

/** Writes report.md, results.csv and results.json into `dir` (created when missing). */
export function writeReport(
  dir: string,
  results: CompareResults,
  run: Pick<CompareRun, "rows">,
): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const files = {
    markdown: path.join(dir, "report.md"),
    csv: path.join(dir, "results.csv"),
    json: path.join(dir, "results.json"),
  };
  writeAtomic(files.markdown, reportMarkdown(results, run));
  writeAtomic(files.csv, rowsCsv(run.rows));
  writeAtomic(files.json, resultsJson(results));
  return files;
}
