// The blind preference table's introduction counts its resamples, preferences and people with the noun's form
// (contract/plural.ts): "1.000 de reeșantionări", "1 preferință de la 1 persoană"; "1 preference by 1 person".
import { describe, expect, it } from "vitest";
import { translate, type Lang } from "../../client/src/i18n";
import { countOf, NOUNS } from "../../client/src/plural";

describe("the blind preference table's introduction", () => {
  it("counts resamples, preferences and people with their nouns", () => {
    const intro = (resamples: number, comparisons: number, people: number, lang: Lang) =>
      translate(lang, "blind.tableIntro", {
        resamples: countOf(resamples, NOUNS.resample, lang),
        comparisons: countOf(comparisons, NOUNS.preference, lang),
        people: countOf(people, NOUNS.person, lang),
      });
    expect(intro(1000, 1, 1, "ro")).toContain(
      "(bootstrap, 1.000 de reeșantionări), din 1 preferință de la 1 persoană,",
    );
    expect(intro(1000, 24, 3, "ro")).toContain("din 24 de preferințe de la 3 persoane,");
    expect(intro(1000, 1, 1, "en")).toContain("(bootstrap, 1,000 resamples), from 1 preference by 1 person,");
  });
});
