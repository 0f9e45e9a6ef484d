// Which passages of a retrieved document are shown and cited: its chunks ranked by how well each matches the
// query (cosine and the query's terms), the best one always, a few more when they match nearly as well.
import type { Bm25Params } from "./bm25";
import type { QueryTerm } from "./terms";

export interface PassageSettings {
  /** At most this many passages of one document (default 2). */
  maxPerDocument: number;
  /** A further passage is shown when its score reaches this share of the best one's (default 0.8). */
  minShareOfBest: number;
  /** Weight of the cosine against the terms, as in the fusion of the rankings. */
  denseWeight: number;
}

export const DEFAULT_PASSAGES: Omit<PassageSettings, "denseWeight"> = {
  maxPerDocument: 2,
  minShareOfBest: 0.8,
};

export interface PassageChoice {
  label: number;
  /** 0..1: the passage's match relative to the document's best passage. */
  score: number;
}

/**
 * BM25 of each chunk of one document for the query's terms, with the corpus IDF and the document's average chunk
 * length (chunks of a document are of about one size; what tells them apart is which terms they hold).
 */
export function chunkTermScores(
  chunkTerms: readonly (readonly string[])[],
  query: readonly QueryTerm[],
  idf: (term: string) => number,
  params: Pick<Bm25Params, "k1" | "b">,
): number[] {
  const average = chunkTerms.reduce((sum, terms) => sum + terms.length, 0) / (chunkTerms.length || 1) || 1;
  const weights = new Map(query.map(({ term, weight }) => [term, weight * idf(term)]));
  return chunkTerms.map((terms) => {
    const tf = new Map<string, number>();
    for (const term of terms) if (weights.has(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
    const norm = params.k1 * (1 - params.b + (params.b * terms.length) / average);
    let score = 0;
    for (const [term, count] of tf)
      score += ((weights.get(term) ?? 0) * count * (params.k1 + 1)) / (count + norm);
    return score;
  });
}

/**
 * The passages of one document to show, best first: each chunk's cosine and term score are scaled to the
 * document's best of each and mixed by `denseWeight`; the best chunk is always chosen, the next ones while they
 * reach `minShareOfBest` of it, at most `maxPerDocument`.
 */
export function choosePassages(
  labels: readonly number[],
  cosines: readonly number[],
  termScores: readonly number[],
  settings: PassageSettings,
): PassageChoice[] {
  if (labels.length === 0) return [];
  const maxCosine = Math.max(0, ...cosines);
  const maxTerms = Math.max(0, ...termScores);
  const w = settings.denseWeight;
  const mixed = labels.map((label, i) => ({
    label,
    score:
      w * (maxCosine > 0 ? Math.max(0, cosines[i]) / maxCosine : 0) +
      (1 - w) * (maxTerms > 0 ? termScores[i] / maxTerms : 0),
  }));
  mixed.sort((a, b) => b.score - a.score || a.label - b.label);
  const best = mixed[0].score;
  const chosen = [mixed[0]];
  for (const candidate of mixed.slice(1)) {
    if (chosen.length >= settings.maxPerDocument || best <= 0) break;
    if (candidate.score < settings.minShareOfBest * best) break;
    chosen.push(candidate);
  }
  return chosen.map(({ label, score }) => ({ label, score: best > 0 ? score / best : 1 }));
}
