// State of the chat graph: one field per piece of a turn, each with a short comment. Nodes return
// `ChatUpdate` (a partial state). With a checkpointer the state of a thread outlives the turn: `messages`
// accumulates the conversation, every other field is reset by `startTurn` when the next turn begins.
import type { BaseMessage } from "@langchain/core/messages";
import { Annotation, messagesStateReducer } from "@langchain/langgraph";
import type { Annotation as Labels } from "../../contract/annotation";
import type { Passage } from "../../contract/corpus";
import type { Fallback, Timings, Usage } from "../../contract/protocol";
import type { RefineReport } from "../../contract/refine";

export interface AnnotationResult {
  annotation: Labels;
  model: string;
}

/** The branches that walk a model chain (each its own, see chain.ts). */
export type ChainNode = Fallback["node"];

export const ChatState = Annotation.Root({
  /** The user's message. */
  question: Annotation<string>,
  /** The conversation so far (questions and answers that completed), oldest first. */
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  /** The id of this turn's answer: the conversation keeps it on the answer, so that a later version can leave it out. */
  answerId: Annotation<string | null>({ reducer: (_, next) => next, default: () => null }),
  /** The answer this turn is a new version of ("regenerate", contract/answerVersions.ts); null for a new turn. */
  regenerates: Annotation<string | null>({ reducer: (_, next) => next, default: () => null }),
  /**
   * The stored answers from the thread's start to this question's parent (contract/answerVersions.ts), as the server
   * reads its thread; the model's history is that path. Null: the question follows the newest message.
   */
  path: Annotation<string[] | null>({ reducer: (_, next) => next, default: () => null }),
  /** Top-k passages from the corpus. */
  passages: Annotation<Passage[]>({ reducer: (_, next) => next, default: () => [] }),
  /** The annotation of the user's message. */
  messageAnnotation: Annotation<AnnotationResult | null>({ reducer: (_, next) => next, default: () => null }),
  /** Annotations of the passages, by passage id. */
  passageAnnotations: Annotation<Record<string, AnnotationResult>>({
    reducer: (_, next) => next,
    default: () => ({}),
  }),
  /** The final answer text (named apart from the "answer" node, as LangGraph requires). */
  answerText: Annotation<string>({ reducer: (_, next) => next, default: () => "" }),
  /** The model that produced the answer. */
  answerModel: Annotation<string | null>({ reducer: (_, next) => next, default: () => null }),
  /** Tokens in and out of the answering call (both calls of a draft → refine answer), when reported. */
  usage: Annotation<Usage | null>({ reducer: (_, next) => next, default: () => null }),
  /** Tokens in and out of the annotation calls (none for the offline lexicon). */
  annotationUsage: Annotation<Usage | null>({ reducer: (_, next) => next, default: () => null }),
  /** The two parts of a draft → refine answer, when the turn made one. */
  refine: Annotation<RefineReport | null>({ reducer: (_, next) => next, default: () => null }),
  /**
   * Every fallback of this turn. annotate and answer each walk their own chain side by side and report their own
   * fallbacks, so they add up; `null` (a new turn) empties the list.
   */
  fallbacks: Annotation<Fallback[], Fallback[] | null>({
    reducer: (current, next) => (next === null ? [] : [...current, ...next]),
    default: () => [],
  }),
  /** Per-step timings of this turn: each node adds its own; `null` (a new turn) empties them. */
  timings: Annotation<Partial<Timings>, Partial<Timings> | null>({
    reducer: (current, next) => (next === null ? {} : { ...current, ...next }),
    default: () => ({}),
  }),
});

export type ChatStateValue = typeof ChatState.State;
export type ChatUpdate = typeof ChatState.Update;

/** Which answer a turn writes, which earlier answer (if any) it replaces, and the answers it was asked after. */
export interface TurnIds {
  answerId?: string;
  regenerates?: string;
  /** The stored answers on the way to the question's parent, oldest first (see the state's `path`). */
  path?: string[];
}

/** The input of a new turn: the question, and every per-turn field back to its start value. */
export function startTurn(question: string, earlier: BaseMessage[] = [], ids: TurnIds = {}): ChatUpdate {
  return {
    question,
    answerId: ids.answerId ?? null,
    regenerates: ids.regenerates ?? null,
    path: ids.path ?? null,
    messages: earlier,
    passages: [],
    messageAnnotation: null,
    passageAnnotations: {},
    answerText: "",
    answerModel: null,
    usage: null,
    annotationUsage: null,
    refine: null,
    fallbacks: null,
    timings: null,
  };
}
