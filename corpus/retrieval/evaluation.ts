// Measuring retrieval with one relevant document per query: recall@1/5/10, MRR and nDCG@10 from the rank at which
// each query's document came back, with percentile bootstrap intervals over the queries. Used by
// `npm run cli -- eval-retrieval` (a user's own queries) and by bench/recall.ts.
import { z } from "zod";

/** The figures of one set of ranks. */
export interface RetrievalScores {
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  /** Mean reciprocal rank, counting ranks up to 10 (a document found lower counts 0). */
  mrr: number;
  /** nDCG@10 with one relevant document: 1 / log2(rank + 1) when found in the top 10, else 0. */
  ndcgAt10: number;
}

export const METRICS: readonly (keyof RetrievalScores)[] = [
  "recallAt1",
  "recallAt5",
  "recallAt10",
  "mrr",
  "ndcgAt10",
];

/** A figure with its 95% bootstrap interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export type ScoresWithIntervals = Record<keyof RetrievalScores, Estimate>;

/**
 * The rank (from 1) of a document among the distinct documents of a result list, 0 when absent. Results of
 * passage granularity can hold several chunks of one document: it counts once, at its first place.
 */
export function documentRank(resultDocIds: readonly string[], docId: string): number {
  const seen = new Set<string>();
  for (const id of resultDocIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (id === docId) return seen.size;
  }
  return 0;
}

/** The figures for ranks (0 = not found), each rounded to three decimals. */
export function scoreRanks(ranks: readonly number[]): RetrievalScores {
  const sums = sumRanks(
    ranks,
    ranks.map((_, i) => i),
  );
  const n = Math.max(1, ranks.length);
  return {
    recallAt1: round(sums.recallAt1 / n),
    recallAt5: round(sums.recallAt5 / n),
    recallAt10: round(sums.recallAt10 / n),
    mrr: round(sums.mrr / n),
    ndcgAt10: round(sums.ndcgAt10 / n),
  };
}

function sumRanks(ranks: readonly number[], picks: readonly number[]): RetrievalScores {
  const sums: RetrievalScores = { recallAt1: 0, recallAt5: 0, recallAt10: 0, mrr: 0, ndcgAt10: 0 };
  for (const i of picks) {
    const rank = ranks[i];
    if (rank <= 0 || rank > 10) continue;
    if (rank === 1) sums.recallAt1++;
    if (rank <= 5) sums.recallAt5++;
    sums.recallAt10++;
    sums.mrr += 1 / rank;
    sums.ndcgAt10 += 1 / Math.log2(rank + 1);
  }
  return sums;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A deterministic generator in [0, 1) (mulberry32), so that intervals repeat from run to run. */
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

/**
 * Each figure with a 95% percentile bootstrap interval: the queries are resampled with replacement `resamples`
 * times and the 2.5th and 97.5th percentiles of each figure taken. The interval says how much the figure owes
 * to which queries happened to be asked; it says nothing about other corpora.
 */
export function bootstrapScores(ranks: readonly number[], resamples = 1000, seed = 1): ScoresWithIntervals {
  const point = scoreRanks(ranks);
  const n = ranks.length;
  const samples: Record<keyof RetrievalScores, number[]> = {
    recallAt1: [],
    recallAt5: [],
    recallAt10: [],
    mrr: [],
    ndcgAt10: [],
  };
  const random = seededRandom(seed);
  const picks = new Array<number>(n);
  for (let r = 0; r < (n > 0 ? resamples : 0); r++) {
    for (let i = 0; i < n; i++) picks[i] = Math.floor(random() * n);
    const sums = sumRanks(ranks, picks);
    for (const metric of METRICS) samples[metric].push(sums[metric] / n);
  }
  const estimates = {} as ScoresWithIntervals;
  for (const metric of METRICS) {
    const sorted = samples[metric].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length
        ? round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))])
        : point[metric];
    estimates[metric] = { value: point[metric], low: at(0.025), high: at(0.975) };
  }
  return estimates;
}

/** One line of an evaluation file: a query and the id of the document that answers it. */
export const LabelledQuerySchema = z.object({
  query: z.string().trim().min(1),
  docId: z.string().min(1),
});
export type LabelledQuery = z.infer<typeof LabelledQuerySchema>;

/** A line of an evaluation file that is not a labelled query: its number (from 1) and what is wrong with it. */
export interface QueryFileProblem {
  line: number;
  problem: "json" | "shape";
  detail: string;
}

/** The labelled queries of a JSON Lines text (blank lines ignored), and the lines that are not. */
export function parseLabelledQueries(text: string): {
  queries: LabelledQuery[];
  problems: QueryFileProblem[];
} {
  const queries: LabelledQuery[] = [];
  const problems: QueryFileProblem[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        problems.push({ line: i + 1, problem: "json", detail: (err as Error).message });
        return;
      }
      const result = LabelledQuerySchema.safeParse(value);
      if (result.success) queries.push(result.data);
      else {
        const detail = result.error.issues.map(
          (issue) => `${issue.path.join(".") || "linia"}: ${issue.message}`,
        );
        problems.push({ line: i + 1, problem: "shape", detail: detail.join("; ") });
      }
    });
  return { queries, problems };
}
