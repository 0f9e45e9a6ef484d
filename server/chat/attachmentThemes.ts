// What a question about an attached text asks beyond its words: "Ce teme populiste apar?" asks for populism, which
// a passage shows by its people-centrism and anti-elitism (Mudde 2004), not by the word "populist". The offline
// dictionary annotator (offline:lexicon) scores each passage's evidence, so the attachment's search finds it.
import { foldDiacritics } from "../../contract/text";
import type { ThemeScorer } from "../../corpus/retrieval/attachments";
import { analyzeLexicon } from "../models/offline/lexicon";

/** Words that ask about populism or its two dimensions (folded): populis(m|t), (anti-)elit(e|ism), popor, people. */
const ASKS_FOR_POPULISM = /\b(populis\w*|anti-?elit\w*|elit(a|e|ei|elor|ism\w*)\b|popor\w*|people)/;

/**
 * The dictionary's evidence of populism in a passage: its people-centrism and anti-elitism scores, doubled when
 * both are there (populism proper, as the codebook defines it).
 */
function populismEvidence(passage: string): number {
  const a = analyzeLexicon(passage);
  const evidence = a.peopleScore + a.antiEliteScore;
  return a.annotation.populism ? 2 * evidence : evidence;
}

/** The theme scorer the chat's attachment search uses: populism, when the question asks about it. */
export const attachmentThemes: ThemeScorer = (question) =>
  ASKS_FOR_POPULISM.test(foldDiacritics(question)) ? populismEvidence : null;
