// One text in, one validated annotation out, by exactly the model named: the dictionary (`offline:lexicon`) or a
// provider's chat model with the codebook as system prompt. No fallback here: a batch uses the model it was asked for.
import type { Config } from "../config";
import { AppError, type ErrorCode } from "../../contract/errors";
import type { TokenUsage } from "../models/llmAnnotator";
import { LEXICON_VERSION, annotateLexicon } from "../models/offline/lexicon";
import { codebookPrompt } from "./codebook";
import type { Annotation } from "../../contract/annotation";

export const LEXICON_MODEL = "offline:lexicon";

export interface TextAnnotation {
  annotation: Annotation;
  usage?: TokenUsage;
  /** The first output did not validate and was repaired (counted by `evaluate`). */
  repaired: boolean;
}

/** A failed call as the batch needs it: the error to record, and whether (and when) trying again may help. */
export interface ClassifiedError {
  error: AppError;
  code: ErrorCode;
  transient: boolean;
  retryAfterMs?: number;
}

export interface TextAnnotator {
  readonly model: string;
  /** Null for models without a temperature (the dictionary). */
  readonly temperature: number | null;
  /** Whether results are worth caching: the dictionary is faster to rerun than to look up. */
  readonly cacheable: boolean;
  /** The version of the model itself when it has one (the lexicon's word lists). */
  readonly modelVersion?: string;
  annotate(text: string, signal?: AbortSignal): Promise<TextAnnotation>;
  /** Turns whatever the call threw into an AppError with a code and a detail safe to store, classified. */
  classifyError(err: unknown): ClassifiedError;
}

export interface TextAnnotatorOptions {
  temperature?: number;
  /** Deadline of one call; the configured MODEL_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

/** The dictionary annotator; it has no temperature and nothing it throws is worth retrying. */
export const lexiconAnnotator: TextAnnotator = {
  model: LEXICON_MODEL,
  temperature: null,
  cacheable: false,
  modelVersion: LEXICON_VERSION,
  annotate: async (text) => ({ annotation: annotateLexicon(text), repaired: false }),
  classifyError: (err) => {
    const error =
      err instanceof AppError
        ? err
        : new AppError("internal", { detail: err instanceof Error ? err.message : String(err) });
    return { error, code: error.code, transient: false };
  },
};

/**
 * The annotator for a model id; rejects with AppError input:unknown_model / provider:auth when it cannot be built.
 * The provider clients (LangChain, the OpenAI and Gemini SDKs) load only when a provider model is asked for, so that
 * offline runs and `evaluate` start fast.
 */
export async function createTextAnnotator(
  modelId: string,
  config: Config,
  options: TextAnnotatorOptions = {},
): Promise<TextAnnotator> {
  if (modelId === LEXICON_MODEL) return lexiconAnnotator;
  const [{ createChatModel, parseModelId, providerError, classifyProviderError }, { annotateWithLlm }] =
    await Promise.all([import("../models/providers"), import("../models/llmAnnotator")]);
  const { provider } = parseModelId(modelId);
  if (provider === "offline") throw new AppError("input:unknown_model", { model: modelId });
  const temperature = options.temperature ?? 0;
  const chat = createChatModel(modelId, config, {
    temperature,
    // Retries belong to the batch (it backs off on 429 for every row at once), not to the SDK.
    maxRetries: 0,
    timeoutMs: options.timeoutMs ?? config.MODEL_TIMEOUT_MS,
  });
  const systemPrompt = codebookPrompt();
  return {
    model: modelId,
    temperature,
    cacheable: true,
    annotate: async (text, signal) => {
      const result = await annotateWithLlm(chat, text, { provider, signal, systemPrompt });
      return { annotation: result.annotation, usage: result.usage, repaired: result.repaired };
    },
    classifyError: (err) => {
      const error = providerError(err, config, modelId);
      const { code, transient, retryAfterMs } = classifyProviderError(error);
      return { error, code, transient, retryAfterMs };
    },
  };
}
