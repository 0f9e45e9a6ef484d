// The compare page's list of past comparisons (GET /api/compare), as the page words it: a run's status in words, its
// date in the page's locale, the figures of the run the page is polling merged in (the list is read again only when a
// run starts, ends or is deleted, not at every poll), and a page of older runs appended.
import type { CompareRunResponse } from "../../../contract/compare";
import type { CompareHistoryItem, CompareHistoryResponse } from "../../../contract/compareHistory";
import { NUMBER_LOCALES } from "../../../contract/numbers";
import type { Lang } from "../i18n";
import type { CompareKey } from "../i18nCompare";

/** The key of a run's status in words: a run its user stopped is "stopped", not "finished". */
export function historyStatusKey(item: Pick<CompareHistoryItem, "status" | "stopped">): CompareKey {
  if (item.status === "done" && item.stopped) return "compare.history.status.stopped";
  return `compare.history.status.${item.status}`;
}

/** "7 dec. 2026, 10:45" / "7 Dec 2026, 10:45": the run's start, in the page's locale and the browser's time zone. */
export function formatRunTime(iso: string, lang: Lang, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(NUMBER_LOCALES[lang], {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** The list with the run the page shows as it is now (its status and progress, from the page's own poll). */
export function withShownRun(
  items: CompareHistoryItem[],
  run: CompareRunResponse | undefined,
): CompareHistoryItem[] {
  if (!run) return items;
  return items.map((item) =>
    item.runId === run.runId && item.status === "running"
      ? {
          ...item,
          progress: run.progress,
          status: run.status,
          stopped: run.status === "done" && run.results?.interrupted === true,
        }
      : item,
  );
}

/**
 * When the list is read again: when a run started on this page (`startedHere`) starts and when it ends (done, failed,
 * stopped), even if it ended before the page's first poll saw it running (offline runs take under half a second); when
 * another run shown (opened from the list or the address) starts or stops running; not at each poll of its progress,
 * and not when a finished run is opened from the list (that read the first page again, and the run opened from page 3
 * left the list).
 */
export function historyRefreshKey(
  runId: string | undefined,
  run: CompareRunResponse | undefined,
  startedHere?: string,
): string {
  const shownRunning = run !== undefined && run.runId === runId && run.status === "running";
  if (startedHere && runId === startedHere) {
    // Until its first poll answers, a run just started counts as running.
    const going = shownRunning || run?.runId !== runId;
    return `${startedHere}:${going ? "running" : "ended"}`;
  }
  if (shownRunning) return run.runId;
  // Whatever is opened after a run started here, that run's end stays the last thing the list was read for.
  return startedHere ? `${startedHere}:ended` : "";
}

/** A page of older runs after the ones shown (a run listed twice, after a refresh in between, is kept once). */
export function appendPage(
  shown: CompareHistoryResponse,
  page: CompareHistoryResponse,
): CompareHistoryResponse {
  const known = new Set(shown.runs.map((r) => r.runId));
  return { runs: [...shown.runs, ...page.runs.filter((r) => !known.has(r.runId))], next: page.next };
}
