// A signal that follows a parent signal and can also be aborted on its own (a deadline), released when the work
// ends. Not AbortSignal.any: on Node 20 that links the signals through weak references, which V8's young-generation
// collector treats as strong, so every turn's signals, their listeners and what those closures hold (the request,
// the state) survived each scavenge and were copied into the old generation; scavenges got slower for it.
export interface LinkedAbort {
  signal: AbortSignal;
  abort(reason: unknown): void;
  /** Stops following the parent; call it when the work ends. */
  release(): void;
}

export function linkedAbort(parent?: AbortSignal): LinkedAbort {
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  if (!parent) return { signal: controller.signal, abort, release: () => {} };
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener("abort", follow, { once: true });
  return { signal: controller.signal, abort, release: () => parent.removeEventListener("abort", follow) };
}
