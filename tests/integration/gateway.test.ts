// The model gateway on its own, against the protocol fakes: both deadlines on every kind of call (a streamed answer
// and the annotations' structured output, OpenAI-compatible and Gemini), the hung connection closed, a caller's stop
// told apart from a failure, the purposes' retry and breaker policies, and usage priced.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HumanMessage } from "@langchain/core/messages";
import { AppError } from "../../contract/errors";
import { ModelGateway, type CallPurpose } from "../../server/models/gateway";
import { providerClient } from "../../server/models/providers";
import { sleep, type FakeServer, type RecordedRequest } from "../support/fakeOpenAI";
import { startFakeProviders, type FakeProviders } from "../support/fakeProviders";
import { VALID } from "../support/chatTurn";

const KEYS = { GOOGLE_API_KEY: "AIza-gateway-test", OPENAI_COMPATIBLE_API_KEY: "compat-gateway-test" };
const COMPAT = "openai-compatible:fake-a";
const GEMINI = "google-genai:gemini-2.5-flash";
const MESSAGES = [new HumanMessage("Ce spun oamenii despre pensii?")];
const DEADLINES = { firstTokenMs: 300, totalMs: 900 };

let fakes: FakeProviders;
let gateway: ModelGateway;

beforeAll(async () => {
  fakes = await startFakeProviders(KEYS);
  // The SDKs load on a provider's first call, before its deadlines start: load them now, so that a call's time is
  // the deadline's.
  await Promise.all([providerClient("openai-compatible"), providerClient("google-genai")]);
});
afterAll(() => fakes.close());
beforeEach(() => {
  fakes.reset();
  gateway = new ModelGateway(fakes.config);
});

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const fakeOf = (model: string): FakeServer => (model === GEMINI ? fakes.gemini : fakes.openai);

/** Every request to the fake was closed within a moment: we hung up on the provider, not the other way round. */
async function expectAllClosed(requests: RecordedRequest[]) {
  expect(requests.length).toBeGreaterThan(0);
  for (let i = 0; i < 20 && requests.some((r) => r.closedAt === undefined); i++) await sleep(25);
  expect(requests.every((r) => r.closedAt !== undefined)).toBe(true);
}

/** How long a call took to fail. */
async function timedFailure(promise: Promise<unknown>): Promise<{ err: AppError; ms: number }> {
  const started = performance.now();
  const err = await failureOf(promise);
  return { err, ms: performance.now() - started };
}

describe("deadlines", () => {
  it.each([COMPAT, GEMINI])(
    "%s: an answer that never starts is given up at the first-token deadline, its request closed",
    async (model) => {
      fakeOf(model).script({ fault: "hang" });
      const { err, ms } = await timedFailure(
        gateway.streamAnswer(model, MESSAGES, { temperature: 0, deadlines: DEADLINES }),
      );
      expect(err.code).toBe("provider:first_token_timeout");
      expect(ms).toBeGreaterThanOrEqual(DEADLINES.firstTokenMs - 10);
      expect(ms).toBeLessThan(DEADLINES.totalMs);
      await expectAllClosed(fakeOf(model).requests);
    },
  );

  it("an answer that stalls mid-stream is given up at the total deadline, after its first tokens", async () => {
    fakes.openai.script({ text: "unu doi trei patru", fault: "stall", cutAfterTokens: 2 });
    const seen: string[] = [];
    const { err, ms } = await timedFailure(
      gateway.streamAnswer(COMPAT, MESSAGES, {
        temperature: 0,
        deadlines: DEADLINES,
        onToken: (t) => seen.push(t),
      }),
    );
    expect(err.code).toBe("provider:timeout");
    expect(seen.join("")).toBe("unu doi ");
    expect(ms).toBeGreaterThanOrEqual(DEADLINES.totalMs - 10);
    await expectAllClosed(fakes.openai.requests);
  });

  it.each([COMPAT, GEMINI])("%s: structured output honours the first-token deadline too", async (model) => {
    fakeOf(model).script({ fault: "hang" });
    const { err, ms } = await timedFailure(
      gateway.annotate(model, ["Hoții ne fură pensiile."], { deadlines: DEADLINES }),
    );
    expect(err.code).toBe("provider:first_token_timeout");
    expect(ms).toBeGreaterThanOrEqual(DEADLINES.firstTokenMs - 10);
    expect(ms).toBeLessThan(DEADLINES.totalMs);
    await expectAllClosed(fakeOf(model).requests);
  });

  it("structured output that stalls is given up at the annotation's total deadline (ANNOTATION_TIMEOUT_MS)", async () => {
    const own = new ModelGateway({
      ...fakes.config,
      ANNOTATION_TIMEOUT_MS: 700,
      FIRST_TOKEN_TIMEOUT_MS: 300,
    });
    fakes.openai.script({ json: VALID, fault: "stall", cutAfterTokens: 2 });
    const { err, ms } = await timedFailure(own.annotate(COMPAT, ["Hoții ne fură pensiile."]));
    expect(err.code).toBe("provider:timeout");
    expect(ms).toBeGreaterThanOrEqual(690);
    await expectAllClosed(fakes.openai.requests);
  });

  it("the total deadline covers every text of one annotation call", async () => {
    const own = new ModelGateway({ ...fakes.config, ANNOTATION_TIMEOUT_MS: 500 });
    fakes.openai.setDefault({ json: VALID, delayMs: 200 });
    const err = await failureOf(own.annotate(COMPAT, ["unu", "doi", "trei", "patru"]));
    // Each text alone (200 ms) is well within 500 ms; the four together are not.
    expect(err.code).toBe("provider:timeout");
    expect(fakes.openai.requests.length).toBeGreaterThan(0);
    expect(fakes.openai.requests.length).toBeLessThan(4);
  });
});

