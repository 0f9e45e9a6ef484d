// The corpus's search for a question about a codebook dimension ("Care texte sunt populiste?", "Ce comentarii atacă
// elitele?"): its words alone find texts that say "populist" or "texte", rarely the populist ones, which speak of
// "popor" and "hoții de la putere". As the attachments' search does (./attachments.ts), the passages are also ranked
// by the dictionary's evidence for what is asked (the server's ThemeScorer), over a wider pool of the corpus's best
// documents, and the two rankings fused: a text that both matches the question and shows the dimension comes first.
// A question that asks about no dimension is searched as before, with the same call.
import type { Passage } from "../../contract/corpus";
import type { ThemeScorer } from "./attachments";
import { forwardingRetriever } from "./forwarding";
import { rankFusion, rankFusionCeiling } from "./fusion";
import type { Retriever, SearchOptions } from "./types";

/** How many of the corpus's best documents the evidence ranks, at the least and as a multiple of k. */
export const THEME_POOL_MIN = 150;
const THEME_POOL_PER_K = 6;
/**
 * The words' ranking and the evidence's, fused: the evidence counts twice, since a question about a dimension names it
 * in a word or two beside words that most texts hold ("texte", "comentarii", "argumente").
 */
const THEME_WEIGHTS = [1, 2] as const;

const textOf = (passage: Passage) =>
  [passage.text, ...(passage.otherPassages ?? []).map((other) => other.text)].join("\n");

/** The passages of `pool` (best first) re-ranked by their words' rank fused with their evidence's; scores in 0..1. */
export function themedOrder(
  pool: readonly Passage[],
  evidence: (text: string) => number,
  k: number,
): Passage[] {
  // A document's evidence is in any of its passages shown, not only its best one.
  const scored = pool.map((passage, i) => ({ i, evidence: evidence(textOf(passage)) }));
  const byEvidence = scored
    .filter((s) => s.evidence > 0)
    .sort((a, b) => b.evidence - a.evidence || a.i - b.i)
    .map((s) => s.i);
  // Nothing in the pool shows the dimension: the words' order stands.
  if (byEvidence.length === 0) return pool.slice(0, k);
  const best = rankFusionCeiling(THEME_WEIGHTS);
  return rankFusion([pool.map((_, i) => i), byEvidence], undefined, THEME_WEIGHTS)
    .slice(0, k)
    .map((f) => ({ ...pool[f.id]!, score: f.score / best }));
}

/** The corpus retriever with its search widened and re-ranked for a question about a dimension (see above). */
export function withThemes(corpus: Retriever, theme: ThemeScorer): Retriever {
  const search = async (query: string, options: SearchOptions): Promise<Passage[]> => {
    const evidence =
      options.k > 0 && (options.granularity ?? "document") === "document" ? theme(query) : null;
    if (!evidence) return corpus.search(query, options);
    const pool = await corpus.search(query, {
      ...options,
      k: Math.max(THEME_POOL_MIN, options.k * THEME_POOL_PER_K),
    });
    return themedOrder(pool, evidence, options.k);
  };
  return forwardingRetriever(corpus, search);
}
