// The annotation-run job: every (row, model, repeat) of a run that the store does not hold yet goes through the
// batch engine (cache, 429 back-off, a failed row recorded and the run going on), page by page, each model at its
// own pace; outcomes are written in small transactions and are unique per row × model × repeat, so a run stopped,
// crashed or taken over by another instance resumes without doing a row twice or storing it twice.
import { setTimeout as sleep } from "node:timers/promises";
import { AppError, isErrorCode } from "../../contract/errors";
import { linkedAbort } from "../../contract/abort";
import type { Config } from "../config";
import { createTextAnnotator, LEXICON_MODEL, type TextAnnotator } from "../annotation/annotators";
import { createLogger } from "../log";
import { ModelGateway, type Payer } from "../models/gateway";
import { LOCAL_USER } from "../../contract/auth";
import { runBatch, type BatchItem, type BatchOutcome, type RetryPolicy } from "../annotation/batch";
import { AnnotationCache, annotationCachePath } from "../annotation/cache";
import type { JobPool } from "../jobs/pool";
import type { JobContext, JobHandler } from "../jobs/types";
import { promptHash } from "./estimate";
import type { LexiconWorker } from "./lexiconWorker";
import { runLexiconPages } from "./lexiconWorker/pages";
import { runOfflineRows } from "./offlineBatch";
import { pendingPages, type PendingScope } from "./pendingRows";
import { RunProgress } from "./progress";
import type { StoredOutcome, WorkbenchStore } from "./store";
import { toStoredOutcome } from "./storedOutcome";

export interface AnnotationRunDeps {
  store: WorkbenchStore;
  config: Config;
  pool: JobPool;
  /** Builds a model's annotator; the batch engine's createTextAnnotator by default (tests and the bench inject). */
  annotatorFor?: (model: string, temperature: number) => Promise<TextAnnotator>;
  /** The gateway the default annotators call models through; one of its own, logging errors only, by default. */
  gateway?: ModelGateway;
  /** Use the annotation cache in DATA_DIR (on by default). */
  cache?: boolean;
  /** Rows read from the store at a time: the run never holds more than this many texts per model. */
  pageRows?: number;
  /** Outcomes are written at least this often (ms), and whenever this many wait. */
  flushMs?: number;
  flushRows?: number;
  retry?: Partial<RetryPolicy>;
  /** The budget of the user who started a run (job.params.userId), for its calls to paid models; none: no budget. */
  payerFor?: (userId: string) => Payer | undefined;
  /** The thread the dictionary runs in (the default lexicon annotator only); none: it runs on the main thread. */
  lexiconWorker?: LexiconWorker;
}

/** The annotator inside the shared pool: provider calls take a pool slot, offline work yields between slices. */
export function pooledAnnotator(inner: TextAnnotator, pool: JobPool): TextAnnotator {
  const annotate: TextAnnotator["annotate"] = inner.cacheable
    ? (text, signal) => pool.call(() => inner.annotate(text, signal), signal)
    : async (text, signal) => {
        await pool.slice();
        return inner.annotate(text, signal);
      };
  return {
    model: inner.model,
    temperature: inner.temperature,
    cacheable: inner.cacheable,
    modelVersion: inner.modelVersion,
    annotate,
    classifyError: (err) => inner.classifyError(err),
  };
}

/**
 * Outcomes a transaction holds at most: one page of the store. A dictionary run's page is written as soon as its
 * annotations arrive, while the threads work on the next ones, and the last write after the last page is one page.
 */
const FLUSH_ROWS = 1000;

/** Writes in a row that may fail (a locked file, a pool with no free connection, a restarting server) before the run stops. */
export const MAX_WRITE_FAILURES = 5;

/**
 * Buffers outcomes and writes them in one transaction every `flushMs` or `flushRows`. A failed write keeps its
 * outcomes and is tried again, later each time; after MAX_WRITE_FAILURES in a row the writer gives up and says so
 * (`onFailed`), so that the run stops instead of annotating rows it cannot store. A write never rejects: a rejection
 * nobody waits for would end the server.
 */
