// The model registry: turns a `provider:model` string into a chat model, an annotator or an embedder, builds the
// chains (MODEL_PRIMARY, MODEL_FALLBACK..., then the offline models) that the chat graph walks, and keeps the
// per-model circuit breaker and retry policy that every model call of the app goes through.
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Annotation } from "../../contract/annotation";
import type { Config } from "../config";
import { AppError, type ErrorCode } from "../../contract/errors";
import { createLogger, type Logger } from "../log";
import type { ModelCapability, ModelInfo } from "../../contract/api";
import { CircuitBreaker, countsAgainstModel, type BreakerOptions } from "./circuitBreaker";
import { createEmbeddings } from "./embeddings";
import { codebookPrompt } from "../annotation/codebook";
import { annotateWithLlm } from "./llmAnnotator";
import { OfflineExtractiveChatModel } from "./offline/extractive";
import { HashEmbeddings } from "./offline/hashEmbeddings";
import { annotateLexicon } from "./offline/lexicon";
import {
  createChatModel,
  isConfigured,
  missingConfiguration,
  parseModelId,
  providerError,
} from "./providers";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry";

export const OFFLINE_CHAT = "offline:extractive";
export const OFFLINE_ANNOTATOR = "offline:lexicon";
export const OFFLINE_EMBEDDINGS = "offline:hash";

const OFFLINE_MODELS: Record<string, ModelCapability[]> = {
  [OFFLINE_CHAT]: ["chat"],
  [OFFLINE_ANNOTATOR]: ["annotate"],
  [OFFLINE_EMBEDDINGS]: ["embed"],
};

export interface AnnotateOptions {
  signal?: AbortSignal;
  temperature?: number;
}

/** Annotates texts in order; one implementation per model (dictionary or LLM). */
export interface Annotator {
  readonly model: string;
  annotate(texts: string[], options?: AnnotateOptions): Promise<Annotation[]>;
}

export interface ChatModelOptions {
  temperature?: number;
}

export interface RegistryOptions {
  /** Where warnings and model failures are logged; a logger for the config's LOG_LEVEL by default. */
  logger?: Logger;
  retry?: RetryPolicy;
  breaker?: CircuitBreaker | Partial<BreakerOptions>;
}

/** A model configured in MODEL_PRIMARY / MODEL_FALLBACK that cannot be used, and what it lacks. */
export interface ConfigurationWarning {
  model: string;
  missing: string;
  message: string;
}

function capabilitiesOf(id: string): ModelCapability[] {
  const offline = OFFLINE_MODELS[id];
  if (offline) return offline;
  parseModelId(id); // throws input:unknown_model for an unknown provider
  return ["chat", "annotate"];
}

function isOffline(id: string): boolean {
  return id.startsWith("offline:");
}

/** Whether a call was ended by its caller (a stop) rather than by a deadline or the model itself. */
function stoppedByCaller(signal: AbortSignal | undefined): boolean {
  if (!signal?.aborted) return false;
  const reason: unknown = signal.reason;
  return !(reason instanceof Error && reason.name === "TimeoutError") && !(reason instanceof AppError);
}

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

export class ModelRegistry {
  readonly logger: Logger;
  readonly retryPolicy: RetryPolicy;
  readonly breaker: CircuitBreaker;
  private readonly chatModels = new Map<string, BaseChatModel>();
  private readonly lexiconAnnotations = new Map<string, Annotation>();

  constructor(
    private readonly config: Config,
    options: RegistryOptions = {},
  ) {
    this.logger = options.logger ?? createLogger(config);
    this.retryPolicy = options.retry ?? DEFAULT_RETRY;
    this.breaker =
      options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker(options.breaker ?? {});
    for (const w of this.configurationWarnings())
      this.logger.warn(w.message, { model: w.model, missing: w.missing });
  }

  /** Every model of the configured chain, in order, always ending in the offline models. */
  list(): ModelInfo[] {
    const ids = [
      ...new Set([this.config.MODEL_PRIMARY, ...this.config.MODEL_FALLBACK, OFFLINE_CHAT, OFFLINE_ANNOTATOR]),
    ];
    return ids.map((id) => {
      const { provider } = parseModelId(id);
      return {
        id,
        provider,
        capabilities: capabilitiesOf(id),
        configured: provider === "offline" ? id in OFFLINE_MODELS : isConfigured(id, this.config),
        offline: provider === "offline",
      };
    });
  }

  /** One warning per configured model that is left out of the chain because its provider lacks a variable. */
  configurationWarnings(): ConfigurationWarning[] {
    const ids = [...new Set([this.config.MODEL_PRIMARY, ...this.config.MODEL_FALLBACK])];
    return ids.flatMap((model) => {
      const missing = missingConfiguration(model, this.config);
      if (!missing) return [];
      const message = `Modelul „${model}” este lăsat în afara lanțului: lipsește ${missing} (setați-o în .env).`;
      return [{ model, missing, message }];
    });
  }

  /** Throws input:unknown_model unless the id is one of the configured chain's models. */
  assertKnown(id: string): void {
    if (!this.list().some((m) => m.id === id)) throw new AppError("input:unknown_model", { model: id });
  }

