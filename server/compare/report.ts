// The three files of a comparison: report.md (reportMarkdown.ts), results.csv (one row per case × model × temperature
// × run) and results.json (the figures and the recommendation), written atomically into one folder.
import { mkdirSync } from "node:fs";
import { writeFileAtomicSync } from "../../corpus/pipeline/atomicFile";
import path from "node:path";
import type { CompareResults } from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import { csvDocument } from "../export/csv";
import { reportMarkdown } from "./reportMarkdown";
import type { CompareRun, ResultRow } from "./runner";

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
  "grounding_score",
  "invalid_citations",
  "unsupported_sentences",
  "rubric_mean",
  "rubric_judge",
  "refined",
  "draft_ms",
  "refine_ms",
  "human_verdict",
  "human_comment",
  "human_by",
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
    r.grounding ? round(r.grounding.score, 3) : null,
    r.grounding ? r.grounding.invalidCitations.map((n) => `[${n}]`).join(" ") : null,
    r.grounding ? r.grounding.unsupported.length : null,
    r.rubric && "mean" in r.rubric ? round(r.rubric.mean, 2) : null,
    r.rubric && "judge" in r.rubric ? r.rubric.judge : (r.rubric?.skipped ?? null),
    r.parts ? r.parts.refined : null,
    r.parts ? round(r.parts.draft.ms) : null,
    r.parts?.refine ? round(r.parts.refine.ms) : null,
    r.human?.verdict ?? null,
    r.human?.comment ?? null,
    r.human?.by ?? null,
    r.text,
  ]);
  return csvDocument(CSV_COLUMNS, records);
}

/** results.json: the figures and the recommendation (the rows are in results.csv). */
export function resultsJson(results: CompareResults): string {
  return JSON.stringify(results, null, 2) + "\n";
}

export interface WrittenReport {
  markdown: string;
  csv: string;
  json: string;
}

/** Writes report.md (in `lang`), results.csv and results.json into `dir` (created when missing). */
export function writeReport(
  dir: string,
  results: CompareResults,
  run: Pick<CompareRun, "rows">,
  lang: Lang = "ro",
): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const files = {
    markdown: path.join(dir, "report.md"),
    csv: path.join(dir, "results.csv"),
    json: path.join(dir, "results.json"),
  };
  writeFileAtomicSync(files.markdown, reportMarkdown(results, run, lang));
  writeFileAtomicSync(files.csv, rowsCsv(run.rows));
  writeFileAtomicSync(files.json, resultsJson(results));
  return files;
}
