// The model gateway: every model call of the app goes through here (the chat's answer and annotations, batch runs
// and POST /api/annotate, compare and its judges, the grounding judge, the `models` check). Callers ask for a task, never for an SDK object:
//
//   gateway.streamAnswer(model, messages, { temperature, signal, onToken })  → { text, usage, firstTokenMs, ... }
//   gateway.annotate(model, texts, { signal })                                → { annotations, usage, repaired, ... }
//   gateway.judge(model, messages, schema, { signal })                        → { value, usage, repaired, ... }
//   gateway.check(model, role)                                                → { ms, reply }  (the `models` CLI)
//
// plus the catalog it extends (ModelCatalog in catalog.ts: list, answerChain, annotateChain, assertKnown) and
// embeddings. For each call the gateway owns: the prompt of the task (the codebook for annotations), the circuit
// breaker, retries, the two deadlines (first token, total; a deadline aborts the HTTP request), structured output
// with validation and one repair, usage with its cost, and logging with secrets redacted. Failures come out as
// AppErrors with a provider code. How a call is made depends on its purpose (PURPOSES below), so that the policy
// lives here, not in each caller. LangChain and the provider SDKs are imported on first use: an offline batch or
// `evaluate` never loads them.
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { ZodType } from "zod";
import type { Annotation } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import { codebookPrompt } from "../codebook/codebookPrompt";
import type { Config } from "../config";
import { createLogger, type Logger } from "../log";
import { CallClock, type Deadlines } from "./callClock";
import { ModelCatalog, OFFLINE_ANNOTATOR, OFFLINE_CHAT, OFFLINE_EMBEDDINGS, isOffline } from "./catalog";
import { CircuitBreaker, countsAgainstModel } from "./circuitBreaker";
import { finishReasonOf, normalizeFinishReason, type FinishReason } from "./finishReason";
import { annotateLexicon } from "./offline/lexicon";
import type { PricedUsage } from "../../contract/compare";
import { isPaid, priceUsage } from "./pricing";
import { providerError } from "./providerErrors";
import { createChatModel, parseModelId, providerClient, remoteModel, type TokenUsage } from "./providers";
import { DEFAULT_RETRY, NO_RETRY, withRetry, type RetryPolicy } from "./retry";

import type {
  CallPurpose,
  Payer,
  CallOptions,
  AnswerOptions,
  AnswerResult,
  AnnotateOptions,
  AnnotationResult,
  JudgeOptions,
  JudgeResult,
  CheckRole,
  GatewayOptions,
} from "./gatewayTypes";
export type * from "./gatewayTypes";

interface PurposePolicy {
  retry: RetryPolicy;
  breaker: boolean;
  /** Failures of a batch are its rows' errors, not news for the log. */
  logFailures: "warn" | "debug";
}

/** What the `models` check sends: a one-word reply, and a comment every annotator labels. */
export const CHECK_PROMPT = "Răspunde cu un singur cuvânt: ok";
const CHECK_TEXT = "Poporul cinstit plătește, iar politicienii se îmbogățesc.";

const MAX_KEPT_MODELS = 32;
/** About the passages of a few thousand turns; an annotation is a few hundred bytes. */
const MAX_KEPT_ANNOTATIONS = 5000;

/** The value kept under a key, or a new one made and kept; a full map is emptied first (a bound, not an LRU). */
function keptOrMade<V>(map: Map<string, V>, key: string, max: number, make: () => V): V {
  const kept = map.get(key);
  if (kept !== undefined) return kept;
  const value = make();
  if (map.size >= max) map.clear();
  map.set(key, value);
  return value;
}

let structured: Promise<typeof import("./structuredOutput")> | undefined;

/** The validation and repair of structured output, imported once (an `import()` per call costs a loader round trip). */
function structuredOutput(): Promise<typeof import("./structuredOutput")> {
  return (structured ??= import("./structuredOutput"));
}

function addUsage(total: TokenUsage | undefined, more: TokenUsage | undefined): TokenUsage | undefined {
  if (!total) return more;
  if (!more) return total;
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
  };
}

