// The upload preview's guessed mapping: a gold column is suggested only when its values can be read as labels
// (directly or through an unambiguous value map), never with a guessed direction for bare numbers.
import { describe, expect, it } from "vitest";
import { guessValueMap, suggestMapping } from "../../server/workbench/datasets/preview";

const rows = (values: string[]) => values.map((v, i) => ({ text: `comentariul ${i}`, eticheta: v }));

describe("the suggested gold columns", () => {
  it("does not suggest a tone column of 0/1/2: its direction is the person's to say", () => {
    const suggested = suggestMapping(["text", "eticheta"], rows(["0", "2", "1", "0"]), "x.csv");
    expect(suggested.text).toBe("text");
    expect(suggested.gold).toBeUndefined();
    expect(guessValueMap("ton", "eticheta", rows(["0", "1", "2"]))).toBeUndefined();
  });

  it("suggests labels as they are, and known tone words or -1/0/1 with a value map", () => {
    expect(suggestMapping(["text", "eticheta"], rows(["negativ", "Pozitiv", ""]), "x.csv").gold).toEqual([
      { field: "ton", column: "eticheta" },
    ]);
    expect(
      suggestMapping(
        ["text", "sentiment"],
        [
          { text: "a", sentiment: "negative" },
          { text: "b", sentiment: "neutral" },
        ],
        "x",
      ).gold,
    ).toEqual([{ field: "ton", column: "sentiment", values: { negative: "negativ", neutral: "neutru" } }]);
    expect(guessValueMap("ton", "eticheta", rows(["-1", "0", "1"]))).toEqual({
      "-1": "negativ",
      "0": "neutru",
      "1": "pozitiv",
    });
  });

  it("keeps a boolean field named as such when its values are 0/1, drops one with other values", () => {
    const cells = [
      { text: "a", populism: "1", tema: "pensii" },
      { text: "b", populism: "0", tema: "altceva-necunoscut" },
    ];
    expect(suggestMapping(["text", "populism", "tema"], cells, "x").gold).toEqual([
      { field: "populism", column: "populism" },
    ]);
  });
});
