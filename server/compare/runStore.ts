// The comparisons started over REST: each runs in the background and is kept in memory while it runs and for a while
// after, in a bounded store that evicts the finished runs read least recently and refuses a new run while too many
// are running.
import { randomUUID } from "node:crypto";
import type { CompareResults, RunStatus } from "../../contract/compare";
import { AppError } from "../../contract/errors";
import type { Config } from "../config";
import { errorDetail, type Logger } from "../log";
import type { ModelGateway } from "../models/gateway";
import { runComparison, type CompareOptions, type CompareRun, type ResultRow, type RunPlan } from "./runner";
import type { Suite } from "./suite";
import { summarize } from "./summary";

/** A run as the store keeps it: its request, its rows as they arrive, and its figures once it is done. */
export interface StoredRun {
  id: string;
  status: RunStatus;
  done: number;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  suite: Suite;
  models: string[];
  runs: number;
  temperatures: number[];
  concurrency: number;
  timeoutMs: number;
  rows: ResultRow[];
  run: CompareRun | null;
  results: CompareResults | null;
  error: AppError | null;
  controller: AbortController;
  /** The user who started it ("local" with AUTH=off): only they and admins see it. */
  userId: string;
}

/**
 * Runs by id, least recently read first. Process-local: a second server instance would not see them, which DESIGN.md
 * allows for caches; docs/compare.md says how they would move to storage.
 */
export class RunStore {
  private readonly runs = new Map<string, StoredRun>();

  constructor(
    private readonly capacity: number,
    private readonly maxRunning: number,
  ) {}

  running(): number {
    return [...this.runs.values()].filter((r) => r.status === "running").length;
  }

  add(run: StoredRun): void {
    if (this.running() >= this.maxRunning) throw new AppError("compare:busy", { limit: this.maxRunning });
    this.runs.set(run.id, run);
    // Evict the least recently read finished runs; running ones stay until they end.
    for (const [id, stored] of this.runs) {
      if (this.runs.size <= this.capacity) break;
      if (stored.status !== "running") this.runs.delete(id);
    }
  }

  get(id: string): StoredRun {
    const run = this.runs.get(id);
    if (!run) throw new AppError("compare:not_found");
    this.runs.delete(id);
    this.runs.set(id, run);
    return run;
  }

  /** The run, if the store still has it, without counting as a read. */
  peek(id: string): StoredRun | undefined {
    return this.runs.get(id);
  }

  get size(): number {
    return this.runs.size;
  }

  abortAll(): void {
    for (const run of this.runs.values()) run.controller.abort();
  }
}

export interface LaunchOptions {
  store: RunStore;
  suite: Suite;
  models: string[];
  plan: RunPlan;
  config: Config;
  gateway: ModelGateway;
  logger: Logger;
  userId?: string;
  /** The rubric for every prompt case, and the draft → refine rule (the page's choices). */
  quality?: Pick<CompareOptions, "rubric" | "refineRule">;
}

/** Adds a run to the store and starts it; the stored run fills in as rows arrive and ends done or failed. */
export function launchRun(options: LaunchOptions): StoredRun {
  const { store, suite, models, plan, config, gateway, logger, quality } = options;
  const stored: StoredRun = {
    id: randomUUID(),
    status: "running",
    done: 0,
    total: plan.total,
    createdAt: new Date().toISOString(),
    finishedAt: null,
    suite,
    models,
    runs: plan.runs,
    temperatures: plan.temperatures,
    concurrency: plan.concurrency,
    timeoutMs: plan.timeoutMs,
    rows: [],
    run: null,
    results: null,
    error: null,
    controller: new AbortController(),
    userId: options.userId ?? "local",
  };
  store.add(stored);
  void runComparison({
    models,
    suite,
    config,
    gateway,
    runs: plan.runs,
    temperatures: plan.temperatures,
    concurrency: plan.concurrency,
    ...quality,
    signal: stored.controller.signal,
    onRow: (row) => stored.rows.push(row),
    onProgress: ({ done }) => {
      stored.done = done;
    },
  }).then(
    (run) => {
      stored.run = run;
      stored.results = summarize(run);
      stored.done = run.rows.length;
      stored.status = "done";
      stored.finishedAt = run.finishedAt;
    },
    (err: unknown) => {
      logger.error("compare run failed", { runId: stored.id, ...errorDetail(err) });
      stored.status = "error";
      stored.error = err instanceof AppError ? err : new AppError("internal");
      stored.finishedAt = new Date().toISOString();
    },
  );
  return stored;
}
