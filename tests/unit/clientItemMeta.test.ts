// The item panel's metadata of a workbench data set drawn from the corpus: platforms by name, an undated document's
// day as "fără dată" / "no date" and the mark itself not listed; an upload's columns as they are.
import { describe, expect, it } from "vitest";
import { itemMetaEntries } from "../../client/src/components/workbench/itemMeta";

const corpusMeta = (date: string, dateImputed: string) => ({
  source: "Jurnal local",
  platform: "facebook",
  date,
  url: "",
  title: "",
  dateImputed,
});

describe("an item's metadata", () => {
  it("names a corpus document's platform and says an undated one has no date, in both languages", () => {
    expect(Object.fromEntries(itemMetaEntries(corpusMeta("2026-12-06", "true"), "ro"))).toEqual({
      source: "Jurnal local",
      platform: "Facebook",
      date: "fără dată",
      url: "",
      title: "",
    });
    expect(Object.fromEntries(itemMetaEntries(corpusMeta("2026-12-06", "true"), "en")).date).toBe("no date");
    expect(Object.fromEntries(itemMetaEntries(corpusMeta("2024-02-10", ""), "ro")).date).toBe("2024-02-10");
  });

  it("lists an upload's columns as they are, even ones called platform", () => {
    const meta = { platform: "facebook", date: "ieri", autor: "Ana" };
    expect(itemMetaEntries(meta, "ro")).toEqual(Object.entries(meta));
  });
});
