// Agreement statistics and their seeded percentile bootstraps of the agreement statistics over label codes: a resample tallies a small contingency
// table (or per-unit counts for α) instead of rebuilding label arrays and maps, so that 10,000 rows take milliseconds
// per statistic, not seconds. The draws are those of metrics.ts's `bootstrapInterval` and `bootstrap` (the same
// generator, consumed in the same order) and the statistics are summed in the same order, so the intervals are the
// same numbers. The loops give the event loop back (`slice`) between resamples.
import { seededRandom, type Interval } from "../annotation/metrics";

type Column = readonly (string | null)[];

export interface ResampleOptions {
  resamples: number;
  seed: number;
  /** Awaited between resamples (the job pool's slice: it yields only once a few milliseconds have passed). */
  slice?: () => Promise<void>;
}

function percentile(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** The 2.5th and 97.5th percentiles, as metrics.ts computes them; null without a value. */
export function percentileInterval(values: number[]): Interval | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { low: percentile(sorted, 0.025), high: percentile(sorted, 0.975) };
}

/**
 * The labels a statistic compares, in the order metrics.ts's `agreement` uses (the known order first, the rest
 * sorted): summing per class in this order reproduces its arithmetic exactly (absent classes add exact zeros).
 */
export class LabelCodes {
  readonly labels: string[];
  private readonly index = new Map<string, number>();

  constructor(order: readonly string[], columns: readonly Column[]) {
    const present = new Set<string>();
    for (const column of columns) for (const v of column) if (v !== null) present.add(v);
    const known = order.filter((c) => present.has(c));
    const rest = [...present].filter((c) => !order.includes(c)).sort();
    this.labels = [...known, ...rest];
    this.labels.forEach((label, i) => this.index.set(label, i));
  }

  get size(): number {
    return this.labels.length;
  }

  code(label: string | null): number {
    return label === null ? -1 : this.index.get(label)!;
  }
}

/**
 * Runs `resamples` resamples of `n` units: each draws n unit positions with replacement (the same draws, in the same
 * order, as metrics.ts) and `statistic` reads them; null or non-finite values are left out, as in metrics.ts. The
 * statistic runs once per resample over a typed array, so its inner loop stays tight.
 */
async function resampled(
  n: number,
  options: ResampleOptions,
  statistic: (picks: Int32Array) => number | null,
): Promise<number[]> {
  const values: number[] = [];
  if (n === 0 || options.resamples === 0) return values;
  const random = seededRandom(options.seed);
  const picks = new Int32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    for (let i = 0; i < n; i++) picks[i] = Math.floor(random() * n);
    const value = statistic(picks);
    if (value !== null && Number.isFinite(value)) values.push(value);
    await options.slice?.();
  }
  return values;
}

/** Counts each drawn unit's cell (a code pair flattened) into `counts`; cells below 0 are skipped. */
function tally(counts: Float64Array, cells: Int32Array, picks: Int32Array): number {
  counts.fill(0);
  let n = 0;
  for (let i = 0; i < picks.length; i++) {
    const cell = cells[picks[i]!]!;
    if (cell < 0) continue;
    counts[cell]!++;
    n++;
  }
  return n;
}

/** Cohen's κ of a k × k table of counts (row: one coder, column: the other), as metrics.ts's `agreement`. */
function kappaOf(counts: Float64Array, k: number, n: number): number | null {
  if (n === 0) return null;
  let correct = 0;
  for (let c = 0; c < k; c++) correct += counts[c * k + c]!;
  const accuracy = correct / n;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    let rows = 0;
    let columns = 0;
    for (let j = 0; j < k; j++) {
      rows += counts[c * k + j]!;
      columns += counts[j * k + c]!;
    }
    expected += (rows / n) * (columns / n);
  }
  return expected === 1 ? null : (accuracy - expected) / (1 - expected);
}

/** The interval of κ between two coders over the given rows (positions into the columns; both labelled). */
export async function kappaInterval(
  a: Column,
  b: Column,
  rows: readonly number[],
  order: readonly string[],
  options: ResampleOptions,
): Promise<Interval | null> {
  if (rows.length === 0 || options.resamples === 0) return null;
  const codes = new LabelCodes(order, [rows.map((i) => a[i]!), rows.map((i) => b[i]!)]);
  const k = codes.size;
  const cells = Int32Array.from(rows, (i) => codes.code(a[i]!) * k + codes.code(b[i]!));
  const counts = new Float64Array(k * k);
  const values = await resampled(rows.length, options, (picks) =>
    kappaOf(counts, k, tally(counts, cells, picks)),
  );
  return percentileInterval(values);
}

/**
 * The interval of the mean κ over pairs of coders, resampling the given rows: each pair counts the drawn rows both of
 * its coders labelled (a pair with no such row, or an undefined κ, is left out of that resample's mean).
 */
export async function meanKappaInterval(
  pairs: readonly (readonly [Column, Column])[],
  rows: readonly number[],
  order: readonly string[],
  options: ResampleOptions,
): Promise<Interval | null> {
  if (rows.length === 0 || options.resamples === 0) return null;
  const codes = new LabelCodes(order, pairs.flat());
  const k = codes.size;
  const cells = pairs.map(([a, b]) =>
    Int32Array.from(rows, (i) =>
      a[i] !== null && b[i] !== null ? codes.code(a[i]) * k + codes.code(b[i]) : -1,
    ),
  );
  const counts = pairs.map(() => new Float64Array(k * k));
  const values = await resampled(rows.length, options, (picks) => {
    let sum = 0;
    let defined = 0;
    for (let p = 0; p < pairs.length; p++) {
      const kappa = kappaOf(counts[p]!, k, tally(counts[p]!, cells[p]!, picks));
      if (kappa === null) continue;
      sum += kappa;
      defined++;
    }
    return defined ? sum / defined : null;
  });
  return percentileInterval(values);
}

