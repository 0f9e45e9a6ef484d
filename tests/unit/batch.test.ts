// Batch annotation without a network: adaptive concurrency on 429, retries, a failing row, a refused key, the cache,
// the model chain of POST /api/annotate, and the output file that survives a cut last line.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { annotateFile, keyRows } from "../../server/annotation/annotateFile";
import type { TextAnnotator } from "../../server/annotation/annotators";
import { annotateTexts, runBatch, type BatchItem, type BatchOutcome } from "../../server/annotation/batch";
import { AnnotationCache } from "../../server/annotation/cache";
import { AdaptiveConcurrency } from "../../server/annotation/concurrency";
import {
  OUTPUT_COLUMNS,
  OutputWriter,
  outcomeToRow,
  readOutput,
  textKey,
} from "../../server/annotation/files";
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import { ModelGateway } from "../../server/models/gateway";
import { testConfig } from "../support/fixtures";

const VALID: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "taxe",
  tinta: "Guvernul",
  incredere: 0.8,
  justificare: "Ton negativ față de guvern.",
  dovezi: ["Guvernul"],
};

const TRANSIENT = new Set([
  "provider:rate_limit",
  "provider:server_error",
  "provider:timeout",
  "provider:network",
]);
const FAST_RETRY = { transientBackoffMs: 1, rateLimitBackoffMs: 5, maxBackoffMs: 50 };

interface FakeAnnotatorOptions {
  model?: string;
  temperature?: number | null;
  /** Throws this for a text, or returns the annotation. */
  behave?: (text: string, call: number) => AppError | Annotation;
  delayMs?: number;
}

/** An annotator that answers from a function and counts its calls and the most calls it saw at once. */
function fakeAnnotator(options: FakeAnnotatorOptions = {}) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0, texts: [] as string[] };
  const annotator: TextAnnotator = {
    model: options.model ?? "openai-compatible:fals",
    temperature: options.temperature === undefined ? 0 : options.temperature,
    cacheable: true,
    async annotate(text) {
      state.calls++;
      state.texts.push(text);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 2));
        const result = options.behave?.(text, state.calls) ?? VALID;
        if (result instanceof AppError) throw result;
        return { annotation: result, repaired: false };
      } finally {
        state.inFlight--;
      }
    },
    classifyError: (err) => {
      const error = err instanceof AppError ? err : new AppError("provider:error");
      const retryAfterMs =
        typeof error.params.retryAfterMs === "number" ? error.params.retryAfterMs : undefined;
      return { error, code: error.code, transient: TRANSIENT.has(error.code), retryAfterMs };
    },
  };
  return { annotator, state };
}

const items = (n: number, run = 1): BatchItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, text: `Textul ${i} despre taxe`, run }));

async function collect<T>(promise: (onOutcome: (o: BatchOutcome) => void) => Promise<T>) {
  const outcomes: BatchOutcome[] = [];
  const stats = await promise((o) => outcomes.push(o));
  return { outcomes, stats };
}

