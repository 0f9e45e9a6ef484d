// One text in, one validated annotation out, by exactly the model named, through the model gateway (the codebook as
// system prompt, the deadlines, structured output with one repair). No fallback and no retry here: a batch uses the
// model it was asked for, and backs off for all its rows at once (batch.ts).
import { AppError, type ErrorCode } from "../../contract/errors";
import type { Annotation } from "../../contract/annotation";
import { OFFLINE_ANNOTATOR } from "../models/catalog";
import { classifyProviderError } from "../models/providerErrors";
import type { ModelGateway } from "../models/gateway";
import type { TokenUsage } from "../models/providers";
import { LEXICON_VERSION } from "../models/offline/lexicon";

export const LEXICON_MODEL = OFFLINE_ANNOTATOR;

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
}

/** The gateway's errors are redacted AppErrors already; anything else is ours, and not worth retrying. */
export function classifyError(err: unknown): ClassifiedError {
  const error =
    err instanceof AppError
      ? err
      : new AppError("internal", { detail: err instanceof Error ? err.message : String(err) });
  const { code, transient, retryAfterMs } = classifyProviderError(error);
  return retryAfterMs === undefined ? { error, code, transient } : { error, code, transient, retryAfterMs };
}

/**
 * The annotator for a model id; rejects with AppError input:unknown_model / provider:auth when the model cannot be
 * called at all. The provider's client loads only when a provider model is asked for, so that offline runs and
 * `evaluate` start fast.
 */
export async function createTextAnnotator(
  modelId: string,
  gateway: ModelGateway,
  options: TextAnnotatorOptions = {},
): Promise<TextAnnotator> {
  gateway.assertCanAnnotate(modelId);
  if (modelId === LEXICON_MODEL) {
    return {
      model: LEXICON_MODEL,
      temperature: null,
      cacheable: false,
      modelVersion: LEXICON_VERSION,
      annotate: async (text) => ({
        annotation: (await gateway.annotate(LEXICON_MODEL, [text])).annotations[0]!,
        repaired: false,
      }),
      classifyError,
    };
  }
  const temperature = options.temperature ?? 0;
  return {
    model: modelId,
    temperature,
    cacheable: true,
    annotate: async (text, signal) => {
      const result = await gateway.annotate(modelId, [text], { signal, temperature, purpose: "batch" });
      return { annotation: result.annotations[0]!, usage: result.usage, repaired: result.repaired };
    },
    classifyError,
  };
}
