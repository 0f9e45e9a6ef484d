// A data set drawn from the corpus keeps its selection as data and is described in the reader's language, with the
// platforms' names; a file name, an older data set's Romanian sentence and a damaged field are shown as they are.
import { describe, expect, it } from "vitest";
import {
  datasetSourceText,
  decodeCorpusSelection,
  describeCorpusSelection,
  encodeCorpusSelection,
} from "../../contract/workbench";

const request = {
  filters: { platform: ["stiri", "forum-local"], dateFrom: "2024-01-01" },
  sample: { size: 200, seed: 7 },
};

describe("a corpus selection in a data set's source field", () => {
  it("round-trips through the field, and leaves out what the request did not set", () => {
    const field = encodeCorpusSelection(request);
    expect(field.startsWith("corpus:")).toBe(true);
    expect(decodeCorpusSelection(field)).toEqual(request);
    expect(decodeCorpusSelection(encodeCorpusSelection({}))).toEqual({});
  });

  it("is described in Romanian and English, known platforms by name and unknown ones as they are", () => {
    const selection = decodeCorpusSelection(encodeCorpusSelection(request))!;
    expect(describeCorpusSelection(selection, "ro")).toBe(
      "corpus (platforme: Știri, forum-local; date: 2024-01-01 – …; eșantion aleator de 200 (sămânța 7))",
    );
    expect(describeCorpusSelection(selection, "en")).toBe(
      "corpus (platforms: News, forum-local; dates: 2024-01-01 – …; random sample of 200 (seed 7))",
    );
    expect(describeCorpusSelection({}, "en")).toBe("corpus");
    // A large sample's size is grouped as each language groups it.
    const big = { sample: { size: 1200, seed: 3 } };
    expect(describeCorpusSelection(big, "ro")).toBe("corpus (eșantion aleator de 1.200 (sămânța 3))");
    expect(describeCorpusSelection(big, "en")).toBe("corpus (random sample of 1,200 (seed 3))");
  });

  it("keeps the search words and says them first, in each language's quotes", () => {
    const field = encodeCorpusSelection({ q: '"pensii speciale"', ...request });
    expect(field).toBe(
      'corpus:{"q":"\\"pensii speciale\\"","filters":{"platform":["stiri","forum-local"],"dateFrom":"2024-01-01"},' +
        '"sample":{"size":200,"seed":7}}',
    );
    const selection = decodeCorpusSelection(field)!;
    expect(selection.q).toBe('"pensii speciale"');
    expect(describeCorpusSelection(selection, "ro")).toBe(
      'corpus (cuvinte: „"pensii speciale"”; platforme: Știri, forum-local; date: 2024-01-01 – …; ' +
        "eșantion aleator de 200 (sămânța 7))",
    );
    expect(describeCorpusSelection({ q: "pensii speciale" }, "ro")).toBe(
      "corpus (cuvinte: „pensii speciale”)",
    );
    expect(describeCorpusSelection({ q: "pensii speciale", sample: { size: 200, seed: 7 } }, "en")).toBe(
      'corpus (keywords: "pensii speciale"; random sample of 200 (seed 7))',
    );
    // Data sets made before the words were kept read as before.
    expect(decodeCorpusSelection('corpus:{"filters":{"platform":["rss"]}}')).toEqual({
      filters: { platform: ["rss"] },
    });
  });

  it("shows a file name, an older data set's sentence and a damaged field as they are", () => {
    expect(datasetSourceText("comentarii.csv", "en")).toBe("comentarii.csv");
    expect(datasetSourceText("corpus (platforme: stiri)", "en")).toBe("corpus (platforme: stiri)");
    expect(decodeCorpusSelection("corpus:{nu e json")).toBeNull();
    expect(decodeCorpusSelection('corpus:{"sample":{"size":0,"seed":1}}')).toBeNull();
    expect(datasetSourceText(encodeCorpusSelection({ filters: { source: ["gov.ro"] } }), "ro")).toBe(
      "corpus (surse: gov.ro)",
    );
  });
});
