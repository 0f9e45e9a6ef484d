import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusResponse, ModelsResponse } from "../../contract/api";
import type { DoneEvent } from "../../contract/protocol";
import type { Source } from "../../contract/corpus";
import { record, send, startTestServer, type TestServer } from "../support/server";
import { openCheckpointer } from "../../server/storage/checkpointer";
import { CODEBOOK_VERSION } from "../../contract/annotation";

describe("server: a whole chat turn over socket.io", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("streams steps, sources, annotations, tokens and done, in that order and shape", async () => {
    const socket = await server.connect();
    const rec = record(socket);
    // The ack (which gives the client the message id) comes before any event of the turn.
    let eventsBeforeAck = -1;
    const ack = await new Promise<Awaited<ReturnType<typeof send>>>((resolve) =>
      socket.emit("chat:send", { text: "Ce spun oamenii despre pensiile speciale?" }, (result) => {
        eventsBeforeAck = rec.events.length;
        resolve(result);
      }),
    );
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(eventsBeforeAck).toBe(0);
    const events = await rec.finished;
    const mine = events.filter((e) => e.payload.messageId === ack.data.messageId);
    expect(mine.length).toBe(events.length);

    const kinds = mine.map((e) =>
      e.event === "chat:step" ? `step:${e.payload.step}:${e.payload.status}` : e.event,
    );
    const firstIndex = (k: string) => kinds.indexOf(k);
    expect(firstIndex("step:retrieve:start")).toBe(0);
    expect(firstIndex("chat:sources")).toBeGreaterThan(firstIndex("step:retrieve:start"));
    expect(firstIndex("step:retrieve:end")).toBeGreaterThan(firstIndex("step:retrieve:start"));
    expect(firstIndex("chat:annotation")).toBeGreaterThan(firstIndex("step:annotate:start"));
    expect(firstIndex("chat:token")).toBeGreaterThan(firstIndex("step:answer:start"));
    expect(kinds.at(-1)).toBe("chat:done");
    expect(kinds).not.toContain("chat:error");

    const sources = mine.find((e) => e.event === "chat:sources")!.payload.sources as Source[];
    expect(sources.length).toBe(server.config.TOP_K);
    for (const s of sources) {
      expect(s).toMatchObject({
        id: expect.any(String),
        docId: expect.any(String),
        text: expect.any(String),
        score: expect.any(Number),
      });
      expect(s.meta).toMatchObject({
        source: expect.any(String),
        platform: expect.any(String),
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/),
      });
    }
    const messageAnnotation = mine.find(
      (e) => e.event === "chat:annotation" && e.payload.target === "message",
    )!;
    expect(messageAnnotation.payload.model).toBe("offline:lexicon");
    expect(["pozitiv", "negativ", "neutru"]).toContain(
      (messageAnnotation.payload.annotation as { ton: string }).ton,
    );
    const sourceTargets = mine
      .filter((e) => e.event === "chat:annotation" && e.payload.target !== "message")
      .map((e) => e.payload.target);
    expect(sourceTargets.sort()).toEqual(sources.map((s) => s.id).sort());

    const answer = mine
      .filter((e) => e.event === "chat:token")
      .map((e) => e.payload.text)
      .join("");
    expect(answer).toMatch(/\[\d\]/);
    const done = mine.at(-1)!.payload as unknown as DoneEvent;
    expect(done.model).toBe("offline:extractive");
    expect(done.fallbacks).toEqual([]);
    expect(done.timings.totalMs).toBeGreaterThanOrEqual(done.timings.firstTokenMs);
    expect(done.timings).toMatchObject({ retrieveMs: expect.any(Number), annotateMs: expect.any(Number) });

    // The thread is stored with both messages.
    const res = await fetch(`${server.url}/api/threads/${ack.data.threadId}`);
    const body = (await res.json()) as { messages: { role: string; text: string }[] };
    expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(body.messages[1]!.text).toBe(answer);
  });

  it("sends the first piece of a burst of tokens at once and the rest of the burst as one packet", async () => {
    // The offline model, without a stream delay, yields a whole answer of many pieces in one go.
    const socket = await server.connect();
    const rec = record(socket);
    const ack = await send(socket, { text: "Ce nemulțumiri există legate de prețul energiei?" });
    if (!ack.ok) throw new Error("send failed");
    const tokens = (await rec.finished)
      .filter((e) => e.event === "chat:token")
      .map((e) => e.payload.text as string);
    const answer = tokens.join("");
    expect(answer.split(/\s+/).length).toBeGreaterThan(12);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.length).toBeLessThanOrEqual(3);
    expect(tokens[0]!.length).toBeLessThan(answer.length / 2);
    const stored = (await (await fetch(`${server.url}/api/threads/${ack.data.threadId}`)).json()) as {
      messages: { role: string; text: string }[];
    };
    expect(stored.messages.find((m) => m.role === "assistant")?.text).toBe(answer);
    socket.disconnect();
  });

  it("continues a thread: the second message lands in the same thread", async () => {
    const socket = await server.connect();
    const rec1 = record(socket);
    const first = await send(socket, { text: "Ce se spune despre taxe?" });
    if (!first.ok) throw new Error("first send failed");
    await rec1.finished;
    socket.offAny();
    const rec = record(socket);
    const second = await send(socket, { threadId: first.data.threadId, text: "Și despre TVA?" });
    expect(second.ok && second.data.threadId).toBe(first.data.threadId);
    await rec.finished;
    const body = (await (await fetch(`${server.url}/api/threads/${first.data.threadId}`)).json()) as {
      messages: unknown[];
    };
    expect(body.messages).toHaveLength(4);
  });

  it("answers bad input with a coded error in Romanian and keeps serving", async () => {
    const socket = await server.connect();
    const empty = await send(socket, { text: "   " });
    expect(empty).toMatchObject({
      ok: false,
      error: { code: "input:empty", message: expect.stringMatching(/gol/) },
    });
    const long = await send(socket, { text: "a".repeat(4001) });
    expect(long).toMatchObject({
      ok: false,
      error: { code: "input:too_long", message: expect.stringContaining("maximum 4.000 de caractere") },
    });
    const wrong = await send(socket, { text: 42 } as never);
    expect(wrong).toMatchObject({ ok: false, error: { code: "input:invalid" } });
    const extra = await send(socket, { text: "salut", bogus: true } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: "input:invalid" } });
    const model = await send(socket, { text: "salut", settings: { model: "openai:gpt-nu-exista" } });
    expect(model).toMatchObject({
      ok: false,
      error: { code: "input:unknown_model", message: expect.stringContaining("gpt-nu-exista") },
    });
    const thread = await send(socket, { threadId: "nu-exista", text: "salut" });
    expect(thread).toMatchObject({ ok: false, error: { code: "thread:not_found" } });

    // The same socket still works after all of that.
    const rec = record(socket);
    const ok = await send(socket, { text: "Ce se spune despre diaspora?" });
    expect(ok.ok).toBe(true);
    const events = await rec.finished;
    expect(events.at(-1)!.event).toBe("chat:done");
  });

  it("answers errors in English when the client asks for English", async () => {
    const socket = await server.connect("en");
    const empty = await send(socket, { text: "" });
    expect(empty).toMatchObject({
      ok: false,
      error: { code: "input:empty", message: expect.stringMatching(/empty/) },
    });
  });

  it("serves health, models and annotate over REST, with JSON errors", async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({
      ok: true,
      corpus: { embedder: "offline:hash", chunks: expect.any(Number) },
    });
    const models = (await (await fetch(`${server.url}/api/models`)).json()) as ModelsResponse;
    expect(models.chain.map((m) => m.id)).toEqual(["offline:extractive", "offline:lexicon"]);
    expect(models.defaults).toEqual({
      model: "offline:extractive",
      temperature: 0.2,
      topK: 5,
      // No DRAFT_MODEL / REFINE_MODEL: one model answers; the rule is the configuration's defaults.
      chain: { mode: "single", rule: { maxDraftWords: 150, minGrounding: 0.75 } },
    });
    expect(models.limits.maxMessageChars).toBe(4000);
    const corpus = (await (await fetch(`${server.url}/api/corpus`)).json()) as CorpusResponse;
    expect(corpus.platforms.map((p) => p.value)).toEqual(
      expect.arrayContaining(["facebook", "youtube", "stiri", "oficial"]),
    );
    expect(corpus.platforms.reduce((n, p) => n + p.count, 0)).toBe(corpus.chunks);
    expect(corpus.dateMin! <= corpus.dateMax!).toBe(true);

    const post = (body: unknown) =>
      fetch(`${server.url}/api/annotate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await post({
      texts: ["Hoții de la putere ne fură, poporul plătește!", "Vremea e frumoasă azi."],
    });
    expect(ok.status).toBe(200);
    const annotated = (await ok.json()) as {
      model: string;
      annotations: { ton: string; populism: boolean }[];
    };
    expect(annotated.model).toBe("offline:lexicon");
    expect(annotated.annotations).toHaveLength(2);
    expect(annotated.annotations[0]!.ton).toBe("negativ");

    const empty = await post({ texts: [" "] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "input:empty", message: expect.any(String) } });
    const malformed = await fetch(`${server.url}/api/annotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "input:invalid" } });
    const notFound = await fetch(`${server.url}/api/threads/nope`);
    expect(notFound.status).toBe(404);
  });
});

