// A stored run as GET /api/compare/:runId returns it: the figures so far, every case with each model's answers, and
// errors in the reader's language.
import type { CallError, CaseView, CompareRunResponse } from "../../contract/compare";
import { formatMessage, isErrorCode, toUserError, type Lang } from "../../contract/errors";
import { noteIn, type CompareRun, type ResultRow } from "./runner";
import type { StoredRun } from "./runStore";
import { criterionLabel, suiteInfo, type Suite } from "./suite";
import { summarize } from "./summary";
import { recommend } from "./recommend";

/** A call's error in the reader's language (rows store the Romanian message). */
export function localize(error: CallError | null, lang: Lang, model: string): CallError | null {
  if (!error || lang === "ro" || !isErrorCode(error.code)) return error;
  return { code: error.code, message: formatMessage(error.code, lang, { model }) };
}

/** The run so far, shaped like a finished one, so that a running comparison shows its figures too. */
function partialRun(stored: StoredRun): CompareRun {
  return (
    stored.run ?? {
      suite: stored.suite,
      models: stored.models,
      runs: stored.runs,
      temperatures: stored.temperatures,
      concurrency: stored.concurrency,
      timeoutMs: stored.timeoutMs,
      startedAt: stored.createdAt,
      finishedAt: new Date().toISOString(),
      interrupted: false,
      warmups: [],
      rows: stored.rows,
    }
  );
}

export function caseViews(suite: Suite, rows: ResultRow[], lang: Lang = "ro"): CaseView[] {
  return suite.cases.map((c) => ({
    id: c.id,
    criterion: c.criterion,
    criterionLabel: criterionLabel(c.criterion, lang),
    title: c.title,
    kind: c.kind,
    input: c.kind === "prompt" ? c.prompt : c.text,
    ...(c.kind === "prompt" && c.system ? { system: c.system } : {}),
    ...(c.kind === "prompt" && c.sources ? { sources: c.sources } : {}),
    ...(c.kind === "annotation" && c.expected ? { expected: c.expected } : {}),
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
      })),
  }));
}

export function runResponse(stored: StoredRun, lang: Lang, withCases: boolean): CompareRunResponse {
  const summary =
    stored.results ??
    (stored.status === "running" ? summarize(partialRun(stored), { recommend: false }) : null);
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
  const rows = stored.run?.rows ?? stored.rows;
  return {
    runId: stored.id,
    status: stored.status,
    progress: { done: stored.done, total: stored.total },
    createdAt: stored.createdAt,
    finishedAt: stored.finishedAt,
    request: {
      models: stored.models,
      suite: suiteInfo(stored.suite),
      runs: stored.runs,
      temperatures: stored.temperatures,
      concurrency: stored.concurrency,
    },
    results,
    cases: withCases ? caseViews(stored.suite, rows, lang) : null,
    error: stored.error ? toUserError(stored.error, lang) : null,
  };
}
