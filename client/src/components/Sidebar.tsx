// The thread list: the stored conversations under date headings, a search over their titles and (asked of the
// server, GET /api/threads/search) their messages, each found thread with an excerpt of its matching message; for each one
// rename, export (Markdown, JSON) and delete (after a confirmation). An admin, whose list holds everyone's threads,
// chooses between their own (the default) and everyone's. On a phone it is a drawer.
import { memo, useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { Thread } from "../../../contract/threads";
import {
  excerptSegments,
  type ThreadSearchHit,
  type ThreadSearchMatch,
} from "../../../contract/threadSearch";
import { ApiError, exportUrl } from "../api";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";
import {
  filterThreads,
  groupThreads,
  hasOthersThreads,
  loadThreadsShown,
  saveThreadsShown,
  threadsOf,
  type ThreadGroup,
  type ThreadListState,
  type ThreadsShown,
} from "../state/threads";
import type { SearchTarget, ThreadSearchState } from "../state/threadSearch";
import { useThreadSearch } from "../useThreadSearch";

const GROUP_KEYS: Record<ThreadGroup, MessageKey> = {
  today: "threads.today",
  yesterday: "threads.yesterday",
  week: "threads.week",
  older: "threads.older",
};

interface Props {
  list: ThreadListState;
  currentId?: string;
  /** On a phone: the drawer is open. On a wide screen: the column is shown. */
  open: boolean;
  onClose: () => void;
  /** `found`: a search result was chosen; the thread opens at the message that matched. */
  onOpen: (id: string, found?: SearchTarget) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onRetry: () => void;
}

type Mode = "menu" | "rename" | "confirm";

/**
 * Where a thread matched the search: who wrote the message, and its excerpt with every occurrence of the words marked
 * (text nodes only: a message's markup never becomes HTML).
 */
function SearchExcerpt({ match }: { match: ThreadSearchMatch }) {
  const { t } = useI18n();
  return (
    <span className="thread-excerpt" data-testid="thread-search-snippet" data-message-id={match.messageId}>
      <span className="thread-excerpt-from">{t(`threads.searchFrom.${match.role}`)}: </span>
      <span data-testid="thread-search-excerpt">
        {excerptSegments(match).map((segment, i) =>
          segment.marked ? <mark key={i}>{segment.text}</mark> : segment.text,
        )}
      </span>
    </span>
  );
}

function ThreadItem({
  thread,
  current,
  match,
  query,
  testId = "thread-item",
  onOpen,
  onRename,
  onDelete,
}: {
  thread: Thread;
  current: boolean;
  /** In the search's results: where the thread's messages matched. */
  match?: ThreadSearchMatch;
  /** The search's words, with `match`: the opened thread marks them in the message. */
  query?: string;
  testId?: string;
  onOpen: (id: string, found?: SearchTarget) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const [mode, setMode] = useState<Mode>();
  const [title, setTitle] = useState(thread.title);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const renameRef = useRef<HTMLInputElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  /** Closes the menu or the question and gives the focus back to ⋯, where the keyboard was before. */
  function closeMenu() {
    setMode(undefined);
    menuButtonRef.current?.focus();
  }

  useEffect(() => {
    if (mode === "rename") renameRef.current?.select();
  }, [mode]);

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      setMode(undefined);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t("threads.failed"));
    } finally {
      setBusy(false);
    }
  }

  function rename(e: FormEvent) {
    e.preventDefault();
    const next = title.trim();
    if (!next || next === thread.title) {
      setMode(undefined);
      return;
    }
    void act(() => onRename(thread.id, next));
  }

  return (
    <li
      className={`thread-item${current ? " current" : ""}${mode ? " active" : ""}`}
      data-testid={testId}
      data-thread-id={thread.id}
      aria-current={current ? "page" : undefined}
      onKeyDown={(e) => {
        // Esc closes the actions menu wherever the focus is in it (on ⋯ or an action), as it takes the delete
        // question back, and not the page's other Esc actions (the drawer on a phone).
        if (e.key !== "Escape" || (mode !== "menu" && mode !== "confirm")) return;
        e.preventDefault();
        e.stopPropagation();
        closeMenu();
      }}
    >
      {mode === "rename" ? (
        <form className="thread-rename" onSubmit={rename}>
          <input
            ref={renameRef}
            data-testid="thread-rename-input"
            value={title}
            maxLength={200}
            aria-label={t("threads.renameLabel")}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setMode(undefined);
              }
            }}
          />
          <button
            type="submit"
            className="ghost-button small"
            data-testid="thread-rename-save"
            disabled={busy}
          >
            {t("common.save")}
          </button>
        </form>
      ) : (
        <div className="thread-row">
          <button
            type="button"
            className="thread-open"
            title={thread.title}
            onClick={() =>
              onOpen(thread.id, match && query ? { messageId: match.messageId, query } : undefined)
            }
          >
            <span className="thread-title">{thread.title}</span>
            {thread.owner && (
              <span className="thread-owner" data-testid="thread-owner">
                {thread.owner.kind === "user" ? thread.owner.name : t("threads.ownerGuest")}
              </span>
            )}
            {match && <SearchExcerpt match={match} />}
          </button>
          <button
            ref={menuButtonRef}
            type="button"
            className="thread-menu-button"
            data-testid="thread-menu"
            aria-label={t("threads.actions", { title: thread.title })}
            aria-expanded={mode === "menu" || mode === "confirm"}
            aria-controls={menuId}
            onClick={() => setMode((m) => (m ? undefined : "menu"))}
          >
            ⋯
          </button>
        </div>
      )}
      {mode === "menu" && (
        <div className="thread-actions" id={menuId}>
          <button
            type="button"
            className="link-button"
            data-testid="thread-rename"
            onClick={() => {
              setTitle(thread.title);
              setMode("rename");
            }}
          >
            {t("threads.rename")}
          </button>
          <a
            className="link-button"
            data-testid="thread-export-md"
            href={exportUrl(thread.id, "md", lang)}
            download
          >
            {t("threads.exportMd")}
          </a>
          <a
            className="link-button"
            data-testid="thread-export-json"
            href={exportUrl(thread.id, "json")}
            download
          >
            {t("threads.exportJson")}
          </a>
          <button
            type="button"
            className="link-button danger"
            data-testid="thread-delete"
            onClick={() => setMode("confirm")}
          >
            {t("threads.delete")}
          </button>
        </div>
      )}
      {mode === "confirm" && (
        <div
          className="thread-confirm"
          role="alertdialog"
          aria-label={t("threads.confirmDelete")}
          id={menuId}
        >
          <p>{t("threads.confirmDelete")}</p>
          <div className="confirm-actions">
            <button
              type="button"
              className="danger-button small"
              data-testid="thread-delete-confirm"
              disabled={busy}
              onClick={() => void act(() => onDelete(thread.id))}
            >
              {t("threads.deleteYes")}
            </button>
            {/* Focus lands on the safe answer: a stray Enter keeps the conversation. */}
            <button
              type="button"
              className="ghost-button small"
              data-testid="thread-delete-cancel"
              autoFocus
              onClick={closeMenu}
            >
              {t("common.cancel")}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="inline-error small-note" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

type ItemActions = Pick<Props, "onOpen" | "onRename" | "onDelete">;

/**
 * The server's answer to the search, in place of the date headings: the matching threads newest first, each with its
 * excerpt, or a clear "nothing" (saying so when only others' threads match, for an admin showing their own).
 */
export function ThreadSearchResults({
  hits,
  query,
  othersMatch,
  currentId,
  ...actions
}: ItemActions & {
  hits: readonly ThreadSearchHit[];
  query: string;
  othersMatch?: boolean;
  currentId?: string;
}) {
  const { t } = useI18n();
  if (hits.length === 0)
    return (
      <p className="muted small-note" data-testid="thread-search-empty">
        {othersMatch ? t("access.threads.othersMatch") : t("threads.searchEmpty", { query })}
      </p>
    );
  return (
    <section className="thread-group" aria-label={t("threads.searchResults")}>
      <ul>
        {hits.map(({ thread, match }) => (
          <ThreadItem
            key={thread.id}
            thread={thread}
            match={match}
            query={query}
            testId="thread-search-result"
            current={thread.id === currentId}
            {...actions}
          />
        ))}
      </ul>
    </section>
  );
}

/** What the search's results depend on in the list: which threads there are and their titles, not their times. */
function threadsVersion(threads: readonly { id: string; title: string }[]): string {
  return threads.map((t) => `${t.id}\u0000${t.title}`).join("\u0001");
}

/** The hits the list shows: an admin showing their own threads sees their own hits only. */
function hitsShown(search: ThreadSearchState, choosing: boolean, whose: ThreadsShown) {
  if (search.status !== "ready") return undefined;
  if (!choosing) return search.hits;
  const ids = new Set(
    threadsOf(
      search.hits.map((h) => h.thread),
      whose,
    ).map((t) => t.id),
  );
  return search.hits.filter((h) => ids.has(h.thread.id));
}

function SidebarView({ list, currentId, open, onClose, onOpen, onNew, onRename, onDelete, onRetry }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  // An admin's list holds everyone's threads: their own only unless they choose all (a projected chat shows no
  // student's question by default). Without others' threads there is nothing to choose.
  const [whose, setWhose] = useState<ThreadsShown>(() => loadThreadsShown());
  const choosing = hasOthersThreads(list.threads);
  const mine = choosing ? threadsOf(list.threads, whose) : list.threads;
  const shown = filterThreads(mine, query);
  const groups = groupThreads(shown);
  // The server's search over the messages; until it answers (or when it fails), the title filter above.
  const search = useThreadSearch(query, threadsVersion(list.threads), choosing && whose === "mine");
  const hits = hitsShown(search, choosing, whose);
  const choose = (next: ThreadsShown) => {
    setWhose(next);
    saveThreadsShown(next);
  };

  return (
    <>
      {open && <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />}
      <aside className={`sidebar${open ? " open" : ""}`} aria-label={t("threads.title")}>
        <div className="sidebar-head">
          <button
            type="button"
            className="primary-button new-thread"
            data-testid="new-thread"
            onClick={onNew}
          >
            + {t("header.newThread")}
          </button>
          <button
            type="button"
            className="icon-button drawer-close"
            onClick={onClose}
            aria-label={t("threads.close")}
            title={t("threads.close")}
          >
            ✕
          </button>
        </div>
        {choosing && (
          <div className="segmented thread-filter" role="group" aria-label={t("access.threads.shown")}>
            {(["mine", "all"] as const).map((w) => (
              <button
                key={w}
                type="button"
                data-testid={`threads-filter-${w}`}
                aria-pressed={whose === w}
                onClick={() => choose(w)}
              >
                {t(`access.threads.${w}`)}
              </button>
            ))}
          </div>
        )}
        {list.threads.length > 0 && (
          <input
            type="search"
            className="thread-search"
            data-testid="thread-search"
            value={query}
            placeholder={t("threads.search")}
            aria-label={t("threads.search")}
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
        <nav className="thread-nav" data-testid="thread-list" aria-label={t("threads.title")}>
          {list.status === "error" && (
            <p className="inline-error small-note">
              {t("threads.loadFailed")}{" "}
              <button type="button" className="link-button" onClick={onRetry}>
                {t("threads.retry")}
              </button>
            </p>
          )}
          {list.status === "ready" && list.threads.length === 0 && (
            <p className="muted small-note">{t("threads.empty")}</p>
          )}
          {list.threads.length > 0 && mine.length === 0 && (
            <p className="muted small-note" data-testid="threads-mine-empty">
              {t("access.threads.mineEmpty")}
            </p>
          )}
          {search.status === "loading" && (
            <p className="muted small-note" role="status">
              {t("threads.searchBusy")}
            </p>
          )}
          {search.status === "error" && (
            <p className="inline-error small-note" role="alert" data-testid="thread-search-error">
              {t("threads.searchFailed")}
            </p>
          )}
          {hits && search.status === "ready" && (
            <ThreadSearchResults
              hits={hits}
              query={search.query}
              othersMatch={hits.length === 0 && search.hits.length > 0}
              currentId={currentId}
              onOpen={onOpen}
              onRename={onRename}
              onDelete={onDelete}
            />
          )}
          {!hits && mine.length > 0 && shown.length === 0 && (
            <p className="muted small-note">
              {choosing && whose === "mine" && filterThreads(list.threads, query).length > 0
                ? t("access.threads.othersMatch")
                : t("threads.noMatch")}
            </p>
          )}
          {!hits &&
            groups.map((g) => (
              <section key={g.group} className="thread-group">
                <h2 className="thread-group-title">{t(GROUP_KEYS[g.group])}</h2>
                <ul>
                  {g.threads.map((thread) => (
                    <ThreadItem
                      key={thread.id}
                      thread={thread}
                      current={thread.id === currentId}
                      onOpen={onOpen}
                      onRename={onRename}
                      onDelete={onDelete}
                    />
                  ))}
                </ul>
              </section>
            ))}
        </nav>
      </aside>
    </>
  );
}

export const Sidebar = memo(SidebarView);