export class ModelGateway extends ModelCatalog {
  readonly logger: Logger;
  readonly breaker: CircuitBreaker;
  private readonly purposes: Record<CallPurpose, PurposePolicy>;
  private readonly chatModels = new Map<string, Promise<BaseChatModel>>();
  private readonly lexiconAnnotations = new Map<string, Annotation>();
  private annotationPrompt: string | undefined;

  constructor(config: Config, options: GatewayOptions = {}) {
    super(config);
    this.logger = options.logger ?? createLogger(config);
    this.breaker =
      options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker(options.breaker ?? {});
    this.purposes = {
      chat: { retry: options.retry ?? DEFAULT_RETRY, breaker: true, logFailures: "warn" },
      batch: { retry: NO_RETRY, breaker: false, logFailures: "debug" },
      measure: { retry: NO_RETRY, breaker: false, logFailures: "debug" },
    };
    for (const w of this.configurationWarnings())
      this.logger.warn(w.message, { model: w.model, missing: w.missing });
  }

  /**
   * Starts importing the SDKs of the configured chain's providers, so that no turn waits for an import (the server
   * and `ask` call it at start, without waiting; the first call awaits the same import). Offline chains import
   * nothing.
   */
  warmUp(): Promise<void> {
    const providers = new Set(
      this.list()
        .filter((m) => m.configured && !m.offline)
        .map((m) => remoteModel(m.id, this.config).provider),
    );
    return Promise.all([...providers].map((p) => providerClient(p))).then(
      () => undefined,
      (err: unknown) => this.logger.warn("provider client failed to load", { detail: String(err) }),
    );
  }

  /**
   * This gateway with every call's paid models taken from `payer`'s budget: a view that shares the breaker, the
   * built clients and everything else; the gateway itself when there is no payer.
   */
  paidBy(payer: Payer | undefined): ModelGateway {
    if (!payer) return this;
    const view = Object.create(this) as ModelGateway;
    view.streamAnswer = (model, messages, options) =>
      this.streamAnswer(model, messages, { ...options, payer });
    view.annotate = (model, texts, options = {}) => this.annotate(model, texts, { ...options, payer });
    return view;
  }

  // ---- Calls ----

