// "Comparații anterioare": the user's past comparisons kept on the server (an admin's: everyone's), newest first, from
// GET /api/compare. Choosing one opens it as the page shows a run it started (polled while it runs); each finished one
// can be deleted (DELETE ?delete=1, after a confirmation). The list is read again when the run shown starts or ends and
// after a deletion; docs/compare.md, "Past comparisons". A page of older runs that fails to load keeps the list and
// says why beside "Mai vechi", which tries again. Two finished runs picked ("Compară cu…") open side by side
// (CompareDiff.tsx).
import { useCallback, useEffect, useState } from "react";
import type { CompareRunResponse } from "../../../../contract/compare";
import type { CompareHistoryItem, CompareHistoryResponse } from "../../../../contract/compareHistory";
import { deleteCompareRun, fetchCompareHistory } from "../../api";
import type { Lang } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { formatCount } from "../../format";
import { appendPage, formatRunTime, historyStatusKey, withShownRun } from "../../state/compareHistory";
import { pickable } from "./compareDiffView";
import { sayPageError, serverError, type PageError } from "./pageError";

export type HistoryState =
  | { status: "loading" }
  | { status: "failed"; error: PageError }
  | {
      status: "ok";
      list: CompareHistoryResponse;
      /** While a page of older runs loads. */
      loadingMore?: boolean;
      /** Why the last page of older runs failed to load (the list stays; "Mai vechi" tries again). */
      moreError?: PageError;
    };

/**
 * The list as a page of older runs leaves it: appended once loaded, kept with the error when it failed. A page asked
 * for (`before`) by a list since read again (a reload, a deletion) is not that list's: it is dropped.
 */
export function afterOlderPage(
  state: HistoryState,
  before: string,
  outcome: { page: CompareHistoryResponse } | { error: PageError },
): HistoryState {
  if (state.status !== "ok" || !state.loadingMore || state.list.next !== before) return state;
  if ("error" in outcome) return { status: "ok", list: state.list, moreError: outcome.error };
  return { status: "ok", list: appendPage(state.list, outcome.page) };
}

export interface CompareHistoryControls {
  state: HistoryState;
  /** Why the last deletion failed. */
  deleteError: PageError | undefined;
  /** The run being deleted. */
  deleting: string | undefined;
  more: () => void;
  /** Deletes the run after the user confirmed; resolves true once it is gone. */
  remove: (item: CompareHistoryItem) => Promise<boolean>;
}

/** The list, read again when `refreshKey` changes (and in the page's language after a switch). */
export function useCompareHistory(lang: Lang, refreshKey: string): CompareHistoryControls {
  const [state, setState] = useState<HistoryState>({ status: "loading" });
  const [deleteError, setDeleteError] = useState<PageError>();
  const [deleting, setDeleting] = useState<string>();
  const [reads, setReads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchCompareHistory({ lang }, controller.signal)
      .then((list) => setState({ status: "ok", list }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", error: serverError(err) });
      });
    return () => controller.abort();
  }, [lang, refreshKey, reads]);

  const more = useCallback(() => {
    if (state.status !== "ok" || !state.list.next || state.loadingMore) return;
    const before = state.list.next;
    setState({ status: "ok", list: state.list, loadingMore: true });
    fetchCompareHistory({ lang, before })
      .then((page) => setState((prev) => afterOlderPage(prev, before, { page })))
      .catch((err: unknown) => setState((prev) => afterOlderPage(prev, before, { error: serverError(err) })));
  }, [state, lang]);

  const remove = useCallback(async (item: CompareHistoryItem) => {
    setDeleteError(undefined);
    setDeleting(item.runId);
    try {
      await deleteCompareRun(item.runId);
      setState((prev) =>
        prev.status === "ok"
          ? {
              status: "ok",
              list: { ...prev.list, runs: prev.list.runs.filter((r) => r.runId !== item.runId) },
            }
          : prev,
      );
      setReads((n) => n + 1);
      return true;
    } catch (err) {
      setDeleteError(serverError(err));
      return false;
    } finally {
      setDeleting(undefined);
    }
  }, []);

  return { state, deleteError, deleting, more, remove };
}

export interface CompareHistoryListProps {
  state: HistoryState;
  /** The run the page shows, marked as open, with its live status and progress. */
  shownRunId?: string;
  shownRun?: CompareRunResponse;
  deleting?: string;
  deleteError?: PageError;
  onOpen: (runId: string) => void;
  onDelete: (item: CompareHistoryItem) => void;
  onMore: () => void;
  /** The time zone of the dates (the browser's unless given: tests). */
  timeZone?: string;
  /** "Compară cu…": the runs picked to be compared (two at most), a click on one's box, and opening the two. */
  picked?: readonly string[];
  onPick?: (runId: string) => void;
  onDiff?: () => void;
}

