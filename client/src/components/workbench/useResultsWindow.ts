// Feeds the results table: fetches the pages of rows the virtualiser has in view (state/resultsWindow.ts decides
// which), drops answers for filters no longer shown, and while the run makes progress marks the pages stale at
// most every few seconds so that what is on screen refreshes in place.
import { useEffect, useMemo, useReducer, useRef } from "react";
import { useI18n } from "../../i18nContext";
import {
  emptyWindow,
  pagesToLoad,
  PAGE_ROWS,
  resultsQuery,
  windowReducer,
  type ResultsFilters,
  type ResultsWindow,
  type ReviewerQuery,
} from "../../state/resultsWindow";
import { fetchResults } from "../../workbenchApi";
import { errorText, isAbort } from "./errorText";

/** The least time between two refreshes of the rows on screen while a run is going. */
export const REFRESH_MS = 2_000;

export function useResultsWindow(
  runId: string,
  filters: ResultsFilters,
  reviewer: ReviewerQuery,
  range: { start: number; end: number },
  /** Changes whenever outcomes were added (the job's done count, a saved label). */
  freshness: string,
): ResultsWindow {
  const { t } = useI18n();
  const key = useMemo(
    () => `${runId}?${resultsQuery(filters, 0, PAGE_ROWS, reviewer)}`,
    [runId, filters, reviewer],
  );
  const [state, dispatch] = useReducer(windowReducer, key, emptyWindow);
  const controller = useRef(new AbortController());

  useEffect(() => {
    dispatch({ type: "window:reset", key });
    return () => {
      controller.current.abort();
      controller.current = new AbortController();
    };
  }, [key]);

  const lastRefresh = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastRefresh.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastRefresh.current = Date.now();
      dispatch({ type: "window:invalidate", key });
    }, wait);
    return () => clearTimeout(timer);
  }, [freshness, key]);

  const { start, end } = range;
  useEffect(() => {
    if (state.key !== key) return;
    const pages = pagesToLoad(state, start, end);
    if (pages.length === 0) return;
    dispatch({ type: "window:loading", key, pages });
    const { signal } = controller.current;
    for (const page of pages) {
      fetchResults(runId, resultsQuery(filters, page * PAGE_ROWS, PAGE_ROWS, reviewer), signal)
        .then((result) => dispatch({ type: "window:loaded", key, page, result }))
        .catch((err: unknown) => {
          if (isAbort(err) || signal.aborted) return;
          dispatch({ type: "window:failed", key, page, message: errorText(err, t) });
        });
    }
  }, [state, start, end, key, runId, filters, reviewer, t]);

  return state;
}
