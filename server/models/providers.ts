// Real model providers: turns a `provider:model` id into a LangChain chat model aimed at the configured endpoint,
// and turns whatever either SDK throws into one of our provider error codes, with secrets kept out of messages.
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import { ChatGoogleGenerativeAI, type GoogleGenerativeAIChatInput } from "@langchain/google-genai";
import { ChatOpenAI, ChatOpenAICompletions, type ChatOpenAIFields } from "@langchain/openai";
import type { Config } from "../config";
import { linkedAbort } from "../abort";
import { AppError, type ErrorCode } from "../../contract/errors";
import { redact, type Secrets } from "../log";

export const PROVIDERS = [
  "google-genai",
  "openai",
  "openrouter",
  "ollama",
  "openai-compatible",
  "offline",
] as const;
export type Provider = (typeof PROVIDERS)[number];

export const DEFAULT_BASE_URLS = {
  "google-genai": "https://generativelanguage.googleapis.com",
  openai: "https://api.openai.com/v1",
  openrouter: "https://openrouter.ai/api/v1",
  ollama: "http://localhost:11434/v1",
} as const;

const OPENROUTER_HEADERS = { "HTTP-Referer": "EchoChamber", "X-Title": "EchoChamber" };

function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

/** Splits `provider:model` at the first colon, so model names keep their own colons (`ollama:qwen2.5:3b`). */
export function parseModelId(id: string): { provider: Provider; model: string } {
  const colon = id.indexOf(":");
  const provider = colon > 0 ? id.slice(0, colon).trim() : "";
  const model = colon > 0 ? id.slice(colon + 1).trim() : "";
  if (!isProvider(provider) || model === "") throw new AppError("input:unknown_model", { model: id });
  return { provider, model };
}

/** Whether the config has what the provider needs: a key where one is required, a base URL where there is no default. */
export function isConfigured(id: string, config: Config): boolean {
  let provider: Provider;
  try {
    provider = parseModelId(id).provider;
  } catch {
    // An id that does not parse names no configured model; callers only ask yes or no.
    return false;
  }
  switch (provider) {
    case "offline":
    case "ollama":
      return true;
    case "google-genai":
      return Boolean(config.GOOGLE_API_KEY);
    case "openai":
      return Boolean(config.OPENAI_API_KEY);
    case "openrouter":
      return Boolean(config.OPENROUTER_API_KEY);
    case "openai-compatible":
      return Boolean(config.OPENAI_COMPATIBLE_BASE_URL);
  }
}

/** The environment variable a model's provider still needs, or null when it has what it needs. */
export function missingConfiguration(id: string, config: Config): string | null {
  let provider: Provider;
  try {
    provider = parseModelId(id).provider;
  } catch {
    // Not a model id at all: no provider, so no variable to name.
    return null;
  }
  if (isConfigured(id, config)) return null;
  switch (provider) {
    case "google-genai":
      return "GOOGLE_API_KEY";
    case "openai":
      return "OPENAI_API_KEY";
    case "openrouter":
      return "OPENROUTER_API_KEY";
    case "openai-compatible":
      return "OPENAI_COMPATIBLE_BASE_URL";
    default:
      return null;
  }
}

export interface ChatModelOptions {
  temperature?: number;
  /** Retries inside the SDK call; 0 by default because the fallback chain decides what to do after a failure. */
  maxRetries?: number;
  /**
   * Request deadline in milliseconds. OpenAI-compatible providers: until the response starts (the OpenAI SDK's
   * `timeout`, so a streamed answer is not cut after it began). Gemini: the whole call, as the Gemini SDK's own
   * `timeout` behaves.
   */
  timeoutMs?: number;
}

