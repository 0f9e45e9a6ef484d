// A branch's model chain, walked inside its node. annotate and answer run side by side in one LangGraph superstep,
// and a node after them would run only once both had finished: a fallback node there would make a failed answer
// wait for a slow annotator. So each branch moves to its next model itself, the moment its model fails, and the
// fallback stays visible as `fallback` step events (with the branch), in the run's state and in `chat:done`.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, isErrorCode } from "../../contract/errors";
import type { Fallback, StepName } from "../../contract/protocol";
import { emit, stopSignal, throwIfStopped } from "./config";
import type { ChainNode } from "./state";

export interface ChainResult<T> {
  value: T;
  /** The model that succeeded. */
  model: string;
  /** The models that failed before it, in order. */
  fallbacks: Fallback[];
  /** How long the successful model took. */
  ms: number;
}

/** The error code a failed model call reports (the gateway's calls reject with AppErrors). */
function reasonOf(err: unknown): string {
  return err instanceof AppError && isErrorCode(err.code) ? err.code : "provider:error";
}

/**
 * fallback: records why a model failed and hands the branch to the next model of its chain, as a visible step. At
 * the end of the chain there is no next model: the step fails and so does the turn.
 */
export function fallback(config: LangGraphRunnableConfig, failure: Fallback, next: string | undefined): void {
  const { node, model, reason } = failure;
  const detail = `${node}: ${model} → ${next ?? "—"} (${reason})`;
  emit(config, { type: "step", step: "fallback", status: "start", node, failure, detail });
  if (!next) {
    emit(config, { type: "step", step: "fallback", status: "error", node, ms: 0, detail: reason });
    throw new AppError("chain:exhausted", {}, { cause: failure });
  }
  emit(config, { type: "step", step: "fallback", status: "end", node, ms: 0, detail: next });
}

/**
 * Calls the chain's models in order until one succeeds, each as a step of `node` (start, then error on failure,
 * followed by the fallback), or of `step` when the branch names its steps otherwise (the answer's `draft`). The node
 * itself announces the success (its `end` step), after its own events. A stop of the run is not a model failure: it
 * ends the walk at once.
 */
export async function walkChain<T>(
  node: ChainNode,
  chain: readonly string[],
  config: LangGraphRunnableConfig,
  call: (model: string) => Promise<T>,
  step: StepName = node,
): Promise<ChainResult<T>> {
  const fallbacks: Fallback[] = [];
  for (let i = 0; ; i++) {
    const model = chain[i];
    if (model === undefined) throw new AppError("chain:exhausted");
    // Stopped before this model's turn (during retrieval, or while an offline model that takes no signal worked).
    throwIfStopped(config);
    const started = performance.now();
    emit(config, { type: "step", step, status: "start", detail: model });
    try {
      const value = await call(model);
      return { value, model, fallbacks, ms: Math.round(performance.now() - started) };
    } catch (err) {
      if (stopSignal(config)?.aborted) throw err;
      const failure: Fallback = {
        node,
        model,
        reason: reasonOf(err),
        ms: Math.round(performance.now() - started),
      };
      const detail = `${model}: ${failure.reason}`;
      emit(config, { type: "step", step, status: "error", ms: failure.ms, detail });
      fallback(config, failure, chain[i + 1]);
      fallbacks.push(failure);
    }
  }
}
