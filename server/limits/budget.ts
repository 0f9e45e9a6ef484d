// A daily budget per user for the paid providers (DAILY_BUDGET_USD, DAILY_BUDGET_TOKENS): every paid call's usage, as
// the gateway prices it (server/models/pricing.ts), is added to the user's day; once the day's spend reaches a limit
// the gateway refuses that user's paid calls with "budget:exhausted" and the chains move on to the offline models,
// which keep answering. Days are the server's local calendar days. Counters live in the limits' store (store.ts).
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { PricedUsage } from "../../contract/compare";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import type { Payer } from "../models/gateway";
import type { LimiterFactory } from "./store";

/** Costs are counted in millionths of a dollar: the counters hold integers. */
const MICRO = 1_000_000;
/** Long enough for a day's key to outlive the day. */
const KEEP_S = 2 * 24 * 60 * 60;

export interface BudgetStatus {
  day: string;
  usd: { used: number; limit: number } | null;
  tokens: { used: number; limit: number } | null;
}

/** The server's local date, YYYY-MM-DD. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function secondsToMidnight(now: Date): number {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return Math.max(1, Math.ceil((midnight.getTime() - now.getTime()) / 1000));
}

export class DailyBudget {
  private readonly usd: RateLimiterAbstract | null;
  private readonly tokens: RateLimiterAbstract | null;
  private readonly limitUsd: number;
  private readonly limitTokens: number;

  constructor(
    config: Pick<Config, "DAILY_BUDGET_USD" | "DAILY_BUDGET_TOKENS">,
    limiters: LimiterFactory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.limitUsd = config.DAILY_BUDGET_USD;
    this.limitTokens = config.DAILY_BUDGET_TOKENS;
    // The limiters only count (penalty/get): the limit is compared here, so a call that overshoots is still counted.
    this.usd =
      this.limitUsd > 0
        ? limiters({ keyPrefix: "budget-usd", points: Number.MAX_SAFE_INTEGER, duration: KEEP_S })
        : null;
    this.tokens =
      this.limitTokens > 0
        ? limiters({ keyPrefix: "budget-tokens", points: Number.MAX_SAFE_INTEGER, duration: KEEP_S })
        : null;
  }

  get enabled(): boolean {
    return this.usd !== null || this.tokens !== null;
  }

  private key(userId: string): string {
    return `${userId}:${localDay(this.now())}`;
  }

  async status(userId: string): Promise<BudgetStatus> {
    const key = this.key(userId);
    const [usd, tokens] = await Promise.all([this.usd?.get(key), this.tokens?.get(key)]);
    return {
      day: localDay(this.now()),
      usd: this.usd ? { used: (usd?.consumedPoints ?? 0) / MICRO, limit: this.limitUsd } : null,
      tokens: this.tokens ? { used: tokens?.consumedPoints ?? 0, limit: this.limitTokens } : null,
    };
  }

  /** Throws budget:exhausted when the user's day has reached a limit. */
  async assertLeft(userId: string): Promise<void> {
    const { usd, tokens } = await this.status(userId);
    const overUsd = usd !== null && usd.used >= usd.limit;
    const overTokens = tokens !== null && tokens.used >= tokens.limit;
    if (!overUsd && !overTokens) return;
    const budget = overUsd ? `${usd!.limit} USD` : `${tokens!.limit} tokens`;
    throw new AppError("budget:exhausted", { budget, seconds: secondsToMidnight(this.now()) });
  }

  /** Adds a call's usage to the user's day. */
  async charge(userId: string, usage: PricedUsage): Promise<void> {
    const key = this.key(userId);
    const micro = Math.round((usage.costUsd ?? 0) * MICRO);
    const count = usage.inputTokens + usage.outputTokens;
    await Promise.all([
      this.usd && micro > 0 ? this.usd.penalty(key, micro) : undefined,
      this.tokens && count > 0 ? this.tokens.penalty(key, count) : undefined,
    ]);
  }

  /** What the gateway takes a user's paid calls from; none when no budget is configured. */
  payerFor(userId: string, onError: (err: unknown) => void): Payer | undefined {
    if (!this.enabled) return undefined;
    return {
      admit: () => this.assertLeft(userId),
      charge: (_model, usage) => void this.charge(userId, usage).catch(onError),
    };
  }
}
