// The offline extractive answer for an English reader, through the real server (socket.io, SQLite, hnswlib over the
// shipped corpus): framed in the handshake's language, its quotes and its grounding as a Romanian reader's, stored and
// exported as written; and a real model that answers next in the thread (the OpenAI-compatible protocol server) is
// asked exactly as for a Romanian reader, the earlier answer framed in Romanian in its history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTRACTIVE_FRAMING } from "../../contract/extractiveFraming";
import type { DoneEvent } from "../../contract/protocol";
import type { ChatSettings } from "../../contract/settings";
import type { StoredMessage } from "../../contract/threads";
import { VALID } from "../support/chatTurn";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { record, send, startTestServer, type TestServer } from "../support/server";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";
const REAL = "openai-compatible:real";
const single = (model: string): ChatSettings => ({ model, chain: { mode: "single" } });

let fake: FakeServer;
let server: TestServer;

interface Turn {
  done: DoneEvent;
  tokens: string;
  message: StoredMessage;
  threadId: string;
}

async function turn(
  lang: "ro" | "en",
  text: string,
  settings: ChatSettings,
  threadId?: string,
): Promise<Turn> {
  const socket = await server.connect(lang);
  const rec = record(socket);
  const ack = await send(socket, { text, settings, ...(threadId ? { threadId } : {}) });
  if (!ack.ok) throw new Error(`send refused: ${ack.error.message}`);
  const events = await rec.finished;
  socket.disconnect();
  const error = events.find((e) => e.event === "chat:error");
  if (error) throw new Error(`turn failed: ${JSON.stringify(error.payload)}`);
  const done = events.find((e) => e.event === "chat:done")!.payload as unknown as DoneEvent;
  const tokens = events
    .filter((e) => e.event === "chat:token")
    .map((e) => String(e.payload.text))
    .join("");
  const thread = (await (await fetch(`${server.url}/api/threads/${ack.data.threadId}`)).json()) as {
    messages: StoredMessage[];
  };
  const message = thread.messages.find((m) => m.id === ack.data.messageId)!;
  return { done, tokens, message, threadId: ack.data.threadId };
}

const bullets = (text: string) => text.split("\n").filter((line) => line.startsWith("- "));

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setDefault((r) => {
    const body = r.body as OpenAIChatBody;
    return body.response_format || body.tools
      ? { json: VALID }
      : { text: "Comentatorii discută pensiile [1]." };
  });
  server = await startTestServer({
    MODEL_PRIMARY: "offline:extractive",
    MODEL_FALLBACK: REAL,
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("the offline extractive answer in English mode", () => {
  it("is framed in English, quotes the same Romanian sentences, and grounds as the Romanian one", async () => {
    const en = await turn("en", QUESTION, single("offline:extractive"));
    const ro = await turn("ro", QUESTION, single("offline:extractive"));
    expect(en.tokens.startsWith(EXTRACTIVE_FRAMING.en.answerHeading)).toBe(true);
    expect(en.tokens).not.toContain("Răspuns extractiv");
    expect(ro.tokens.startsWith(EXTRACTIVE_FRAMING.ro.answerHeading)).toBe(true);
    expect(bullets(en.tokens)).toEqual(bullets(ro.tokens));
    expect(bullets(en.tokens).length).toBeGreaterThan(0);
    // The framing is no claim: both answers ground alike, and no framing sentence is flagged.
    expect(en.done.grounding).toEqual(ro.done.grounding);
    expect(en.done.grounding!.claims).toBeGreaterThan(0);
    expect(en.done.grounding!.unsupported.map((u) => u.sentence).join(" ")).not.toContain("Extractive");
    // Stored and exported as the reader saw it.
    expect(en.message.text).toBe(en.tokens);
    const markdown = await (await fetch(`${server.url}/api/threads/${en.threadId}/export?format=md`)).text();
    expect(markdown).toContain(EXTRACTIVE_FRAMING.en.answerHeading);
  });

  it("exports the thread's Markdown in the page's language: its headings and notes, not the thread's texts", async () => {
    const { threadId } = await turn("en", QUESTION, single("offline:extractive"));
    const exported = async (query: string, headers: Record<string, string> = {}) =>
      (await fetch(`${server.url}/api/threads/${threadId}/export?format=md${query}`, { headers })).text();
    const english = await exported("&lang=en");
    for (const heading of [
      "## Question",
      "## Answer",
      "**Sources:**",
      "Exported from EchoChamber",
      "**Grounding:**",
    ])
      expect(english, heading).toContain(heading);
    expect(english).toMatch(
      /\*\*Annotation of the question:\*\* tone (positive|negative|neutral); populism (yes|no)/,
    );
    for (const word of [
      "## Întrebare",
      "## Răspuns",
      "**Surse:**",
      "Exportat din",
      "Fundamentare",
      "încredere",
    ])
      expect(english, word).not.toContain(word);
    expect(english).toContain(QUESTION);
    // A link sends the browser's Accept-Language; the page's `lang` wins over it, and Romanian is the default.
    expect(await exported("", { "accept-language": "en-GB,en;q=0.9" })).toContain("## Question");
    const romanian = await exported("&lang=ro", { "accept-language": "en" });
    for (const heading of ["## Întrebare", "## Răspuns", "**Surse:**", "**Fundamentare:**"])
      expect(romanian, heading).toContain(heading);
    expect(await exported("")).toContain("## Întrebare");
  });

  it("asks a real model next in the thread as for a Romanian reader: the history's offline answer framed in Romanian", async () => {
    const first = await turn("en", QUESTION, single("offline:extractive"));
    fake.requests.length = 0;
    await turn("en", "Și ce spun despre pensiile magistraților?", single(REAL), first.threadId);
    const answering = fake.requests
      .map((r) => r.body as OpenAIChatBody)
      .filter((b) => !b.response_format && !b.tools);
    expect(answering.length).toBe(1);
    const sent = JSON.stringify(answering[0]);
    expect(sent).not.toContain("displayLang");
    expect(sent).not.toContain("Extractive answer");
    const history = answering[0]!.messages!.find((m) => m.role === "assistant");
    expect(String(history?.content)).toContain(EXTRACTIVE_FRAMING.ro.answerHeading);
    expect(String(history?.content)).toContain(bullets(first.tokens)[0]);
  });
});
