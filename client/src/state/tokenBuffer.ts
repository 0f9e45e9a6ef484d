// Coalesces streamed tokens so the UI renders at most once per frame instead of once per token (a long
// answer re-parsed as Markdown per token would be quadratic). Order is kept: flush before any other event.
import type { TokenEvent } from "../../../contract/protocol";

export interface TokenBuffer {
  /** Queues a token; schedules one flush if none is pending. */
  push(event: TokenEvent): void;
  /** Emits what is queued now, as one event per consecutive run of the same messageId. */
  flush(): void;
  /** Drops the pending flush (on unmount); queued tokens are emitted first. */
  dispose(): void;
}

/**
 * @param emit receives the merged token events, in order.
 * @param schedule runs a callback later (e.g. on the next animation frame) and returns a canceller.
 */
export function createTokenBuffer(
  emit: (event: TokenEvent) => void,
  schedule: (run: () => void) => () => void,
): TokenBuffer {
  let runs: { messageId: string; parts: string[] }[] = [];
  let cancel: (() => void) | undefined;

  function flush(): void {
    cancel?.();
    cancel = undefined;
    if (runs.length === 0) return;
    const ready = runs;
    runs = [];
    for (const run of ready) emit({ messageId: run.messageId, text: run.parts.join("") });
  }

  return {
    push(event) {
      const last = runs[runs.length - 1];
      if (last && last.messageId === event.messageId) last.parts.push(event.text);
      else runs.push({ messageId: event.messageId, parts: [event.text] });
      cancel ??= schedule(flush);
    },
    flush,
    dispose: flush,
  };
}

/** Schedules on the next animation frame, or soon when the page has none (hidden tab, tests). */
export function nextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === "function" && typeof document !== "undefined" && !document.hidden) {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 50);
  return () => clearTimeout(id);
}
