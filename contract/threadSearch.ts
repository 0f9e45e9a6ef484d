// GET /api/threads/search: the person's threads that hold every term of a query, case and diacritics folded (ș/ş/s,
// ț/ţ/t, ă/â/a, î/i: contract/text.ts's foldDiacritics), with an excerpt of the message holding the most of them. The
// terms (queryTerms) are the query's words, in any order, and its "quoted phrases", each found whole; a thread holds a
// term when its title or any of its messages does, so "pensii guvern" finds a thread that speaks of "guvernul" in one
// message and of "pensiile" in the next, as a mail search finds a conversation. The matching is plain text (no
// wildcards): "50%" finds "50%", "a_b" finds "a_b" only; a term under three characters only where a word starts ("ue"
// finds "UE", not "influența": termPlaces).
import { z } from "zod";
import { foldDiacritics } from "./text";
import type { Thread } from "./threads";

/** Queries, and terms of a query, shorter than this are the client's title filter's business. */
export const THREAD_SEARCH_MIN = 2;
export const THREAD_SEARCH_MAX = 200;
export const THREAD_SEARCH_LIMIT = 30;
/**
 * The terms a query is searched by, the first ones; the rest are left out. Every term is a condition of its own (on
 * SQLite one that a term under three characters checks by folding the thread's messages again), and eight words find
 * a pasted sentence as well as forty.
 */
export const THREAD_SEARCH_MAX_TERMS = 8;

export const ThreadSearchQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .min(THREAD_SEARCH_MIN)
      .max(THREAD_SEARCH_MAX)
      .refine((q) => queryTerms(q).length > 0, {
        message: `trebuie să aibă un cuvânt de cel puțin ${THREAD_SEARCH_MIN} caractere`,
        params: { en: `needs a word of ${THREAD_SEARCH_MIN} characters or more` },
      }),
    limit: z
      .string()
      .regex(/^\d{1,3}$/)
      .transform(Number)
      .refine((n) => n >= 1 && n <= THREAD_SEARCH_LIMIT, "limit")
      .optional(),
    /** "1": only the asker's own threads (an admin's list showing their own; everyone else sees only theirs anyway). */
    mine: z.literal("1").optional(),
  })
  .strict();
export type ThreadSearchQuery = z.infer<typeof ThreadSearchQuerySchema>;

/** Where a message matched: an excerpt of its text and the match's place in the excerpt (UTF-16 offsets). */
export interface ThreadSearchMatch {
  messageId: string;
  role: "user" | "assistant";
  /** About 160 characters around the longest term's first place; "…" marks text left out at either end. */
  excerpt: string;
  /** The matched text is excerpt.slice(start, end). */
  start: number;
  end: number;
  /**
   * Every place in the excerpt that holds a term of the query, in order, start..end among them: the words are
   * marked wherever they occur, as ChatGPT's and Open WebUI's results mark them. Absent from an older server's answer.
   */
  marks?: TextRange[];
}

/** A range of a text, UTF-16 offsets, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

export interface ThreadSearchHit {
  thread: Thread;
  /**
   * The message holding the most of the query's terms (the first such in the thread's order); none when only the
   * title holds them.
   */
  match?: ThreadSearchMatch;
}

export interface ThreadSearchResponse {
  threads: ThreadSearchHit[];
}

/** Text as search compares it: runs of white space as one space, then folded. SQLite calls it in SQL. */
export function foldForSearch(text: string): string {
  return foldDiacritics(text.replace(/\s+/g, " "));
}

/**
 * A term this many characters long or longer is found anywhere, inside a word too ("guvern" in "Guvernul", "pensii" in
 * "pensiile"); a shorter one only where a word starts ("ue" finds "UE", "(UE)", "UE-ului", "#ue" and "uefa", not
 * "influența"; "25" finds "25%", not "2025"): a short term means a word (an abbreviation, a number) or the start of
 * one being typed, and inside words two letters are everywhere. Both stores and the marks follow termPlaces.
 */
