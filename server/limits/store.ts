// Where the counters of rate limits, login throttling and budgets live: the one place that picks the store. In this
// process's memory by default; with several instances (REDIS_URL) a shared store goes here, and every limit follows.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface LimiterOptions {
  /** Names the counter family; keys are `${keyPrefix}:${key}`. */
  keyPrefix: string;
  /** Points a key may consume in `duration`. */
  points: number;
  /** Seconds after a key's first point before its count starts again. */
  duration: number;
  /** Seconds a key stays refused once it went over (0: until the duration ends). */
  blockDuration?: number;
}

export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

/** A refusal of the limiter (over the limit) as opposed to a failure of its store. */
export function isRefusal(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes;
}

/** Whole seconds until a refused key may try again (at least 1). */
export function secondsBeforeNext(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
