// The client's thread logic without a browser: a stored thread turned into messages (with rebuilt steps), and
// merged into what the client shows after opening a thread or reconnecting, by message id, with nothing lost
// or shown twice; the connection states of a live answer; regenerate and edit helpers.
import { describe, expect, it } from "vitest";
import { POPULIST_ANNOTATION as ANNOTATION } from "../support/fixtures";
import type { DoneEvent } from "../../contract/protocol";
import type { Source } from "../../contract/corpus";
import type { StoredMessage } from "../../contract/threads";
import {
  answerTo,
  canRegenerate,
  chatReducer,
  findAnswer,
  hasDetachedAnswers,
  initialChatState,
  isBusy,
  lastAnswer,
  questionOf,
  type ChatAction,
  type ChatState,
} from "../../client/src/state/chat";
import { messagesFromStored, stepsFromStored } from "../../client/src/state/storedThread";

const T = "t-1";

const SOURCE: Source = {
  id: "s1#0",
  docId: "s1",
  text: "Pasaj",
  score: 0.9,
  meta: { source: "ziar", platform: "stiri", date: "2025-01-01", url: "https://example.org/1" },
  annotation: { ...ANNOTATION, ton: "neutru", populism: false },
};

function storedUser(id: string, text: string, at: string): StoredMessage {
  return { id, threadId: T, role: "user", text, createdAt: at, status: "done" };
}

function storedAnswer(
  id: string,
  text: string,
  at: string,
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  return {
    id,
    threadId: T,
    role: "assistant",
    text,
    createdAt: at,
    status: "done",
    sources: [SOURCE],
    annotation: { annotation: ANNOTATION, model: "offline:lexicon" },
    done: {
      model: "offline:extractive",
      timings: { retrieveMs: 10, annotateMs: 20, firstTokenMs: 40, totalMs: 100 },
      fallbacks: [],
    },
    ...extra,
  };
}

const DONE = (messageId: string): DoneEvent => ({
  messageId,
  model: "offline:extractive",
  timings: { retrieveMs: 10, annotateMs: 20, firstTokenMs: 40, totalMs: 100 },
  fallbacks: [],
});

function run(actions: ChatAction[], from: ChatState = initialChatState): ChatState {
  return actions.reduce(chatReducer, from);
}

/** The client sent "Întrebare" in thread T; the server acknowledged it as answer `a1` and streamed a part. */
function streaming(): ChatState {
  return run([
    { type: "thread:open", threadId: T },
    { type: "thread:loaded", threadId: T, messages: [] },
    { type: "send", localId: "local-1", text: "Întrebare" },
    { type: "ack:ok", localId: "local-1", threadId: T, messageId: "a1" },
    { type: "chat:token", event: { messageId: "a1", text: "Început " } },
  ]);
}

const roles = (s: ChatState) => s.messages.map((m) => `${m.role}:${m.id}`);

