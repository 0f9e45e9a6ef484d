// Grounded answers and draft → refine through the real server (socket.io, SQLite, hnswlib over the shipped corpus),
// against the OpenAI-compatible protocol server playing several models: chat:done carries the grounding (an invalid
// citation, an invented figure), the stored thread and its Markdown export keep it; a groundedness judge shows as a
// step; a draft that triggers the refine rule is refined in its place, one that does not is kept, a failed
// refinement leaves the draft standing.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatSettings } from "../../contract/settings";
import type { DoneEvent, StepEvent } from "../../contract/protocol";
import type { StoredMessage } from "../../contract/threads";
import { VALID } from "../support/chatTurn";
import {
  startFakeOpenAI,
  type FakeReply,
  type FakeServer,
  type OpenAIChatBody,
  type RecordedRequest,
} from "../support/fakeOpenAI";
import { record, send, startTestServer, tempCorpus, type TestServer } from "../support/server";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";
const id = (m: string) => `openai-compatible:${m}`;

/** Answers by model; `mic` drafts long for pensions and short otherwise. */
const ANSWERS: Record<string, string> = {
  citeaza7: "Comentatorii discută despre pensiile speciale [7].",
  inventeaza: "Pensiile speciale au crescut cu 4.321 de lei în 2019 [1].",
  mic: "Ciornă: comentatorii discută despre pensiile speciale [1], unii cer plafonarea lor [2], alții spun că sunt nedrepte pentru pensionarii obișnuiți [3].",
  mare: "Răspuns rafinat: comentatorii discută despre pensiile speciale [1].",
};

let fake: FakeServer;
let failRefine = false;
let failJudge = false;

function reply(r: RecordedRequest): FakeReply {
  const body = r.body as OpenAIChatBody;
  if (body.response_format || body.tools) return { json: VALID };
  const model = body.model ?? "";
  const system = JSON.stringify(body.messages?.find((m) => m.role === "system")?.content ?? "");
  if (system.includes("verificator")) {
    if (failJudge) return { fault: "500" };
    const last = JSON.stringify(body.messages?.at(-1)?.content ?? "");
    const count = (last.match(/\\n\d+\. /g) ?? []).length;
    return {
      text: JSON.stringify({
        verdicte: Array.from({ length: count }, (_, i) => ({ nr: i + 1, sustinuta: true })),
      }),
    };
  }
  if (model === "bun") {
    // A grounded answer: the first sentence of the first source, cited.
    const prompt = String(body.messages?.at(-1)?.content ?? "");
    const first = /^\[1\] \([^)]*\) (.*)$/m.exec(prompt)?.[1] ?? "";
    return { text: `${first.split(/(?<=[.!?])\s/)[0]} [1]` };
  }
  if (model === "mare" && failRefine) return { fault: "500" };
  if (model === "mic" && JSON.stringify(body.messages?.at(-1)?.content ?? "").includes("scurt"))
    return { text: "Pe scurt: pensiile speciale sunt criticate [1]." };
  return { text: ANSWERS[model] ?? "Răspuns de test.", tokenDelayMs: 1 };
}

interface Turn {
  done: DoneEvent;
  steps: StepEvent[];
  tokens: string;
  message: StoredMessage;
  threadId: string;
}

async function turn(
  server: TestServer,
  text: string,
  settings?: ChatSettings,
  lang: "ro" | "en" = "ro",
): Promise<Turn> {
  const socket = await server.connect(lang);
  const rec = record(socket);
  const ack = await send(socket, { text, ...(settings ? { settings } : {}) });
  if (!ack.ok) throw new Error(`send refused: ${ack.error.message}`);
  const events = await rec.finished;
  socket.disconnect();
  const error = events.find((e) => e.event === "chat:error");
  if (error) throw new Error(`turn failed: ${JSON.stringify(error.payload)}`);
  const done = events.find((e) => e.event === "chat:done")!.payload as unknown as DoneEvent;
  const steps = events.filter((e) => e.event === "chat:step").map((e) => e.payload as unknown as StepEvent);
  const tokens = events
    .filter((e) => e.event === "chat:token")
    .map((e) => String(e.payload.text))
    .join("");
  const thread = (await (await fetch(`${server.url}/api/threads/${ack.data.threadId}`)).json()) as {
    messages: StoredMessage[];
  };
  const message = thread.messages.find((m) => m.id === ack.data.messageId)!;
  return { done, steps, tokens, message, threadId: ack.data.threadId };
}

const single = (model: string): ChatSettings => ({ model: id(model), chain: { mode: "single" } });

beforeAll(async () => {
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.setDefault(reply);
  failRefine = false;
  failJudge = false;
});

