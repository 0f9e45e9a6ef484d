// Every provider fault, through the real server: socket.io turns against fake OpenAI-compatible and Gemini
// servers, driven by the real client classes. Each fault must end on the right model with the right `fallbacks`,
// a cut stream must leave no mixed answer, the circuit breaker must skip a dead model, usage must be priced, and a
// planted API key must never reach a log line, a socket event, a REST body or the client bundle.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGemini, type GeminiBody } from "../support/fakeGemini";
import { startFakeOpenAI, tokenize, type FakeReply } from "../support/fakeOpenAI";
import { startTestServer, type TestServer } from "../support/server";
import {
  VALID,
  chatTurn as turnOn,
  closedPort,
  fallbacksOf,
  geminiKind,
  openAIKind,
  routed,
  type RoutedFake,
} from "../support/chatTurn";

const SECRETS = {
  GOOGLE_API_KEY: "AIza-TEST-SECRET-123",
  OPENAI_COMPATIBLE_API_KEY: "sk-compat-TEST-SECRET-456",
};
const PRIMARY = "openai-compatible:fake-a";
// A name from the price table, so that the fallback's usage gets a real cost estimate.
const FALLBACK = "google-genai:gemini-2.5-flash";
const QUESTION = "Ce spun oamenii despre pensiile speciale?";
const PRIMARY_ANSWER = "Pensiile speciale sunt criticate de comentatori [1].";
const FALLBACK_ANSWER = "Răspunsul modelului de rezervă despre pensii [2].";

let primary: RoutedFake;
let fallback: RoutedFake;

// Every log line the servers write (LOG_LEVEL=debug) and every socket payload and REST body the tests receive.
const logLines: string[] = [];
const received: string[] = [];
const originalWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  primary = routed(await startFakeOpenAI(), openAIKind, PRIMARY_ANSWER);
  fallback = routed(await startFakeGemini(), geminiKind, FALLBACK_ANSWER);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logLines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    void rest;
    return true;
  }) as typeof process.stderr.write;
});

afterAll(async () => {
  process.stderr.write = originalWrite;
  await primary?.fake.close();
  await fallback?.fake.close();
});

beforeEach(() => {
  primary.reset();
  fallback.reset();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MODEL_PRIMARY: PRIMARY,
    MODEL_FALLBACK: FALLBACK,
    OPENAI_COMPATIBLE_BASE_URL: primary.fake.url,
    GOOGLE_GENAI_BASE_URL: fallback.fake.url,
    ...SECRETS,
    LOG_LEVEL: "debug",
    TOP_K: "2",
    ...extra,
  };
}

function chatTurn(server: TestServer, text = QUESTION) {
  return turnOn(server, text, received);
}

