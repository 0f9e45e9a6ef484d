// The compare form's models: one that only annotates (offline:lexicon) is offered only for a suite with annotation
// cases, where it can take part; for answers alone it would make nothing but "n/a" rows.
import { describe, expect, it } from "vitest";
import type { ModelsResponse } from "../../contract/api";
import type { SuiteInfo } from "../../contract/compare";
import { chosenModels, comparableModels } from "../../client/src/state/compare";
import { parseSuite, suiteInfo } from "../../server/compare/suite";

const models = {
  chain: [
    { id: "offline:extractive", capabilities: ["chat"], configured: true },
    { id: "offline:lexicon", capabilities: ["annotate"], configured: true },
    { id: "openai-compatible:rapid", capabilities: ["chat", "annotate"], configured: true },
    { id: "openai-compatible:absent", capabilities: ["chat", "annotate"], configured: false },
  ],
} as unknown as ModelsResponse;

const prompts = suiteInfo(
  parseSuite({ name: "Întrebări", cases: [{ id: "a", criterion: "romana", prompt: "Ce?", assert: [] }] }),
);
const annotations = suiteInfo(
  parseSuite({
    name: "Adnotări",
    cases: [
      { id: "a", criterion: "romana", prompt: "Ce?", assert: [] },
      { id: "b", criterion: "adnotare", annotate: "Hoții ne fură!", expected: { ton: "negativ" } },
    ],
  }),
);

describe("the models the compare form offers", () => {
  it("leaves out a model that only annotates when the suite asks only for answers", () => {
    expect(prompts.annotationCases).toBe(0);
    expect(comparableModels(models, prompts)).toEqual(["offline:extractive", "openai-compatible:rapid"]);
    // A suite written on the page carries no count: no annotation case.
    expect(comparableModels(models, { ...prompts, annotationCases: undefined } as SuiteInfo)).not.toContain(
      "offline:lexicon",
    );
    expect(comparableModels(models, undefined)).not.toContain("offline:lexicon");
  });

  it("offers it for a suite with annotation cases", () => {
    expect(annotations.annotationCases).toBe(1);
    expect(comparableModels(models, annotations)).toEqual([
      "offline:extractive",
      "offline:lexicon",
      "openai-compatible:rapid",
    ]);
  });

  it("does not send a model checked earlier that the suite now leaves out", () => {
    const checked = new Set(["offline:lexicon", "offline:extractive"]);
    expect(chosenModels(comparableModels(models, prompts), checked, "")).toEqual(["offline:extractive"]);
  });
});
