// The chat's client state and the queries on it that the UI and the socket hook read (the live answer, whether a
// send would be refused as busy, what "regenerate" sends again); the reducer (chat.ts) changes it.
import type { Source } from "../../../contract/corpus";
import type { UserError } from "../../../contract/errors";
import type { AssistantMessage, AttributedAnnotation, ChatMessage, UserMessage } from "./messages";

export interface ChatState {
  threadId?: string;
  /** The thread is being fetched from the server (opened from the list, or reloaded after a reconnect). */
  loading?: boolean;
  messages: ChatMessage[];
  /** An error that belongs to no message (e.g. `chat:error` without a messageId). */
  notice?: UserError;
}

export function isLive(m: AssistantMessage): boolean {
  return m.status === "streaming";
}

/** A live answer the person can stop: not while the connection is down (the stop could not reach the server). */
export function isStoppable(m: AssistantMessage): boolean {
  return isLive(m) && m.interrupted !== "lost" && m.interrupted !== "unreachable";
}

/** The answer being streamed, if any (at most one: the server runs one answer per connection). */
export function liveAnswer(state: ChatState): AssistantMessage | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.role === "assistant" && isLive(m)) return m;
  }
  return undefined;
}

/**
 * True while the thread shown cannot take a new message: one waits for its ack, or an answer is being written,
 * on this connection or (detached by a reconnect) on an older one; the server writes one answer at a time in a
 * thread.
 */
export function isBusy(state: ChatState): boolean {
  return state.messages.some((m) => (m.role === "user" ? m.status === "pending" : isLive(m)));
}

/** Live answers waiting for the stored thread after a reconnect that could not replay their events. */
export function hasDetachedAnswers(state: ChatState): boolean {
  return state.messages.some((m) => m.role === "assistant" && isLive(m) && m.interrupted === "detached");
}

/** The newest answer of the thread. */
export function lastAnswer(state: ChatState): AssistantMessage | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.role === "assistant") return m;
  }
  return undefined;
}

/** The question an answer replied to: what "regenerate" sends again. */
export function questionOf(state: ChatState, answerId: string): UserMessage | undefined {
  const answer = findAnswer(state, answerId);
  if (!answer) return undefined;
  const i = indexOf(state, answer.replyTo, "user");
  const m = i >= 0 ? state.messages[i] : undefined;
  return m?.role === "user" ? m : undefined;
}

/** The answer that replied to a question (its id names the stored turn, e.g. for a label or feedback). */
export function answerTo(state: ChatState, userId: string): AssistantMessage | undefined {
  return state.messages.find((m): m is AssistantMessage => m.role === "assistant" && m.replyTo === userId);
}

/**
 * An answer that has ended can be regenerated (a new version of its turn; the page offers it on the last answer
 * shown), when nothing else is running.
 */
export function canRegenerate(state: ChatState, answerId: string): boolean {
  const answer = findAnswer(state, answerId);
  return (
    !isBusy(state) && answer !== undefined && !isLive(answer) && questionOf(state, answerId) !== undefined
  );
}

/** The server has stored this answer (it is finished), so labels and feedback can name it. */
export function isStored(m: AssistantMessage): boolean {
  return m.status === "done" || m.status === "stopped" || m.status === "interrupted";
}

export function findAnswer(state: ChatState, messageId: string): AssistantMessage | undefined {
  const i = indexOf(state, messageId, "assistant");
  const m = i >= 0 ? state.messages[i] : undefined;
  return m?.role === "assistant" ? m : undefined;
}

/** A source's annotation: the attributed one from `chat:annotation` first, else the one sent with the source. */
export function sourceAnnotation(m: AssistantMessage, source: Source): AttributedAnnotation | undefined {
  return (
    m.sourceAnnotations[source.id] ?? (source.annotation ? { annotation: source.annotation } : undefined)
  );
}

// Searching from the end: events almost always concern the newest messages.
export function indexOf(state: ChatState, id: string, role: ChatMessage["role"]): number {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m && m.id === id && m.role === role) return i;
  }
  return -1;
}
