// Editing an older question makes a branch, through the real server (socket.io, SQLite, LangGraph's SQLite
// checkpointer, hnswlib), with the OpenAI-compatible fake answering "Varianta numărul n" and recording each prompt:
// turn 1 of 3 edited is a new version of turn 1 asked with no history, a question after either version sees exactly
// that branch (byte for byte), a regenerate of an older answer is accepted, the export shows the newest path, unknown
// answers are refused in the user's language, and after a restart the checkpoint still keeps the branches apart.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupTurns, pathMessages, threadPath } from "../../contract/answerVersions";
import type { ChatSendPayload } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import { ANSWER_SYSTEM_PROMPT } from "../../graphs/chat/prompts";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { record, send, startTestServer, tempCorpus, type TestServer } from "../support/server";
import { VALID } from "../support/chatTurn";

let fake: FakeServer;
let answered = 0;
/** What each answering call was sent, in order (annotation calls left out). */
const prompts: { role: string; content: unknown }[][] = [];
const variant = (n: number) => `Varianta numărul ${n}.`;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setDefault((r) => {
    const body = r.body as OpenAIChatBody;
    if (body.response_format || body.tools) return { json: VALID };
    prompts.push(body.messages ?? []);
    answered += 1;
    return { text: variant(answered) };
  });
});
afterAll(async () => {
  await fake.close();
});

async function ask(server: TestServer, payload: ChatSendPayload, lang: "ro" | "en" = "ro") {
  const socket = await server.connect(lang);
  const rec = record(socket);
  const ack = await send(socket, payload);
  if (ack.ok) await rec.finished;
  socket.disconnect();
  return ack;
}

async function asked(server: TestServer, payload: ChatSendPayload): Promise<string> {
  const ack = await ask(server, payload);
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data.messageId;
}

async function thread(server: TestServer, id: string): Promise<StoredMessage[]> {
  const res = await fetch(`${server.url}/api/threads/${id}`);
  return ((await res.json()) as { messages: StoredMessage[] }).messages;
}

/** The last prompt's earlier turns (between the system prompt and the question with its sources), byte for byte. */
function lastHistory(): string {
  const messages = prompts.at(-1)!;
  expect(messages[0]).toEqual({ role: "system", content: ANSWER_SYSTEM_PROMPT });
  expect(String(messages.at(-1)!.content)).toMatch(/^Surse:\n/);
  return JSON.stringify(messages.slice(1, -1));
}
const history = (...turns: [string, number][]) =>
  JSON.stringify(
    turns.flatMap(([question, n]) => [
      { role: "user", content: question },
      { role: "assistant", content: variant(n) },
    ]),
  );

