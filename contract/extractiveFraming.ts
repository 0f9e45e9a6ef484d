// What the offline extractive model writes around its quotes (its framing), in Romanian and English: the model writes
// it in the reader's language, the grounding check reads it as no claim in either, and the chat's history shows it to
// the next model in Romanian whatever the reader's language was (a real model follows the prompt, never the UI).
import type { Lang } from "./errors";
import { foldDiacritics, splitSentences } from "./text";

export interface ExtractiveTexts {
  answerHeading: string;
  noSources: string;
  weakHeading: string;
  weakListTitle: string;
  noSourcesBlock: string;
}

const LABEL_RO = "Răspuns extractiv (offline, fără model de limbaj)";
const LABEL_EN = "Extractive answer (offline, without a language model)";

export const EXTRACTIVE_FRAMING: Record<Lang, ExtractiveTexts> = {
  ro: {
    answerHeading: `${LABEL_RO}: am ales din surse propozițiile cele mai apropiate de întrebare.`,
    noSources:
      `${LABEL_RO}: nu am găsit în corpus nicio sursă pentru această întrebare. ` +
      "Încercați să o reformulați (alte cuvinte-cheie, alt interval de timp, alte filtre) sau importați date noi în corpus.",
    weakHeading:
      `${LABEL_RO}: sursele găsite nu par să răspundă direct la întrebare. ` +
      "Le redau totuși pe cele mai apropiate, ca punct de plecare.",
    weakListTitle: "Cele mai apropiate surse:",
    noSourcesBlock:
      "Modelul extractiv offline (fără model de limbaj) răspunde doar din sursele găsite în corpus, " +
      "iar mesajul primit nu conține surse, așa că nu am din ce extrage un răspuns. " +
      "Puneți întrebarea în chat, unde se caută mai întâi în corpus, sau alegeți un model de limbaj.",
  },
  en: {
    answerHeading: `${LABEL_EN}: the sentences of the sources closest to the question, quoted as they are.`,
    noSources:
      `${LABEL_EN}: no source in the corpus was found for this question. ` +
      "Try rephrasing it (other keywords, another time span, other filters) or import new data into the corpus.",
    weakHeading:
      `${LABEL_EN}: the sources found do not seem to answer the question directly. ` +
      "Here are the closest ones anyway, as a starting point.",
    weakListTitle: "The closest sources:",
    noSourcesBlock:
      "The offline extractive model (no language model) answers only from the sources found in the corpus, " +
      "and the message it got has no sources, so there is nothing to quote an answer from. " +
      "Ask the question in the chat, which searches the corpus first, or choose a language model.",
  },
};

const fold = (sentence: string): string => foldDiacritics(sentence.trim().toLowerCase()).replace(/\s+/g, " ");

/** Every sentence of the framing, in both languages, folded: each one says what the answer is, none a fact. */
const FRAMING_SENTENCES: ReadonlySet<string> = new Set(
  Object.values(EXTRACTIVE_FRAMING).flatMap((texts) =>
    Object.values(texts).flatMap((text) => splitSentences(text).map(fold)),
  ),
);

/** Whether a sentence (as it stands in an answer, list markers and all removed) is the extractive model's framing. */
export function isExtractiveFraming(sentence: string): boolean {
  return FRAMING_SENTENCES.has(fold(sentence));
}

/**
 * An answer with its extractive framing in Romanian: what the next answering model is shown of an earlier offline
 * answer, so that the reader's language never reaches a real model's prompt. The quotes are left as they are.
 */
export function framingInRomanian(answer: string): string {
  let out = answer;
  const en = EXTRACTIVE_FRAMING.en;
  const ro = EXTRACTIVE_FRAMING.ro;
  for (const key of Object.keys(en) as (keyof ExtractiveTexts)[]) {
    if (out.includes(en[key])) out = out.split(en[key]).join(ro[key]);
  }
  return out;
}

/** Every fixed text of the framing, in both languages, trimmed: whole paragraphs of an extractive answer. */
const FRAMING_PARAGRAPHS: ReadonlySet<string> = new Set(
  Object.values(EXTRACTIVE_FRAMING).flatMap((texts) => Object.values(texts).map((text) => text.trim())),
);

/**
 * An answer without the extractive model's framing: the paragraphs that are exactly one of its fixed texts (the
 * label sentence before the quotes, the title of the nearest sources) left out, the quotes kept. What a comparison's
 * assertions judge: the framing is the same label whatever the question, so counting it would fail a "max cuvinte:
 * 30" that the quotes meet (docs/compare.md, "The offline model's label"). `framed` says whether anything was left out.
 */
export function withoutExtractiveFraming(answer: string): { text: string; framed: boolean } {
  const paragraphs = answer.split(/\n[ \t]*\n/);
  const kept = paragraphs.filter((p) => !FRAMING_PARAGRAPHS.has(p.trim()));
  return kept.length === paragraphs.length
    ? { text: answer, framed: false }
    : { text: kept.join("\n\n").trim(), framed: true };
}
