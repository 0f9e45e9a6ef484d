// What the model gateway's callers pass and get back: why a call is made (its purpose), who pays, the options and
// results of each task. gateway.ts re-exports them; the gateway itself is the call path.
import type { Annotation } from "../../contract/annotation";
import type { PricedUsage } from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import type { Logger } from "../log";
import type { Deadlines } from "./callClock";
import type { BreakerOptions, CircuitBreaker } from "./circuitBreaker";
import type { FinishReason } from "./finishReason";
import type { RetryInfo, RetryPolicy } from "./retry";

/**
 * Why a call is made, which decides how: a chat turn retries a transient failure once and skips a model whose
 * circuit is open (its fallback chain is the better wait); a batch backs off for all its rows at once (batch.ts), so
 * each call is tried once and does not trip the breaker for the chat; a measurement (compare, the `models` check)
 * sees the model as it is, with no retry and no breaker.
 */
export type CallPurpose = "chat" | "batch" | "measure";

/**
 * Who pays for a call to a paid model (a user's daily budget, server/limits/budget.ts): `admit` refuses it before it
 * is made (an AppError "budget:exhausted", which the caller's chain treats as this model failing, without a verdict
 * on the model), `charge` records what it used.
 */
export interface Payer {
  admit(model: string): Promise<void>;
  charge(model: string, usage: PricedUsage): void;
}

export interface CallOptions {
  /** The caller's stop: aborting it ends the call with no verdict on the model. */
  signal?: AbortSignal;
  /** The budget that a paid model's call is taken from; none: no budget applies. */
  payer?: Payer;
  /** "chat" by default. */
  purpose?: CallPurpose;
  /** The call's deadlines; the configured ones by default. */
  deadlines?: Partial<Deadlines>;
}

export interface AnswerOptions extends CallOptions {
  temperature: number;
  /** A cap on the answer's length. */
  maxTokens?: number;
  /** Each piece of the answer as it streams in. */
  onToken?: (text: string) => void;
  /** A retry of the same model is about to start (only before the first token). */
  onRetry?: (info: RetryInfo) => void;
  /**
   * The reader's language: only the offline extractive model gets it, for the framing around its quotes. A real
   * model's call never carries it, so its prompt and its answer do not depend on the UI.
   */
  displayLang?: Lang;
}

export interface AnswerResult {
  model: string;
  text: string;
  usage?: PricedUsage;
  /** From the start of the call to the first streamed piece. */
  firstTokenMs: number;
  ms: number;
  finishReason: FinishReason | null;
}

export interface AnnotateOptions extends CallOptions {
  /** 0 by default: annotation is measurement, not writing. */
  temperature?: number;
}

export interface AnnotationResult {
  model: string;
  /** One per text, in order. */
  annotations: Annotation[];
  usage?: PricedUsage;
  /** Some text's first output did not validate as it was and was repaired. */
  repaired: boolean;
  /** Requests made (a repair by the model is a second request); 0 for the lexicon. */
  requests: number;
  firstTokenMs: number | null;
  ms: number;
  finishReason: FinishReason | null;
}

export interface JudgeOptions extends CallOptions {
  /** A cap on the verdict's length. */
  maxTokens?: number;
}

export interface JudgeResult<T> {
  model: string;
  /** The verdict, validated against the caller's schema. */
  value: T;
  usage?: PricedUsage;
  /** The first reply did not validate as it was (JSON inside prose, or a second request). */
  repaired: boolean;
  requests: number;
  ms: number;
}

export type CheckRole = "answer" | "annotate" | "embed";

export interface GatewayOptions {
  /** Where warnings and failures are logged; a logger for the config's LOG_LEVEL by default. */
  logger?: Logger;
  /** The chat's retry policy (benchmarks and tests change it). */
  retry?: RetryPolicy;
  breaker?: CircuitBreaker | Partial<BreakerOptions>;
}
