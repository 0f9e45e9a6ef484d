// The comparison the compare page shows, kept in the address (?page=compare&comparison=<id>) so that changing tab,
// reloading or Back comes back to it: polled while it runs, read whole once it ends (done, failed, or interrupted by
// its server's end). The server keeps runs in its database, each user's newest 100 (docs/compare.md, "Where runs
// live"): one it no longer has (404) is said to be gone and leaves the address.
import { useCallback, useEffect, useState } from "react";
import type { CompareRunResponse } from "../../../../contract/compare";
import { setAddress, useAddressMoves } from "../../address";
import { ApiError, fetchCompareRun } from "../../api";
import { serverError, type PageError } from "./pageError";
import type { Lang } from "../../i18n";
import { comparisonFromSearch, POLL_MS, shouldPoll, urlWithComparison } from "../../state/compare";

export interface CompareRunState {
  runId: string | undefined;
  run: CompareRunResponse | undefined;
  /** The run could not be read (the server was unreachable, the network dropped): the page no longer waits for it. */
  pollFailed: boolean;
  /** The run of the address is no longer kept on the server (404). */
  gone: boolean;
  /** Why the last read failed (other than gone), kept to be said in the page's language. */
  error: PageError | undefined;
  /** The last run started on this page (not one opened from the list or the address): the list follows its end. */
  startedHere: string | undefined;
  /** Shows a run: a history entry of its own, so Back returns to the page before it; `started` when this page started it. */
  open: (runId: string, started?: boolean) => void;
  /** Forgets the run shown (a new one is being started). */
  clear: () => void;
}

/** `lang`: the page's language; a switch reads the run again, so that what the server words follows it. */
export function useCompareRun(lang: Lang): CompareRunState {
  const [runId, setRunId] = useState(() => comparisonFromSearch(location.search));
  const [run, setRun] = useState<CompareRunResponse>();
  const [pollFailed, setPollFailed] = useState(false);
  const [gone, setGone] = useState(false);
  const [error, setError] = useState<PageError>();
  const [startedHere, setStartedHere] = useState<string>();

  // Back and Forward: the comparison of the address (none: the empty form).
  useAddressMoves((search) => {
    const next = comparisonFromSearch(search);
    setRunId(next);
    if (!next) setRun(undefined);
  });

  // Poll the run while it goes (cheaply, without the answers), then once more with the answers.
  useEffect(() => {
    if (!runId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const light = await fetchCompareRun(runId, { cases: false, lang }, controller.signal);
        if (shouldPoll(light)) {
          setRun(light);
          timer = setTimeout(() => void tick(), POLL_MS);
          return;
        }
        setRun(await fetchCompareRun(runId, { lang }, controller.signal));
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 404) {
          setGone(true);
          setRun(undefined);
          setRunId(undefined);
          setAddress(urlWithComparison(location.href, undefined), "replace");
          return;
        }
        setError(serverError(err));
        setPollFailed(true);
      }
    };
    setPollFailed(false);
    setError(undefined);
    void tick();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [runId, lang]);

  const open = useCallback((id: string, started = false) => {
    setGone(false);
    if (started) setStartedHere(id);
    // Another run (one chosen from the list): the one shown until now does not stay on screen while it loads.
    setRun((prev) => (prev?.runId === id ? prev : undefined));
    setRunId(id);
    setAddress(urlWithComparison(location.href, id), "push");
  }, []);

  const clear = useCallback(() => {
    setGone(false);
    setRun(undefined);
    setRunId(undefined);
  }, []);

  return { runId, run, pollFailed, gone, error, startedHere, open, clear };
}
