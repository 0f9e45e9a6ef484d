// The main thread's side of the lexicon workers: a few threads, started on the first page and kept for the next runs
// (their dictionaries stay loaded), that take pages in turn; each page is answered with its own outcomes, so the
// caller sees them in the order it asked. If a thread cannot start or dies, its pages and every later one are
// annotated on the main thread instead: slower for the chat, but no run fails for it.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Logger } from "../../log";
import { workerScript } from "../../workerThreads";
import type { StoredOutcome } from "../store";
import type { LexiconReply, LexiconRequest, LexiconWorkerData } from "./messages";
import type { PendingRow } from "../pendingRows";
import { lexiconOutcomes, toOutcomes } from "./outcomes";

interface Pending {
  rows: PendingRow[];
  promptHash: string;
  resolve: (outcomes: StoredOutcome[]) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Threads for the dictionary: two where there are two cores or more (the main thread writes meanwhile). */
export const LEXICON_THREADS = Math.max(1, Math.min(2, availableParallelism()));

export class LexiconWorker {
  private threads = new Map<number, Thread>();
  private broken = false;
  private nextId = 1;

  /**
   * `nice`: the threads' scheduling priority (WORKBENCH_WORKER_NICE), so that chat turns go first on busy cores;
   * `threads`: how many (LEXICON_THREADS); `script`: another thread's code (a test's thread that fails).
   */
  constructor(
    private readonly options: { nice: number; logger?: Logger; threads?: number; script?: URL } = { nice: 0 },
  ) {}

  private get size(): number {
    return this.options.threads ?? LEXICON_THREADS;
  }

  /** The outcomes of a page, from a worker thread (or from this thread when there is none). */
  annotate(rows: PendingRow[], promptHash: string): Promise<StoredOutcome[]> {
    if (this.broken) return Promise.resolve(lexiconOutcomes(rows, promptHash));
    const id = this.nextId++;
    const thread = this.thread(id % this.size);
    const request: LexiconRequest = { id, texts: rows.map((row) => row.text) };
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { rows, promptHash, resolve, reject });
      // Held only while it has work: an idle thread keeps no process (the CLI's) alive.
      if (thread.pending.size === 1) thread.worker.ref();
      thread.worker.postMessage(request);
    });
  }

  private thread(slot: number): Thread {
    const existing = this.threads.get(slot);
    if (existing) return existing;
    const thread: Thread = {
      worker: new Worker(
        this.options.script ?? workerScript(import.meta.url, "lexiconWorker.mjs", "./entry.ts"),
        {
          workerData: { nice: this.options.nice } satisfies LexiconWorkerData,
        },
      ),
      pending: new Map(),
    };
    thread.worker.on("message", (reply: LexiconReply) => this.answer(thread, reply));
    thread.worker.on("error", (err) => this.fail(err));
    thread.worker.on("exit", (code) => this.fail(new Error(`lexicon worker exited (${code})`)));
    thread.worker.unref();
    this.threads.set(slot, thread);
    return thread;
  }

  private answer(thread: Thread, reply: LexiconReply): void {
    const pending = thread.pending.get(reply.id);
    if (!pending) return;
    thread.pending.delete(reply.id);
    if (thread.pending.size === 0) thread.worker.unref();
    if ("error" in reply) pending.reject(new Error(reply.error));
    else pending.resolve(toOutcomes(pending.rows, reply.page, pending.promptHash));
  }

  /** A thread is gone: what the threads were asked is done here, and so is everything after. */
  private fail(err: Error): void {
    if (this.broken) return;
    this.broken = true;
    this.options.logger?.warn("workbench: lexicon worker unavailable, annotating on the main thread", {
      error: err.message,
    });
    const threads = [...this.threads.values()];
    this.threads.clear();
    for (const thread of threads) {
      for (const { rows, promptHash, resolve } of thread.pending.values())
        resolve(lexiconOutcomes(rows, promptHash));
      thread.pending.clear();
      void thread.worker.terminate();
    }
  }

  /** Ends the threads; a page still asked for is refused (the runs were stopped before). */
  async close(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    this.broken = true;
    for (const thread of threads) {
      for (const { reject } of thread.pending.values()) reject(new Error("lexicon worker closed"));
      thread.pending.clear();
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}
