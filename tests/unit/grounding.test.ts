// The offline grounding check: citations that name no shown source, claims without citations, numbers, dates and
// names missing from what is cited, weak lexical support; sentences located where they stand in the answer.
import { describe, expect, it } from "vitest";
import { answerSentences } from "../../contract/answerSentences";
import { citationsIn, splitCitations } from "../../contract/grounding";
import { checkGrounding, type ShownPassage } from "../../contract/groundingCheck";
import { factsOf } from "../../contract/groundingFacts";
import { composeExtractiveAnswer } from "../../server/models/offline/extractive";

const PASSAGES: ShownPassage[] = [
  {
    n: 1,
    text: "(Gazeta · stiri · 2025-01-10) Guvernul a anunțat că pensiile vor fi indexate cu 5% de la 1 ianuarie. Măsura privește aproape cinci milioane de pensionari. Sindicatele spun că procentul nu acoperă creșterea prețurilor.",
  },
  {
    n: 2,
    text: "(Facebook · facebook · 2025-02-03) Ionescu a spus că taxa pe mașinile vechi ia bani de la cei săraci.",
  },
  { n: 3, text: "(Blog · blog · 2024-11-20) Primăria Clujului a votat bugetul de 1.200 de milioane de lei." },
  { n: 4, text: "(Forum · forum · 2025-03-01) Mulți cititori cer plafonarea pensiilor speciale." },
  { n: 5, text: "(Știri · stiri · 2025-03-02) Popa, liderul sindicatului, a cerut o nouă evaluare în vară." },
];

describe("citations", () => {
  it("reads [1], [2][3] and [1, 4], leaves [0] and four-digit brackets as text", () => {
    expect(citationsIn("a [1] b [2][3] c [1, 4] d [0] e [2025]")).toEqual([1, 2, 3, 1, 4]);
    expect(splitCitations("x [0]")).toEqual([
      { kind: "text", text: "x " },
      { kind: "text", text: "[0]" },
    ]);
  });
});

describe("answerSentences", () => {
  it("locates sentences in the answer, without list markers, and gives a lone citation to the sentence before", () => {
    const answer = "Introducere:\n\n- Pensiile cresc. [1]\n- Taxa scade [2].\n\n```\ncod [9]\n```\n[3]";
    const sentences = answerSentences(answer);
    expect(sentences.map((s) => s.text)).toEqual(["Introducere:", "Pensiile cresc. [1]", "Taxa scade [2]."]);
    for (const s of sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
    expect(sentences[1]!.citations).toEqual([1]);
    // The citation line after the list belongs to its last sentence; the code block is not read.
    expect(sentences[2]!.citations).toEqual([2, 3]);
    expect(sentences[0]!.label).toBe(true);
  });
});

describe("facts", () => {
  it("reads digits, number words with magnitudes, percentages, years and days, not 'o nouă' or 'a doua'", () => {
    const facts = factsOf("Cinci milioane de oameni, 1.200 de lei, 2,5% și 25 la sută, pe 14 martie 2025.");
    expect(facts.numbers.map((n) => n.value)).toEqual(expect.arrayContaining([5e6, 1200, 2.5, 25]));
    expect(facts.dates.map((d) => d.key)).toEqual(expect.arrayContaining(["m3-2025", "d14-3"]));
    expect(factsOf("Legea din 2024.").dates.map((d) => d.key)).toEqual(["y2024"]);
    expect(factsOf("Ministrul promite o nouă evaluare, a doua din an.").numbers).toEqual([]);
  });

  it("takes capitalised words inside a sentence as names, and a first word only as a subject or a known name", () => {
    expect(factsOf("Ieri Ionescu a vorbit cu PSD.").names.map((n) => n.folded)).toEqual(["ionescu", "psd"]);
    expect(factsOf("Popa a cerut o evaluare.").names.map((n) => n.folded)).toEqual(["popa"]);
    expect(factsOf("Totuși, pensiile cresc.").names).toEqual([]);
  });
});

describe("checkGrounding", () => {
  it("passes sentences whose facts and words are in what they cite", () => {
    const g = checkGrounding(
      "Pensiile vor fi indexate cu 5% de la 1 ianuarie [1]. Măsura privește aproape 5 milioane de pensionari [1]. Ionescu a spus că taxa pe mașinile vechi ia bani de la săraci [2].",
      PASSAGES,
    );
    expect(g).toMatchObject({
      score: 1,
      claims: 3,
      unsupported: [],
      invalidCitations: [],
      method: "lexical",
    });
  });

  it("catches a citation of a source that was not shown ([7] with five sources)", () => {
    const g = checkGrounding(
      "Pensiile vor fi indexate cu 5% [7]. Mulți cititori cer plafonarea [4].",
      PASSAGES,
    );
    expect(g.invalidCitations).toEqual([7]);
    expect(g.unsupported).toEqual([
      expect.objectContaining({ sentence: "Pensiile vor fi indexate cu 5% [7].", kind: "invalid_citation" }),
    ]);
    expect(g.score).toBe(0.5);
    expect(g.unsupported[0]!.reason).toBe(`citează [7], care nu există (${PASSAGES.length} surse)`);
    // One source shown: "1 sursă", not "1 surse".
    expect(
      checkGrounding("Pensiile vor fi indexate cu 5% [3].", PASSAGES.slice(0, 1)).unsupported[0]!.reason,
    ).toBe("citează [3], care nu există (1 sursă)");
  });

  it("catches an invented number, and says where the right source would have been", () => {
    const g = checkGrounding("Bugetul Clujului este de 1.200 de milioane de lei [1].", PASSAGES);
    expect(g.unsupported[0]).toMatchObject({ kind: "number", detail: "1.200 milioane" });
    expect(g.unsupported[0]!.reason).toContain("[3]");
    expect(checkGrounding("Pensiile vor fi indexate cu 7% [1].", PASSAGES).unsupported[0]).toMatchObject({
      kind: "number",
      detail: "7%",
    });
  });

  it("catches a claim with no citation and a swapped name, a changed year", () => {
    const uncited = checkGrounding("Pensiile vor fi indexate cu 5% de la 1 ianuarie.", PASSAGES);
    expect(uncited.unsupported[0]).toMatchObject({ kind: "no_citation" });
    expect(uncited.unsupported[0]!.reason).toContain("[1]");
    const swapped = checkGrounding(
      "Popa a spus că taxa pe mașinile vechi ia bani de la cei săraci [2].",
      PASSAGES,
    );
    expect(swapped.unsupported[0]).toMatchObject({ kind: "name", detail: "Popa" });
    expect(swapped.unsupported[0]!.reason).toContain("[5]");
    const year = checkGrounding("În 2024, Guvernul a anunțat indexarea pensiilor [1].", PASSAGES);
    expect(year.unsupported[0]).toMatchObject({ kind: "date", detail: "2024" });
  });

  it("marks a sentence whose words are mostly not in its source", () => {
    const g = checkGrounding(
      "Agricultorii protestează împotriva importurilor ieftine de cereale [4].",
      PASSAGES,
    );
    expect(g.unsupported[0]).toMatchObject({ kind: "weak_support" });
  });

  it("counts no claim in a refusal or in a sentence about the sources, so they score 1", () => {
    expect(checkGrounding("Îmi pare rău, dar nu pot răspunde la această întrebare.", PASSAGES)).toMatchObject(
      {
        score: 1,
        claims: 0,
      },
    );
    expect(checkGrounding("Sursele nu spun nimic despre acest subiect.", PASSAGES).claims).toBe(0);
  });

  it("scores the offline extractive model's own answers as grounded", () => {
    const passages = PASSAGES.map((p) => ({ n: p.n, text: p.text.replace(/^\([^)]*\) /, "") }));
    const { text } = composeExtractiveAnswer("Ce se întâmplă cu pensiile și taxa pe mașini?", passages);
    const g = checkGrounding(text, PASSAGES);
    expect(g.claims).toBeGreaterThan(0);
    expect(g).toMatchObject({ score: 1, unsupported: [], invalidCitations: [] });
  });
});

