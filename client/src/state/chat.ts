// The chat's client state as pure reducer functions (no React): what the user sent, and for each answer its
// steps, sources, annotations, streamed text and outcome. The socket hook turns server events into actions.
import type { Annotation } from "../../../server/annotation/schema";
import type {
  AnnotationEvent,
  DoneEvent,
  ErrorEvent,
  Fallback,
  Source,
  SourcesEvent,
  StepEvent,
  StepName,
  Timings,
  TokenEvent,
  Usage,
  UserError,
} from "../../../server/protocol";

/** An annotation with the model that produced it (unknown when it came inline with a source). */
export interface AttributedAnnotation {
  annotation: Annotation;
  model?: string;
}

export interface UserMessage {
  role: "user";
  /** Made by the client when sending; the server's messageId names the answer, not this. */
  id: string;
  text: string;
  /** pending: sent, no ack yet; sent: acknowledged; failed: refused or never acknowledged. */
  status: "pending" | "sent" | "failed";
  error?: UserError;
  annotation?: AttributedAnnotation;
}

export type StepState = "running" | "done" | "error" | "cancelled";

export interface StepRow {
  /** Stable React key: the step's name and its position among the rows. */
  key: string;
  name: StepName;
  state: StepState;
  ms?: number;
  detail?: string;
}

export type AnswerStatus = "streaming" | "done" | "stopped" | "error";

export interface AssistantMessage {
  role: "assistant";
  /** The server's messageId (from the ack); every server event names it. */
  id: string;
  /** The id of the user message this answers. */
  replyTo: string;
  /** The answer as streamed so far, or final. Replaced (not appended to) when a fallback model takes over. */
  text: string;
  /** How many times a fallback cleared a partial answer. */
  replacedCount: number;
  steps: StepRow[];
  sources: Source[];
  /** Annotations of the sources, by source id, from `chat:annotation` events. */
  sourceAnnotations: Record<string, AttributedAnnotation>;
  status: AnswerStatus;
  /** The user asked to stop; the server confirms with `chat:done { stopped: true }`. */
  stopRequested: boolean;
  model?: string;
  timings?: Timings;
  usage?: Usage;
  fallbacks: Fallback[];
  error?: UserError;
}

export type ChatMessage = UserMessage | AssistantMessage;

export interface ChatState {
  threadId?: string;
  messages: ChatMessage[];
  /** An error that belongs to no message (e.g. `chat:error` without a messageId). */
  notice?: UserError;
}

export const initialChatState: ChatState = { messages: [] };

export type ChatAction =
  | { type: "send"; localId: string; text: string }
  | { type: "ack:ok"; localId: string; threadId: string; messageId: string }
  | { type: "ack:error"; localId: string; error: UserError }
  | { type: "chat:step"; event: StepEvent }
  | { type: "chat:sources"; event: SourcesEvent }
  | { type: "chat:annotation"; event: AnnotationEvent }
  | { type: "chat:token"; event: TokenEvent }
  | { type: "chat:done"; event: DoneEvent }
  | { type: "chat:error"; event: ErrorEvent }
  | { type: "stop"; messageId: string }
  | { type: "connection:lost"; error: UserError }
  | { type: "notice:dismiss" }
  | { type: "reset" };

/** Steps whose model call a fallback replaces. */
const MODEL_STEPS: ReadonlySet<StepName> = new Set(["annotate", "answer"]);

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "send":
      return {
        ...state,
        notice: undefined,
        messages: [
          ...state.messages,
          { role: "user", id: action.localId, text: action.text, status: "pending" },
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
    case "connection:lost":
      return failLiveAnswers(state, action.error);
    case "notice:dismiss":
      return state.notice ? { ...state, notice: undefined } : state;
    case "reset":
      return initialChatState;
  }
}

// ---- queries used by the UI and the hook ----

export function isLive(m: AssistantMessage): boolean {
  return m.status === "streaming";
}