describe("faults of the answering model", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env());
  });
  afterAll(async () => {
    await server?.close();
  });

  it("with no fault the primary answers, annotates message and passages, and reports usage", async () => {
    const turn = await chatTurn(server);
    expect(turn.done.model).toBe(PRIMARY);
    expect(turn.fallbacks).toEqual([]);
    expect(turn.shown).toBe(PRIMARY_ANSWER);
    expect(turn.stored).toBe(PRIMARY_ANSWER);
    // The LLM annotator ran for the message and for each passage, through the gateway, on the fake.
    const annotations = turn.events.filter((e) => e.event === "chat:annotation");
    expect(annotations).toHaveLength(1 + 2);
    expect(annotations.every((e) => e.payload.model === PRIMARY)).toBe(true);
    expect(annotations[0]!.payload.annotation).toEqual(VALID);
    const annotateBodies = primary.bodies("annotate") as { messages: { content: string }[] }[];
    expect(annotateBodies).toHaveLength(3);
    expect(annotateBodies[0]!.messages.at(-1)!.content).toContain(QUESTION);
    // Usage as the fake reported it; a local server costs nothing and says so.
    expect(turn.done.usage).toMatchObject({
      outputTokens: tokenize(PRIMARY_ANSWER).length,
      costUsd: 0,
      pricing: "local",
    });
    expect(turn.done.usage!.inputTokens).toBeGreaterThan(0);
    // The annotation's three requests are counted apart from the answer's, each with the codebook as its prompt.
    expect(turn.done.annotationUsage).toMatchObject({ costUsd: 0, pricing: "local" });
    expect(turn.done.annotationUsage!.inputTokens).toBeGreaterThan(3 * 1000);
    expect(turn.done.annotationUsage!.outputTokens).toBeGreaterThan(0);
  });

  it("429 with a short retry-after: waits it out and retries the same model once", async () => {
    primary.script("answer", { fault: "429", retryAfterS: 1 });
    const turn = await chatTurn(server);
    expect(turn.done.model).toBe(PRIMARY);
    expect(turn.fallbacks).toEqual([]);
    expect(primary.count("answer")).toBe(2);
    const retry = turn.steps.find((s) => s.step === "answer" && s.detail?.includes("reîncercare"));
    expect(retry?.detail).toContain("provider:rate_limit, 1000 ms");
    expect(turn.done.timings.totalMs).toBeGreaterThanOrEqual(1000);
    expect(turn.stored).toBe(PRIMARY_ANSWER);
  });

  it("429 with a long retry-after: no wait, straight to the fallback", async () => {
    primary.script("answer", { fault: "429", retryAfterS: 30 });
    const started = Date.now();
    const turn = await chatTurn(server);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(primary.count("answer")).toBe(1);
    expect(turn.done.model).toBe(FALLBACK);
    expect(turn.fallbacks).toEqual([
      { node: "answer", model: PRIMARY, reason: "provider:rate_limit", ms: expect.any(Number) },
    ]);
    expect(turn.stored).toBe(FALLBACK_ANSWER);
    // The fallback's usage is priced from the table (gemini-2.5-flash: $0.30 in, $2.50 out per 1M tokens).
    const usage = turn.done.usage!;
    expect(usage).toMatchObject({ pricing: "table", outputTokens: tokenize(FALLBACK_ANSWER).length });
    expect(usage.costUsd).toBeCloseTo((usage.inputTokens * 0.3 + usage.outputTokens * 2.5) / 1e6, 9);
  });

  it("500 once: the retry on the same model answers", async () => {
    primary.script("answer", { fault: "500" });
    const turn = await chatTurn(server);
    expect(turn.done.model).toBe(PRIMARY);
    expect(turn.fallbacks).toEqual([]);
    expect(primary.count("answer")).toBe(2);
  });

  it("500 every time: one retry, then the fallback model answers", async () => {
    primary.setDefault("answer", { fault: "500" });
    const turn = await chatTurn(server);
    expect(primary.count("answer")).toBe(2);
    expect(turn.done.model).toBe(FALLBACK);
    expect(turn.fallbacks).toEqual([
      { node: "answer", model: PRIMARY, reason: "provider:server_error", ms: expect.any(Number) },
    ]);
    expect(turn.shown).toBe(FALLBACK_ANSWER);
    expect(turn.stored).toBe(FALLBACK_ANSWER);
  });

  it("a stream cut after some tokens: the client is told, and only the fallback's text is shown and stored", async () => {
    primary.script("answer", {
      text: "Început de răspuns care se va întrerupe brusc",
      fault: "cut",
      cutAfterTokens: 3,
    });
    const turn = await chatTurn(server);
    expect(turn.streamed.startsWith("Început de răspuns ")).toBe(true);
    const fallbackStart = turn.events.findIndex(
      (e) => e.event === "chat:step" && e.payload.step === "fallback",
    );
    const firstToken = turn.events.findIndex((e) => e.event === "chat:token");
    expect(firstToken).toBeLessThan(fallbackStart);
    // After the fallback step, exactly the retry's tokens; the stored answer is the retry's only.
    expect(turn.shown).toBe(FALLBACK_ANSWER);
    expect(turn.stored).toBe(FALLBACK_ANSWER);
    expect(turn.done.model).toBe(FALLBACK);
    expect(turn.fallbacks).toEqual([
      { node: "answer", model: PRIMARY, reason: "provider:network", ms: expect.any(Number) },
    ]);
    // Never retried on the same model once tokens were out.
    expect(primary.count("answer")).toBe(1);
  });

  it("an empty answer goes to the fallback without a retry", async () => {
    primary.script("answer", { fault: "empty" });
    const turn = await chatTurn(server);
    expect(primary.count("answer")).toBe(1);
    expect(turn.done.model).toBe(FALLBACK);
    expect(turn.fallbacks).toEqual([
      { node: "answer", model: PRIMARY, reason: "provider:empty", ms: expect.any(Number) },
    ]);
    expect(turn.stored).toBe(FALLBACK_ANSWER);
  });
});

