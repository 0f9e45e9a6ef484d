// The workbench on one server (or in one CLI process): its stores on the app's SQLite file, the shared job pool, the
// job runner with the annotation-run kind, live job events on the socket, and the operations the routes and the CLI
// share (creating a run, its agreement, its methods paragraph).
import { randomUUID } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Server, Socket } from "socket.io";
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { AppError, toUserError } from "../../contract/errors";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/protocol";
import {
  JobSubscribeSchema,
  type AgreementReport,
  type Job,
  type MethodsResponse,
  type RunResponse,
  type RunSettings,
} from "../../contract/workbench";
import { LEXICON_MODEL, type TextAnnotator } from "../annotation/annotators";
import type { RetryPolicy } from "../annotation/batch";
import type { Config } from "../config";
import { JobPool } from "../jobs/pool";
import { JobRunner } from "../jobs/runner";
import { SqliteJobStore } from "../jobs/sqliteJobStore";
import type { JobStore } from "../jobs/types";
import type { Logger } from "../log";
import type { ModelGateway, Payer } from "../models/gateway";
import { assertClientModel } from "../models/clientModels";
import { isOffline } from "../models/catalog";
import { computeAgreement } from "./agreement";
import { StatisticMemo } from "./agreementMemo";
import { promptHash } from "./estimate";
import { overlapCoverage } from "./overlapCoverage";
import { methodsParagraph } from "./methods";
import { RunProgress } from "./progress";
import { LexiconWorker } from "./lexiconWorker";
import { annotationRunHandler } from "./runJob";
import { SqliteWorkbenchStore } from "./sqlite";
import type { WorkbenchStore } from "./store";
import { hasRole, NEEDED_ROLE } from "../../contract/auth";
import { socketUser } from "../identity";
import { workbenchAccess } from "./access";
import { followAllJobs, jobEventRooms, jobRoom, sharingChanged, unfollowAllJobs } from "./jobRooms";

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type AppIo = Server<ClientToServerEvents, ServerToClientEvents>;

export interface WorkbenchOptions {
  config: Config;
  logger: Logger;
  /** The app's database file; DATA_DIR/echochamber.db by default. */
  dbFile?: string;
  /** Stores opened by server/storage/open.ts (PostgreSQL in a class deployment); SQLite on `dbFile` otherwise. */
  stores?: { store: WorkbenchStore; jobs: JobStore };
  /** This instance's id for job claims ("cli-…" for a CLI run). */
  owner?: string;
  /** Claim queued jobs and watch the table (the server does; the CLI runs only its own job). */
  runQueue?: boolean;
  annotatorFor?: (model: string, temperature: number) => Promise<TextAnnotator>;
  /** The app's model gateway (the server passes its own; a CLI run makes one). */
  gateway?: ModelGateway;
  retry?: Partial<RetryPolicy>;
  pollMs?: number;
  /** Also told of every job's progress (the CLI's progress bar). */
  onProgress?: (job: Job) => void;
  /** The daily budget of a run's user, for its calls to paid models (the server's); none: no budget. */
  payerFor?: (userId: string) => Payer | undefined;
}

export class Workbench {
  /** Whose daily budget pays a run's calls to paid models: the user who started it (none: no budget). */
  private payerFor: ((userId: string) => Payer | undefined) | undefined;
  readonly store: WorkbenchStore;
  readonly jobs: JobStore;
  readonly pool: JobPool;
  readonly runner: JobRunner;
  readonly uploadsDir: string;
  /** The dictionary's thread, started by the first lexicon run. */
  private readonly lexiconWorker: LexiconWorker;
  private io: AppIo | null = null;
  /** The instances share socket.io's adapter: an emit here reaches the sockets of every instance. */
  private clustered = false;
  /** Agreement statistics already computed, and reports being computed (see `agreement`). */
  private readonly agreementMemo = new StatisticMemo();
  private readonly agreements = new Map<string, Promise<AgreementReport>>();

