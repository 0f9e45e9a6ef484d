// A stored thread (GET /api/threads/:id) merged into what the client shows: the server's copy of an answer wins once
// it is final, what the client has that the server has not stored yet stays, and nothing shows twice.
import type { StoredMessage } from "../../../contract/threads";
import { answerTo, isLive, type ChatState } from "./chatQueries";
import type { AssistantMessage, ChatMessage, UserMessage } from "./messages";
import { finalStepState, messagesFromStored, settleSteps } from "./storedThread";

/**
 * Merges the stored thread into what the client shows, by message id: the server's copy wins for every answer
 * it has stored (a turn that finished while the client was away appears, final), answers it has not stored
 * yet (still streaming, or stored after the fetch) stay, and questions not acknowledged yet stay. Nothing is
 * shown twice: a stored question is matched to the client's copy through its answer, or by its text while
 * the answer is still running. Unchanged messages keep their identity, so they do not re-render.
 */
export function mergeStoredThread(state: ChatState, stored: StoredMessage[]): ChatState {
  const built = messagesFromStored(stored);
  const storedIds = new Set(stored.map((m) => m.id));
  const localUsers = new Map<string, UserMessage>();
  const localAnswers = new Map<string, AssistantMessage>();
  for (const m of state.messages) {
    if (m.role === "user") localUsers.set(m.id, m);
    else localAnswers.set(m.id, m);
  }

  // Stored question id → the client's copy, found through the answer both sides know.
  const localQuestion = new Map<string, UserMessage>();
  const usedLocal = new Set<string>();
  for (const m of built) {
    if (m.role !== "assistant" || !m.replyTo) continue;
    const local = localAnswers.get(m.id);
    const question = local ? localUsers.get(local.replyTo) : undefined;
    if (question && !usedLocal.has(question.id)) {
      localQuestion.set(m.replyTo, question);
      usedLocal.add(question.id);
    }
  }

  // One slot per stored message; a question still unanswered on the server may receive the client's answer.
  const slots: ChatMessage[][] = [];
  const unanswered: { slot: number; text: string }[] = [];
  const idMap = new Map<string, string>();
  built.forEach((m, i) => {
    if (m.role === "user") {
      const local = localQuestion.get(m.id);
      const merged = local ? mergeQuestion(local, m) : m;
      idMap.set(m.id, merged.id);
      slots.push([merged]);
      const next = built[i + 1];
      if (!local && next?.role !== "assistant") unanswered.push({ slot: slots.length - 1, text: m.text });
    } else {
      const replyTo = idMap.get(m.replyTo) ?? m.replyTo;
      slots.push([mergeAnswer(localAnswers.get(m.id), { ...m, replyTo })]);
    }
  });

  const tail: ChatMessage[] = [];
  /** Puts a client question (with its answer, if any) where the server has it, else at the end. */
  const place = (question: UserMessage, answer?: AssistantMessage) => {
    if (usedLocal.has(question.id)) {
      if (answer) tail.push(answer);
      return;
    }
    usedLocal.add(question.id);
    const match = unanswered.findIndex((u) => u.text === question.text.trim());
    const at = match >= 0 ? unanswered.splice(match, 1)[0] : undefined;
    const group = answer ? [question, answer] : [question];
    if (at) slots[at.slot] = group;
    else tail.push(...group);
  };
  for (const m of state.messages) {
    if (m.role === "assistant") {
      if (storedIds.has(m.id)) continue;
      const question = localUsers.get(m.replyTo);
      if (question) place(question, m);
      else tail.push(m);
    } else if (!usedLocal.has(m.id) && !answerTo(state, m.id)) {
      // Not acknowledged (pending), refused (failed): the server never stored these as answered turns.
      place(m);
    }
  }

  const messages = [...slots.flat(), ...tail];
  const same = messages.length === state.messages.length && messages.every((m, i) => m === state.messages[i]);
  if (same) return state.loading ? { ...state, loading: false } : state;
  return { ...state, loading: false, messages };
}

function mergeQuestion(local: UserMessage, stored: UserMessage): UserMessage {
  // The marks are the server's to keep (the same as sent here); the client's copy takes one it lacks.
  const mark = {
    ...(!local.regenerates && stored.regenerates ? { regenerates: stored.regenerates } : {}),
    ...(!local.follows && stored.follows ? { follows: stored.follows } : {}),
  };
  if ((local.annotation || !stored.annotation) && !mark.regenerates && !mark.follows) return local;
  return {
    ...local,
    ...mark,
    ...(local.annotation || !stored.annotation ? {} : { annotation: stored.annotation }),
  };
}

function mergeAnswer(local: AssistantMessage | undefined, stored: AssistantMessage): AssistantMessage {
  if (!local) return stored;
  // A copy saved while the answer streams is never newer than what the client has, except for an answer cut off by
  // a reconnect: the saved text then shows how far the server got.
  if (isLive(stored)) {
    if (local.interrupted !== "detached" || stored.text.length <= local.text.length) return local;
    return {
      ...local,
      text: stored.text,
      sources: local.sources.length > 0 ? local.sources : stored.sources,
    };
  }
  if (!isLive(local) && local.status === stored.status && local.text === stored.text) {
    return local.replyTo === stored.replyTo ? local : { ...local, replyTo: stored.replyTo };
  }
  // The stored copy is final; the rows the client saw live say more than the rebuilt ones.
  return {
    ...stored,
    replacedCount: local.replacedCount,
    steps: local.steps.length > 0 ? settleSteps(local.steps, finalStepState(stored.status)) : stored.steps,
  };
}
