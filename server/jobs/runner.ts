// Runs durable jobs: claims queued jobs (and jobs whose instance stopped beating) from the store, beats for the ones
// it owns, passes a stop on, and tells the page what changed, including jobs that the CLI or another instance runs
// (it watches the table). One runner per process; the store arbitrates between processes.
import { randomUUID } from "node:crypto";
import { AppError, inLanguage, toUserError, type UserError } from "../../contract/errors";
import type { Logger } from "../log";
import { errorDetail } from "../log";
import type { Job, JobHandler, JobKind, JobProgress, JobStore } from "./types";

export interface JobRunnerOptions {
  store: JobStore;
  handlers: Partial<Record<JobKind, JobHandler>>;
  logger: Logger;
  /** This instance's id; a random one by default. */
  owner?: string;
  /** A running job whose heartbeat is older than this is taken over (WORKBENCH_JOB_STALE_MS). */
  staleMs?: number;
  /** How often the queue and the table are looked at. */
  pollMs?: number;
  /** Jobs this instance runs at once (of the kinds without a limit of their own). */
  maxRunning?: number;
  /** Live progress events per job, at most one per this many ms. */
  progressEveryMs?: number;
  /**
   * A job's status changed (created, claimed, stopped, done, failed): `here` when this instance made the change, not
   * when the runner saw it in the table (the CLI or another instance made it).
   */
  onStatus?: (job: Job, here: boolean) => void;
  onProgress?: (job: Job, progress: JobProgress, here: boolean) => void;
  /**
   * Whether another process tells every socket of this job's progress itself, live (its owner, when the instances
   * share socket.io's adapter): then the table's slower copy of that progress is not reported again.
   */
  reportsItsOwnProgress?: (job: Job) => boolean;
}

/** How a kind of job is run. */
export interface JobKindOptions {
  /**
   * Jobs of this kind this instance runs at once, counted apart from `maxRunning` (which the other kinds share): a
   * corpus import must not wait behind two annotation runs, and two of them must never write the corpus together.
   */
  maxRunning?: number;
  /**
   * A job of this kind ended "stopped" without its handler running: cancelled while it waited in the queue, or taken
   * over from a dead instance after a stop was asked. The kind's own records (a corpus import's) are closed here, as
   * the handler would have closed them.
   */
  stoppedUnrun?: (job: Job) => Promise<void>;
}

/** Why a local job's signal was aborted. */
type AbortCause = "stop" | "shutdown" | "lost";

interface LocalJob {
  job: Job;
  controller: AbortController;
  cause: AbortCause | null;
  /** The handler said its work is committed: an abort no longer makes the job stopped or queued. */
  committed: boolean;
  progress: JobProgress;
  lastEmit: number;
  emitTimer: ReturnType<typeof setTimeout> | null;
  done: Promise<void>;
}

/**
 * The error to store for a failed job: its code, its Romanian message, and the parameters that say it in English
 * (toUserError carries them).
 */
export function storedError(err: unknown): UserError {
  return toUserError(err, "ro");
}

/**
 * A stored error in the asker's language, with the parameters it was stored with (a page switched to the other
 * language says it again from them), except an internal error's, which are details for the log.
 */
export function localizedError(error: Job["error"], lang: "ro" | "en"): UserError | null {
  if (!error) return null;
  const message = inLanguage(error, lang);
  return error.params && error.code !== "internal"
    ? { code: error.code, message, params: error.params }
    : { code: error.code, message };
}

export class JobRunner {
  readonly owner: string;
  readonly staleMs: number;
  private readonly pollMs: number;
  private readonly maxRunning: number;
  private readonly progressEveryMs: number;
  private readonly local = new Map<string, LocalJob>();
  private readonly handlers = new Map<JobKind, { handler: JobHandler; options: JobKindOptions }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking = false;
  /** A tick was asked for while one ran (a job created or resumed meanwhile): look again right after it. */
  private tickAgain = false;
  private closed = false;
  /** What was last told about each job (its updated time and status), so that polling reports only changes. */
  private readonly seen = new Map<string, { updatedAt: string; status: string }>();
  private watermark = new Date(0).toISOString();

