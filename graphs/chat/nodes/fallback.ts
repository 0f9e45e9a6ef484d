// fallback: records why a model failed, moves that node to the next model of its chain and sends the run back
// to the node that failed. annotate and answer run side by side, so both may have failed in the same step: each
// failure is handled here, in the order they came, and each failed node runs again. A visible step per failure:
// when the answer is the one that failed, the client replaces its partial answer as this step starts.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../contract/errors";
import { emit, ensureConfiguration } from "../config";
import type { ChainNode, ChatStateValue, ChatUpdate } from "../state";

export async function fallback(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const failures = state.failures;
  if (failures.length === 0) throw new Error("fallback reached without a failure");
  const { answerChain, annotateChain } = ensureConfiguration(config);
  const chainPosition = { ...state.chainPosition };
  const resumeAt: ChainNode[] = [];
  for (const failure of failures) {
    const chain = failure.node === "answer" ? answerChain : annotateChain;
    const next = chainPosition[failure.node] + 1;
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
    chainPosition[failure.node] = next;
    if (!resumeAt.includes(failure.node)) resumeAt.push(failure.node);
  }
  return {
    failures: null,
    resumeAt,
    fallbacks: [...state.fallbacks, ...failures],
    chainPosition,
  };
}
