// A circuit breaker per model id: after a few failed calls in a short window the model is skipped for a
// cool-down, then one probe call decides whether it is back. Process-local state, like a cache: another server
// instance keeps its own, which costs it at most a few failed calls of its own.
import type { ErrorCode } from "../../contract/errors";

export type CircuitState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  /** Failed calls within `windowMs` that open the circuit. */
  failureThreshold: number;
  windowMs: number;
  /** How long an open circuit skips the model before a probe is let through. */
  cooldownMs: number;
  /** Clock, replaceable in tests. */
  now?: () => number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 3, windowMs: 60_000, cooldownMs: 30_000 };

/**
 * Failures that say the model cannot be reached or used right now. Output that does not validate and empty
 * answers are not among them: the model is up, and the fallback already handles that one answer.
 */
const COUNTED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "provider:rate_limit",
  "provider:server_error",
  "provider:network",
  "provider:timeout",
  "provider:first_token_timeout",
  "provider:auth",
  "provider:error",
]);

export function countsAgainstModel(code: ErrorCode): boolean {
  return COUNTED.has(code);
}

export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

export interface CircuitSnapshot {
  state: CircuitState;
  /** Failures still inside the window (closed state). */
  recentFailures: number;
  /** Until the next probe, when open. */
  retryInMs?: number;
}

interface Circuit {
  state: CircuitState;
  failures: number[];
  openedAt: number;
  /** When the probe of a half-open circuit started; null when none is running. */
  probeSince: number | null;
}

export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly options: Required<BreakerOptions>;

  constructor(options: Partial<BreakerOptions> = {}) {
    this.options = { ...DEFAULT_BREAKER, now: () => performance.now(), ...options };
  }

  /** Whether a call to the model may start now. An admitted call must end in success, failure or cancel. */
  admit(id: string): Admission {
    const circuit = this.circuits.get(id);
    if (!circuit || circuit.state === "closed") return { allowed: true, probe: false };
    const now = this.options.now();
    if (circuit.state === "open") {
      const waited = now - circuit.openedAt;
      if (waited < this.options.cooldownMs)
        return { allowed: false, retryInMs: this.options.cooldownMs - waited };
      circuit.state = "half_open";
      circuit.probeSince = null;
    }
    // Half-open: one probe at a time. A probe that never reported back (a crash) does not block forever.
    if (circuit.probeSince !== null && now - circuit.probeSince < this.options.cooldownMs) {
      return { allowed: false, retryInMs: 0 };
    }
    circuit.probeSince = now;
    return { allowed: true, probe: true };
  }

  success(id: string): void {
    this.circuits.delete(id);
  }

  failure(id: string): void {
    const now = this.options.now();
    const circuit = this.circuits.get(id) ?? { state: "closed", failures: [], openedAt: 0, probeSince: null };
    this.circuits.set(id, circuit);
    if (circuit.state === "half_open") {
      this.open(circuit, now);
      return;
    }
    if (circuit.state === "open") return; // a call admitted before it opened, ending late
    circuit.failures = [...circuit.failures.filter((t) => now - t < this.options.windowMs), now];
    if (circuit.failures.length >= this.options.failureThreshold) this.open(circuit, now);
  }

  /** A call that ended without a verdict on the model (the user stopped it): a probe may run again. */
  cancel(id: string): void {
    const circuit = this.circuits.get(id);
    if (circuit?.state === "half_open") circuit.probeSince = null;
  }

  snapshot(id: string): CircuitSnapshot {
    const circuit = this.circuits.get(id);
    if (!circuit) return { state: "closed", recentFailures: 0 };
    const now = this.options.now();
    const recentFailures = circuit.failures.filter((t) => now - t < this.options.windowMs).length;
    if (circuit.state !== "open") return { state: circuit.state, recentFailures };
    return {
      state: "open",
      recentFailures,
      retryInMs: Math.max(0, this.options.cooldownMs - (now - circuit.openedAt)),
    };
  }

  /** Forgets one model's history, or every model's. */
  reset(id?: string): void {
    if (id === undefined) this.circuits.clear();
    else this.circuits.delete(id);
  }

  private open(circuit: Circuit, now: number): void {
    circuit.state = "open";
    circuit.openedAt = now;
    circuit.probeSince = null;
    circuit.failures = [];
  }
}
