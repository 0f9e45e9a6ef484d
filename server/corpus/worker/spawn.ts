// Starts the corpus worker thread for one task (dist/corpusWorker.mjs under `npm start`, entry.ts under tsx: see
// server/workerThreads.ts).
import { Worker } from "node:worker_threads";
import type { Config } from "../../config";
import { workerScript } from "../../workerThreads";
import {
  serializeError,
  type FromWorker,
  type ToWorker,
  type WorkerError,
  type WorkerInput,
} from "./messages";
import type { PipelineResult, PipelineStage, PipelineTask } from "./pipeline";

/** A running task: its result, and a way to stop it. */
export interface PipelineRun {
  result: Promise<PipelineResult>;
  /** Asks the worker to stop; the result then rejects with an aborted WorkerError. */
  abort(): void;
}

export class PipelineFailure extends Error {
  constructor(readonly error: WorkerError) {
    super(error.message);
    this.name = "PipelineFailure";
  }
}

/** If the worker has not ended this long after a stop, it is terminated. */
const ABORT_GRACE_MS = 30_000;

/** What the worker reports while it runs. */
export interface PipelineListener {
  progress(stage: PipelineStage, done: number, total: number): void;
  /** Another change holds the corpus folder; the task waits for it. */
  waiting?(): void;
  /**
   * Opens the index staged in the folder `dir` before the change is committed; a rejection fails the change (its
   * error is the job's). Without it, the worker commits what it built.
   */
  staged?(dir: string): Promise<void>;
  /** The change is committed; the catalog is still to come. */
  committed?(result: PipelineResult): void;
}

export function startPipeline(task: PipelineTask, config: Config, listener: PipelineListener): PipelineRun {
  const input: WorkerInput = { task, config };
  const worker = new Worker(workerScript(import.meta.url, "corpusWorker.mjs", "./entry.ts"), {
    workerData: input,
  });
  let settled = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const result = new Promise<PipelineResult>((resolve, reject) => {
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      fn();
    };
    worker.on("message", (message: FromWorker) => {
      if (message.type === "progress") listener.progress(message.stage, message.done, message.total);
      else if (message.type === "waiting") listener.waiting?.();
      else if (message.type === "staged") {
        void Promise.resolve()
          .then(() => listener.staged?.(message.dir))
          .then(
            () => null,
            (err: unknown) => serializeError(err, false),
          )
          .then((error) => {
            if (!settled) worker.postMessage({ type: "opened", error } satisfies ToWorker);
          });
      } else if (message.type === "committed") listener.committed?.(message.result);
      else if (message.type === "done") finish(() => resolve(message.result));
      else finish(() => reject(new PipelineFailure(message.error)));
    });
    worker.on("error", (err) =>
      finish(() =>
        reject(
          new PipelineFailure({
            code: "internal",
            params: {},
            message: err.stack ?? err.message,
            aborted: false,
          }),
        ),
      ),
    );
    worker.on("exit", (code) =>
      finish(() =>
        reject(
          new PipelineFailure({
            code: "internal",
            params: {},
            message: `corpus worker exited (${code}) without a result`,
            aborted: killTimer !== undefined,
          }),
        ),
      ),
    );
  });
  return {
    result,
    abort() {
      if (settled || killTimer) return;
      worker.postMessage({ type: "abort" } satisfies ToWorker);
      killTimer = setTimeout(() => void worker.terminate(), ABORT_GRACE_MS);
      killTimer.unref();
    },
  };
}
