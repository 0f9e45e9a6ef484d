// A local Ollama server (`ollama:qwen2.5:3b`) through its OpenAI-compatible API.
import { DEFAULT_BASE_URLS } from "./client";
import { openAIFamily } from "./openaiLike";

// Ollama ignores the key, but the OpenAI SDK refuses to run without one.
export const client = openAIFamily((config) => ({
  baseURL: config.OLLAMA_BASE_URL ?? DEFAULT_BASE_URLS.ollama,
  apiKey: "ollama",
}));