/**
 * Krippendorff's α (nominal) of several coders' columns, as metrics.ts's `krippendorffAlpha` computes it over the
 * units (rows) that at least two coders labelled, and its interval over resamples of those units. The units are
 * coded once: per unit its size, its observed-disagreement term and [code, count, …] of its labels (a unit has one
 * label per coder, so counting them pairwise beats a Map per unit).
 */
export class AlphaUnits {
  private readonly sizes: Float64Array;
  private readonly observed: Float64Array;
  private readonly labelCounts: number[][] = [];
  private readonly totals: Float64Array;

  constructor(columns: readonly Column[]) {
    const codes = new LabelCodes([], columns);
    const rows = columns[0]?.length ?? 0;
    const sizes: number[] = [];
    const observed: number[] = [];
    for (let i = 0; i < rows; i++) {
      const counts: number[] = [];
      let m = 0;
      for (const column of columns) {
        const value = column[i];
        if (value === null || value === undefined) continue;
        const code = codes.code(value);
        m++;
        let at = 0;
        while (at < counts.length && counts[at] !== code) at += 2;
        if (at < counts.length) counts[at + 1]!++;
        else counts.push(code, 1);
      }
      if (m < 2) continue;
      let sameSquares = 0;
      for (let c = 1; c < counts.length; c += 2) sameSquares += counts[c]! * counts[c]!;
      sizes.push(m);
      observed.push((m * m - sameSquares) / (m - 1));
      this.labelCounts.push(counts);
    }
    this.sizes = Float64Array.from(sizes);
    this.observed = Float64Array.from(observed);
    this.totals = new Float64Array(codes.size);
  }

  /** Units that at least two coders labelled. */
  get count(): number {
    return this.sizes.length;
  }

  /** α of the drawn units (in the order drawn, as metrics.ts sums them); null without pairable units or variation. */
  private of(picks: Int32Array): number | null {
    const totals = this.totals;
    totals.fill(0);
    let n = 0;
    let disagreement = 0;
    for (let i = 0; i < picks.length; i++) {
      const u = picks[i]!;
      n += this.sizes[u]!;
      disagreement += this.observed[u]!;
      const counts = this.labelCounts[u]!;
      for (let c = 0; c < counts.length; c += 2) totals[counts[c]!]! += counts[c + 1]!;
    }
    if (n === 0) return null;
    let totalSquares = 0;
    for (let c = 0; c < totals.length; c++) totalSquares += totals[c]! * totals[c]!;
    const expected = n * n - totalSquares;
    return expected === 0 ? null : 1 - ((n - 1) * disagreement) / expected;
  }

  value(): number | null {
    return this.of(Int32Array.from({ length: this.count }, (_, i) => i));
  }

  async interval(options: ResampleOptions): Promise<Interval | null> {
    if (this.count === 0 || options.resamples === 0) return null;
    return percentileInterval(await resampled(this.count, options, (picks) => this.of(picks)));
  }
}

/**
 * Intervals of accuracy, macro-F1 and κ of predictions against a reference (a null prediction is wrong and a class of
 * its own for κ), as metrics.ts's `bootstrap`: macro-F1 averages over the classes present in each resample.
 */
export async function referenceIntervals(
  reference: readonly string[],
  predicted: Column,
  order: readonly string[],
  options: ResampleOptions,
): Promise<{ accuracy: Interval | null; macroF1: Interval | null; kappa: Interval | null }> {
  if (reference.length === 0 || options.resamples === 0)
    return { accuracy: null, macroF1: null, kappa: null };
  const codes = new LabelCodes(order, [reference, predicted]);
  const k = codes.size;
  const width = k + 1; // the last column holds invalid predictions
  const cells = Int32Array.from(reference, (g, i) => {
    const p = predicted[i] ?? null;
    return codes.code(g) * width + (p === null ? k : codes.code(p));
  });
  const counts = new Float64Array(k * width);
  const n = reference.length;
  const accuracy: number[] = [];
  const macroF1: number[] = [];
  const kappa: number[] = [];
  await resampled(n, options, (picks) => {
    tally(counts, cells, picks);
    let correct = 0;
    let f1Sum = 0;
    let classes = 0;
    let expected = 0;
    for (let c = 0; c < k; c++) {
      const tp = counts[c * width + c]!;
      let support = 0;
      for (let p = 0; p < width; p++) support += counts[c * width + p]!;
      let predictedAs = 0;
      for (let g = 0; g < k; g++) predictedAs += counts[g * width + c]!;
      if (support === 0 && predictedAs === 0) continue;
      correct += tp;
      classes++;
      const precision = predictedAs === 0 ? 0 : tp / predictedAs;
      const recall = support === 0 ? 0 : tp / support;
      f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      expected += (support / n) * (predictedAs / n);
    }
    accuracy.push(correct / n);
    macroF1.push(classes === 0 ? 0 : f1Sum / classes);
    if (expected !== 1) kappa.push((correct / n - expected) / (1 - expected));
    // The three statistics are collected here; the generic loop has nothing to keep.
    return null;
  });
  return {
    accuracy: percentileInterval(accuracy),
    macroF1: percentileInterval(macroF1),
    kappa: percentileInterval(kappa),
  };
}
