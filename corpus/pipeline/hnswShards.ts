// Builds the HNSW graph of the index in worker threads, one shard per worker (chunk label i goes to shard
// i % shards), while the main thread goes on embedding: hnswlib-node inserts one point at a time on the thread
// that calls it, so shards are how a build uses more than one core, and the event loop stays free for progress
// and Ctrl-C. Vectors are shared, not copied: workers read rows of a SharedArrayBuffer as the labels arrive.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

export interface HnswParams {
  space: "ip" | "cosine" | "l2";
  /** Links per node (hnswlib's M). */
  m: number;
  efConstruction: number;
  /** Default search breadth at query time. */
  efSearch: number;
  randomSeed: number;
  /** Number of graphs the chunks are spread over; a query searches each and merges. */
  shards: number;
}

/** The file of one shard inside the index folder. */
export function hnswFileName(shard: number): string {
  return `hnsw-${shard}.bin`;
}

/** Labels of shard s among `count` chunks: s, s + shards, s + 2 * shards, ... */
export function shardCapacity(count: number, shard: number, shards: number): number {
  return shard < count ? Math.floor((count - 1 - shard) / shards) + 1 : 0;
}

// hnswlib-node inserts on one thread per graph. The main thread embeds (and builds BM25) while the graph is
// built, so on two cores one graph worker already keeps both busy; with more cores a large corpus is split into
// shards built in parallel: one per 50,000 chunks, at most one per core left to the main thread, four in all.
// Each shard costs one more graph search per query (about 0.1-0.2 ms at 50k chunks, bench/retrieval.ts).
const CHUNKS_PER_SHARD = 50_000;
const MAX_SHARDS = 4;

/** Shards for `count` chunks on this machine: ceil(count / 50,000), at most min(cores - 1, 4), at least 1. */
export function defaultShardCount(count: number, cores = availableParallelism()): number {
  const byCores = Math.min(MAX_SHARDS, cores - 1);
  return Math.max(1, Math.min(byCores, Math.ceil(count / CHUNKS_PER_SHARD)));
}