  /** Streams an answer to the messages; rejects with an AppError (provider:*) when the model fails. */
  async streamAnswer(model: string, messages: BaseMessage[], options: AnswerOptions): Promise<AnswerResult> {
    const deadlines = this.deadlines(options, this.config.MODEL_TIMEOUT_MS);
    const prepare = () => this.chatModel(model, options.temperature, options.maxTokens);
    return this.call(model, "answer", options, deadlines, prepare, async (chat, clock, policy) => {
      let text = "";
      let usage: TokenUsage | undefined;
      let finishReason: FinishReason | null = null;
      // One first-token deadline for the model as a whole, retries included: the user is waiting.
      clock.awaitFirstToken();
      const attempt = async () => {
        const stream = await chat.stream(messages, {
          signal: clock.signal,
          // Typed as the extractive model's own call option, which no other model is given.
          ...(model === OFFLINE_CHAT && options.displayLang ? { displayLang: options.displayLang } : {}),
        } as BaseChatModel["ParsedCallOptions"]);
        for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
          const piece = typeof chunk.content === "string" ? chunk.content : chunk.text;
          if (piece) {
            if (text === "") clock.firstToken();
            text += piece;
            options.onToken?.(piece);
          }
          // Chunks carry usage deltas (Gemini reports some on every chunk), so they add up.
          if (chunk.usage_metadata) {
            const { input_tokens, output_tokens } = chunk.usage_metadata;
            usage = addUsage(usage, { inputTokens: input_tokens, outputTokens: output_tokens });
          }
          finishReason = finishReasonOf(chunk.response_metadata) ?? finishReason;
        }
        clock.throwIfAborted();
        if (!text.trim()) throw new AppError("provider:empty", finishReason ? { finishReason } : {});
      };
      await withRetry(attempt, {
        policy: policy.retry,
        signal: clock.signal,
        // Not once the caller has tokens (a retry would mix answers), nor past the first-token deadline.
        canRetry: (delayMs) => text === "" && clock.elapsed() + delayMs < deadlines.firstTokenMs,
        onRetry: (info) => {
          this.logger.info("model call retried", { model, task: "answer", ...info });
          options.onRetry?.(info);
        },
      });
      const ms = Math.round(clock.elapsed());
      return {
        model,
        text,
        usage: usage && priceUsage(model, usage),
        firstTokenMs: clock.firstTokenMs ?? ms,
        ms,
        finishReason,
      };
    });
  }

  /**
   * Annotates texts in order with the codebook, one request per text (sequential on purpose: free tiers rate-limit
   * bursts, and the first failure ends the call at once so the caller's fallback takes over). The whole call has
   * ANNOTATION_TIMEOUT_MS; each request must start answering within FIRST_TOKEN_TIMEOUT_MS.
   */
  async annotate(model: string, texts: string[], options: AnnotateOptions = {}): Promise<AnnotationResult> {
    if (model === OFFLINE_ANNOTATOR) return this.annotateWithLexicon(texts);
    const deadlines = this.deadlines(options, this.config.ANNOTATION_TIMEOUT_MS);
    const prepare = () =>
      Promise.all([
        this.chatModel(model, options.temperature ?? 0),
        providerClient(remoteModel(model, this.config).provider),
        structuredOutput(),
      ]);
    return this.call(model, "annotate", options, deadlines, prepare, async (prepared, clock, policy) => {
      const [chat, client, { annotateText }] = prepared;
      const request = async (messages: BaseMessage[]) => {
        clock.awaitFirstToken();
        try {
          const output = await client.requestJson(chat, messages, {
            signal: clock.signal,
            onFirstChunk: () => clock.firstToken(),
          });
          clock.throwIfAborted();
          return output;
        } finally {
          clock.stopWaiting();
        }
      };
      const prompt = (this.annotationPrompt ??= codebookPrompt());
      const annotations: Annotation[] = [];
      let usage: TokenUsage | undefined;
      let repaired = false;
      let requests = 0;
      let finishReason: FinishReason | null = null;
      for (const text of texts) {
        const result = await withRetry(() => annotateText(request, text, prompt), {
          policy: policy.retry,
          signal: clock.signal,
          canRetry: (delayMs) => clock.elapsed() + delayMs < deadlines.totalMs,
          onRetry: (info) => this.logger.info("model call retried", { model, task: "annotate", ...info }),
        });
        annotations.push(result.annotation);
        usage = addUsage(usage, result.usage);
        repaired ||= result.repaired;
        requests += result.requests;
        finishReason = normalizeFinishReason(result.finishReason) ?? finishReason;
      }
      return {
        model,
        annotations,
        usage: usage && priceUsage(model, usage),
        repaired,
        requests,
        firstTokenMs: clock.firstTokenMs ?? null,
        ms: Math.round(clock.elapsed()),
        finishReason,
      };
    });
  }

  /**
   * A judge's verdict as JSON (the rubric of compare, the grounding judge): the messages answered at temperature 0,
   * the reply read as JSON (also from a code fence or prose) and validated against `schema`; one repair request when
   * it does not validate, then provider:invalid_output. Offline models cannot judge (judge:offline).
   */
  async judge<T>(
    model: string,
    messages: BaseMessage[],
    schema: ZodType<T>,
    options: JudgeOptions = {},
  ): Promise<JudgeResult<T>> {
    if (isOffline(model)) throw new AppError("judge:offline", { model });
    const [{ readJson }, { AIMessage, HumanMessage }] = await Promise.all([
      structuredOutput(),
      import("@langchain/core/messages"),
    ]);
    const ask = (msgs: BaseMessage[]) =>
      this.streamAnswer(model, msgs, { ...options, temperature: 0, maxTokens: options.maxTokens });
    const first = await ask(messages);
    const reading = readJson(first.text, schema);
    if (reading.ok) {
      return {
        model,
        value: reading.value,
        usage: first.usage,
        repaired: reading.extracted,
        requests: 1,
        ms: first.ms,
      };
    }
    const second = await ask([
      ...messages,
      new AIMessage(first.text),
      new HumanMessage(
        `Răspunsul tău nu respectă formatul cerut: ${reading.problem}\nTrimite din nou verdictul ca un singur obiect JSON valid, fără alt text.`,
      ),
    ]);
    const again = readJson(second.text, schema);
    if (!again.ok)
      throw this.failed(
        model,
        "judge",
        new AppError("provider:invalid_output", { detail: again.problem }),
        "debug",
        false,
      );
    const usage = addUsage(first.usage, second.usage);
    return {
      model,
      value: again.value,
      usage: usage && priceUsage(model, usage),
      repaired: true,
      requests: 2,
      ms: first.ms + second.ms,
    };
  }

  /**
   * One short real call, as the `models` command makes it: a reply, an annotation, or a vector. Its latency is the
   * call's alone: the model's client is loaded and built first.
   */
  async check(model: string, role: CheckRole, timeoutMs: number): Promise<{ ms: number; reply: string }> {
    const options = {
      purpose: "measure" as const,
      deadlines: { firstTokenMs: timeoutMs, totalMs: timeoutMs },
    };
    if (role === "embed") {
      const embeddings = await this.embeddings(model);
      const started = performance.now();
      const vector = await embeddings.embedQuery(CHECK_PROMPT);
      return { ms: Math.round(performance.now() - started), reply: `vector de ${vector.length} dimensiuni` };
    }
    if (role === "annotate" && model === OFFLINE_ANNOTATOR) {
      const { annotations, ms } = await this.annotate(model, [CHECK_TEXT], options);
      const a = annotations[0];
      return { ms, reply: `ton ${a?.ton}, populism ${a?.populism ? "da" : "nu"}` };
    }
    const [{ HumanMessage }] = await Promise.all([
      import("@langchain/core/messages"),
      this.chatModel(model, 0),
    ]);
    const answer = await this.streamAnswer(model, [new HumanMessage(CHECK_PROMPT)], {
      ...options,
      temperature: 0,
    });
    return { ms: answer.ms, reply: answer.text };
  }

  /** The embedder for an id: `offline:hash`, or a provider's (ConfigError when it lacks a key). */
  async embeddings(id: string = this.config.EMBEDDINGS): Promise<Embeddings> {
    if (id === OFFLINE_EMBEDDINGS) return new (await import("./offline/hashEmbeddings")).HashEmbeddings();
    if (parseModelId(id).provider === "offline") throw new AppError("input:unknown_model", { model: id });
    return (await import("./embeddings")).createEmbeddings(id, this.config);
  }

  // ---- The circuit breaker, also for callers that decide per batch (POST /api/annotate, batch.ts) ----

  /** Whether the model may be called now; offline models always may (they end every chain). */
  admit(id: string): boolean {
    return isOffline(id) || this.breaker.admit(id).allowed;
  }

  succeeded(id: string): void {
    if (!isOffline(id)) this.breaker.success(id);
  }

  /** A call that its caller stopped: no verdict on the model. */
  cancelled(id: string): void {
    if (!isOffline(id)) this.breaker.cancel(id);
  }

  /**
   * Records a failed call: logged with its detail (secrets redacted), counted by the breaker when it says the model
   * is unavailable. Returns the redacted AppError the failure becomes.
   */
  failed(id: string, task: string, err: unknown, level: "warn" | "debug" = "warn", count = true): AppError {
    const error = providerError(err, this.config, id);
    if (count && !isOffline(id) && countsAgainstModel(error.code)) this.breaker.failure(id);
    const circuit = isOffline(id) ? "closed" : this.breaker.snapshot(id).state;
    this.logger[level]("model call failed", {
      model: id,
      task,
      code: error.code,
      detail: error.params.detail,
      circuit,
    });
    return error;
  }

  /** The AppError for a model the breaker skips. */
  circuitOpen(id: string): AppError {
    const retryInMs = Math.round(this.breaker.snapshot(id).retryInMs ?? 0);
    this.logger.info("model skipped: circuit open", { model: id, retryInMs });
    return new AppError("provider:circuit_open", { model: id, retryInMs });
  }

  // ---- Inside ----

  /**
   * One call: the breaker's admission and verdict, the deadlines, and its failure as a redacted AppError. `prepare`
   * gets the model's client ready first (its SDK is imported on first use): the deadlines time the provider, not the
   * import. A call that the caller stopped rejects with the caller's reason and leaves the model's record alone.
   */
  private async call<P, T extends { usage?: PricedUsage }>(
    model: string,
    task: "answer" | "annotate",
    options: CallOptions,
    deadlines: Deadlines,
    prepare: () => Promise<P>,
    body: (prepared: P, clock: CallClock, policy: PurposePolicy) => Promise<T>,
  ): Promise<T> {
    const policy = this.purposes[options.purpose ?? "chat"];
    // Before the breaker: a user's spent budget says nothing about the model.
    const payer = options.payer && isPaid(model) ? options.payer : undefined;
    if (payer) await payer.admit(model);
    if (policy.breaker && !this.admit(model)) throw this.circuitOpen(model);
    let clock: CallClock | undefined;
    try {
      const prepared = await prepare();
      clock = new CallClock(options.signal, deadlines);
      const value = await body(prepared, clock, policy);
      if (policy.breaker) this.succeeded(model);
      if (payer && value.usage) payer.charge(model, value.usage);
      return value;
    } catch (err) {
      if (options.signal?.aborted) {
        if (policy.breaker) this.cancelled(model);
        throw err;
      }
      throw this.failed(model, task, clock?.expired ?? err, policy.logFailures, policy.breaker);
    } finally {
      clock?.release();
    }
  }

  private deadlines(options: CallOptions, totalMs: number): Deadlines {
    return {
      firstTokenMs: options.deadlines?.firstTokenMs ?? this.config.FIRST_TOKEN_TIMEOUT_MS,
      totalMs: options.deadlines?.totalMs ?? totalMs,
    };
  }

  /**
   * The chat model for an id, temperature and length cap. Built once and kept: the clients hold no per-call state
   * (signals and options travel with each call), and building one costs more than a turn's own work. Protected so
   * that graph tests can put scripted models in place of a provider's.
   */
  protected chatModel(id: string, temperature: number, maxTokens?: number): Promise<BaseChatModel> {
    // Temperatures come from users: the map stays small whatever they send.
    const key = `${id}\u0000${temperature}\u0000${maxTokens ?? ""}`;
    return keptOrMade(this.chatModels, key, MAX_KEPT_MODELS, () => {
      const made = this.makeChatModel(id, temperature, maxTokens);
      // A model that could not be built (no key) is not kept: the configuration may be fixed by the next call.
      made.catch(() => this.chatModels.delete(key));
      return made;
    });
  }

  private async makeChatModel(id: string, temperature: number, maxTokens?: number): Promise<BaseChatModel> {
    if (id === OFFLINE_CHAT) {
      const { OfflineExtractiveChatModel } = await import("./offline/extractive");
      return new OfflineExtractiveChatModel({ streamDelayMs: this.config.OFFLINE_STREAM_DELAY_MS });
    }
    return createChatModel(id, this.config, { temperature, maxTokens });
  }

  /**
   * The dictionary's annotations, remembered per text: a chat turn annotates the passages it retrieves, and the same
   * passages come back turn after turn. The result depends on the text alone (the word lists are fixed for the life
   * of the process); callers treat annotations as values and never change them.
   */
  private annotateWithLexicon(texts: string[]): AnnotationResult {
    const started = performance.now();
    const annotations = texts.map((text) =>
      keptOrMade(this.lexiconAnnotations, text, MAX_KEPT_ANNOTATIONS, () => annotateLexicon(text)),
    );
    const ms = Math.round(performance.now() - started);
    return {
      model: OFFLINE_ANNOTATOR,
      annotations,
      repaired: false,
      requests: 0,
      firstTokenMs: null,
      ms,
      finishReason: null,
    };
  }
}
