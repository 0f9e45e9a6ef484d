// One measured model call of a comparison: a streamed chat answer (time to first token, total latency, tokens,
// finish_reason) or an annotation made the way the app makes it (structured output, one repair; the lexicon for
// offline:lexicon). Failures come back as data, never as exceptions, so one model cannot stop a run.
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import { BaseChatOpenAI } from "@langchain/openai";
import type { Passage } from "../../contract/corpus";
import { buildAnswerMessages } from "../../graphs/chat/prompts";
import type { Annotation } from "../../contract/annotation";
import type { Config } from "../config";
import { linkedAbort } from "../abort";
import { AppError, toUserError } from "../../contract/errors";
import { annotateWithLlm } from "../models/llmAnnotator";
import { annotateLexicon } from "../models/offline/lexicon";
import { createChatModel, parseModelId, providerError } from "../models/providers";
import { OFFLINE_ANNOTATOR, OFFLINE_CHAT, type ModelRegistry } from "../models/registry";
import type { CallError, FinishReason, ModelAbilities } from "../../contract/compare";
import type { PromptCase } from "./suite";

/** The system prompt of a prompt case that sets none. */
export const DEFAULT_SYSTEM_PROMPT =
  "Ești un asistent pentru cercetători în științe sociale care studiază discursul politic românesc. Răspunzi în limba română.";

/** What a model id can do; throws input:unknown_model for an id that names no provider or no offline model. */
export function abilitiesOf(id: string): ModelAbilities {
  const { provider } = parseModelId(id);
  if (provider !== "offline") return { chat: "any", annotate: true };
  if (id === OFFLINE_CHAT) return { chat: "grounded", annotate: false };
  if (id === OFFLINE_ANNOTATOR) return { chat: false, annotate: true };
  throw new AppError("input:unknown_model", { model: id });
}

export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CallOutcome {
  text: string;
  annotation: Annotation | null;
  latencyMs: number;
  /** Until the first non-empty streamed piece; null when nothing streamed. */
  ttftMs: number | null;
  usage: CallUsage | null;
  finishReason: FinishReason | null;
  /**
   * Annotation calls by a language model: whether the first output validated against the schema as it was (no
   * repair, no extraction from prose). Null where no JSON was asked for or nothing came back.
   */
  jsonValid: boolean | null;
  /** "error": the call failed (network, HTTP, timeout); "invalid": it answered, but nothing usable. */
  failure: "error" | "invalid" | null;
  error: CallError | null;
}

export interface CallContext {
  config: Config;
  registry: ModelRegistry;
  temperature: number;
  signal: AbortSignal;
}

/** Maps the providers' spellings (OpenAI "length", Gemini "MAX_TOKENS"...) to one vocabulary. */
export function normalizeFinishReason(raw: unknown): FinishReason | null {
  if (typeof raw !== "string" || raw === "") return null;
  const value = raw.toLowerCase();
  if (value === "stop" || value === "end_turn" || value === "stop_sequence") return "stop";
  if (value === "length" || value === "max_tokens") return "length";
  if (["content_filter", "safety", "recitation", "prohibited_content", "blocklist", "spii"].includes(value)) {
    return "content_filter";
  }
  if (value === "tool_calls" || value === "function_call") return "tool_calls";
  return "other";
}

function finishReasonOf(metadata: Record<string, unknown> | undefined): FinishReason | null {
  if (!metadata) return null;
  return normalizeFinishReason(metadata.finish_reason ?? metadata.finishReason ?? metadata.stop_reason);
}

/** Caps the output tokens of a provider model; the SDK classes read these fields at each call. */
function limitOutput(model: BaseChatModel, maxTokens: number): void {
  if (model instanceof BaseChatOpenAI) model.maxTokens = maxTokens;
  else if (model instanceof ChatGoogleGenerativeAI) model.maxOutputTokens = maxTokens;
}

