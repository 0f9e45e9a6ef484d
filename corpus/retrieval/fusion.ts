// Combining and re-ranking result lists: reciprocal rank fusion (Cormack et al. 2009) to merge dense and BM25
// rankings, and maximal marginal relevance (Carbonell & Goldstein 1998) to trade relevance for diversity.

export interface FusedItem<K> {
  id: K;
  /** Sum over the lists of 1 / (k + rank), rank counted from 1. */
  score: number;
}

/** Reciprocal rank fusion's k, as Cormack et al. (2009) set it: a rank's weight is 1 / (k + rank). */
export const RRF_K = 60;

/**
 * The most an id can collect from rankFusion: first place in every list. Dividing by it puts fused scores on 0..1.
 */
export function rankFusionCeiling(weights: readonly number[], k = RRF_K): number {
  return weights.reduce((sum, w) => sum + w, 0) / (k + 1);
}

/**
 * Reciprocal rank fusion: each list is a ranking of ids, best first. An id found in several lists collects
 * weight / (k + rank) from each (weights default to 1). Best first; ties keep the order in which ids were first
 * seen.
 */
export function rankFusion<K>(
  lists: ReadonlyArray<ReadonlyArray<K>>,
  k = RRF_K,
  weights: readonly number[] = lists.map(() => 1),
): FusedItem<K>[] {
  const scores = new Map<K, number>();
  for (const [l, list] of lists.entries()) {
    const seen = new Set<K>();
    list.forEach((id, index) => {
      // A duplicate inside one list counts only at its best rank.
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + weights[l] / (k + index + 1));
    });
  }
  const fused = [...scores].map(([id, score], order) => ({ id, score, order }));
  fused.sort((a, b) => b.score - a.score || a.order - b.order);
  return fused.map(({ id, score }) => ({ id, score }));
}

export interface ScoredItem<K> {
  id: K;
  score: number;
}

/**
 * How a list's scores enter score fusion: "minmax" rescales them to 0..1 within the list (scores without a scale
 * of their own, such as BM25's); "absolute" takes them as they are, clamped to 0..1 (a cosine, whose value says
 * how close two texts are whatever the other candidates).
 */
export type ScoreScale = "minmax" | "absolute";

/**
 * Relative score fusion: the scores of each list are put on 0..1 (min-max within the list, a list whose scores
 * are all equal giving them 1; or as they are, see ScoreScale), weighted, summed and divided by the weights of the
 * non-empty lists; an id missing from a list gets 0 there. Unlike rank fusion it keeps how far ahead a list's
 * first hit is. Best first; ties keep first-seen order.
 */
export function scoreFusion<K>(
  lists: ReadonlyArray<ReadonlyArray<ScoredItem<K>>>,
  weights: readonly number[] = lists.map(() => 1),
  scales: readonly ScoreScale[] = lists.map(() => "minmax"),
): FusedItem<K>[] {
  // Empty lists do not count, so that one list alone still gives its best hit 1.
  const total = weights.reduce((sum, w, l) => (lists[l].length > 0 ? sum + w : sum), 0) || 1;
  const scores = new Map<K, number>();
  lists.forEach((list, l) => {
    if (list.length === 0) return;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const { score } of list) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    const range = max - min;
    const seen = new Set<K>();
    for (const { id, score } of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      const scaled =
        scales[l] === "absolute" ? Math.min(1, Math.max(0, score)) : range > 0 ? (score - min) / range : 1;
      scores.set(id, (scores.get(id) ?? 0) + (weights[l] * scaled) / total);
    }
  });
  const fused = [...scores].map(([id, score], order) => ({ id, score, order }));
  fused.sort((a, b) => b.score - a.score || a.order - b.order);
  return fused.map(({ id, score }) => ({ id, score }));
}

export interface MmrCandidate {
  vector: ArrayLike<number>;
  /** Relevance to the query; when absent, the dot product of the vector with the query vector. */
  relevance?: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

function cosine(a: ArrayLike<number>, normA: number, b: ArrayLike<number>, normB: number): number {
  return normA === 0 || normB === 0 ? 0 : dot(a, b) / (normA * normB);
}

/**
 * Maximal marginal relevance: picks k candidates one by one, each maximising
 * lambda * relevance - (1 - lambda) * (highest cosine similarity to an already picked candidate).
 * lambda = 1 is plain relevance order; lambda = 0 is pure diversity. Returns the picked candidates in order.
 */
export function mmr<T extends MmrCandidate>(
  queryVec: ArrayLike<number>,
  candidates: readonly T[],
  lambda = 0.5,
  k = candidates.length,
): T[] {
  const count = Math.min(Math.max(0, k), candidates.length);
  if (count === 0) return [];
  const queryNorm = norm(queryVec);
  const norms = candidates.map((c) => norm(c.vector));
  const relevance = candidates.map((c, i) => c.relevance ?? cosine(queryVec, queryNorm, c.vector, norms[i]));
  // Highest similarity of each candidate to anything picked so far; updated incrementally after each pick.
  const maxSimilarity = new Array<number>(candidates.length).fill(Number.NEGATIVE_INFINITY);
  const picked = new Array<boolean>(candidates.length).fill(false);
  const result: T[] = [];
  for (let step = 0; step < count; step++) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates.length; i++) {
      if (picked[i]) continue;
      const redundancy = step === 0 ? 0 : maxSimilarity[i];
      const score = lambda * relevance[i] - (1 - lambda) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    picked[best] = true;
    result.push(candidates[best]);
    for (let i = 0; i < candidates.length; i++) {
      if (picked[i]) continue;
      const similarity = cosine(candidates[i].vector, norms[i], candidates[best].vector, norms[best]);
      if (similarity > maxSimilarity[i]) maxSimilarity[i] = similarity;
    }
  }
  return result;
}
