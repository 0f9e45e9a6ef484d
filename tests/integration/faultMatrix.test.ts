// The fault matrix: every provider fault, on the answer's model, on the annotator's, and on both at once, through the
// real server against the protocol fakes. Each branch has its own primary here (the answer on an OpenAI-compatible
// fake, the annotations on an Ollama one) and both fall back to Gemini, so that a fault hits exactly the branch it is
// meant for. Every turn must end on the right model of each branch, within that branch's deadline, with no mixed
// answer, with nothing lost in the stored thread, and with no connection left open to a hung provider.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../server/config";
import { ModelGateway } from "../../server/models/gateway";
import { startFakeGemini } from "../support/fakeGemini";
import { sleep, startFakeOpenAI, type FakeReply } from "../support/fakeOpenAI";
import { startTestServer } from "../support/server";
import {
  BranchGateway,
  VALID,
  chatTurn,
  closedPort,
  fallbacksOf,
  geminiKind,
  openAIKind,
  routed,
  type Kind,
  type RoutedFake,
  type Turn,
} from "../support/chatTurn";

const ANSWERER = "openai-compatible:answer-a";
const ANNOTATOR = "ollama:annotate-b";
const FALLBACK = "google-genai:gemini-2.5-flash";
const QUESTION = "Ce spun oamenii despre pensiile speciale?";
const ANSWERER_TEXT = "Pensiile speciale sunt criticate de comentatori în mai multe surse [1].";
const FALLBACK_TEXT = "Răspunsul modelului de rezervă despre pensii [2].";
const DEADLINES = { FIRST_TOKEN_TIMEOUT_MS: 500, MODEL_TIMEOUT_MS: 1500, ANNOTATION_TIMEOUT_MS: 1200 };
/** What a loaded test machine may add to a deadline. */
const SLACK_MS = 600;

/** One chain per branch, so that each fault reaches only the branch it is aimed at. */
const CHAINS = {
  answer: [ANSWERER, FALLBACK, "offline:extractive"],
  annotate: [ANNOTATOR, FALLBACK, "offline:lexicon"],
};

interface Fault {
  name: string;
  /** Every reply of the faulted primary for its kind of request; absent for a closed port. */
  reply?: FakeReply;
  reason: string;
  /** The provider hangs: its connection must be closed by us. */
  hangs?: boolean;
  /** Answers are text, not JSON: this fault means something for the annotator only. */
  annotateOnly?: boolean;
}

const FAULTS: Fault[] = [
  // A wait longer than either branch's budget: no retry, straight to the next model.
  { name: "429 with retry-after", reply: { fault: "429", retryAfterS: 2 }, reason: "provider:rate_limit" },
  { name: "500", reply: { fault: "500" }, reason: "provider:server_error" },
  { name: "closed port", reason: "provider:network" },
  {
    name: "hang before the first token",
    reply: { fault: "hang" },
    reason: "provider:first_token_timeout",
    hangs: true,
  },
  {
    name: "hang mid-stream",
    reply: { fault: "stall", cutAfterTokens: 2 },
    reason: "provider:timeout",
    hangs: true,
  },
  { name: "cut stream", reply: { fault: "cut", cutAfterTokens: 2 }, reason: "provider:network" },
  {
    name: "invalid JSON",
    reply: { fault: "invalid_json" },
    reason: "provider:invalid_output",
    annotateOnly: true,
  },
  { name: "empty answer", reply: { fault: "empty" }, reason: "provider:empty" },
];

type Target = Kind | "both";

/** The longest a branch may take to give up on its primary for a fault. */
function deadlineOf(fault: Fault, branch: Kind): number {
  if (fault.reply?.fault === "hang") return DEADLINES.FIRST_TOKEN_TIMEOUT_MS;
  if (branch === "answer") {
    return fault.reply?.fault === "stall" ? DEADLINES.MODEL_TIMEOUT_MS : DEADLINES.FIRST_TOKEN_TIMEOUT_MS;
  }
  return DEADLINES.ANNOTATION_TIMEOUT_MS;
}

let answerer: RoutedFake;
let annotator: RoutedFake;
let fallback: RoutedFake;

beforeAll(async () => {
  answerer = routed(await startFakeOpenAI(), openAIKind, ANSWERER_TEXT);
  annotator = routed(await startFakeOpenAI(), openAIKind, "(adnotatorul nu răspunde la întrebări)");
  fallback = routed(await startFakeGemini(), geminiKind, FALLBACK_TEXT);
});

afterAll(async () => {
  await answerer?.fake.close();
  await annotator?.fake.close();
  await fallback?.fake.close();
});