export class OutcomeWriter {
  private buffer: StoredOutcome[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;
  /** Why the writer gave up; null while it writes. */
  failure: unknown = null;

  constructor(
    private readonly store: Pick<WorkbenchStore, "saveOutcomes">,
    private readonly runId: string,
    private readonly flushMs: number,
    private readonly flushRows: number,
    private readonly onFailed: (err: unknown) => void = () => undefined,
  ) {}

  add(outcome: StoredOutcome): void {
    if (this.failure) return;
    this.buffer.push(outcome);
    // After a failed write the next try waits for its back-off, however many outcomes come meanwhile.
    if (this.buffer.length >= this.flushRows && this.failures === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes what waits; resolves (never rejects) when the write is done or has failed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  /** Writes until nothing waits, waiting between failed tries; rejects once the writer gives up. */
  async drain(): Promise<void> {
    for (;;) {
      await this.flush();
      if (this.failure) throw this.failure;
      if (this.buffer.length === 0) return;
      await sleep(this.backoffMs());
    }
  }

  private backoffMs(): number {
    return this.flushMs * 2 ** this.failures;
  }

  private async write(): Promise<void> {
    while (!this.failure && this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.flushRows);
      try {
        await this.store.saveOutcomes(this.runId, batch);
      } catch (err) {
        this.failures += 1;
        if (this.failures >= MAX_WRITE_FAILURES) {
          this.failure = err;
          this.buffer = [];
          this.onFailed(err);
        } else {
          this.timer ??= setTimeout(() => void this.flush(), this.backoffMs());
        }
        return;
      }
      this.failures = 0;
      this.buffer = this.buffer.slice(batch.length);
    }
  }
}

export function annotationRunHandler(deps: AnnotationRunDeps): JobHandler {
  const pageRows = deps.pageRows ?? 1000;
  let own: ModelGateway | undefined;
  const gateway = () =>
    deps.gateway ??
    (own ??= new ModelGateway(deps.config, { logger: createLogger({ ...deps.config, LOG_LEVEL: "error" }) }));
  return async (context: JobContext) => {
    const { job, signal: jobSignal } = context;
    const run = job.params.runId
      ? await deps.store.getRun(job.params.runId)
      : await deps.store.findRunByJob(job.id);
    if (!run) throw new AppError("run:not_found");
    const dataset = await deps.store.getDataset(run.datasetId);
    if (!dataset) throw new AppError("dataset:not_found");
    const progress = new RunProgress(
      run.models,
      dataset.rows * run.repeats,
      await deps.store.modelCounts(run.id),
    );
    context.progress(progress.snapshot());
    // The run stops when the job is stopped, and when its outcomes can no longer be stored.
    const stopping = linkedAbort(jobSignal);
    const writer = new OutcomeWriter(
      deps.store,
      run.id,
      deps.flushMs ?? 250,
      deps.flushRows ?? FLUSH_ROWS,
      (err) => stopping.abort(err),
    );
    const signal = stopping.signal;
    const cache =
      deps.cache !== false && run.models.some((m) => !m.startsWith("offline:"))
        ? new AnnotationCache(annotationCachePath(deps.config))
        : null;
    const build =
      deps.annotatorFor ??
      ((model: string, temperature: number) =>
        createTextAnnotator(model, gateway().paidBy(deps.payerFor?.(job.params.userId ?? LOCAL_USER.id)), {
          temperature,
        }));
    const fatal: AppError[] = [];

    let lastProgress = 0;
    const onStored = (outcome: StoredOutcome) => {
      writer.add(outcome);
      progress.outcome(outcome);
      // A snapshot per outcome would cost more than the dictionary's annotation itself: a few per second are enough.
      const now = performance.now();
      if (now - lastProgress >= 100) {
        lastProgress = now;
        context.progress(progress.snapshot());
      }
    };

    const scope: PendingScope = {
      store: deps.store,
      runId: run.id,
      datasetId: dataset.id,
      rows: dataset.rows,
      repeats: run.repeats,
      pageRows,
      signal,
    };

    const annotateModel = async (model: string) => {
      // A data set of one page is done before a thread would have started.
      const worthAThread = dataset.rows * run.repeats > pageRows;
      if (model === LEXICON_MODEL && deps.lexiconWorker && !deps.annotatorFor && worthAThread) {
        gateway().assertCanAnnotate(model);
        const worker = deps.lexiconWorker;
        await runLexiconPages(pendingPages(model, scope), {
          worker,
          promptHash: promptHash(model),
          signal,
          onOutcome: onStored,
        });
        return;
      }
      const raw = await build(model, run.temperature);
      const annotator = pooledAnnotator(raw, deps.pool);
      const hash = promptHash(model);
      for await (const page of pendingPages(model, scope)) {
        if (!raw.cacheable) {
          await runOfflineRows(page, {
            annotator: raw,
            pool: deps.pool,
            signal,
            promptHash: hash,
            onOutcome: onStored,
          });
          continue;
        }
        const batch: BatchItem[] = page.flatMap((row) =>
          row.repeats.map((repeat) => ({ id: String(row.idx), text: row.text, run: repeat })),
        );
        const stats = await runBatch(batch, annotator, {
          concurrency: Math.min(run.concurrency ?? deps.pool.size, deps.pool.size),
          cache,
          signal,
          retry: deps.retry,
          onLimit: (limit) => progress.concurrency(model, limit),
          onOutcome: (outcome: BatchOutcome) => onStored(toStoredOutcome(outcome, hash)),
        });
        if (stats.fatal) {
          const code = stats.fatal.code;
          fatal.push(new AppError(isErrorCode(code) ? code : "provider:error", { model }));
          return;
        }
      }
    };

    try {
      await Promise.all(
        run.models.map((model) =>
          annotateModel(model).catch((err: unknown) => {
            fatal.push(err instanceof AppError ? err : new AppError("internal", { detail: String(err) }));
          }),
        ),
      );
    } finally {
      stopping.release();
      await writer.drain().catch(() => undefined);
      cache?.close();
      context.progress(progress.snapshot());
    }
    if (writer.failure) {
      const detail = writer.failure instanceof Error ? writer.failure.message : String(writer.failure);
      throw new AppError("run:write_failed", { detail });
    }
    if (!signal.aborted && fatal.length > 0) throw fatal[0];
  };
}
