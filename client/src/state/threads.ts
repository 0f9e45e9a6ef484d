// The thread list of the sidebar as a pure reducer: threads from GET /api/threads, newest first, kept in step
// with what the user does (a new thread appears on its first ack, a renamed or deleted one changes at once).
import { foldForSearch, holdsTerm, queryTerms } from "../../../contract/threadSearch";
import type { Thread } from "../../../contract/threads";
import { safeStorage } from "../i18n";
import { foldText } from "./search";

export interface ThreadListState {
  threads: Thread[];
  status: "loading" | "ready" | "error";
}

export const initialThreadList: ThreadListState = { threads: [], status: "loading" };

export type ThreadListAction =
  | { type: "threads:loaded"; threads: Thread[] }
  | { type: "threads:failed" }
  | { type: "thread:upsert"; thread: Thread }
  | { type: "thread:removed"; id: string };

/** Newest activity first, as the server lists them; ISO timestamps compare as strings. */
function byActivity(a: Thread, b: Thread): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}

export function threadListReducer(state: ThreadListState, action: ThreadListAction): ThreadListState {
  switch (action.type) {
    case "threads:loaded":
      return { threads: [...action.threads].sort(byActivity), status: "ready" };
    case "threads:failed":
      return { ...state, status: "error" };
    case "thread:upsert": {
      const others = state.threads.filter((t) => t.id !== action.thread.id);
      return { ...state, threads: [action.thread, ...others].sort(byActivity) };
    }
    case "thread:removed":
      return state.threads.some((t) => t.id === action.id)
        ? { ...state, threads: state.threads.filter((t) => t.id !== action.id) }
        : state;
  }
}

/** The thread the server makes for a first message, shown until the list is fetched again. */
export function provisionalThread(id: string, firstMessage: string, now: Date = new Date()): Thread {
  const at = now.toISOString();
  return { id, title: firstMessage.trim().slice(0, 80), createdAt: at, updatedAt: at };
}

/**
 * The threads whose title, or owner's name in an admin's list, holds the query (diacritics and case folded): each of
 * its words, in any order, in one or the other, as the server's search reads it (queryTerms) and finds them
 * (holdsTerm: a word under three characters where a word starts); a one-letter query as it is, where a word starts.
 */
export function filterThreads(threads: readonly Thread[], query: string): Thread[] {
  // Folded as the server folds what it searches (foldForSearch keeps the marks of other scripts, as titles keep them).
  const q = foldForSearch(query.trim());
  if (!q) return [...threads];
  const terms = queryTerms(q);
  // Too short for the server's search (one letter, a symbol): each word as it is, where a word starts.
  const words = terms.length > 0 ? terms : q.split(/\s+/).filter(Boolean);
  const owner = (t: Thread) => (t.owner?.kind === "user" ? foldText(t.owner.name) : "");
  return threads.filter((t) => {
    const title = foldForSearch(t.title);
    const name = owner(t);
    return words.every((w) => holdsTerm(title, w) || holdsTerm(name, w));
  });
}

export type ThreadGroup = "today" | "yesterday" | "week" | "older";

/** Which heading of the list a thread goes under, by its last activity in the viewer's local time. */
export function threadGroup(updatedAt: string, now: Date = new Date()): ThreadGroup {
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const at = new Date(updatedAt);
  if (Number.isNaN(at.getTime())) return "older";
  const days = Math.round((day(now) - day(at)) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return days < 7 ? "week" : "older";
}

/** The threads under their headings, in list order; empty groups are left out. */
export function groupThreads(
  threads: readonly Thread[],
  now: Date = new Date(),
): { group: ThreadGroup; threads: Thread[] }[] {
  const groups: { group: ThreadGroup; threads: Thread[] }[] = [];
  for (const thread of threads) {
    const group = threadGroup(thread.updatedAt, now);
    const last = groups[groups.length - 1];
    if (last?.group === group) last.threads.push(thread);
    else groups.push({ group, threads: [thread] });
  }
  return groups;
}

// ---- the current thread in the address bar and in storage, so that a reload returns to it ----

const THREAD_PARAM = "thread";
const STORAGE_KEY = "echochamber.thread";

/** The thread named in the address (?thread=…), else the one remembered from the last visit. */
export function initialThreadId(
  search: string,
  storage: Pick<Storage, "getItem"> | undefined,
): string | undefined {
  const fromUrl = new URLSearchParams(search).get(THREAD_PARAM)?.trim();
  if (fromUrl) return fromUrl;
  return storage?.getItem(STORAGE_KEY)?.trim() || undefined;
}

/** The address with the thread set (or removed), other parameters kept. */
export function urlWithThread(href: string, threadId: string | undefined): string {
  const url = new URL(href);
  if (threadId) url.searchParams.set(THREAD_PARAM, threadId);
  else url.searchParams.delete(THREAD_PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}

export function rememberThread(threadId: string | undefined, storage: Storage | undefined): void {
  try {
    if (threadId) storage?.setItem(STORAGE_KEY, threadId);
    else storage?.removeItem(STORAGE_KEY);
  } catch (err) {
    console.warn("could not remember the thread", err);
  }
}

/**
 * Whose threads an admin's list shows: their own ("mine", the default: a teacher projecting their chat must not show
 * the students' questions by default) or everyone's. Remembered per browser.
 */
export type ThreadsShown = "mine" | "all";

const THREADS_SHOWN_KEY = "echochamber.threadsShown";

export function loadThreadsShown(
  storage: Pick<Storage, "getItem"> | undefined = safeStorage(),
): ThreadsShown {
  return storage?.getItem(THREADS_SHOWN_KEY) === "all" ? "all" : "mine";
}

export function saveThreadsShown(
  shown: ThreadsShown,
  storage: Pick<Storage, "setItem"> | undefined = safeStorage(),
): void {
  try {
    storage?.setItem(THREADS_SHOWN_KEY, shown);
  } catch (err) {
    // A full or blocked storage only costs the preference.
    console.warn("could not save the thread list's filter", err);
  }
}

/** Whether the list holds someone else's thread (an admin's list): only then is there a choice to make. */
export function hasOthersThreads(threads: readonly Thread[]): boolean {
  return threads.some((t) => t.owner !== undefined);
}

/** The threads of the choice: the viewer's own (those without an owner named) or all. */
export function threadsOf(threads: readonly Thread[], shown: ThreadsShown): Thread[] {
  return shown === "all" ? [...threads] : threads.filter((t) => t.owner === undefined);
}
