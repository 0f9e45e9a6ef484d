// The gateway's catalog (configuration warnings, chains), its breaker bookkeeping and the single redaction used by logs
// and provider errors; no network (the calls are covered by the integration tests against the fakes).
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../server/config";
import { AppError } from "../../contract/errors";
import { createLogger, redact, type Logger } from "../../server/log";
import { redactSecrets } from "../../server/models/providerErrors";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { ModelGateway } from "../../server/models/gateway";
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
    const gateway = new ModelGateway(
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
    expect(gateway.answerChain()).toEqual(["ollama:qwen2.5:3b", "offline:extractive"]);
    expect(gateway.annotateChain()).toEqual(["ollama:qwen2.5:3b", "offline:lexicon"]);
  });

  it("an embedder without its key is a configuration error, not a crash deep in the index build", async () => {
    const gateway = new ModelGateway(testConfig({ EMBEDDINGS: "google-genai:text-embedding-004" }));
    await expect(gateway.embeddings()).rejects.toThrow(ConfigError);
    await expect(gateway.embeddings()).rejects.toThrow(/GOOGLE_API_KEY/);
  });
});

describe("models and annotations kept between turns", () => {
  /** The gateway with its model cache in reach. */
  class OpenGateway extends ModelGateway {
    model(id: string, temperature: number) {
      return this.chatModel(id, temperature);
    }
  }

  it("one chat model per id and temperature, built once", async () => {
    const gateway = new OpenGateway(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }));
    const a = await gateway.model("ollama:qwen2.5:3b", 0.2);
    expect(await gateway.model("ollama:qwen2.5:3b", 0.2)).toBe(a);
    expect(await gateway.model("ollama:qwen2.5:3b", 0.7)).not.toBe(a);
    expect(await gateway.model("offline:extractive", 0.2)).toBe(
      await gateway.model("offline:extractive", 0.2),
    );
    await expect(gateway.model("offline:lexicon", 0)).rejects.toThrow(AppError);
  });

  it("the chat's dictionary annotator remembers a passage it has seen, with the same labels", async () => {
    const gateway = new ModelGateway(testConfig());
    const texts = ["Hoții din Parlament ne fură pensiile, poporul plătește!", "Ședința se mută joi."];
    const first = (await gateway.annotate("offline:lexicon", texts)).annotations;
    const again = (await gateway.annotate("offline:lexicon", [texts[1]!, texts[0]!])).annotations;
    expect(first).toEqual(texts.map((text) => annotateLexicon(text)));
    expect(again[0]).toBe(first[1]);
    expect(again[1]).toBe(first[0]);
  });
});

describe("breaker bookkeeping", () => {
  it("offline models are always admitted; a failing model is skipped with provider:circuit_open", async () => {
    const { logger, lines } = capture();
    const gateway = new ModelGateway(testConfig({ OLLAMA_BASE_URL: "http://127.0.0.1:9/v1" }), {
      logger,
      breaker: { failureThreshold: 2 },
    });
    gateway.failed("ollama:qwen2.5:3b", "answer", Object.assign(new Error("down"), { status: 503 }));
    expect(gateway.admit("ollama:qwen2.5:3b")).toBe(true);
    gateway.failed("ollama:qwen2.5:3b", "answer", Object.assign(new Error("down"), { status: 503 }));
    expect(gateway.admit("ollama:qwen2.5:3b")).toBe(false);
    for (let i = 0; i < 5; i++) gateway.failed("offline:lexicon", "annotate", new Error("x"));
    expect(gateway.admit("offline:lexicon")).toBe(true);

    const started = performance.now();
    const err = await gateway.annotate("ollama:qwen2.5:3b", ["text"]).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(50);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("provider:circuit_open");
    expect(lines.some((l) => l.msg === "model skipped: circuit open")).toBe(true);
  });

  it("bad output does not count against a model", () => {
    const gateway = new ModelGateway(testConfig(), { breaker: { failureThreshold: 1 } });
    gateway.failed("ollama:qwen2.5:3b", "annotate", new AppError("provider:invalid_output"));
    expect(gateway.admit("ollama:qwen2.5:3b")).toBe(true);
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
