// Gemini (`google-genai:gemini-2.5-flash`, GOOGLE_API_KEY): ChatGoogleGenerativeAI, always streaming, its embedder,
// and the annotation as JSON through Gemini's responseSchema.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import { ChatGoogleGenerativeAI, type GoogleGenerativeAIChatInput } from "@langchain/google-genai";
import type { Config } from "../../config";
import { GEMINI_ANNOTATION_SCHEMA } from "./annotationSchemas";
import { GeminiEmbeddings } from "./geminiEmbeddings";
import {
  DEFAULT_BASE_URLS,
  trimSlashes,
  type JsonRequestOptions,
  type ProviderClient,
  type RawOutput,
} from "./client";

type GeminiCallOptions = ChatGoogleGenerativeAI["ParsedCallOptions"];

/** Retries inside the SDK for embeddings: an index build is a batch job, where waiting out a blip beats starting over. */
const EMBEDDING_RETRIES = 2;

/**
 * ChatGoogleGenerativeAI that always streams: its non-streaming path never hands the call's AbortSignal to fetch, so a
 * hung request could not be stopped (invoke aggregates the chunks). When the signal fires between chunks the SDK ends
 * the stream quietly; the gateway checks its own signal after every stream for that reason.
 */
class GeminiChatModel extends ChatGoogleGenerativeAI {
  constructor(fields: GoogleGenerativeAIChatInput) {
    super({ ...fields, streaming: true });
    // The Gemini SDK tees each stream into the chunks and an aggregated `response` promise that LangChain never
    // reads; when a stream breaks, that promise rejects unhandled and takes the process down. The same error
    // reaches the caller through the chunks, so marking the duplicate as handled loses nothing. `client` is
    // private in the typings (a plain field at run time), hence the element access; the cut-stream tests fail
    // with an unhandled rejection if this stops working.
    const client = this["client"];
    const startStream = client.generateContentStream.bind(client);
    client.generateContentStream = async (...args: Parameters<typeof startStream>) => {
      const result = await startStream(...args);
      result.response.catch(() => undefined);
      return result;
    };
  }
}

/** Always explicit, so that no environment variable of the SDK (e.g. a LangSmith gateway) can redirect calls. */
function baseUrl(config: Config): string {
  return trimSlashes(config.GOOGLE_GENAI_BASE_URL ?? DEFAULT_BASE_URLS["google-genai"]);
}

/** One streamed request with the annotation's responseSchema (Gemini then answers in JSON mode). */
async function requestJson(
  chat: BaseChatModel,
  messages: BaseMessage[],
  options: JsonRequestOptions,
): Promise<RawOutput> {
  if (!(chat instanceof ChatGoogleGenerativeAI))
    throw new Error(`requestJson: ${chat.getName()} is not Gemini`);
  let full: AIMessageChunk | undefined;
  const stream = await chat.stream(messages, {
    // Gemini's OpenAPI subset, derived from the zod schema (annotationSchemas.ts); the SDK types it node by node.
    responseSchema: GEMINI_ANNOTATION_SCHEMA as unknown as GeminiCallOptions["responseSchema"],
    signal: options.signal,
  });
  for await (const chunk of stream) {
    if (!full) options.onFirstChunk();
    full = full ? full.concat(chunk) : chunk;
  }
  const usage = full?.usage_metadata;
  const finish = full?.response_metadata?.finishReason;
  return {
    raw: full?.text ?? "",
    usage: usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : undefined,
    finishReason: typeof finish === "string" ? finish : undefined,
  };
}

export const client: ProviderClient = {
  chatModel: (model, config, options) =>
    new GeminiChatModel({
      model,
      apiKey: config.GOOGLE_API_KEY,
      baseUrl: baseUrl(config),
      temperature: options.temperature,
      maxOutputTokens: options.maxTokens,
      maxRetries: 0,
      streamUsage: true,
    }),
  embeddings: (model, config) =>
    new GeminiEmbeddings({
      model,
      apiKey: config.GOOGLE_API_KEY ?? "",
      baseUrl: baseUrl(config),
      timeoutMs: config.EMBEDDING_TIMEOUT_MS,
      maxRetries: EMBEDDING_RETRIES,
    }),
  requestJson,
};
