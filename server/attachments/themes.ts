// What a question about an attached text asks beyond its words: "Ce teme populiste apar?" asks for populism, which
// a passage shows by its people-centrism and anti-elitism (Mudde 2004), not by the word "populist"; "Ce insulte
// apar?" asks for the insults, which no passage calls by that name. The offline dictionary annotator
// (offline:lexicon) scores each passage's evidence for what is asked, so the attachment's search finds it.
import type { Topic } from "../../contract/annotation";
import { foldDiacritics } from "../../contract/text";
import type { ThemeScorer } from "../../corpus/retrieval/attachments";
import { analyzeLexicon, type LexiconAnalysis } from "../models/offline/lexicon";

/** A dimension a question can ask about, the words that ask for it (folded), and a passage's evidence for it. */
interface Theme {
  id: string;
  asks: RegExp;
  evidence: (a: LexiconAnalysis) => number;
}

/**
 * The dictionary's evidence of populism in a passage: its people-centrism and anti-elitism scores, doubled when
 * both are there (populism proper, as the codebook defines it).
 */
function populismEvidence(a: LexiconAnalysis): number {
  const evidence = a.peopleScore + a.antiEliteScore;
  return a.annotation.populism ? 2 * evidence : evidence;
}

/**
 * The dimensions the lexicon has evidence for (docs/lexicon.md). Only these: a question about something it has no
 * words for (a person's name, a figure) is searched by its words alone.
 */
const THEMES: readonly Theme[] = [
  {
    // populis(m|t), (anti-)elit(e|ism), popor, people.
    id: "populism",
    asks: /\b(populis\w*|anti-?elit\w*|elit(a|e|ei|elor|ism\w*)\b|popor\w*|people)/,
    evidence: populismEvidence,
  },
  {
    // Insults and obscenities: insulte, jigniri, injurii, limbaj ofensator / vulgar / obscen, invective.
    id: "insulte",
    asks: /\b(insult\w*|jign\w*|injur\w*|ofens\w*|ofenseaz\w*|vulgar\w*|obscen\w*|trivial\w*|invectiv\w*|licentio\w*)/,
    evidence: (a) => a.offense,
  },
  {
    // Attacks: insults, and the anti-elite ones ("hoții", "ne fură", "trădători").
    id: "atacuri",
    asks: /\b(atac\w*|acuz\w*|denigr\w*|defaim\w*)/,
    evidence: (a) => a.offense + a.antiEliteScore,
  },
  {
    // Negative tone: what the dictionary weighs as negative, net of the positive (as `ton` is decided).
    id: "negativ",
    asks: /\b(negativ\w*|critic\w*|nemultum\w*|furi(e|a|os|oasa|osi)\b|revolt\w*|indign\w*|repros\w*|plang\w*|ostil\w*)/,
    evidence: (a) => Math.max(0, a.negative - a.positive),
  },
  {
    id: "pozitiv",
    asks: /\b(pozitiv\w*|laud\w*|elogi\w*|apreci\w*|optimis\w*|entuzias\w*)/,
    evidence: (a) => Math.max(0, a.positive - a.negative),
  },
  {
    // Irony: praise in a negative passage ("Bravo, încă o taxă!"), weighed by how negative the passage is.
    id: "ironie",
    asks: /\b(ironi\w*|sarcas\w*|batjocor\w*|zeflem\w*|persifl\w*)/,
    evidence: (a) => (a.irony ? Math.max(1, a.negative) : 0),
  },
];

/**
 * The topics (`tema`) a question names by the lexicon's own keywords: "Ce spune despre corupție?" asks for the
 * passages on corruption, also those that say "mită" or "DNA" and never "corupție". A vague word, which the lexicon
 * counts half ("costă", "lei"), names no topic.
 */
function askedTopics(question: string): Topic[] {
  const scores = analyzeLexicon(question).topicScores;
  return (Object.keys(scores) as Topic[]).filter((t) => t !== "altele" && (scores[t] ?? 0) >= 1).sort();
}

// One scoring function per combination asked: the attachment index keeps each function's scores of its passages,
// so that the next turn asking the same reuses them.
const scorers = new Map<string, (passage: string) => number>();

function scorerFor(themes: readonly Theme[], topics: readonly Topic[]): (passage: string) => number {
  const key = [...themes.map((t) => t.id), ...topics.map((t) => `tema:${t}`)].join(",");
  let scorer = scorers.get(key);
  if (!scorer) {
    scorer = (passage) => {
      const a = analyzeLexicon(passage);
      let score = 0;
      for (const theme of themes) score += theme.evidence(a);
      for (const topic of topics) score += a.topicScores[topic] ?? 0;
      return score;
    };
    scorers.set(key, scorer);
  }
  return scorer;
}

/**
 * The theme scorer the chat's attachment search uses: the dictionary's evidence for every dimension the question
 * asks about (populism, insults, attacks, negative or positive tone, irony, the topics it names), summed; null when
 * it asks about none of them.
 */
export const attachmentThemes: ThemeScorer = (question) => {
  const themes = askedThemes(question);
  const topics = askedTopics(question);
  return themes.length || topics.length ? scorerFor(themes, topics) : null;
};

function askedThemes(question: string): Theme[] {
  const folded = foldDiacritics(question);
  return THEMES.filter((t) => t.asks.test(folded));
}

/**
 * The theme scorer of the corpus's search (corpus/retrieval/themedSearch.ts): the dimensions only, not the topics. A
 * question that names a topic names it by a keyword the corpus's words already find ("Ce a promis primarul pentru
 * școală?"), and among thousands of texts on a topic the one it asks about is found by its other words; the evidence
 * of the topic would put the texts with the most keywords of it first instead. An attached text is short enough
 * that its passages on a topic are what the question wants.
 */
export const corpusThemes: ThemeScorer = (question) => {
  if (!ASKS_FOR_TEXTS.test(foldDiacritics(question).toLowerCase())) return null;
  const themes = askedThemes(question);
  return themes.length ? scorerFor(themes, []) : null;
};

/**
 * A question that asks for texts (which comments, messages, posts; who, where), in either language. Only such a
 * question is re-ranked in the corpus: "Ce s-a întâmplat la atacul din Piața Victoriei?" or "Cum apreciază guvernul
 * bugetul?" hold a dimension's word (atac, apreci) and ask about one event or one text, which the words find.
 */
const ASKS_FOR_TEXTS =
  /\b(text\w*|comentari\w*|mesaj\w*|postar\w*|postari\w*|articol\w*|surse|sursel\w*|document\w*|replic\w*|raspunsuri\w*|opinii\w*|cine|unde|comments?|messages?|posts?|articles?|sources?|documents?|who|where)\b/;
