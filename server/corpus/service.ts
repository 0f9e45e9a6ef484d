// The corpus page on one server: uploads and feeds, imports, removals and index rebuilds as durable `corpus-import`
// jobs (one at a time, each run in the corpus worker thread), the switch of the chat to a new index when a job commits, the
// catalog that the page browses (kept by ./catalogKeeper.ts), and the corpus's state. Jobs go through the
// workbench's job runner, so they survive reloads and restarts and their progress reaches the page as `job:*` events.
import { randomUUID } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Server } from "socket.io";
import type {
  CorpusChangedEvent,
  CorpusImportRequest,
  CorpusJobResponse,
  CorpusPreview,
  CorpusStatus,
  RestoreRequest,
} from "../../contract/corpusPage";
import { AppError, toUserError, type Lang } from "../../contract/errors";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/protocol";
import type { Job } from "../../contract/workbench";
import { corpusLocked } from "../../corpus/pipeline/corpusLock";
import { corpusFiles, recoverTransactions } from "../../corpus/pipeline/corpusTransaction";
import { formatBytes } from "../../contract/fileSize";
import type { Retriever } from "../../corpus/retrieval/types";
import { corpusPaths, type Config } from "../config";
import { storedError } from "../jobs/runner";
import type { JobContext } from "../jobs/types";
import { errorDetail, type Logger } from "../log";
import { openServedIndex, openStagedIndex } from "./openIndex";
import type { ModelGateway } from "../models/gateway";
import { Uploads, type UploadKind } from "../workbench/uploads";
import type { Workbench } from "../workbench/service";
import type { CorpusCatalog } from "./catalog/catalog";
import { CatalogKeeper } from "./catalogKeeper";
import { corpusError } from "./errors";
import {
  SqliteCorpusImportStore,
  type CorpusImportStore,
  type NewImport,
  type StoredImport,
} from "./importStore";
import { pipelineTaskOf } from "./jobTasks";
import { builtAtOf, type CorpusGeneration, type LiveCorpus } from "./liveCorpus";
import { previewCorpusFile } from "./preview";
import { collectionRows } from "./collectionRows";
import { importRecord } from "./importRecord";
import { restoreRecord } from "./removedDocuments";
import { indexProblem } from "./unreadableIndex";
import { CorpusJobProgress } from "./progress";
import type { PipelineResult } from "./worker/pipeline";
import { PipelineFailure, startPipeline } from "./worker/spawn";

type AppIo = Server<ClientToServerEvents, ServerToClientEvents>;
export type Preview = Omit<CorpusPreview, "uploadId">;

export const CORPUS_JOB = "corpus-import" as const;

export interface CorpusServiceOptions {
  config: Config;
  logger: Logger;
  gateway: ModelGateway;
  live: LiveCorpus;
  workbench: Workbench;
  /** The import history's SQLite file; the app's database (DATA_DIR/echochamber.db) by default. */
  dbFile?: string;
}

const CORPUS_UPLOADS: UploadKind<Preview> = {
  describe: (file, fileName) => previewCorpusFile(file, fileName),
  tooLarge: (limit) => new AppError("corpus:upload_too_large", { limit }),
  unreadable: (file, detail) => new AppError("corpus:invalid_file", { file, detail }),
};

/** The documents of an index: its catalog's count, or its manifest's while the catalog is being built. */
function documentsOf(generation: CorpusGeneration): number {
  return generation.catalog?.documents ?? generation.retriever.manifest?.documents ?? 0;
}

export class CorpusService {
  readonly imports: CorpusImportStore;
  readonly uploads: Uploads<Preview>;
  readonly corpusDir: string;
  private io: AppIo | null = null;
  private ready: Promise<void> = Promise.resolve();
  /** The catalog of the index in use: opened, queued for building, attached after a commit. */
  private readonly catalogs: CatalogKeeper;

