// "Regenerate" keeps versions, through the real server (socket.io, SQLite, LangGraph's SQLite checkpointer, hnswlib),
// with the OpenAI-compatible fake answering a new text each time and recording what it was sent: a thread regenerated
// twice reloads as one turn with three versions, the third answer's prompt held neither earlier answer, the export
// shows the newest and counts them, a regenerate of what is no finished answer of the thread is refused in the user's
// language, and after a restart the checkpoint still leaves the superseded versions out.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentVersion, groupTurns } from "../../contract/answerVersions";
import type { StoredMessage } from "../../contract/threads";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { record, send, startTestServer, tempCorpus, type TestServer } from "../support/server";
import { VALID } from "../support/chatTurn";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";

let fake: FakeServer;
let answered = 0;
/** What each answering call was sent, in order (annotation calls left out). */
const prompts: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setDefault((r) => {
    const body = r.body as OpenAIChatBody;
    if (body.response_format || body.tools) return { json: VALID };
    prompts.push(JSON.stringify(body.messages));
    answered += 1;
    return { text: `Varianta numărul ${answered} despre pensii [1].` };
  });
});
afterAll(async () => {
  await fake.close();
});

async function ask(
  server: TestServer,
  payload: { text: string; threadId?: string; regenerates?: string },
  lang: "ro" | "en" = "ro",
) {
  const socket = await server.connect(lang);
  const rec = record(socket);
  const ack = await send(socket, payload);
  if (ack.ok) await rec.finished;
  socket.disconnect();
  return ack;
}

async function thread(server: TestServer, id: string): Promise<StoredMessage[]> {
  const res = await fetch(`${server.url}/api/threads/${id}`);
  return ((await res.json()) as { messages: StoredMessage[] }).messages;
}

describe("regenerate keeps versions of an answer", () => {
  const dir = tempCorpus();
  const env = { MODEL_PRIMARY: "openai-compatible:fake", OPENAI_COMPATIBLE_BASE_URL: "" };
  let server: TestServer;
  let threadId = "";
  const answers: string[] = [];

  beforeAll(async () => {
    env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
    server = await startTestServer(env, dir, { keepDir: true });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("regenerated twice, the thread reloads as one turn with three versions", async () => {
    const first = await ask(server, { text: QUESTION });
    if (!first.ok) throw new Error(first.error.message);
    threadId = first.data.threadId;
    answers.push(first.data.messageId);
    for (let i = 0; i < 2; i++) {
      const again = await ask(server, { text: QUESTION, threadId, regenerates: answers.at(-1) });
      if (!again.ok) throw new Error(again.error.message);
      answers.push(again.data.messageId);
    }

    const stored = await thread(server, threadId);
    const questions = stored.filter((m) => m.role === "user");
    expect(questions.map((m) => m.regenerates)).toEqual([undefined, answers[0], answers[1]]);
    const turns = groupTurns(stored);
    expect(turns).toHaveLength(1);
    expect(turns[0]!.versions.map((v) => v.answer?.id)).toEqual(answers);
    expect(currentVersion(turns[0]!).answer?.text).toBe("Varianta numărul 3 despre pensii [1].");
    // Each version keeps its own sources and model.
    for (const v of turns[0]!.versions) {
      expect(v.answer?.status).toBe("done");
      expect(v.answer?.sources?.length).toBeGreaterThan(0);
      expect(v.answer?.done?.model).toBe("openai-compatible:fake");
    }
  });

  it("the third answer's prompt held neither earlier answer; the second's not the first", () => {
    expect(prompts).toHaveLength(3);
    expect(prompts[1]).not.toContain("Varianta numărul 1");
    expect(prompts[2]).not.toContain("Varianta numărul 1");
    expect(prompts[2]).not.toContain("Varianta numărul 2");
  });

  it("a next question sees the current version only, and the Markdown export shows it with its count", async () => {
    const next = await ask(server, { text: "Și despre salarii?", threadId });
    if (!next.ok) throw new Error(next.error.message);
    answers.push(next.data.messageId);
    const prompt = prompts.at(-1)!;
    expect(prompt).toContain("Varianta numărul 3");
    expect(prompt).not.toContain("Varianta numărul 1");
    expect(prompt).not.toContain("Varianta numărul 2");

    const markdown = await (await fetch(`${server.url}/api/threads/${threadId}/export?format=md`)).text();
    expect(markdown.match(/## Întrebare/g)).toHaveLength(2);
    expect(markdown).toContain("3 versiuni ale răspunsului");
    expect(markdown).toContain("Varianta numărul 3");
    expect(markdown).not.toContain("Varianta numărul 1");
    const json = (await (await fetch(`${server.url}/api/threads/${threadId}/export`)).json()) as {
      messages: StoredMessage[];
    };
    expect(json.messages.filter((m) => m.role === "assistant")).toHaveLength(4);
  });

  it("refuses to regenerate what is no finished answer of the thread, in the user's language, and stores nothing", async () => {
    const before = (await thread(server, threadId)).length;
    const ro = await ask(server, { text: QUESTION, threadId, regenerates: "nu-exista" });
    expect(ro).toMatchObject({ ok: false, error: { code: "chat:unknown_answer" } });
    if (!ro.ok) expect(ro.error.message).toContain("Reîncărcați conversația");
    const en = await ask(server, { text: QUESTION, regenerates: answers[3] }, "en");
    expect(en).toMatchObject({ ok: false, error: { code: "chat:unknown_answer" } });
    if (!en.ok) expect(en.error.message).toContain("Reload the conversation");
    expect((await thread(server, threadId)).length).toBe(before);
  });

  it("after a restart, a regenerate still leaves every superseded version out of the prompt", async () => {
    await server.close();
    server = await startTestServer(env, dir, { keepDir: true });
    const again = await ask(server, { text: "Și despre salarii?", threadId, regenerates: answers[3] });
    if (!again.ok) throw new Error(again.error.message);
    const prompt = prompts.at(-1)!;
    expect(prompt).toContain("Varianta numărul 3");
    for (const gone of [1, 2, 4]) expect(prompt).not.toContain(`Varianta numărul ${gone} `);
    const turns = groupTurns(await thread(server, threadId));
    expect(turns.map((t) => t.versions.length)).toEqual([3, 2]);
  });
});
