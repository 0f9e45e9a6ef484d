// A stored run as GET /api/compare/:runId returns it: the figures (stored, or made from the answers so far), every
// case with each model's answers, and errors in the reader's language.
import type { CallError, CaseView, CompareResults, CompareRunResponse } from "../../contract/compare";
import { formatMessage, inLanguage, isErrorCode, type Lang } from "../../contract/errors";
import { noteIn, orderRows, type CompareRun, type ResultRow } from "./runner";
import type { CompareRunRecord } from "./runStore";
import { criterionLabel, suiteInfo, type Suite } from "./suite";
import { summarize } from "./summary";
import { recommend } from "./recommend";

/** A call's error in the reader's language (rows store the Romanian message). */
export function localize(error: CallError | null, lang: Lang, model: string): CallError | null {
  if (!error || lang === "ro" || !isErrorCode(error.code)) return error;
  return { code: error.code, message: formatMessage(error.code, lang, { model }) };
}

/** The answers of a run in the report's order (model, temperature, case, run), as a finished run has them. */
export function answersInOrder(record: CompareRunRecord, rows: ResultRow[]): ResultRow[] {
  return orderRows(rows, record.request.models, record.request.temperatures, record.request.suite);
}

/**
 * The run so far, shaped like a finished one, so that a running comparison shows its figures too, and an interrupted
 * one the figures of the answers it kept.
 */
export function partialRun(record: CompareRunRecord, rows: ResultRow[]): CompareRun {
  const { request } = record;
  return {
    suite: request.suite,
    models: request.models,
    runs: request.runs,
    temperatures: request.temperatures,
    concurrency: request.concurrency,
    timeoutMs: request.timeoutMs,
    startedAt: record.createdAt,
    finishedAt: record.finishedAt ?? new Date().toISOString(),
    interrupted: record.status !== "running",
    warmups: [],
    rows: answersInOrder(record, rows),
  };
}

/** The figures of a run: stored once done; made from its answers while it runs or once interrupted; else none. */
export function figuresOf(record: CompareRunRecord, rows: ResultRow[] | null): CompareResults | null {
  // Runs stopped by their user before this rule stored a recommendation; it is not shown (summary.ts says why).
  if (record.results?.interrupted) return { ...record.results, recommendation: null };
  if (record.results) return record.results;
  if (!rows || (record.status !== "running" && record.status !== "interrupted")) return null;
  return summarize(partialRun(record, rows), { recommend: false });
}

export function caseViews(suite: Suite, rows: ResultRow[], lang: Lang = "ro"): CaseView[] {
  return suite.cases.map((c) => ({
    id: c.id,
    criterion: c.criterion,
    criterionLabel: criterionLabel(c.criterion, lang),
    title: (lang === "en" && c.titleEn) || c.title,
    kind: c.kind,
    input: c.kind === "prompt" ? c.prompt : c.text,
    ...(lang === "en" && c.inputEn ? { inputEn: c.inputEn } : {}),
    ...(c.kind === "prompt" && c.system ? { system: c.system } : {}),
    ...(c.kind === "prompt" && c.sources ? { sources: c.sources } : {}),
    ...(c.kind === "annotation" && c.expected ? { expected: c.expected } : {}),
    ...(c.variant ? { variant: c.variant } : {}),
    answers: rows
      .filter((r) => r.caseId === c.id)
      .map((r) => ({
        model: r.model,
        temperature: r.temperature,
        run: r.run,
        status: r.status,
        pass: r.pass,
        score: r.score,
        text: r.text,
        annotation: r.annotation,
        latencyMs: r.latencyMs === null ? null : Math.round(r.latencyMs),
        ttftMs: r.ttftMs === null ? null : Math.round(r.ttftMs),
        finishReason: r.finishReason,
        jsonValid: r.jsonValid,
        assertions: r.assertions,
        error: localize(r.error, lang, r.model),
        ...(r.note ? { note: noteIn(r.note, lang) } : {}),
        ...(r.grounding ? { grounding: r.grounding } : {}),
        ...(r.rubric ? { rubric: r.rubric } : {}),
        ...(r.parts ? { parts: r.parts } : {}),
        ...(r.human ? { human: r.human } : {}),
      })),
  }));
}

/**
 * GET /api/compare/:runId. `rows` are the run's stored answers, or null when neither the figures (a running or
 * interrupted run's) nor the cases are asked for.
 */
export function runResponse(
  record: CompareRunRecord,
  rows: ResultRow[] | null,
  lang: Lang,
  withCases: boolean,
): CompareRunResponse {
  const summary = figuresOf(record, rows);
  // The recommendation and the criteria's labels are kept in Romanian (report.md's); the page gets them in its own
  // language.
  const results =
    summary && lang !== "ro"
      ? {
          ...summary,
          suite: {
            ...summary.suite,
            criteria: summary.suite.criteria.map((c) => ({ ...c, label: criterionLabel(c.id, lang) })),
          },
          recommendation: summary.recommendation ? recommend(summary.models, lang) : null,
        }
      : summary;
  const { request } = record;
  return {
    runId: record.id,
    status: record.status,
    progress: { done: record.done, total: record.total },
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    request: {
      models: request.models,
      suite: suiteInfo(request.suite, lang),
      runs: request.runs,
      temperatures: request.temperatures,
      concurrency: request.concurrency,
    },
    results,
    cases: withCases && rows ? caseViews(request.suite, answersInOrder(record, rows), lang) : null,
    error: record.error ? { code: record.error.code, message: inLanguage(record.error, lang) } : null,
  };
}
