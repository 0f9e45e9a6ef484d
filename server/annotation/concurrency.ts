// Adaptive concurrency for batch annotation (AIMD, as TCP congestion control): the number of calls in flight halves
// when the provider rate-limits, everyone waits out its Retry-After, and the limit grows back by one per window.

export interface ConcurrencyOptions {
  /** The most calls in flight (the --concurrency the user asked for). */
  max: number;
  min?: number;
  /** Wait after a 429 that did not say how long: base × 2^(consecutive 429s − 1), capped. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/** A slot to run one call; `epoch` tells a late 429 from a call started before the last decrease apart. */
export interface Slot {
  epoch: number;
}

export class AdaptiveConcurrency {
  private limit: number;
  private inFlight = 0;
  private pausedUntil = 0;
  /** Incremented at every decrease; a slot remembers the epoch it started in. */
  private epoch = 0;
  private consecutiveRateLimits = 0;
  private readonly waiters: { resolve: (slot: Slot) => void; reject: (err: unknown) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly min: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  readonly max: number;
  /** How often the limit was halved, and the lowest it went: for the run's summary. */
  decreases = 0;
  lowest: number;

  constructor(options: ConcurrencyOptions) {
    this.min = Math.max(1, options.min ?? 1);
    this.limit = Math.max(this.min, options.max);
    this.lowest = this.limit;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.max = Math.max(this.min, options.max);
  }

  /** The whole number of calls allowed in flight now. */
  get current(): number {
    return Math.max(this.min, Math.floor(this.limit));
  }

  get active(): number {
    return this.inFlight;
  }

  /** Resolves when a call may start: a free slot and no rate-limit pause. Rejects when the signal aborts. */
  acquire(signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Slot>((resolve, reject) => {
      const waiter = {
        resolve: (slot: Slot) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(slot);
        },
        reject,
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.pump();
  }

  /** Additive increase: +1 after as many successes as the current limit (one "window"). */
  succeeded(): void {
    this.consecutiveRateLimits = 0;
    if (this.limit < this.max) this.limit = Math.min(this.max, this.limit + 1 / this.current);
    this.pump();
  }

  /**
   * Multiplicative decrease, once per burst: the calls that were already in flight when the limit was halved and
   * then come back with 429 too do not halve it again. Returns how long everyone now waits.
   */
  rateLimited(slot: Slot, retryAfterMs?: number): number {
    const now = this.now();
    this.consecutiveRateLimits++;
    if (slot.epoch === this.epoch) {
      this.limit = Math.max(this.min, Math.floor(this.current / 2));
      this.epoch++;
      this.decreases++;
      this.lowest = Math.min(this.lowest, this.current);
    }
    const backoff = Math.min(
      this.maxBackoffMs,
      this.baseBackoffMs * 2 ** Math.min(10, this.consecutiveRateLimits - 1),
    );
    const wait = Math.min(this.maxBackoffMs, retryAfterMs ?? backoff);
    this.pausedUntil = Math.max(this.pausedUntil, now + wait);
    this.pump();
    return wait;
  }

  /** Stops every waiter (an interrupted run). */
  close(reason: unknown): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters.splice(0)) waiter.reject(reason);
  }

  private pump(): void {
    const now = this.now();
    if (now < this.pausedUntil) {
      if (!this.timer && this.waiters.length > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, this.pausedUntil - now);
      }
      return;
    }
    while (this.waiters.length > 0 && this.inFlight < this.current) {
      const waiter = this.waiters.shift();
      if (!waiter) break;
      this.inFlight++;
      waiter.resolve({ epoch: this.epoch });
    }
  }
}