  constructor(private readonly options: JobRunnerOptions) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.staleMs = options.staleMs ?? 15_000;
    this.pollMs = options.pollMs ?? 1000;
    this.maxRunning = options.maxRunning ?? 2;
    this.progressEveryMs = options.progressEveryMs ?? 250;
    for (const [kind, handler] of Object.entries(options.handlers) as [JobKind, JobHandler][]) {
      this.handlers.set(kind, { handler, options: {} });
    }
  }

  get kinds(): JobKind[] {
    return [...this.handlers.keys()];
  }

  /** Adds a kind of job this instance runs (before `start`, so that its queued jobs are claimed at once). */
  register(kind: JobKind, handler: JobHandler, options: JobKindOptions = {}): void {
    this.handlers.set(kind, { handler, options });
  }

  /** The kinds with room for one more job here: a kind's own limit, or the shared one. */
  private claimableKinds(): JobKind[] {
    const running = new Map<JobKind, number>();
    let shared = 0;
    for (const { job } of this.local.values()) {
      running.set(job.kind, (running.get(job.kind) ?? 0) + 1);
      if (this.handlers.get(job.kind)?.options.maxRunning === undefined) shared += 1;
    }
    return this.kinds.filter((kind) => {
      const own = this.handlers.get(kind)?.options.maxRunning;
      return own === undefined ? shared < this.maxRunning : (running.get(kind) ?? 0) < own;
    });
  }

  /** Starts polling; the first look is immediate. */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    void this.tick();
  }

  /** Claims what it can run and reports what changed elsewhere. Safe to call any time (tests call it directly). */
  async tick(): Promise<void> {
    if (this.closed) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      while (!this.closed) {
        const kinds = this.claimableKinds();
        if (kinds.length === 0) break;
        const staleBefore = new Date(Date.now() - this.staleMs).toISOString();
        const job = await this.options.store.claimNext(this.owner, kinds, staleBefore);
        if (!job) break;
        this.startLocal(job);
      }
      await this.watch();
    } catch (err) {
      this.options.logger.error("jobs: poll failed", errorDetail(err));
    } finally {
      this.ticking = false;
    }
    if (this.tickAgain) {
      this.tickAgain = false;
      await this.tick();
    }
  }

  /** Runs a job this process created already claimed (the CLI's own run); resolves when it ends. */
  runOwned(job: Job): Promise<void> {
    return this.startLocal(job).done;
  }

  /** Reports jobs changed since the last look that this instance does not run itself. */
  private async watch(): Promise<void> {
    // Another process's commit can carry a time slightly before ours: look back a little and drop what was seen.
    const since = new Date(Date.parse(this.watermark) - 5000).toISOString();
    for (const job of await this.options.store.changedSince(since)) {
      if (job.updatedAt > this.watermark) this.watermark = job.updatedAt;
      const before = this.seen.get(job.id);
      if (before?.updatedAt === job.updatedAt) continue;
      this.seen.set(job.id, { updatedAt: job.updatedAt, status: job.status });
      if (this.local.has(job.id)) continue;
      if (!before || before.status !== job.status) this.options.onStatus?.(job, false);
      else if (!this.options.reportsItsOwnProgress?.(job))
        this.options.onProgress?.(job, job.progress, false);
    }
  }

  /** Tells watchers about a job this instance changed (created, stopped, resumed) without waiting for the poll. */
  announce(job: Job): void {
    this.seen.set(job.id, { updatedAt: job.updatedAt, status: job.status });
    this.options.onStatus?.(job, true);
  }

  private startLocal(job: Job): LocalJob {
    const handler = this.handlers.get(job.kind)?.handler;
    const controller = new AbortController();
    const local: LocalJob = {
      job,
      controller,
      cause: null,
      committed: false,
      progress: job.progress,
      lastEmit: 0,
      emitTimer: null,
      done: Promise.resolve(),
    };
    this.local.set(job.id, local);
    this.announce(job);
    local.done = this.execute(local, handler).finally(() => {
      if (local.emitTimer) clearTimeout(local.emitTimer);
      this.local.delete(job.id);
      // A slot is free: look for the next job now rather than at the next poll.
      if (!this.closed) void this.tick();
    });
    return local;
  }

  private async execute(local: LocalJob, handler: JobHandler | undefined): Promise<void> {
    const { job, controller } = local;
    const { store, logger } = this.options;
    const beat = setInterval(() => void this.beat(local), Math.max(50, Math.floor(this.staleMs / 3)));
    beat.unref();
    let status: Job["status"] = "done";
    let error: UserError | null = null;
    try {
      if (!handler) throw new AppError("internal", { detail: `no handler for ${job.kind}` });
      if (job.stopRequested) {
        // Taken over from an instance that died after a stop was asked: it ends here, stopped, doing nothing more.
        status = "stopped";
      } else {
        await handler({
          job,
          signal: controller.signal,
          progress: (p) => this.progress(local, p),
          committed: () => (local.committed = true),
        });
        if (controller.signal.aborted && !local.committed)
          status = local.cause === "shutdown" ? "queued" : "stopped";
      }
    } catch (err) {
      if (controller.signal.aborted && !local.committed) {
        status = local.cause === "shutdown" ? "queued" : "stopped";
      } else {
        status = "failed";
        error = storedError(err);
        if (!(err instanceof AppError)) logger.error("jobs: job failed", { id: job.id, ...errorDetail(err) });
      }
    } finally {
      clearInterval(beat);
    }
    if (local.cause === "lost") return;
    await store.heartbeat(job.id, this.owner, local.progress);
    const ended = await store.release(job.id, this.owner, status, error);
    if (ended && job.stopRequested && status === "stopped") await this.stoppedUnrun(ended);
    if (ended) {
      this.options.onProgress?.(ended, ended.progress, true);
      this.announce(ended);
    }
  }

  private async beat(local: LocalJob): Promise<void> {
    try {
      const state = await this.options.store.heartbeat(local.job.id, this.owner, local.progress);
      if (!state) this.abort(local, "lost");
      else if (state.stopRequested) this.abort(local, "stop");
    } catch (err) {
      this.options.logger.warn("jobs: heartbeat failed", { id: local.job.id, ...errorDetail(err) });
    }
  }

  private abort(local: LocalJob, cause: AbortCause): void {
    if (local.controller.signal.aborted) return;
    local.cause = cause;
    local.controller.abort(new AppError("internal", { detail: `job ${cause}` }));
  }

  /** Keeps the latest progress; emits it at once or at the end of the throttle window. */
  private progress(local: LocalJob, progress: JobProgress): void {
    local.progress = progress;
    const wait = local.lastEmit + this.progressEveryMs - Date.now();
    if (wait <= 0) {
      this.emitProgress(local);
      return;
    }
    local.emitTimer ??= setTimeout(() => {
      local.emitTimer = null;
      this.emitProgress(local);
    }, wait);
  }

  private emitProgress(local: LocalJob): void {
    local.lastEmit = Date.now();
    this.options.onProgress?.(
      { ...local.job, progress: local.progress, status: "running" },
      local.progress,
      true,
    );
  }

  /** Asks a job to stop: at once when it runs here, at its owner's next heartbeat otherwise. */
  async stop(id: string): Promise<Job | null> {
    const asked = await this.options.store.requestStop(id);
    const local = this.local.get(id);
    if (local) {
      this.abort(local, "stop");
      await local.done;
      return this.options.store.get(id);
    }
    if (!asked) return null;
    // A job this stop took out of the queue (none of this instance's, and not running elsewhere): its handler will
    // not run, so its kind closes what the handler would have. Once: a second stop of a stopped job closes nothing.
    if (asked.stoppedWaiting) await this.stoppedUnrun(asked.job);
    this.announce(asked.job);
    return asked.job;
  }

  private async stoppedUnrun(job: Job): Promise<void> {
    try {
      await this.handlers.get(job.kind)?.options.stoppedUnrun?.(job);
    } catch (err) {
      this.options.logger.warn("jobs: closing a job stopped before it ran failed", {
        id: job.id,
        ...errorDetail(err),
      });
    }
  }

  /** Puts a stopped or failed job back in the queue and looks for work at once. */
  async resume(id: string): Promise<Job | null> {
    const job = await this.options.store.requeue(id);
    if (job) this.announce(job);
    void this.tick();
    return job;
  }

  /** The job's progress as this instance knows it best (live for its own jobs). */
  liveProgress(id: string): JobProgress | null {
    return this.local.get(id)?.progress ?? null;
  }

  isLocal(id: string): boolean {
    return this.local.has(id);
  }

  /** Stops polling and hands running jobs back to the queue, so the next start picks them up at once. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const running = [...this.local.values()];
    for (const local of running) this.abort(local, "shutdown");
    await Promise.all(running.map((local) => local.done));
  }
}
