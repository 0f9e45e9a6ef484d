// Agreement statistics for annotation: accuracy, per-class precision/recall/F1, macro-F1, Cohen's κ, Fleiss' κ for
// several runs, and seeded bootstrap intervals. Pure functions over label arrays; no I/O.

/** A label a rater gave; `null` is an invalid output (missing, unparseable, outside the allowed values). */
export type Label = string | null;

/** The column of invalid predictions in a confusion matrix. */
export const INVALID = "(invalid)";

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Gold items of this class. */
  support: number;
}

export interface Agreement {
  n: number;
  accuracy: number;
  /** Mean F1 over the classes that occur in the gold labels or the valid predictions. */
  macroF1: number;
  /** Cohen's κ; null when chance agreement is 1 (both sides used one and the same class only). */
  kappa: number | null;
  perClass: Record<string, ClassScores>;
  /** confusion[gold][predicted]; invalid predictions in the INVALID column. */
  confusion: Record<string, Record<string, number>>;
  /** The class order used (gold and predicted classes, sorted as given or alphabetically). */
  classes: string[];
}

function orderedClasses(gold: string[], predicted: Label[], order?: readonly string[]): string[] {
  const present = new Set<string>(gold);
  for (const p of predicted) if (p !== null) present.add(p);
  const known = (order ?? []).filter((c) => present.has(c));
  const rest = [...present].filter((c) => !known.includes(c)).sort();
  return [...known, ...rest];
}

/**
 * Agreement of predictions with gold labels, item by item. An invalid prediction (null) counts as wrong: it lowers
 * accuracy and recall, and it is a category of its own for κ.
 */
export function agreement(gold: string[], predicted: Label[], order?: readonly string[]): Agreement {
  if (gold.length !== predicted.length) throw new Error("agreement: gold and predicted differ in length");
  const n = gold.length;
  const classes = orderedClasses(gold, predicted, order);
  const columns = [...classes, INVALID];
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of classes) confusion[g] = Object.fromEntries(columns.map((c) => [c, 0]));
  for (let i = 0; i < n; i++) {
    const row = confusion[gold[i]!]!;
    const p = predicted[i] ?? INVALID;
    row[p] = (row[p] ?? 0) + 1;
  }
  const goldCount = (c: string) => columns.reduce((sum, p) => sum + (confusion[c]?.[p] ?? 0), 0);
  const predCount = (c: string) => classes.reduce((sum, g) => sum + (confusion[g]?.[c] ?? 0), 0);

  let correct = 0;
  const perClass: Record<string, ClassScores> = {};
  for (const c of classes) {
    const tp = confusion[c]?.[c] ?? 0;
    correct += tp;
    const support = goldCount(c);
    const predictedAs = predCount(c);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision, recall, f1, support };
  }
  const accuracy = n === 0 ? 0 : correct / n;
  const macroF1 =
    classes.length === 0 ? 0 : classes.reduce((sum, c) => sum + perClass[c]!.f1, 0) / classes.length;
  // Chance agreement from the two marginals; invalid predictions never agree with a gold class by chance.
  const expected = n === 0 ? 0 : classes.reduce((sum, c) => sum + (goldCount(c) / n) * (predCount(c) / n), 0);
  const kappa = n === 0 || expected === 1 ? null : (accuracy - expected) / (1 - expected);
  return { n, accuracy, macroF1, kappa, perClass, confusion, classes };
}

/**
 * Fleiss' κ for items each rated by the same number of raters (here: the runs of one model). `ratings[i]` holds the
 * labels item i got. Null when expected agreement is 1 (every rating the same class) or there is nothing to rate.
 */