describe("faults of the annotating model", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env());
  });
  afterAll(async () => {
    await server?.close();
  });

  it("invalid JSON once: repaired by one more request to the same model", async () => {
    primary.script("annotate", { fault: "invalid_json" });
    const turn = await chatTurn(server);
    expect(turn.fallbacks).toEqual([]);
    const message = turn.events.find((e) => e.event === "chat:annotation" && e.payload.target === "message")!;
    expect(message.payload).toMatchObject({ model: PRIMARY, annotation: VALID });
    // Three texts, one of them repaired: four structured requests.
    expect(primary.count("annotate")).toBe(4);
    const repair = primary.bodies("annotate")[1] as { messages: { role: string; content: string }[] };
    expect(repair.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });

  it("invalid JSON after the repair: the next annotator takes over, and the answer is unaffected", async () => {
    primary.setDefault("annotate", { fault: "invalid_json" });
    const turn = await chatTurn(server);
    expect(primary.count("annotate")).toBe(2);
    expect(turn.fallbacks).toEqual([
      { node: "annotate", model: PRIMARY, reason: "provider:invalid_output", ms: expect.any(Number) },
    ]);
    const annotations = turn.events.filter((e) => e.event === "chat:annotation");
    expect(annotations).toHaveLength(3);
    expect(annotations.every((e) => e.payload.model === FALLBACK)).toBe(true);
    // Gemini got its response schema.
    const geminiBody = fallback.bodies("annotate")[0] as GeminiBody;
    expect(geminiBody.generationConfig?.responseSchema).toBeDefined();
    expect(turn.done.model).toBe(PRIMARY);
    expect(turn.stored).toBe(PRIMARY_ANSWER);
    // The answer ran beside the failing annotator: its streamed text was never replaced.
    expect(turn.streamed).toBe(PRIMARY_ANSWER);
    expect(turn.steps.filter((s) => s.step === "answer").map((s) => s.status)).toEqual(["start", "end"]);
  });

  it("a slow annotator does not hold the answer back: the answer streams while the annotations are made", async () => {
    primary.setDefault("annotate", { json: VALID, delayMs: 400 });
    const turn = await chatTurn(server);
    const firstToken = turn.events.findIndex((e) => e.event === "chat:token");
    const firstAnnotation = turn.events.findIndex((e) => e.event === "chat:annotation");
    expect(firstToken).toBeGreaterThan(-1);
    expect(firstToken).toBeLessThan(firstAnnotation);
    expect(turn.done.timings.firstTokenMs).toBeLessThan(400);
    expect(turn.done.timings.annotateMs).toBeGreaterThanOrEqual(400);
    expect(turn.stored).toBe(PRIMARY_ANSWER);
  });
});