beforeEach(() => {
  answerer.reset();
  annotator.reset();
  fallback.reset();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MODEL_PRIMARY: ANSWERER,
    MODEL_FALLBACK: `${ANNOTATOR},${FALLBACK}`,
    OPENAI_COMPATIBLE_BASE_URL: answerer.fake.url,
    OLLAMA_BASE_URL: annotator.fake.url,
    GOOGLE_GENAI_BASE_URL: fallback.fake.url,
    GOOGLE_API_KEY: "AIza-fault-matrix",
    TOP_K: "2",
    ...Object.fromEntries(Object.entries(DEADLINES).map(([k, v]) => [k, String(v)])),
    ...extra,
  };
}

/** A server whose gateway is kept, so that each case starts with every circuit closed. */
async function startServer(extra: Record<string, string> = {}) {
  let gateway: ModelGateway | undefined;
  const server = await startTestServer(env(extra), undefined, {
    gateway: (config: Config) => (gateway = new BranchGateway(config, CHAINS)),
  });
  return { server, resetBreaker: () => gateway?.breaker.reset() };
}

/** What the turn must show for each branch: the model it ended on and the fallbacks it went through. */
function expectBranches(turn: Turn, fault: Fault, faulted: Set<Kind>) {
  // The answer: the fallback's when its primary failed, the primary's otherwise, never a mix.
  const answerFailed = faulted.has("answer");
  const expectedText = answerFailed ? FALLBACK_TEXT : ANSWERER_TEXT;
  expect(turn.done.model).toBe(answerFailed ? FALLBACK : ANSWERER);
  expect(turn.shown).toBe(expectedText);
  expect(turn.stored).toBe(expectedText);
  if (!answerFailed) expect(turn.streamed).toBe(ANSWERER_TEXT);
  // The annotations of the message and of each passage, all by the same model.
  const annotations = turn.events.filter((e) => e.event === "chat:annotation");
  expect(annotations).toHaveLength(3);
  const annotatedBy = faulted.has("annotate") ? FALLBACK : ANNOTATOR;
  expect(annotations.every((e) => e.payload.model === annotatedBy)).toBe(true);
  expect(annotations[0]!.payload.annotation).toEqual(VALID);
  // Each branch's own fallbacks, with the fault's reason, within the branch's deadline.
  for (const branch of ["answer", "annotate"] as const) {
    const primary = branch === "answer" ? ANSWERER : ANNOTATOR;
    expect(fallbacksOf(turn, branch)).toEqual(faulted.has(branch) ? [`${primary}:${fault.reason}`] : []);
    const failure = turn.fallbacks.find((f) => f.node === branch);
    if (failure) expect(failure.ms).toBeLessThan(deadlineOf(fault, branch) + SLACK_MS);
  }
  // Each fallback showed as a step of its branch.
  const fallbackSteps = turn.steps.filter((s) => s.step === "fallback" && s.status === "start");
  expect(fallbackSteps.map((s) => s.node).sort()).toEqual([...faulted].sort());
  // Nothing lost: the stored message has the answer, the fallbacks, the annotations and the sources'.
  expect(turn.message.done?.fallbacks).toEqual(turn.done.fallbacks);
  expect(turn.message.annotation?.model).toBe(annotatedBy);
  expect(turn.message.sources?.length).toBe(2);
  expect(turn.message.sources?.every((s) => s.annotation !== undefined)).toBe(true);
}

/** Every request a hung provider received was closed by the client (the fakes see the socket go). */
async function expectClosed(fake: RoutedFake, kind: Kind) {
  const hung = fake.requests(kind);
  expect(hung.length).toBeGreaterThan(0);
  for (let i = 0; i < 20 && hung.some((r) => r.closedAt === undefined); i++) await sleep(25);
  expect(hung.map((r) => r.closedAt !== undefined)).toEqual(hung.map(() => true));
}

function script(fault: Fault, faulted: Set<Kind>) {
  if (!fault.reply) return;
  if (faulted.has("answer")) answerer.setDefault("answer", { text: ANSWERER_TEXT, ...fault.reply });
  if (faulted.has("annotate")) annotator.setDefault("annotate", { json: VALID, ...fault.reply });
}

function cases(): { fault: Fault; target: Target }[] {
  return FAULTS.flatMap((fault) =>
    (fault.annotateOnly ? (["annotate"] as const) : (["answer", "annotate", "both"] as const)).map(
      (target) => ({
        fault,
        target,
      }),
    ),
  );
}

const faultedBy = (target: Target) => new Set<Kind>(target === "both" ? ["answer", "annotate"] : [target]);