describe("server: threads, labels and feedback over REST", () => {
  let server: TestServer;
  let threadId = "";
  let messageId = "";
  beforeAll(async () => {
    server = await startTestServer();
    const socket = await server.connect();
    const rec = record(socket);
    const ack = await send(socket, { text: "Ce se spune despre pensiile speciale?" });
    if (!ack.ok) throw new Error("send failed");
    await rec.finished;
    ({ threadId, messageId } = ack.data);
  });
  afterAll(async () => {
    await server?.close();
  });
  const json = (method: string, url: string, body?: unknown) =>
    fetch(`${server.url}${url}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("stores feedback on an answer and refuses feedback on an unknown message", async () => {
    expect((await json("POST", "/api/feedback", { messageId, value: "up", comment: "util" })).status).toBe(
      201,
    );
    expect((await json("POST", "/api/feedback", { messageId: "nope", value: "down" })).status).toBe(404);
    expect((await json("POST", "/api/feedback", { messageId, value: "meh" })).status).toBe(400);
  });

  it("renames, exports (Markdown and JSON) and deletes a thread", async () => {
    const renamed = await json("PATCH", `/api/threads/${threadId}`, { title: "Pensii speciale" });
    expect(renamed.status).toBe(200);
    const list = (await (await fetch(`${server.url}/api/threads`)).json()) as {
      threads: { id: string; title: string }[];
    };
    expect(list.threads.find((t) => t.id === threadId)?.title).toBe("Pensii speciale");

    const md = await fetch(`${server.url}/api/threads/${threadId}/export?format=md`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    const text = await md.text();
    expect(text).toContain("# Pensii speciale");
    expect(text).toContain("Ce se spune despre pensiile speciale?");
    expect(text).toMatch(/\*\*Surse:\*\*\n\n1\. /);
    // Every stored annotation says under which codebook it was made.
    expect(text).toContain(`codebook ${CODEBOOK_VERSION}`);
    const exported = (await (await fetch(`${server.url}/api/threads/${threadId}/export`)).json()) as {
      messages: { role: string; codebookVersion?: string }[];
    };
    expect(exported.messages).toHaveLength(2);
    expect(exported.messages[1]).toMatchObject({ role: "assistant", codebookVersion: CODEBOOK_VERSION });

    expect((await json("PATCH", `/api/threads/${threadId}`, { title: "  " })).status).toBe(400);
    expect((await json("DELETE", `/api/threads/${threadId}`)).status).toBe(204);
    expect((await fetch(`${server.url}/api/threads/${threadId}`)).status).toBe(404);
    expect((await json("DELETE", `/api/threads/${threadId}`)).status).toBe(404);
  });

  it("stores a human correction of an annotation as a label, with the annotated text", async () => {
    const other = await server.connect();
    const rec = record(other);
    const ack = await send(other, { text: "Poporul e mințit de hoții de la guvern!" });
    if (!ack.ok) throw new Error("send failed");
    await rec.finished;
    const annotation = {
      ton: "negativ",
      populism: true,
      anti_elitism: true,
      popor_central: true,
      tema: "coruptie",
      tinta: "guvernul",
      incredere: 1,
      justificare: "Poporul opus guvernului corupt.",
    };
    const res = await json("POST", "/api/labels", {
      messageId: ack.data.messageId,
      target: "message",
      annotation,
      annotator: "Ana",
    });
    expect(res.status).toBe(201);
    const labels = (await (await fetch(`${server.url}/api/labels`)).json()) as {
      labels: { text: string; annotator: string; correctedModel: string }[];
    };
    expect(labels.labels.at(-1)).toMatchObject({
      text: "Poporul e mințit de hoții de la guvern!",
      annotator: "Ana",
      correctedModel: "offline:lexicon",
    });
    const bad = await json("POST", "/api/labels", {
      messageId: ack.data.messageId,
      target: "message",
      annotation: { ...annotation, ton: "furios" },
    });
    expect(bad.status).toBe(400);
    const unknownTarget = await json("POST", "/api/labels", {
      messageId: ack.data.messageId,
      target: "nu-exista#0",
      annotation,
    });
    expect(unknownTarget.status).toBe(400);
  });
});

describe("server: concurrency and stop", () => {
  let server: TestServer;
  beforeAll(async () => {
    // A slow offline stream (about 2.5 s an answer), so that a turn is still running when the next event arrives,
    // also on a loaded machine.
    server = await startTestServer({ OFFLINE_STREAM_DELAY_MS: "25" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lets a connection write answers in three threads at once, refuses a fourth, and serves other sockets meanwhile", async () => {
    const busy = await server.connect();
    const allDone = new Promise<void>((resolve) => {
      let done = 0;
      busy.on("chat:done", () => {
        if (++done === 3) resolve();
      });
    });
    const first = await send(busy, { text: "Ce spun comentariile despre corupție?" });
    if (!first.ok) throw new Error("send failed");
    // The same thread again: refused, its answer is still being written.
    const again = await send(busy, { text: "Încă o întrebare", threadId: first.data.threadId });
    expect(again).toMatchObject({ ok: false, error: { code: "chat:thread_busy" } });
    // Other threads (the person moved on while the answer is written): up to three at once.
    expect((await send(busy, { text: "Ce se spune despre taxe?" })).ok).toBe(true);
    expect((await send(busy, { text: "Ce se spune despre pensii?" })).ok).toBe(true);
    const fourth = await send(busy, { text: "Ce se spune despre justiție?" });
    expect(fourth).toMatchObject({ ok: false, error: { code: "chat:busy" } });
    if (!fourth.ok) expect(fourth.error.message).toContain("3 răspunsuri");

    const other = await server.connect();
    const otherRec = record(other);
    expect((await send(other, { text: "Ce se spune despre energie?" })).ok).toBe(true);
    expect((await otherRec.finished).at(-1)!.event).toBe("chat:done");
    await allDone;
  }, 30_000);

  it("writes one answer at a time in a thread: a second tab's send is refused while it runs, accepted after", async () => {
    const a = await server.connect();
    const first = record(a);
    const opened = await send(a, { text: "Ce spun comentariile despre taxe?" });
    if (!opened.ok) throw new Error("send failed");
    const { threadId } = opened.data;
    const b = await server.connect();
    const refused = await send(b, { text: "Și despre pensii?", threadId });
    expect(refused).toMatchObject({ ok: false, error: { code: "chat:thread_busy" } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/altă filă/);
    // Another thread is not held up by it.
    const elsewhere = record(b);
    expect((await send(b, { text: "Ce se spune despre energie?" })).ok).toBe(true);
    expect((await elsewhere.finished).at(-1)!.event).toBe("chat:done");
    expect((await first.finished).at(-1)!.event).toBe("chat:done");

    b.removeAllListeners();
    const second = record(b);
    expect((await send(b, { text: "Și despre pensii?", threadId })).ok).toBe(true);
    expect((await second.finished).at(-1)!.event).toBe("chat:done");
    const saver = openCheckpointer(path.join(server.dir, "data"));
    const tuple = await saver.getTuple({ configurable: { thread_id: threadId } });
    const remembered =
      (tuple?.checkpoint.channel_values as { messages?: { content: unknown }[] }).messages ?? [];
    expect(remembered.map((m) => String(m.content)).filter((t) => t.includes("?"))).toEqual([
      "Ce spun comentariile despre taxe?",
      "Și despre pensii?",
    ]);
  }, 30_000);

  it("deletes a thread while its answer is written: the turn ends first, and nothing of the thread is kept", async () => {
    const socket = await server.connect();
    const rec = record(socket);
    const ack = await send(socket, { text: "Ce se spune despre corupție și justiție?" });
    if (!ack.ok) throw new Error("send failed");
    const { threadId } = ack.data;
    await new Promise<void>((resolve) => socket.once("chat:token", () => resolve()));
    const deleted = await fetch(`${server.url}/api/threads/${threadId}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    // The turn was stopped and stored before the deletion answered.
    const done = (await rec.finished).at(-1)!;
    expect(done).toMatchObject({ event: "chat:done", payload: { stopped: true } });
    expect((await fetch(`${server.url}/api/threads/${threadId}`)).status).toBe(404);
    const saver = openCheckpointer(path.join(server.dir, "data"));
    expect(await saver.getTuple({ configurable: { thread_id: threadId } })).toBeUndefined();
  }, 30_000);

  it("stops a running answer on chat:stop and stores what was streamed", async () => {
    const socket = await server.connect();
    const rec = record(socket);
    const ack = await send(socket, { text: "Ce se spune despre pensii și salarii?" });
    if (!ack.ok) throw new Error("send failed");
    await new Promise<void>((resolve) => socket.once("chat:token", () => resolve()));
    const stop = await new Promise((resolve) =>
      socket.emit("chat:stop", { messageId: ack.data.messageId }, resolve),
    );
    expect(stop).toEqual({ ok: true, data: { stopped: true } });
    const events = await rec.finished;
    const done = events.at(-1)!;
    expect(done.event).toBe("chat:done");
    expect(done.payload.stopped).toBe(true);
    const body = (await (await fetch(`${server.url}/api/threads/${ack.data.threadId}`)).json()) as {
      messages: { role: string; status: string; text: string }[];
    };
    expect(body.messages[1]).toMatchObject({ role: "assistant", status: "stopped" });
    const full = events
      .filter((e) => e.event === "chat:token")
      .map((e) => e.payload.text)
      .join("");
    expect(body.messages[1]!.text).toBe(full);
  }, 30_000);
});

describe("server: health of the services it needs", () => {
  it("answers 503 and names the service that does not answer, within two seconds", async () => {
    let redisAnswers = true;
    const server = await startTestServer({}, undefined, {
      healthChecks: {
        database: async () => undefined,
        // A Redis that is away: node-redis keeps the command queued, so the check never settles.
        redis: () => (redisAnswers ? Promise.resolve() : new Promise(() => undefined)),
      },
    });
    try {
      const up = await fetch(`${server.url}/api/health`);
      expect(up.status).toBe(200);
      expect(await up.json()).toMatchObject({ ok: true, services: { database: "ok", redis: "ok" } });
      redisAnswers = false;
      const started = Date.now();
      const down = await fetch(`${server.url}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, services: { database: "ok", redis: "down" } });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  }, 30_000);
});
