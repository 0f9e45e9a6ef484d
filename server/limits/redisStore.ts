// Limits shared by the instances of a class deployment (REDIS_URL): rate limits, login throttling and daily budgets
// count in Redis, so that a user who spreads requests over two instances meets one limit, not two.
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { RedisClient } from "../cluster/redis";
import type { LimiterFactory } from "./store";

/**
 * Limiters on the deployment's Redis connection, under its REDIS_PREFIX. While Redis cannot be reached, each instance
 * counts in its own memory (the insurance limiter) rather than refusing everyone or letting everyone through.
 */
export function redisLimiters(client: RedisClient, prefix: string): LimiterFactory {
  return (options) =>
    new RateLimiterRedis({
      ...options,
      keyPrefix: `${prefix}:limit:${options.keyPrefix}`,
      storeClient: client,
      useRedisPackage: true,
      // A command waiting for a reconnection would hold the request; the insurance limiter answers at once.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
}