describe("a caller's stop", () => {
  it("rejects with the caller's reason, closes the request, and is not held against the model", async () => {
    const own = new ModelGateway(fakes.config, { breaker: { failureThreshold: 1 } });
    fakes.openai.script({ fault: "hang" });
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error("oprit")), 100);
    const err = await own
      .streamAnswer(COMPAT, MESSAGES, { temperature: 0, signal: stop.signal })
      .catch((e) => e);
    expect(err).not.toBeInstanceOf(AppError);
    expect(own.admit(COMPAT)).toBe(true);
    await expectAllClosed(fakes.openai.requests);
  });
});

describe("purposes", () => {
  const calls = (purpose: CallPurpose, own: ModelGateway) =>
    own.streamAnswer(COMPAT, MESSAGES, { temperature: 0, purpose }).catch((e: unknown) => e);

  it("a chat call retries a 500 once and counts a failure against the model; batch and measure do neither", async () => {
    for (const purpose of ["chat", "batch", "measure"] as const) {
      fakes.reset();
      const own = new ModelGateway(fakes.config, { breaker: { failureThreshold: 1 } });
      fakes.openai.setDefault({ fault: "500" });
      const err = await calls(purpose, own);
      expect((err as AppError).code).toBe("provider:server_error");
      expect(fakes.openai.requests.length, purpose).toBe(purpose === "chat" ? 2 : 1);
      expect(own.admit(COMPAT), purpose).toBe(purpose !== "chat");
    }
  });

  it("a chat call to a model whose circuit is open fails at once, without a request", async () => {
    const own = new ModelGateway(fakes.config, { breaker: { failureThreshold: 1 } });
    own.breaker.failure(COMPAT);
    const err = await failureOf(own.streamAnswer(COMPAT, MESSAGES, { temperature: 0 }));
    expect(err.code).toBe("provider:circuit_open");
    expect(fakes.openai.requests).toHaveLength(0);
  });
});

describe("results", () => {
  it("an answer comes with its first-token time, finish reason and priced usage", async () => {
    fakes.gemini.script({ text: "Pensiile au crescut [1].", tokenDelayMs: 5 });
    const pieces: string[] = [];
    const answer = await gateway.streamAnswer(GEMINI, MESSAGES, {
      temperature: 0.2,
      onToken: (t) => pieces.push(t),
    });
    expect(answer.text).toBe("Pensiile au crescut [1].");
    expect(pieces.join("")).toBe(answer.text);
    expect(answer.finishReason).toBe("stop");
    expect(answer.firstTokenMs).toBeLessThanOrEqual(answer.ms);
    expect(answer.usage).toMatchObject({ outputTokens: 4, pricing: "table" });
    expect(answer.usage!.costUsd).toBeGreaterThan(0);
  });

  it("annotations use the codebook as system prompt and report requests and repairs", async () => {
    fakes.openai.script({ fault: "invalid_json" }, { json: VALID }, { json: VALID });
    const result = await gateway.annotate(COMPAT, ["unu", "doi"]);
    expect(result.annotations).toEqual([VALID, VALID]);
    expect(result).toMatchObject({ repaired: true, requests: 3, model: COMPAT });
    const system = (fakes.openai.requests[0]!.body as { messages: { role: string; content: string }[] })
      .messages[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("codebook-ul EchoChamber");
  });
});
