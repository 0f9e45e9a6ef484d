// State of the chat graph: one field per piece of a turn, each with a short comment. Nodes return
// `ChatUpdate` (a partial state).
import { Annotation } from "@langchain/langgraph";
import type { Annotation as Labels } from "../../server/annotation/schema";
import type { Passage } from "../../corpus/retrieval/types";
import type { Fallback, Timings, Usage } from "../../server/protocol";
import type { ConversationTurn } from "./prompts";

export interface AnnotationResult {
  annotation: Labels;
  model: string;
}

/** A failed model call, waiting for the fallback node. */
export type Failure = Fallback;

export type ChainNode = "annotate" | "answer";

export const ChatState = Annotation.Root({
  /** The user's message. */
  question: Annotation<string>,
  /** Earlier turns of the thread, oldest first, for models that use them. */
  history: Annotation<ConversationTurn[]>({ reducer: (_, next) => next, default: () => [] }),
  /** Top-k passages from the corpus. */
  passages: Annotation<Passage[]>({ reducer: (_, next) => next, default: () => [] }),
  /** The annotation of the user's message. */
  messageAnnotation: Annotation<AnnotationResult | null>({ reducer: (_, next) => next, default: () => null }),
  /** Annotations of the passages, by passage id. */
  passageAnnotations: Annotation<Record<string, AnnotationResult>>({ reducer: (_, next) => next, default: () => ({}) }),
  /** The final answer text (named apart from the "answer" node, as LangGraph requires). */
  answerText: Annotation<string>({ reducer: (_, next) => next, default: () => "" }),
  /** The model that produced the answer. */
  answerModel: Annotation<string | null>({ reducer: (_, next) => next, default: () => null }),
  /** Tokens in and out of the answering call, when reported. */
  usage: Annotation<Usage | null>({ reducer: (_, next) => next, default: () => null }),
  /** Position in each node's model chain (0 = primary). */
  chainPosition: Annotation<Record<ChainNode, number>>({
    reducer: (_, next) => next,
    default: () => ({ annotate: 0, answer: 0 }),
  }),
  /** The last failed model call, set by annotate/answer and consumed by fallback. */
  failure: Annotation<Failure | null>({ reducer: (_, next) => next, default: () => null }),
  /** The node the fallback sends the run back to. */
  resumeAt: Annotation<ChainNode | null>({ reducer: (_, next) => next, default: () => null }),
  /** Every fallback of this turn, in order. */
  fallbacks: Annotation<Fallback[]>({ reducer: (all, next) => [...all, ...next], default: () => [] }),
  /** Per-step timings, merged as the steps finish. */
  timings: Annotation<Partial<Timings>>({ reducer: (all, next) => ({ ...all, ...next }), default: () => ({}) }),
});

export type ChatStateValue = typeof ChatState.State;
export type ChatUpdate = typeof ChatState.Update;