/** The case's texts as the chat's retrieved passages, numbered in order. */
export function passagesOf(sources: string[]): Passage[] {
  return sources.map((text, i) => ({
    id: `sursa-${i + 1}`,
    docId: `sursa-${i + 1}`,
    text,
    score: 1,
    meta: { source: `Sursa ${i + 1}`, platform: "", date: "", url: "" },
  }));
}

export function promptMessages(c: Pick<PromptCase, "prompt" | "system" | "sources">): BaseMessage[] {
  if (c.sources) return buildAnswerMessages(c.prompt, passagesOf(c.sources));
  return [new SystemMessage(c.system ?? DEFAULT_SYSTEM_PROMPT), new HumanMessage(c.prompt)];
}

function failed(
  err: unknown,
  config: Config,
  model: string,
  started: number,
  partial: Partial<CallOutcome> = {},
): CallOutcome {
  const error = providerError(err, config, model);
  const invalid = error.code === "provider:invalid_output" || error.code === "provider:empty";
  return {
    text: partial.text ?? "",
    annotation: null,
    latencyMs: performance.now() - started,
    ttftMs: partial.ttftMs ?? null,
    usage: partial.usage ?? null,
    finishReason: partial.finishReason ?? null,
    jsonValid: partial.jsonValid ?? null,
    failure: invalid ? "invalid" : "error",
    error: { code: error.code, message: toUserError(error).message },
  };
}

/** provider:timeout when the call's deadline (withCallSignal) ended it, else the error as thrown. */
function deadlineError(signal: AbortSignal, err: unknown): unknown {
  const reason: unknown = signal.reason;
  const timedOut =
    signal.aborted &&
    typeof reason === "object" &&
    reason !== null &&
    (reason as { name?: unknown }).name === "TimeoutError";
  return timedOut ? new AppError("provider:timeout") : err;
}

function addUsage(total: CallUsage | null, chunk: AIMessageChunk): CallUsage | null {
  const usage = chunk.usage_metadata;
  if (!usage) return total;
  return {
    inputTokens: (total?.inputTokens ?? 0) + usage.input_tokens,
    outputTokens: (total?.outputTokens ?? 0) + usage.output_tokens,
  };
}

/** Streams a prompt case's answer from a chat model and measures it. */
export async function streamAnswer(
  modelId: string,
  messages: BaseMessage[],
  ctx: CallContext,
  options: { maxTokens?: number; firstTokenTimeoutMs?: number } = {},
): Promise<CallOutcome> {
  const started = performance.now();
  let text = "";
  let ttftMs: number | null = null;
  let usage: CallUsage | null = null;
  let finishReason: FinishReason | null = null;
  // A model that has not started streaming by the first-token deadline is abandoned, as in the chat.
  const call = linkedAbort(ctx.signal);
  let noFirstToken: AppError | null = null;
  const timer =
    options.firstTokenTimeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          noFirstToken = new AppError("provider:first_token_timeout");
          call.abort(noFirstToken);
        }, options.firstTokenTimeoutMs);
  try {
    const model = ctx.registry.chatModel(modelId, { temperature: ctx.temperature });
    if (options.maxTokens !== undefined) limitOutput(model, options.maxTokens);
    const stream = await model.stream(messages, { signal: call.signal });
    for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
      const piece = chunk.text;
      if (piece && ttftMs === null) {
        ttftMs = performance.now() - started;
        clearTimeout(timer);
      }
      text += piece;
      usage = addUsage(usage, chunk);
      finishReason = finishReasonOf(chunk.response_metadata) ?? finishReason;
    }
  } catch (err) {
    const cause: unknown = noFirstToken ?? deadlineError(ctx.signal, err);
    return failed(cause, ctx.config, modelId, started, {
      text,
      ttftMs,
      usage,
      finishReason,
      jsonValid: null,
    });
  } finally {
    clearTimeout(timer);
    call.release();
  }
  const latencyMs = performance.now() - started;
  if (!text.trim() && finishReason !== "length" && finishReason !== "content_filter") {
    return failed(new AppError("provider:empty"), ctx.config, modelId, started, {
      ttftMs,
      usage,
      finishReason,
      jsonValid: null,
    });
  }
  return {
    text,
    annotation: null,
    latencyMs,
    ttftMs,
    usage,
    finishReason,
    jsonValid: null,
    failure: null,
    error: null,
  };
}

