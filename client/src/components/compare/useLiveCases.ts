// The answers of a comparison that is still running, for the table of every case: the page polls the run without
// its answers (useCompareRun.ts, every 500 ms, cheap), and this reads it with them, at most every LIVE_CASES_MS (longer
// as the answers grow: liveCasesWait), only when answers were added since the last read and the tab is shown, so that
// the table's rows fill in while the run goes. Once the
// run ends the page reads it whole, and this stops.
import { useEffect, useRef, useState } from "react";
import type { CaseView, CompareRunResponse } from "../../../../contract/compare";
import { fetchCompareRun } from "../../api";
import type { Lang } from "../../i18n";

/** The least time between two reads of a running run's answers. */
export const LIVE_CASES_MS = 1500;

/**
 * The time to the next read after one that held `done` answers: each read sends every answer so far, so the pause
 * grows with them (4 ms an answer: 6 s at 1,500), and the bytes a long run sends stay a small multiple of its answers
 * rather than growing with their square.
 */
export function liveCasesWait(done: number): number {
  return Math.max(LIVE_CASES_MS, done * 4);
}

/** After a failed read: the page's own poll says when the server is gone; this only tries again later. */
const RETRY_MS = 4 * LIVE_CASES_MS;

/** The running run's cases with their answers so far; null when the run is not running or not read yet. */
export function useLiveCases(run: CompareRunResponse | undefined, lang: Lang): CaseView[] | null {
  const [live, setLive] = useState<{ runId: string; cases: CaseView[] }>();
  const runId = run?.runId;
  const running = run?.status === "running" && !run.cases;
  // The answers made so far, as the page's poll last saw them; read by the loop below without restarting it.
  const done = useRef(run?.progress.done ?? 0);
  done.current = run?.progress.done ?? 0;

  useEffect(() => {
    if (!runId || !running) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let readAt = -1;
    const tick = async () => {
      let wait = LIVE_CASES_MS;
      // A hidden tab reads nothing; it catches up when shown again.
      if (done.current !== readAt && document.visibilityState !== "hidden") {
        try {
          const full = await fetchCompareRun(runId, { lang }, controller.signal);
          readAt = full.progress.done;
          wait = liveCasesWait(readAt);
          if (full.cases) setLive({ runId, cases: full.cases });
        } catch {
          if (controller.signal.aborted) return;
          wait = RETRY_MS;
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void tick(), wait);
    };
    void tick();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [runId, running, lang]);

  return running && live && live.runId === runId ? live.cases : null;
}
