// One bounded pool shared by every job, so that jobs never starve the chat: model calls of all jobs together hold at
// most `size` slots, and offline work (the lexicon is pure CPU) gives the event loop back every few milliseconds so
// that sockets, chat turns and REST requests go on between its slices.
import { setImmediate as nextMacrotask } from "node:timers/promises";

export interface JobPoolOptions {
  /** Model calls in flight across all jobs (WORKBENCH_CONCURRENCY). */
  size: number;
  /** Longest stretch of offline work before the event loop gets a turn (ms). */
  sliceMs?: number;
}

export class JobPool {
  readonly size: number;
  private readonly sliceMs: number;
  private inFlight = 0;
  private readonly waiters: { resolve: () => void; reject: (err: unknown) => void; signal?: AbortSignal }[] =
    [];
  private sliceStart = performance.now();
  /** How often offline work yielded, for the benchmark's account of the overhead. */
  yields = 0;

  constructor(options: JobPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size));
    this.sliceMs = options.sliceMs ?? 8;
  }

  get active(): number {
    return this.inFlight;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Waits for a slot; rejects with the signal's reason when it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.inFlight < this.size) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
        signal,
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Runs one model call inside a slot. */
  async call<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Whether the current slice of offline work has run its time (a loop checks this without awaiting each step). */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /**
   * Called between pieces of offline work: once the current slice has run `sliceMs`, waits for the next macrotask
   * (after pending I/O), so that a job of 100,000 lexicon rows never holds the event loop for longer than a slice.
   */
  async slice(): Promise<void> {
    if (!this.due()) return;
    this.yields++;
    await nextMacrotask();
    this.sliceStart = performance.now();
  }
}
