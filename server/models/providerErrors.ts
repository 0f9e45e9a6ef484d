// What any provider's failure means: whatever an SDK (OpenAI, Gemini) or the network throws becomes one of our
// provider error codes, with the wait a provider asked for, and a detail for the logs with every secret removed.
import type { Config } from "../config";
import { AppError, type ErrorCode } from "../../contract/errors";
import { redact, type Secrets } from "../log";

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

/**
 * Replaces every configured key, and anything sent as a bearer token or `key=` parameter, with "[redactat]".
 * The implementation is the logger's (server/log.ts), so logs and provider errors redact alike.
 */
export function redactSecrets(text: string, config: Secrets): string {
  return redact(text, config);
}