  /** The models that answer, in order; a requested model goes first and the rest of the chain follows it. */
  answerChain(requested?: string): string[] {
    return this.chainFor("chat", requested, OFFLINE_CHAT);
  }

  /** The models that annotate, in order, ending in the offline lexicon. */
  annotateChain(requested?: string): string[] {
    return this.chainFor("annotate", requested, OFFLINE_ANNOTATOR);
  }

  private chainFor(capability: ModelCapability, requested: string | undefined, last: string): string[] {
    const usable = this.list()
      .filter((m) => m.capabilities.includes(capability) && m.configured)
      .map((m) => m.id);
    if (requested && usable.includes(requested)) {
      return [requested, ...usable.filter((id) => id !== requested)];
    }
    return usable.length ? usable : [last];
  }

  // ---- Circuit breaker: every model call of the app asks first and reports how it ended ----

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
   * Records a failed call: logged with its detail (secrets redacted), counted by the breaker when it says the
   * model is unavailable. Returns the redacted AppError the failure becomes.
   */
  failed(id: string, node: string, err: unknown): AppError {
    const error = providerError(err, this.config, id);
    if (!isOffline(id) && countsAgainstModel(error.code)) this.breaker.failure(id);
    const state = isOffline(id) ? "closed" : this.breaker.snapshot(id).state;
    this.logger.warn("model call failed", {
      model: id,
      node,
      code: error.code,
      detail: error.params.detail,
      circuit: state,
    });
    return error;
  }

  /** The AppError for a model the breaker skips. */
  circuitOpen(id: string): AppError {
    const retryInMs = Math.round(this.breaker.snapshot(id).retryInMs ?? 0);
    this.logger.info("model skipped: circuit open", { model: id, retryInMs });
    return new AppError("provider:circuit_open", { model: id, retryInMs });
  }

  retryLogger(id: string, node: string) {
    return (info: { attempt: number; delayMs: number; code: ErrorCode }) =>
      this.logger.info("model call retried", { model: id, node, ...info });
  }

  // ---- Models ----

  /**
   * The chat model for an id and temperature. Built once and kept: the clients hold no per-call state (signals,
   * callbacks and options travel with each call), and building one costs more than a turn's own work.
   */
  chatModel(id: string, options: ChatModelOptions = {}): BaseChatModel {
    const temperature = options.temperature ?? this.config.TEMPERATURE;
    // Temperatures come from users: the map stays small whatever they send.
    return keptOrMade(this.chatModels, `${id}\u0000${temperature}`, MAX_KEPT_MODELS, () => {
      if (id === OFFLINE_CHAT) {
        return new OfflineExtractiveChatModel({ streamDelayMs: this.config.OFFLINE_STREAM_DELAY_MS });
      }
      if (parseModelId(id).provider === "offline") throw new AppError("input:unknown_model", { model: id });
      return createChatModel(id, this.config, { temperature });
    });
  }

  /**
   * The annotator for a model. LLM annotators go through the breaker (a skipped model throws
   * provider:circuit_open at once) and retry transient errors per text; their errors are redacted AppErrors.
   */
  annotator(id: string): Annotator {
    if (id === OFFLINE_ANNOTATOR) {
      return { model: id, annotate: async (texts) => texts.map((text) => this.lexiconAnnotation(text)) };
    }
    const { provider } = parseModelId(id);
    if (provider === "offline") throw new AppError("input:unknown_model", { model: id });
    return {
      model: id,
      annotate: async (texts, options = {}) => {
        if (!this.admit(id)) throw this.circuitOpen(id);
        const { signal } = options;
        try {
          const model = createChatModel(id, this.config, { temperature: options.temperature ?? 0 });
          const systemPrompt = codebookPrompt();
          const results: Annotation[] = [];
          // Sequential on purpose: free tiers rate-limit bursts, and the first failure stops the rest at once
          // (the fallback takes over); batch concurrency lives in the annotate CLI.
          for (const text of texts) {
            const result = await withRetry(
              () => annotateWithLlm(model, text, { signal, provider, systemPrompt }),
              {
                policy: this.retryPolicy,
                signal,
                onRetry: this.retryLogger(id, "annotate"),
              },
            );
            results.push(result.annotation);
          }
          this.succeeded(id);
          return results;
        } catch (err) {
          if (stoppedByCaller(signal)) {
            this.cancelled(id);
            throw err;
          }
          throw this.failed(id, "annotate", err);
        }
      },
    };
  }

  /**
   * The dictionary's annotation of a text, remembered: a chat turn annotates the passages it retrieves, and the
   * same passages come back turn after turn. The result depends on the text alone (the word lists are fixed for
   * the life of the process); callers treat annotations as values and never change them.
   */
  private lexiconAnnotation(text: string): Annotation {
    return keptOrMade(this.lexiconAnnotations, text, MAX_KEPT_ANNOTATIONS, () => annotateLexicon(text));
  }

  /** The embedder for an id: `offline:hash`, or a provider's embedding model (ConfigError when it lacks a key). */
  embeddings(id: string = this.config.EMBEDDINGS): Embeddings {
    if (id === OFFLINE_EMBEDDINGS) return new HashEmbeddings();
    if (parseModelId(id).provider === "offline") throw new AppError("input:unknown_model", { model: id });
    return createEmbeddings(id, this.config);
  }
}
