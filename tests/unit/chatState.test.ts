// The client's chat state without a browser: the reducer that turns server events into messages, the token
// batching that keeps event order, and the citation parser.
import { describe, expect, it, vi } from "vitest";
import { POPULIST_ANNOTATION as ANNOTATION } from "../support/fixtures";
import type { DoneEvent, StepEvent, TokenEvent } from "../../contract/protocol";
import type { Source } from "../../contract/corpus";
import {
  chatReducer,
  findAnswer,
  initialChatState,
  isBusy,
  isStoppable,
  liveAnswer,
  sourceAnnotation,
  type AssistantMessage,
  type ChatAction,
  type ChatState,
  type UserMessage,
} from "../../client/src/state/chat";
import { splitCitations } from "../../client/src/state/citations";
import { toChatSettings, parseOverrides } from "../../client/src/state/settings";
import { createTokenBuffer } from "../../client/src/state/tokenBuffer";

const MID = "m-1";
const LOCAL = "local-1";

function run(actions: ChatAction[], from: ChatState = initialChatState): ChatState {
  return actions.reduce(chatReducer, from);
}

/** A conversation where the user sent "Întrebare" and the server acknowledged it as MID. */
function started(): ChatState {
  return run([
    { type: "send", localId: LOCAL, text: "Întrebare" },
    { type: "ack:ok", localId: LOCAL, threadId: "t-1", messageId: MID },
  ]);
}

function answer(state: ChatState, id = MID): AssistantMessage {
  const m = findAnswer(state, id);
  if (!m) throw new Error(`no answer ${id}`);
  return m;
}

function user(state: ChatState, id = LOCAL): UserMessage {
  const m = state.messages.find((x): x is UserMessage => x.role === "user" && x.id === id);
  if (!m) throw new Error(`no user message ${id}`);
  return m;
}

const token = (text: string, messageId = MID): ChatAction => ({
  type: "chat:token",
  event: { messageId, text },
});
const step = (e: Omit<StepEvent, "messageId">, messageId = MID): ChatAction => ({
  type: "chat:step",
  event: { messageId, ...e },
});

const DONE: DoneEvent = {
  messageId: MID,
  model: "offline:extractive",
  timings: { retrieveMs: 12, annotateMs: 30, firstTokenMs: 55, totalMs: 400 },
  fallbacks: [],
};

function source(id: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    docId: `doc-${id}`,
    text: `Pasajul ${id}`,
    score: 0.5,
    meta: { source: "ziar", date: "2025-03-14", platform: "stiri", url: "https://example.org/a" },
    ...extra,
  };
}

