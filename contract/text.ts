// Romanian text normalisation shared by every offline model: diacritic folding (cedilla and comma-below
// alike), tokenising, a light suffix-stripping stemmer, stopwords and sentence splitting.

const CEDILLA_TO_COMMA: Record<string, string> = { ş: "ș", ţ: "ț", Ş: "Ș", Ţ: "Ț" };

/** Replaces the legacy cedilla letters ş ţ Ş Ţ with the correct comma-below ș ț Ș Ț. */
export function normalizeCedilla(text: string): string {
  return text.replace(/[şţŞŢ]/g, (c) => CEDILLA_TO_COMMA[c] ?? c);
}

/**
 * The letters as the corpus's clean step leaves them (corpus/pipeline/cleanText.ts): Unicode NFC, then ş ţ Ş Ţ as
 * comma-below ș ț Ș Ț. Texts that skip the clean step (attachments) get the same letters, so a quote of them reads
 * like a quote of the corpus.
 */
export function normalizeLetters(text: string): string {
  return normalizeCedilla(text.normalize("NFC"));
}

/** Lower-cases and strips diacritics: "Ţară", "Țară" and "tara" all become "tara". */
export function foldDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:[-'][\p{L}]+)*/gu;

/** Folded word tokens; hyphenated clitics ("într-o", "s-a") stay one token. */
export function tokenize(text: string): string[] {
  return foldDiacritics(text).match(TOKEN_RE) ?? [];
}

// Folded Romanian function words; kept short on purpose, since negations ("nu", "nici") matter to the lexicon
// and are not removed here but in `analyze` only.
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a ai al ale am ar as asa asta aceasta acest acesta aceste acestea acestei acestui acestor acel acea acei " +
    "acele acelasi aici atat atata atunci au avea avem aveti ca cam care cat cate ce cea cei cel cele cine " +
    "cu cum da daca dar de deci deja desi din dintre dupa e ea ei el ele era este eu fi fie fiind fost iar " +
    "ii il in inca intr intre intr-o intr-un isi la le li lor lui m-am mai mi mult multe ne ni noi nu o pe " +
    "pentru peste pana prin sa sau se si sunt suntem sunteti s-a s-au ta te tot toata toate toti tu un una " +
    "unei unor unui va vom vor voi cand ori ceea ceva nimic nici doar chiar foarte fara catre sub spre sine " +
    "ma-n ca-i le-a i-a am-am ii-a ati"
  ).split(/\s+/),
);

// Inflectional endings, longest first; the stemmer strips at most one and keeps a stem of 3+ letters.
const SUFFIXES = [
  ...new Set([
    "urilor",
    "iilor",
    "ilor",
    "elor",
    "ului",
    "urile",
    "iile",
    "atiei",
    "atia",
    "atii",
    "lor",
    "uri",
    "ile",
    "ele",
    "ul",
    "le",
    "ii",
    "ei",
    "ea",
    "ia",
    "ie",
    "ui",
    "a",
    "e",
    "i",
    "u",
  ]),
].sort((a, b) => b.length - a.length);

/** Light stemmer for folded tokens: "pensiile", "pensiilor", "pensii" and "pensie" meet at "pens". */
export function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  for (const suffix of SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 3) {
      return token.slice(0, token.length - suffix.length);
    }
  }
  return token;
}

/** Tokens for search: folded, stopwords removed, stemmed. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (token.length < 2 || STOPWORDS.has(token)) continue;
    out.push(stem(token));
  }
  return out;
}

const ABBREVIATIONS =
  /\b(?:dl|dna|dr|prof|nr|art|alin|lit|etc|ex|str|sen|dep|ian|feb|mar|apr|iun|iul|aug|sept|oct|nov|dec)\.$/i;

/** Splits text into sentences at . ! ? … followed by space, keeping common abbreviations intact. */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const re = /[.!?…]+["”»)]?\s+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const candidate = text.slice(start, m.index + m[0].length).trim();
    if (ABBREVIATIONS.test(text.slice(start, m.index + 1))) continue;
    if (candidate) parts.push(candidate);
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) parts.push(rest);
  return parts;
}
