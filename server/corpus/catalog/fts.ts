// Full-text search over the catalog (SQLite FTS5, diacritics folded by its unicode61 tokenizer): what a person
// types becomes a MATCH expression, and text marked by FTS5's highlight() and snippet() becomes segments.
import { foldDiacritics, STOPWORDS, stem } from "../../../contract/text";
import type { TextSegment } from "../../../contract/corpusExplore";

/** The marks FTS5 puts around matched words (control characters, never in cleaned text). */
export const HIT_OPEN = "\u0002";
export const HIT_CLOSE = "\u0003";

const WORD = /[\p{L}\p{N}]+/gu;

/** A word as an FTS5 prefix term: its light stem (so "pensiile" finds "pensii" and "pensia"), quoted. */
function prefixTerm(word: string): string {
  const folded = foldDiacritics(word);
  const stemmed = stem(folded);
  return `"${stemmed.length >= 3 ? stemmed : folded}"*`;
}

/**
 * The MATCH expression for a query: "quoted phrases" (or „quoted”) stay phrases, other words become prefix terms of
 * their stems, all required (AND). Function words are left out unless nothing else is left. Null when the query has no
 * words.
 */
export function ftsQuery(input: string): string | null {
  const parts: string[] = [];
  // Romanian quotes („…”), typographic ones (“…”) and guillemets mark a phrase as straight quotes do: the search
  // field's hint writes „expresie exactă”.
  const rest = input.replace(/[„“”«»]/g, '"').replace(/"([^"]*)"/g, (_, phrase: string) => {
    const words = phrase.match(WORD);
    if (words?.length) parts.push(`"${words.map((w) => foldDiacritics(w)).join(" ")}"`);
    return " ";
  });
  const words = rest.match(WORD) ?? [];
  const content = words.filter((w) => !STOPWORDS.has(foldDiacritics(w)));
  for (const word of content.length > 0 || parts.length > 0 ? content : words) parts.push(prefixTerm(word));
  return parts.length > 0 ? parts.join(" AND ") : null;
}

/** Text with FTS5's marks as segments; adjacent plain pieces stay one segment. */
export function markedSegments(marked: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  while (at < marked.length) {
    const open = marked.indexOf(HIT_OPEN, at);
    if (open === -1) {
      segments.push({ text: marked.slice(at) });
      break;
    }
    if (open > at) segments.push({ text: marked.slice(at, open) });
    const close = marked.indexOf(HIT_CLOSE, open + 1);
    const end = close === -1 ? marked.length : close;
    const hit = marked.slice(open + 1, end);
    if (hit) segments.push({ text: hit, hit: true });
    at = end + 1;
  }
  return segments.filter((s) => s.text.length > 0);
}

/** The start of a text as one segment, cut at a word boundary near `chars`. */
export function leadSegment(text: string, chars: number): TextSegment[] {
  if (text.length <= chars) return [{ text }];
  const cut = text.lastIndexOf(" ", chars);
  return [{ text: `${text.slice(0, cut > chars * 0.6 ? cut : chars)}…` }];
}
