// Keeps the answer being streamed in storage, so that a server that dies mid-answer (a crash, a kill -9) leaves the
// thread with what had been said, marked "interrupted" at the next start. Writes are coalesced: at most one every
// SAVE_INTERVAL_MS while tokens arrive, sooner when SAVE_CHARS of text wait, and one at the end.
import type { Annotation } from "../../contract/annotation";
import type { Source } from "../../contract/corpus";
import { discardsPartialAnswer, draftTransition } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import type { Storage } from "../storage/types";
import type { TurnSink } from "./runTurn";

/** The longest a streamed piece of text waits before it is saved. */
export const SAVE_INTERVAL_MS = 500;
/** So much unsaved text is saved at once, without waiting for the interval. */
export const SAVE_CHARS = 2000;

export interface RecorderOptions {
  intervalMs?: number;
  maxPendingChars?: number;
  /** Called when a save fails: the turn goes on (the socket still gets every token), the next save tries again. */
  onError?: (err: unknown) => void;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** A turn's sink that records the answer; `finish` stores its final state and resolves once it is written. */
export interface AnswerRecorder extends TurnSink {
  finish(final: Partial<Omit<StoredMessage, "id" | "threadId" | "role" | "createdAt">>): Promise<void>;
  /** The answer as recorded so far (what a save would write). */
  current(): StoredMessage;
}

export function createAnswerRecorder(
  storage: Pick<Storage, "saveMessage">,
  start: StoredMessage,
  options: RecorderOptions = {},
): AnswerRecorder {
  const intervalMs = options.intervalMs ?? SAVE_INTERVAL_MS;
  const maxPendingChars = options.maxPendingChars ?? SAVE_CHARS;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));

  let message: StoredMessage = { ...start };
  let pendingChars = 0;
  let timer: unknown = null;
  let finished = false;
  // The answer's own step ended: a later fallback belongs to the annotation and leaves the answer alone.
  let answerDone = false;
  // A draft → refine answer's draft, set aside while the refinement streams (contract/protocol.ts).
  let draft = "";
  // Saves run one after another, so that the last state written is the last state recorded (also once storage
  // becomes asynchronous).
  let writes: Promise<void> = Promise.resolve();

  const save = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    pendingChars = 0;
    const snapshot: StoredMessage = { ...message };
    writes = writes
      .then(() => storage.saveMessage(snapshot))
      .catch((err: unknown) => {
        options.onError?.(err);
      });
    return writes;
  };
  const changed = (chars = 0) => {
    if (finished) return;
    pendingChars += chars;
    if (pendingChars >= maxPendingChars) void save();
    else if (timer === null) timer = setTimer(() => void save(), intervalMs);
  };
  const setSourceAnnotation = (target: string, annotation: Annotation) => {
    const sources: Source[] | undefined = message.sources?.map((s) =>
      s.id === target ? { ...s, annotation } : s,
    );
    message = { ...message, sources };
  };

  return {
    token: ({ text }) => {
      if (!text) return;
      message = { ...message, text: message.text + text };
      changed(text.length);
    },
    step: (e) => {
      if (e.step === "answer") answerDone = e.status === "end";
      // A failed answering model's text is discarded by its fallback: the contract's one rule, as in runTurn and the
      // client (an annotation's fallback leaves the answer alone).
      if (discardsPartialAnswer(e, answerDone) && message.text) {
        message = { ...message, text: "" };
        changed();
      }
      const transition = draftTransition(e);
      if (transition === "set-aside") {
        draft = message.text;
        message = { ...message, text: "" };
        changed();
      } else if (transition === "restore") {
        message = { ...message, text: draft };
        changed();
      }
    },
    sources: (e) => {
      message = { ...message, sources: e.sources.map((s) => ({ ...s })) };
      changed();
    },
    annotation: (e) => {
      if (e.target === "message")
        message = { ...message, annotation: { annotation: e.annotation, model: e.model } };
      else setSourceAnnotation(e.target, e.annotation);
      changed();
    },
    finish: (final) => {
      finished = true;
      message = { ...message, ...final };
      return save();
    },
    current: () => ({ ...message }),
  };
}

/** A sink that gives every event to each of the sinks, in order. */
export function teeSink(...sinks: TurnSink[]): TurnSink {
  return {
    step: (e) => sinks.forEach((s) => s.step(e)),
    sources: (e) => sinks.forEach((s) => s.sources(e)),
    annotation: (e) => sinks.forEach((s) => s.annotation(e)),
    token: (e) => sinks.forEach((s) => s.token(e)),
  };
}
