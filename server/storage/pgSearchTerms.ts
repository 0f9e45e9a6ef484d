// The thread search's terms as PostgreSQL conditions on a folded column (server/storage/postgres.ts searchThreads):
// a term of 3 characters or more is a plain substring (LIKE, which the trigram index serves); a shorter one counts only
// where a word starts (contract/threadSearch.ts termPlaces), which a regular expression says: the term after the
// text's start or after a character that is no word character. That class is spelt out from the contract's own
// isWordChar, code point by code point, rather than [[:alnum:]] or \m, which follow the database's locale (ASCII only
// under "C"): so PostgreSQL finds what SQLite and the excerpt's marks find.
import { atWordStartOnly, isWordChar, WORD_CHARS_ALL_FROM } from "../../contract/threadSearch";

/** A code point as an escape of PostgreSQL's regular expressions (\uXXXX, \UXXXXXXXX). */
function escapeCodePoint(cp: number): string {
  const hex = cp.toString(16).padStart(cp > 0xffff ? 8 : 4, "0");
  return `${cp > 0xffff ? "\\U" : "\\u"}${hex}`;
}

let separators: string | undefined;

/**
 * The bracket expression of every character that separates words (isWordChar false), as ranges of code points up to
 * WORD_CHARS_ALL_FROM: about 800 of them. NUL (no text holds it) and the surrogates (no character) are left out. Made
 * once, when first needed (some 30 ms).
 */
export function separatorClass(): string {
  if (separators !== undefined) return separators;
  const ranges: string[] = [];
  let start = -1;
  for (let cp = 1; cp <= WORD_CHARS_ALL_FROM; cp++) {
    const surrogate = cp >= 0xd800 && cp <= 0xdfff;
    const separates = cp < WORD_CHARS_ALL_FROM && !surrogate && !isWordChar(String.fromCodePoint(cp));
    if (separates && start < 0) start = cp;
    else if (!separates && start >= 0) {
      const end = cp - 1;
      ranges.push(
        start === end ? escapeCodePoint(start) : `${escapeCodePoint(start)}-${escapeCodePoint(end)}`,
      );
      start = -1;
    }
  }
  separators = `[${ranges.join("")}]`;
  return separators;
}

/** The pattern of a short term where a word starts; the term's own characters taken literally. */
export function wordStartPattern(term: string): string {
  return `(^|${separatorClass()})${term.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")}`;
}

/** The terms' conditions and their parameters, numbered from the query's first free one. */
export interface TermConditions {
  /** The parameters to append to the query's own, in order. */
  params: string[];
  /** Whether `column` holds term k: an SQL condition. */
  holds(column: string, k: number): string;
}

/**
 * Each term as a condition on a folded column: LIKE its text anywhere (LIKE's own characters and its escape, the
 * backslash, taken literally); for a short term also its pattern where a word starts (the LIKE, cheap, first: a text
 * without the letters at all is never matched against the pattern). `first` is the number of the first parameter.
 */
export function termConditions(terms: readonly string[], first: number): TermConditions {
  const likes = terms.map((term) => `%${term.replace(/[\\%_]/g, "\\$&")}%`);
  const patterns: string[] = [];
  const patternOf = terms.map((term) =>
    atWordStartOnly(term) ? first + likes.length + patterns.push(wordStartPattern(term)) - 1 : undefined,
  );
  return {
    params: [...likes, ...patterns],
    holds: (column, k) => {
      const like = `${column} LIKE $${first + k} ESCAPE '\\'`;
      const pattern = patternOf[k];
      return pattern === undefined ? like : `(${like} AND ${column} ~ $${pattern})`;
    },
  };
}