export function fleissKappa(ratings: string[][]): number | null {
  const items = ratings.filter((r) => r.length > 0);
  if (items.length === 0) return null;
  const raters = items[0]!.length;
  if (raters < 2 || items.some((r) => r.length !== raters)) {
    throw new Error("fleissKappa: every item needs the same number (≥ 2) of ratings");
  }
  const totals = new Map<string, number>();
  let meanAgreement = 0;
  for (const item of items) {
    const counts = new Map<string, number>();
    for (const label of item) counts.set(label, (counts.get(label) ?? 0) + 1);
    let sumSquares = 0;
    for (const [label, count] of counts) {
      sumSquares += count * count;
      totals.set(label, (totals.get(label) ?? 0) + count);
    }
    meanAgreement += (sumSquares - raters) / (raters * (raters - 1));
  }
  meanAgreement /= items.length;
  let expected = 0;
  for (const count of totals.values()) expected += (count / (items.length * raters)) ** 2;
  if (expected === 1) return null;
  return (meanAgreement - expected) / (1 - expected);
}

/** Share of items on which every rating is the same label. */
export function identicalShare(ratings: string[][]): number {
  const items = ratings.filter((r) => r.length > 0);
  if (items.length === 0) return 0;
  return items.filter((r) => r.every((label) => label === r[0])).length / items.length;
}

/** mulberry32: a small seeded generator, so that bootstrap intervals are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapIntervals {
  accuracy: Interval | null;
  macroF1: Interval | null;
  kappa: Interval | null;
  resamples: number;
  seed: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function interval(values: number[]): Interval | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { low: percentile(sorted, 0.025), high: percentile(sorted, 0.975) };
}

/**
 * Percentile bootstrap 95% intervals: items are resampled with replacement `resamples` times and the statistics
 * recomputed; resamples where κ is undefined are left out of κ's interval.
 */
export function bootstrap(
  gold: string[],
  predicted: Label[],
  options: { resamples?: number; seed?: number; order?: readonly string[] } = {},
): BootstrapIntervals {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 42;
  const random = seededRandom(seed);
  const n = gold.length;
  const accuracy: number[] = [];
  const macroF1: number[] = [];
  const kappa: number[] = [];
  if (n > 0) {
    const g: string[] = new Array<string>(n);
    const p: Label[] = new Array<Label>(n);
    for (let r = 0; r < resamples; r++) {
      for (let i = 0; i < n; i++) {
        const j = Math.floor(random() * n);
        g[i] = gold[j]!;
        p[i] = predicted[j] ?? null;
      }
      const a = agreement(g, p, options.order);
      accuracy.push(a.accuracy);
      macroF1.push(a.macroF1);
      if (a.kappa !== null) kappa.push(a.kappa);
    }
  }
  return {
    accuracy: interval(accuracy),
    macroF1: interval(macroF1),
    kappa: interval(kappa),
    resamples,
    seed,
  };
}

/**
 * Krippendorff's α for nominal data, any number of coders, missing data allowed (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"). `units[u]` holds the labels unit u got, missing ones left out; units with fewer
 * than two labels are not pairable and do not count. Null when there is no pairable unit or every value is the same
 * (expected disagreement 0).
 */
export function krippendorffAlpha(units: readonly (readonly string[])[]): number | null {
  const totals = new Map<string, number>();
  let n = 0;
  let observed = 0;
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const label of unit) counts.set(label, (counts.get(label) ?? 0) + 1);
    let sameSquares = 0;
    for (const [label, count] of counts) {
      sameSquares += count * count;
      totals.set(label, (totals.get(label) ?? 0) + count);
    }
    // Pairs of different values within the unit, each pair weighted 1/(m − 1).
    observed += (m * m - sameSquares) / (m - 1);
    n += m;
  }
  if (n === 0) return null;
  let totalSquares = 0;
  for (const count of totals.values()) totalSquares += count * count;
  const expected = n * n - totalSquares;
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * A percentile bootstrap 95% interval of any statistic over n units: the units are resampled with replacement and the
 * statistic recomputed on each resample (resamples where it is undefined are left out). Seeded like `bootstrap`.
 */
export function bootstrapInterval(
  n: number,
  statistic: (indexes: number[]) => number | null,
  options: { resamples?: number; seed?: number } = {},
): Interval | null {
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 42);
  if (n === 0 || resamples === 0) return null;
  const values: number[] = [];
  const indexes = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indexes[i] = Math.floor(random() * n);
    const value = statistic(indexes);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  return interval(values);
}
