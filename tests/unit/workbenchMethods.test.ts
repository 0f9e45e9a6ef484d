// The methods paragraph reports the temperature only where it applied: the offline models ignore it.
import { describe, expect, it } from "vitest";
import { temperatureText } from "../../server/workbench/methods";

describe("the methods paragraph's temperature", () => {
  it("has none to report for a run of offline models only", () => {
    expect(temperatureText({ models: ["offline:lexicon"], temperature: 0.3 })).toEqual({
      ro: "fără temperatură (modelele offline nu o folosesc)",
      en: "with no temperature (offline models do not use one)",
    });
  });

  it("reports it for the models that used it", () => {
    expect(temperatureText({ models: ["openai:gpt-4o-mini"], temperature: 0.3 }).ro).toBe(
      "la temperatura 0,30",
    );
    expect(temperatureText({ models: ["openai:gpt-4o-mini", "offline:lexicon"], temperature: 0 }).en).toBe(
      "at temperature 0.00 (ignored by offline:lexicon)",
    );
  });
});
