// Asks the server to search the threads' messages for what is typed in the sidebar's box: after a pause in typing
// (DEBOUNCE_MS), one request at a time (a newer query aborts the older one's), and again when `listVersion` changes
// (the threads or their titles did: a rename or a deletion is not left standing in the results; an answer streaming
// into a thread changes neither). `mine`: an admin's list showing their own threads asks for their own only.
import { useEffect, useReducer } from "react";
import { searchThreads } from "./api";
import { serverQuery, threadSearchReducer, type ThreadSearchState } from "./state/threadSearch";

const DEBOUNCE_MS = 300;

export function useThreadSearch(typed: string, listVersion: string, mine: boolean): ThreadSearchState {
  const [state, dispatch] = useReducer(threadSearchReducer, { status: "idle" });
  const query = serverQuery(typed);

  useEffect(() => {
    dispatch({ type: "search:typed", query });
    if (!query) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchThreads(query, mine, controller.signal)
        .then((hits) => dispatch({ type: "search:answered", query, hits }))
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          console.error("could not search the threads", err);
          dispatch({ type: "search:failed", query });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, listVersion, mine]);

  return state;
}
