// Retries of a model call on the same model, within a bound: only for errors that a second try may cure (429,
// 5xx, network), at most `maxRetries` times, honouring a provider's retry-after when it is short and giving up
// at once when it is long (the next model of the chain is the better wait).
import type { ErrorCode } from "../../contract/errors";
import { classifyProviderError, type ProviderErrorClass } from "./providerErrors";

export interface RetryPolicy {
  /** Extra attempts after the first. */
  maxRetries: number;
  /** First backoff when the provider names no wait; doubled per attempt, with jitter. */
  baseDelayMs: number;
  /** The longest wait, whether asked for by retry-after or computed; a longer retry-after means no retry. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 1, baseDelayMs: 250, maxDelayMs: 2000 };
export const NO_RETRY: RetryPolicy = { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 };

const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "provider:rate_limit",
  "provider:server_error",
  "provider:network",
]);

/**
 * How long to wait before retry number `attempt + 1`, or null when the failure should go to the fallback now.
 * Timeouts are not retried: the model already had its whole budget.
 */
export function retryDelayMs(
  failure: ProviderErrorClass,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.maxRetries || !RETRYABLE.has(failure.code)) return null;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= policy.maxDelayMs ? Math.max(0, failure.retryAfterMs) : null;
  }
  const backoff = policy.baseDelayMs * 2 ** attempt;
  // Between half and all of the backoff, so that clients that failed together do not retry together.
  return Math.min(policy.maxDelayMs, Math.round(backoff * (0.5 + random() * 0.5)));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface RetryInfo {
  /** The retry about to start (1 = the first retry). */
  attempt: number;
  delayMs: number;
  code: ErrorCode;
}

export interface RetryOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** A last say on a retry the policy allows, e.g. "not after tokens reached the user". */
  canRetry?: (delayMs: number) => boolean;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

/** Runs `call`, retrying it under the policy; the last error is thrown as it was. */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const delayMs = retryDelayMs(classifyProviderError(err), attempt, options.policy, options.random);
      if (delayMs === null || (options.canRetry && !options.canRetry(delayMs))) throw err;
      options.onRetry?.({ attempt: attempt + 1, delayMs, code: classifyProviderError(err).code });
      await waitFor(delayMs, options.signal);
    }
  }
}
