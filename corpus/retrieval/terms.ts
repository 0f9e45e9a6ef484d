// The terms of search: how texts become BM25 terms, and which terms of a query are searched with what weight.
// Queries can be whole comments (twenty words of opinion around two words of topic), so a query's terms are
// weighted by how topical they are in the corpus, and a very long query keeps only its strongest terms.
import { analyze } from "../../contract/text";

/**
 * Stems are cut to this many letters after the light suffix stemmer: comments spell inflections loosely and
 * the stemmer strips one suffix only. Measured on the comment → article task (docs/retrieval.md): 6 is a point
 * of recall@5 above no cut, 5 and 7 no better.
 */
export const STEM_LENGTH = 6;

/** A text's BM25 terms: folded, stopwords out, light-stemmed (contract/text.ts), stems cut to STEM_LENGTH. */
export function searchTerms(text: string): string[] {
  const terms = analyze(text);
  for (let i = 0; i < terms.length; i++) {
    if (terms[i].length > STEM_LENGTH) terms[i] = terms[i].slice(0, STEM_LENGTH);
  }
  return terms;
}

/** A term searched with a weight; terms are words (strings) or, for character pieces (pieces.ts), hashes. */
export interface WeightedTerm<K> {
  term: K;
  weight: number;
}

export type QueryTerm = WeightedTerm<string>;

/** What selection needs to know about the corpus (a Bm25Index, or a PieceIndex for pieces). */
export interface TermStatistics<K = string> {
  df(term: K): number;
  idf(term: K): number;
  burstiness(term: K): number;
}

export interface QueryTermOptions {
  /** At most this many terms are searched (default 32; the strongest by weight times IDF). */
  maxTerms: number;
  /** Exponent of burstiness in a term's weight (default 0.5; 0 weighs every term 1). */
  burstExponent: number;
}

export const DEFAULT_QUERY_TERMS: QueryTermOptions = { maxTerms: 32, burstExponent: 0.5 };

/**
 * The terms a query is searched with: its distinct terms that the corpus holds, each weighted by its
 * burstiness to the power `burstExponent` (a word that recurs within the documents about it is a topic; one that
 * occurs once wherever it occurs, as the opinions and fillers of a comment do, carries less). A query longer
 * than `maxTerms` keeps the terms with the highest weight times IDF, in query order: its cost grows with its
 * terms' postings, and past thirty-odd terms the rest is noise. Cutting harder loses recall: on the comment →
 * article task the 12 rarest terms alone lose 14 points of recall@5 (rare words in comments are typos and
 * idiosyncrasies as often as topics).
 */
export function selectQueryTerms<K = string>(
  terms: readonly K[],
  statistics: TermStatistics<K>,
  options: Partial<QueryTermOptions> = {},
): WeightedTerm<K>[] {
  const { maxTerms, burstExponent } = { ...DEFAULT_QUERY_TERMS, ...options };
  const selected: (WeightedTerm<K> & { strength: number; order: number })[] = [];
  const seen = new Set<K>();
  for (const term of terms) {
    if (seen.has(term)) continue;
    seen.add(term);
    if (statistics.df(term) === 0) continue;
    const weight = statistics.burstiness(term) ** burstExponent;
    selected.push({ term, weight, strength: weight * statistics.idf(term), order: selected.length });
  }
  if (selected.length > maxTerms) {
    selected.sort((a, b) => b.strength - a.strength || a.order - b.order);
    selected.length = maxTerms;
    selected.sort((a, b) => a.order - b.order);
  }
  return selected.map(({ term, weight }) => ({ term, weight }));
}
