// Any OpenAI-compatible server at OPENAI_COMPATIBLE_BASE_URL (`openai-compatible:phi-4-mini`): Foundry Local, vLLM,
// llama.cpp server, LM Studio. The key is optional.
import { openAIFamily } from "./openaiLike";

export const client = openAIFamily((config) => ({
  baseURL: config.OPENAI_COMPATIBLE_BASE_URL ?? "",
  apiKey: config.OPENAI_COMPATIBLE_API_KEY ?? "not-needed",
}));
