// Limits against the real app: a burst of chat turns and of API calls over the limit is refused with the seconds to
// wait (a coded chat:error, HTTP 429 with retry-after) and accepted again after them; a user's daily budget for paid
// models, reached in the middle of the day, moves that user's turns and annotations to the offline models while
// another user keeps the paid one. The limit windows are seconds here instead of a minute (an injected store).
import path from "node:path";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoneEvent, StepEvent } from "../../contract/protocol";
import type { DatasetResponse, Job, ResultsPage, RunResponse } from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import type { LimiterFactory } from "../../server/limits/store";
import { openAIKind, routed, type RoutedFake } from "../support/chatTurn";
import { startFakeOpenAI } from "../support/fakeOpenAI";
import { record, send, startTestServer, type TestServer, type TestSocket } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const WINDOW_S = 2;
/** The app's limiters, with a window of WINDOW_S seconds for the per-minute rate limits. */
const fastWindows: LimiterFactory = (options) =>
  new RateLimiterMemory({
    ...options,
    duration: options.keyPrefix.startsWith("rate-") ? WINDOW_S : options.duration,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function turn(socket: TestSocket, text: string) {
  const rec = record(socket);
  const ack = await send(socket, { text });
  if (!ack.ok) return { ack, events: [] };
  return { ack, events: await rec.finished };
}

describe("rate limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      { RATE_LIMIT_CHAT_PER_MIN: "3", RATE_LIMIT_API_PER_MIN: "2", TRUST_PROXY: "loopback" },
      undefined,
      { limiters: fastWindows },
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("refuses a burst of chat turns over the limit with a coded error, then accepts after the wait", async () => {
    const socket = await new HttpSession(server.url, "192.0.2.1", "en").socket();
    for (let i = 0; i < 3; i++)
      expect((await turn(socket, `Întrebarea ${i} despre pensii?`)).ack.ok).toBe(true);
    const refused = await turn(socket, "Încă una despre pensii?");
    expect(refused.ack).toMatchObject({ ok: false, error: { code: "limit:rate" } });
    if (refused.ack.ok) return;
    const seconds = Number(/in (\d+) s/.exec(refused.ack.error.message)?.[1]);
    expect(refused.ack.error.message).toMatch(/the limit is 3 a minute/);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(WINDOW_S);
    // Another address is counted on its own.
    const other = await new HttpSession(server.url, "192.0.2.2").socket();
    expect((await turn(other, "Ce spun oamenii despre pensii?")).ack.ok).toBe(true);

    await sleep(seconds * 1000 + 100);
    const again = await turn(socket, "Și acum, despre pensii?");
    expect(again.ack.ok).toBe(true);
    expect(again.events.at(-1)?.event).toBe("chat:done");
    socket.disconnect();
    other.disconnect();
  }, 60_000);

  it("answers 429 with retry-after to annotation calls over the limit, then 200 after the wait", async () => {
    const client = new HttpSession(server.url, "192.0.2.3");
    const annotate = () => client.post("/api/annotate", { texts: ["Hoții ne fură pensiile!"] });
    expect((await annotate()).status).toBe(200);
    expect((await annotate()).status).toBe(200);
    const refused = await annotate();
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe("limit:rate");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
    await sleep(retryAfter * 1000 + 100);
    expect((await annotate()).status).toBe(200);
  }, 60_000);
});

describe("a daily budget for paid models", () => {
  let openai: RoutedFake;
  let server: TestServer;
  const PASSWORD = "parola-buget-1";

  beforeAll(async () => {
    openai = routed(await startFakeOpenAI(), openAIKind, "Răspunsul modelului plătit [1].");
    server = await startTestServer(
      {
        AUTH: "users",
        TRUST_PROXY: "loopback",
        MODEL_PRIMARY: "openai:gpt-4o-mini",
        OPENAI_API_KEY: "sk-test-buget",
        OPENAI_BASE_URL: openai.fake.url,
        // One turn of gpt-4o-mini costs more than this (a few hundred prompt tokens at $0.15 a million).
        DAILY_BUDGET_USD: "0.00001",
        TOP_K: "2",
      },
      undefined,
      // As `npm start` makes it: the workbench first, handed to the app (its runs must still be charged).
      { workbenchFirst: true },
    );
    const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    for (const username of ["ana", "ion"])
      await store.addUser({ username, role: "member", passwordHash: await hashPassword(PASSWORD) });
    await store.close();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await openai?.fake.close();
  });

  async function member(username: string, ip: string): Promise<{ http: HttpSession; socket: TestSocket }> {
    const http = new HttpSession(server.url, ip);
    expect((await http.login({ username, password: PASSWORD })).status).toBe(200);
    return { http, socket: await http.socket() };
  }

  const doneOf = (events: { event: string; payload: unknown }[]) =>
    events.find((e) => e.event === "chat:done")?.payload as DoneEvent | undefined;

  it("answers with the paid model until the day's budget is spent, then offline, with the reason shown", async () => {
    const ana = await member("ana", "192.0.2.10");
    const first = await turn(ana.socket, "Ce se spune despre pensiile speciale?");
    expect(doneOf(first.events)?.model).toBe("openai:gpt-4o-mini");
    expect(doneOf(first.events)?.usage?.costUsd).toBeGreaterThan(0.00001);
    const paidCalls = openai.count("answer");

    const second = await turn(ana.socket, "Și despre pensiile magistraților?");
    const done = doneOf(second.events);
    expect(done?.model).toBe("offline:extractive");
    expect(done?.fallbacks).toContainEqual(
      expect.objectContaining({ model: "openai:gpt-4o-mini", reason: "budget:exhausted", node: "answer" }),
    );
    const steps = second.events
      .filter((e) => e.event === "chat:step")
      .map((e) => e.payload as unknown as StepEvent);
    expect(steps.some((s) => s.step === "fallback" && s.detail?.includes("budget:exhausted"))).toBe(true);
    // The refused model was never called.
    expect(openai.count("answer")).toBe(paidCalls);

    // Annotations over REST follow the same budget: the offline lexicon annotates instead.
    const annotated = await ana.http.post("/api/annotate", { texts: ["Hoții ne fură pensiile!"] });
    expect(annotated.status).toBe(200);
    expect(annotated.body).toMatchObject({
      model: "offline:lexicon",
      fallbacks: [expect.objectContaining({ model: "openai:gpt-4o-mini", reason: "budget:exhausted" })],
    });
    ana.socket.disconnect();
  }, 60_000);

  it("charges a workbench run to the user who started it: a spent budget calls no paid model", async () => {
    const ana = await member("ana", "192.0.2.10");
    const created = await ana.http.post("/api/workbench/datasets/from-corpus", {
      name: "buget",
      sample: { size: 4, seed: 1 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const datasetId = (created.body as DatasetResponse).dataset.id;
    const annotateCalls = openai.count("annotate");
    const started = await ana.http.post("/api/workbench/runs", { datasetId, models: ["openai:gpt-4o-mini"] });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const jobId = (started.body as RunResponse).job.id;
    let job: Job | undefined;
    await expect
      .poll(
        async () => {
          job = (await ana.http.get(`/api/workbench/jobs/${jobId}`)).body as Job;
          return job.status;
        },
        { timeout: 30_000 },
      )
      .toMatch(/done|failed|stopped/);
    // Ana spent her day's budget on the chat above: the run's rows are refused, the paid model never called.
    expect(openai.count("annotate")).toBe(annotateCalls);
    const results = (
      await ana.http.get(`/api/workbench/runs/${(started.body as RunResponse).run.id}/results?filter=failed`)
    ).body as ResultsPage;
    expect(JSON.stringify(results)).toContain("budget");
    ana.socket.disconnect();
  }, 60_000);

  it("keeps another user's budget apart", async () => {
    const ion = await member("ion", "192.0.2.11");
    const first = await turn(ion.socket, "Ce se spune despre pensiile speciale?");
    expect(doneOf(first.events)?.model).toBe("openai:gpt-4o-mini");
    ion.socket.disconnect();
  }, 60_000);
});
