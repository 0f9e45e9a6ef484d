// The sidebar's threads: fetched from GET /api/threads, refreshed when a turn creates or updates one (here or in
// another tab), and renamed or deleted through the REST API, the list following at once (and the other tabs' too).
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { Thread } from "../../contract/threads";
import { deleteThread, fetchThreads, renameThread } from "./api";
import { listenToOtherTabs, tellOtherTabs } from "./state/tabNews";
import { initialThreadList, threadListReducer, type ThreadListState } from "./state/threads";

export interface ThreadsApi {
  list: ThreadListState;
  refresh(): void;
  upsert(thread: Thread): void;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export function useThreads(): ThreadsApi {
  const [list, dispatch] = useReducer(threadListReducer, initialThreadList);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    fetchThreads(controller.signal)
      .then((threads) => dispatch({ type: "threads:loaded", threads }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        console.error("could not load the threads", err);
        dispatch({ type: "threads:failed" });
      })
      .finally(() => {
        if (inFlight.current === controller) inFlight.current = null;
      });
  }, []);

  // A list asked for before a rename or deletion answered would bring the old title or the deleted thread back:
  // it is asked for again.
  const refreshIfLoading = useCallback(() => {
    if (inFlight.current) refresh();
  }, [refresh]);

  useEffect(() => {
    refresh();
    return () => inFlight.current?.abort();
  }, [refresh]);
  useEffect(() => listenToOtherTabs(() => refresh()), [refresh]);

  const upsert = useCallback((thread: Thread) => dispatch({ type: "thread:upsert", thread }), []);

  const rename = useCallback(
    async (id: string, title: string) => {
      dispatch({ type: "thread:upsert", thread: await renameThread(id, title) });
      refreshIfLoading();
      tellOtherTabs({ type: "threads" });
    },
    [refreshIfLoading],
  );

  const remove = useCallback(
    async (id: string) => {
      await deleteThread(id);
      dispatch({ type: "thread:removed", id });
      refreshIfLoading();
      tellOtherTabs({ type: "threads", removed: id });
    },
    [refreshIfLoading],
  );

  return { list, refresh, upsert, rename, remove };
}
