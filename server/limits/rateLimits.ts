// Per-minute limits of what costs the server or a provider something: chat turns (RATE_LIMIT_CHAT_PER_MIN) and API
// work — annotation calls, comparisons, workbench runs (RATE_LIMIT_API_PER_MIN) — counted per user and per IP
// address. Over a limit: AppError "limit:rate" with the seconds to wait (HTTP 429 with retry-after; a coded
// chat:error on the socket).
import type { RequestHandler } from "express";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { SessionUser } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { userOf } from "../identity";
import type { Config } from "../config";
import { isRefusal, secondsBeforeNext, type LimiterFactory } from "./store";

export type LimitedAction = "chat" | "api";

/**
 * One address may do this many times what one user may: a class behind one Wi-Fi shares an address, and a guest who
 * logs in again to get a fresh user is still counted on their address.
 */
export const PER_IP_FACTOR = 10;

interface ActionLimiters {
  limit: number;
  byUser: RateLimiterAbstract;
  byIp: RateLimiterAbstract;
  /** Without accounts (AUTH=off) there is one user, so the address alone counts, at the user's limit. */
  byLocalIp: RateLimiterAbstract;
}

export class RateLimits {
  private readonly actions = new Map<LimitedAction, ActionLimiters>();

  constructor(
    config: Pick<Config, "RATE_LIMIT_CHAT_PER_MIN" | "RATE_LIMIT_API_PER_MIN">,
    limiters: LimiterFactory,
  ) {
    const limits: Record<LimitedAction, number> = {
      chat: config.RATE_LIMIT_CHAT_PER_MIN,
      api: config.RATE_LIMIT_API_PER_MIN,
    };
    for (const [action, limit] of Object.entries(limits) as [LimitedAction, number][]) {
      if (limit <= 0) continue;
      const make = (scope: string, points: number) =>
        limiters({ keyPrefix: `rate-${action}-${scope}`, points, duration: 60 });
      this.actions.set(action, {
        limit,
        byUser: make("user", limit),
        byIp: make("ip", limit * PER_IP_FACTOR),
        byLocalIp: make("local", limit),
      });
    }
  }

  /** Counts one `action` of the user from the address; throws limit:rate when either is over its limit. */
  async consume(action: LimitedAction, user: SessionUser, ip: string): Promise<void> {
    const limiters = this.actions.get(action);
    if (!limiters) return;
    try {
      if (user.kind === "local") await limiters.byLocalIp.consume(ip);
      else {
        await limiters.byUser.consume(user.id);
        await limiters.byIp.consume(ip);
      }
    } catch (err) {
      if (!isRefusal(err)) throw err;
      throw new AppError("limit:rate", { limit: limiters.limit, seconds: secondsBeforeNext(err) });
    }
  }

  /** The same as Express middleware, for a route: `app.post("/api/annotate", limits.route("api"), ...)`. */
  route(action: LimitedAction): RequestHandler {
    return async (req, _res, next) => {
      await this.consume(action, userOf(req), req.ip ?? "unknown");
      next();
    };
  }
}
