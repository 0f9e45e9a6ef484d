// One rule for which models a browser may have the server call, shared by the compare page and the annotation
// workbench: the chain's configured models, or any model of a provider the operator named (its key or address set, or
// one of its models in the chain). Ollama without OLLAMA_BASE_URL and without a chain model is not offered.
import { describe, expect, it } from "vitest";
import { AppError } from "../../contract/errors";
import { assertClientModel, mayCallForClient, providerChoices } from "../../server/models/clientModels";
import { testConfig } from "../support/fixtures";

const open = (env: Record<string, string>) =>
  providerChoices(testConfig(env))
    .filter((p) => p.configured)
    .map((p) => p.provider);

describe("models a browser may name", () => {
  it("leaves Ollama out when nothing says an Ollama server runs (the tester's workbench and compare disagreed)", () => {
    const config = testConfig({
      OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:9/v1",
      MODEL_PRIMARY: "openai-compatible:lent",
    });
    expect(open({ OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:9/v1" })).toEqual(["openai-compatible"]);
    expect(mayCallForClient("ollama:qwen2.5:3b", config)).toBe(false);
    expect(() => assertClientModel("ollama:qwen2.5:3b", config)).toThrow(AppError);
    // Another model of the named provider, and the chain's own.
    expect(mayCallForClient("openai-compatible:alt", config)).toBe(true);
    expect(mayCallForClient("openai-compatible:lent", config)).toBe(true);
    expect(mayCallForClient("offline:extractive", config)).toBe(true);
  });

  it("offers Ollama once its address is set, or once the chain uses it", () => {
    expect(open({ OLLAMA_BASE_URL: "http://127.0.0.1:11434" })).toContain("ollama");
    expect(open({ MODEL_PRIMARY: "ollama:qwen2.5:3b" })).toContain("ollama");
    expect(mayCallForClient("ollama:llama3", testConfig({ MODEL_PRIMARY: "ollama:qwen2.5:3b" }))).toBe(true);
  });

  it("refuses a provider without its key, an unknown provider and offline models off the chain", () => {
    const config = testConfig({ OPENAI_API_KEY: "sk-test" });
    expect(mayCallForClient("openai:gpt-4.1-mini", config)).toBe(true);
    expect(mayCallForClient("google-genai:gemini-2.0-flash", config)).toBe(false);
    expect(mayCallForClient("nimeni:model", config)).toBe(false);
    expect(mayCallForClient("offline:hash", config)).toBe(false);
  });
});
