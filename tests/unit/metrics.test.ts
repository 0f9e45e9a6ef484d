// Agreement statistics against values computed by hand, and a bootstrap that gives the same interval for a seed.
import { describe, expect, it } from "vitest";
import {
  INVALID,
  agreement,
  bootstrap,
  fleissKappa,
  identicalShare,
  seededRandom,
} from "../../server/annotation/metrics";

const TONES = ["pozitiv", "negativ", "neutru"] as const;

describe("agreement with gold labels", () => {
  // Ten items, computed by hand:
  //
  //   gold \ predicted   pozitiv  negativ  neutru | gold total
  //   pozitiv               2        0        1   |   3
  //   negativ               1        3        0   |   4
  //   neutru                1        0        2   |   3
  //   predicted total       4        3        3   |  10
  //
  //   accuracy  = (2 + 3 + 2) / 10 = 0.7
  //   pozitiv:  P = 2/4 = 0.5,  R = 2/3,  F1 = 2·0.5·(2/3) / (0.5 + 2/3) = 4/7
  //   negativ:  P = 3/3 = 1,    R = 3/4,  F1 = 2·1·0.75 / 1.75         = 6/7
  //   neutru:   P = 2/3,        R = 2/3,  F1 = 2/3
  //   macro-F1  = (4/7 + 6/7 + 2/3) / 3 = 44/63
  //   chance pe = (3·4 + 4·3 + 3·3) / 100 = 0.33
  //   κ         = (0.7 − 0.33) / (1 − 0.33) = 37/67
  const gold = [
    "pozitiv",
    "pozitiv",
    "pozitiv",
    "negativ",
    "negativ",
    "negativ",
    "negativ",
    "neutru",
    "neutru",
    "neutru",
  ];
  const predicted = [
    "pozitiv",
    "pozitiv",
    "neutru",
    "negativ",
    "negativ",
    "negativ",
    "pozitiv",
    "neutru",
    "neutru",
    "pozitiv",
  ];

  it("matches the hand-computed accuracy, per-class scores, macro-F1 and Cohen's κ", () => {
    const a = agreement(gold, predicted, TONES);
    expect(a.n).toBe(10);
    expect(a.accuracy).toBeCloseTo(0.7, 12);
    expect(a.perClass.pozitiv).toMatchObject({ support: 3 });
    expect(a.perClass.pozitiv!.precision).toBeCloseTo(0.5, 12);
    expect(a.perClass.pozitiv!.recall).toBeCloseTo(2 / 3, 12);
    expect(a.perClass.pozitiv!.f1).toBeCloseTo(4 / 7, 12);
    expect(a.perClass.negativ!.precision).toBeCloseTo(1, 12);
    expect(a.perClass.negativ!.recall).toBeCloseTo(0.75, 12);
    expect(a.perClass.negativ!.f1).toBeCloseTo(6 / 7, 12);
    expect(a.perClass.neutru!.f1).toBeCloseTo(2 / 3, 12);
    expect(a.macroF1).toBeCloseTo(44 / 63, 12);
    expect(a.kappa).toBeCloseTo(37 / 67, 12);
  });

  it("lays out the confusion matrix as gold rows and predicted columns, in the given class order", () => {
    const a = agreement(gold, predicted, TONES);
    expect(a.classes).toEqual(["pozitiv", "negativ", "neutru"]);
    expect(a.confusion).toEqual({
      pozitiv: { pozitiv: 2, negativ: 0, neutru: 1, [INVALID]: 0 },
      negativ: { pozitiv: 1, negativ: 3, neutru: 0, [INVALID]: 0 },
      neutru: { pozitiv: 1, negativ: 0, neutru: 2, [INVALID]: 0 },
    });
  });

  it("counts an invalid prediction as wrong and as a column of its own", () => {
    // Four items: gold a a b b, predicted a (invalid) b b.
    // accuracy 3/4; a: P = 1/1, R = 1/2, F1 = 2/3; b: P = 1, R = 1, F1 = 1; macro-F1 = 5/6.
    // pe = (2·1 + 2·2) / 16 = 6/16 (the invalid prediction agrees with nothing by chance); κ = (0.75 − 0.375) / 0.625 = 0.6
    const a = agreement(["a", "a", "b", "b"], ["a", null, "b", "b"]);
    expect(a.accuracy).toBeCloseTo(0.75, 12);
    expect(a.macroF1).toBeCloseTo(5 / 6, 12);
    expect(a.kappa).toBeCloseTo(0.6, 12);
    expect(a.confusion.a).toEqual({ a: 1, b: 0, [INVALID]: 1 });
  });

  it("gives κ = 1 for perfect agreement and κ = null when chance agreement is total", () => {
    expect(agreement(["a", "b", "a"], ["a", "b", "a"]).kappa).toBeCloseTo(1, 12);
    expect(agreement(["a", "a"], ["a", "a"]).kappa).toBeNull();
  });

  it("gives κ = 0 when predictions are independent of gold", () => {
    // Gold a a b b, predicted a b a b: po = 0.5, pe = 0.5·0.5 + 0.5·0.5 = 0.5, κ = 0.
    expect(agreement(["a", "a", "b", "b"], ["a", "b", "a", "b"]).kappa).toBeCloseTo(0, 12);
  });
});

