// 👍/👎 on answers as a pure reducer. One click stores the rating (POST /api/feedback); a comment can follow
// and is stored with the same rating. What was sent is remembered in localStorage, so a reload still shows it
// (the server has no endpoint to read feedback back).
export type FeedbackValue = "up" | "down";

export interface FeedbackEntry {
  value: FeedbackValue;
  comment?: string;
  status: "sending" | "sent" | "error";
}

export type FeedbackState = Readonly<Record<string, FeedbackEntry>>;

export type FeedbackAction =
  | { type: "feedback:send"; messageId: string; value: FeedbackValue; comment?: string }
  | { type: "feedback:sent"; messageId: string }
  | { type: "feedback:failed"; messageId: string };

export function feedbackReducer(state: FeedbackState, action: FeedbackAction): FeedbackState {
  const current = state[action.messageId];
  switch (action.type) {
    case "feedback:send": {
      const comment = action.comment?.trim() || undefined;
      return { ...state, [action.messageId]: { value: action.value, comment, status: "sending" } };
    }
    case "feedback:sent":
      return current ? { ...state, [action.messageId]: { ...current, status: "sent" } } : state;
    case "feedback:failed":
      return current ? { ...state, [action.messageId]: { ...current, status: "error" } } : state;
  }
}

const STORAGE_KEY = "echochamber.feedback";
/** Enough for a semester of demos; the oldest are forgotten first. */
const REMEMBERED = 300;

export function parseSavedFeedback(raw: string | null): FeedbackState {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    console.warn("ignoring malformed saved feedback", err);
    return {};
  }
  if (!Array.isArray(value)) return {};
  const state: Record<string, FeedbackEntry> = {};
  for (const item of value) {
    if (typeof item !== "object" || item === null) continue;
    const { id, value: v, comment } = item as Record<string, unknown>;
    if (typeof id !== "string" || (v !== "up" && v !== "down")) continue;
    state[id] = { value: v, status: "sent", ...(typeof comment === "string" && comment ? { comment } : {}) };
  }
  return state;
}

/** The sent entries, oldest first, at most REMEMBERED of them. */
export function serializeFeedback(state: FeedbackState): string {
  const sent = Object.entries(state)
    .filter(([, e]) => e.status === "sent")
    .map(([id, e]) => ({ id, value: e.value, ...(e.comment ? { comment: e.comment } : {}) }));
  return JSON.stringify(sent.slice(-REMEMBERED));
}

export function loadFeedback(storage: Pick<Storage, "getItem"> | undefined): FeedbackState {
  return parseSavedFeedback(storage?.getItem(STORAGE_KEY) ?? null);
}

export function saveFeedback(state: FeedbackState, storage: Pick<Storage, "setItem"> | undefined): void {
  try {
    storage?.setItem(STORAGE_KEY, serializeFeedback(state));
  } catch (err) {
    console.warn("could not remember the feedback", err);
  }
}
