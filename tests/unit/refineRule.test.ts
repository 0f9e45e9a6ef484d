// The draft → refine rule (contract/refine.ts) that the chat graph and compare both decide with: each condition on
// its own, at its boundary, together, and absent; the reason a kept draft gives; usages of the two parts added up.
import { describe, expect, it } from "vitest";
import { addUsage, keptReason, refineReason, wordCount, type RefineRule } from "../../contract/refine";

const facts = { words: 40, grounding: 1, topic: "pensii" };

describe("refineReason", () => {
  it("refines a draft longer than the threshold, not one exactly at it", () => {
    expect(refineReason({ maxDraftWords: 39 }, facts)).toBe("ciorna are 40 de cuvinte (peste 39)");
    expect(refineReason({ maxDraftWords: 40 }, facts)).toBeNull();
  });

  it("counts the draft's words with the noun's Romanian form: 12 cuvinte, 1 cuvânt, 40 de cuvinte", () => {
    expect(refineReason({ maxDraftWords: 10 }, { ...facts, words: 12 })).toBe(
      "ciorna are 12 cuvinte (peste 10)",
    );
    expect(refineReason({ maxDraftWords: 0 }, { ...facts, words: 1 })).toBe("ciorna are 1 cuvânt (peste 0)");
    expect(refineReason({ maxDraftWords: 0 }, { ...facts, words: 1 }, "en")).toBe(
      "the draft has 1 word (more than 0)",
    );
    expect(keptReason({ ...facts, words: 12 })).toBe(
      "nicio regulă nu a cerut rafinarea (12 cuvinte, fundamentare 1,00, tema pensii)",
    );
  });

  it("refines a draft grounded below the threshold, not one at it", () => {
    expect(refineReason({ minGrounding: 0.75 }, { ...facts, grounding: 0.5 })).toBe(
      "fundamentarea ciornei este 0,50 (sub 0,75)",
    );
    expect(refineReason({ minGrounding: 0.75 }, { ...facts, grounding: 0.75 })).toBeNull();
  });

  it("refines a question on a flagged topic, and not when the topic could not be read", () => {
    expect(refineReason({ topics: ["coruptie", "pensii"] }, facts)).toBe("tema „pensii” este marcată");
    expect(refineReason({ topics: ["coruptie"] }, facts)).toBeNull();
    expect(refineReason({ topics: ["pensii"] }, { ...facts, topic: null })).toBeNull();
  });

  it("names every condition that holds, in order, and none when the rule is empty", () => {
    const rule: RefineRule = { maxDraftWords: 10, minGrounding: 0.9, topics: ["pensii"] };
    expect(refineReason(rule, { ...facts, grounding: 0.2 })).toBe(
      "ciorna are 40 de cuvinte (peste 10); fundamentarea ciornei este 0,20 (sub 0,90); tema „pensii” este marcată",
    );
    expect(refineReason({}, { words: 10_000, grounding: 0, topic: "pensii" })).toBeNull();
  });

  it("says what was measured on a kept draft", () => {
    expect(keptReason(facts)).toBe(
      "nicio regulă nu a cerut rafinarea (40 de cuvinte, fundamentare 1,00, tema pensii)",
    );
    expect(keptReason({ ...facts, topic: null })).not.toContain("tema");
    // Whitespace-separated, a citation included: what a reader of the rule would count.
    expect(wordCount("  Pensiile   cresc [1].\nAșa spune sursa. ")).toBe(6);
  });
});

describe("addUsage", () => {
  it("adds tokens, and costs only when both parts are priced", () => {
    const priced = { inputTokens: 100, outputTokens: 20, costUsd: 0.001, pricing: "table" as const };
    expect(addUsage(priced, { ...priced, costUsd: 0.002 })).toEqual({
      inputTokens: 200,
      outputTokens: 40,
      costUsd: 0.003,
      pricing: "table",
    });
    expect(addUsage(priced, { inputTokens: 5, outputTokens: 5 })).toEqual({
      inputTokens: 105,
      outputTokens: 25,
    });
    expect(addUsage(undefined, priced)).toBe(priced);
    expect(addUsage(priced, undefined)).toBe(priced);
  });
});
