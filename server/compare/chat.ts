// The comparison in the chat: one message, retrieved once (the same passages for every model: a frozen context),
// answered and annotated by two or three models at once, with their timings and the annotation fields they disagree on.
// Texts attached to the message or to its thread are searched as in the chat: their passages come first, cited [n].
import type { Lang } from "../../contract/errors";
import type { Retriever } from "../../corpus/retrieval/types";
import type { ConversationAttachment } from "../../corpus/retrieval/attachments";
import { chatRetriever } from "../chat/chatRetriever";
import { buildAnswerMessages, shownPassages } from "../../graphs/chat/prompts";
import { checkGrounding } from "../../contract/groundingCheck";
import type { Annotation } from "../../contract/annotation";
import type { Config } from "../config";
import { resolveSettings } from "../../contract/settings";
import { priceUsage } from "../models/pricing";
import { OFFLINE_ANNOTATOR } from "../models/catalog";
import type { ModelGateway } from "../models/gateway";
import { foldDiacritics } from "../../contract/text";
import {
  COMPARED_FIELDS,
  type AnnotationDifference,
  type ChatCompareAnswer,
  type ChatCompareResponse,
  type CompareChatRequest,
  type ComparedField,
} from "../../contract/compareChat";
import { abilitiesOf, annotateOnce, streamAnswer } from "./calls";

/**
 * What compareInChat is asked: the validated body of POST /api/compare/chat, its attachments checked and joined to
 * the thread's earlier ones (server/attachments/attachments.ts, conversationAttachments).
 */
export type ChatCompareRequest = Omit<CompareChatRequest, "attachments" | "threadId" | "follows"> & {
  attachments?: ConversationAttachment[];
};

export interface ChatCompareDeps {
  config: Config;
  gateway: ModelGateway;
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
  displayLang?: Lang,
): Promise<ChatCompareResponse> {
  const { config, gateway, retriever } = deps;
  const { temperature, topK } = resolveSettings(request, {
    temperature: config.TEMPERATURE,
    topK: config.TOP_K,
  });
  const retrieveStarted = performance.now();
  const searched = chatRetriever(retriever, request.attachments);
  const passages = await searched.search(request.text, { k: topK, filters: request.filters });
  const retrieveMs = Math.round(performance.now() - retrieveStarted);
  const messages = buildAnswerMessages(request.text, passages);
  const shown = shownPassages(passages);

  const answers = await Promise.all(
    request.models.map(async (model): Promise<ChatCompareAnswer> => {
      const annotationModel = abilitiesOf(model).annotate ? model : OFFLINE_ANNOTATOR;
      const [answer, annotation] = await Promise.all([
        // The page's language frames an offline answer for the reader, as in the chat.
        streamAnswer(model, messages, {
          gateway,
          temperature,
          signal,
          timeoutMs: config.MODEL_TIMEOUT_MS,
          displayLang,
        }),
        // Annotation at temperature 0, with the codebook, as the app annotates.
        annotateOnce(annotationModel, request.text, {
          gateway,
          temperature: 0,
          signal,
          timeoutMs: config.ANNOTATION_TIMEOUT_MS,
        }),
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
        ...(answer.text.trim() ? { grounding: checkGrounding(answer.text, shown) } : {}),
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
