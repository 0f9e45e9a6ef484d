// The registry's configuration warnings, its breaker bookkeeping and the single redaction used by logs and
// provider errors; no network (the provider paths are covered by the integration tests against the fakes).
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../server/config";
import { AppError } from "../../contract/errors";
import { createLogger, redact, type Logger } from "../../server/log";
import { redactSecrets } from "../../server/models/providers";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { ModelRegistry } from "../../server/models/registry";
import { testConfig } from "../support/fixtures";

function capture(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ LOG_LEVEL: "debug" }, (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { logger, lines };
}

describe("configured models without their key", () => {
  it("each gives one warning naming the model and the variable, and is left out of the chain", () => {
    const { logger, lines } = capture();
    const registry = new ModelRegistry(
      testConfig({
        MODEL_PRIMARY: "google-genai:gemini-2.5-flash",
        MODEL_FALLBACK:
          "openrouter:meta-llama/llama-3.3-70b-instruct:free,openai-compatible:phi-4-mini,ollama:qwen2.5:3b",
      }),
      { logger },
    );
    const warnings = lines.filter((l) => l.level === "warn");
    expect(warnings.map((w) => [w.model, w.missing])).toEqual([
      ["google-genai:gemini-2.5-flash", "GOOGLE_API_KEY"],
      ["openrouter:meta-llama/llama-3.3-70b-instruct:free", "OPENROUTER_API_KEY"],
      ["openai-compatible:phi-4-mini", "OPENAI_COMPATIBLE_BASE_URL"],
    ]);
    expect(String(warnings[0]!.msg)).toBe(
      "Modelul „google-genai:gemini-2.5-flash” este lăsat în afara lanțului: lipsește GOOGLE_API_KEY (setați-o în .env).",
    );
    expect(registry.answerChain()).toEqual(["ollama:qwen2.5:3b", "offline:extractive"]);
    expect(registry.annotateChain()).toEqual(["ollama:qwen2.5:3b", "offline:lexicon"]);
  });

  it("an embedder without its key is a configuration error, not a crash deep in the index build", () => {
    const registry = new ModelRegistry(testConfig({ EMBEDDINGS: "google-genai:text-embedding-004" }));
    expect(() => registry.embeddings()).toThrow(ConfigError);
    expect(() => registry.embeddings()).toThrow(/GOOGLE_API_KEY/);
  });
});

describe("models and annotations kept between turns", () => {
  it("one chat model per id and temperature, built once", () => {
    const registry = new ModelRegistry(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }));
    const a = registry.chatModel("ollama:qwen2.5:3b", { temperature: 0.2 });
    expect(registry.chatModel("ollama:qwen2.5:3b", { temperature: 0.2 })).toBe(a);
    expect(registry.chatModel("ollama:qwen2.5:3b", { temperature: 0.7 })).not.toBe(a);
    expect(registry.chatModel("offline:extractive")).toBe(registry.chatModel("offline:extractive"));
    expect(() => registry.chatModel("offline:lexicon")).toThrow(AppError);
  });

  it("the chat's dictionary annotator remembers a passage it has seen, with the same labels", async () => {
    const registry = new ModelRegistry(testConfig());
    const texts = ["Hoții din Parlament ne fură pensiile, poporul plătește!", "Ședința se mută joi."];
    const first = await registry.annotator("offline:lexicon").annotate(texts);
    const again = await registry.annotator("offline:lexicon").annotate([texts[1]!, texts[0]!]);
    expect(first).toEqual(texts.map((text) => annotateLexicon(text)));
    expect(again[0]).toBe(first[1]);
    expect(again[1]).toBe(first[0]);
  });
});

describe("breaker bookkeeping", () => {
  it("offline models are always admitted; a failing model is skipped with provider:circuit_open", async () => {
    const { logger, lines } = capture();
    const registry = new ModelRegistry(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }), {
      logger,
      breaker: { failureThreshold: 2 },
    });
    registry.failed("ollama:qwen2.5:3b", "answer", Object.assign(new Error("down"), { status: 503 }));
    expect(registry.admit("ollama:qwen2.5:3b")).toBe(true);
    registry.failed("ollama:qwen2.5:3b", "answer", Object.assign(new Error("down"), { status: 503 }));
    expect(registry.admit("ollama:qwen2.5:3b")).toBe(false);
    for (let i = 0; i < 5; i++) registry.failed("offline:lexicon", "annotate", new Error("x"));
    expect(registry.admit("offline:lexicon")).toBe(true);

    const started = performance.now();
    const err = await registry
      .annotator("ollama:qwen2.5:3b")
      .annotate(["text"])
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(50);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("provider:circuit_open");
    expect(lines.some((l) => l.msg === "model skipped: circuit open")).toBe(true);
  });

  it("bad output does not count against a model", () => {
    const registry = new ModelRegistry(testConfig(), { breaker: { failureThreshold: 1 } });
    registry.failed("ollama:qwen2.5:3b", "annotate", new AppError("provider:invalid_output"));
    expect(registry.admit("ollama:qwen2.5:3b")).toBe(true);
  });
});

describe("one redaction for logs and provider errors", () => {
  const secrets = { GOOGLE_API_KEY: "AIza-TEST-SECRET-123", OPENAI_API_KEY: "sk-test-0123456789" };

  it("redactSecrets is the logger's redact", () => {
    const text = `key ${secrets.GOOGLE_API_KEY}, Authorization: Bearer abcdefghijkl, url ?key=xyz123&alt=sse`;
    const config = testConfig(secrets);
    expect(redactSecrets(text, config)).toBe(redact(text, config));
    expect(redact(text, config)).toBe(
      "key [redactat], Authorization: Bearer [redactat], url ?key=[redactat]&alt=sse",
    );
  });

  it("a log line never carries a configured key, wherever it sits", () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "debug", ...secrets }, (line) => lines.push(line));
    logger.error("provider said", {
      detail: `bad key ${secrets.OPENAI_API_KEY}`,
      nested: { k: secrets.GOOGLE_API_KEY },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secrets.OPENAI_API_KEY);
    expect(lines[0]).not.toContain(secrets.GOOGLE_API_KEY);
    expect(lines[0]).toContain("[redactat]");
  });
});