describe("grounding of chat turns", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      MODEL_PRIMARY: id("bun"),
      MODEL_FALLBACK: [id("citeaza7"), id("inventeaza")].join(","),
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      DRAFT_MODEL: id("mic"),
      REFINE_MODEL: id("mare"),
      REFINE_MAX_DRAFT_WORDS: "12",
      REFINE_MIN_GROUNDING: "0",
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reports a citation of a source that was not shown, keeps it in the stored answer and its export", async () => {
    const t = await turn(server, QUESTION, single("citeaza7"));
    expect(t.done.grounding).toMatchObject({ invalidCitations: [7], score: 0, method: "lexical" });
    expect(t.done.grounding!.unsupported[0]).toMatchObject({ kind: "invalid_citation", detail: "[7]" });
    expect(t.message.done?.grounding).toEqual(t.done.grounding);
    const markdown = await (await fetch(`${server.url}/api/threads/${t.threadId}/export?format=md`)).text();
    expect(markdown).toContain("**Fundamentare:** 0,00");
    expect(markdown).toContain("**Citări inexistente:** [7]");
  });

  it("reports an invented figure and a grounded answer as such", async () => {
    const invented = await turn(server, QUESTION, single("inventeaza"));
    expect(invented.done.grounding!.unsupported[0]).toMatchObject({ kind: "number", detail: "4.321" });
    const grounded = await turn(server, QUESTION, single("bun"));
    expect(grounded.done.grounding).toMatchObject({ score: 1, unsupported: [], invalidCitations: [] });
  });

  it("refines a draft the rule flags: both parts as steps, the refinement in place of the draft", async () => {
    // The configuration's default: draft → refine (DRAFT_MODEL and REFINE_MODEL are set).
    const t = await turn(server, QUESTION);
    const names = t.steps.map((s) => `${s.step}:${s.status}`);
    expect(names).toEqual(
      expect.arrayContaining(["draft:start", "draft:end", "refine:start", "refine:end", "answer:end"]),
    );
    expect(names.indexOf("refine:start")).toBeGreaterThan(names.indexOf("draft:end"));
    expect(t.steps.find((s) => s.step === "refine" && s.status === "start")!.detail).toContain("peste 12");
    // Tokens of both parts streamed; what is stored and reported is the refinement.
    expect(t.tokens).toBe(ANSWERS.mic! + ANSWERS.mare!);
    expect(t.message.text).toBe(ANSWERS.mare);
    expect(t.done.model).toBe(id("mare"));
    expect(t.done.refine!.reasonEn).toContain("the draft has");
    expect(t.done.refine!.reasonEn).toContain("(more than 12)");
    expect(t.done.refine).toMatchObject({
      refined: true,
      draft: { model: id("mic"), text: ANSWERS.mic },
      refine: { model: id("mare") },
    });
    const r = t.done.refine!;
    expect(r.combined.ms).toBe(r.draft.ms + r.refine!.ms);
    expect(r.combined.usage!.outputTokens).toBe(r.draft.usage!.outputTokens + r.refine!.usage!.outputTokens);
    expect(t.done.usage).toEqual(r.combined.usage);
    // The refining model got the draft and the request to revise it.
    const refineBody = fake.requests.map((q) => q.body as OpenAIChatBody).find((b) => b.model === "mare")!;
    expect(refineBody.messages!.at(-2)!.content).toBe(ANSWERS.mic);
    expect(String(refineBody.messages!.at(-1)!.content)).toContain("Revizuiește");
  });

  it("says in the step why the draft is refined, in the asker's language", async () => {
    const t = await turn(server, QUESTION, undefined, "en");
    const start = t.steps.find((s) => s.step === "refine" && s.status === "start");
    expect(start!.detail).toBe(
      `${id("mare")} — the draft has ${t.done.refine!.draft.text.split(/\s+/).length} words (more than 12)`,
    );
  });

  it("keeps a draft the rule does not flag, and a draft whose refinement failed", async () => {
    const kept = await turn(server, "Spune pe scurt ce se spune despre pensiile speciale.");
    expect(kept.steps.some((s) => s.step === "refine")).toBe(false);
    expect(kept.done.refine).toMatchObject({ refined: false, draft: { model: id("mic") } });
    expect(kept.done.refine!.reason).toContain("nicio regulă");
    // The English page reads the same reason in English.
    expect(kept.done.refine!.reasonEn).toMatch(/^no rule asked for refinement \(\d+ words, groundedness /);
    expect(kept.message.text).toBe("Pe scurt: pensiile speciale sunt criticate [1].");

    failRefine = true;
    const failed = await turn(server, QUESTION);
    expect(failed.steps.find((s) => s.step === "refine" && s.status === "error")!.detail).toContain(
      "provider:server_error",
    );
    expect(failed.message.text).toBe(ANSWERS.mic);
    expect(failed.done.model).toBe(id("mic"));
    expect(failed.done.refine).toMatchObject({
      refined: false,
      refine: { model: id("mare"), error: "provider:server_error" },
    });
  });

  it("refuses draft → refine with a model the server does not offer", async () => {
    const socket = await server.connect();
    const ack = await send(socket, {
      text: QUESTION,
      settings: { chain: { mode: "draft-refine", draft: id("mic"), refine: "openai:gpt-4o" } },
    });
    socket.disconnect();
    expect(ack).toMatchObject({ ok: false, error: { code: "input:unknown_model" } });
  });
});

