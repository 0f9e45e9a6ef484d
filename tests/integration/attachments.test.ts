// A message with an attached long text on a real server (port 0, offline models, real SQLite and hnswlib): the
// answer cites the attachment's passages, a follow-up in the same thread still finds them, a reload (and a
// restart) shows the attachment on its message, and an oversize attachment is refused with its typed error.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Source } from "../../contract/corpus";
import type { StoredMessage } from "../../contract/threads";
import { BRIDGE_PARAGRAPH, longSpeech } from "../support/attachmentText";
import {
  record,
  send,
  startTestServer,
  tempCorpus,
  type TestServer,
  type TestSocket,
} from "../support/server";

/** One turn: its sources and its answer as the client saw them. */
async function turn(socket: TestSocket, payload: Parameters<typeof send>[1]) {
  socket.offAny();
  const rec = record(socket);
  const ack = await send(socket, payload);
  if (!ack.ok) throw new Error(`send refused: ${ack.error.code}`);
  const events = await rec.finished;
  const sources = events
    .filter((e) => e.event === "chat:sources")
    .flatMap((e) => e.payload.sources as Source[]);
  const answer = events
    .filter((e) => e.event === "chat:token")
    .map((e) => e.payload.text as string)
    .join("");
  expect(events.at(-1)?.event).toBe("chat:done");
  return { ack: ack.data, sources, answer };
}