describe("run-to-run agreement", () => {
  it("matches a hand-computed Fleiss' κ (4 items, 3 runs, 2 categories)", () => {
    // Counts per item (a, b): (3,0) (2,1) (0,3) (1,2).
    // P_i = (Σ n_ij² − 3) / (3·2): 1, 1/3, 1, 1/3 → P̄ = 2/3.
    // p_a = (3+2+0+1)/12 = 0.5, p_b = 0.5 → P̄e = 0.5.  κ = (2/3 − 1/2) / (1 − 1/2) = 1/3.
    const ratings = [
      ["a", "a", "a"],
      ["a", "a", "b"],
      ["b", "b", "b"],
      ["a", "b", "b"],
    ];
    expect(fleissKappa(ratings)).toBeCloseTo(1 / 3, 12);
    expect(identicalShare(ratings)).toBeCloseTo(0.5, 12);
  });

  it("matches a hand-computed Fleiss' κ with three categories", () => {
    // 5 items, 2 runs: (x,x) (x,y) (y,y) (z,z) (z,x).
    // P_i: 1, 0, 1, 1, 0 → P̄ = 3/5.  p_x = 4/10, p_y = 3/10, p_z = 3/10 → P̄e = 0.16 + 0.09 + 0.09 = 0.34.
    // κ = (0.6 − 0.34) / 0.66 = 13/33.
    const ratings = [
      ["x", "x"],
      ["x", "y"],
      ["y", "y"],
      ["z", "z"],
      ["z", "x"],
    ];
    expect(fleissKappa(ratings)).toBeCloseTo(13 / 33, 12);
  });

  it("is 1 when every run agrees on varied labels, and null when every label is the same", () => {
    expect(
      fleissKappa([
        ["a", "a"],
        ["b", "b"],
      ]),
    ).toBeCloseTo(1, 12);
    expect(
      fleissKappa([
        ["a", "a"],
        ["a", "a"],
      ]),
    ).toBeNull();
  });

  it("refuses items rated a different number of times", () => {
    expect(() => fleissKappa([["a", "a"], ["a"]])).toThrow();
  });
});

describe("bootstrap intervals", () => {
  const gold = Array.from({ length: 60 }, (_, i) => TONES[i % 3]!);
  const predicted = gold.map((g, i) =>
    i % 4 === 0 ? TONES[(TONES.indexOf(g as (typeof TONES)[number]) + 1) % 3]! : g,
  );

  it("are identical for the same seed and differ for another", () => {
    const first = bootstrap(gold, predicted, { resamples: 300, seed: 7 });
    const again = bootstrap(gold, predicted, { resamples: 300, seed: 7 });
    const other = bootstrap(gold, predicted, { resamples: 300, seed: 8 });
    expect(again).toEqual(first);
    expect(other.accuracy).not.toEqual(first.accuracy);
  });

  it("contain the point estimate and stay within [0, 1]", () => {
    const point = agreement(gold, predicted);
    const ci = bootstrap(gold, predicted, { resamples: 500, seed: 1 });
    expect(ci.accuracy!.low).toBeLessThanOrEqual(point.accuracy);
    expect(ci.accuracy!.high).toBeGreaterThanOrEqual(point.accuracy);
    expect(ci.accuracy!.low).toBeGreaterThanOrEqual(0);
    expect(ci.accuracy!.high).toBeLessThanOrEqual(1);
    expect(ci.kappa!.low).toBeLessThanOrEqual(point.kappa!);
    expect(ci.macroF1!.high).toBeGreaterThan(ci.macroF1!.low);
  });

  it("draws from a seeded generator that repeats itself", () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const drawsA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(drawsA);
    for (const x of drawsA) expect(x >= 0 && x < 1).toBe(true);
  });
});
