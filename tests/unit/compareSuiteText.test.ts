// "Suita mea": the text a student writes on the compare page, read into the suite format the server validates —
// blocks as cases, keyword lines as sources, titles and promptfoo-style checks (Romanian or English words) — and every
// problem said with its line and case, in both languages.
import { describe, expect, it } from "vitest";
import { parseSuiteText, type TextSuiteResult } from "../../contract/compareSuiteText";
import { variantOfCase } from "../../contract/compareSuiteVariants";
import { SUITE_LIMITS } from "../../contract/compare";
import { parseSuite, suiteInfo } from "../../server/compare/suite";
import { plannedAnswers } from "../../client/src/state/compareLimits";
import { textSuiteInfo } from "../../client/src/state/ownSuite";

function ok(result: TextSuiteResult) {
  if (!result.ok) throw new Error(`not ok: ${JSON.stringify(result.problems)}`);
  return result;
}

function problems(result: TextSuiteResult) {
  if (result.ok) throw new Error("accepted");
  return result.problems;
}

describe("the editor's text", () => {
  it("reads one case a block, with its sources, title and checks, and the server accepts the suite", () => {
    const text = [
      "Rezumă ce spune sursa în două propoziții.",
      "Sursă: Guvernul a anunțat indexarea pensiilor cu 5%.",
      "conține: pensi",
      "nu conține: Ionescu",
      "max cuvinte: 60",
      "română",
      "",
      "",
      "Title: JSON please",
      "Return the tone as JSON",
      "with a single field.",
      "valid JSON",
      "max chars: 200",
      "contains: ton",
      "no refusal",
    ].join("\n");
    const { suite, lines } = ok(parseSuiteText(text));
    expect(lines).toEqual([1, 9]);
    expect(suite.cases).toEqual([
      {
        id: "caz-1",
        criterion: "proprii",
        title: "Rezumă ce spune sursa în două propoziții.",
        prompt: "Rezumă ce spune sursa în două propoziții.",
        sources: ["Guvernul a anunțat indexarea pensiilor cu 5%."],
        assert: [
          { type: "contains", value: "pensi" },
          { type: "contains", value: "Ionescu", not: true },
          { type: "max-length", value: 60, unit: "words" },
          { type: "language" },
        ],
      },
      {
        id: "caz-2",
        criterion: "proprii",
        title: "JSON please",
        prompt: "Return the tone as JSON\nwith a single field.",
        assert: [
          { type: "is-json" },
          { type: "max-length", value: 200, unit: "chars" },
          { type: "contains", value: "ton" },
          { type: "refusal", not: true },
        ],
      },
    ]);
    const parsed = parseSuite(suite);
    expect(parsed.cases.map((c) => [c.id, c.kind, c.title])).toEqual([
      ["caz-1", "prompt", "Rezumă ce spune sursa în două propoziții."],
      ["caz-2", "prompt", "JSON please"],
    ]);
  });

  it("takes keywords without diacritics, in any case, and keeps a backslashed keyword line in the prompt", () => {
    const { suite } = ok(
      parseSuiteText("SURSA: un text\nCONTINE: text\n\\json\nCriteriu: Rezumate\nsistem: Ești moderator."),
    );
    expect(suite.cases[0]).toMatchObject({
      prompt: "json",
      sources: ["un text"],
      criterion: "rezumate",
      system: "Ești moderator.",
      assert: [{ type: "contains", value: "text" }],
    });
  });

  it("a line with a colon that is no keyword stays in the prompt, and a long first line makes a short title", () => {
    const long = `Întrebare: ${"foarte ".repeat(20)}lungă?`;
    const { suite } = ok(parseSuiteText(long));
    expect(suite.cases[0].prompt).toBe(long);
    expect(suite.cases[0].title.length).toBeLessThanOrEqual(80);
    expect(suite.cases[0].title.endsWith("…")).toBe(true);
  });

  it("asks for stable answers across runs with a share or a percentage, which the server judges per case", () => {
    const { suite } = ok(
      parseSuiteText("Prima\nstabil: 0,6\n\nA doua\nStability: 75%\n\nA treia\nstable: 1"),
    );
    expect(suite.cases.map((c) => c.assert)).toEqual([
      [{ type: "stable", min: 0.6 }],
      [{ type: "stable", min: 0.75 }],
      [{ type: "stable", min: 1 }],
    ]);
    // Answered three times even at one run: a single answer has nothing to be stable against.
    expect(suite.cases.map((c) => c.repeat)).toEqual([3, 3, 3]);
    expect(parseSuite(suite).cases.map((c) => c.repeat)).toEqual([3, 3, 3]);
    expect(ok(parseSuiteText("Fără stabilitate\ncontains: x")).suite.cases[0]).not.toHaveProperty("repeat");
    const info = textSuiteInfo(ok(parseSuiteText("Prima\nstabil: 0,6\n\nA doua")).suite, "ro");
    expect(plannedAnswers(info, 1, 1, 2)).toBe((3 + 1) * 2);
    const found = problems(parseSuiteText("Prima\nstabil: 1,5\n\nA doua\nstable: mult"));
    expect(found.map((p) => [p.line, p.case])).toEqual([
      [2, 1],
      [5, 2],
    ]);
    expect(found[0].ro).toBe(
      "Rândul 2 (cazul 1): „stabil” cere o cotă între 0 și 1 (de exemplu 0,6) sau un procent (60%), nu „1,5”.",
    );
    expect(found[1].en).toBe(
      'Line 5 (case 2): "stable" needs a share between 0 and 1 (for example 0.6) or a percentage (60%), not "mult".',
    );
  });

  it("says every problem with its line and case, in Romanian and English", () => {
    const found = problems(
      parseSuiteText(
        [
          "Prima întrebare",
          "max cuvinte: multe",
          "",
          "sursă: doar o sursă",
          "conține:",
          "",
          "A treia",
          "regex: (",
        ].join("\n"),
      ),
    );
    expect(found.map((p) => [p.line, p.case])).toEqual([
      [2, 1],
      [4, 2],
      [5, 2],
      [8, 3],
    ]);
    expect(found[0].ro).toBe("Rândul 2 (cazul 1): „max cuvinte” cere un număr întreg pozitiv, nu „multe”.");
    expect(found[0].en).toBe('Line 2 (case 1): "max cuvinte" needs a whole positive number, not "multe".');
    expect(found[1].ro).toContain("cazul nu are prompt");
    expect(found[1].en).toContain("the case has no prompt");
    expect(found[3].en).toContain("not a valid regular expression");
  });

  it("refuses an empty text and more cases or longer texts than a suite may have", () => {
    expect(problems(parseSuiteText("  \n\n ")).map((p) => p.line)).toEqual([null]);
    const many = Array.from({ length: SUITE_LIMITS.cases + 1 }, (_, i) => `Întrebarea ${i}`).join("\n\n");
    const tooMany = problems(parseSuiteText(many));
    expect(tooMany[0].ro).toBe(
      `Cel mult ${SUITE_LIMITS.cases} de cazuri într-o suită (ați scris ${SUITE_LIMITS.cases + 1}).`,
    );
    expect(tooMany[0].line).toBe(SUITE_LIMITS.cases * 2 + 1);
    const longSource = problems(
      parseSuiteText(`Rezumă.\nsursă: ${"a".repeat(SUITE_LIMITS.sourceChars + 1)}`),
    );
    expect(longSource[0].en).toContain("a source has at most 5,000 characters (it has 5,001)");
    expect(longSource[0].ro).toContain("o sursă are cel mult 5.000 de caractere (are 5.001)");
    const longPrompt = problems(parseSuiteText("b".repeat(SUITE_LIMITS.text + 1)));
    expect(longPrompt[0].ro).toContain("promptul are cel mult 20.000 de caractere (are 20.001)");
  });
});

