// The list of past comparisons (GET /api/compare): a run as an item of the list, in the asker's language, and the
// place a page ends ("<ISO time>~<id>") read back.
import type { SessionUser } from "../../contract/auth";
import type { CompareHistoryItem } from "../../contract/compareHistory";
import { AppError, type Lang } from "../../contract/errors";
import { ownerMark } from "../identity";
import type { CompareRunSummary } from "./runStore";

/**
 * The place a page of the list ends, as `next` carries it: the last run's creation and id ("<ISO time>~<id>"), so that
 * the next page starts there even when that run is deleted meanwhile (a run id alone then matched nothing).
 */
export function historyCursor(run: CompareRunSummary): string {
  return `${run.createdAt}~${run.id}`;
}

export function historyPlace(cursor: string): { createdAt: string; id: string } {
  const at = cursor.indexOf("~");
  if (at <= 0 || at === cursor.length - 1 || Number.isNaN(Date.parse(cursor.slice(0, at))))
    throw new AppError("input:invalid", {
      detail: "before: locul din „next” al paginii dinainte",
      detailEn: 'before: the place the previous page\'s "next" gave',
    });
  return { createdAt: cursor.slice(0, at), id: cursor.slice(at + 1) };
}

/** A run of the list in the asker's language; in an admin's list, whose it is when it is not the admin's own. */
export function historyItem(
  run: CompareRunSummary,
  lang: Lang,
  viewer: SessionUser,
  names: Map<string, string> | undefined,
): CompareHistoryItem {
  const owner = ownerMark(run.userId, viewer, names);
  return {
    runId: run.id,
    status: run.status,
    stopped: run.stopped,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    suite: {
      id: run.suite.id,
      name: (lang === "en" && run.suite.nameEn) || run.suite.name,
      cases: run.suite.cases,
    },
    models: run.models,
    runs: run.runs,
    temperatures: run.temperatures,
    progress: { done: run.done, total: run.total },
    best: run.status === "done" && !run.stopped ? run.best : null,
    ...(owner ? { owner } : {}),
  };
}