/** The numbers cited in an answer, as [n]. */
const citations = (answer: string) => [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

describe("chat: a message with an attached text", () => {
  const dir = tempCorpus();
  let server: TestServer;
  const speech = longSpeech(30_000);
  beforeAll(async () => {
    server = await startTestServer({}, dir, { keepDir: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers from the attachment with citations, finds it again in a follow-up, and shows it after a restart", async () => {
    const socket = await server.connect();
    const first = await turn(socket, {
      text: "Ce teme populiste apar în textul atașat?",
      attachments: [{ name: "discurs.txt", text: speech }],
    });
    const fromAttachment = first.sources.filter((s) => s.meta.attachment);
    expect(fromAttachment.length).toBeGreaterThan(0);
    expect(first.sources[0]!.meta).toMatchObject({ title: "discurs.txt", attachment: true });
    expect(first.sources[0]!.text).toContain("elita coruptă");
    // The offline extractive answer cites the attachment's passages (they come first).
    const cited = citations(first.answer);
    expect(cited.some((n) => first.sources[n - 1]?.meta.attachment)).toBe(true);
    expect(first.answer).toMatch(/elita coruptă|poporul/i);

    // A follow-up without an attachment still searches the thread's.
    const second = await turn(socket, {
      threadId: first.ack.threadId,
      text: "Ce se va întâmpla cu podul peste Mureș?",
    });
    const bridge = second.sources.find((s) => s.meta.attachment);
    expect(bridge?.text).toContain(BRIDGE_PARAGRAPH.slice(0, 40));
    expect(citations(second.answer).some((n) => second.sources[n - 1]?.meta.attachment)).toBe(true);

    // A reload after a restart: the attachment is on its message, by name and size, without its text.
    await server.close();
    server = await startTestServer({}, dir, { keepDir: true });
    const res = await fetch(`${server.url}/api/threads/${first.ack.threadId}`);
    const body = (await res.json()) as { messages: StoredMessage[] };
    const question = body.messages.find((m) => m.role === "user");
    expect(question?.attachments).toEqual([{ name: "discurs.txt", chars: speech.trim().length }]);

    // After the restart the thread's attachment is still searched.
    const again = await server.connect();
    const third = await turn(again, {
      threadId: first.ack.threadId,
      text: "Cine a furat pensiile oamenilor?",
    });
    expect(third.sources[0]?.meta.attachment).toBe(true);
    expect(third.sources[0]?.text).toContain("pensiile");

    // The exports name the attachment and its size; the JSON export carries its text.
    const md = await (await fetch(`${server.url}/api/threads/${first.ack.threadId}/export?format=md`)).text();
    expect(md).toContain("**Atașamente:**");
    expect(md).toMatch(/discurs\.txt \([\d.]+ de caractere\)/);
    expect(md).toContain("discurs.txt (atașament)");
    const json = (await (
      await fetch(`${server.url}/api/threads/${first.ack.threadId}/export?format=json`)
    ).json()) as { messages: StoredMessage[] };
    expect(json.messages[0]?.attachments?.[0]?.text).toBe(speech.trim());
  });

  it("asks the default question of a message that has only an attachment, and names the thread after it", async () => {
    const socket = await server.connect();
    const only = await turn(socket, { text: "  ", attachments: [{ name: "articol.md", text: speech }] });
    expect(only.sources[0]?.meta.attachment).toBe(true);
    expect(citations(only.answer).length).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/api/threads/${only.ack.threadId}`);
    const body = (await res.json()) as { thread: { title: string }; messages: StoredMessage[] };
    expect(body.thread.title).toBe("articol.md");
    expect(body.messages[0]?.text).toBe("Rezumă textul atașat.");
  });

  it("refuses an oversize, an empty or a fourth attachment with its typed error, in the UI's language", async () => {
    const ro = await server.connect("ro");
    const limit = server.config.ATTACHMENT_MAX_CHARS;
    const big = await send(ro, {
      text: "Ce spune?",
      attachments: [{ name: "mare.txt", text: "a ".repeat(limit) }],
    });
    expect(big).toMatchObject({
      ok: false,
      error: { code: "input:attachment_too_long", params: { name: "mare.txt", limit } },
    });
    if (!big.ok) expect(big.error.message).toContain("prea lung");
    const en = await server.connect("en");
    const empty = await send(en, { text: "What?", attachments: [{ name: "gol.txt", text: " \n " }] });
    expect(empty).toMatchObject({ ok: false, error: { code: "input:attachment_empty" } });
    if (!empty.ok) expect(empty.error.message).toBe('The attachment "gol.txt" is empty.');
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `t${i}.txt`, text: "text" }));
    const tooMany = await send(en, { text: "What?", attachments: four });
    expect(tooMany).toMatchObject({ ok: false, error: { code: "input:invalid" } });
    // Nothing was stored for the refused sends, and the server still answers.
    const ok = await turn(en, { text: "Ce se spune despre pensii?" });
    expect(ok.sources.every((s) => !s.meta.attachment)).toBe(true);
  });

  it("regenerates an answer with its question's attachment: the new version shows and searches it", async () => {
    const socket = await server.connect();
    const first = await turn(socket, {
      text: "Ce teme populiste apar în textul atașat?",
      attachments: [{ name: "discurs.txt", text: speech }],
    });
    const again = await turn(socket, {
      threadId: first.ack.threadId,
      text: "Ce teme populiste apar în textul atașat?",
      regenerates: first.ack.messageId,
    });
    expect(again.sources[0]?.meta).toMatchObject({ title: "discurs.txt", attachment: true });
    // Searched once, not as an earlier and a current attachment both.
    expect(new Set(again.sources.map((s) => s.text)).size).toBe(again.sources.length);
    expect(again.sources.filter((s) => s.meta.attachment).every((s) => s.docId === "attachment:0")).toBe(
      true,
    );
    const res = await fetch(`${server.url}/api/threads/${first.ack.threadId}`);
    const body = (await res.json()) as { messages: StoredMessage[] };
    const questions = body.messages.filter((m) => m.role === "user");
    expect(questions).toHaveLength(2);
    expect(questions[1]).toMatchObject({
      regenerates: first.ack.messageId,
      attachments: [{ name: "discurs.txt", chars: speech.trim().length }],
    });
  });

  it("answers from a file given to the ask CLI with --attach, and refuses a binary one", async () => {
    const file = path.join(dir, "discurs.txt");
    writeFileSync(file, speech);
    const binary = path.join(dir, "raport.txt");
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    const ask = async (...args: string[]) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", "ask", ...args], {
        env: {
          ...process.env,
          LOG_LEVEL: "silent",
          CORPUS_DIR: path.join(dir, "corpus"),
          DATA_DIR: path.join(dir, "data"),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      return { code, stdout, stderr };
    };
    const answered = await ask(
      "Ce se va întâmpla cu podul peste Mureș?",
      "--attach",
      file,
      "--temperature",
      "0.7",
      "--top-k",
      "4",
      "--json",
    );
    expect(answered.code, answered.stderr).toBe(0);
    const out = JSON.parse(answered.stdout.trim().split("\n").at(-1)!) as {
      answer: string;
      sources: Source[];
      settings: unknown;
    };
    // The settings the answer used, as the chat records them.
    expect(out.settings).toEqual({ temperature: 0.7, topK: 4 });
    expect(out.sources[0]?.meta).toMatchObject({ title: "discurs.txt", attachment: true });
    expect(out.sources[0]?.text).toContain("Podul peste Mureș");
    expect(out.answer).toContain("[1]");
    const refused = await ask("Ce spune?", "--attach", binary);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("„raport.txt” nu este un fișier text");
  }, 60_000);
});