/** A chat model for a non-offline id; offline models are built by the model registry, not here. */
export function createChatModel(id: string, config: Config, opts: ChatModelOptions = {}): BaseChatModel {
  const { provider, model } = parseModelId(id);
  if (provider === "offline") {
    throw new Error(
      `createChatModel: "${id}" is an offline model; the model registry builds offline models.`,
    );
  }
  if (!isConfigured(id, config)) {
    if (provider === "openai-compatible") throw new AppError("input:unknown_model", { model: id });
    throw new AppError("provider:auth", { model: id });
  }
  const maxRetries = opts.maxRetries ?? 0;

  if (provider === "google-genai") {
    return new GeminiChatModel(
      {
        model,
        apiKey: config.GOOGLE_API_KEY,
        // Always explicit, so no environment variable of the SDK (e.g. a LangSmith gateway) can redirect calls.
        baseUrl: trimSlashes(config.GOOGLE_GENAI_BASE_URL ?? DEFAULT_BASE_URLS["google-genai"]),
        temperature: opts.temperature,
        maxRetries,
        streamUsage: true,
      },
      opts.timeoutMs,
    );
  }

  const common: ChatOpenAIFields = {
    model,
    temperature: opts.temperature,
    maxRetries,
    timeout: opts.timeoutMs,
    streamUsage: true,
  };
  switch (provider) {
    case "openai":
      // ChatOpenAI (not the Completions class) so that models OpenAI serves only on the Responses API still work.
      return new ChatOpenAI({
        ...common,
        apiKey: config.OPENAI_API_KEY,
        configuration: { baseURL: trimSlashes(config.OPENAI_BASE_URL ?? DEFAULT_BASE_URLS.openai) },
      });
    case "openrouter":
      // Chat Completions always: ChatOpenAI would switch to the Responses API for some model names.
      return new ChatOpenAICompletions({
        ...common,
        apiKey: config.OPENROUTER_API_KEY,
        configuration: {
          baseURL: trimSlashes(config.OPENROUTER_BASE_URL ?? DEFAULT_BASE_URLS.openrouter),
          defaultHeaders: OPENROUTER_HEADERS,
        },
      });
    case "ollama":
      // Ollama's OpenAI-compatible API ignores the key, but the OpenAI SDK refuses to run without one.
      return new ChatOpenAICompletions({
        ...common,
        apiKey: "ollama",
        configuration: { baseURL: trimSlashes(config.OLLAMA_BASE_URL ?? DEFAULT_BASE_URLS.ollama) },
      });
    case "openai-compatible":
      return new ChatOpenAICompletions({
        ...common,
        apiKey: config.OPENAI_COMPATIBLE_API_KEY ?? "not-needed",
        configuration: { baseURL: trimSlashes(config.OPENAI_COMPATIBLE_BASE_URL ?? "") },
      });
  }
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Thrown when a Gemini call passes its deadline; the classifier maps it to provider:timeout. */
export class ProviderTimeoutError extends Error {
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`The model call did not finish within ${timeoutMs} ms.`, options);
    this.name = "TimeoutError";
  }
}

/**
 * ChatGoogleGenerativeAI with two gaps closed. Its non-streaming path never hands the call's AbortSignal to fetch,
 * so a hung request could not be stopped: we always stream (invoke aggregates the chunks). And it has no timeout
 * option: we add a deadline that aborts the request and throws instead of ending the stream quietly.
 */
class GeminiChatModel extends ChatGoogleGenerativeAI {
  constructor(
    fields: GoogleGenerativeAIChatInput,
    private readonly timeoutMs?: number,
  ) {
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

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    yield* this.withDeadline(options, (o) => super._streamResponseChunks(messages, o, runManager));
  }

