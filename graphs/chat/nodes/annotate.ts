// annotate: structured annotation of the user's message and of each retrieved passage, walking the annotate chain
// (chain.ts): a model that fails or passes its deadline hands over to the next one at once, in the end the offline
// lexicon, whatever the answer beside it is doing.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { walkChain } from "../chain";
import { chatContext, emit, ensureConfiguration, stopSignal } from "../config";
import type { AnnotationResult, ChatStateValue, ChatUpdate } from "../state";

export async function annotate(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { annotateChain } = ensureConfiguration(config);
  const { models } = chatContext(config);
  // annotate and answer run in the same step, and LangGraph starts its tasks in the order of their names: let the
  // answer's model request leave first, so that this node's work (and its events) happens while that model thinks.
  await new Promise((resolve) => setImmediate(resolve));
  const texts = [state.question, ...state.passages.map((p) => p.text)];
  const { value, model, fallbacks, ms } = await walkChain("annotate", annotateChain, config, (m) =>
    models.annotate(m, texts, { signal: stopSignal(config) }),
  );
  const [forMessage, ...forPassages] = value.annotations;
  const messageAnnotation: AnnotationResult = { annotation: forMessage!, model };
  emit(config, { type: "annotation", target: "message", ...messageAnnotation });
  const passageAnnotations: Record<string, AnnotationResult> = {};
  state.passages.forEach((p, i) => {
    passageAnnotations[p.id] = { annotation: forPassages[i]!, model };
    emit(config, { type: "annotation", target: p.id, annotation: forPassages[i]!, model });
  });
  emit(config, { type: "step", step: "annotate", status: "end", ms, detail: model });
  return {
    messageAnnotation,
    passageAnnotations,
    annotationUsage: value.usage ?? null,
    fallbacks,
    timings: { annotateMs: ms },
  };
}