describe("editing an older question makes a branch", () => {
  const dir = tempCorpus();
  const env = { MODEL_PRIMARY: "openai-compatible:fake", OPENAI_COMPATIBLE_BASE_URL: "" };
  let server: TestServer;
  let threadId = "";
  const a: Record<string, string> = {};

  beforeAll(async () => {
    env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
    server = await startTestServer(env, dir, { keepDir: true });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("turn 1 of 3 edited is a new version of turn 1, asked with no history", async () => {
    const first = await ask(server, { text: "Despre pensii?" });
    if (!first.ok) throw new Error(first.error.message);
    threadId = first.data.threadId;
    a.one = first.data.messageId;
    a.two = await asked(server, { text: "Despre taxe?", threadId, follows: a.one });
    a.three = await asked(server, { text: "Despre salarii?", threadId, follows: a.two });
    expect(lastHistory()).toBe(history(["Despre pensii?", 1], ["Despre taxe?", 2]));

    a.oneB = await asked(server, { text: "Despre pensiile speciale?", threadId, regenerates: a.one });
    expect(lastHistory()).toBe("[]");

    const stored = await thread(server, threadId);
    expect(stored.filter((m) => m.role === "user").map((m) => [m.follows, m.regenerates])).toEqual([
      [undefined, undefined],
      [a.one, undefined],
      [a.two, undefined],
      [undefined, a.one],
    ]);
    // Turn 1 at 2/2 with no later turns; 1/2 has turns 2 and 3.
    const newest = groupTurns(stored);
    expect(newest.map((t) => [t.selected + 1, t.versions.length])).toEqual([[2, 2]]);
    const first1 = threadPath(stored, { choose: (after) => (after === null ? 0 : undefined) });
    expect(pathMessages(first1).map((m) => m.id)).toEqual(stored.slice(0, 6).map((m) => m.id));
  });

  it("a question after either version sees exactly its branch", async () => {
    a.afterB = await asked(server, { text: "Și după a doua?", threadId, follows: a.oneB });
    expect(lastHistory()).toBe(history(["Despre pensiile speciale?", 4]));
    a.four = await asked(server, { text: "Și după salarii?", threadId, follows: a.three });
    expect(lastHistory()).toBe(history(["Despre pensii?", 1], ["Despre taxe?", 2], ["Despre salarii?", 3]));
    const turns = groupTurns(await thread(server, threadId));
    expect(turns.map((t) => [t.selected + 1, t.versions.length])).toEqual([
      [1, 2],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it("an older answer may be regenerated: its prompt is the path to its turn, its later turns stay behind", async () => {
    a.twoB = await asked(server, { text: "Despre taxe, altfel?", threadId, regenerates: a.two });
    expect(lastHistory()).toBe(history(["Despre pensii?", 1]));
    const turns = groupTurns(await thread(server, threadId));
    expect(turns.map((t) => [t.selected + 1, t.versions.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);

    const markdown = await (await fetch(`${server.url}/api/threads/${threadId}/export?format=md`)).text();
    expect(markdown.match(/## Întrebare/g)).toHaveLength(2);
    expect(markdown).toContain("aici versiunea 1,");
    expect(markdown).toContain("aici versiunea 2,");
    expect(markdown).toContain(variant(7));
    for (const n of [2, 3, 4, 5, 6]) expect(markdown).not.toContain(variant(n));
    const json = (await (await fetch(`${server.url}/api/threads/${threadId}/export`)).json()) as {
      messages: StoredMessage[];
    };
    expect(json.messages).toHaveLength(14);
    expect(json.messages.find((m) => m.id === a.four)).toBeDefined();
    expect(json.messages.filter((m) => m.follows === a.three)).toHaveLength(1);
  });

  it("refuses an unknown answer to follow or replace, in the user's language, and stores nothing", async () => {
    const before = (await thread(server, threadId)).length;
    const ro = await ask(server, { text: "Și?", threadId, follows: "nu-exista" });
    expect(ro).toMatchObject({ ok: false, error: { code: "chat:unknown_answer" } });
    if (!ro.ok) expect(ro.error.message).toContain("nu este un răspuns încheiat");
    const question = (await thread(server, threadId)).find((m) => m.role === "user")!;
    const en = await ask(server, { text: "And?", threadId, regenerates: question.id }, "en");
    expect(en).toMatchObject({ ok: false, error: { code: "chat:unknown_answer" } });
    if (!en.ok) expect(en.error.message).toContain("not a finished answer of this conversation");
    const elsewhere = await ask(server, { text: "Și?", follows: a.one! });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: "chat:unknown_answer" } });
    expect((await thread(server, threadId)).length).toBe(before);
  });

  it("after a restart, the checkpoint still keeps the branches apart", async () => {
    await server.close();
    server = await startTestServer(env, dir, { keepDir: true });
    await asked(server, { text: "Din nou după salarii?", threadId, follows: a.four });
    // The last three turns of the path (the model sees six earlier messages at most).
    expect(lastHistory()).toBe(history(["Despre taxe?", 2], ["Despre salarii?", 3], ["Și după salarii?", 6]));
    // A question without `follows` (an older client) follows the newest message.
    await asked(server, { text: "Fără semn?", threadId });
    expect(lastHistory()).toContain("Din nou după salarii?");
  });
});