describe("AdaptiveConcurrency (AIMD)", () => {
  it("halves once per burst of 429s, then grows back by one per window of successes", async () => {
    const limiter = new AdaptiveConcurrency({ max: 8, baseBackoffMs: 1 });
    const slots = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    expect(limiter.current).toBe(8);
    // Three calls of the same burst come back with 429: only the first halves the limit.
    limiter.rateLimited(slots[0]!, 0);
    limiter.rateLimited(slots[1]!, 0);
    limiter.rateLimited(slots[2]!, 0);
    expect(limiter.current).toBe(4);
    expect(limiter.decreases).toBe(1);
    for (let i = 0; i < 8; i++) limiter.release();
    // A call started after the decrease that is rate-limited halves again.
    const later = await limiter.acquire();
    limiter.rateLimited(later, 0);
    limiter.release();
    expect(limiter.current).toBe(2);
    // Additive increase: two successes at limit 2 make it 3, three more make it 4.
    limiter.succeeded();
    limiter.succeeded();
    expect(limiter.current).toBe(3);
    limiter.succeeded();
    limiter.succeeded();
    limiter.succeeded();
    expect(limiter.current).toBe(4);
    expect(limiter.lowest).toBe(2);
  });

  it("makes everyone wait out the Retry-After before the next call starts", async () => {
    const limiter = new AdaptiveConcurrency({ max: 2 });
    const slot = await limiter.acquire();
    limiter.rateLimited(slot, 80);
    limiter.release();
    const started = Date.now();
    await limiter.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it("rejects waiters when the run is aborted", async () => {
    const limiter = new AdaptiveConcurrency({ max: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("oprit"));
    await expect(waiting).rejects.toThrow("oprit");
  });
});

describe("runBatch", () => {
  it("backs off on 429 and still annotates every row, with fewer calls in flight", async () => {
    let inFlight = 0;
    const { annotator, state } = fakeAnnotator({ delayMs: 5 });
    const limited: TextAnnotator = {
      ...annotator,
      async annotate(text, signal) {
        inFlight++;
        try {
          // The provider allows 3 calls at once and rate-limits the rest, asking for a short wait.
          if (inFlight > 3) throw new AppError("provider:rate_limit", { retryAfterMs: 10 });
          return await annotator.annotate(text, signal);
        } finally {
          inFlight--;
        }
      },
    };
    const { outcomes, stats } = await collect((onOutcome) =>
      runBatch(items(40), limited, { concurrency: 8, retry: FAST_RETRY, onOutcome }),
    );
    expect(outcomes).toHaveLength(40);
    expect(outcomes.every((o) => o.error === null && o.annotation !== null)).toBe(true);
    expect(new Set(outcomes.map((o) => o.item.id)).size).toBe(40);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(stats.lowestConcurrency).toBeLessThanOrEqual(4);
    expect(state.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("gives up on a row after the 429 attempts run out, recording provider:rate_limit", async () => {
    const { annotator } = fakeAnnotator({
      behave: (text) =>
        text.includes("Textul 1 ") ? new AppError("provider:rate_limit", { retryAfterMs: 1 }) : VALID,
    });
    const { outcomes } = await collect((onOutcome) =>
      runBatch(items(3), annotator, {
        concurrency: 2,
        retry: { ...FAST_RETRY, rateLimitAttempts: 3 },
        onOutcome,
      }),
    );
    const failed = outcomes.find((o) => o.item.id === "r1")!;
    expect(failed.error?.code).toBe("provider:rate_limit");
    expect(failed.attempts).toBe(3);
    expect(outcomes.filter((o) => o.error === null)).toHaveLength(2);
  });

  it("records a row the model fails with its error code and annotates the others", async () => {
    const { annotator } = fakeAnnotator({
      behave: (text) =>
        text.includes("Textul 2 ")
          ? new AppError("provider:invalid_output", { detail: "ton: valoare invalidă" })
          : VALID,
    });
    const { outcomes, stats } = await collect((onOutcome) =>
      runBatch(items(5), annotator, { concurrency: 3, retry: FAST_RETRY, onOutcome }),
    );
    expect(outcomes).toHaveLength(5);
    const failed = outcomes.find((o) => o.item.id === "r2")!;
    expect(failed.annotation).toBeNull();
    expect(failed.error).toMatchObject({ code: "provider:invalid_output", detail: "ton: valoare invalidă" });
    expect(failed.error?.message).toMatch(/schema/);
    expect(failed.attempts).toBe(1); // not transient: no retry
    expect(stats.errors).toBe(1);
    expect(outcomes.filter((o) => o.annotation)).toHaveLength(4);
  });

  it("retries a transient server error and succeeds", async () => {
    const { annotator, state } = fakeAnnotator({
      behave: (_text, call) => (call === 1 ? new AppError("provider:server_error") : VALID),
    });
    const { outcomes } = await collect((onOutcome) =>
      runBatch(items(1), annotator, { concurrency: 1, retry: FAST_RETRY, onOutcome }),
    );
    expect(outcomes[0]).toMatchObject({ error: null, attempts: 2 });
    expect(state.calls).toBe(2);
  });

  it("records an empty text as input:empty without calling the model", async () => {
    const { annotator, state } = fakeAnnotator();
    const { outcomes } = await collect((onOutcome) =>
      runBatch([{ id: "gol", text: "   ", run: 1 }], annotator, { concurrency: 1, onOutcome }),
    );
    expect(outcomes[0]!.error?.code).toBe("input:empty");
    expect(state.calls).toBe(0);
  });

  it("stops the whole run on a refused key instead of failing every row", async () => {
    const { annotator, state } = fakeAnnotator({ behave: () => new AppError("provider:auth") });
    const { outcomes, stats } = await collect((onOutcome) =>
      runBatch(items(50), annotator, { concurrency: 2, onOutcome }),
    );
    expect(stats.fatal?.code).toBe("provider:auth");
    expect(outcomes).toHaveLength(0);
    expect(state.calls).toBeLessThanOrEqual(2);
  });

  it("stops when aborted, reporting only the rows that finished", async () => {
    const controller = new AbortController();
    const { annotator } = fakeAnnotator({ delayMs: 5 });
    const { outcomes, stats } = await collect((onOutcome) =>
      runBatch(items(100), annotator, {
        concurrency: 2,
        signal: controller.signal,
        onOutcome: (o) => {
          onOutcome(o);
          if (o.item.id === "r5") controller.abort();
        },
      }),
    );
    expect(stats.interrupted).toBe(true);
    expect(outcomes.length).toBeGreaterThanOrEqual(6);
    expect(outcomes.length).toBeLessThan(100);
  });
});

describe("the annotation cache", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-cache-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serves a second batch from the cache without calling the model", async () => {
    const cache = new AnnotationCache(path.join(dir, "c.db"));
    const { annotator, state } = fakeAnnotator();
    await runBatch(items(10), annotator, { concurrency: 4, cache });
    expect(state.calls).toBe(10);
    const { outcomes } = await collect((onOutcome) =>
      runBatch(items(10), annotator, { concurrency: 4, cache, onOutcome }),
    );
    expect(state.calls).toBe(10);
    expect(outcomes.every((o) => o.cached && o.annotation !== null)).toBe(true);
    cache.close();
  });

  it("keys by model, temperature, codebook and run: run 2 is a new call, run 1 is the single run", async () => {
    const cache = new AnnotationCache(path.join(dir, "c.db"));
    const { annotator, state } = fakeAnnotator({ temperature: 0.7 });
    await runBatch(items(3, 1), annotator, { concurrency: 2, cache });
    await runBatch(items(3, 2), annotator, { concurrency: 2, cache });
    expect(state.calls).toBe(6);
    await runBatch(items(3, 1), annotator, { concurrency: 2, cache });
    expect(state.calls).toBe(6);
    const { annotator: warmer, state: warmerState } = fakeAnnotator({ temperature: 1 });
    await runBatch(items(3, 1), warmer, { concurrency: 2, cache });
    expect(warmerState.calls).toBe(3);
    const { annotator: other, state: otherState } = fakeAnnotator({
      model: "openai-compatible:altul",
      temperature: 0.7,
    });
    await runBatch(items(3, 1), other, { concurrency: 2, cache });
    expect(otherState.calls).toBe(3);
    cache.close();
  });

  it("never caches an error", async () => {
    const cache = new AnnotationCache(path.join(dir, "c.db"));
    let fail = true;
    const { annotator, state } = fakeAnnotator({
      behave: () => (fail ? new AppError("provider:invalid_output") : VALID),
    });
    await runBatch(items(1), annotator, { concurrency: 1, cache });
    fail = false;
    const { outcomes } = await collect((onOutcome) =>
      runBatch(items(1), annotator, { concurrency: 1, cache, onOutcome }),
    );
    expect(outcomes[0]).toMatchObject({ cached: false, error: null });
    expect(state.calls).toBe(2);
    cache.close();
  });
});

describe("annotateTexts (POST /api/annotate)", () => {
  it("answers in order, sends a text the first model fails to the next one, and says which model made what", async () => {
    const first = fakeAnnotator({
      model: "openai-compatible:primul",
      behave: (text) => (text === "b" ? new AppError("provider:invalid_output") : VALID),
    });
    const second = fakeAnnotator({
      model: "offline:lexicon",
      temperature: null,
      behave: () => ({ ...VALID, ton: "neutru" }),
    });
    const byModel: Record<string, TextAnnotator> = {
      "openai-compatible:primul": first.annotator,
      "offline:lexicon": second.annotator,
    };
    const { results, fallbacks } = await annotateTexts(
      ["a", "b", "c"],
      Object.keys(byModel),
      new ModelGateway(testConfig()),
      {
        annotatorFor: (model) => byModel[model]!,
      },
    );
    expect(results.map((r) => r.model)).toEqual([
      "openai-compatible:primul",
      "offline:lexicon",
      "openai-compatible:primul",
    ]);
    expect(results.map((r) => r.annotation?.ton)).toEqual(["negativ", "neutru", "negativ"]);
    expect(results.every((r) => r.error === null && r.codebookVersion === CODEBOOK_VERSION)).toBe(true);
    expect(results[1]!.temperature).toBeNull();
    expect(fallbacks).toEqual([
      { model: "openai-compatible:primul", reason: "provider:invalid_output", texts: 1 },
    ]);
    expect(second.state.texts).toEqual(["b"]);
  });

  it("returns the error of a text every model failed, next to the others' annotations", async () => {
    const only = fakeAnnotator({
      behave: (text) => (text === "rău" ? new AppError("provider:empty") : VALID),
    });
    const { results } = await annotateTexts(
      ["bun", "rău"],
      ["openai-compatible:fals"],
      new ModelGateway(testConfig()),
      {
        annotatorFor: () => only.annotator,
      },
    );
    expect(results[0]).toMatchObject({ error: null, annotation: VALID });
    expect(results[1]).toMatchObject({ annotation: null, error: { code: "provider:empty" } });
  });

  it("shares the app's circuit breaker: a model that keeps failing opens it and is then skipped without a call", async () => {
    const gateway = new ModelGateway(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }), {
      breaker: { failureThreshold: 2 },
    });
    const down = fakeAnnotator({ model: "ollama:jos", behave: () => new AppError("provider:server_error") });
    const lexicon = fakeAnnotator({ model: "offline:lexicon", temperature: null });
    const byModel: Record<string, TextAnnotator> = {
      "ollama:jos": down.annotator,
      "offline:lexicon": lexicon.annotator,
    };
    const request = () =>
      annotateTexts(["a", "b"], Object.keys(byModel), new ModelGateway(testConfig()), {
        annotatorFor: (model) => byModel[model]!,
        breaker: gateway,
        retry: { transientAttempts: 1 },
      });
    for (let i = 0; i < 2; i++) {
      const { results, fallbacks } = await request();
      expect(results.map((r) => r.model)).toEqual(["offline:lexicon", "offline:lexicon"]);
      expect(fallbacks).toEqual([{ model: "ollama:jos", reason: "provider:server_error", texts: 2 }]);
    }
    const callsBefore = down.state.calls;
    const { results, fallbacks } = await request();
    expect(down.state.calls).toBe(callsBefore);
    expect(fallbacks).toEqual([{ model: "ollama:jos", reason: "provider:circuit_open", texts: 2 }]);
    expect(results.every((r) => r.model === "offline:lexicon" && r.error === null)).toBe(true);
  });

  it("one text annotated is enough for the breaker to count the model's part as a success", async () => {
    const gateway = new ModelGateway(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }), {
      breaker: { failureThreshold: 1 },
    });
    const flaky = fakeAnnotator({
      model: "ollama:uneori",
      behave: (text) => (text === "b" ? new AppError("provider:server_error") : VALID),
    });
    await annotateTexts(["a", "b"], ["ollama:uneori"], gateway, {
      annotatorFor: () => flaky.annotator,
      breaker: gateway,
      retry: { transientAttempts: 1 },
    });
    expect(gateway.admit("ollama:uneori")).toBe(true);
  });

  it("annotates with the real lexicon when it is the chain", async () => {
    const { results } = await annotateTexts(
      ["Hoții de la putere ne fură, poporul plătește!"],
      ["offline:lexicon"],
      new ModelGateway(testConfig()),
    );
    expect(results[0]).toMatchObject({ model: "offline:lexicon", temperature: null, error: null });
    expect(results[0]!.annotation).toMatchObject({ ton: "negativ", populism: true });
  });
});