  override async *_streamChatModelEvents(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatModelStreamEvent> {
    yield* this.withDeadline(options, (o) => super._streamChatModelEvents(messages, o, runManager));
  }

  private async *withDeadline<T>(
    options: this["ParsedCallOptions"],
    run: (options: this["ParsedCallOptions"]) => AsyncGenerator<T>,
  ): AsyncGenerator<T> {
    const timeoutMs = this.timeoutMs;
    if (timeoutMs === undefined) {
      yield* run(options);
      return;
    }
    // Follows the caller's signal (a stop) and adds the deadline; only the deadline is a timeout.
    const deadline = linkedAbort(options.signal, {
      ms: timeoutMs,
      reason: () => new ProviderTimeoutError(timeoutMs),
    });
    try {
      yield* run({ ...options, signal: deadline.signal });
      // The SDK ends its stream without an error when the signal fires between chunks.
      if (deadline.timedOut) throw new ProviderTimeoutError(timeoutMs);
    } catch (err) {
      if (deadline.timedOut && !(err instanceof ProviderTimeoutError)) {
        throw new ProviderTimeoutError(timeoutMs, { cause: err });
      }
      throw err;
    } finally {
      deadline.release();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

export interface ProviderErrorClass {
  code: ErrorCode;
  /** How long the provider asked us to wait (429), when it said so. */
  retryAfterMs?: number;
  /** Whether trying the same model again later may succeed. */
  transient: boolean;
}

const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "provider:circuit_open",
  "provider:rate_limit",
  "provider:timeout",
  "provider:first_token_timeout",
  "provider:server_error",
  "provider:network",
]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
]);
const NETWORK_MESSAGE =
  /fetch failed|socket hang up|terminated|other side closed|ECONNREFUSED|ECONNRESET|ENOTFOUND|Connection error|network error|Error reading from the stream|Failed to parse stream/i;
const TIMEOUT_MESSAGE = /timed? ?out|timeout|aborted|AbortError/i;
const AUTH_MESSAGE = /API[_ ]KEY[_ ]INVALID|API key not valid|invalid[_ ]api[_ ]key|Incorrect API key/i;

/** The error and its causes, outermost first (SDKs wrap fetch errors, which wrap socket errors). */
function causeChain(err: unknown): object[] {
  const chain: object[] = [];
  let current: unknown = err;
  while (typeof current === "object" && current !== null && chain.length < 6 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function field(obj: object, key: string): unknown {
  return (obj as Record<string, unknown>)[key];
}

function stringField(obj: object, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === "string" ? value : undefined;
}

function httpStatus(obj: object): number | undefined {
  for (const candidate of [field(obj, "status"), field(obj, "statusCode")]) {
    if (typeof candidate === "number" && candidate >= 100 && candidate < 600) return candidate;
  }
  const response = field(obj, "response");
  if (typeof response === "object" && response !== null) {
    const status = field(response, "status");
    if (typeof status === "number") return status;
  }
  return undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Gemini sends no Retry-After header to the SDK's error; the delay is in a google.rpc.RetryInfo detail ("7s"). */
function retryInfoDelay(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail !== "object" || detail === null) continue;
    const delay = field(detail, "retryDelay");
    const match = typeof delay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

function retryDelayFromMessage(message: string): number | undefined {
  const match = /(?:retry in|retry after|try again in)\s+(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)\b/i.exec(
    message,
  );
  if (!match) return undefined;
  const value = Number(match[1]);
  return Math.round(match[2] === "ms" ? value : value * 1000);
}

function retryAfterOf(chain: object[]): number | undefined {
  for (const obj of chain) {
    const fromHeader = parseRetryAfter(headerValue(field(obj, "headers"), "retry-after"));
    if (fromHeader !== undefined) return fromHeader;
    const response = field(obj, "response");
    if (typeof response === "object" && response !== null) {
      const fromResponse = parseRetryAfter(headerValue(field(response, "headers"), "retry-after"));
      if (fromResponse !== undefined) return fromResponse;
    }
    const fromDetails = retryInfoDelay(field(obj, "errorDetails"));
    if (fromDetails !== undefined) return fromDetails;
  }
  for (const obj of chain) {
    const message = stringField(obj, "message");
    const fromMessage = message ? retryDelayFromMessage(message) : undefined;
    if (fromMessage !== undefined) return fromMessage;
  }
  return undefined;
}

function classified(code: ErrorCode, retryAfterMs?: number): ProviderErrorClass {
  return retryAfterMs === undefined
    ? { code, transient: TRANSIENT_CODES.has(code) }
    : { code, retryAfterMs, transient: TRANSIENT_CODES.has(code) };
}

/** Maps an error from the OpenAI or Gemini SDK (or from our own code) to a provider error code. */
export function classifyProviderError(err: unknown): ProviderErrorClass {
  if (err instanceof AppError) {
    const retryAfterMs = err.params.retryAfterMs;
    return classified(err.code, typeof retryAfterMs === "number" ? retryAfterMs : undefined);
  }
  const chain = causeChain(err);
  // Gemini's error classes keep the name "Error"; their constructor names say what they are.
  const names = chain.flatMap((e) => [stringField(e, "name") ?? "", e.constructor.name]);
  const codes = chain.map((e) => stringField(e, "code") ?? "");
  const messages = chain.map((e) => stringField(e, "message") ?? "");
  const status = chain.map(httpStatus).find((s) => s !== undefined);

  if (status === 429) return classified("provider:rate_limit", retryAfterOf(chain));
  if (status === 401 || status === 403) return classified("provider:auth");
  // Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
  if (status === 400 && messages.some((m) => AUTH_MESSAGE.test(m))) return classified("provider:auth");
  if (status === 408) return classified("provider:timeout");
  if (status !== undefined && status >= 500) return classified("provider:server_error");
  if (names.includes("EmptyContentError")) return classified("provider:empty");
  if (
    names.some((n) => n === "ZodError" || n === "OutputParserException") ||
    (names.includes("SyntaxError") && messages.some((m) => /JSON|Unexpected token|Unexpected end/i.test(m)))
  ) {
    return classified("provider:invalid_output");
  }
  if (
    names.some((n) => n === "AbortError" || n === "TimeoutError" || n === "APIConnectionTimeoutError") ||
    names.includes("GoogleGenerativeAIAbortError") ||
    codes.some((c) => TIMEOUT_CODES.has(c))
  ) {
    return classified("provider:timeout");
  }
  if (codes.some((c) => NETWORK_CODES.has(c)) || messages.some((m) => NETWORK_MESSAGE.test(m))) {
    return classified("provider:network");
  }
  if (names.includes("APIConnectionError")) return classified("provider:network");
  if (messages.some((m) => TIMEOUT_MESSAGE.test(m))) return classified("provider:timeout");
  return classified("provider:error");
}

/**
 * The AppError a failed provider call becomes: its code, the model, the wait the provider asked for, and a detail
 * for the logs with every configured secret removed. The original error is not kept, since its message may hold a key.
 */
export function providerError(err: unknown, config: Config, model?: string): AppError {
  if (err instanceof AppError) return err;
  const { code, retryAfterMs } = classifyProviderError(err);
  const name = err instanceof Error ? err.name : typeof err;
  const detail = redactSecrets(err instanceof Error ? err.message : String(err), config);
  const params: Record<string, string | number> = { detail: `${name}: ${detail}` };
  if (model !== undefined) params.model = model;
  if (retryAfterMs !== undefined) params.retryAfterMs = retryAfterMs;
  const cause = new Error(detail);
  cause.name = name;
  return new AppError(code, params, { cause });
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets

/**
 * Replaces every configured key, and anything sent as a bearer token or `key=` parameter, with "[redactat]".
 * The implementation is the logger's (server/log.ts), so logs and provider errors redact alike.
 */
export function redactSecrets(text: string, config: Secrets): string {
  return redact(text, config);
}