describe("grounding of an answer that quotes a hyphenated place name", () => {
  let server: TestServer;
  beforeAll(async () => {
    // The shipped corpus plus a passage about Zărnești-Vale and Bistrița-Năsăud, which the question retrieves first.
    const dir = tempCorpus();
    const record = {
      id: "zv-1",
      text: "Consiliul local din Zărnești-Vale, județul Bistrița-Năsăud, a aprobat pe 14 martie 2025 un buget de 1.200.000 de lei pentru drumurile comunale. Primarul spune că lucrările încep în aprilie.",
      source: "Gazeta de Zărnești-Vale",
      platform: "stiri",
      date: "2025-03-15",
      url: "https://exemplu.ro/zarnesti-vale",
      title: "Buget pentru drumuri la Zărnești-Vale",
      lang: "ro",
    };
    writeFileSync(path.join(dir, "corpus", "cleaned", "zarnesti.jsonl"), `${JSON.stringify(record)}\n`);
    server = await startTestServer({ MODEL_PRIMARY: id("bun"), OPENAI_COMPATIBLE_BASE_URL: fake.url }, dir);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("grounds a word-for-word quote of the cited passage at 1, in the answer, the stored turn and the export", async () => {
    const t = await turn(
      server,
      "Ce buget a aprobat consiliul din Zărnești-Vale pentru drumuri?",
      single("bun"),
    );
    expect(t.message.text).toContain("Zărnești-Vale");
    expect(t.done.grounding).toMatchObject({ score: 1, claims: 1, unsupported: [], invalidCitations: [] });
    expect(t.message.done?.grounding).toEqual(t.done.grounding);
    const markdown = await (await fetch(`${server.url}/api/threads/${t.threadId}/export?format=md`)).text();
    expect(markdown).toContain("**Fundamentare:** 1,00");
  });
});

describe("preferences over REST", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ OPENAI_COMPATIBLE_BASE_URL: fake.url });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (body: unknown, lang = "ro") =>
    fetch(`${server.url}/api/compare/preferences`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": lang },
      body: JSON.stringify(body),
    });
  const verdict = {
    person: "Ana",
    runId: "r",
    suiteId: "s",
    caseId: "c",
    temperature: 0,
    run: 1,
    a: "x:a",
    b: "x:b",
  };

  it("stores verdicts per person, refuses a malformed one in the reader's language, and ranks the models", async () => {
    const missing = await post({ ...verdict });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain("choice");
    const same = await post({ ...verdict, b: "x:a", choice: "a" }, "en");
    expect(same.status).toBe(400);
    expect(((await same.json()) as { error: { message: string } }).error.message).toMatch(/^The request/);
    expect((await post({ ...verdict, choice: "b" })).status).toBe(201);
    expect((await post({ ...verdict, person: "Dan", choice: "tie" })).status).toBe(201);
    const stats = (await (
      await fetch(`${server.url}/api/compare/preferences?suite=s&person=Ana`)
    ).json()) as {
      comparisons: number;
      people: number;
      mine: unknown[];
      models: { model: string; wins: number; ties: number }[];
    };
    expect(stats).toMatchObject({ comparisons: 2, people: 2 });
    expect(stats.mine).toHaveLength(1);
    expect(stats.models[0]).toMatchObject({ model: "x:b", wins: 1, ties: 1 });
  });
});

describe("a groundedness judge in the chat", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      MODEL_PRIMARY: id("bun"),
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      GROUNDING_JUDGE: id("verificator"),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("shows the judge as a step and reports its verdict", async () => {
    const t = await turn(server, QUESTION);
    const grounding = t.steps.filter((s) => s.step === "grounding");
    expect(grounding.map((s) => s.status)).toEqual(["start", "end"]);
    expect(grounding[0]!.detail).toBe(id("verificator"));
    expect(t.done.grounding).toMatchObject({ method: "judge", judge: id("verificator"), score: 1 });
    const judged = fake.requests.filter((q) => (q.body as OpenAIChatBody).model === "verificator");
    expect(judged).toHaveLength(1);
    // The same answer again: the verdict comes from the cache.
    await turn(server, QUESTION);
    expect(fake.requests.filter((q) => (q.body as OpenAIChatBody).model === "verificator")).toHaveLength(1);
  });

  it("says a failed judge in the asker's language, and keeps both wordings with the answer", async () => {
    failJudge = true;
    const t = await turn(server, "Ce spun oamenii despre transportul public?", undefined, "en");
    const failed = t.steps.find((s) => s.step === "grounding" && s.status === "error");
    expect(failed?.detail).toMatch(
      /^the judge openai-compatible:verificator failed \(provider:server_error: /,
    );
    expect(failed?.detail).toContain("the lexical measure stands");
    expect(t.done.grounding).toMatchObject({ method: "lexical" });
    expect(t.done.grounding!.note).toMatch(/^judecătorul openai-compatible:verificator a eșuat/);
    expect(t.done.grounding!.noteEn).toMatch(/^the judge openai-compatible:verificator failed/);
  });
});
