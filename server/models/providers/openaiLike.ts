// What the providers that speak OpenAI's API share (OpenAI, OpenRouter, Ollama, any OpenAI-compatible server): the
// chat model, the embedder and the annotation as JSON, through the OpenAI SDK as LangChain wraps it.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import {
  BaseChatOpenAI,
  ChatOpenAI,
  type BaseChatOpenAICallOptions,
  ChatOpenAICompletions,
  OpenAIEmbeddings,
  convertMessagesToCompletionsMessageParams,
  type ChatOpenAIFields,
} from "@langchain/openai";
import { OPENAI_ANNOTATION_SCHEMA, OUTPUT_DESCRIPTION, OUTPUT_NAME } from "./annotationSchemas";
import {
  trimSlashes,
  type ChatModelOptions,
  type JsonRequestOptions,
  type ProviderClient,
  type RawOutput,
  type TokenUsage,
} from "./client";

/** Retries inside the SDK: none for chat (the gateway decides), two for embeddings (an index build is a batch). */
const EMBEDDING_RETRIES = 2;

export interface Endpoint {
  baseURL: string;
  apiKey: string;
  headers?: Record<string, string>;
}

function fields(model: string, options: ChatModelOptions): ChatOpenAIFields {
  return {
    model,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    maxRetries: 0,
    streamUsage: true,
  };
}

/**
 * Chat Completions always: ChatOpenAI would switch to the Responses API for some model names, which OpenRouter,
 * Ollama and local servers do not serve.
 */
export function completionsModel(
  model: string,
  endpoint: Endpoint,
  options: ChatModelOptions,
): BaseChatModel {
  return new ChatOpenAICompletions({
    ...fields(model, options),
    apiKey: endpoint.apiKey,
    configuration: { baseURL: trimSlashes(endpoint.baseURL), defaultHeaders: endpoint.headers },
  });
}

/** ChatOpenAI (not the Completions class), so that models OpenAI serves only on the Responses API still work. */
export function responsesModel(model: string, endpoint: Endpoint, options: ChatModelOptions): BaseChatModel {
  return new ChatOpenAI({
    ...fields(model, options),
    apiKey: endpoint.apiKey,
    configuration: { baseURL: trimSlashes(endpoint.baseURL) },
  });
}

export function openAIEmbeddings(model: string, endpoint: Endpoint, timeoutMs: number): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    model,
    // Each request's deadline (EMBEDDING_TIMEOUT_MS): the SDK aborts the request, so a hung socket is closed.
    timeout: timeoutMs,
    apiKey: endpoint.apiKey,
    maxRetries: EMBEDDING_RETRIES,
    // Plain floats: the SDK's default (base64) is not understood by every OpenAI-compatible server.
    encodingFormat: "float",
    configuration: { baseURL: trimSlashes(endpoint.baseURL) },
  });
}

type OutputOptions =
  | {
      tools: {
        type: "function";
        function: {
          name: string;
          description: string;
          parameters: typeof OPENAI_ANNOTATION_SCHEMA;
          strict: boolean;
        };
      }[];
      tool_choice: { type: "function"; function: { name: string } };
    }
  | {
      response_format: {
        type: "json_schema";
        json_schema: {
          name: string;
          description: string;
          schema: typeof OPENAI_ANNOTATION_SCHEMA;
          strict: boolean;
        };
      };
    };

function outputOptions(method: JsonRequestOptions["method"]): OutputOptions {
  const definition = { name: OUTPUT_NAME, description: OUTPUT_DESCRIPTION, strict: true };
  return method === "tool_call"
    ? {
        tools: [{ type: "function", function: { ...definition, parameters: OPENAI_ANNOTATION_SCHEMA } }],
        tool_choice: { type: "function", function: { name: OUTPUT_NAME } },
      }
    : {
        response_format: {
          type: "json_schema",
          json_schema: { ...definition, schema: OPENAI_ANNOTATION_SCHEMA },
        },
      };
}

/**
 * Chat Completions models: one streamed request through the model's own client (`completionWithRetry`, with its base
 * URL, headers and key), read as raw text. It sends what `model.stream` would send, without LangChain's per-chunk
 * callback and tracing bookkeeping, which cost about as much CPU as the HTTP call itself: that matters when a batch
 * keeps twenty calls in flight. Streamed, so that the first-token deadline sees the reply start.
 */
async function streamCompletion(
  model: ChatOpenAICompletions,
  messages: BaseMessage[],
  options: JsonRequestOptions,
): Promise<RawOutput> {
  const stream = await model.completionWithRetry(
    {
      model: model.model,
      temperature: model.temperature,
      messages: convertMessagesToCompletionsMessageParams({ messages, model: model.model }),
      ...outputOptions(options.method),
      stream: true,
      stream_options: { include_usage: true },
    },
    { signal: options.signal },
  );
  let text = "";
  let args = "";
  let usage: TokenUsage | undefined;
  let finishReason: string | undefined;
  let first = true;
  for await (const chunk of stream) {
    if (first) {
      first = false;
      options.onFirstChunk();
    }
    const choice = chunk.choices[0];
    if (choice?.delta?.content) text += choice.delta.content;
    for (const call of choice?.delta?.tool_calls ?? []) args += call.function?.arguments ?? "";
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    if (chunk.usage) {
      usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
    }
  }
  return { raw: args || text, usage, finishReason };
}

/** OpenAI itself (ChatOpenAI may choose the Responses API per model): through LangChain's stream. */
async function streamResponses(
  model: BaseChatOpenAI<BaseChatOpenAICallOptions>,
  messages: BaseMessage[],
  options: JsonRequestOptions,
): Promise<RawOutput> {
  let full: AIMessageChunk | undefined;
  const stream = await model.stream(messages, { ...outputOptions(options.method), signal: options.signal });
  for await (const chunk of stream) {
    if (!full) options.onFirstChunk();
    full = full ? full.concat(chunk) : chunk;
  }
  const toolArgs = full?.tool_call_chunks?.map((c) => c.args ?? "").join("");
  const usage = full?.usage_metadata;
  const finish = full?.response_metadata?.finish_reason;
  return {
    raw: toolArgs || (full?.text ?? ""),
    usage: usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : undefined,
    finishReason: typeof finish === "string" ? finish : undefined,
  };
}

export function requestJson(
  chat: BaseChatModel,
  messages: BaseMessage[],
  options: JsonRequestOptions,
): Promise<RawOutput> {
  if (chat instanceof ChatOpenAICompletions) return streamCompletion(chat, messages, options);
  if (chat instanceof BaseChatOpenAI) return streamResponses(chat, messages, options);
  throw new Error(`requestJson: ${chat.getName()} is not an OpenAI chat model`);
}

/** A provider of the OpenAI family, given how it reaches its endpoint and builds its chat model. */
export function openAIFamily(
  endpoint: (config: Parameters<ProviderClient["chatModel"]>[1]) => Endpoint,
  build: typeof completionsModel = completionsModel,
): ProviderClient {
  return {
    chatModel: (model, config, options) => build(model, endpoint(config), options),
    embeddings: (model, config) => openAIEmbeddings(model, endpoint(config), config.EMBEDDING_TIMEOUT_MS),
    requestJson,
  };
}
