// What the main thread and the corpus worker say to each other: the task going in, progress and the result or the
// failure coming out. Errors cross the thread boundary as their code and parameters, and become coded errors again.
import type { Config } from "../../config";
import type { PipelineResult, PipelineStage, PipelineTask } from "./pipeline";

export interface WorkerInput {
  task: PipelineTask;
  config: Config;
}

/** A failure as it crosses to the main thread. */
export interface WorkerError {
  /** "import:…" (the importer), "clean:…", an AppError's code, or "internal". */
  code: string;
  params: Record<string, string | number>;
  message: string;
  aborted: boolean;
}

export type ToWorker =
  | { type: "abort" }
  /** The main thread's answer to "staged": the staged index opened (error null), or why it did not. */
  | { type: "opened"; error: WorkerError | null };

export type FromWorker =
  | { type: "progress"; stage: PipelineStage; done: number; total: number }
  /** Another change holds the corpus folder; the task waits for it. */
  | { type: "waiting" }
  /**
   * The change's index is built in the staging corpus folder `dir`: the main thread opens it, as the server will
   * use it, and answers "opened"; the worker commits only an index that opened.
   */
  | { type: "staged"; dir: string }
  /** The change is committed; the catalog is still to come (then "done"). */
  | { type: "committed"; result: PipelineResult }
  | { type: "done"; result: PipelineResult }
  | { type: "failed"; error: WorkerError };

/** Any thrown value as a WorkerError. */
export function serializeError(err: unknown, aborted: boolean): WorkerError {
  const coded = err as { code?: unknown; params?: unknown; message?: unknown };
  const code =
    typeof coded?.code === "string" && /^[a-z_]+:[a-z_]+$/.test(coded.code) ? coded.code : "internal";
  const params =
    typeof coded?.params === "object" && coded.params !== null
      ? (coded.params as Record<string, string | number>)
      : {};
  const message = err instanceof Error ? err.message : String(err);
  return {
    code,
    params,
    message: code === "internal" && err instanceof Error ? (err.stack ?? message) : message,
    aborted,
  };
}

/** A WorkerError thrown again as a coded error (it crosses the thread boundary back with its code and parameters). */
export function codedError(error: WorkerError): Error {
  return Object.assign(new Error(error.message), { code: error.code, params: error.params });
}
