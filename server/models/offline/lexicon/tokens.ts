// Tokens of `offline:lexicon`: words with their sentence and clause, folded once and looked up in the pattern index.
// Word candidates are cached by folded form: comment vocabularies are Zipfian, so most lookups are hits.
import { foldDiacritics, stem } from "../../../../contract/text";
import {
  exactIndex,
  exclusions,
  prefixIndex,
  prefixLengths,
  stemIndex,
  surfaceExclusions,
  type Entry,
  type TokenPattern,
} from "./patterns";

interface TokenInfo {
  /** The folded token with letters repeated for emphasis squeezed ("hoțiiii" → "hoti"); what patterns see. */
  form: string;
  stem: string;
  /** Entries whose first pattern matches this token (exclusions already applied). */
  candidates: Entry[];
  /** Lists whose exclusions this token hits; null when none. */
  excluded: Set<number> | null;
}

export interface Token {
  surface: string;
  info: TokenInfo;
  /** Lists vetoed by a case-sensitive exclusion of this exact surface form; null when none. */
  veto: Set<number> | null;
  start: number;
  end: number;
  sentence: number;
  clause: number;
  quoted: boolean;
}

const CACHE_LIMIT = 100_000;
const tokenCache = new Map<string, TokenInfo>();

export function matchesPattern(
  pattern: TokenPattern,
  folded: string,
  tokenStem: string,
  surface: string,
): boolean {
  switch (pattern.kind) {
    case "exact":
      return folded === pattern.value;
    case "stem":
      return tokenStem === pattern.value;
    case "prefix":
      return folded.startsWith(pattern.value);
    case "upper":
      return surface === pattern.value;
    case "gap":
      return false;
  }
}

function collectCandidates(bucket: Entry[] | undefined, excluded: Set<number> | null, into: Entry[]): void {
  if (!bucket) return;
  for (const entry of bucket) if (!excluded?.has(entry.list)) into.push(entry);
}

const ELONGATED = /(\p{L})\1{2,}/u;
const ELONGATED_ALL = /(\p{L})\1{2,}/gu;

function tokenInfo(folded: string): TokenInfo {
  const cached = tokenCache.get(folded);
  if (cached) return cached;
  // Three or more of the same letter never occur in Romanian spelling: they are emphasis ("iubireee").
  const form = ELONGATED.test(folded) ? folded.replace(ELONGATED_ALL, "$1") : folded;
  const tokenStem = stem(form);
  let excluded: Set<number> | null = null;
  for (const { list, pattern } of exclusions) {
    if (matchesPattern(pattern, form, tokenStem, form)) (excluded ??= new Set()).add(list);
  }
  const candidates: Entry[] = [];
  collectCandidates(exactIndex.get(form), excluded, candidates);
  collectCandidates(stemIndex.get(tokenStem), excluded, candidates);
  for (const length of prefixLengths) {
    if (length > form.length) break;
    collectCandidates(prefixIndex.get(form.slice(0, length)), excluded, candidates);
  }
  const info: TokenInfo = { form, stem: tokenStem, candidates, excluded };
  if (tokenCache.size >= CACHE_LIMIT) tokenCache.clear();
  tokenCache.set(folded, info);
  return info;
}

const NON_ASCII = /[^\x00-\x7f]/u;
const NON_ASCII_ALL = /[^\x00-\x7f]/gu;
const foldedChars = new Map<string, string>();

/** `foldDiacritics` one character at a time (cached), so that offsets in the folded text match the original. */
export function foldAligned(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length || !NON_ASCII.test(lower)) return lower;
  return lower.replace(NON_ASCII_ALL, (char) => {
    let folded = foldedChars.get(char);
    if (folded === undefined) {
      const candidate = foldDiacritics(char);
      folded = candidate.length === char.length ? candidate : char;
      if (foldedChars.size < 10_000) foldedChars.set(char, folded);
    }
    return folded;
  });
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
const SENTENCE_BREAK = /[.!?…\n]/;
const CLAUSE_BREAK = /[,;:()[\]]|\s[-–—]\s/;
const QUOTE_CHARS = /[„“”"«»]/;
const QUOTED_SPAN = /[„“"«]([^„“”"«»\n]{1,80})[”“"»]/g;
/** Longer quoted passages are citations, not scare quotes. */
const MAX_SCARE_QUOTE_TOKENS = 4;

/** Case-sensitive patterns start with A-Z (checked at load), so other tokens skip those lookups. */
export function startsWithCapital(surface: string): boolean {
  const first = surface.charCodeAt(0);
  return first >= 65 && first <= 90;
}

export function tokenizeText(text: string): Token[] {
  const folded = foldAligned(text);
  const aligned = folded.length === text.length;
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let previousEnd = -1;
  WORD_RE.lastIndex = 0;
  for (let match = WORD_RE.exec(text); match; match = WORD_RE.exec(text)) {
    const start = match.index;
    const surface = match[0];
    const end = start + surface.length;
    if (previousEnd >= 0 && !(start - previousEnd === 1 && " -'".includes(text[previousEnd] ?? ""))) {
      const gap = text.slice(previousEnd, start);
      if (SENTENCE_BREAK.test(gap)) {
        sentence++;
        clause++;
      } else if (CLAUSE_BREAK.test(gap)) clause++;
    }
    const foldedToken = aligned ? folded.slice(start, end) : foldDiacritics(surface);
    tokens.push({
      surface,
      info: tokenInfo(foldedToken),
      veto: startsWithCapital(surface) ? (surfaceExclusions.get(surface) ?? null) : null,
      start,
      end,
      sentence,
      clause,
      quoted: false,
    });
    previousEnd = end;
  }
  if (QUOTE_CHARS.test(text)) markScareQuotes(text, tokens);
  return tokens;
}

function markScareQuotes(text: string, tokens: Token[]): void {
  for (const match of text.matchAll(QUOTED_SPAN)) {
    const from = match.index;
    const to = from + match[0].length;
    const inside = tokens.filter((token) => token.start > from && token.end < to);
    if (inside.length > 0 && inside.length <= MAX_SCARE_QUOTE_TOKENS)
      for (const token of inside) token.quoted = true;
  }
}
