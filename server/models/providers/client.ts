// What every provider's client module gives and takes, and what they share (default base URLs, URL tidying): the
// provider modules import this, never the registry (index.ts) that loads them.
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import type { Config } from "../../config";

/** Where each remote provider answers when no base URL is configured (openai-compatible has none). */
export const DEFAULT_BASE_URLS = {
  "google-genai": "https://generativelanguage.googleapis.com",
  openai: "https://api.openai.com/v1",
  openrouter: "https://openrouter.ai/api/v1",
  ollama: "http://localhost:11434/v1",
} as const;

export function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

export interface ChatModelOptions {
  temperature: number;
  /** A cap on the answer's length (compare's `maxTokens`). */
  maxTokens?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What one JSON request returned, as text: the validation and the repair are the caller's. */
export interface RawOutput {
  raw: string;
  usage?: TokenUsage;
  /** As the provider spelled it ("stop", "length", "STOP"...). */
  finishReason?: string;
}

export interface JsonRequestOptions {
  signal: AbortSignal;
  /** Called when the first piece of the reply arrives (the first-token deadline stops there). */
  onFirstChunk: () => void;
  /**
   * OpenAI-compatible providers only: `json_schema` (default; Ollama, llama.cpp and vLLM enforce it by constrained
   * decoding) or `tool_call` (one forced function call) for servers that lack json_schema.
   */
  method?: "json_schema" | "tool_call";
}

/** What a provider's module gives: its chat model, its embedder, and how to ask it for an annotation as JSON. */
export interface ProviderClient {
  chatModel(model: string, config: Config, options: ChatModelOptions): BaseChatModel;
  embeddings(model: string, config: Config): Embeddings;
  /** One streamed request for the annotation schema's JSON, read back as raw text. */
  requestJson(chat: BaseChatModel, messages: BaseMessage[], options: JsonRequestOptions): Promise<RawOutput>;
}
