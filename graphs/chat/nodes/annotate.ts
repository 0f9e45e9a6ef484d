// annotate: structured annotation of the user's message and of each retrieved passage, with the current
// model of the annotate chain. A failure is handed to the fallback node instead of thrown. The registry's
// annotator does the retries and the circuit breaker (a skipped model fails at once with provider:circuit_open).
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { linkedAbort } from "../../../server/abort";
import { emit, ensureConfiguration } from "../config";
import { describeFailure, runAborted } from "../failure";
import type { AnnotationResult, ChatStateValue, ChatUpdate } from "../state";

export async function annotate(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { registry, annotateChain, modelTimeoutMs } = ensureConfiguration(config);
  const model = annotateChain[Math.min(state.chainPosition.annotate, annotateChain.length - 1)]!;
  // annotate and answer run in the same step, and LangGraph starts its tasks in the order of their names: let the
  // answer's model request leave first, so that this node's work (and its events) happens while that model thinks.
  await new Promise((resolve) => setImmediate(resolve));
  const started = performance.now();
  emit(config, { type: "step", step: "annotate", status: "start", detail: model });
  // A deadline of our own, cleared when the node ends (server/abort.ts).
  const deadline = linkedAbort(config.signal, {
    ms: modelTimeoutMs,
    reason: () => new DOMException("timeout", "TimeoutError"),
  });
  const signal = deadline.signal;
  try {
    const texts = [state.question, ...state.passages.map((p) => p.text)];
    const [forMessage, ...forPassages] = await registry.annotator(model).annotate(texts, { signal });
    const messageAnnotation: AnnotationResult = { annotation: forMessage!, model };
    emit(config, { type: "annotation", target: "message", ...messageAnnotation });
    const passageAnnotations: Record<string, AnnotationResult> = {};
    state.passages.forEach((p, i) => {
      passageAnnotations[p.id] = { annotation: forPassages[i]!, model };
      emit(config, { type: "annotation", target: p.id, annotation: forPassages[i]!, model });
    });
    const ms = Math.round(performance.now() - started);
    emit(config, { type: "step", step: "annotate", status: "end", ms, detail: model });
    return { messageAnnotation, passageAnnotations, timings: { annotateMs: ms } };
  } catch (err) {
    if (runAborted(config)) throw err;
    const failure = describeFailure(
      "annotate",
      model,
      deadline.timedOut ? deadline.signal.reason : err,
      started,
    );
    emit(config, {
      type: "step",
      step: "annotate",
      status: "error",
      ms: failure.ms,
      detail: `${model}: ${failure.reason}`,
    });
    return { failures: [failure] };
  } finally {
    deadline.release();
  }
}
