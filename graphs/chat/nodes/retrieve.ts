// retrieve: the top-k passages for the user's message, from the retriever the server provides.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { chatContext, emit, ensureConfiguration, throwIfStopped, untilStopped } from "../config";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function retrieve(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { topK, filters } = ensureConfiguration(config);
  const { retriever } = chatContext(config);
  const started = performance.now();
  throwIfStopped(config);
  emit(config, { type: "step", step: "retrieve", status: "start" });
  // A stop ends the step at once: a provider's query embedding may take seconds.
  const passages = await untilStopped(config, retriever.search(state.question, { k: topK, filters }));
  const ms = Math.round(performance.now() - started);
  emit(config, { type: "sources", sources: passages });
  emit(config, { type: "step", step: "retrieve", status: "end", ms, detail: `${passages.length}/${topK}` });
  return { passages, timings: { retrieveMs: ms } };
}
