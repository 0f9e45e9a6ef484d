// Krippendorff's α and Cohen's κ against published worked examples, the bootstrap interval, and the workbench's
// agreement report (pairs, α, scores against gold, the verdict sentences) on a small hand-made run.
import { describe, expect, it } from "vitest";
import { REVIEW_FIELDS, type ReviewField } from "../../contract/workbench";
import { agreement, bootstrapInterval, krippendorffAlpha } from "../../server/annotation/metrics";
import { computeAgreement } from "../../server/workbench/agreement";
import type { AgreementData } from "../../server/workbench/store";

/** Rows of a coders × units matrix (null = missing) turned into units of present values. */
function unitsOf(matrix: (number | null)[][]): string[][] {
  const width = matrix[0]!.length;
  return Array.from({ length: width }, (_, u) =>
    matrix
      .map((coder) => coder[u])
      .filter((v): v is number => v !== null)
      .map(String),
  );
}

describe("Krippendorff's α (nominal)", () => {
  it("gives 0.743 on the nominal example with missing data of Krippendorff (2011), 4 observers × 12 units", () => {
    // "Computing Krippendorff's Alpha-Reliability" (2011), example C: observers A–D, units 1–12, "." missing.
    const _ = null;
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    expect(krippendorffAlpha(unitsOf(data))).toBeCloseTo(0.7434, 4);
  });

  it("gives 0.095 on the binary two-observer example of Krippendorff (2011)", () => {
    // Example A of the same paper: 2 observers, 10 units, no missing data.
    const data = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ];
    expect(krippendorffAlpha(unitsOf(data))).toBeCloseTo(0.095, 3);
  });

  it("is 1 for perfect agreement, null without a pairable unit or variation", () => {
    expect(
      krippendorffAlpha([
        ["a", "a"],
        ["b", "b", "b"],
      ]),
    ).toBe(1);
    expect(krippendorffAlpha([["a"], ["b"]])).toBeNull();
    expect(
      krippendorffAlpha([
        ["a", "a"],
        ["a", "a"],
      ]),
    ).toBeNull();
  });
});

describe("Cohen's κ", () => {
  it("gives 0.4 on the textbook 2 × 2 example (20 yes–yes, 5 yes–no, 10 no–yes, 15 no–no)", () => {
    const a = [...Array(25).fill("da"), ...Array(25).fill("nu")];
    const b = [
      ...Array(20).fill("da"),
      ...Array(5).fill("nu"),
      ...Array(10).fill("da"),
      ...Array(15).fill("nu"),
    ];
    expect(agreement(a, b).kappa).toBeCloseTo(0.4, 10);
  });
});

describe("bootstrapInterval", () => {
  it("brackets the statistic, is reproducible for a seed, and skips undefined resamples", () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const mean = (picks: number[]) => picks.reduce((s, p) => s + values[p]!, 0) / picks.length;
    const first = bootstrapInterval(values.length, mean, { resamples: 500, seed: 7 })!;
    const again = bootstrapInterval(values.length, mean, { resamples: 500, seed: 7 })!;
    expect(first).toEqual(again);
    expect(first.low).toBeLessThan(0.25);
    expect(first.high).toBeGreaterThan(0.25);
    expect(bootstrapInterval(10, () => null, { resamples: 50 })).toBeNull();
  });
});

function columns(values: Partial<Record<ReviewField, (string | null)[]>>, n: number) {
  return Object.fromEntries(
    REVIEW_FIELDS.map((f) => [f, values[f] ?? new Array<string | null>(n).fill(null)]),
  ) as Record<ReviewField, (string | null)[]>;
}