describe("a stored thread as messages", () => {
  it("pairs each answer with its question and puts the question's annotation on it", () => {
    const messages = messagesFromStored([
      storedUser("u1", "Prima", "2025-01-01T10:00:00Z"),
      storedAnswer("a1", "Răspuns [1]", "2025-01-01T10:00:01Z"),
      storedUser("u2", "A doua", "2025-01-01T10:01:00Z"),
    ]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    const [u1, a1] = messages;
    expect(u1).toMatchObject({
      id: "u1",
      status: "sent",
      annotation: { annotation: ANNOTATION, model: "offline:lexicon" },
    });
    expect(a1).toMatchObject({
      id: "a1",
      replyTo: "u1",
      status: "done",
      model: "offline:extractive",
      text: "Răspuns [1]",
    });
    // The passages were labelled by the same annotate call as the question: they share its model.
    expect(a1?.role === "assistant" && a1.sourceAnnotations["s1#0"]).toEqual({
      annotation: SOURCE.annotation,
      model: "offline:lexicon",
    });
  });

  it("rebuilds the step rows from timings, with each failed model and why it fell back", () => {
    const steps = stepsFromStored(
      storedAnswer("a1", "x", "t", {
        done: {
          model: "offline:extractive",
          timings: { retrieveMs: 10, annotateMs: 20, firstTokenMs: 40, totalMs: 600 },
          fallbacks: [
            { model: "openai:gpt-4o-mini", reason: "provider:rate_limit", ms: 300, node: "answer" },
          ],
        },
      }),
    );
    expect(steps.map((s) => [s.name, s.state, s.ms, s.detail])).toEqual([
      ["retrieve", "done", 10, "1"],
      ["annotate", "done", 20, "offline:lexicon"],
      ["answer", "error", 300, "openai:gpt-4o-mini: provider:rate_limit"],
      ["fallback", "done", 0, "answer: openai:gpt-4o-mini → offline:extractive (provider:rate_limit)"],
      ["answer", "done", 270, "offline:extractive"],
    ]);
    expect(new Set(steps.map((s) => s.key)).size).toBe(steps.length);
  });

  it("marks a stopped answer's own step as cancelled and has no rows without a done record", () => {
    expect(stepsFromStored(storedAnswer("a", "", "t", { status: "stopped" })).at(-1)?.state).toBe(
      "cancelled",
    );
    expect(stepsFromStored(storedAnswer("a", "", "t", { status: "error", done: undefined }))).toEqual([]);
  });
});

describe("opening a thread", () => {
  it("shows the stored messages once loaded, and ignores a late load of another thread", () => {
    const opening = chatReducer(initialChatState, { type: "thread:open", threadId: T });
    expect(opening).toMatchObject({ threadId: T, loading: true, messages: [] });
    const loaded = chatReducer(opening, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("u1", "Prima", "1"), storedAnswer("a1", "R", "2")],
    });
    expect(loaded.loading).toBe(false);
    expect(roles(loaded)).toEqual(["user:u1", "assistant:a1"]);

    const other = chatReducer(loaded, { type: "thread:open", threadId: "t-2" });
    const late = chatReducer(other, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("x", "x", "1")],
    });
    expect(late).toBe(other);
  });

  it("a missing thread empties the screen and says why", () => {
    const error = { code: "thread:not_found", message: "Conversația nu există." };
    const state = run([
      { type: "thread:open", threadId: T },
      { type: "thread:missing", threadId: T, error },
    ]);
    expect(state).toEqual({ messages: [], notice: error });
  });

  it("loading the same thread twice changes nothing (same objects, no re-render)", () => {
    const stored = [storedUser("u1", "Prima", "1"), storedAnswer("a1", "R", "2")];
    const once = run([
      { type: "thread:open", threadId: T },
      { type: "thread:loaded", threadId: T, messages: stored },
    ]);
    const twice = chatReducer(once, {
      type: "thread:loaded",
      threadId: T,
      messages: structuredClone(stored),
    });
    expect(twice).toBe(once);
  });
});

describe("merging the stored thread after a reconnect", () => {
  it("keeps an answer the server has not stored yet (still running), once, after its question", () => {
    const live = streaming();
    const merged = chatReducer(live, {
      type: "thread:loaded",
      threadId: T,
      // A fetch that has the question but not yet the answer (servers before 1.1 stored it only at the end).
      messages: [storedUser("u-server", "Întrebare", "1")],
    });
    expect(merged.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(findAnswer(merged, "a1")).toMatchObject({ status: "streaming", text: "Început " });
    expect(questionOf(merged, "a1")?.text).toBe("Întrebare");
  });

  it("replaces a live answer with the stored final one: no duplicate question or answer", () => {
    const live = run(
      [{ type: "connection:lost" }, { type: "connection:restored", recovered: false }],
      streaming(),
    );
    expect(hasDetachedAnswers(live)).toBe(true);
    const merged = chatReducer(live, {
      type: "thread:loaded",
      threadId: T,
      messages: [
        storedUser("u-server", "Întrebare", "1"),
        storedAnswer("a1", "Început și sfârșit [1].", "2"),
      ],
    });
    expect(merged.messages).toHaveLength(2);
    expect(findAnswer(merged, "a1")).toMatchObject({
      status: "done",
      text: "Început și sfârșit [1].",
      model: "offline:extractive",
    });
    expect(findAnswer(merged, "a1")?.interrupted).toBeUndefined();
    expect(hasDetachedAnswers(merged)).toBe(false);
    // Events replayed after the merge (a recovered connection) change nothing: the answer is final.
    const replayed = run(
      [
        { type: "chat:token", event: { messageId: "a1", text: "și sfârșit [1]." } },
        { type: "chat:done", event: DONE("a1") },
      ],
      merged,
    );
    expect(replayed).toBe(merged);
  });

  it("keeps an answer finished on the client but missing from an older fetch", () => {
    const done = run([{ type: "chat:done", event: DONE("a1") }], streaming());
    const merged = chatReducer(done, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("u-server", "Întrebare", "1")],
    });
    expect(merged.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(findAnswer(merged, "a1")?.status).toBe("done");
  });

  it("adds messages another tab sent to the thread, in the server's order", () => {
    const done = run([{ type: "chat:done", event: DONE("a1") }], streaming());
    const merged = chatReducer(done, {
      type: "thread:loaded",
      threadId: T,
      messages: [
        storedUser("u-server", "Întrebare", "1"),
        storedAnswer("a1", "Început ", "2"),
        storedUser("u2", "Din alt tab", "3"),
        storedAnswer("a2", "Alt răspuns", "4"),
      ],
    });
    expect(merged.messages.map((m) => (m.role === "user" ? m.text : m.id))).toEqual([
      "Întrebare",
      "a1",
      "Din alt tab",
      "a2",
    ]);
    // The client's own question keeps its id (and React key), gaining the stored annotation; the answer keeps
    // its very object, since nothing in it changed.
    expect(merged.messages[0]).toMatchObject({ id: "local-1", annotation: { model: "offline:lexicon" } });
    expect(merged.messages[1]).toBe(done.messages[1]);
  });

  it("keeps a question waiting for its ack and a refused one, matching the stored copy by text", () => {
    const base = run([
      { type: "thread:open", threadId: T },
      {
        type: "thread:loaded",
        threadId: T,
        messages: [storedUser("u1", "Prima", "1"), storedAnswer("a1", "R", "2")],
      },
      { type: "send", localId: "local-2", text: "A doua" },
      { type: "send", localId: "local-3", text: "Refuzată" },
      { type: "ack:error", localId: "local-3", error: { code: "chat:busy", message: "Ocupat." } },
    ]);
    const merged = chatReducer(base, {
      type: "thread:loaded",
      threadId: T,
      // The server stored "A doua" before its ack reached the client.
      messages: [
        storedUser("u1", "Prima", "1"),
        storedAnswer("a1", "R", "2"),
        storedUser("u2", "A doua", "3"),
      ],
    });
    expect(merged.messages.map((m) => (m.role === "user" ? `${m.text}:${m.status}` : m.id))).toEqual([
      "Prima:sent",
      "a1",
      "A doua:pending",
      "Refuzată:failed",
    ]);
    // The ack then adds the answer after the right question.
    const acked = chatReducer(merged, { type: "ack:ok", localId: "local-2", threadId: T, messageId: "a2" });
    expect(acked.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });

  it("takes the stored text over a partial one whose error was only the dropped connection", () => {
    const errored = run(
      [{ type: "chat:error", event: { messageId: "a1", code: "client:disconnected", message: "x" } }],
      streaming(),
    );
    const merged = chatReducer(errored, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("u", "Întrebare", "1"), storedAnswer("a1", "Complet.", "2")],
    });
    expect(findAnswer(merged, "a1")).toMatchObject({ status: "done", text: "Complet." });
    expect(findAnswer(merged, "a1")?.error).toBeUndefined();
  });
});

