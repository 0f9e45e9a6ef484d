// The sidebar's search over the threads' messages (GET /api/threads/search): what to show for the query typed. The
// server answers queries of THREAD_SEARCH_MIN characters or more; until its answer for the query typed arrives (and
// after a failure) the list is the title filter of state/threads.ts, which needs no server.
import { THREAD_SEARCH_MIN, type ThreadSearchHit } from "../../../contract/threadSearch";

export type ThreadSearchState =
  | { status: "idle" }
  | { status: "loading"; query: string }
  | { status: "ready"; query: string; hits: ThreadSearchHit[] }
  | { status: "error"; query: string };

export type ThreadSearchAction =
  | { type: "search:typed"; query: string }
  | { type: "search:answered"; query: string; hits: ThreadSearchHit[] }
  | { type: "search:failed"; query: string };

/** The query as the server is asked it; "" when it is too short to be asked. */
export function serverQuery(typed: string): string {
  const q = typed.trim().replace(/\s+/g, " ");
  return q.length >= THREAD_SEARCH_MIN ? q : "";
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
