// A signal that follows a parent signal and can also be aborted on its own (a deadline), released when the work
// ends. Not AbortSignal.any: on Node 20 that links the signals through weak references, which V8's young-generation
// collector treats as strong, so every turn's signals, their listeners and what those closures hold (the request,
// the state) survived each scavenge and were copied into the old generation; scavenges got slower for it. Nor
// AbortSignal.timeout for the deadline: its timer cannot be cleared and keeps all that alive until it fires.
export interface LinkedAbort {
  signal: AbortSignal;
  abort(reason: unknown): void;
  /** Whether the deadline given to linkedAbort ended it (not the parent, not `abort`). */
  readonly timedOut: boolean;
  /** Stops following the parent and clears the deadline; call it when the work ends. */
  release(): void;
}

/** A deadline: after `ms`, the signal aborts with `reason()`. */
export interface Deadline {
  ms: number;
  reason: () => unknown;
}

export function linkedAbort(parent?: AbortSignal, deadline?: Deadline): LinkedAbort {
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  let timedOut = false;
  const timer =
    deadline &&
    setTimeout(() => {
      // Ended already (a stop, or `abort`): the deadline passing later is not what ended it.
      if (controller.signal.aborted) return;
      timedOut = true;
      abort(deadline.reason());
    }, deadline.ms);
  const follow = () => abort(parent?.reason);
  if (parent?.aborted) follow();
  else parent?.addEventListener("abort", follow, { once: true });
  return {
    signal: controller.signal,
    abort,
    get timedOut() {
      return timedOut;
    },
    release: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", follow);
    },
  };
}

/** What `settleWithin` gives for work that did not settle in time. */
export const LATE = Symbol("late");

/**
 * `work`'s value, or its rejection, if it settles within `ms`; LATE otherwise. The timer is cleared either way, and
 * the work goes on by itself (a check, a connection, bookkeeping that must not hold a request).
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<typeof LATE>((resolve) => {
        timer = setTimeout(() => resolve(LATE), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
