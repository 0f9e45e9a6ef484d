// POST /api/compare/chat: one message answered by two or three models with the same passages, beside the chat
// (server/compare/chat.ts); its request and its answer, defined once for the server and the client.
import { z } from "zod";
import type { Annotation } from "./annotation";
import { AttachmentsSchema } from "./attachments";
import type { CallError, FinishReason, PricedUsage } from "./compare";
import type { Source } from "./corpus";
import type { Grounding } from "./grounding";
import { FiltersSchema, TemperatureSchema } from "./settings";

/**
 * POST /api/compare/chat: one message answered by two or three models with the same passages. Its attachments, and
 * those of the thread it is asked beside (`threadId`) on the path the page shows (to the answer it `follows`, or to
 * the thread's newest message), are searched as the chat searches them.
 */
export const CompareChatSchema = z
  .object({
    text: z.string().max(1_000_000),
    models: z.array(z.string().trim().min(1).max(200)).min(2).max(3),
    topK: z.number().int().min(1).max(50).optional(),
    temperature: TemperatureSchema.optional(),
    filters: FiltersSchema.optional(),
    attachments: AttachmentsSchema.optional(),
    threadId: z.string().min(1).max(200).optional(),
    /** The answer shown last in the thread (contract/answerVersions.ts): the branch whose attachments count. */
    follows: z.string().min(1).max(200).optional(),
  })
  .strict();
export type CompareChatRequest = z.infer<typeof CompareChatSchema>;

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
  /** The answer's grounding in the shared sources (the offline check, docs/grounding.md). */
  grounding?: Grounding;
  /** Why the annotation failed, if it did. */
  annotationError?: CallError;
}

/** The annotation fields the chat comparison shows differences for. */
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