describe("fault matrix", () => {
  let shared: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    shared = await startServer();
  });
  afterAll(async () => {
    await shared?.server.close();
  });

  it.each(cases())("$fault.name on $target", async ({ fault, target }) => {
    const faulted = faultedBy(target);
    let own: Awaited<ReturnType<typeof startServer>> | undefined;
    if (!fault.reply) {
      // A closed port is a base URL: a server of its own, with the faulted branch's provider pointing nowhere.
      const port = `http://127.0.0.1:${await closedPort()}/v1`;
      own = await startServer({
        ...(faulted.has("answer") ? { OPENAI_COMPATIBLE_BASE_URL: port } : {}),
        ...(faulted.has("annotate") ? { OLLAMA_BASE_URL: port } : {}),
      });
    }
    const { server, resetBreaker } = own ?? shared;
    resetBreaker();
    script(fault, faulted);
    try {
      const turn = await chatTurn(server, QUESTION);
      expectBranches(turn, fault, faulted);
      if (fault.hangs)
        for (const kind of faulted) await expectClosed(kind === "answer" ? answerer : annotator, kind);
    } finally {
      await own?.server.close();
    }
  });
});

describe("one branch's fault never waits for the other", () => {
  // A first-token deadline well beyond how long the answer's fallback takes, so that the order is not a race.
  let slow: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    slow = await startServer({
      FIRST_TOKEN_TIMEOUT_MS: "2000",
      ANNOTATION_TIMEOUT_MS: "3000",
      MODEL_TIMEOUT_MS: "5000",
    });
  });
  afterAll(async () => {
    await slow?.server.close();
  });
  beforeEach(() => slow.resetBreaker());

  const timeOf = (turn: Turn, test: (t: Turn["events"][number]) => boolean) =>
    turn.times[turn.events.findIndex(test)]!;

  it("annotate hangs while the answer's primary fails: the answer's fallback streams long before annotate gives up", async () => {
    annotator.setDefault("annotate", { fault: "hang" });
    answerer.setDefault("answer", { fault: "500" });
    const turn = await chatTurn(slow.server, QUESTION);
    expect(turn.done.model).toBe(FALLBACK);
    expect(turn.stored).toBe(FALLBACK_TEXT);
    expect(fallbacksOf(turn, "answer")).toEqual([`${ANSWERER}:provider:server_error`]);
    expect(fallbacksOf(turn, "annotate")).toEqual([`${ANNOTATOR}:provider:first_token_timeout`]);
    const firstToken = timeOf(turn, (e) => e.event === "chat:token");
    const annotateGaveUp = timeOf(
      turn,
      (e) => e.event === "chat:step" && e.payload.step === "annotate" && e.payload.status === "error",
    );
    // The answer's fallback did not wait for the hung annotator (2 s): its first token came first, and early.
    expect(firstToken).toBeLessThan(annotateGaveUp);
    expect(firstToken).toBeLessThan(1500);
    expect(annotateGaveUp).toBeGreaterThanOrEqual(1900);
    expect(turn.message.annotation?.model).toBe(FALLBACK);
    await expectClosed(annotator, "annotate");
  });

  it("annotate's primary hangs while the answer streams: the answer goes on untouched on its own model", async () => {
    annotator.setDefault("annotate", { fault: "hang" });
    answerer.setDefault("answer", { text: ANSWERER_TEXT, tokenDelayMs: 150 });
    const turn = await chatTurn(slow.server, QUESTION);
    expect(turn.done.model).toBe(ANSWERER);
    // Streamed once, never replaced, and stored as streamed.
    expect(turn.streamed).toBe(ANSWERER_TEXT);
    expect(turn.stored).toBe(ANSWERER_TEXT);
    expect(fallbacksOf(turn, "answer")).toEqual([]);
    expect(fallbacksOf(turn, "annotate")).toEqual([`${ANNOTATOR}:provider:first_token_timeout`]);
    const fallbackStep = turn.steps.find((s) => s.step === "fallback");
    expect(fallbackStep?.node).toBe("annotate");
    // The answer was streaming while the annotator hung.
    const firstToken = timeOf(turn, (e) => e.event === "chat:token");
    const annotateGaveUp = timeOf(
      turn,
      (e) => e.event === "chat:step" && e.payload.step === "annotate" && e.payload.status === "error",
    );
    expect(firstToken).toBeLessThan(annotateGaveUp);
    expect(turn.message.annotation?.model).toBe(FALLBACK);
    expect(turn.message.done?.fallbacks).toEqual(turn.done.fallbacks);
  });
});