/** Watches a provider model's calls: first streamed token, how many requests were made, the last finish reason. */
function callWatcher(started: number) {
  const state = { ttftMs: null as number | null, requests: 0, finishReason: null as FinishReason | null };
  const handler = BaseCallbackHandler.fromMethods({
    handleChatModelStart() {
      state.requests += 1;
    },
    handleLLMNewToken(token: string) {
      if (token && state.ttftMs === null) state.ttftMs = performance.now() - started;
    },
    handleLLMEnd(output: LLMResult) {
      const generation = output.generations[0]?.[0];
      const info = generation?.generationInfo;
      const message =
        generation && "message" in generation
          ? (generation.message as { response_metadata?: Record<string, unknown> })
          : undefined;
      state.finishReason =
        finishReasonOf(info) ?? finishReasonOf(message?.response_metadata) ?? state.finishReason;
    },
  });
  return { state, handler };
}

/** Annotates an annotation case's text with a model, as the app does, and measures the call. */
export async function annotateOnce(modelId: string, text: string, ctx: CallContext): Promise<CallOutcome> {
  const started = performance.now();
  if (modelId === OFFLINE_ANNOTATOR) {
    try {
      const annotation = annotateLexicon(text);
      const latencyMs = performance.now() - started;
      return {
        text: JSON.stringify(annotation),
        annotation,
        latencyMs,
        ttftMs: null,
        usage: null,
        finishReason: null,
        // The lexicon builds the object itself: it writes no JSON that could be invalid.
        jsonValid: null,
        failure: null,
        error: null,
      };
    } catch (err) {
      return failed(err, ctx.config, modelId, started, { jsonValid: null });
    }
  }
  const { provider } = parseModelId(modelId);
  const watcher = callWatcher(started);
  try {
    const model: BaseChatModel = createChatModel(modelId, ctx.config, {
      temperature: ctx.temperature,
      maxRetries: 0,
    });
    model.callbacks = [watcher.handler];
    const result = await annotateWithLlm(model, text, { provider, signal: ctx.signal });
    const latencyMs = performance.now() - started;
    return {
      text: JSON.stringify(result.annotation),
      annotation: result.annotation,
      latencyMs,
      ttftMs: watcher.state.ttftMs,
      usage: result.usage ?? null,
      finishReason: watcher.state.finishReason,
      jsonValid: watcher.state.requests <= 1 && !result.repaired,
      failure: null,
      error: null,
    };
  } catch (err) {
    const answered =
      err instanceof AppError && (err.code === "provider:invalid_output" || err.code === "provider:empty");
    return failed(deadlineError(ctx.signal, err), ctx.config, modelId, started, {
      ttftMs: watcher.state.ttftMs,
      finishReason: watcher.state.finishReason,
      jsonValid: answered ? false : null,
    });
  }
}

/**
 * Runs a call with a signal that abandons it after `timeoutMs` (a TimeoutError, which deadlineError reads as
 * provider:timeout) or when the run stops. The deadline ends with the call: an AbortSignal.timeout would keep the
 * call's objects alive for the whole `timeoutMs` after it.
 */
export async function withCallSignal<T>(
  runSignal: AbortSignal | undefined,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = linkedAbort(runSignal, {
    ms: timeoutMs,
    reason: () => new DOMException("timeout", "TimeoutError"),
  });
  try {
    return await call(deadline.signal);
  } finally {
    deadline.release();
  }
}