/** The answer being streamed, if any (at most one: the server runs one answer per connection). */
export function liveAnswer(state: ChatState): AssistantMessage | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.role === "assistant" && isLive(m)) return m;
  }
  return undefined;
}

/** True while a message waits for its ack or an answer streams: a new send would be refused as busy. */
export function isBusy(state: ChatState): boolean {
  return state.messages.some((m) => (m.role === "user" ? m.status === "pending" : isLive(m)));
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

// ---- helpers ----

// Searching from the end: events almost always concern the newest messages.
function indexOf(state: ChatState, id: string, role: ChatMessage["role"]): number {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m && m.id === id && m.role === role) return i;
  }
  return -1;
}

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

function applyStep(m: AssistantMessage, e: StepEvent): AssistantMessage {
  let steps = m.steps;
  let text = m.text;
  let replacedCount = m.replacedCount;
  const running = lastIndex(steps, (s) => s.name === e.step && s.state === "running");

  if (e.status === "start") {
    if (e.step === "fallback") {
      // The model that was working failed: its row failed, and its partial answer must not mix with the retry's.
      // An earlier fallback still running has handed over by now.
      steps = steps.map((s) => {
        if (s.state !== "running") return s;
        if (MODEL_STEPS.has(s.name)) return { ...s, state: "error" };
        return s.name === "fallback" ? { ...s, state: "done" } : s;
      });
      if (text) {
        text = "";
        replacedCount += 1;
      }
    }
    if (running >= 0 && e.step !== "fallback") {
      // A repeated start of a step already running refreshes it rather than adding a row.
      steps = withRow(steps, running, { detail: e.detail ?? steps[running]?.detail, ms: e.ms });
    } else {
      steps = [
        ...steps,
        { key: `${e.step}-${steps.length}`, name: e.step, state: "running", detail: e.detail, ms: e.ms },
      ];
    }
  } else {
    const state: StepState = e.status === "end" ? "done" : "error";
    if (running >= 0) {
      steps = withRow(steps, running, { state, ms: e.ms, detail: e.detail ?? steps[running]?.detail });
    } else {
      // An end without a start (the server may skip the start of an instant step): still show it.
      steps = [
        ...steps,
        { key: `${e.step}-${steps.length}`, name: e.step, state, ms: e.ms, detail: e.detail },
      ];
    }
  }
  return { ...m, steps, text, replacedCount };
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

function settleSteps(steps: StepRow[], state: StepState): StepRow[] {
  return steps.some((s) => s.state === "running")
    ? steps.map((s) => (s.state === "running" ? { ...s, state } : s))
    : steps;
}

function finish(m: AssistantMessage, e: DoneEvent): AssistantMessage {
  // A second done, or a done after an error, does not reopen or relabel the answer; it may still bring the
  // model and timings that the error lacked.
  if (!isLive(m)) {
    return m.model
      ? m
      : { ...m, model: e.model, timings: e.timings, usage: e.usage, fallbacks: e.fallbacks ?? [] };
  }
  const status: AnswerStatus = e.stopped ? "stopped" : "done";
  return {
    ...m,
    status,
    stopRequested: false,
    model: e.model,
    timings: e.timings,
    usage: e.usage,
    fallbacks: e.fallbacks ?? [],
    steps: settleSteps(m.steps, e.stopped ? "cancelled" : "done"),
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
      ? { ...m, status: "error", stopRequested: false, error, steps: settleSteps(m.steps, "error") }
      : m,
  );
}

/** The server drops a run when its socket goes: every live answer ends, and says why. */
function failLiveAnswers(state: ChatState, error: UserError): ChatState {
  if (!state.messages.some((m) => m.role === "assistant" && isLive(m))) return state;
  return {
    ...state,
    messages: state.messages.map((m) =>
      m.role === "assistant" && isLive(m)
        ? { ...m, status: "error", stopRequested: false, error, steps: settleSteps(m.steps, "error") }
        : m,
    ),
  };
}
