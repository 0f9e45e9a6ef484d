// The sidebar's search over the threads' messages (GET /api/threads/search): what to show for the query typed. The
// server answers queries with a term (a word or "phrase") of THREAD_SEARCH_MIN characters or more; until its answer
// for the query typed arrives (and after a failure) the list is the title filter of state/threads.ts, which needs no
// server.
import {
  matchRanges,
  queryTerms,
  type TextRange,
  type ThreadSearchHit,
} from "../../../contract/threadSearch";

export type ThreadSearchState =
  | { status: "idle" }
  | { status: "loading"; query: string }
  | { status: "ready"; query: string; hits: ThreadSearchHit[] }
  | { status: "error"; query: string };

export type ThreadSearchAction =
  | { type: "search:typed"; query: string }
  | { type: "search:answered"; query: string; hits: ThreadSearchHit[] }
  | { type: "search:failed"; query: string };

/** The query as the server is asked it; "" when it has no term long enough to be asked ("a", "a b"). */
export function serverQuery(typed: string): string {
  const q = typed.trim().replace(/\s+/g, " ");
  return queryTerms(q).length > 0 ? q : "";
}

export function threadSearchReducer(state: ThreadSearchState, action: ThreadSearchAction): ThreadSearchState {
  switch (action.type) {
    case "search:typed": {
      const query = serverQuery(action.query);
      if (!query) return { status: "idle" };
      return state.status !== "idle" && state.query === query ? state : { status: "loading", query };
    }
    // An answer to a query typed over since is dropped; one to the same query asked again (the list changed: a
    // rename, a deletion, a new answer) replaces the results shown meanwhile.
    case "search:answered":
      return state.status !== "idle" && state.query === action.query
        ? { status: "ready", query: action.query, hits: action.hits }
        : state;
    case "search:failed":
      return state.status !== "idle" && state.query === action.query
        ? { status: "error", query: action.query }
        : state;
  }
}

/** A search result chosen in the list: its thread opens at the message that matched, the query's words marked. */
export interface SearchTarget {
  messageId: string;
  query: string;
}

/**
 * The places of an opened message's text to mark for the search that found it: every term of the query (each word,
 * each "phrase") wherever it occurs, as the result's excerpt marks them. MessageList maps them onto the DOM.
 */
export function searchMarks(text: string, query: string): TextRange[] {
  return matchRanges(text, queryTerms(query));
}
