// The language of each chat request, through the real server: a connection made in Romanian answers a question sent
// in English in English (the offline answer's framing, the refusals of a send and of a stop), also while an answer
// begun in Romanian on that same connection is still written, which goes on in Romanian; a request that names no
// language (an older client) keeps the handshake's. A language switch mid-answer therefore needs no reconnect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTRACTIVE_FRAMING } from "../../contract/extractiveFraming";
import type { AckResult, ChatSendPayload } from "../../contract/protocol";
import { send, startTestServer, type TestServer, type TestSocket } from "../support/server";

const QUESTION = "Cum este discutată diaspora în campania electorală?";
const OFFLINE = { model: "offline:extractive", chain: { mode: "single" } } as const;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ MODEL_PRIMARY: "offline:extractive" });
});

afterAll(async () => {
  await server?.close();
});

/** Collects each answer's streamed text until its chat:done (or chat:error) has come. */
function answers(socket: TestSocket) {
  const text = new Map<string, string>();
  const ended = new Map<string, () => void>();
  const endedIds = new Set<string>();
  socket.onAny((event: string, payload: { messageId?: string; text?: string }) => {
    const id = payload.messageId;
    if (!id) return;
    if (event === "chat:token") text.set(id, (text.get(id) ?? "") + (payload.text ?? ""));
    if (event === "chat:done" || event === "chat:error") {
      endedIds.add(id);
      ended.get(id)?.();
    }
  });
  return async (messageId: string): Promise<string> => {
    if (!endedIds.has(messageId)) await new Promise<void>((resolve) => ended.set(messageId, resolve));
    return text.get(messageId) ?? "";
  };
}

async function accepted(socket: TestSocket, payload: ChatSendPayload): Promise<string> {
  const ack = await send(socket, payload);
  if (!ack.ok) throw new Error(`send refused: ${ack.error.message}`);
  return ack.data.messageId;
}

describe("each chat request in its own language", () => {
  it("answers in the request's language on a connection made in the other one, beside a running answer", async () => {
    const socket = await server.connect("ro");
    const answer = answers(socket);
    // The reader asks in Romanian, switches to English while it is written, and asks again on another thread.
    const first = await accepted(socket, { text: QUESTION, settings: OFFLINE, lang: "ro" });
    const second = await accepted(socket, { text: QUESTION, settings: OFFLINE, lang: "en" });
    const [ro, en] = await Promise.all([answer(first), answer(second)]);
    expect(ro.startsWith(EXTRACTIVE_FRAMING.ro.answerHeading)).toBe(true);
    expect(en.startsWith(EXTRACTIVE_FRAMING.en.answerHeading)).toBe(true);
    // No language named: the handshake's.
    const older = await accepted(socket, { text: QUESTION, settings: OFFLINE });
    expect((await answer(older)).startsWith(EXTRACTIVE_FRAMING.ro.answerHeading)).toBe(true);
    socket.disconnect();
  });

  it("refuses a send and a stop in the request's language", async () => {
    const socket = await server.connect("ro");
    expect(await send(socket, { text: "  ", lang: "en" })).toMatchObject({
      ok: false,
      error: { code: "input:empty", message: "The message is empty. Write a question or a comment." },
    });
    expect(await send(socket, { text: "  " })).toMatchObject({
      ok: false,
      error: { code: "input:empty", message: "Mesajul este gol. Scrieți o întrebare sau un comentariu." },
    });
    // A malformed send is worded in its own language too.
    const malformed = await new Promise<AckResult<unknown>>((resolve) =>
      socket.emit("chat:send", { text: 5, lang: "en" } as never, resolve),
    );
    expect(malformed).toMatchObject({
      ok: false,
      error: { message: "The request does not have the expected shape: text: must be text" },
    });
    const stop = await new Promise<AckResult<{ stopped: boolean }>>((resolve) =>
      socket.emit("chat:stop", { messageId: "nu-exista", lang: "en" }, resolve),
    );
    expect(stop).toMatchObject({
      ok: false,
      error: { code: "chat:not_found", message: "That message is no longer running." },
    });
    socket.disconnect();
  });
});