  constructor(readonly options: CorpusServiceOptions) {
    const { config, workbench, live } = options;
    this.corpusDir = corpusPaths(config).root;
    const dataDir = path.resolve(config.DATA_DIR);
    this.imports = new SqliteCorpusImportStore(options.dbFile ?? path.join(dataDir, "echochamber.db"));
    this.catalogs = new CatalogKeeper({
      corpusDir: this.corpusDir,
      live,
      logger: options.logger,
      queueCatalogJob: () => this.queue({ op: "catalog", collection: "" }),
    });
    this.uploads = new Uploads(
      path.join(dataDir, "corpus-uploads"),
      config.CORPUS_MAX_UPLOAD_MB * 1024 * 1024,
      CORPUS_UPLOADS,
    );
    // One corpus job at a time, beside (not counted with) the annotation runs.
    workbench.runner.register(CORPUS_JOB, (context) => this.runJob(context), {
      maxRunning: 1,
      // Cancelled in the queue, or taken over stopped: the record says so, and is not taken for a running one later
      // (a resume would then be marked as a take-over after a restart).
      stoppedUnrun: async (job) => {
        if (job.params.importId) await this.imports.setStatus(job.params.importId, "stopped");
      },
    });
    live.onSwap((generation) => {
      const event: CorpusChangedEvent = {
        version: generation.version,
        documents: documentsOf(generation),
        chunks: generation.retriever.size,
        builtAt: builtAtOf(generation),
      };
      this.io?.emit("corpus:changed", event);
    });
  }

  attachIo(io: AppIo): void {
    this.io = io;
  }

  /** Finishes or drops what an interrupted job left, and opens the catalog of the index in use. */
  start(): Promise<void> {
    this.ready = (async () => {
      // Not while another instance makes a change: its staging folder is no leftover.
      if (!(await corpusLocked(this.corpusDir))) {
        const recovered = await recoverTransactions(this.corpusDir);
        if (recovered.finished + recovered.dropped > 0)
          this.options.logger.info("corpus: interrupted changes", recovered);
      }
      await this.removeOldUploads(24 * 60 * 60_000);
      this.catalogs.open();
    })();
    return this.ready;
  }

  private async removeOldUploads(olderThanMs: number): Promise<void> {
    for (const name of await readdir(this.uploads.dir)) {
      const file = path.join(this.uploads.dir, name);
      if (Date.now() - (await stat(file)).mtimeMs > olderThanMs) await rm(file, { force: true });
    }
  }

