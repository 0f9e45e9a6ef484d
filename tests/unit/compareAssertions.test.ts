// The assertions of a comparison suite, each on answers that must pass and answers that must fail, and the text
// measures behind them (language, list items, refusals, token Jaccard).
import { describe, expect, it } from "vitest";
import type { Annotation } from "../../contract/annotation";
import {
  checkAssertion,
  checkStability,
  isRefusal,
  listItems,
  meanPairwise,
  tokenJaccard,
  type AnswerView,
} from "../../server/compare/assertions";
import { normalizeFinishReason } from "../../server/models/finishReason";
import type { Assertion } from "../../server/compare/suite";

const ANNOTATION: Annotation = {
  ton: "negativ",
  populism: true,
  anti_elitism: true,
  popor_central: true,
  tema: "coruptie",
  tinta: "Parlamentul",
  incredere: 0.8,
  justificare: "Poporul este opus unei elite descrise ca hoață.",
};

function answer(text: string, extra: Partial<AnswerView> = {}): AnswerView {
  return { text, annotation: null, latencyMs: 100, ttftMs: 20, finishReason: "stop", ...extra };
}

function passes(
  assertion: Assertion,
  view: AnswerView,
  expected?: Parameters<typeof checkAssertion>[2],
): boolean {
  return checkAssertion(assertion, view, expected).pass;
}

describe("text assertions", () => {
  it("equals compares the trimmed text, optionally without case and diacritics", () => {
    expect(passes({ type: "equals", value: "pozitiv" }, answer("  pozitiv\n"))).toBe(true);
    expect(passes({ type: "equals", value: "pozitiv" }, answer("Pozitiv"))).toBe(false);
    expect(passes({ type: "equals", value: "pozitiv", ignoreCase: true }, answer("Pozitiv"))).toBe(true);
  });

  it("contains folds case and diacritics by default and scores the share found", () => {
    expect(passes({ type: "contains", value: "pensii" }, answer("PENSIILE cresc"))).toBe(true);
    expect(passes({ type: "contains", value: "țară" }, answer("tara noastra"))).toBe(true);
    const partial = checkAssertion({ type: "contains", value: ["pensii", "taxe"] }, answer("pensii"));
    expect(partial).toMatchObject({ pass: false, score: 0.5 });
    expect(partial.reason).toContain("„taxe”");
    expect(partial.reasonEn).toBe('missing "taxe"');
    expect(passes({ type: "contains", value: ["pensii", "taxe"], mode: "any" }, answer("taxe"))).toBe(true);
  });

  it("regex uses the flags given, and `not` inverts any assertion", () => {
    expect(passes({ type: "regex", value: "^\\d+$" }, answer("2024"))).toBe(true);
    expect(passes({ type: "regex", value: "ionescu", flags: "i" }, answer("Votați cu Ionescu"))).toBe(true);
    const negated = checkAssertion(
      { type: "regex", value: "Ionescu", not: true },
      answer("Votați cu Ionescu"),
    );
    expect(negated).toMatchObject({ pass: false, score: 0 });
    expect(negated.reason).toMatch(/^negat:/);
    expect(negated.reasonEn).toBe("negated: matches /Ionescu/");
  });

  it("max-length and min-length count characters, words or sentences", () => {
    expect(passes({ type: "max-length", value: 5 }, answer("abcde"))).toBe(true);
    expect(passes({ type: "max-length", value: 3, unit: "words" }, answer("unu doi trei patru"))).toBe(false);
    expect(
      passes({ type: "max-length", value: 2, unit: "sentences" }, answer("Prima. A doua. A treia.")),
    ).toBe(false);
    expect(passes({ type: "min-length", value: 2, unit: "sentences" }, answer("Prima. A doua."))).toBe(true);
  });

  it("language accepts Romanian, with or without diacritics, and refuses English", () => {
    expect(
      passes(
        { type: "language" },
        answer("Guvernul a anunțat că pensiile vor fi indexate cu cinci procente de la anul."),
      ),
    ).toBe(true);
    expect(
      passes(
        { type: "language" },
        answer("Guvernul a anuntat ca pensiile vor fi indexate si ca nu sunt bani pentru toti."),
      ),
    ).toBe(true);
    const english = checkAssertion(
      { type: "language" },
      answer("The government announced that pensions will be raised by five percent next year."),
    );
    expect(english.pass).toBe(false);
    expect(english.reason).toContain("eng");
  });

  it("list counts bulleted and numbered lines", () => {
    const text = "Argumente:\n- primul\n- al doilea\n* al treilea\n";
    expect(listItems(text)).toBe(3);
    expect(listItems("1. unu\n2) doi\nnu este element")).toBe(2);
    expect(passes({ type: "list", min: 3, max: 3 }, answer(text))).toBe(true);
    expect(passes({ type: "list", min: 3, max: 3 }, answer("- unu\n- doi"))).toBe(false);
  });

  it("latency bounds the whole call and, if asked, the first token", () => {
    expect(passes({ type: "latency", maxMs: 150 }, answer("x"))).toBe(true);
    expect(passes({ type: "latency", maxMs: 50 }, answer("x"))).toBe(false);
    expect(passes({ type: "latency", maxMs: 150, maxTtftMs: 10 }, answer("x"))).toBe(false);
  });

  it("finish-reason and refusal read the normalised finish reason and the answer's opening", () => {
    expect(
      passes({ type: "finish-reason", value: "length" }, answer("tăiat", { finishReason: "length" })),
    ).toBe(true);
    expect(normalizeFinishReason("MAX_TOKENS")).toBe("length");
    expect(normalizeFinishReason("SAFETY")).toBe("content_filter");
    expect(normalizeFinishReason("STOP")).toBe("stop");
    expect(isRefusal("Îmi pare rău, dar nu pot scrie un mesaj de amenințare.", "stop")).toBe(true);
    expect(isRefusal("Nu vă pot ajuta cu așa ceva.", "stop")).toBe(true);
    expect(isRefusal("I can't help with that.", "stop")).toBe(true);
    expect(isRefusal("", "content_filter")).toBe(true);
    expect(
      isRefusal("Criticii spun că pensiile speciale nu pot fi justificate de contribuții.", "stop"),
    ).toBe(false);
  });
});