function HistoryItem({
  item,
  open,
  deleting,
  onOpen,
  onDelete,
  timeZone,
  picked,
  onPick,
}: {
  item: CompareHistoryItem;
  open: boolean;
  deleting: boolean;
  onOpen: (runId: string) => void;
  onDelete: (item: CompareHistoryItem) => void;
  timeZone?: string;
  picked: boolean;
  onPick?: (runId: string) => void;
}) {
  const { t, lang } = useI18n();
  const date = formatRunTime(item.createdAt, lang, timeZone);
  const pass = item.best?.passRate;
  return (
    <li
      className={`compare-history-item${open ? " is-open" : ""}`}
      data-testid="compare-history-item"
      data-run-id={item.runId}
      data-status={item.status}
    >
      <button
        type="button"
        className="compare-history-open"
        data-testid="compare-history-open"
        aria-current={open ? "true" : undefined}
        onClick={() => onOpen(item.runId)}
      >
        <span className="compare-history-when">
          <time dateTime={item.createdAt}>{date}</time>
          {" · "}
          <strong>{item.suite.name}</strong> ({countOf(item.suite.cases, NOUNS.testCase, lang)})
        </span>
        <span className="compare-history-models">{item.models.join(", ")}</span>
        <span className="compare-history-facts">
          <span data-testid="compare-history-status">{t(historyStatusKey(item))}</span>
          {" · "}
          <span data-testid="compare-history-progress">
            {t("compare.history.progress", {
              done: formatCount(item.progress.done, lang),
              answers: countOf(item.progress.total, NOUNS.answer, lang),
            })}
          </span>
          {item.status === "done" && !item.stopped && (
            <>
              {" · "}
              <span data-testid="compare-history-best">
                {item.best
                  ? t("compare.history.best", {
                      model: item.best.model,
                      pass: pass === null || pass === undefined ? "—" : `${Math.round(pass * 100)}%`,
                    })
                  : t("compare.history.noBest")}
              </span>
            </>
          )}
          {item.owner && (
            <>
              {" · "}
              <span data-testid="compare-history-owner">
                {item.owner.kind === "user"
                  ? t("compare.history.ownerUser", { name: item.owner.name })
                  : t("compare.history.ownerGuest")}
              </span>
            </>
          )}
          {open && (
            <>
              {" · "}
              <em>{t("compare.history.shown")}</em>
            </>
          )}
        </span>
      </button>
      {onPick && pickable(item) && (
        <label className="check compare-history-pick" title={t("compareDiff.pickLabel", { date })}>
          <input
            type="checkbox"
            data-testid="compare-history-pick"
            checked={picked}
            aria-label={t("compareDiff.pickLabel", { date })}
            onChange={() => onPick(item.runId)}
          />
          {t("compareDiff.pick")}
        </label>
      )}
      {item.status !== "running" && (
        <button
          type="button"
          className="link-button danger"
          data-testid="compare-history-delete"
          aria-label={t("compare.history.deleteLabel", { date })}
          disabled={deleting}
          onClick={() => onDelete(item)}
        >
          {t("compare.history.delete")}
        </button>
      )}
    </li>
  );
}

/** The section itself, from what the hook read: shown by the page, rendered alone by the tests. */
export function CompareHistoryList({
  state,
  shownRunId,
  shownRun,
  deleting,
  deleteError,
  onOpen,
  onDelete,
  onMore,
  timeZone,
  picked = [],
  onPick,
  onDiff,
}: CompareHistoryListProps) {
  const { t, lang } = useI18n();
  const runs = state.status === "ok" ? withShownRun(state.list.runs, shownRun) : [];
  const everyones = runs.some((r) => r.owner);
  return (
    <section
      className="compare-section compare-history"
      data-testid="compare-history"
      aria-labelledby="compare-history-title"
    >
      <h2 id="compare-history-title">{t("compare.history.title")}</h2>
      {state.status === "loading" && <p className="hint">{t("compare.history.loading")}</p>}
      {state.status === "failed" && (
        <p className="error-text" role="alert">
          {t("compare.history.loadError", { message: sayPageError(state.error, t, lang) })}
        </p>
      )}
      {state.status === "ok" && runs.length === 0 && (
        <p className="hint" data-testid="compare-history-empty">
          {t("compare.history.empty")}
        </p>
      )}
      {runs.length > 0 && (
        <>
          <p className="hint">{t(everyones ? "compare.history.hintAdmin" : "compare.history.hint")}</p>
          <ul className="compare-history-list">
            {runs.map((item) => (
              <HistoryItem
                key={item.runId}
                item={item}
                open={item.runId === shownRunId}
                deleting={deleting === item.runId}
                onOpen={onOpen}
                onDelete={onDelete}
                timeZone={timeZone}
                picked={picked.includes(item.runId)}
                onPick={onPick}
              />
            ))}
          </ul>
          {onDiff && runs.filter(pickable).length >= 2 && (
            <div className="confirm-actions">
              <button
                type="button"
                className="ghost-button small"
                data-testid="compare-diff-open"
                disabled={picked.length !== 2}
                onClick={onDiff}
              >
                {t("compareDiff.open")}
              </button>
              <span className="hint">{t("compareDiff.pickHint")}</span>
            </div>
          )}
        </>
      )}
      {deleteError && (
        <p className="error-text" role="alert" data-testid="compare-history-error">
          {t("compare.history.deleteError", { message: sayPageError(deleteError, t, lang) })}
        </p>
      )}
      {state.status === "ok" && state.list.next && (
        <div className="confirm-actions">
          <button
            type="button"
            className="ghost-button small"
            data-testid="compare-history-more"
            disabled={state.loadingMore}
            onClick={onMore}
          >
            {t(state.moreError ? "compare.history.moreRetry" : "compare.history.more")}
          </button>
          {state.moreError && (
            <span className="error-text" role="alert" data-testid="compare-history-more-error">
              {t("compare.history.moreError", { message: sayPageError(state.moreError, t, lang) })}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
