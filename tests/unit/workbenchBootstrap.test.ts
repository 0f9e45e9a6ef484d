// The agreement report's fast bootstraps (contingency tables over label codes) against the generic ones of
// metrics.ts on the same seeds: the same intervals, to the last digit, for κ, the mean κ over pairs, α and the scores
// against a reference; and a 10,000-row report that gives the event loop back while it computes.
import { describe, expect, it } from "vitest";
import { REVIEW_FIELD_VALUES, REVIEW_FIELDS, type ReviewField } from "../../contract/workbench";
import {
  agreement,
  bootstrap,
  bootstrapInterval,
  krippendorffAlpha,
  seededRandom,
} from "../../server/annotation/metrics";
import { computeAgreement } from "../../server/workbench/agreement";
import {
  AlphaUnits,
  kappaInterval,
  meanKappaInterval,
  referenceIntervals,
} from "../../server/workbench/bootstrap";
import type { AgreementData } from "../../server/workbench/store";

const TEMA = REVIEW_FIELD_VALUES.tema;

/** A column of labels from `labels`, agreeing with `base` about `agree` of the time, missing about `missing`. */
function column(
  random: () => number,
  n: number,
  labels: readonly string[],
  base?: (string | null)[],
  agree = 0.7,
  missing = 0.2,
): (string | null)[] {
  return Array.from({ length: n }, (_, i) => {
    if (random() < missing) return null;
    if (base?.[i] && random() < agree) return base[i]!;
    return labels[Math.floor(random() * labels.length)]!;
  });
}

const both = (a: (string | null)[], b: (string | null)[]) =>
  a.flatMap((v, i) => (v !== null && b[i] !== null ? [i] : []));

describe("the fast bootstraps give metrics.ts's intervals", () => {
  const random = seededRandom(3);
  const n = 300;
  const a = column(random, n, TEMA);
  const b = column(random, n, TEMA, a);
  const c = column(random, n, TEMA, a, 0.5);
  const options = { resamples: 300, seed: 42 };

  it("κ of a pair", async () => {
    const rows = both(a, b);
    const kappaOn = (picks: number[]) =>
      agreement(
        picks.map((p) => a[rows[p]!]!),
        picks.map((p) => b[rows[p]!]!),
        TEMA,
      ).kappa;
    expect(await kappaInterval(a, b, rows, TEMA, options)).toEqual(
      bootstrapInterval(rows.length, kappaOn, options),
    );
  });

  it("the mean κ over pairs", async () => {
    const pairs: [(string | null)[], (string | null)[]][] = [
      [a, b],
      [a, c],
      [b, c],
    ];
    const all = Array.from({ length: n }, (_, i) => i).filter((i) =>
      pairs.some(([x, y]) => x[i] !== null && y[i] !== null),
    );
    const meanOn = (rows: number[]) => {
      const values: number[] = [];
      for (const [x, y] of pairs) {
        const shared = rows.filter((i) => x[i] !== null && y[i] !== null);
        if (shared.length === 0) continue;
        const k = agreement(
          shared.map((i) => x[i]!),
          shared.map((i) => y[i]!),
          TEMA,
        ).kappa;
        if (k !== null) values.push(k);
      }
      return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
    };
    expect(await meanKappaInterval(pairs, all, TEMA, options)).toEqual(
      bootstrapInterval(all.length, (picks) => meanOn(picks.map((p) => all[p]!)), options),
    );
  });

  it("Krippendorff's α, and the published value of Krippendorff (2011), example C", async () => {
    const units = Array.from({ length: n }, (_, i) =>
      [a[i], b[i], c[i]].filter((v): v is string => v !== null),
    ).filter((unit) => unit.length >= 2);
    const coded = new AlphaUnits([a, b, c]);
    expect(coded.count).toBe(units.length);
    expect(coded.value()).toBe(krippendorffAlpha(units));
    expect(await coded.interval(options)).toEqual(
      bootstrapInterval(units.length, (picks) => krippendorffAlpha(picks.map((p) => units[p]!)), options),
    );
    // 4 observers × 12 units with missing data ("." as null): α = 0.743.
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ].map((row) => row.map((v) => (v === null ? null : String(v))));
    expect(new AlphaUnits(observers).value()).toBeCloseTo(0.7434, 4);
  });

  it("accuracy, macro-F1 and κ against a reference, a missing prediction counting as wrong", async () => {
    const rows = a.flatMap((v, i) => (v !== null ? [i] : []));
    const gold = rows.map((i) => a[i]!);
    const guess = rows.map((i) => b[i] ?? null);
    const expected = bootstrap(gold, guess, { ...options, order: TEMA });
    expect(await referenceIntervals(gold, guess, TEMA, options)).toEqual({
      accuracy: expected.accuracy,
      macroF1: expected.macroF1,
      kappa: expected.kappa,
    });
  });
});

describe("the agreement report on 10,000 rows", () => {
  it("computes with 1,000 resamples, offering the event loop a turn between resamples", async () => {
    const random = seededRandom(11);
    const n = 10_000;
    const fields = (make: (field: ReviewField) => (string | null)[]) =>
      Object.fromEntries(REVIEW_FIELDS.map((f) => [f, make(f)])) as Record<ReviewField, (string | null)[]>;
    const truth = fields((f) => column(random, n, REVIEW_FIELD_VALUES[f], undefined, 0, 0));
    const model = () => fields((f) => column(random, n, REVIEW_FIELD_VALUES[f], truth[f], 0.8, 0.01));
    const person = (from: number) =>
      fields((f) => truth[f].map((v, i) => (i >= from && i < from + 150 ? v : null)));
    const data: AgreementData = {
      idxs: Array.from({ length: n }, (_, i) => i),
      models: { "offline:lexicon": [model(), model()], "openai:gpt-4o-mini": [model()] },
      humans: { Ana: person(0), Ion: person(50), Maria: person(100) },
      gold: fields((f) => (f === "ton" ? truth.ton : new Array<string | null>(n).fill(null))),
      adjudicated: fields(() => new Array<string | null>(n).fill(null)),
    };
    // Its speed is measured by bench:workbench (agreement cold / again / after a label); here, that it yields.
    let slices = 0;
    const slice = async () => {
      slices++;
      if (slices % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    const report = await computeAgreement(data, { resamples: 1000, seed: 42, slice });
    const ton = report.fields.find((f) => f.field === "ton")!;
    expect(ton.pairs.find((p) => p.kind === "model-model")!.kappa.low).not.toBeNull();
    expect(ton.vsReference.find((r) => r.coder === "model:offline:lexicon")!.accuracy.low).not.toBeNull();
    expect(report.verdicts).toHaveLength(2 * REVIEW_FIELDS.length);
    // Every bootstrap (pairs, α, scores against gold, per field) awaits the slice once per resample at least.
    expect(slices).toBeGreaterThanOrEqual(1000 * REVIEW_FIELDS.length);
  }, 60_000);
});
