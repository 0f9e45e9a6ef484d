// The chat's client state as pure reducer functions (no React): what the user sent, and for each answer its
// steps, sources, annotations, streamed text and outcome. The socket hook turns server events into actions;
// a thread loaded from the server is merged with what the client already shows, by message id. The queries the UI
// reads live in chatQueries.ts and are re-exported here, so that the chat's state is imported from one place.
import {
  discardsPartialAnswer,
  draftTransition,
  type AnnotationEvent,
  type DoneEvent,
  type ErrorEvent,
  type SourcesEvent,
  type StepEvent,
  type StepName,
  type TokenEvent,
} from "../../../contract/protocol";
import type { UserError } from "../../../contract/errors";
import type { StoredMessage } from "../../../contract/threads";
import { findAnswer, indexOf, isLive, type ChatState } from "./chatQueries";
import { settleSteps } from "./storedThread";
import { mergeStoredThread } from "./threadMerge";

import type {
  AttributedAnnotation,
  UserMessage,
  StepState,
  StepRow,
  AnswerStatus,
  AssistantMessage,
  ChatMessage,
} from "./messages";

export type {
  AttributedAnnotation,
  UserMessage,
  StepState,
  StepRow,
  AnswerStatus,
  AssistantMessage,
  ChatMessage,
} from "./messages";

export {
  answerTo,
  canRegenerate,
  findAnswer,
  hasDetachedAnswers,
  isBusy,
  isLive,
  isStoppable,
  isStored,
  lastAnswer,
  liveAnswer,
  questionOf,
  sourceAnnotation,
  type ChatState,
} from "./chatQueries";

export const initialChatState: ChatState = { messages: [] };

export type ChatAction =
  | {
      type: "send";
      localId: string;
      text: string;
      regenerates?: string;
      follows?: string;
      attachments?: NonNullable<UserMessage["attachments"]>;
    }
  | { type: "ack:ok"; localId: string; threadId: string; messageId: string }
  | { type: "ack:error"; localId: string; error: UserError }
  | { type: "chat:step"; event: StepEvent }
  | { type: "chat:sources"; event: SourcesEvent }
  | { type: "chat:annotation"; event: AnnotationEvent }
  | { type: "chat:token"; event: TokenEvent }
  | { type: "chat:done"; event: DoneEvent }
  | { type: "chat:error"; event: ErrorEvent }
  | { type: "stop"; messageId: string }
  | { type: "thread:open"; threadId: string }
  | { type: "thread:loaded"; threadId: string; messages: StoredMessage[] }
  | { type: "thread:missing"; threadId: string; error: UserError }
  | { type: "connection:lost" }
  | { type: "connection:unreachable" }
  | { type: "connection:restored"; recovered: boolean }
  | { type: "connection:abandoned"; error: UserError }
  | { type: "notice:dismiss" }
  | { type: "reset" };

/** Steps whose model call a fallback replaces. */
const MODEL_STEPS: ReadonlySet<StepName> = new Set(["annotate", "answer", "draft"]);

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "send":
      return {
        ...state,
        notice: undefined,
        messages: [
          ...state.messages,
          {
            role: "user",
            id: action.localId,
            text: action.text,
            status: "pending",
            ...(action.regenerates ? { regenerates: action.regenerates } : {}),
            ...(action.follows ? { follows: action.follows } : {}),
            ...(action.attachments?.length ? { attachments: action.attachments } : {}),
          },
        ],
      };
    case "ack:ok":
      return acknowledge(state, action.localId, action.threadId, action.messageId);
    case "ack:error":
      return updateUser(state, action.localId, (m) =>
        m.status === "pending" ? { ...m, status: "failed", error: action.error } : m,
      );
    case "chat:step":
      return updateAnswer(state, action.event.messageId, (m) => (isLive(m) ? applyStep(m, action.event) : m));
    case "chat:sources":
      return updateAnswer(state, action.event.messageId, (m) => ({ ...m, sources: action.event.sources }));
    case "chat:annotation":
      return applyAnnotation(state, action.event);
    case "chat:token":
      // Tokens after the answer ended (late or duplicated) are dropped: the final text is settled.
      return updateAnswer(state, action.event.messageId, (m) =>
        isLive(m) && action.event.text ? { ...m, text: m.text + action.event.text } : m,
      );
    case "chat:done":
      return updateAnswer(state, action.event.messageId, (m) => finish(m, action.event));
    case "chat:error":
      return applyError(state, action.event);
    case "stop":
      return updateAnswer(state, action.messageId, (m) => (isLive(m) ? { ...m, stopRequested: true } : m));
    case "thread:open":
      // Reopening the thread on screen keeps its messages until the server's copy is merged in.
      return action.threadId === state.threadId
        ? { ...state, loading: true }
        : { threadId: action.threadId, loading: true, messages: [] };
    case "thread:loaded":
      return action.threadId === state.threadId ? mergeStoredThread(state, action.messages) : state;
    case "thread:missing":
      return action.threadId === state.threadId ? { messages: [], notice: action.error } : state;
    case "connection:lost":
      return updateLiveAnswers(state, (m) => (m.interrupted ? m : { ...m, interrupted: "lost" }));
    case "connection:unreachable":
      // A reconnect failed: the server is down or out of reach, and whether it still writes the answer is unknown.
      return updateLiveAnswers(state, (m) =>
        m.interrupted === "lost" ? { ...m, interrupted: "unreachable" } : m,
      );
    case "connection:restored":
      // Recovered: socket.io replays the missed events and the stream goes on. Otherwise the answer can only
      // come from the stored thread.
      return updateLiveAnswers(state, (m) => {
        if (!m.interrupted) return m;
        if (action.recovered) return { ...m, interrupted: undefined };
        return m.interrupted === "detached" ? m : { ...m, interrupted: "detached" };
      });
    case "connection:abandoned":
      return updateLiveAnswers(state, (m) =>
        m.interrupted === "detached"
          ? {
              ...m,
              status: "error",
              interrupted: undefined,
              stopRequested: false,
              error: action.error,
              steps: settleSteps(m.steps, "error"),
            }
          : m,
      );
    case "notice:dismiss":
      return state.notice ? { ...state, notice: undefined } : state;
    case "reset":
      return initialChatState;
  }
}