  /**
   * The catalog of the index in use; without one, a job to build it is queued and the page asked to wait. `build`
   * false queues nothing (a member's keyword count or draw: only the corpus role starts a catalog's build).
   */
  async catalog(options: { build?: boolean } = {}): Promise<CorpusCatalog> {
    await this.ready;
    return this.catalogs.current(options.build ?? true);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Starting jobs

  private async queue(record: Omit<NewImport, "id" | "jobId">): Promise<CorpusJobResponse> {
    const { workbench } = this.options;
    const id = randomUUID();
    const stored = await this.imports.create({ ...record, id, jobId: id });
    const job = await workbench.jobs.create({
      id,
      kind: CORPUS_JOB,
      params: { importId: id },
      origin: "page",
      progress: new CorpusJobProgress().snapshot(),
    });
    if (record.op === "catalog") this.catalogs.building(id);
    workbench.runner.announce(job);
    void workbench.runner.tick();
    return { record: this.publicRecord(stored, job), job };
  }

  async startImport(request: CorpusImportRequest): Promise<CorpusJobResponse> {
    await this.ready;
    return this.queue(await importRecord(await this.uploads.locate(request.uploadId), request));
  }

  async startRemove(collection: string): Promise<CorpusJobResponse> {
    await this.ready;
    const files = await corpusFiles(this.corpusDir);
    if (!files.raw.includes(collection) && !files.cleaned.includes(collection)) {
      throw new AppError("corpus:collection_not_found", { name: collection });
    }
    return this.queue({ op: "remove", collection });
  }

  /**
   * Takes one document out of the corpus (raw and cleaned, its chunks out of the index) as a job, like a collection's
   * removal. Refused with `corpus:busy` while another corpus job runs or waits: the person chose the document from the
   * catalog as it is now, which the job ahead may change (or remove the document itself).
   */
  startRemoveDocument(documentId: string): Promise<CorpusJobResponse> {
    return this.queueWhenIdle(async () => {
      const document = (await this.catalog()).document(documentId);
      if (!document) throw new AppError("corpus:document_not_found", { id: documentId });
      return {
        op: "remove-document",
        collection: document.collection,
        document: { id: document.id, ...(document.title ? { title: document.title } : {}) },
      };
    });
  }

  /**
   * Puts a deleted document back (the page's "Deleted documents", ./removedDocuments.ts) as a job, refused with
   * `corpus:busy` like a removal while another corpus job runs or waits.
   */
  startRestoreDocument(documentId: string, request: RestoreRequest): Promise<CorpusJobResponse> {
    return this.queueWhenIdle(() => restoreRecord(this.corpusDir, documentId, request));
  }

  /** The end of the last document job's check and queuing on this instance (queueWhenIdle waits for it). */
  private idleQueuing: Promise<unknown> = Promise.resolve();

  /**
   * Queues the job `describe` says when no corpus job runs or waits, else refuses with `corpus:busy`. The check and the
   * queuing run one request at a time on this instance: two at once (a double click, two tabs) both found no job and
   * queued two (a second removal of the same document, which then failed).
   */
  private queueWhenIdle(
    describe: () => Promise<Omit<NewImport, "id" | "jobId">>,
  ): Promise<CorpusJobResponse> {
    const queued = this.idleQueuing.then(async () => {
      await this.ready;
      // Checked after `describe` (which reads the catalog or the ledger): a job queued meanwhile counts.
      const record = await describe();
      if ((await this.unfinishedJobs()).length > 0) throw new AppError("corpus:busy");
      return this.queue(record);
    });
    this.idleQueuing = queued.catch(() => undefined);
    return queued;
  }

  /**
   * Builds the index anew from the cleaned corpus (the page's "Rebuild the index"): what fixes an index that cannot be
   * read, and any other oddity of one. Queued like an import; the chat switches to the new index when it commits.
   */
  async startRebuild(): Promise<CorpusJobResponse> {
    // Two clicks at once on this instance get one job: with PostgreSQL the second could look for the first's job row
    // between its record's write and its job's, find none, and queue a second full rebuild.
    this.rebuildQueuing ??= this.queueRebuild().finally(() => {
      this.rebuildQueuing = null;
    });
    return this.rebuildQueuing;
  }

  private rebuildQueuing: Promise<CorpusJobResponse> | null = null;

  private async queueRebuild(): Promise<CorpusJobResponse> {
    await this.ready;
    // A rebuild already waiting or running is the answer to a second click (another tab, another admin).
    for (const record of await this.imports.list(20)) {
      if (record.op !== "rebuild") continue;
      const job = await this.options.workbench.job(record.jobId);
      if (job && (job.status === "queued" || job.status === "running"))
        return { record: this.publicRecord(record, job), job };
    }
    return this.queue({ op: "rebuild", collection: "" });
  }

  /** A record for the page: the job's status when the job is known. */
  publicRecord(record: StoredImport, job: Job | null): CorpusJobResponse["record"] {
    const { uploadId: _u, contentHash: _h, settings: _s, ...visible } = record;
    return { ...visible, status: job?.status ?? record.status };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Running a job

  private async runJob({ job, signal, progress, committed: workCommitted }: JobContext): Promise<void> {
    await this.ready;
    const record = await this.imports.get(job.params.importId ?? "");
    if (!record) throw new AppError("corpus:import_not_found");
    const started = performance.now();
    const stages = new CorpusJobProgress();
    progress(stages.snapshot());
    // A record still "running" was begun by a server that stopped (a restart, a crash, a lost heartbeat): this is a
    // take-over, and the page says so. A person's stop leaves it "stopped", so a resume from the page is not one.
    await this.imports.markResumed(record.id, record.status === "running");
    await this.imports.setStatus(record.id, "running");
    /** The worker has committed the change. */
    let workDone = false;
    try {
      const task = await pipelineTaskOf(this, record, job.id);
      if (!task) {
        stages.finishAll();
        progress(stages.snapshot());
        await this.imports.finish(record.id, {
          status: "done",
          unchanged: true,
          durationMs: Math.round(performance.now() - started),
        });
        if (record.uploadId) await this.uploads.remove(record.uploadId);
        return;
      }
      let switched: Promise<void> | null = null;
      /** The new index, opened from the staging folder before the commit (the chat switches to it after). */
      let staged: Retriever | null = null;
      const run = startPipeline(task, this.options.config, {
        progress: (stage, done, total) => {
          stages.set(stage, done, total);
          progress(stages.snapshot());
        },
        waiting: () => {
          stages.waitForCorpus();
          progress(stages.snapshot());
        },
        staged: async (dir) => {
          staged = await this.openStaged(dir);
        },
        committed: (committed) => {
          // A stop from now on cannot undo the import; the page waits for this job's catalog rather than
          // queuing one of its own.
          workDone = true;
          workCommitted?.();
          this.catalogs.building(job.id);
          switched = this.switchIndex(committed, staged);
          switched.catch(() => undefined);
        },
      });
      const stop = () => run.abort();
      signal.addEventListener("abort", stop, { once: true });
      let result: PipelineResult;
      try {
        result = await run.result;
      } finally {
        signal.removeEventListener("abort", stop);
      }
      // Past the commit the change is made, whatever follows: the job is done (a collection imported here never
      // shows as one the CLI made, and the page never says "the corpus is as it was" over a changed one).
      await this.afterCommit(switched, result);
      if (result.rawNotFound) {
        this.options.logger.warn(
          "corpus: a removed document's raw record was not found; only its text's fingerprint keeps it out",
          {
            id: job.id,
            collection: record.collection,
            document: record.document?.id,
          },
        );
      }
      stages.finishAll();
      progress(stages.snapshot());
      await this.imports.finish(record.id, {
        status: "done",
        result,
        durationMs: Math.round(performance.now() - started),
      });
      if (record.uploadId) await this.uploads.remove(record.uploadId);
    } catch (err) {
      if (workDone) {
        // The worker committed, then failed (its catalog): the import stands; the catalog comes on the next visit.
        this.options.logger.error("corpus: job failed after its commit", { id: job.id, ...errorDetail(err) });
        await this.imports.finish(record.id, {
          status: "done",
          result: { committed: true, indexUnchanged: false },
          durationMs: Math.round(performance.now() - started),
        });
        if (record.uploadId) await this.uploads.remove(record.uploadId).catch(() => undefined);
        return;
      }
      if (signal.aborted) {
        // Stopped by a person: so the record says. A shutdown (the job goes back to the queue) or a take-over by
        // another instance leaves it "running", which the next run reads as a take-over.
        if ((await this.options.workbench.jobs.get(job.id))?.stopRequested)
          await this.imports.setStatus(record.id, "stopped");
        throw err;
      }
      const failure = err instanceof PipelineFailure ? corpusError(err.error.code, err.error.params) : err;
      if (!(failure instanceof AppError) || failure.code === "internal") {
        this.options.logger.error("corpus: job failed", {
          id: job.id,
          ...(err instanceof PipelineFailure ? { detail: err.error.message } : errorDetail(err)),
        });
      }
      await this.imports.finish(record.id, { status: "failed", error: storedError(failure) });
      if (record.op === "catalog") this.catalogs.failed();
      throw failure;
    } finally {
      this.catalogs.jobEnded(job.id);
    }
  }

  /** Opens the index of a corpus folder as the server does (./openIndex.ts). */
  private openIndex(corpusDir: string): Promise<Retriever> {
    return openServedIndex(corpusDir, this.options.config, this.options.gateway);
  }

  /** Opens a change's staged index before the commit (./openIndex.ts): one that does not open fails the job. */
  private openStaged(dir: string): Promise<Retriever> {
    return openStagedIndex(() => this.openIndex(dir), this.options.logger);
  }

  /**
   * Puts a committed change's index in use for the chat at once (its catalog follows, attachCatalog): the one opened
   * before the commit, or (a worker that did not stage it) the one now in place. An unchanged index stays as it is,
   * with its catalog until the new one is attached.
   */
  private async switchIndex(result: PipelineResult, opened: Retriever | null): Promise<void> {
    const { live, logger } = this.options;
    if (result.indexUnchanged) return;
    const retriever = opened ?? (await this.openIndex(this.corpusDir));
    live.swap({ retriever, catalog: null });
    logger.info("corpus: the chat now answers from the new index", { chunks: retriever.size });
  }

  /** Switches the chat and attaches the catalog after a commit; a failure here is logged, never the job's. */
  private async afterCommit(switched: Promise<void> | null, result: PipelineResult): Promise<void> {
    try {
      if (switched) await switched;
      this.catalogs.attach(result);
    } catch (err) {
      this.options.logger.error(
        "corpus: committed, but the new index or catalog is not in use",
        errorDetail(err),
      );
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // State

  /** The state of the corpus; `lang` words an index problem (the index cannot be read) for the asker. */
  async status(lang: Lang = "ro"): Promise<CorpusStatus> {
    await this.ready;
    const { live, config } = this.options;
    await this.catalogs.ensure();
    const generation = live.generation;
    const catalog = generation.catalog;
    const files = await corpusFiles(this.corpusDir);
    const latest = await this.imports.latestDone();
    const unfinished = await this.unfinishedJobs();
    // A record says running from its job's start until its end, across a restart (the job queued again); a job
    // cancelled while queued again never ends its record, so only records of unfinished jobs count.
    const unfinishedIds = new Set(unfinished.map((entry) => entry.record.jobId));
    const importing = new Map(
      (await this.imports.running()).filter((r) => unfinishedIds.has(r.jobId)).map((r) => [r.collection, r]),
    );
    const collections = collectionRows({
      files,
      catalogued: catalog?.collections() ?? [],
      latest,
      importing,
    });
    const [active, ...queued] = unfinished;
    const problem = indexProblem(generation.retriever);
    return {
      documents: documentsOf(generation),
      chunks: generation.retriever.size,
      embedder: generation.retriever.embedder,
      builtAt: builtAtOf(generation),
      version: generation.version,
      collections,
      activeJob: active?.job ?? null,
      activeRecord: active?.record ?? null,
      queuedJobs: queued,
      catalog: this.catalogs.state(),
      limits: {
        maxUploadBytes: config.CORPUS_MAX_UPLOAD_MB * 1024 * 1024,
        feedTimeoutMs: config.CORPUS_FEED_TIMEOUT_MS,
        feedMaxBytes: config.CORPUS_FEED_MAX_MB * 1024 * 1024,
      },
      ...(problem ? { indexProblem: toUserError(problem, lang) } : {}),
    };
  }

  /**
   * The corpus jobs not finished, in the order they run: the running one first (its live progress), then the queue,
   * oldest first (the order the runner claims them), each with its record. The page names each by its file from this;
   * it used to follow the latest import started, which behind a running job is a queued one.
   */
  private async unfinishedJobs(): Promise<CorpusJobResponse[]> {
    const jobs = (await this.options.workbench.listJobs({ kind: CORPUS_JOB, limit: 50 })).filter(
      (j) => j.status === "running" || j.status === "queued",
    );
    const rank = (job: Job) => (job.status === "running" ? 0 : 1);
    jobs.sort((a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt));
    const listed: CorpusJobResponse[] = [];
    for (const job of jobs) {
      const record = await this.imports.get(job.params.importId ?? job.id);
      if (record) listed.push({ record: this.publicRecord(record, job), job });
    }
    return listed;
  }

  /** The upload limit as people read it. */
  uploadLimit(): string {
    return formatBytes(this.options.config.CORPUS_MAX_UPLOAD_MB * 1024 * 1024);
  }

  async close(): Promise<void> {
    await this.imports.close();
    this.options.live.close();
  }
}
