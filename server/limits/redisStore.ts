// Limits shared by the instances of a class deployment (REDIS_URL): rate limits, login throttling and daily budgets
// count in Redis, so that a user who spreads requests over two instances meets one limit, not two.
import { RateLimiterMemory, RateLimiterRedis, RLWrapperTimeouts } from "rate-limiter-flexible";
import type { RedisClient } from "../cluster/redis";
import type { LimiterFactory } from "./store";

/**
 * How long a limit's count waits for Redis before this instance counts in its own memory instead. Redis answers in
 * well under a millisecond on the machine or the class's network; a Redis that does not answer on an open connection
 * (frozen, or a network that drops packets) would otherwise hold every limited request, a new question included.
 */
export const REDIS_LIMIT_WAIT_MS = 250;

/**
 * Limiters on the deployment's Redis connection, under its REDIS_PREFIX. While Redis cannot be reached (the connection
 * is down, or Redis does not answer within REDIS_LIMIT_WAIT_MS), each instance counts in its own memory (the insurance
 * limiter) rather than refusing everyone, letting everyone through, or holding the request.
 */
export function redisLimiters(client: RedisClient, prefix: string): LimiterFactory {
  return (options) => {
    const insuranceLimiter = new RateLimiterMemory(options);
    const shared = new RateLimiterRedis({
      ...options,
      keyPrefix: `${prefix}:limit:${options.keyPrefix}`,
      storeClient: client,
      useRedisPackage: true,
      // A command waiting for a reconnection would hold the request; the insurance limiter answers at once.
      rejectIfRedisNotReady: true,
      insuranceLimiter,
    });
    // The wrapper hands a late answer over to the same insurance limiter; it copies its own blockDuration onto it.
    return new RLWrapperTimeouts({
      limiter: shared,
      timeoutMs: REDIS_LIMIT_WAIT_MS,
      insuranceLimiter,
      ...(options.blockDuration !== undefined ? { blockDuration: options.blockDuration } : {}),
    });
  };
}