  constructor(readonly options: WorkbenchOptions) {
    const { config } = options;
    this.payerFor = options.payerFor;
    const dataDir = path.resolve(config.DATA_DIR);
    if (options.stores) {
      this.store = options.stores.store;
      this.jobs = options.stores.jobs;
    } else {
      const sqlite = new SqliteWorkbenchStore(options.dbFile ?? path.join(dataDir, "echochamber.db"));
      this.store = sqlite;
      this.jobs = new SqliteJobStore(sqlite.db);
    }
    this.uploadsDir = path.join(dataDir, "workbench-uploads");
    this.pool = new JobPool({ size: config.WORKBENCH_CONCURRENCY });
    this.lexiconWorker = new LexiconWorker({ nice: config.WORKBENCH_WORKER_NICE, logger: options.logger });
    this.runner = new JobRunner({
      store: this.jobs,
      logger: options.logger,
      owner: options.owner,
      staleMs: config.WORKBENCH_JOB_STALE_MS,
      pollMs: options.pollMs ?? 1000,
      maxRunning: config.WORKBENCH_MAX_JOBS,
      handlers: {
        "annotation-run": annotationRunHandler({
          store: this.store,
          config,
          pool: this.pool,
          annotatorFor: options.annotatorFor,
          gateway: options.gateway,
          retry: options.retry,
          // Asked per job, so that the app can name the payer after the workbench is made (server/index.ts).
          payerFor: (userId) => this.payerFor?.(userId),
          lexiconWorker: this.lexiconWorker,
        }),
      },
      onStatus: (job, here) => this.emit("job:status", job, here),
      onProgress: (job, _progress, here) => {
        this.emit("job:progress", job, here);
        options.onProgress?.(job);
      },
      // Clustered, a job's owner tells every socket of its progress; a CLI run ("cli-…") tells none.
      reportsItsOwnProgress: (job) => this.clustered && job.owner !== null && !job.owner.startsWith("cli-"),
    });
  }

  /** Starts claiming and watching jobs, and clears what a crash left (uncommitted imports, old uploads). */
  async start(): Promise<void> {
    const removed = await this.store.removeUncommitted(60 * 60_000);
    if (removed > 0) this.options.logger.info("workbench: removed unfinished imports", { removed });
    await this.removeOldUploads(24 * 60 * 60_000);
    if (this.options.runQueue !== false) this.runner.start();
  }

