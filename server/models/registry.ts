// The model registry: turns a `provider:model` string into a chat model, an annotator or an embedder, and
// builds the chains (MODEL_PRIMARY, MODEL_FALLBACK..., then the offline models) that the chat graph walks.
import type { Embeddings } from "@langchain/core/embeddings";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Annotation } from "../annotation/schema";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { ModelCapability, ModelInfo } from "../protocol";
import { OfflineExtractiveChatModel } from "./offline/extractive";
import { HashEmbeddings } from "./offline/hashEmbeddings";
import { annotateLexiconBatch } from "./offline/lexicon";
import { annotateWithLlm } from "./llmAnnotator";
import { createChatModel, isConfigured, parseModelId } from "./providers";

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

function capabilitiesOf(id: string): ModelCapability[] {
  const offline = OFFLINE_MODELS[id];
  if (offline) return offline;
  parseModelId(id); // throws input:unknown_model for an unknown provider
  return ["chat", "annotate"];
}

export class ModelRegistry {
  constructor(private readonly config: Config) {}

  /** Every model of the configured chain, in order, always ending in the offline models. */
  list(): ModelInfo[] {
    const ids = [...new Set([this.config.MODEL_PRIMARY, ...this.config.MODEL_FALLBACK, OFFLINE_CHAT, OFFLINE_ANNOTATOR])];
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

  chatModel(id: string, options: ChatModelOptions = {}): BaseChatModel {
    if (id === OFFLINE_CHAT) return new OfflineExtractiveChatModel({ streamDelayMs: this.config.OFFLINE_STREAM_DELAY_MS });
    if (parseModelId(id).provider === "offline") throw new AppError("input:unknown_model", { model: id });
    return createChatModel(id, this.config, { temperature: options.temperature ?? this.config.TEMPERATURE });
  }

  annotator(id: string): Annotator {
    if (id === OFFLINE_ANNOTATOR) {
      return { model: id, annotate: async (texts) => annotateLexiconBatch(texts) };
    }
    const { provider } = parseModelId(id);
    if (provider === "offline") throw new AppError("input:unknown_model", { model: id });
    return {
      model: id,
      annotate: async (texts, options = {}) => {
        const model = createChatModel(id, this.config, { temperature: options.temperature ?? 0 });
        const results = [];
        // Sequential on purpose: free tiers rate-limit bursts; batch concurrency lives in the annotate CLI.
        for (const text of texts) {
          results.push((await annotateWithLlm(model, text, { signal: options.signal, provider })).annotation);
        }
        return results;
      },
    };
  }

  embeddings(id: string = this.config.EMBEDDINGS): Embeddings {
    if (id === OFFLINE_EMBEDDINGS) return new HashEmbeddings();
    throw new AppError("input:unknown_model", { model: id });
  }
}