describe("an answer saved while it streams, and one a crash interrupted", () => {
  const partial = (extra: Partial<StoredMessage> = {}) =>
    storedAnswer("a1", "Început", "2", { status: "streaming", done: undefined, ...extra });

  it("opened while the server still writes it: shown as far as saved, read from storage until it ends", () => {
    const opened = run([
      { type: "thread:open", threadId: T },
      { type: "thread:loaded", threadId: T, messages: [storedUser("u1", "Întrebare", "1"), partial()] },
    ]);
    expect(findAnswer(opened, "a1")).toMatchObject({
      status: "streaming",
      text: "Început",
      interrupted: "detached",
    });
    expect(hasDetachedAnswers(opened)).toBe(true);
    // The thread takes no new message until it ends (one answer at a time in a thread).
    expect(isBusy(opened)).toBe(true);
    expect(findAnswer(opened, "a1")?.steps.map((s) => `${s.name}:${s.state}`)).toEqual([
      "retrieve:done",
      "annotate:done",
      "answer:running",
    ]);
  });

  it("never lets a saved partial copy replace what the client has, except to show a detached answer's progress", () => {
    const live = streaming();
    expect(
      chatReducer(live, {
        type: "thread:loaded",
        threadId: T,
        messages: [storedUser("u", "Întrebare", "1"), partial()],
      }).messages[1],
    ).toBe(live.messages[1]);

    const finished = run([{ type: "chat:done", event: DONE("a1") }], live);
    const older = chatReducer(finished, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("u", "Întrebare", "1"), partial({ text: "Început mai lung decât" })],
    });
    expect(findAnswer(older, "a1")?.status).toBe("done");

    const detached = run(
      [{ type: "connection:lost" }, { type: "connection:restored", recovered: false }],
      live,
    );
    const progressed = chatReducer(detached, {
      type: "thread:loaded",
      threadId: T,
      messages: [storedUser("u", "Întrebare", "1"), partial({ text: "Început și continuare" })],
    });
    expect(findAnswer(progressed, "a1")).toMatchObject({
      status: "streaming",
      interrupted: "detached",
      text: "Început și continuare",
    });
  });

  it("shows an interrupted answer as the server left it, final, with regenerate at hand", () => {
    const detached = run(
      [{ type: "connection:lost" }, { type: "connection:restored", recovered: false }],
      streaming(),
    );
    const merged = chatReducer(detached, {
      type: "thread:loaded",
      threadId: T,
      messages: [
        storedUser("u", "Întrebare", "1"),
        partial({ status: "interrupted", text: "Început salvat" }),
      ],
    });
    expect(findAnswer(merged, "a1")).toMatchObject({ status: "interrupted", text: "Început salvat" });
    expect(findAnswer(merged, "a1")?.interrupted).toBeUndefined();
    expect(hasDetachedAnswers(merged)).toBe(false);
    expect(isBusy(merged)).toBe(false);
    expect(canRegenerate(merged, "a1")).toBe(true);
    expect(stepsFromStored(partial({ status: "interrupted" })).at(-1)).toMatchObject({
      name: "answer",
      state: "cancelled",
    });
    // Its question keeps the annotation saved before the crash.
    const opened = messagesFromStored([
      storedUser("u", "Întrebare", "1"),
      partial({ status: "interrupted" }),
    ]);
    expect(opened[0]).toMatchObject({ role: "user", annotation: { model: "offline:lexicon" } });
  });
});

