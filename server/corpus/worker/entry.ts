// The corpus worker thread: runs one pipeline task (import, removal, catalog) off the main thread, so that the chat's
// event loop never waits for parsing, cleaning, embedding or annotating. Progress is sent at most every 100 ms per
// stage; an "abort" message stops the task between two steps (nothing is committed then).
import { parentPort, workerData } from "node:worker_threads";
import { createLogger } from "../../log";
import { yieldToTheChat } from "../../workerThreads";
import { ModelGateway } from "../../models/gateway";
import {
  codedError,
  serializeError,
  type FromWorker,
  type WorkerError,
  type ToWorker,
  type WorkerInput,
} from "./messages";
import { runPipeline, type PipelineStage } from "./pipeline";

const PROGRESS_EVERY_MS = 100;

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

async function main(): Promise<void> {
  const { task, config } = workerData as WorkerInput;
  yieldToTheChat(config.CORPUS_WORKER_NICE);
  const controller = new AbortController();
  let opened: ((error: WorkerError | null) => void) | null = null;
  parentPort?.on("message", (message: ToWorker) => {
    if (message.type === "abort") controller.abort(new Error("corpus job stopped"));
    else if (message.type === "opened") opened?.(message.error);
  });
  // The server already said what is wrong with the configuration; the worker only needs the embedder.
  const gateway = new ModelGateway(config, { logger: createLogger({ ...config, LOG_LEVEL: "error" }) });
  const embeddings = await gateway.embeddings(config.EMBEDDINGS);
  const lastSent = new Map<PipelineStage, number>();
  try {
    const result = await runPipeline(task, {
      embeddings,
      embedderId: config.EMBEDDINGS,
      signal: controller.signal,
      progress(stage, done, total) {
        const now = performance.now();
        const finished = done >= total;
        if (!finished && now - (lastSent.get(stage) ?? -Infinity) < PROGRESS_EVERY_MS) return;
        lastSent.set(stage, now);
        post({ type: "progress", stage, done, total });
      },
      waiting: () => post({ type: "waiting" }),
      verify: (dir) =>
        new Promise<void>((resolve, reject) => {
          opened = (error) => {
            opened = null;
            if (error) reject(codedError(error));
            else resolve();
          };
          post({ type: "staged", dir });
        }),
      committed: (result) => post({ type: "committed", result }),
    });
    post({ type: "done", result });
  } catch (err) {
    post({ type: "failed", error: serializeError(err, controller.signal.aborted) });
  } finally {
    parentPort?.close();
  }
}

void main();