describe("hyphenated and dash-joined names", () => {
  const LABEL = "(Gazeta · stiri · 2025-01-10) ";
  const grounds = (answer: string, passage: string) =>
    checkGrounding(`${answer} [1]`, [{ n: 1, text: LABEL + passage }]);

  it.each([
    "Zărnești-Vale",
    "Bistrița-Năsăud",
    "Cluj-Napoca",
    "Caraș-Severin",
    "Târgu-Jiu",
    "Popescu-Tăriceanu",
  ])("grounds an exact quote about %s at 1", (name) => {
    const quote = `Primăria din ${name} a aprobat bugetul local pentru drumuri.`;
    expect(grounds(quote, quote)).toMatchObject({ score: 1, claims: 1, unsupported: [] });
  });

  it("finds a name with its diacritics folded, on either side", () => {
    const passage = "Primăria din Zărnești-Vale a aprobat bugetul local pentru drumuri.";
    expect(grounds("Primăria din Zarnesti-Vale a aprobat bugetul local pentru drumuri.", passage).score).toBe(
      1,
    );
    expect(grounds(passage, passage.replace("Zărnești-Vale", "Zarnesti-Vale")).score).toBe(1);
  });

  it("finds a name whatever dash joins it: en dash, spaced dash, a space, a line break", () => {
    const answer = "Primăria din Zărnești-Vale a aprobat bugetul local pentru drumuri.";
    for (const written of [
      "Zărnești–Vale",
      "Zărnești – Vale",
      "Zărnești Vale",
      "Zărnești-\nVale",
      "Zărnești‑Vale",
    ])
      expect(grounds(answer, answer.replace("Zărnești-Vale", written)).score, written).toBe(1);
    expect(grounds(answer.replace("-", "–"), answer).score).toBe(1);
    expect(
      grounds(
        "Consiliul din Bistrița-Năsăud a aprobat bugetul.",
        "Consiliul din Bistri-\nța-Năsăud a aprobat bugetul.",
      ).score,
    ).toBe(1);
  });

  it("still marks a hyphenated name whose other part the passage does not hold", () => {
    const passage = "Primăria din Zărnești-Vale a aprobat bugetul local pentru drumuri.";
    expect(grounds(passage.replace("Vale", "Deal"), passage).unsupported[0]).toMatchObject({
      kind: "name",
      detail: "Zărnești-Deal",
    });
    expect(
      grounds("Consiliul din Bistrița-Năsăud a aprobat bugetul.", "Consiliul din Bistrița a aprobat bugetul.")
        .unsupported[0],
    ).toMatchObject({ kind: "name", detail: "Bistrița-Năsăud" });
  });

  it("reads figures and dates joined by a dash beside such a name as the passage has them", () => {
    expect(
      grounds(
        "Festivalul are loc pe 14–15 martie 2025 la Cluj-Napoca, cu 1.200–1.500 de locuri.",
        "Festivalul are loc pe 14-15 martie 2025 la Cluj-Napoca, cu 1.200 - 1.500 de locuri.",
      ).score,
    ).toBe(1);
    expect(
      grounds(
        "Planul pentru 2024–2025 la Cluj-Napoca costă 16 lei.",
        "Planul pentru 2024-2025 la Cluj-Napoca costă 15 lei.",
      ).unsupported[0],
    ).toMatchObject({ kind: "number", detail: "16" });
  });
});
