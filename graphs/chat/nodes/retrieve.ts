// retrieve: the top-k passages for the user's message, from the hybrid corpus retriever.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emit, ensureConfiguration } from "../config";
import type { ChatStateValue, ChatUpdate } from "../state";

export async function retrieve(state: ChatStateValue, config: LangGraphRunnableConfig): Promise<ChatUpdate> {
  const { retriever, topK, filters } = ensureConfiguration(config);
  const started = performance.now();
  emit(config, { type: "step", step: "retrieve", status: "start" });
  const passages = await retriever.search(state.question, { k: topK, filters });
  const ms = Math.round(performance.now() - started);
  emit(config, { type: "sources", sources: passages });
  emit(config, { type: "step", step: "retrieve", status: "end", ms, detail: `${passages.length}/${topK}` });
  return { passages, timings: { retrieveMs: ms } };
}
