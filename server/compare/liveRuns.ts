// The comparisons this instance runs, written through to the store (./runStore.ts) as they go: every answer as it
// arrives (batched while a write is in flight), the progress and a heartbeat, the figures at the end. A run's stop
// button may reach any instance: it sets a flag that the owner reads with its next answer or heartbeat. A run whose
// owner went silent longer than staleMs is marked interrupted when read, or at start; docs/compare.md.
import { randomUUID } from "node:crypto";
import { AppError, toUserError } from "../../contract/errors";
import { LATE, settleWithin } from "../../contract/abort";
import type { Config } from "../config";
import { instanceGone } from "../cluster/presence";
import { errorDetail, type Logger } from "../log";
import type { ModelGateway } from "../models/gateway";
import { runComparison, type CompareOptions, type ResultRow, type RunPlan } from "./runner";
import type { CompareRunRecord, CompareRunStore, RunEnd } from "./runStore";
import type { Suite } from "./suite";
import { summarize } from "./summary";

/** Why this instance stopped a run: its user asked, the server is closing, or another instance declared it gone. */
type StopReason = "cancel" | "shutdown" | "lost";

interface LiveRun {
  id: string;
  controller: AbortController;
  /** Answers not yet stored, and how many are. */
  pending: ResultRow[];
  stored: number;
  done: number;
  /** The chain of writes (one at a time, in order); `queued` while one waits to start. */
  writing: Promise<void>;
  queued: boolean;
  stop: StopReason | null;
  /** Resolves when the run has ended and its end is stored. */
  ended: Promise<void>;
}

export interface CompareRunsOptions {
  store: CompareRunStore;
  /** This instance: the owner of the runs it starts. */
  instanceId: string;
  /** Silence after which a run's owner counts as gone; it beats every third of this. */
  staleMs: number;
  /** Runs in progress at once on this instance. */
  maxRunning: number;
  /** Runs kept per user, the newest; older finished ones are deleted when the user starts another. */
  keepPerUser: number;
  logger: Logger;
}

export interface LaunchOptions {
  suite: Suite;
  models: string[];
  plan: RunPlan;
  config: Config;
  gateway: ModelGateway;
  userId: string;
  /** The rubric for every prompt case, and the draft → refine rule (the page's choices). */
  quality?: Pick<CompareOptions, "rubric" | "refineRule">;
}

/** How long close() waits for its runs to store what they made. */
const CLOSE_WAIT_MS = 5_000;

export class CompareRuns {
  private readonly live = new Map<string, LiveRun>();
  /** Runs whose start is being stored: they count against maxRunning already, so two POSTs at once cannot pass it. */
  private starting = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private beating: Promise<void> = Promise.resolve();
  /** close() was called: no new run starts. */
  private closing = false;

  constructor(private readonly options: CompareRunsOptions) {
    this.timer = setInterval(
      () => {
        if (this.live.size > 0) this.beating = this.beat();
      },
      Math.max(100, Math.floor(options.staleMs / 3)),
    );
    this.timer.unref();
  }

  get store(): CompareRunStore {
    return this.options.store;
  }

  /** Runs in progress on this instance. */
  running(): number {
    return this.live.size;
  }

  private staleBefore(): string {
    return new Date(Date.now() - this.options.staleMs).toISOString();
  }

  /** At start: runs left running by instances that are gone become interrupted. */
  async recoverInterrupted(): Promise<number> {
    return this.options.store.interruptStale(this.staleBefore(), new Date().toISOString());
  }

  /**
   * The run as stored; a running one whose owner went silent, or whose owner's process is known to be gone (killed on
   * this machine: ../cluster/presence.ts), is marked interrupted first.
   */
  async get(id: string): Promise<CompareRunRecord> {
    const { store } = this.options;
    let record = await store.get(id);
    if (record?.status === "running" && !this.live.has(id)) {
      const gone = record.owner !== null && instanceGone(record.owner);
      const staleBefore = this.staleBefore();
      if (gone || (record.heartbeatAt ?? "") < staleBefore) {
        // A gone owner's every heartbeat counts as stale, however recent.
        const now = new Date().toISOString();
        const count = await store.interruptStale(gone ? "9999-12-31T23:59:59.999Z" : staleBefore, now, id);
        if (count > 0)
          this.options.logger.warn("compare run interrupted: its instance is gone", { runId: id });
        record = await store.get(id);
      }
    }
    if (!record) throw new AppError("compare:not_found");
    return record;
  }

  /** Asks the run to stop: at once when it runs here, at the owner's next answer or heartbeat otherwise. */
  async cancel(id: string): Promise<CompareRunRecord | null> {
    const record = await this.options.store.requestCancel(id);
    const live = this.live.get(id);
    if (live) this.stop(live, "cancel");
    return record;
  }