// ---- helpers ----

function replaceAt(state: ChatState, index: number, message: ChatMessage): ChatState {
  const messages = state.messages.slice();
  messages[index] = message;
  return { ...state, messages };
}

/** Applies `fn` to one answer; unknown ids and no-op updates return the same state (no re-render). */
function updateAnswer(
  state: ChatState,
  id: string,
  fn: (m: AssistantMessage) => AssistantMessage,
): ChatState {
  const i = indexOf(state, id, "assistant");
  const m = state.messages[i];
  if (i < 0 || m?.role !== "assistant") return state;
  const next = fn(m);
  return next === m ? state : replaceAt(state, i, next);
}

function updateUser(state: ChatState, id: string, fn: (m: UserMessage) => UserMessage): ChatState {
  const i = indexOf(state, id, "user");
  const m = state.messages[i];
  if (i < 0 || m?.role !== "user") return state;
  const next = fn(m);
  return next === m ? state : replaceAt(state, i, next);
}

function acknowledge(state: ChatState, localId: string, threadId: string, messageId: string): ChatState {
  const i = indexOf(state, localId, "user");
  const user = state.messages[i];
  // An ack for a message no longer shown (the thread was reset meanwhile), or a repeated ack, changes nothing.
  if (i < 0 || user?.role !== "user" || user.status !== "pending") return state;
  const answer: AssistantMessage = {
    role: "assistant",
    id: messageId,
    replyTo: localId,
    text: "",
    replacedCount: 0,
    steps: [],
    sources: [],
    sourceAnnotations: {},
    status: "streaming",
    stopRequested: false,
    fallbacks: [],
  };
  const messages = state.messages.slice();
  messages[i] = { ...user, status: "sent", error: undefined };
  messages.splice(i + 1, 0, answer);
  return { ...state, threadId, messages };
}

/** Whether a row belongs to the branch a fallback names (every model step, for a fallback without its branch). */
function inBranch(row: StepRow, node: StepEvent["node"]): boolean {
  if (row.name === "fallback") return node === undefined || row.node === undefined || row.node === node;
  // A draft is the answer branch's model call too.
  return node === undefined
    ? MODEL_STEPS.has(row.name)
    : row.name === node || (node === "answer" && row.name === "draft");
}

