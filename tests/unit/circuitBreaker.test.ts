// The circuit breaker and the retry policy on their own, with a hand-driven clock and no network.
import { describe, expect, it } from "vitest";
import { AppError } from "../../contract/errors";
import { CircuitBreaker, countsAgainstModel } from "../../server/models/circuitBreaker";
import { DEFAULT_RETRY, retryDelayMs, waitFor, withRetry } from "../../server/models/retry";

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("opens after three failures within the window and skips the model for the cool-down", () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      windowMs: 60_000,
      cooldownMs: 30_000,
      now: time.now,
    });
    for (let i = 0; i < 2; i++) {
      expect(breaker.admit("m").allowed).toBe(true);
      breaker.failure("m");
      time.advance(1000);
    }
    expect(breaker.snapshot("m")).toEqual({ state: "closed", recentFailures: 2 });
    breaker.failure("m");
    expect(breaker.snapshot("m").state).toBe("open");
    const denied = breaker.admit("m");
    expect(denied).toEqual({ allowed: false, retryInMs: 30_000 });
    time.advance(29_999);
    expect(breaker.admit("m").allowed).toBe(false);
    // Other models are not affected.
    expect(breaker.admit("other").allowed).toBe(true);
  });

  it("forgets failures older than the window", () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      windowMs: 60_000,
      cooldownMs: 30_000,
      now: time.now,
    });
    breaker.failure("m");
    breaker.failure("m");
    time.advance(60_001);
    breaker.failure("m");
    expect(breaker.snapshot("m")).toEqual({ state: "closed", recentFailures: 1 });
    expect(breaker.admit("m").allowed).toBe(true);
  });

  it("a success in the closed state clears the count", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3 });
    breaker.failure("m");
    breaker.failure("m");
    breaker.success("m");
    breaker.failure("m");
    expect(breaker.snapshot("m")).toEqual({ state: "closed", recentFailures: 1 });
  });

  it("after the cool-down lets exactly one probe through: success closes, failure reopens", () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      windowMs: 60_000,
      cooldownMs: 30_000,
      now: time.now,
    });
    breaker.failure("m");
    time.advance(30_000);
    expect(breaker.admit("m")).toEqual({ allowed: true, probe: true });
    expect(breaker.snapshot("m").state).toBe("half_open");
    // A second caller while the probe runs is skipped.
    expect(breaker.admit("m").allowed).toBe(false);
    breaker.failure("m");
    expect(breaker.snapshot("m")).toMatchObject({ state: "open", retryInMs: 30_000 });

    time.advance(30_000);
    expect(breaker.admit("m")).toEqual({ allowed: true, probe: true });
    breaker.success("m");
    expect(breaker.snapshot("m")).toEqual({ state: "closed", recentFailures: 0 });
    expect(breaker.admit("m")).toEqual({ allowed: true, probe: false });
  });

  it("a cancelled probe gives the next caller the probe", () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 10, now: time.now });
    breaker.failure("m");
    time.advance(10);
    expect(breaker.admit("m").allowed).toBe(true);
    expect(breaker.admit("m").allowed).toBe(false);
    breaker.cancel("m");
    expect(breaker.admit("m")).toEqual({ allowed: true, probe: true });
  });

  it("a probe that never reports back stops blocking after one cool-down", () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: time.now });
    breaker.failure("m");
    time.advance(100);
    expect(breaker.admit("m").allowed).toBe(true);
    time.advance(99);
    expect(breaker.admit("m").allowed).toBe(false);
    time.advance(1);
    expect(breaker.admit("m").allowed).toBe(true);
  });

  it("counts unavailability, not bad output", () => {
    expect(countsAgainstModel("provider:server_error")).toBe(true);
    expect(countsAgainstModel("provider:rate_limit")).toBe(true);
    expect(countsAgainstModel("provider:first_token_timeout")).toBe(true);
    expect(countsAgainstModel("provider:auth")).toBe(true);
    expect(countsAgainstModel("provider:invalid_output")).toBe(false);
    expect(countsAgainstModel("provider:empty")).toBe(false);
    expect(countsAgainstModel("provider:circuit_open")).toBe(false);
  });
});

describe("retry policy", () => {
  const half = () => 0;
  it("retries 429, 5xx and network once; never timeouts, auth or bad output", () => {
    expect(retryDelayMs({ code: "provider:server_error", transient: true }, 0, DEFAULT_RETRY, half)).toBe(
      125,
    );
    expect(retryDelayMs({ code: "provider:network", transient: true }, 0, DEFAULT_RETRY, () => 1)).toBe(250);
    expect(retryDelayMs({ code: "provider:server_error", transient: true }, 1, DEFAULT_RETRY)).toBeNull();
    for (const code of [
      "provider:timeout",
      "provider:first_token_timeout",
      "provider:auth",
      "provider:invalid_output",
      "provider:empty",
    ] as const) {
      expect(retryDelayMs({ code, transient: true }, 0, DEFAULT_RETRY)).toBeNull();
    }
  });

  it("honours a retry-after up to the cap, and gives up at once beyond it", () => {
    expect(
      retryDelayMs({ code: "provider:rate_limit", retryAfterMs: 1000, transient: true }, 0, DEFAULT_RETRY),
    ).toBe(1000);
    expect(
      retryDelayMs({ code: "provider:rate_limit", retryAfterMs: 2000, transient: true }, 0, DEFAULT_RETRY),
    ).toBe(2000);
    expect(
      retryDelayMs({ code: "provider:rate_limit", retryAfterMs: 2001, transient: true }, 0, DEFAULT_RETRY),
    ).toBeNull();
  });

  it("withRetry calls again after the wait, and rethrows the last error", async () => {
    const calls: number[] = [];
    const started = performance.now();
    const value = await withRetry(
      async (attempt) => {
        calls.push(attempt);
        if (attempt === 0) throw Object.assign(new Error("busy"), { status: 503 });
        return "ok";
      },
      { policy: { maxRetries: 1, baseDelayMs: 40, maxDelayMs: 1000 }, random: () => 1 },
    );
    expect(value).toBe("ok");
    expect(calls).toEqual([0, 1]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);

    const err = await withRetry(
      async () => {
        throw new AppError("provider:server_error");
      },
      { policy: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } },
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("provider:server_error");
  });

  it("withRetry asks canRetry, and reports each retry", async () => {
    const seen: string[] = [];
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw new AppError("provider:network");
      },
      {
        policy: DEFAULT_RETRY,
        canRetry: () => false,
        onRetry: (info) => seen.push(info.code),
      },
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("provider:network");
    expect(calls).toBe(1);
    expect(seen).toEqual([]);
  });

  it("waitFor stops at once when its signal aborts", async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new AppError("provider:timeout")), 20);
    const err = await waitFor(5000, controller.signal).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("provider:timeout");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