export const THREAD_SEARCH_SUBSTRING_MIN = 3;

/** Whether a folded term is found only where a word starts (see THREAD_SEARCH_SUBSTRING_MIN). */
export function atWordStartOnly(term: string): boolean {
  return [...term].length < THREAD_SEARCH_SUBSTRING_MIN;
}

/**
 * Code points from here on (CJK ideographs, private use) all count as word characters, so that PostgreSQL's pattern
 * (server/storage/pgSearchTerms.ts) lists the others in a class of its own as this module reads them.
 */
export const WORD_CHARS_ALL_FROM = 0x20000;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;
/**
 * Marks that belong to an emoji, not to a word: the variation selectors of the Basic Multilingual Plane (U+FE00–FE0F,
 * the one of „❤️”) and the keycap's U+20E3. Those of the supplement (U+E0100 on, after ideographs) are past
 * WORD_CHARS_ALL_FROM, inside the words they vary.
 */
const EMOJI_MARK = /^[\ufe00-\ufe0f\u20e3]$/u;

/**
 * Whether a character belongs to a word: a letter, a digit or a combining mark of any script, or "_" ("a_b" is one
 * word, as queryTerms keeps it). White space, punctuation, symbols and emoji separate words.
 */
export function isWordChar(char: string): boolean {
  if ((char.codePointAt(0) ?? 0) >= WORD_CHARS_ALL_FROM) return true;
  return WORD_CHAR.test(char) && !EMOJI_MARK.test(char);
}

/** The character that ends just before `at` in `text` (a surrogate pair whole); "" at the text's start. */
function charBefore(text: string, at: number): string {
  if (at <= 0) return "";
  const low = text.charCodeAt(at - 1);
  if (at >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(at - 2, at);
  }
  return text.charAt(at - 1);
}

/** Whether `at` is a place where the folded term counts: anywhere for a long term, a word's start for a short one. */
function countsAt(folded: string, at: number, shortTerm: boolean): boolean {
  return !shortTerm || !isWordChar(charBefore(folded, at));
}

/**
 * Where the folded text holds the folded term as the search finds it (THREAD_SEARCH_SUBSTRING_MIN), left to right; a
 * place found is not searched again for the term, an overlap with it can only be marked with it.
 */
export function termPlaces(folded: string, term: string): number[] {
  const places: number[] = [];
  if (!term) return places;
  const shortTerm = atWordStartOnly(term);
  for (let at = folded.indexOf(term); at >= 0;) {
    const counts = countsAt(folded, at, shortTerm);
    if (counts) places.push(at);
    at = folded.indexOf(term, at + (counts ? term.length : 1));
  }
  return places;
}

/** Whether a folded text holds a folded term (SQLite's search_holds; PostgreSQL's pattern says the same). */
export function holdsTerm(folded: string, term: string): boolean {
  if (!atWordStartOnly(term)) return folded.includes(term);
  for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1))
    if (countsAt(folded, at, true)) return true;
  return false;
}

/** A word or a "quoted phrase": a quote opens a phrase, the next one (or the end of the query) closes it. */
const TERM_RE = /"([^"]*)"?|[^\s"]+/g;

/**
 * What surrounds a word or a phrase and is not part of it: anything but letters, digits and the marks that may start
 * ("#rezist", "@guvernul") or end ("50%", "a_b") a searched term ("pensii," "(guvern)" "‘pensii’" "*x*" "-guvern-").
 */