describe("the output file", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-out-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const outcome = (id: string, text = `text ${id}`): BatchOutcome => ({
    item: { id, text, run: 1 },
    annotation: VALID,
    model: "m",
    codebookVersion: "1.0.0",
    temperature: 0,
    ms: 3,
    cached: false,
    repaired: false,
    attempts: 1,
    error: null,
  });

  it.each(["jsonl", "csv"] as const)(
    "reads back whole %s rows and drops a last row cut by a crash",
    (format) => {
      const file = path.join(dir, `out.${format}`);
      const writer = OutputWriter.open(file, format, 0);
      writer.append(outcomeToRow(outcome("a", 'cu "ghilimele", virgule\nși un rând nou')));
      writer.append(outcomeToRow(outcome("b")));
      writer.close();
      const whole = readFileSync(file);
      // A crash in the middle of the third write.
      appendFileSync(file, format === "jsonl" ? '{"id":"c","text":"tă' : 'c,"text tă');
      const read = readOutput(file, format);
      expect(read.rows.map((r) => r.id)).toEqual(["a", "b"]);
      expect(read.rows[0]!.text).toBe('cu "ghilimele", virgule\nși un rând nou');
      expect(read.validBytes).toBe(whole.length);
      expect(read.droppedBytes).toBeGreaterThan(0);
      // Reopening cuts the damaged tail, so the next row starts on a fresh line.
      const again = OutputWriter.open(file, format, read.validBytes);
      again.append(outcomeToRow(outcome("c")));
      again.close();
      expect(readOutput(file, format).rows.map((r) => r.id)).toEqual(["a", "b", "c"]);
    },
  );

  it("writes a CSV header with every output column", () => {
    const file = path.join(dir, "out.csv");
    OutputWriter.open(file, "csv", 0).close();
    expect(readFileSync(file, "utf8").replace("\ufeff", "").trim()).toBe(OUTPUT_COLUMNS.join(","));
  });

  it("keys rows by their id, by a hash of the text without one, and numbers repeats", () => {
    const keyed = keyRows(
      [{ id: "7", text: "x" }, { text: "Același text" }, { text: "Același text" }, { id: "7", text: "y" }],
      "text",
      "id",
    );
    expect(keyed.map((k) => k.id)).toEqual([
      "7",
      textKey("Același text"),
      `${textKey("Același text")}#2`,
      "7#2",
    ]);
    expect(textKey("Același text")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("resumes a run: a second annotateFile does only the rows the first did not write", async () => {
    const input = path.join(dir, "in.jsonl");
    writeFileSync(
      input,
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `c${i}`, text: `Comentariul ${i}` })).join(
        "\n",
      ),
    );
    const output = path.join(dir, "out.jsonl");
    const config = testConfig({ DATA_DIR: path.join(dir, "data") });
    const controller = new AbortController();
    const first = fakeAnnotator();
    let seen = 0;
    const stopped = await annotateFile({
      input,
      output,
      model: first.annotator.model,
      config,
      annotator: first.annotator,
      concurrency: 3,
      cache: false,
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.done;
        if (seen >= 10) controller.abort();
      },
    });
    expect(stopped.interrupted).toBe(true);
    const second = fakeAnnotator();
    const resumed = await annotateFile({
      input,
      output,
      model: second.annotator.model,
      config,
      annotator: second.annotator,
      concurrency: 3,
      cache: false,
    });
    expect(resumed.skipped).toBe(stopped.written);
    expect(resumed.written).toBe(30 - stopped.written);
    expect(second.state.calls).toBe(30 - stopped.written);
    const ids = readOutput(output, "jsonl").rows.map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("refuses to append to an output made by another model", async () => {
    const input = path.join(dir, "in.csv");
    writeFileSync(input, "id,text\n1,Guvernul ne fură\n");
    const output = path.join(dir, "out.jsonl");
    const config = testConfig({ DATA_DIR: path.join(dir, "data") });
    await annotateFile({ input, output, model: "offline:lexicon", config });
    const other = fakeAnnotator();
    await expect(
      annotateFile({ input, output, model: other.annotator.model, config, annotator: other.annotator }),
    ).rejects.toMatchObject({ code: "input:invalid" });
  });
});