  /** Stores a new run and starts it; resolves once it is stored (the answers come in the background). */
  async launch(options: LaunchOptions): Promise<CompareRunRecord> {
    const { store, instanceId, maxRunning, keepPerUser, logger } = this.options;
    // A request that reached here while the server closes: its run would have no heartbeat and no store.
    if (this.closing) throw new AppError("compare:closing");
    if (this.live.size + this.starting >= maxRunning)
      throw new AppError("compare:busy", { limit: maxRunning });
    const { suite, models, plan } = options;
    this.starting += 1;
    let record: CompareRunRecord;
    try {
      record = await store.create({
        id: randomUUID(),
        userId: options.userId,
        owner: instanceId,
        total: plan.total,
        now: new Date().toISOString(),
        request: {
          suite,
          models,
          runs: plan.runs,
          temperatures: plan.temperatures,
          concurrency: plan.concurrency,
          timeoutMs: plan.timeoutMs,
        },
      });
    } finally {
      this.starting -= 1;
    }
    const live: LiveRun = {
      id: record.id,
      controller: new AbortController(),
      pending: [],
      stored: 0,
      done: 0,
      writing: Promise.resolve(),
      queued: false,
      stop: null,
      ended: Promise.resolve(),
    };
    this.live.set(live.id, live);
    live.ended = this.run(live, options).finally(() => this.live.delete(live.id));
    // The user's older runs go once this one is stored; a failure here only leaves them a while longer.
    store
      .prune(options.userId, keepPerUser)
      .then((pruned) => {
        if (pruned > 0) logger.info("compare: older runs deleted", { userId: options.userId, pruned });
      })
      .catch((err: unknown) => logger.warn("compare: deleting older runs failed", errorDetail(err)));
    return record;
  }

  private async run(live: LiveRun, options: LaunchOptions): Promise<void> {
    const { plan } = options;
    let end: RunEnd;
    try {
      const run = await runComparison({
        models: options.models,
        suite: options.suite,
        config: options.config,
        gateway: options.gateway,
        runs: plan.runs,
        temperatures: plan.temperatures,
        concurrency: plan.concurrency,
        ...options.quality,
        signal: live.controller.signal,
        onRow: (row) => {
          live.pending.push(row);
          live.done += 1;
          this.write(live);
        },
      });
      end =
        live.stop === "shutdown"
          ? { status: "interrupted" }
          : { status: "done", results: summarize(run), done: run.rows.length };
    } catch (err) {
      this.options.logger.error("compare run failed", { runId: live.id, ...errorDetail(err) });
      end = { status: "error", error: toUserError(err instanceof AppError ? err : new AppError("internal")) };
    }
    // Every answer goes in before the end; one more try for those a failed write left.
    await live.writing;
    if (live.pending.length) this.write(live);
    await live.writing;
    if (live.stop === "lost") return;
    const { store, instanceId, logger } = this.options;
    try {
      await store.finish(live.id, instanceId, end, new Date().toISOString());
    } catch (err) {
      // The run stays "running" in the store, and is interrupted once its heartbeat is stale.
      logger.error("compare: storing a run's end failed", { runId: live.id, ...errorDetail(err) });
    }
  }

  /** Queues a write of the pending answers, unless one is already waiting to start (it will take them too). */
  private write(live: LiveRun): void {
    if (live.queued) return;
    live.queued = true;
    live.writing = live.writing.then(async () => {
      live.queued = false;
      const batch = live.pending.splice(0);
      if (!batch.length) return;
      const { store, instanceId, logger } = this.options;
      try {
        const now = new Date().toISOString();
        const seen = await store.addRows(live.id, instanceId, live.stored, batch, live.done, now);
        live.stored += batch.length;
        if (!seen) this.stop(live, "lost");
        else if (seen.cancelRequested) this.stop(live, "cancel");
      } catch (err) {
        // Kept for the next write; the run goes on (its figures at the end come from memory).
        live.pending.unshift(...batch);
        logger.warn("compare: storing answers failed", { runId: live.id, ...errorDetail(err) });
      }
    });
  }

  private stop(live: LiveRun, reason: StopReason): void {
    live.stop ??= reason;
    live.controller.abort();
  }

  /** The heartbeat of this instance's runs, and what the store says back: a stop asked, a run taken away. */
  private async beat(): Promise<void> {
    const { store, instanceId, logger } = this.options;
    const beating = [...this.live.values()];
    try {
      const owned = new Map(
        (await store.beat(instanceId, new Date().toISOString())).map((r) => [r.id, r.cancelRequested]),
      );
      for (const live of beating) {
        // A run that ended meanwhile is no longer "running" in the store: not taken away.
        if (!this.live.has(live.id)) continue;
        const cancel = owned.get(live.id);
        if (cancel === undefined) this.stop(live, "lost");
        else if (cancel) this.stop(live, "cancel");
      }
    } catch (err) {
      logger.warn("compare: heartbeat failed", errorDetail(err));
    }
  }

  /** Stops the runs of this instance; what they made is stored and they end interrupted. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    const ending = [...this.live.values()].map((live) => {
      this.stop(live, "shutdown");
      return live.ended;
    });
    if ((await settleWithin(Promise.all(ending), CLOSE_WAIT_MS)) === LATE)
      this.options.logger.warn("compare: runs still storing at shutdown; they end interrupted when stale");
    await this.beating;
  }
}