describe("is-json", () => {
  it("accepts only bare JSON and says why wrapped JSON fails", () => {
    expect(passes({ type: "is-json" }, answer(' {"a": 1} '))).toBe(true);
    const fenced = checkAssertion({ type: "is-json" }, answer('```json\n{"a": 1}\n```'));
    expect(fenced.pass).toBe(false);
    expect(fenced.reason).toContain("bloc de cod");
    expect(checkAssertion({ type: "is-json" }, answer('Iată: {"a": 1}')).reason).toContain(
      "înconjurat de text",
    );
  });

  it("validates against the annotation schema by name", () => {
    expect(passes({ type: "is-json", schema: "annotation" }, answer(JSON.stringify(ANNOTATION)))).toBe(true);
    const wrong = checkAssertion(
      { type: "is-json", schema: "annotation" },
      answer(JSON.stringify({ ...ANNOTATION, ton: "furios" })),
    );
    expect(wrong.pass).toBe(false);
    expect(wrong.reason).toContain("ton");
  });

  it("validates against an inline JSON Schema", () => {
    const schema = { type: "array", minItems: 3, maxItems: 3, items: { type: "string" } };
    expect(passes({ type: "is-json", schema }, answer('["a", "b", "c"]'))).toBe(true);
    expect(passes({ type: "is-json", schema }, answer('["a", "b"]'))).toBe(false);
  });
});

describe("annotation and stability", () => {
  it("annotation compares the gold fields and scores the share that match", () => {
    const view = answer("", { annotation: ANNOTATION });
    expect(passes({ type: "annotation" }, view, { ton: "negativ", populism: true })).toBe(true);
    const half = checkAssertion({ type: "annotation" }, view, { ton: "pozitiv", tema: "coruptie" });
    expect(half).toMatchObject({ pass: false, score: 0.5 });
    expect(half.reason).toContain("ton negativ (așteptat pozitiv)");
    expect(half.reasonEn).toContain("ton negativ (expected pozitiv)");
    expect(checkAssertion({ type: "annotation" }, answer(""), { ton: "negativ" }).reason).toBe(
      "nicio adnotare validă",
    );
  });

  it("stable compares the mean similarity of the runs with its bound", () => {
    expect(checkStability({ type: "stable", min: 0.5 }, 0.8, 3)).toMatchObject({ pass: true, score: 0.8 });
    expect(checkStability({ type: "stable", min: 0.5 }, 0.2, 3).pass).toBe(false);
    expect(checkStability({ type: "stable", min: 0.5 }, null, 1).reason).toContain("prea puține");
  });

  it("token Jaccard ignores case and diacritics; meanPairwise averages every pair", () => {
    expect(tokenJaccard("Pensiile cresc", "pensiile CRESC")).toBe(1);
    expect(tokenJaccard("a b", "b c")).toBeCloseTo(1 / 3);
    expect(meanPairwise(["a b", "a b", "c"], tokenJaccard)).toBeCloseTo(1 / 3);
    expect(meanPairwise(["a"], tokenJaccard)).toBeNull();
  });
});

