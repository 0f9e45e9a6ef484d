// fallback: records why a model failed, moves that node to the next model of its chain and sends the run
// back to the node that failed. A visible step: the client replaces any partial answer when it starts.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../server/errors";
import { emit, ensureConfiguration } from "../config";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function fallback(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const failure = state.failure;
  if (!failure) throw new Error("fallback reached without a failure");
  const { answerChain, annotateChain } = ensureConfiguration(config);
  const chain = failure.node === "answer" ? answerChain : annotateChain;
  const next = state.chainPosition[failure.node] + 1;
  const nextModel = chain[next];
  emit(config, {
    type: "step",
    step: "fallback",
    status: "start",
    detail: `${failure.node}: ${failure.model} → ${nextModel ?? "—"} (${failure.reason})`,
  });
  if (!nextModel) {
    emit(config, { type: "step", step: "fallback", status: "error", ms: 0, detail: failure.reason });
    throw new AppError("chain:exhausted", {}, { cause: failure });
  }
  emit(config, { type: "step", step: "fallback", status: "end", ms: 0, detail: nextModel });
  return {
    failure: null,
    resumeAt: failure.node,
    fallbacks: [...state.fallbacks, failure],
    chainPosition: { ...state.chainPosition, [failure.node]: next },
  };
}
