// Turns a failed model call into the `Failure` the fallback node consumes; a user's stop is not a failure.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { classifyProviderError } from "../../server/models/providers";
import type { ChainNode, Failure } from "./state";

/** True when the run itself was cancelled (the user pressed stop, the client left): not a model failure. */
export function runAborted(config: LangGraphRunnableConfig): boolean {
  return config.signal?.aborted === true;
}

export function describeFailure(node: ChainNode, model: string, err: unknown, started: number): Failure {
  return {
    node,
    model,
    reason: classifyProviderError(err).code,
    ms: Math.round(performance.now() - started),
  };
}

/** A model the circuit breaker skips: recorded like any failure, at no cost in time. */
export function skippedModel(node: ChainNode, model: string): Failure {
  return { node, model, reason: "provider:circuit_open", ms: 0 };
}