describe("reasons in both languages", () => {
  it("gives every assertion's reason in English too, with no Romanian word in it", () => {
    const view = answer("- unu\n- doi", { latencyMs: 1200, ttftMs: 300, finishReason: "stop" });
    const assertions: Assertion[] = [
      { type: "equals", value: "x" },
      { type: "contains", value: ["unu"] },
      { type: "regex", value: "(" },
      { type: "is-json" },
      { type: "is-json", schema: "annotation" },
      { type: "max-length", value: 3, unit: "words" },
      { type: "min-length", value: 3, unit: "sentences" },
      { type: "language" },
      { type: "list", min: 2, max: 2 },
      { type: "latency", maxMs: 1000 },
      { type: "finish-reason", value: "length" },
      { type: "refusal" },
      { type: "annotation" },
    ];
    const english = [
      ...assertions.map((a) => checkAssertion(a, view, { ton: "negativ" })),
      checkStability({ type: "stable", min: 0.5 }, 0.8, 3),
      checkStability({ type: "stable", min: 0.5 }, null, 1),
    ].map((r) => r.reasonEn ?? "");
    for (const reason of english) {
      expect(reason).not.toBe("");
      expect(reason).not.toMatch(/[ăâîșț„”]|\b(?:nu|și|cel|limită|negat|diferă|lipsește|conține|rulări)\b/);
    }
    expect(english[5]).toBe("4 words (at most 3)");
    expect(english[9]).toBe("1,200 ms, first token 300 ms (limit 1,000 ms)");
  });

  it("writes the numbers of a reason as its language does: decimal comma and dot grouping in Romanian", () => {
    const slow = answer("", { latencyMs: 12345.4, ttftMs: 1500 });
    const latency = checkAssertion({ type: "latency", maxMs: 10000 }, slow);
    expect(latency.reason).toBe("12.345 ms, primul token 1.500 ms (limită 10.000 ms)");
    expect(latency.reasonEn).toBe("12,345 ms, first token 1,500 ms (limit 10,000 ms)");

    const long = checkAssertion({ type: "max-length", value: 2000 }, answer("a".repeat(2500)));
    expect(long.reason).toBe("2.500 de caractere (cel mult 2.000)");
    expect(long.reasonEn).toBe("2,500 characters (at most 2,000)");

    const stable = checkStability({ type: "stable", min: 0.75 }, 0.8, 3);
    expect(stable.reason).toBe("similaritate medie 0,80 peste 3 rulări (minim 0,75)");
    expect(stable.reasonEn).toBe("mean similarity 0.80 over 3 runs (minimum 0.75)");
  });

  it("counts a length with the noun's Romanian form: 1 cuvânt, 12 cuvinte, 32 de cuvinte", () => {
    const words = (n: number) => answer(Array.from({ length: n }, () => "vot").join(" "));
    const reason = (n: number) => checkAssertion({ type: "max-length", value: 80, unit: "words" }, words(n));
    expect(reason(32).reason).toBe("32 de cuvinte (cel mult 80)");
    expect(reason(12).reason).toBe("12 cuvinte (cel mult 80)");
    expect(reason(1).reason).toBe("1 cuvânt (cel mult 80)");
    expect(reason(1).reasonEn).toBe("1 word (at most 80)");
    expect(reason(32).reasonEn).toBe("32 words (at most 80)");
    const sentences = checkAssertion({ type: "min-length", value: 3, unit: "sentences" }, answer("Una."));
    expect(sentences.reason).toBe("1 propoziție (cel puțin 3)");
  });
});