// Plain JavaScript, evaluated as the worker's script: a file next to this one would need a TypeScript loader in
// the worker and an entry of its own in the server bundle. Workers are never terminated from outside: a thread
// stopped inside addPoint aborts the whole process (node-addon-api cannot throw into a terminating thread), so
// stopping sets a shared flag that the insert loop checks, and the worker then closes its port and ends.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { HierarchicalNSW } = require(workerData.hnswlibPath);
const { dimensions, shard, shards, space, m, efConstruction, randomSeed } = workerData;
let vectors = new Float32Array(workerData.buffer);
let capacity = Math.max(1, workerData.capacity);
const stop = new Int32Array(workerData.stop);
const index = new HierarchicalNSW(space, dimensions);
if (workerData.base) {
  // An update: the previous index's graph of this shard, with room for the points to come.
  index.readIndexSync(workerData.base);
  if (capacity > index.getMaxElements()) index.resizeIndex(capacity);
  else capacity = index.getMaxElements();
} else {
  index.initIndex({ maxElements: capacity, m, efConstruction, randomSeed });
}
const point = new Array(dimensions).fill(0);
let added = 0;
parentPort.on("message", (message) => {
  if (message.type === "rows") {
    // labels[j] is inserted with the vector of row rows[j] (the label itself when rows is absent).
    const { labels, rows } = message;
    for (let j = 0; j < labels.length; j++) {
      if (Atomics.load(stop, 0) !== 0) return;
      const label = labels[j];
      if (label % shards !== shard) continue;
      const offset = (rows ? rows[j] : label) * dimensions;
      for (let i = 0; i < dimensions; i++) point[i] = vectors[offset + i];
      index.addPoint(point, label);
      added++;
      if (added % 2000 === 0) parentPort.postMessage({ type: "progress", added });
    }
    parentPort.postMessage({ type: "progress", added });
  } else if (message.type === "delete") {
    for (const label of message.labels) if (label % shards === shard) index.markDelete(label);
  } else if (message.type === "grow") {
    // A larger matrix (the rows so far copied in) and room in the graph for the labels to come.
    vectors = new Float32Array(message.buffer);
    if (message.capacity > capacity) {
      capacity = message.capacity;
      index.resizeIndex(capacity);
    }
  } else if (message.type === "finish") {
    if (Atomics.load(stop, 0) !== 0) return;
    // The graph was made for an estimate of the count: the file keeps room for exactly its points.
    const exact = Math.max(1, index.getCurrentCount());
    if (exact < capacity) index.resizeIndex(exact);
    index.writeIndexSync(message.file);
    parentPort.postMessage({ type: "written", added });
  } else if (message.type === "stop") {
    // Closing the port lets the thread end on its own, between two inserts.
    parentPort.close();
  }
});
`;

interface WorkerMessage {
  type: "progress" | "written";
  added: number;
}

export interface ShardedGraphOptions {
  /** Row i holds the vector of label i once `add` has been called with i; backed by a SharedArrayBuffer. */
  matrix: Float32Array;
  count: number;
  dimensions: number;
  params: HnswParams;
  /**
   * An update: shard s starts from the graph in base[s] (written with the same settings) instead of an empty one,
   * and `count` is the number of labels it will hold then, its old points included.
   */
  base?: readonly string[];
  /** Called with the number of points inserted so far, across shards. */
  onProgress?: (added: number) => void;
}

export class ShardedGraphBuilder {
  private readonly workers: Worker[];
  private readonly added: number[];
  private failure: Error | null = null;
  private readonly exited: Promise<void>[];
  private readonly running: boolean[];
  // Set to 1 to make every worker skip the rest of its inserts.
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: ShardedGraphOptions) {
    const { matrix, count, dimensions, params, base } = options;
    if (base && base.length !== params.shards) throw new Error("one base graph per shard is needed");
    if (!(matrix.buffer instanceof SharedArrayBuffer)) {
      throw new Error("the matrix must use a SharedArrayBuffer");
    }
    const hnswlibPath = createRequire(import.meta.url).resolve("hnswlib-node");
    this.added = new Array<number>(params.shards).fill(0);
    this.workers = [];
    this.exited = [];
    this.running = [];
    for (let shard = 0; shard < params.shards; shard++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          hnswlibPath,
          base: base?.[shard] ?? null,
          buffer: matrix.buffer,
          stop: this.stopFlag.buffer,
          dimensions,
          shard,
          shards: params.shards,
          capacity: shardCapacity(count, shard, params.shards),
          space: params.space,
          m: params.m,
          efConstruction: params.efConstruction,
          randomSeed: params.randomSeed,
        },
      });
      worker.on("message", (message: WorkerMessage) => {
        if (message.type !== "progress") return;
        this.added[shard] = message.added;
        try {
          this.options.onProgress?.(this.added.reduce((a, b) => a + b, 0));
        } catch (err) {
          // Thrown inside an event handler it would crash the process; the build fails at its next step instead.
          this.failure ??= err instanceof Error ? err : new Error(String(err));
        }
      });
      worker.on("error", (err) => {
        this.failure ??= err;
      });
      this.running.push(true);
      this.exited.push(
        new Promise((resolve) =>
          worker.once("exit", () => {
            this.running[shard] = false;
            resolve();
          }),
        ),
      );
      this.workers.push(worker);
    }
  }

  /**
   * Moves the builder to a larger matrix (rows already handed over must be in it too) with room for `count`
   * labels: a build that starts before the whole corpus is read sizes the graph by an estimate.
   */
  grow(matrix: Float32Array, count: number): void {
    if (this.failure) throw this.failure;
    if (!(matrix.buffer instanceof SharedArrayBuffer))
      throw new Error("the matrix must use a SharedArrayBuffer");
    const { params } = this.options;
    this.workers.forEach((worker, shard) =>
      worker.postMessage({
        type: "grow",
        buffer: matrix.buffer,
        capacity: shardCapacity(count, shard, params.shards),
      }),
    );
  }

  /**
   * Hands rows whose vectors are in the matrix to the shards; they are inserted in the order given. Without
   * `labels` a row is inserted under its own number; with them, row rows[j] under labels[j] (an update).
   */
  add(rows: readonly number[], labels?: readonly number[]): void {
    if (this.failure) throw this.failure;
    if (rows.length === 0) return;
    const message = labels ? { type: "rows", labels, rows } : { type: "rows", labels: rows };
    for (const worker of this.workers) worker.postMessage(message);
  }

  /** Marks points deleted (an update's removed or replaced chunks): searches no longer return them. */
  markDeleted(labels: readonly number[]): void {
    if (this.failure) throw this.failure;
    if (labels.length === 0) return;
    for (const worker of this.workers) worker.postMessage({ type: "delete", labels });
  }

  /**
   * Waits for every insert, writes each shard to `dir` (hnsw-<s>.bin) and stops the workers. Rejects when a
   * worker failed or the signal aborts (the workers are stopped either way).
   */
  async finish(dir: string, signal?: AbortSignal): Promise<string[]> {
    const files = this.workers.map((_, shard) => path.join(dir, hnswFileName(shard)));
    const written = this.workers.map(
      (worker, shard) =>
        new Promise<void>((resolve, reject) => {
          const stopped = () => this.failure ?? new Error(`HNSW worker for shard ${shard} stopped`);
          // A worker that already failed and ended would never answer.
          if (!this.running[shard]) {
            reject(stopped());
            return;
          }
          const onMessage = (message: WorkerMessage) => {
            if (message.type === "written") resolve();
          };
          worker.on("message", onMessage);
          worker.once("error", reject);
          worker.once("exit", () => reject(stopped()));
          worker.postMessage({ type: "finish", file: files[shard] });
        }),
    );
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([Promise.all(written), aborted]);
      if (this.failure) throw this.failure;
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      await this.stop();
    }
    return files;
  }

  /** Stops every worker after its current insert (after a failure or an abort) and waits for them to end. */
  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    for (const worker of this.workers) worker.postMessage({ type: "stop" });
    await Promise.all(this.exited);
  }
}