describe("prompt variants: the same cases under system prompts A and B", () => {
  const VARIANTS = [
    "variantă A: Ești un analist neutru.",
    "Varianta B: Ești un comentator partizan.",
    "variantă B: Răspunde apăsat.",
    "",
    "Rezumă sursa.",
    "sursă: Guvernul a anunțat indexarea pensiilor.",
    "conține: pensi",
    "",
    "Title: Tone",
    "Care este tonul?",
    "criterion: Ton",
    "json",
  ].join("\n");

  it("runs every case once per variant, with the variant's system prompt, its criterion and the checks copied", () => {
    const { suite, lines, variants } = ok(parseSuiteText(VARIANTS));
    expect(variants).toEqual(["a", "b"]);
    expect(suite.cases.map((c) => [c.id, c.criterion, c.system])).toEqual([
      ["caz-1-a", "varianta-a", "Ești un analist neutru."],
      ["caz-1-b", "varianta-b", "Ești un comentator partizan.\nRăspunde apăsat."],
      ["caz-2-a", "ton-a", "Ești un analist neutru."],
      ["caz-2-b", "ton-b", "Ești un comentator partizan.\nRăspunde apăsat."],
    ]);
    // Each case's block is where its problems and its variants point.
    expect(lines).toEqual([5, 5, 9, 9]);
    expect(suite.cases.map((c) => [c.title, c.titleEn])).toEqual([
      ["Rezumă sursa. · varianta A", "Rezumă sursa. · variant A"],
      ["Rezumă sursa. · varianta B", "Rezumă sursa. · variant B"],
      ["Tone · varianta A", "Tone · variant A"],
      ["Tone · varianta B", "Tone · variant B"],
    ]);
    for (const c of suite.cases.slice(0, 2)) {
      expect(c.prompt).toBe("Rezumă sursa.");
      expect(c.sources).toEqual(["Guvernul a anunțat indexarea pensiilor."]);
      expect(c.assert).toEqual([{ type: "contains", value: "pensi" }]);
    }
    expect(suite.cases[2].assert).toEqual([{ type: "is-json" }]);
    // Copies, not one object shared by the variants.
    expect(suite.cases[0].assert).not.toBe(suite.cases[1].assert);
    // The server takes them as ordinary cases, the criteria in the order the page groups them.
    const parsed = parseSuite(suite);
    expect(parsed.cases.map((c) => c.id)).toEqual(["caz-1-a", "caz-1-b", "caz-2-a", "caz-2-b"]);
    expect(suiteInfo(parsed).criteria.map((c) => [c.id, c.label])).toEqual([
      ["varianta-a", "Varianta A"],
      ["varianta-b", "Varianta B"],
      ["ton-a", "ton-a"],
      ["ton-b", "ton-b"],
    ]);
    // Each case says its variant, and the server keeps it.
    expect(suite.cases.map((c) => variantOfCase(c))).toEqual(["a", "b", "a", "b"]);
    expect(parsed.cases.map((c) => c.variant)).toEqual(["a", "b", "a", "b"]);
    expect(variantOfCase(ok(parseSuiteText("Întrebare?")).suite.cases[0]!)).toBeNull();
  });

  it("takes the keyword with or without diacritics, in English, with up to four variants", () => {
    const text = "VARIANT a: unu\nvarianta b: doi\nVariantă C: trei\nvariant D: patru\n\nÎntrebare?";
    const { suite, variants } = ok(parseSuiteText(text));
    expect(variants).toEqual(["a", "b", "c", "d"]);
    expect(suite.cases.map((c) => c.system)).toEqual(["unu", "doi", "trei", "patru"]);
    // Without a variants block nothing changes: one case, its own criterion.
    expect(ok(parseSuiteText("Întrebare?")).suite.cases.map((c) => [c.id, c.criterion])).toEqual([
      ["caz-1", "proprii"],
    ]);
  });

  it("says what is wrong with the variants with its line, in Romanian and English", () => {
    const alone = problems(parseSuiteText("variantă A: Ești neutru.\n\nÎntrebare?"));
    expect(alone.map((p) => [p.line, p.case])).toEqual([[1, null]]);
    expect(alone[0].ro).toBe(
      "Rândul 1: o singură variantă nu are cu ce fi comparată: scrieți cel puțin 2 („variantă A: …”, „variantă B: …”) sau folosiți „sistem:” în caz.",
    );
    expect(alone[0].en).toBe(
      'Line 1: a single variant has nothing to be compared with: write at least 2 ("variant A: …", "variant B: …") or use "system:" in the case.',
    );

    const five = problems(
      parseSuiteText("variant A: 1\nvariant B: 2\nvariant C: 3\nvariant D: 4\nvariant E: 5\n\nQ?"),
    );
    expect(five.map((p) => [p.line, p.case])).toEqual([[5, null]]);
    expect(five[0].ro).toBe("Rândul 5: cel mult 4 variante (ați scris 5).");
    expect(five[0].en).toBe("Line 5: at most 4 variants (you wrote 5).");

    const own = problems(
      parseSuiteText(
        "variantă A: neutru\nvariantă B: partizan\n\nPrima?\n\nA doua?\nsistem: Ești moderator.",
      ),
    );
    expect(own.map((p) => [p.line, p.case])).toEqual([[7, 2]]);
    expect(own[0].ro).toBe(
      "Rândul 7 (cazul 2): „sistem:” nu se folosește când suita are variante: fiecare variantă își dă promptul de sistem în rândul ei „variantă …:”.",
    );
    expect(own[0].en).toBe(
      'Line 7 (case 2): "sistem:" is not used when the suite has variants: each variant gives its system prompt on its "variant …:" line.',
    );

    // An empty variant, then a block of variants written after a case: each said where it is, top to bottom.
    const mixed = problems(
      parseSuiteText("variantă A: neutru\nvariantă B:\n\nPrima?\n\nvariant C: x\nvariant D: y"),
    );
    expect(mixed.map((p) => [p.line, p.case])).toEqual([
      [1, null],
      [2, null],
      [6, 2],
    ]);
    expect(mixed[1].ro).toBe("Rândul 2: după „variantă B:” lipsește textul.");
    expect(mixed[2].ro).toBe(
      "Rândul 6 (cazul 2): variantele se scriu toate în primul bloc, înaintea cazurilor (un rând care începe cu „\\” rămâne în prompt).",
    );
    expect(mixed[2].en).toBe(
      'Line 6 (case 2): the variants are all written in the first block, before the cases (a line that starts with "\\" stays in the prompt).',
    );

    // Variants and no case: the cases are what is missing, not "a prompt".
    const none = problems(parseSuiteText("variantă A: neutru\nvariantă B: partizan"));
    expect(none.map((p) => p.line)).toEqual([null]);
    expect(none[0].ro).toBe(
      "După blocul variantelor scrieți cel puțin un caz, despărțit de el de un rând gol (ca un rând „variantă …:” să rămână în prompt, începeți-l cu „\\”).",
    );
    expect(none[0].en).toBe(
      'After the variants\' block write at least one case, separated from it by an empty line (for a "variant …:" line to stay in the prompt, start it with "\\").',
    );
  });

  // A prompt that lists options as "Varianta A: …" lines is a case like any other, as it was before variants came.
  const OPTIONS =
    "Care variantă e mai populistă?\nVarianta A: „Poporul contra elitelor”\nVarianta B: „Bugetul pe 2025”";
  const asWritten = {
    id: "caz-1",
    criterion: "proprii",
    title: "Care variantă e mai populistă?",
    prompt: OPTIONS,
  };

  it("leaves 'Varianta A:' lines in a prompt that has other lines, as case 1 or a later case", () => {
    const first = ok(parseSuiteText(OPTIONS));
    expect(first.suite.cases).toEqual([asWritten]);
    expect([first.lines, first.variants]).toEqual([[1], []]);
    const second = ok(parseSuiteText(`Prima?\n\n${OPTIONS}`));
    expect(second.suite.cases).toEqual([
      { id: "caz-1", criterion: "proprii", title: "Prima?", prompt: "Prima?" },
      { ...asWritten, id: "caz-2" },
    ]);
    expect(second.lines).toEqual([1, 3]);
    // Without a variants block, even a later block made only of such lines is a prompt.
    expect(ok(parseSuiteText("Prima?\n\nVarianta A: da\nVarianta B: nu")).suite.cases[1]!.prompt).toBe(
      "Varianta A: da\nVarianta B: nu",
    );
  });

  it("keeps such a prompt whole under the suite's variants", () => {
    const { suite } = ok(parseSuiteText(`variantă A: neutru\nvariantă B: partizan\n\n${OPTIONS}`));
    expect(suite.cases.map((c) => [c.id, c.system, c.prompt])).toEqual([
      ["caz-1-a", "neutru", OPTIONS],
      ["caz-1-b", "partizan", OPTIONS],
    ]);
  });

  it("counts cases × variants against the suite's limit, and names the first case too many", () => {
    const half = SUITE_LIMITS.cases / 2;
    const cases = (n: number) => Array.from({ length: n }, (_, i) => `Întrebarea ${i + 1}`).join("\n\n");
    expect(ok(parseSuiteText(`variantă A: x\nvariantă B: y\n\n${cases(half)}`)).suite.cases).toHaveLength(
      SUITE_LIMITS.cases,
    );
    const over = problems(parseSuiteText(`variantă A: x\nvariantă B: y\n\n${cases(half + 1)}`));
    // The variants' block is lines 1–2; case k starts on line 2 + 2k.
    expect(over.map((p) => [p.line, p.case])).toEqual([[2 + 2 * (half + 1), half + 1]]);
    expect(over[0].ro).toBe(
      `Cel mult ${SUITE_LIMITS.cases} de cazuri într-o suită: ${half + 1} de cazuri × 2 variante fac ${SUITE_LIMITS.cases + 2} (cazul ${half + 1}, rândul ${2 + 2 * (half + 1)}, e primul în plus).`,
    );
    expect(over[0].en).toBe(
      `At most ${SUITE_LIMITS.cases} cases in a suite: ${half + 1} cases × 2 variants make ${SUITE_LIMITS.cases + 2} (case ${half + 1}, line ${2 + 2 * (half + 1)}, is the first too many).`,
    );
  });
});