describe("the connection of a live answer", () => {
  it("a recovered connection resumes the stream; an unrecovered one waits for the stored answer", () => {
    const lost = chatReducer(streaming(), { type: "connection:lost" });
    expect(findAnswer(lost, "a1")?.interrupted).toBe("lost");
    expect(isBusy(lost)).toBe(true);

    const recovered = chatReducer(lost, { type: "connection:restored", recovered: true });
    expect(findAnswer(recovered, "a1")?.interrupted).toBeUndefined();
    expect(findAnswer(recovered, "a1")?.status).toBe("streaming");

    const detached = chatReducer(lost, { type: "connection:restored", recovered: false });
    expect(findAnswer(detached, "a1")).toMatchObject({ status: "streaming", interrupted: "detached" });
    // The answer runs on the server's old connection: the thread waits for it.
    expect(isBusy(detached)).toBe(true);
  });

  it("gives up on a detached answer that never appears, with a reason", () => {
    const error = { code: "client:disconnected", message: "Conexiunea s-a întrerupt." };
    const state = run(
      [
        { type: "connection:lost" },
        { type: "connection:restored", recovered: false },
        { type: "connection:abandoned", error },
      ],
      streaming(),
    );
    expect(findAnswer(state, "a1")).toMatchObject({ status: "error", error, text: "Început " });
    expect(hasDetachedAnswers(state)).toBe(false);
  });

  it("a restored connection without an interrupted answer changes nothing", () => {
    const state = streaming();
    expect(chatReducer(state, { type: "connection:restored", recovered: false })).toBe(state);
  });
});

describe("regenerate and edit", () => {
  const thread = run([
    { type: "thread:open", threadId: T },
    {
      type: "thread:loaded",
      threadId: T,
      messages: [
        storedUser("u1", "Prima", "1"),
        storedAnswer("a1", "R1", "2"),
        storedUser("u2", "A doua", "3"),
        storedAnswer("a2", "R2", "4"),
      ],
    },
  ]);

  it("regenerates a finished answer, by sending its question again", () => {
    expect(lastAnswer(thread)?.id).toBe("a2");
    expect(canRegenerate(thread, "a2")).toBe(true);
    // An older one too (a new version of its turn, a branch): the page offers it on the last answer shown.
    expect(canRegenerate(thread, "a1")).toBe(true);
    expect(canRegenerate(thread, "nu-exista")).toBe(false);
    expect(questionOf(thread, "a2")?.text).toBe("A doua");

    const again = run(
      [
        { type: "send", localId: "local-r", text: "A doua" },
        { type: "ack:ok", localId: "local-r", threadId: T, messageId: "a3" },
      ],
      thread,
    );
    // The resent question and its new answer come after the old ones; nothing is rewritten.
    expect(again.messages.map((m) => (m.role === "user" ? m.text : m.id))).toEqual([
      "Prima",
      "a1",
      "A doua",
      "a2",
      "A doua",
      "a3",
    ]);
    expect(canRegenerate(again, "a3")).toBe(false); // still streaming
    expect(canRegenerate(run([{ type: "chat:done", event: DONE("a3") }], again), "a3")).toBe(true);
  });

  it("an edited question is sent as a new message; the answer to each question is found by its id", () => {
    expect(answerTo(thread, "u1")?.id).toBe("a1");
    const edited = chatReducer(thread, { type: "send", localId: "local-e", text: "Prima, reformulată" });
    expect(edited.messages.at(-1)).toMatchObject({
      role: "user",
      text: "Prima, reformulată",
      status: "pending",
    });
    expect(edited.messages.slice(0, 4)).toEqual(thread.messages);
    expect(answerTo(edited, "local-e")).toBeUndefined();
  });
});
