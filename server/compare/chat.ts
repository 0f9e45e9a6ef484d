// The comparison in the chat: one message, retrieved once (the same passages for every model: a frozen context),
// answered and annotated by two or three models at once, with their timings and the annotation fields they disagree on.
import type { Retriever } from "../../corpus/retrieval/types";
import { buildAnswerMessages } from "../../graphs/chat/prompts";
import type { Annotation } from "../../contract/annotation";
import type { Config } from "../config";
import type { Filters } from "../../contract/settings";
import type { Source } from "../../contract/corpus";
import { priceUsage, type PricedUsage } from "../models/pricing";
import { OFFLINE_ANNOTATOR, type ModelRegistry } from "../models/registry";
import { foldDiacritics } from "../../contract/text";
import type { FinishReason } from "./assertions";
import { abilitiesOf, annotateOnce, streamAnswer, withCallSignal, type CallError } from "./calls";

export interface ChatCompareRequest {
  text: string;
  models: string[];
  topK?: number;
  temperature?: number;
  filters?: Filters;
}

export interface ChatCompareAnswer {
  model: string;
  /** The whole answer, or what had streamed before a failure ("" when nothing did). */
  answer: string;
  /** The annotation of the user's message, or null when it failed. */
  annotation: Annotation | null;
  /** Who annotated: the model itself, or offline:lexicon for a model that does not annotate. */
  annotationModel: string;
  timings: { firstTokenMs: number | null; totalMs: number; annotateMs: number };
  usage?: PricedUsage;
  finishReason: FinishReason | null;
  /** Why the answer failed, if it did. */
  error?: CallError;
  /** Why the annotation failed, if it did. */
  annotationError?: CallError;
}

export const COMPARED_FIELDS = ["ton", "populism", "anti_elitism", "popor_central", "tema", "tinta"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface AnnotationDifference {
  field: ComparedField;
  values: { model: string; value: string | boolean | null }[];
}

export interface ChatCompareResponse {
  question: string;
  temperature: number;
  topK: number;
  /** The passages every model received, in the order they were numbered [1], [2]... */
  sources: Source[];
  retrieveMs: number;
  answers: ChatCompareAnswer[];
  /** Annotation fields on which the models that annotated disagree (tinta compared without case and diacritics). */
  differences: AnnotationDifference[];
}

export interface ChatCompareDeps {
  config: Config;
  registry: ModelRegistry;
  retriever: Retriever;
}

function comparable(field: ComparedField, value: Annotation[ComparedField]): string {
  if (field === "tinta") return value === null ? "" : foldDiacritics(String(value)).trim();
  return String(value);
}

/** The fields whose values differ between the annotations given (models without one are left out). */
export function annotationDifferences(
  items: { model: string; annotation: Annotation | null }[],
): AnnotationDifference[] {
  const annotated = items.filter(
    (i): i is { model: string; annotation: Annotation } => i.annotation !== null,
  );
  if (annotated.length < 2) return [];
  return COMPARED_FIELDS.flatMap((field) => {
    const distinct = new Set(annotated.map((i) => comparable(field, i.annotation[field])));
    if (distinct.size < 2) return [];
    return [{ field, values: annotated.map((i) => ({ model: i.model, value: i.annotation[field] })) }];
  });
}

/** Runs the comparison; a model's failure is in its answer's `error`, never thrown. */
export async function compareInChat(
  deps: ChatCompareDeps,
  request: ChatCompareRequest,
  signal?: AbortSignal,
): Promise<ChatCompareResponse> {
  const { config, registry, retriever } = deps;
  const temperature = request.temperature ?? config.TEMPERATURE;
  const topK = request.topK ?? config.TOP_K;
  const retrieveStarted = performance.now();
  const passages = await retriever.search(request.text, { k: topK, filters: request.filters });
  const retrieveMs = Math.round(performance.now() - retrieveStarted);
  const messages = buildAnswerMessages(request.text, passages);

  const answers = await Promise.all(
    request.models.map(async (model): Promise<ChatCompareAnswer> => {
      const annotationModel = abilitiesOf(model).annotate ? model : OFFLINE_ANNOTATOR;
      const [answer, annotation] = await Promise.all([
        withCallSignal(signal, config.MODEL_TIMEOUT_MS, (callSignal) =>
          streamAnswer(
            model,
            messages,
            { config, registry, temperature, signal: callSignal },
            { firstTokenTimeoutMs: config.FIRST_TOKEN_TIMEOUT_MS },
          ),
        ),
        // Annotation at temperature 0, as the app annotates.
        withCallSignal(signal, config.MODEL_TIMEOUT_MS, (callSignal) =>
          annotateOnce(annotationModel, request.text, {
            config,
            registry,
            temperature: 0,
            signal: callSignal,
          }),
        ),
      ]);
      return {
        model,
        answer: answer.text,
        annotation: annotation.annotation,
        annotationModel,
        timings: {
          firstTokenMs: answer.ttftMs === null ? null : Math.round(answer.ttftMs),
          totalMs: Math.round(answer.latencyMs),
          annotateMs: Math.round(annotation.latencyMs),
        },
        ...(answer.usage ? { usage: priceUsage(model, answer.usage) } : {}),
        finishReason: answer.finishReason,
        ...(answer.error ? { error: answer.error } : {}),
        ...(annotation.error ? { annotationError: annotation.error } : {}),
      };
    }),
  );

  return {
    question: request.text,
    temperature,
    topK,
    sources: passages,
    retrieveMs,
    answers,
    differences: annotationDifferences(answers),
  };
}
