// Bradley–Terry strengths from pairwise preferences, with a tie counted as half a win each way, fitted by the
// minorisation–maximisation algorithm (Hunter 2004, "MM algorithms for generalized Bradley–Terry models", eq. 3), and
// 95% bootstrap intervals from resampling the comparisons. `smoothing` adds that many virtual ties per compared pair,
// so that a model that never won (or never lost) keeps a finite strength. Pure.

export interface Comparison {
  winner: string;
  loser: string;
  /** A tie: half a win to each. */
  tie?: boolean;
}

export interface FitOptions {
  /** Virtual ties added per compared pair (0 fits the plain maximum likelihood). */
  smoothing?: number;
  maxIterations?: number;
  tolerance?: number;
}

/** Strengths by model, summing to 1. Models that appear in no comparison are left out. */
export function fitBradleyTerry(
  comparisons: readonly Comparison[],
  options: FitOptions = {},
): Map<string, number> {
  const smoothing = options.smoothing ?? 0;
  const models = [...new Set(comparisons.flatMap((c) => [c.winner, c.loser]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const n = models.length;
  const wins = new Array<number>(n).fill(0);
  // games[i][j]: comparisons between i and j (ties included), plus the smoothing ties.
  const games = models.map(() => new Array<number>(n).fill(0));
  for (const c of comparisons) {
    const w = index.get(c.winner)!;
    const l = index.get(c.loser)!;
    games[w]![l]! += 1;
    games[l]![w]! += 1;
    if (c.tie) {
      wins[w]! += 0.5;
      wins[l]! += 0.5;
    } else wins[w]! += 1;
  }
  if (smoothing > 0) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (games[i]![j]! > 0) {
          games[i]![j]! += smoothing;
          games[j]![i]! += smoothing;
          wins[i]! += smoothing / 2;
          wins[j]! += smoothing / 2;
        }
  }
  let p = new Array<number>(n).fill(1 / Math.max(1, n));
  const maxIterations = options.maxIterations ?? 10_000;
  const tolerance = options.tolerance ?? 1e-10;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = p.map((pi, i) => {
      let denominator = 0;
      for (let j = 0; j < n; j++)
        if (j !== i && games[i]![j]! > 0) denominator += games[i]![j]! / (pi + p[j]!);
      return denominator > 0 ? wins[i]! / denominator : pi;
    });
    const total = next.reduce((s, v) => s + v, 0) || 1;
    const normalised = next.map((v) => v / total);
    const change = normalised.reduce((m, v, i) => Math.max(m, Math.abs(v - p[i]!)), 0);
    p = normalised;
    if (change < tolerance) break;
  }
  return new Map(models.map((m, i) => [m, p[i]!]));
}

/** A small seeded generator (mulberry32), so that intervals are the same run after run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export interface StrengthWithInterval {
  strength: number;
  low: number;
  high: number;
}

/** The fit and a 95% percentile bootstrap interval per model (comparisons resampled with replacement). */
export function bradleyTerryWithIntervals(
  comparisons: readonly Comparison[],
  options: FitOptions & { resamples?: number; seed?: number } = {},
): Map<string, StrengthWithInterval> {
  const fit = fitBradleyTerry(comparisons, options);
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 17);
  const samples = new Map<string, number[]>([...fit.keys()].map((m) => [m, []]));
  for (let r = 0; r < resamples && comparisons.length > 0; r++) {
    const drawn = Array.from(
      { length: comparisons.length },
      () => comparisons[Math.floor(random() * comparisons.length)]!,
    );
    const strengths = fitBradleyTerry(drawn, { ...options, maxIterations: 2000, tolerance: 1e-8 });
    // A model missing from a resample had no comparison there: it counts as strength 0 for that draw.
    for (const [model, list] of samples) list.push(strengths.get(model) ?? 0);
  }
  return new Map(
    [...fit].map(([model, strength]) => {
      const sorted = (samples.get(model) ?? []).sort((a, b) => a - b);
      return [model, { strength, low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) }];
    }),
  );
}