describe("network and time faults", () => {
  it("a closed port: network error on both nodes, each retried once, then the fallback", async () => {
    const port = await closedPort();
    const server = await startTestServer(env({ OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${port}/v1` }));
    try {
      const turn = await chatTurn(server);
      expect(turn.done.model).toBe(FALLBACK);
      // Each branch walks its own chain: their fallbacks come in whichever order they happened.
      expect(fallbacksOf(turn, "annotate")).toEqual([`${PRIMARY}:provider:network`]);
      expect(fallbacksOf(turn, "answer")).toEqual([`${PRIMARY}:provider:network`]);
      expect(turn.stored).toBe(FALLBACK_ANSWER);
    } finally {
      await server.close();
    }
  });

  describe("with short deadlines", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(env({ FIRST_TOKEN_TIMEOUT_MS: "600", MODEL_TIMEOUT_MS: "1500" }));
    });
    afterAll(async () => {
      await server?.close();
    });

    it("a hung model: abandoned at FIRST_TOKEN_TIMEOUT_MS, the fallback answers", async () => {
      primary.script("answer", { fault: "hang" });
      const turn = await chatTurn(server);
      expect(turn.done.model).toBe(FALLBACK);
      expect(turn.fallbacks).toEqual([
        { node: "answer", model: PRIMARY, reason: "provider:first_token_timeout", ms: expect.any(Number) },
      ]);
      expect(turn.fallbacks[0]!.ms).toBeGreaterThanOrEqual(590);
      expect(turn.fallbacks[0]!.ms).toBeLessThan(1500);
      expect(turn.stored).toBe(FALLBACK_ANSWER);
    });

    it("a model that streams too slowly: abandoned at MODEL_TIMEOUT_MS, its partial answer replaced", async () => {
      primary.script("answer", {
        text: "unu doi trei patru cinci șase șapte opt nouă zece",
        // A first token well within FIRST_TOKEN_TIMEOUT_MS, the whole answer well past MODEL_TIMEOUT_MS.
        tokenDelayMs: 250,
      });
      const turn = await chatTurn(server);
      expect(turn.streamed.startsWith("unu ")).toBe(true);
      expect(turn.fallbacks).toEqual([
        { node: "answer", model: PRIMARY, reason: "provider:timeout", ms: expect.any(Number) },
      ]);
      expect(turn.shown).toBe(FALLBACK_ANSWER);
      expect(turn.stored).toBe(FALLBACK_ANSWER);
    });
  });
});

describe("circuit breaker", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env());
  });
  afterAll(async () => {
    await server?.close();
  });

  it("skips a model that keeps failing, at once and without calling it", async () => {
    primary.setDefault("answer", { fault: "500" });
    primary.setDefault("annotate", { fault: "500" });

    // Turn 1: annotate and answer each fail (after one retry): two failures.
    const first = await chatTurn(server);
    expect(fallbacksOf(first, "annotate")).toEqual([`${PRIMARY}:provider:server_error`]);
    expect(fallbacksOf(first, "answer")).toEqual([`${PRIMARY}:provider:server_error`]);
    expect(primary.fake.requests).toHaveLength(4);

    // Turn 2: annotate and answer run side by side, so both are admitted before either fails again: two more
    // failures (four in all), which open the circuit.
    const second = await chatTurn(server);
    expect(fallbacksOf(second, "annotate")).toEqual([`${PRIMARY}:provider:server_error`]);
    expect(fallbacksOf(second, "answer")).toEqual([`${PRIMARY}:provider:server_error`]);
    expect(primary.fake.requests).toHaveLength(8);

    // Turn 3: skipped on both nodes, no request, no backoff.
    const third = await chatTurn(server);
    expect(fallbacksOf(third, "annotate")).toEqual([`${PRIMARY}:provider:circuit_open`]);
    expect(fallbacksOf(third, "answer")).toEqual([`${PRIMARY}:provider:circuit_open`]);
    // No call and no backoff: only the node's own bookkeeping (generous bound for a loaded test machine).
    expect(Math.max(...third.fallbacks.map((f) => f.ms))).toBeLessThan(50);
    expect(primary.fake.requests).toHaveLength(8);
    expect(third.done.model).toBe(FALLBACK);
    expect(third.stored).toBe(FALLBACK_ANSWER);
    expect(third.done.timings.totalMs).toBeLessThan(first.done.timings.totalMs);
  });
});

describe("a planted API key never leaves the server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env());
  });
  afterAll(async () => {
    await server?.close();
  });

  it("providers that echo the key in their errors: the turn falls through to offline, the key stays out", async () => {
    // The OpenAI-compatible fake echoes the bearer key it received; Gemini's error quotes its key.
    primary.setDefault("answer", { fault: "auth" });
    primary.setDefault("annotate", { fault: "auth" });
    const geminiAuth: FakeReply = {
      fault: "auth",
      errorMessage: `API key not valid: ${SECRETS.GOOGLE_API_KEY}`,
    };
    fallback.setDefault("answer", geminiAuth);
    fallback.setDefault("annotate", geminiAuth);

    const turn = await chatTurn(server);
    expect(primary.fake.requests[0]?.headers.authorization).toBe(
      `Bearer ${SECRETS.OPENAI_COMPATIBLE_API_KEY}`,
    );
    expect(turn.done.model).toBe("offline:extractive");
    // annotate and answer each fail on every model of their chain.
    for (const node of ["annotate", "answer"] as const) {
      expect(fallbacksOf(turn, node)).toEqual([`${PRIMARY}:provider:auth`, `${FALLBACK}:provider:auth`]);
    }

    for (const route of ["/api/models", "/api/threads", "/api/health"]) {
      received.push(await (await fetch(`${server.url}${route}`)).text());
    }
    const annotate = await fetch(`${server.url}/api/annotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ texts: ["Guvernul minte poporul."], model: PRIMARY }),
    });
    received.push(await annotate.text());
    const invalid = await fetch(`${server.url}/api/annotate`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en" },
      body: JSON.stringify({ texts: ["Guvernul minte poporul."], model: "openai:nope" }),
    });
    expect(invalid.status).toBe(400);
    received.push(await invalid.text());

    // The redacted detail did reach the log, so the key was there to leak and was removed.
    expect(logLines.some((l) => l.includes("model call failed") && l.includes("[redactat]"))).toBe(true);
  });

  it("not in any socket payload, REST body or log line of this file's turns", () => {
    expect(received.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of Object.values(SECRETS)) {
      expect(received.filter((r) => r.includes(secret))).toEqual([]);
      expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });

  it("not in the client bundle, even when built with the keys in its environment", async () => {
    const { build } = await import("vite");
    const outDir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bundle-"));
    const saved = { ...process.env };
    Object.assign(process.env, SECRETS);
    try {
      await build({
        configFile: path.resolve("client/vite.config.ts"),
        build: { outDir, emptyOutDir: true },
        logLevel: "silent",
      });
    } finally {
      for (const key of Object.keys(SECRETS)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full) : [full];
      });
    const built = files(outDir);
    expect(built.some((f) => f.endsWith(".js"))).toBe(true);
    const sources = [...built, ...files(path.resolve("client/src"))];
    for (const file of sources) {
      const text = readFileSync(file, "utf8");
      for (const secret of Object.values(SECRETS)) expect(text.includes(secret), file).toBe(false);
      expect(/GOOGLE_API_KEY|OPENAI_API_KEY|OPENROUTER_API_KEY/.test(text), file).toBe(false);
    }
    rmSync(outDir, { recursive: true, force: true });
  }, 60_000);
});