describe("sending", () => {
  it("adds the user's message as pending, and the ack adds a streaming answer after it", () => {
    const pending = run([{ type: "send", localId: LOCAL, text: "Salut" }]);
    expect(user(pending).status).toBe("pending");
    expect(isBusy(pending)).toBe(true);

    const acked = chatReducer(pending, { type: "ack:ok", localId: LOCAL, threadId: "t-9", messageId: MID });
    expect(acked.threadId).toBe("t-9");
    expect(acked.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(user(acked).status).toBe("sent");
    expect(answer(acked)).toMatchObject({ replyTo: LOCAL, status: "streaming", text: "" });
    expect(liveAnswer(acked)?.id).toBe(MID);
  });

  it("marks a refused message as failed and keeps its text and the server's message", () => {
    const state = run([
      { type: "send", localId: LOCAL, text: "un text foarte lung" },
      {
        type: "ack:error",
        localId: LOCAL,
        error: { code: "input:too_long", message: "Mesajul este prea lung." },
      },
    ]);
    const m = user(state);
    expect(m.status).toBe("failed");
    expect(m.text).toBe("un text foarte lung");
    expect(m.error).toEqual({ code: "input:too_long", message: "Mesajul este prea lung." });
    expect(state.messages.some((x) => x.role === "assistant")).toBe(false);
    expect(isBusy(state)).toBe(false);
  });

  it("ignores an ack for a message that was reset away", () => {
    const pending = run([{ type: "send", localId: LOCAL, text: "x" }, { type: "reset" }]);
    const after = chatReducer(pending, { type: "ack:ok", localId: LOCAL, threadId: "t", messageId: MID });
    expect(after).toBe(pending);
    expect(after.messages).toEqual([]);
  });
});

describe("streaming tokens", () => {
  it("appends tokens in order", () => {
    const state = run([token("Pensiile "), token("speciale "), token("sunt criticate [1].")], started());
    expect(answer(state).text).toBe("Pensiile speciale sunt criticate [1].");
  });

  it("ignores a late or duplicated token after done", () => {
    const done = run([token("Gata."), { type: "chat:done", event: DONE }], started());
    const late = chatReducer(done, token(" încă ceva"));
    expect(late).toBe(done);
    expect(answer(late).text).toBe("Gata.");
  });

  it("ignores every event for an unknown messageId, returning the same state", () => {
    const state = started();
    const other = "m-unknown";
    const actions: ChatAction[] = [
      token("x", other),
      step({ step: "retrieve", status: "start" }, other),
      { type: "chat:sources", event: { messageId: other, sources: [source("s1")] } },
      {
        type: "chat:annotation",
        event: { messageId: other, target: "message", annotation: ANNOTATION, model: "m" },
      },
      { type: "chat:done", event: { ...DONE, messageId: other } },
      { type: "chat:error", event: { messageId: other, code: "internal", message: "x" } },
      { type: "stop", messageId: other },
    ];
    for (const action of actions) expect(chatReducer(state, action)).toBe(state);
    expect(user(state).annotation).toBeUndefined();
  });
});

describe("steps", () => {
  it("keeps steps in arrival order and updates a started row when it ends", () => {
    const state = run(
      [
        step({ step: "retrieve", status: "start" }),
        step({ step: "retrieve", status: "end", ms: 14, detail: "5 pasaje" }),
        step({ step: "annotate", status: "start" }),
      ],
      started(),
    );
    const steps = answer(state).steps;
    expect(steps.map((s) => [s.name, s.state])).toEqual([
      ["retrieve", "done"],
      ["annotate", "running"],
    ]);
    expect(steps[0]).toMatchObject({ ms: 14, detail: "5 pasaje" });
    expect(new Set(steps.map((s) => s.key)).size).toBe(steps.length);
  });

  it("shows a step that ended without a start", () => {
    const state = run([step({ step: "retrieve", status: "error", ms: 3, detail: "index lipsă" })], started());
    expect(answer(state).steps).toEqual([
      expect.objectContaining({ name: "retrieve", state: "error", ms: 3, detail: "index lipsă" }),
    ]);
  });

  it("settles rows still running when the answer is done", () => {
    const state = run(
      [step({ step: "answer", status: "start" }), { type: "chat:done", event: DONE }],
      started(),
    );
    expect(answer(state).steps.map((s) => s.state)).toEqual(["done"]);
  });
});

describe("fallback", () => {
  it("clears the partial answer so that later tokens form only the retry's text", () => {
    const state = run(
      [
        step({ step: "answer", status: "start" }),
        token("Răspuns parțial de la "),
        token("modelul care a căzut"),
        step({
          step: "fallback",
          status: "start",
          detail: "google-genai:gemini-2.5-flash: provider:rate_limit",
        }),
        step({ step: "fallback", status: "end", ms: 2 }),
        step({ step: "answer", status: "start" }),
        token("Răspunsul "),
        token("de rezervă [1]."),
        step({ step: "answer", status: "end", ms: 90 }),
      ],
      started(),
    );
    const m = answer(state);
    expect(m.text).toBe("Răspunsul de rezervă [1].");
    expect(m.text).not.toContain("parțial");
    expect(m.replacedCount).toBe(1);
    // The failed attempt, the fallback with its reason, then the retry: three rows, in order.
    expect(m.steps.map((s) => [s.name, s.state])).toEqual([
      ["answer", "error"],
      ["fallback", "done"],
      ["answer", "done"],
    ]);
    expect(m.steps[1]?.detail).toBe("google-genai:gemini-2.5-flash: provider:rate_limit");
    expect(m.steps[2]?.ms).toBe(90);
  });

  it("a fallback of the annotating model, which runs beside the answer, keeps a finished answer", () => {
    const state = run(
      [
        step({ step: "answer", status: "start" }),
        step({ step: "annotate", status: "start" }),
        token("Răspunsul complet [1]."),
        step({ step: "answer", status: "end", ms: 40 }),
        step({ step: "annotate", status: "error", detail: "provider:invalid_output" }),
        step({ step: "fallback", status: "start", detail: "annotate: a → b (provider:invalid_output)" }),
        step({ step: "fallback", status: "end", ms: 0 }),
        step({ step: "annotate", status: "start" }),
        step({ step: "annotate", status: "end", ms: 5 }),
      ],
      started(),
    );
    const m = answer(state);
    expect(m.text).toBe("Răspunsul complet [1].");
    expect(m.replacedCount).toBe(0);
    expect(m.steps.map((s) => [s.name, s.state])).toEqual([
      ["answer", "done"],
      ["annotate", "error"],
      ["fallback", "done"],
      ["annotate", "done"],
    ]);
  });

  it("an annotator's fallback while the answer streams leaves the answer running and its text whole", () => {
    const state = run(
      [
        step({ step: "answer", status: "start", detail: "m:a" }),
        step({ step: "annotate", status: "start", detail: "m:a" }),
        token("Început de răspuns "),
        step({ step: "annotate", status: "error", detail: "m:a: provider:first_token_timeout" }),
        step({
          step: "fallback",
          status: "start",
          node: "annotate",
          detail: "annotate: m:a → offline:lexicon (provider:first_token_timeout)",
        }),
        step({ step: "fallback", status: "end", node: "annotate", ms: 0, detail: "offline:lexicon" }),
        step({ step: "annotate", status: "start", detail: "offline:lexicon" }),
        token("care continuă."),
      ],
      started(),
    );
    const m = answer(state);
    expect(m.text).toBe("Început de răspuns care continuă.");
    expect(m.replacedCount).toBe(0);
    expect(m.steps.map((s) => [s.name, s.state, s.node])).toEqual([
      ["answer", "running", undefined],
      ["annotate", "error", undefined],
      ["fallback", "done", "annotate"],
      ["annotate", "running", undefined],
    ]);
  });

  it("the answer's fallback while the annotation runs clears the answer only, and shows at once", () => {
    const state = run(
      [
        step({ step: "answer", status: "start", detail: "m:a" }),
        step({ step: "annotate", status: "start", detail: "m:slow" }),
        token("Parțial "),
        step({ step: "answer", status: "error", detail: "m:a: provider:server_error" }),
        step({
          step: "fallback",
          status: "start",
          node: "answer",
          detail: "answer: m:a → m:b (provider:server_error)",
        }),
      ],
      started(),
    );
    const m = answer(state);
    expect(m.text).toBe("");
    expect(m.replacedCount).toBe(1);
    // The fallback row is there the moment it starts, for its branch; the annotation is still running.
    expect(m.steps.map((s) => [s.name, s.state, s.node])).toEqual([
      ["answer", "error", undefined],
      ["annotate", "running", undefined],
      ["fallback", "running", "answer"],
    ]);
    const after = run(
      [
        step({ step: "fallback", status: "end", node: "answer", ms: 0, detail: "m:b" }),
        step({ step: "answer", status: "start", detail: "m:b" }),
        token("Răspunsul rezervei."),
      ],
      state,
    );
    expect(answer(after).text).toBe("Răspunsul rezervei.");
    expect(answer(after).steps.find((s) => s.name === "annotate")?.state).toBe("running");
  });

  it("does not count a replacement when nothing had been streamed yet", () => {
    const state = run([step({ step: "fallback", status: "start", detail: "timeout" })], started());
    expect(answer(state).replacedCount).toBe(0);
    expect(answer(state).steps.map((s) => s.name)).toEqual(["fallback"]);
  });
});

describe("sources and annotations", () => {
  it("attaches sources to their answer and the message annotation to the user's message", () => {
    const second = run(
      [
        { type: "send", localId: "local-2", text: "A doua întrebare" },
        { type: "ack:ok", localId: "local-2", threadId: "t-1", messageId: "m-2" },
      ],
      run([{ type: "chat:done", event: DONE }], started()),
    );
    const state = run(
      [
        { type: "chat:sources", event: { messageId: "m-2", sources: [source("s1"), source("s2")] } },
        {
          type: "chat:annotation",
          event: { messageId: "m-2", target: "message", annotation: ANNOTATION, model: "offline:lexicon" },
        },
        {
          type: "chat:annotation",
          event: {
            messageId: "m-2",
            target: "s2",
            annotation: { ...ANNOTATION, ton: "neutru", populism: false },
            model: "offline:lexicon",
          },
        },
      ],
      second,
    );
    expect(answer(state, "m-2").sources.map((s) => s.id)).toEqual(["s1", "s2"]);
    expect(answer(state, MID).sources).toEqual([]);
    expect(user(state, "local-2").annotation).toEqual({ annotation: ANNOTATION, model: "offline:lexicon" });
    expect(user(state, LOCAL).annotation).toBeUndefined();

    const m = answer(state, "m-2");
    expect(m.sourceAnnotations.s2?.annotation.ton).toBe("neutru");
    expect(m.sourceAnnotations.s1).toBeUndefined();
  });

  it("prefers an attributed source annotation and falls back to the one sent with the source", () => {
    const inline = source("s1", { annotation: { ...ANNOTATION, ton: "pozitiv" } });
    const state = run([{ type: "chat:sources", event: { messageId: MID, sources: [inline] } }], started());
    expect(sourceAnnotation(answer(state), inline)).toEqual({ annotation: inline.annotation });

    const attributed = chatReducer(state, {
      type: "chat:annotation",
      event: { messageId: MID, target: "s1", annotation: ANNOTATION, model: "openai:gpt-4o-mini" },
    });
    expect(sourceAnnotation(answer(attributed), inline)).toEqual({
      annotation: ANNOTATION,
      model: "openai:gpt-4o-mini",
    });
  });
});

describe("ending an answer", () => {
  it("done sets the model, timings, fallbacks and status", () => {
    const fallbacks = [
      { model: "openai:gpt-4o-mini", reason: "provider:timeout", ms: 1500, node: "answer" as const },
    ];
    const state = run(
      [
        token("Text."),
        { type: "chat:done", event: { ...DONE, fallbacks, usage: { inputTokens: 10, outputTokens: 3 } } },
      ],
      started(),
    );
    const m = answer(state);
    expect(m).toMatchObject({
      status: "done",
      model: "offline:extractive",
      timings: DONE.timings,
      fallbacks,
    });
    expect(m.usage).toEqual({ inputTokens: 10, outputTokens: 3 });
    expect(isBusy(state)).toBe(false);
    expect(liveAnswer(state)).toBeUndefined();
  });

  it("a stop request is remembered until done arrives with stopped, which keeps the partial text", () => {
    const requested = run([token("Început"), { type: "stop", messageId: MID }], started());
    expect(answer(requested)).toMatchObject({ status: "streaming", stopRequested: true });

    const stopped = run(
      [step({ step: "answer", status: "start" }), { type: "chat:done", event: { ...DONE, stopped: true } }],
      requested,
    );
    expect(answer(stopped)).toMatchObject({ status: "stopped", stopRequested: false, text: "Început" });
    expect(answer(stopped).steps.map((s) => s.state)).toEqual(["cancelled"]);
  });

  it("an error ends the answer with the server's message, and a later done does not relabel it", () => {
    const failed = run(
      [
        step({ step: "answer", status: "start" }),
        {
          type: "chat:error",
          event: { messageId: MID, code: "chain:exhausted", message: "Niciun model nu a putut răspunde." },
        },
      ],
      started(),
    );
    expect(answer(failed)).toMatchObject({
      status: "error",
      error: { code: "chain:exhausted", message: "Niciun model nu a putut răspunde." },
    });
    expect(answer(failed).steps[0]?.state).toBe("error");

    const after = run([{ type: "chat:done", event: DONE }, token("târziu")], failed);
    expect(answer(after).status).toBe("error");
    expect(answer(after).model).toBe("offline:extractive");
    expect(answer(after).text).toBe("");
  });

  it("an error without a messageId becomes a notice, which can be dismissed", () => {
    const state = chatReducer(started(), {
      type: "chat:error",
      event: { code: "internal", message: "Eroare internă." },
    });
    expect(state.notice).toEqual({ code: "internal", message: "Eroare internă." });
    expect(answer(state).status).toBe("streaming");
    expect(chatReducer(state, { type: "notice:dismiss" }).notice).toBeUndefined();
  });

  it("losing the connection marks the live answer as interrupted and keeps it streaming", () => {
    const state = chatReducer(run([token("parțial")], started()), { type: "connection:lost" });
    expect(answer(state)).toMatchObject({ status: "streaming", interrupted: "lost", text: "parțial" });
    expect(chatReducer(state, { type: "connection:lost" })).toBe(state);
    // The server goes on with the turn: a recovered connection replays the rest, which appends as usual.
    const recovered = run(
      [
        { type: "connection:restored", recovered: true },
        token(" și restul"),
        { type: "chat:done", event: DONE },
      ],
      state,
    );
    expect(answer(recovered)).toMatchObject({ status: "done", text: "parțial și restul" });
    expect(answer(recovered).interrupted).toBeUndefined();
  });

  it("a failed reconnect marks the answer as unreachable (the server may be gone), and a recovery clears it", () => {
    const lost = chatReducer(run([token("parțial")], started()), { type: "connection:lost" });
    const unreachable = chatReducer(lost, { type: "connection:unreachable" });
    expect(answer(unreachable)).toMatchObject({
      status: "streaming",
      interrupted: "unreachable",
      text: "parțial",
    });
    expect(isStoppable(answer(unreachable))).toBe(false);
    // A failed handshake with no answer cut off changes nothing.
    const quiet = run([token("parțial")], started());
    expect(chatReducer(quiet, { type: "connection:unreachable" })).toBe(quiet);
    const back = chatReducer(unreachable, { type: "connection:restored", recovered: true });
    expect(answer(back).interrupted).toBeUndefined();
    expect(
      answer(chatReducer(unreachable, { type: "connection:restored", recovered: false })).interrupted,
    ).toBe("detached");
  });
});

describe("token batching", () => {
  it("merges tokens per message in order and flushes before other events", () => {
    const emitted: TokenEvent[] = [];
    let scheduled: (() => void) | undefined;
    const buffer = createTokenBuffer(
      (e) => emitted.push(e),
      (flush) => {
        scheduled = flush;
        return () => (scheduled = undefined);
      },
    );
    buffer.push({ messageId: "a", text: "Un" });
    buffer.push({ messageId: "a", text: "u " });
    buffer.push({ messageId: "b", text: "alt" });
    buffer.push({ messageId: "a", text: "doi" });
    expect(emitted).toEqual([]);
    expect(scheduled).toBeDefined();

    buffer.flush();
    expect(emitted).toEqual([
      { messageId: "a", text: "Unu " },
      { messageId: "b", text: "alt" },
      { messageId: "a", text: "doi" },
    ]);
    expect(scheduled).toBeUndefined();

    buffer.flush();
    expect(emitted).toHaveLength(3);
  });

  it("a batched stream followed by a fallback and the retry gives only the retry's text", () => {
    let state = started();
    const buffer = createTokenBuffer(
      (event) => (state = chatReducer(state, { type: "chat:token", event })),
      () => () => undefined,
    );
    buffer.push({ messageId: MID, text: "vechi " });
    buffer.push({ messageId: MID, text: "parțial" });
    // What the hook does for any other event: flush first, then dispatch.
    buffer.flush();
    state = chatReducer(state, step({ step: "fallback", status: "start", detail: "provider:server_error" }));
    buffer.push({ messageId: MID, text: "nou" });
    buffer.flush();
    expect(answer(state).text).toBe("nou");
  });
});

describe("citations", () => {
  it("finds single, adjacent and listed citations and keeps the text around them", () => {
    expect(splitCitations("Pensiile [1] și taxele [2][3], apoi [4, 5].")).toEqual([
      { kind: "text", text: "Pensiile " },
      { kind: "citation", n: 1 },
      { kind: "text", text: " și taxele " },
      { kind: "citation", n: 2 },
      { kind: "citation", n: 3 },
      { kind: "text", text: ", apoi " },
      { kind: "citation", n: 4 },
      { kind: "citation", n: 5 },
      { kind: "text", text: "." },
    ]);
  });

  it("leaves years, [0] and other brackets as text", () => {
    expect(splitCitations("în [2025] și [0] sau [a]")).toEqual([
      { kind: "text", text: "în [2025] și " },
      { kind: "text", text: "[0]" },
      { kind: "text", text: " sau [a]" },
    ]);
  });
});

describe("settings", () => {
  const models = {
    chain: [
      {
        id: "google-genai:gemini-2.5-flash",
        provider: "google-genai",
        capabilities: ["chat" as const],
        configured: false,
        offline: false,
      },
      {
        id: "offline:extractive",
        provider: "offline",
        capabilities: ["chat" as const],
        configured: true,
        offline: true,
      },
    ],
    embeddings: "offline:hash",
    defaults: { model: "offline:extractive", temperature: 0.2, topK: 5 },
    limits: { maxMessageChars: 4000 },
  };

  it("sends only what the user set, and never a model the server would refuse", () => {
    expect(toChatSettings({}, models)).toBeUndefined();
    expect(toChatSettings({ model: "offline:extractive", topK: 8 }, models)).toEqual({
      model: "offline:extractive",
      topK: 8,
    });
    expect(toChatSettings({ model: "google-genai:gemini-2.5-flash" }, models)).toBeUndefined();
    expect(toChatSettings({ model: "ollama:gone", temperature: 5 }, models)).toEqual({ temperature: 2 });
  });

  it("reads saved settings defensively", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(parseOverrides("{not json")).toEqual({});
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(parseOverrides(JSON.stringify({ model: 3, temperature: 0.55, topK: 99 }))).toEqual({
      temperature: 0.6,
      topK: 50,
    });
  });
});
