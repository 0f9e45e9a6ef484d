// The price table: every entry is sourced and dated, costs follow it, and local, free and unknown models cost 0
// and say which they are.
import { describe, expect, it } from "vitest";
import table from "../../server/models/pricing.json" with { type: "json" };
import { priceOf, priceUsage } from "../../server/models/pricing";
import { parseModelId } from "../../server/models/providers";

describe("pricing", () => {
  it("every priced model is a valid id with a source URL and a date", () => {
    const entries = Object.entries(table.models);
    expect(entries.length).toBeGreaterThanOrEqual(5);
    for (const [id, price] of entries) {
      expect(() => parseModelId(id)).not.toThrow();
      expect(price.source).toMatch(/^https:\/\//);
      expect(price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.input).toBeGreaterThanOrEqual(0);
      expect(price.output).toBeGreaterThanOrEqual(0);
    }
  });

  it("prices tokens per million from the table", () => {
    const usage = priceUsage("openai:gpt-4o-mini", { inputTokens: 1_000_000, outputTokens: 500_000 });
    expect(usage).toEqual({ inputTokens: 1_000_000, outputTokens: 500_000, costUsd: 0.45, pricing: "table" });
    const small = priceUsage("google-genai:gemini-2.5-flash", { inputTokens: 1200, outputTokens: 300 });
    expect(small.costUsd).toBeCloseTo((1200 * 0.3 + 300 * 2.5) / 1e6, 12);
  });

  it("local, free and unknown models cost 0 and say so", () => {
    const usage = { inputTokens: 100, outputTokens: 10 };
    expect(priceUsage("ollama:qwen2.5:3b", usage)).toMatchObject({ costUsd: 0, pricing: "local" });
    expect(priceUsage("openai-compatible:phi-4-mini", usage)).toMatchObject({ costUsd: 0, pricing: "local" });
    expect(priceUsage("offline:extractive", usage)).toMatchObject({ costUsd: 0, pricing: "local" });
    expect(priceUsage("openrouter:meta-llama/llama-3.3-70b-instruct:free", usage)).toMatchObject({
      costUsd: 0,
      pricing: "free",
    });
    expect(priceUsage("openai:some-future-model", usage)).toMatchObject({ costUsd: 0, pricing: "unknown" });
    expect(priceOf("fake:a")).toEqual({ basis: "unknown" });
  });
});
