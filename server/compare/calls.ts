// One measured model call of a comparison, through the model gateway as every call of the app: a streamed chat answer
// (time to first token, total latency, tokens, finish_reason) or an annotation made the way the app makes it (the
// codebook, structured output, one repair; the lexicon for offline:lexicon). Failures come back as data, never as
// exceptions, so one model cannot stop a run.
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Passage } from "../../contract/corpus";
import { buildAnswerMessages } from "../../graphs/chat/prompts";
import type { Annotation } from "../../contract/annotation";
import { AppError, toUserError, type ErrorCode, type Lang } from "../../contract/errors";
import type { CallError, FinishReason, ModelAbilities } from "../../contract/compare";
import { OFFLINE_ANNOTATOR, OFFLINE_CHAT } from "../models/catalog";
import type { ModelGateway } from "../models/gateway";
import { parseModelId } from "../models/providers";
import type { PromptCase } from "./suite";

/** The system prompt of a prompt case that sets none. */
export const DEFAULT_SYSTEM_PROMPT =
  "Ești un asistent pentru cercetători în științe sociale care studiază discursul politic românesc. Răspunzi în limba română.";

/**
 * What a model id can do; throws input:unknown_model for an id that names no provider or no offline model. A draft →
 * refine entry (`a>b`, server/compare/pipeline.ts) answers as its drafting model can and never annotates.
 */
export function abilitiesOf(id: string): ModelAbilities {
  if (id.includes(">")) {
    const parts = id.split(">").map((p) => p.trim());
    if (parts.length !== 2) throw new AppError("input:unknown_model", { model: id });
    const [draft, refine] = parts.map(abilitiesOf) as [ModelAbilities, ModelAbilities];
    if (!draft.chat || !refine.chat) throw new AppError("input:unknown_model", { model: id });
    return { chat: draft.chat === "any" && refine.chat === "any" ? "any" : "grounded", annotate: false };
  }
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
  gateway: ModelGateway;
  temperature: number;
  /** The run's stop. */
  signal?: AbortSignal;
  /** Deadline of the whole call; the first token has FIRST_TOKEN_TIMEOUT_MS (or this, when shorter). */
  timeoutMs: number;
  /** The reader's language, for the offline extractive model's framing only (the chat's comparison sets it). */
  displayLang?: Lang;
}

/** A measurement: no retry and no circuit breaker, within the run's deadlines. */
function measured(ctx: CallContext, firstTokenTimeoutMs?: number) {
  const deadlines =
    firstTokenTimeoutMs === undefined
      ? { totalMs: ctx.timeoutMs }
      : { totalMs: ctx.timeoutMs, firstTokenMs: firstTokenTimeoutMs };
  return { purpose: "measure" as const, signal: ctx.signal, deadlines };
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

function failed(err: unknown, started: number, partial: Partial<CallOutcome> = {}): CallOutcome {
  const code: ErrorCode = err instanceof AppError ? err.code : "internal";
  const invalid = code === "provider:invalid_output" || code === "provider:empty";
  return {
    text: partial.text ?? "",
    annotation: null,
    latencyMs: performance.now() - started,
    ttftMs: partial.ttftMs ?? null,
    usage: partial.usage ?? null,
    finishReason: partial.finishReason ?? null,
    jsonValid: partial.jsonValid ?? null,
    failure: invalid ? "invalid" : "error",
    error: { code, message: toUserError(err).message },
  };
}

function usageOf(usage: CallUsage | undefined): CallUsage | null {
  return usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } : null;
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
  try {
    const answer = await ctx.gateway.streamAnswer(modelId, messages, {
      ...measured(ctx, options.firstTokenTimeoutMs),
      temperature: ctx.temperature,
      maxTokens: options.maxTokens,
      ...(ctx.displayLang ? { displayLang: ctx.displayLang } : {}),
      onToken: (piece) => {
        ttftMs ??= performance.now() - started;
        text += piece;
      },
    });
    return {
      text: answer.text,
      annotation: null,
      latencyMs: performance.now() - started,
      ttftMs,
      usage: usageOf(answer.usage),
      finishReason: answer.finishReason,
      jsonValid: null,
      failure: null,
      error: null,
    };
  } catch (err) {
    // Nothing written because the cap or a filter stopped the model: a measurement, not a failure.
    const finish =
      err instanceof AppError && err.code === "provider:empty" ? err.params.finishReason : undefined;
    if (finish === "length" || finish === "content_filter") {
      const outcome = failed(err, started, { ttftMs, finishReason: finish });
      return { ...outcome, failure: null, error: null };
    }
    return failed(err, started, { text, ttftMs, jsonValid: null });
  }
}

/** Annotates an annotation case's text with a model, as the app does (the codebook), and measures the call. */
export async function annotateOnce(modelId: string, text: string, ctx: CallContext): Promise<CallOutcome> {
  const started = performance.now();
  try {
    const result = await ctx.gateway.annotate(modelId, [text], {
      ...measured(ctx),
      temperature: ctx.temperature,
    });
    const annotation = result.annotations[0]!;
    return {
      text: JSON.stringify(annotation),
      annotation,
      latencyMs: performance.now() - started,
      ttftMs: result.firstTokenMs,
      usage: usageOf(result.usage),
      finishReason: result.finishReason,
      // The lexicon builds the object itself: it writes no JSON that could be invalid.
      jsonValid: modelId === OFFLINE_ANNOTATOR ? null : result.requests <= 1 && !result.repaired,
      failure: null,
      error: null,
    };
  } catch (err) {
    const answered =
      err instanceof AppError && (err.code === "provider:invalid_output" || err.code === "provider:empty");
    return failed(err, started, { jsonValid: answered ? false : null });
  }
}