function applyStep(m: AssistantMessage, e: StepEvent): AssistantMessage {
  let steps = m.steps;
  let text = m.text;
  let replacedCount = m.replacedCount;
  let draft = m.draft;
  const transition = draftTransition(e);
  if (transition === "set-aside") [draft, text] = [text, ""];
  else if (transition === "restore" && draft !== undefined) [text, draft] = [draft, undefined];
  const node = e.step === "fallback" ? e.node : undefined;
  const running = lastIndex(
    steps,
    (s) => s.name === e.step && s.state === "running" && (e.step !== "fallback" || inBranch(s, node)),
  );

  if (e.status === "start") {
    if (e.step === "fallback") {
      // The branch's model failed: its row failed, and an earlier fallback of the branch has handed over by now.
      // The other branch, running beside it, is left alone.
      steps = steps.map((s) => {
        if (s.state !== "running" || !inBranch(s, node)) return s;
        return s.name === "fallback" ? { ...s, state: "done" } : { ...s, state: "error" };
      });
      // The answer's own fallback: its partial answer must not mix with the next model's (contract/protocol.ts).
      const lastAnswer = steps[lastIndex(steps, (s) => s.name === "answer")];
      if (text && discardsPartialAnswer(e, lastAnswer?.state === "done")) {
        text = "";
        replacedCount += 1;
      }
    }
    if (running >= 0 && e.step !== "fallback") {
      // A repeated start of a step already running refreshes it rather than adding a row.
      steps = withRow(steps, running, { detail: e.detail ?? steps[running]?.detail, ms: e.ms });
    } else {
      steps = [...steps, row(e, steps.length, "running")];
    }
  } else {
    const state: StepState = e.status === "end" ? "done" : "error";
    if (running >= 0) {
      // A fallback's start says it all (branch, failed model → next model, reason); its end only names the next.
      const kept = e.step === "fallback" ? steps[running]?.detail : undefined;
      steps = withRow(steps, running, {
        state,
        ms: e.ms,
        detail: kept ?? e.detail ?? steps[running]?.detail,
      });
    } else {
      // An end without a start (the server may skip the start of an instant step): still show it.
      steps = [...steps, row(e, steps.length, state)];
    }
  }
  return draft === m.draft
    ? { ...m, steps, text, replacedCount }
    : { ...m, steps, text, replacedCount, draft };
}

function row(e: StepEvent, index: number, state: StepState): StepRow {
  const base: StepRow = { key: `${e.step}-${index}`, name: e.step, state, ms: e.ms, detail: e.detail };
  return e.step === "fallback" && e.node ? { ...base, node: e.node } : base;
}

function withRow(steps: StepRow[], index: number, patch: Partial<StepRow>): StepRow[] {
  const next = steps.slice();
  const row = next[index];
  if (row) next[index] = { ...row, ...patch };
  return next;
}

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return i;
  }
  return -1;
}

function finish(m: AssistantMessage, e: DoneEvent): AssistantMessage {
  // A second done, or a done after an error, does not reopen or relabel the answer; it may still bring the
  // model and timings that the error lacked.
  if (!isLive(m)) {
    return m.model
      ? m
      : {
          ...m,
          model: e.model,
          timings: e.timings,
          usage: e.usage,
          fallbacks: e.fallbacks ?? [],
          ...quality(e),
        };
  }
  const status: AnswerStatus = e.stopped ? "stopped" : "done";
  return {
    ...m,
    status,
    stopRequested: false,
    interrupted: undefined,
    model: e.model,
    timings: e.timings,
    usage: e.usage,
    fallbacks: e.fallbacks ?? [],
    steps: settleSteps(m.steps, e.stopped ? "cancelled" : "done"),
    draft: undefined,
    ...quality(e),
  };
}

/** The answer's grounding, draft → refine parts and the settings it used, when the turn reported them. */
function quality(e: DoneEvent): Pick<AssistantMessage, "grounding" | "refine" | "settings"> {
  return {
    ...(e.grounding ? { grounding: e.grounding } : {}),
    ...(e.refine ? { refine: e.refine } : {}),
    ...(e.settings ? { settings: e.settings } : {}),
  };
}

function applyAnnotation(state: ChatState, e: AnnotationEvent): ChatState {
  const answer = findAnswer(state, e.messageId);
  if (!answer) return state;
  const attributed: AttributedAnnotation = { annotation: e.annotation, model: e.model };
  if (e.target === "message") {
    return updateUser(state, answer.replyTo, (u) => ({ ...u, annotation: attributed }));
  }
  return updateAnswer(state, e.messageId, (m) => ({
    ...m,
    sourceAnnotations: { ...m.sourceAnnotations, [e.target]: attributed },
  }));
}

function applyError(state: ChatState, e: ErrorEvent): ChatState {
  const error: UserError = { code: e.code, message: e.message };
  if (e.messageId === undefined) return { ...state, notice: error };
  return updateAnswer(state, e.messageId, (m) =>
    isLive(m)
      ? {
          ...m,
          status: "error",
          stopRequested: false,
          interrupted: undefined,
          error,
          steps: settleSteps(m.steps, "error"),
        }
      : m,
  );
}

function updateLiveAnswers(state: ChatState, fn: (m: AssistantMessage) => AssistantMessage): ChatState {
  let changed = false;
  const messages = state.messages.map((m) => {
    if (m.role !== "assistant" || !isLive(m)) return m;
    const next = fn(m);
    if (next !== m) changed = true;
    return next;
  });
  return changed ? { ...state, messages } : state;
}