  private async removeOldUploads(olderThanMs: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.uploadsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const name of names) {
      const file = path.join(this.uploadsDir, name);
      if (Date.now() - (await stat(file)).mtimeMs > olderThanMs) await rm(file, { force: true });
    }
  }

  /**
   * Sends job events to the page, to the rooms of those who may follow the job (./jobRooms.ts). What this instance
   * did goes to every instance's sockets; what it only saw in the table goes to its own (each instance watches the
   * table itself).
   */
  private emit(event: "job:status" | "job:progress", job: Job, here: boolean): void {
    if (!this.io) return;
    const rooms = (here ? this.io : this.io.local).to(jobEventRooms(job));
    if (event === "job:status") rooms.emit("job:status", { job });
    else {
      rooms.emit("job:progress", {
        jobId: job.id,
        kind: job.kind,
        status: job.status,
        progress: job.progress,
        at: new Date().toISOString(),
      });
    }
  }

  /**
   * Charges runs to their users' daily budgets from now on. The server makes its workbench before the app, which
   * owns the budgets (server/index.ts), and names the payer when it attaches the workbench.
   */
  chargeTo(payerFor: (userId: string) => Payer | undefined): void {
    this.payerFor = payerFor;
  }

  /** Live job events for the app's sockets; `clustered` when the instances share socket.io's adapter. */
  attachIo(io: AppIo, clustered = false): void {
    this.io = io;
    this.clustered = clustered;
  }

  attach(socket: AppSocket): void {
    socket.on("job:subscribe", (payload, ack) => {
      void (async () => {
        const parsed = JobSubscribeSchema.safeParse(payload ?? {});
        if (!parsed.success) {
          ack?.({
            ok: false,
            error: toUserError(new AppError("input:invalid", { detail: "job:subscribe" })),
          });
          return;
        }
        // A member follows their own jobs and those on data sets shared with the class (all of them, or one by its
        // id), an admin every job; a guest none.
        const user = socketUser(socket);
        if (!hasRole(user.role, NEEDED_ROLE.annotate))
          throw new AppError("auth:forbidden", { role: user.role });
        const { jobId } = parsed.data;
        const access = workbenchAccess(this.store, (id) => this.job(id));
        if (jobId) {
          const job = await this.job(jobId);
          if (!job || !(await access.jobVisible(user, job, "read"))) throw new AppError("job:not_found");
          await socket.join(jobRoom(jobId));
          ack?.({ ok: true, data: { jobs: [job] } });
          return;
        }
        // Rooms before the snapshot: a job that starts in between is heard, not missed.
        await followAllJobs(socket, user, this.store);
        ack?.({ ok: true, data: { jobs: await access.visibleJobs(user, await this.listJobs()) } });
      })().catch((err: unknown) => ack?.({ ok: false, error: toUserError(err) }));
    });
    socket.on("job:unsubscribe", (payload) => {
      const parsed = JobSubscribeSchema.safeParse(payload ?? {});
      if (!parsed.success) return;
      if (parsed.data.jobId) void socket.leave(jobRoom(parsed.data.jobId));
      else void unfollowAllJobs(socket);
    });
  }

  /**
   * A data set was shared or unshared: who hears its jobs live changes with it (./jobRooms.ts). The sharing itself is
   * stored already, so an instance that does not answer (clustered) is logged rather than failing the request; its
   * sockets are put right at their next subscribe.
   */
  async sharingChanged(datasetId: string, shared: boolean): Promise<void> {
    if (!this.io) return;
    try {
      await sharingChanged(this.io, datasetId, shared, async () =>
        (await this.listJobs()).filter((job) => job.params.datasetId === datasetId),
      );
    } catch (err) {
      this.options.logger.warn("workbench: live job rooms not updated after sharing", {
        datasetId,
        shared,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /**
   * A job as this instance knows it best: one it runs carries its live progress (the stored one is as old as the last
   * heartbeat, up to a third of WORKBENCH_JOB_STALE_MS) and the time of this answer, so that the page, which applies
   * what it hears by time, takes it over the stored copy; a job running elsewhere is as stored.
   */
  private live(job: Job): Job {
    const progress = this.runner.liveProgress(job.id);
    if (!progress || job.status !== "running") return job;
    const now = new Date().toISOString();
    return { ...job, progress, updatedAt: now > job.updatedAt ? now : job.updatedAt };
  }

  async job(id: string): Promise<Job | null> {
    const job = await this.jobs.get(id);
    return job ? this.live(job) : null;
  }

  async listJobs(filter?: Parameters<JobStore["list"]>[0]): Promise<Job[]> {
    return (await this.jobs.list(filter)).map((job) => this.live(job));
  }

  /**
   * Throws input:unknown_model unless the model can annotate here: the lexicon, or a remote model the server may call
   * for a client (models/clientModels.ts, the rule the compare page shares).
   */
  assertModel(model: string): void {
    if (model === LEXICON_MODEL) return;
    if (isOffline(model)) throw new AppError("input:unknown_model", { model });
    assertClientModel(model, this.options.config);
  }

  /**
   * Stores a run and queues its job (or, with `owner`, creates it already claimed by that instance). `userId` is the
   * user who started it ("local" when absent): the run's calls to paid models come from their budget.
   */
  async createRun(
    settings: RunSettings,
    origin: "page" | "cli",
    owner?: string,
    userId?: string,
  ): Promise<RunResponse> {
    const dataset = await this.store.getDataset(settings.datasetId);
    if (!dataset) throw new AppError("dataset:not_found");
    const models = [...new Set(settings.models)];
    for (const model of models) this.assertModel(model);
    const repeats = settings.repeats ?? 1;
    const jobId = randomUUID();
    const run = await this.store.createRun({
      datasetId: dataset.id,
      jobId,
      models,
      temperature: settings.temperature ?? 0,
      repeats,
      concurrency: settings.concurrency,
      codebookVersion: CODEBOOK_VERSION,
      promptHashes: Object.fromEntries(models.map((m) => [m, promptHash(m)])),
      origin,
    });
    const progress = new RunProgress(models, dataset.rows * repeats, []).snapshot();
    const job = await this.jobs.create({
      id: jobId,
      kind: "annotation-run",
      params: { runId: run.id, datasetId: dataset.id, ...(userId ? { userId } : {}) },
      origin,
      progress,
      owner,
    });
    this.runner.announce(job);
    if (!owner) void this.runner.tick();
    return { run, job };
  }

  /**
   * A run's agreement report. Statistics are remembered by the columns they were computed from (agreementMemo.ts), so
   * after a saved label only the people's statistics are computed again; the same question asked while it is being
   * answered (the agreement view and the methods paragraph open together) shares that answer. `viewer` is the member
   * the owner's blind review holds, whose classmates the report folds together (./peerAgreement.ts).
   */
  agreement(
    runId: string,
    query: { items: "all" | "sample"; resamples: number; seed: number },
    viewer?: string,
  ): Promise<AgreementReport> {
    const key = `${runId}|${query.items}|${query.resamples}|${query.seed}|${viewer ?? ""}`;
    const pending = this.agreements.get(key);
    if (pending) return pending;
    const report = this.computeAgreement(runId, query, viewer).finally(() => this.agreements.delete(key));
    this.agreements.set(key, report);
    return report;
  }

  private async computeAgreement(
    runId: string,
    query: { items: "all" | "sample"; resamples: number; seed: number },
    viewer: string | undefined,
  ): Promise<AgreementReport> {
    const run = await this.store.getRun(runId);
    if (!run) throw new AppError("run:not_found");
    const data = await this.store.agreementData(runId, query.items);
    const report = await computeAgreement(data, {
      resamples: query.resamples,
      seed: query.seed,
      slice: () => this.pool.slice(),
      memo: this.agreementMemo,
      viewer,
    });
    return { runId, datasetId: run.datasetId, items: query.items, ...report };
  }

  async methods(runId: string): Promise<MethodsResponse> {
    const run = await this.store.getRun(runId);
    if (!run) throw new AppError("run:not_found");
    const dataset = await this.store.getDataset(run.datasetId);
    if (!dataset) throw new AppError("dataset:not_found");
    const agreement = await this.agreement(runId, { items: "all", resamples: 1000, seed: 42 });
    const sample = await this.store.agreementData(runId, "sample");
    const sampleLabelled = sample.idxs.filter((_, i) =>
      Object.values(sample.humans).some((columns) =>
        Object.values(columns).some((column) => column[i] !== null),
      ),
    ).length;
    const guidelines = await this.store.getGuidelines(dataset.id);
    // A skip is no label: it counts neither among the labels made before the guidelines changed nor toward k per row.
    const labels =
      guidelines || dataset.overlap
        ? (await this.store.listLabels(dataset.id)).labels.filter((l) => l.status !== "skipped")
        : [];
    return methodsParagraph({
      run,
      dataset,
      counts: await this.store.modelCounts(runId),
      agreement,
      sampleLabelled,
      guidelines: guidelines && {
        guidelines,
        labels: labels.length,
        labelsBefore: labels.filter((l) => l.updatedAt < guidelines.updatedAt).length,
      },
      overlap: dataset.overlap
        ? { overlap: dataset.overlap, coverage: overlapCoverage(dataset.rows, labels, dataset.overlap) }
        : null,
    });
  }

  /** Stops the jobs (handed back to the queue) and the lexicon worker; the store stays open for requests. */
  async stop(): Promise<void> {
    await this.runner.close();
    await this.lexiconWorker.close();
  }

  /** Stops what runs (if `stop` has not), then closes the store. */
  async close(): Promise<void> {
    await this.stop();
    await this.store.close();
  }
}
