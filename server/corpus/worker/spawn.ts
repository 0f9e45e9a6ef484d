// Starts the corpus worker thread for one task. Under `npm start` the server is a bundle and the worker is its
// sibling bundle (dist/corpusWorker.mjs, built by server/prestart.ts); under tsx and vitest the sources are
// TypeScript, and the worker registers tsx's loader before it imports its entry.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Config } from "../../config";
import type { FromWorker, ToWorker, WorkerError, WorkerInput } from "./messages";
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

function workerScript(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./corpusWorker.mjs", import.meta.url);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(
    require.resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs"),
  );
  const entry = new URL("./entry.ts", import.meta.url);
  const source = `const { register } = await import(${JSON.stringify(tsxApi.href)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

export function startPipeline(
  task: PipelineTask,
  config: Config,
  onProgress: (stage: PipelineStage, done: number, total: number) => void,
  onCommitted?: (result: PipelineResult) => void,
): PipelineRun {
  const input: WorkerInput = { task, config };
  const worker = new Worker(workerScript(), { workerData: input });
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
      if (message.type === "progress") onProgress(message.stage, message.done, message.total);
      else if (message.type === "committed") onCommitted?.(message.result);
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
