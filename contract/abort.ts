// Abort signals for work that ends with a stop or a deadline: the chat graph's nodes and the server's calls, jobs
// and checks alike (here at the bottom because both layers use them; plain platform code, no imports).
//
// A signal that follows others is made by hand (linkedAbort), not with AbortSignal.any: on Node 20 that links the
// signals through weak references, which V8's young-generation collector treats as strong, so every turn's signals,
// their listeners and what those closures hold (the request, the state) survived each scavenge and were copied into
// the old generation; scavenges got slower for it. Nor AbortSignal.timeout for a deadline: its timer cannot be
// cleared and keeps all that alive until it fires.

/** A signal that follows parent signals and can also be aborted on its own (a deadline), released when the work ends. */
export interface LinkedAbort {
  signal: AbortSignal;
  abort(reason: unknown): void;
  /** Whether the deadline given to linkedAbort ended it (not a parent, not `abort`). */
  readonly timedOut: boolean;
  /** Stops following the parents and clears the deadline; call it when the work ends. */
  release(): void;
}

/** A deadline: after `ms`, the signal aborts with `reason()`. */
export interface Deadline {
  ms: number;
  reason: () => unknown;
}

/**
 * A signal that aborts when the first of its parents does, with that parent's reason (one parent, several, or none),
 * when `abort` is called, or when the deadline passes.
 */
export function linkedAbort(
  parents?: AbortSignal | readonly AbortSignal[],
  deadline?: Deadline,
): LinkedAbort {
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
  const links = [parents ?? []].flat().map((parent) => ({ parent, follow: () => abort(parent.reason) }));
  for (const { parent, follow } of links) {
    if (parent.aborted) follow();
    else parent.addEventListener("abort", follow, { once: true });
  }
  return {
    signal: controller.signal,
    abort,
    get timedOut() {
      return timedOut;
    },
    release: () => {
      clearTimeout(timer);
      for (const { parent, follow } of links) parent.removeEventListener("abort", follow);
    },
  };
}

/** An aborted signal's reason as an error to throw: the reason itself when it is one, an AbortError otherwise. */
export function abortError(signal: AbortSignal, otherwise = "The work was stopped."): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : otherwise);
  error.name = "AbortError";
  return error;
}

/**
 * `work`'s value, or a rejection (abortError) as soon as `signal` fires, the work going on by itself, its result
 * unused: for work that takes no signal of its own. Without a signal, `work` itself.
 */
export function untilAborted<T>(
  signal: AbortSignal | undefined,
  work: Promise<T>,
  otherwise?: string,
): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError(signal, otherwise));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, otherwise));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** What `settleWithin` gives for work that did not settle in time. */
export const LATE = Symbol("late");

/**
 * `work`'s value, or its rejection, if it settles within `ms`; LATE otherwise. The timer is cleared either way, and
 * the work goes on by itself (a check, a connection, bookkeeping that must not hold a request).
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
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