const TERM_EDGES = /^[^\p{L}\p{N}%_#@]+|[^\p{L}\p{N}\p{M}%_]+$/gu;

/**
 * The query's terms as the stores look for them, each folded by foldForSearch: its words (split at white space) and
 * its "quoted phrases" (kept whole, their white space runs as one space; a quote left open runs to the end of the
 * query, so a phrase being typed is already searched as one). The quotes themselves are never searched for, nor is
 * the punctuation around a word or a phrase ("pensii, guvern" looks for "pensii" and "guvern"; "--" for nothing). Only the first
 * THREAD_SEARCH_MAX_TERMS terms count. Terms
 * shorter than THREAD_SEARCH_MIN characters are left out ("pensii a" looks for "pensii": a single letter is in
 * almost every thread), and so are repeats; a query left with no term finds nothing (the route refuses it).
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const [word, phrase] of query.matchAll(TERM_RE)) {
    const term = foldForSearch((phrase ?? word).trim().replace(TERM_EDGES, "")).trim();
    if ([...term].length >= THREAD_SEARCH_MIN && !terms.includes(term)) terms.push(term);
    if (terms.length === THREAD_SEARCH_MAX_TERMS) break;
  }
  return terms;
}

/**
 * Every place of `text` that holds one of the folded terms, as ranges of `text` itself (not of its folded copy), left
 * to right, overlapping or touching ones joined into one; white space runs count as one space, as in the search, and
 * a combining mark after a letter belongs to it. The excerpt's marks and the opened message's marked words
 * (client/src/components/MessageList.tsx) both come from here.
 */
export function matchRanges(text: string, terms: readonly string[]): TextRange[] {
  let folded = "";
  /** For each folded UTF-16 unit: where the character it came from starts and ends in `text`. */
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  let inSpace = false;
  for (const char of text) {
    const end = i + char.length;
    if (/\s/.test(char)) {
      if (inSpace) to[to.length - 1] = end;
      else {
        folded += " ";
        from.push(i);
        to.push(end);
      }
      inSpace = true;
    } else {
      inSpace = false;
      const f = foldDiacritics(char);
      // A mark that folds to nothing (a decomposed diacritic) extends the letter before it.
      if (f === "" && to.length > 0) to[to.length - 1] = end;
      for (let k = 0; k < f.length; k++) {
        from.push(i);
        to.push(end);
      }
      folded += f;
    }
    i = end;
  }
  const found: TextRange[] = [];
  for (const term of terms) {
    for (const at of termPlaces(folded, term)) {
      found.push({ start: from[at] ?? 0, end: to[at + term.length - 1] ?? text.length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const ranges: TextRange[] = [];
  for (const range of found) {
    const last = ranges[ranges.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else ranges.push({ ...range });
  }
  return ranges;
}

const EXCERPT_BEFORE = 50;
const EXCERPT_AFTER = 110;

/** Cuts at a space near `at` (within 15 characters, towards the match), so an excerpt does not start mid-word. */
function wordEdge(text: string, at: number, towards: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  const step = towards > at ? 1 : -1;
  for (let k = 0, i = at; k < 15 && i !== towards; k++, i += step) if (/\s/.test(text[i] ?? "")) return i;
  return at;
}

/**
 * An excerpt of `text` around the first place that holds the longest of the folded terms it holds, or null when it
 * holds none. Its marks are every place of the excerpt that holds a term, that place (start..end) among them.
 */
export function excerptAround(
  text: string,
  terms: readonly string[],
): Omit<ThreadSearchMatch, "messageId" | "role"> | null {
  const flat = text.replace(/\s+/g, " ");
  const ranges = matchRanges(flat, terms);
  if (ranges.length === 0) return null;
  // Around the longest term the text holds, the most telling one: "de" is in every sentence, "pensiile" is not.
  // Of terms as long, the one found first.
  const anchor = terms
    .map((term) => ({ length: term.length, range: matchRanges(flat, [term])[0] }))
    .filter((found): found is { length: number; range: TextRange } => found.range !== undefined)
    .sort((x, y) => y.length - x.length || x.range.start - y.range.start)[0]!.range;
  // The marked place that holds it (terms next to each other are one mark).
  const first = ranges.find((r) => r.start <= anchor.start && r.end >= anchor.end) ?? anchor;
  const cutStart = wordEdge(flat, Math.max(0, first.start - EXCERPT_BEFORE), first.start);
  const cutEnd = wordEdge(flat, Math.min(flat.length, first.end + EXCERPT_AFTER), first.end);
  const head = cutStart > 0 ? "…" : "";
  const body = flat.slice(cutStart, cutEnd);
  const lead = body.length - body.trimStart().length;
  const shown = body.trim();
  const excerpt = `${head}${shown}${cutEnd < flat.length ? "…" : ""}`;
  // The ranges of the text that the excerpt shows whole, moved to the excerpt's offsets.
  const shift = head.length - cutStart - lead;
  const marks = ranges
    .filter((r) => r.start >= cutStart + lead && r.end <= cutStart + lead + shown.length)
    .map((r) => ({ start: r.start + shift, end: r.end + shift }));
  const match = { start: first.start + shift, end: first.end + shift };
  return { excerpt, start: match.start, end: match.end, marks: marks.length > 0 ? marks : [match] };
}

/** The parts of an excerpt to draw, the match marked: text nodes only, so nothing in a message becomes markup. */
export function excerptParts(match: Pick<ThreadSearchMatch, "excerpt" | "start" | "end">): {
  before: string;
  hit: string;
  after: string;
} {
  const { excerpt, start, end } = match;
  const s = Math.max(0, Math.min(start, excerpt.length));
  const e = Math.max(s, Math.min(end, excerpt.length));
  return { before: excerpt.slice(0, s), hit: excerpt.slice(s, e), after: excerpt.slice(e) };
}

/** The excerpt as runs of text, the marked ones (every mark, or the match alone without marks) flagged. */
export function excerptSegments(
  match: Pick<ThreadSearchMatch, "excerpt" | "start" | "end" | "marks">,
): { text: string; marked: boolean }[] {
  const { excerpt } = match;
  const marks = match.marks ?? [{ start: match.start, end: match.end }];
  const segments: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const mark of marks) {
    const s = Math.max(at, Math.min(mark.start, excerpt.length));
    const e = Math.max(s, Math.min(mark.end, excerpt.length));
    if (s > at) segments.push({ text: excerpt.slice(at, s), marked: false });
    if (e > s) segments.push({ text: excerpt.slice(s, e), marked: true });
    at = e;
  }
  if (at < excerpt.length) segments.push({ text: excerpt.slice(at), marked: false });
  return segments;
}

/** The rows a store reads for a search: a thread and its messages' texts in the thread's order. */
export interface SearchableMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
}

/** The match to show in a message: its excerpt around the terms, or undefined when it holds none of them. */
function matchIn(message: SearchableMessage, terms: readonly string[]): ThreadSearchMatch | undefined {
  const around = excerptAround(message.text, terms);
  return around ? { messageId: message.id, role: message.role, ...around } : undefined;
}

/**
 * The hit for a thread a store found holding every term, with `best` its message holding the most of them (the
 * first such in the thread's order; none when only the title holds them).
 */
export function foundHit(
  thread: Thread,
  best: SearchableMessage | undefined,
  terms: readonly string[],
): ThreadSearchHit {
  const match = best && matchIn(best, terms);
  return match ? { thread, match } : { thread };
}

/**
 * The hit for one thread, all its messages given in its order, or null: each term is in its title or in one of its
 * messages (not necessarily the same one, as a mail search matches a conversation). Shared by both stores' paths
 * that read the messages themselves.
 */
export function searchHit(
  thread: Thread,
  messages: readonly SearchableMessage[],
  terms: readonly string[],
): ThreadSearchHit | null {
  if (terms.length === 0) return null;
  const title = foldForSearch(thread.title);
  const missing = new Set(terms.filter((term) => !holdsTerm(title, term)));
  let best: SearchableMessage | undefined;
  let most = 0;
  for (const m of messages) {
    const folded = foldForSearch(m.text);
    const held = terms.filter((term) => holdsTerm(folded, term));
    for (const term of held) missing.delete(term);
    if (held.length > most) {
      best = m;
      most = held.length;
    }
  }
  return missing.size === 0 ? foundHit(thread, best, terms) : null;
}
