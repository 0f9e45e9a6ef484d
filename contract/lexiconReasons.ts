// The offline lexicon's justification (`justificare`) in English. The lexicon writes one Romanian sentence from a
// small fixed set of phrases around the words it quotes (server/models/offline/lexicon/explain.ts); this reads such a
// sentence back phrase by phrase, keeping the quoted words (they are the text's own), so that the English UI says why
// in English, also for annotations stored before. A sentence that is not the lexicon's (a model's, a person's) is
// left as it was written.
import { TOPIC_NAMES_EN, TOPIC_NAMES_RO, TOPICS } from "./annotation";
import type { Lang } from "./errors";

/** Every phrase the lexicon writes outside its quotes, with its English. */
const PHRASES: Record<string, string> = {
  "Ton negativ: ": "Negative tone: ",
  "Ton pozitiv: ": "Positive tone: ",
  "Ton neutru: ": "Neutral tone: ",
  "doar negații, fără cuvinte pozitive": "only negations, no positive words",
  "ironie (": "irony (",
  "întrebare retorică (": "rhetorical question (",
  "indicii pozitive (": "positive cues (",
  "negative (": "negative (",
  " se echilibrează": " balance out",
  "indicii prea slabe (": "cues too weak (",
  "întrebare care cere informații (": "a question asking for information (",
  ", fără cuvinte evaluative": ", no evaluative words",
  " numește tema, nu tonul": " names the topic, not the tone",
  " numesc tema, nu tonul": " name the topic, not the tone",
  "niciun cuvânt afectiv din lexicon": "no affective word in the lexicon",
  "populism: poporul (": "populism: the people (",
  " opus elitei (": " set against the elite (",
  "popor (": "the people (",
  "anti-elitism (": "anti-elitism (",
  " fără legătură între ele, deci fără populism": " with no link between them, so no populism",
  " fără apel la popor, deci fără populism": " with no appeal to the people, so no populism",
  "apel la popor (": "appeal to the people (",
  " fără atac la elite, deci fără populism": " with no attack on elites, so no populism",
  "fără populism (întrebarea doar numește ": "no populism (the question only names ",
  "fără populism": "no populism",
  "temă: altele (niciun cuvânt-cheie)": "topic: other (no keyword)",
  ...Object.fromEntries(
    TOPICS.filter((t) => t !== "altele").map((t) => [
      `temă: ${TOPIC_NAMES_RO[t]} (`,
      `topic: ${TOPIC_NAMES_EN[t]} (`,
    ]),
  ),
  " și ": " and ",
  " ș.a.": " etc.",
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longest first, so that "apel la popor (" is read whole, not as "popor (".
const PHRASE = new RegExp(
  Object.keys(PHRASES)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join("|"),
  "g",
);
/** What may stand between phrases: punctuation and spaces only. */
const GLUE = /^[\s;,.()…—-]*$/;
/** A quoted word or phrase of the text, as the lexicon quotes it (an unclosed quote runs to the end: a cut sentence). */
const QUOTED = /„[^”]*(?:”|$)/g;
/** How the lexicon ends a sentence it had to cut. */
const CUT = "….";

/** One stretch between quotes in English, or null when it holds anything but the lexicon's phrases. */
function stretchInEnglish(stretch: string, last: boolean, cut: boolean): string | null {
  let out = "";
  let at = 0;
  for (const m of stretch.matchAll(PHRASE)) {
    const gap = stretch.slice(at, m.index);
    if (!GLUE.test(gap)) return null;
    out += gap + PHRASES[m[0]];
    at = m.index + m[0].length;
  }
  const tail = stretch.slice(at);
  if (GLUE.test(tail)) return out + tail;
  // A cut sentence may end inside a phrase: that piece is left out.
  return last && cut ? `${out}${CUT}` : null;
}

/** The lexicon's justification in English, or null when `justification` is not one the lexicon wrote. */
export function lexiconJustificationEn(justification: string): string | null {
  if (!/^Ton (?:negativ|pozitiv|neutru): /.test(justification)) return null;
  const cut = justification.endsWith(CUT);
  const body = cut ? justification.slice(0, -CUT.length) : justification;
  let out = "";
  let at = 0;
  const quotes = [...body.matchAll(QUOTED)];
  for (const q of quotes) {
    const english = stretchInEnglish(body.slice(at, q.index), false, cut);
    if (english === null) return null;
    // English quotation marks around the text's own (Romanian) words.
    out += english + q[0].replace("„", "“");
    at = q.index + q[0].length;
  }
  const tail = stretchInEnglish(body.slice(at), true, cut);
  if (tail === null) return null;
  return cut && !tail.endsWith(CUT) ? `${out}${tail}${CUT}` : out + tail;
}

/** A justification as the reader sees it: the lexicon's in the UI's language, any other as it was written. */
export function justificationIn(justification: string, lang: Lang): string {
  return lang === "en" ? (lexiconJustificationEn(justification) ?? justification) : justification;
}