describe("the workbench's agreement report", () => {
  // 12 rows: a verdict needs at least MIN_AGREEMENT_ROWS (10) rows that two people share.
  const n = 12;
  const more = ["pozitiv", "neutru", "negativ", "neutru"];
  const ana = ["negativ", "negativ", "pozitiv", "neutru", "negativ", "pozitiv", "neutru", "negativ", ...more];
  const ion = [
    "negativ",
    "negativ",
    "pozitiv",
    "neutru",
    "negativ",
    "pozitiv",
    "negativ",
    "negativ",
    ...more,
  ];
  const good = [
    "negativ",
    "negativ",
    "pozitiv",
    "neutru",
    "negativ",
    "pozitiv",
    "neutru",
    "negativ",
    ...more,
  ];
  const poor = ["pozitiv", "neutru", "negativ", "negativ", "pozitiv", "neutru", "pozitiv", "neutru"];
  poor.push("negativ", "pozitiv", "pozitiv", "pozitiv");
  const data: AgreementData = {
    idxs: Array.from({ length: n }, (_, i) => i),
    models: {
      "offline:lexicon": [columns({ ton: good }, n)],
      "openai-compatible:slab": [
        columns({ ton: poor }, n),
        columns({ ton: [...poor.slice(0, n - 1), "negativ"] }, n),
      ],
    },
    humans: { Ana: columns({ ton: ana }, n), Ion: columns({ ton: ion }, n) },
    gold: columns({ ton: good }, n),
    adjudicated: columns({}, n),
  };

  it("computes every pair, α and the scores against gold, and says which model reaches the people's agreement", async () => {
    const report = await computeAgreement(data, { resamples: 200, seed: 42 });
    const ton = report.fields.find((f) => f.field === "ton")!;
    const pair = ton.pairs.find((p) => p.a === "human:Ana" && p.b === "human:Ion")!;
    expect(pair.kind).toBe("human-human");
    expect(pair.n).toBe(12);
    expect(pair.kappa.value).toBeCloseTo(agreement(ana, ion).kappa!, 4);
    expect(pair.kappa.low).not.toBeNull();
    expect(ton.pairs.some((p) => p.kind === "run-run" && p.a === "model:openai-compatible:slab")).toBe(true);
    expect(ton.alphaHumans.coders).toBe(2);
    expect(ton.alphaHumans.value).toBeCloseTo(krippendorffAlpha(ana.map((a, i) => [a, ion[i]!]))!, 4);
    expect(ton.alphaRuns["openai-compatible:slab"]).toBeDefined();
    expect(ton.reference).toBe("gold");
    const lexicon = ton.vsReference.find((s) => s.coder === "model:offline:lexicon")!;
    expect(lexicon.accuracy.value).toBe(1);
    const good_ = report.verdicts.find((v) => v.model === "offline:lexicon" && v.field === "ton")!;
    const poor_ = report.verdicts.find((v) => v.model === "openai-compatible:slab" && v.field === "ton")!;
    expect(good_.reaches).toBe(true);
    expect(poor_.reaches).toBe(false);
    expect(good_.ro).toContain("atinge acordul dintre oameni");
    expect(poor_.en).toContain("does not reach");
    expect(report.summary.ro).toContain("offline:lexicon atinge");
    expect(report.n).toBe(12);
    // Fields nobody labelled have no verdict that claims anything.
    expect(report.verdicts.find((v) => v.field === "tema")!.reaches).toBeNull();
  });

  it("gives each coder's confusion matrix against the reference (gold here), rows the reference's labels", async () => {
    const report = await computeAgreement(data, { resamples: 0, seed: 42 });
    const ton = report.fields.find((f) => f.field === "ton")!;
    const slab = ton.vsReference.find((s) => s.coder === "model:openai-compatible:slab")!;
    const { labels, counts } = slab.confusion!;
    expect(labels).toEqual(expect.arrayContaining(["pozitiv", "neutru", "negativ"]));
    const expected = labels.map(() => labels.map(() => 0));
    for (let i = 0; i < n; i++) expected[labels.indexOf(good[i]!)]![labels.indexOf(poor[i]!)]!++;
    expect(counts).toEqual(expected);
    const lexicon = ton.vsReference.find((s) => s.coder === "model:offline:lexicon")!;
    const diagonal = lexicon.confusion!.counts.reduce((sum, row, i) => sum + row[i]!, 0);
    expect(diagonal).toBe(n);
  });

  it("gives the same intervals for the same seed", async () => {
    const a = await computeAgreement(data, { resamples: 100, seed: 3 });
    const b = await computeAgreement(data, { resamples: 100, seed: 3 });
    expect(a.fields[0]!.pairs[0]!.kappa).toEqual(b.fields[0]!.pairs[0]!.kappa);
  });
});
