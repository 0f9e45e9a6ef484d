// GET /api/threads/search: the person's threads whose title or any message holds a query, case and diacritics folded
// (ș/ş/s, ț/ţ/t, ă/â/a, î/i: contract/text.ts's foldDiacritics), with an excerpt of the first matching message around
// the match. The matching is plain text (no wildcards): "50%" finds "50%", "a_b" finds "a_b" only.
import { z } from "zod";
import { foldDiacritics } from "./text";
import type { Thread } from "./threads";

/** Queries shorter than this are the client's title filter's business. */
export const THREAD_SEARCH_MIN = 2;
export const THREAD_SEARCH_MAX = 200;
export const THREAD_SEARCH_LIMIT = 30;

export const ThreadSearchQuerySchema = z
  .object({
    q: z.string().trim().min(THREAD_SEARCH_MIN).max(THREAD_SEARCH_MAX),
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
  /** At most about EXCERPT_CHARS characters around the match; "…" marks text left out at either end. */
  excerpt: string;
  /** The matched text is excerpt.slice(start, end). */
  start: number;
  end: number;
  /**
   * Every place in the excerpt that holds the query, in order, the first being start..end: the words are marked
   * wherever they occur, as ChatGPT's and Open WebUI's results mark them. Absent from an older server's answer.
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
  /** The first message (in the thread's order) that holds the query; none when only the title does. */
  match?: ThreadSearchMatch;
}

export interface ThreadSearchResponse {
  threads: ThreadSearchHit[];
}

/**
 * The text folded as foldDiacritics folds it, with where each folded UTF-16 unit came from in the original, so that a
 * match in the folded text is a range of the original text (NFD letters, ligatures and "İ" change the length).
 */
function foldWithMap(text: string): { folded: string; from: number[] } {
  let folded = "";
  const from: number[] = [];
  let i = 0;
  for (const char of text) {
    const f = foldDiacritics(char);
    for (let k = 0; k < f.length; k++) from.push(i);
    folded += f;
    i += char.length;
  }
  from.push(text.length);
  return { folded, from };
}

/** Text as search compares it: runs of white space as one space, then folded. SQLite calls it in SQL. */
export function foldForSearch(text: string): string {
  return foldDiacritics(text.replace(/\s+/g, " "));
}

/** The query as the stores compare it: trimmed and folded. */
export function foldQuery(query: string): string {
  return foldForSearch(query.trim());
}

/** True when `text` holds the (folded) query. */
export function textMatches(text: string, foldedQuery: string): boolean {
  return foldedQuery !== "" && foldForSearch(text).includes(foldedQuery);
}

/**
 * Every place of `text` that holds the folded query, as ranges of `text` itself (not of its folded copy), left to
 * right and not overlapping; white space runs count as one space, as in the search. The excerpt's marks and the
 * opened message's marked words (client/src/components/MessageList.tsx) both come from here.
 */
export function matchRanges(text: string, foldedQuery: string): TextRange[] {
  if (!foldedQuery) return [];
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
      for (let k = 0; k < f.length; k++) {
        from.push(i);
        to.push(end);
      }
      folded += f;
    }
    i = end;
  }
  const ranges: TextRange[] = [];
  for (
    let at = folded.indexOf(foldedQuery);
    at >= 0;
    at = folded.indexOf(foldedQuery, at + foldedQuery.length)
  ) {
    ranges.push({ start: from[at] ?? 0, end: to[at + foldedQuery.length - 1] ?? text.length });
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

/** An excerpt of `text` around its first match of the folded query, or null when it does not match. */
export function excerptAround(
  text: string,
  foldedQuery: string,
): Omit<ThreadSearchMatch, "messageId" | "role"> | null {
  if (!foldedQuery) return null;
  const flat = text.replace(/\s+/g, " ");
  const { folded, from } = foldWithMap(flat);
  const at = folded.indexOf(foldedQuery);
  if (at < 0) return null;
  const matchStart = from[at] ?? 0;
  const matchEnd = from[at + foldedQuery.length] ?? flat.length;
  const cutStart = wordEdge(flat, Math.max(0, matchStart - EXCERPT_BEFORE), matchStart);
  const cutEnd = wordEdge(flat, Math.min(flat.length, matchEnd + EXCERPT_AFTER), matchEnd);
  const head = cutStart > 0 ? "…" : "";
  const body = flat.slice(cutStart, cutEnd);
  const lead = body.length - body.trimStart().length;
  const excerpt = `${head}${body.trim()}${cutEnd < flat.length ? "…" : ""}`;
  const start = head.length + matchStart - cutStart - lead;
  const end = start + (matchEnd - matchStart);
  // The first mark is the match itself; the others are its later occurrences that the excerpt shows whole.
  const later = matchRanges(excerpt.slice(end), foldedQuery).map((r) => ({
    start: r.start + end,
    end: r.end + end,
  }));
  return { excerpt, start, end, marks: [{ start, end }, ...later] };
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

/** The hit for one thread, or null: its title or a message holds the query. Shared by both stores. */
export function searchHit(
  thread: Thread,
  messages: readonly SearchableMessage[],
  foldedQuery: string,
): ThreadSearchHit | null {
  for (const m of messages) {
    const around = excerptAround(m.text, foldedQuery);
    if (around) return { thread, match: { messageId: m.id, role: m.role, ...around } };
  }
  return textMatches(thread.title, foldedQuery) ? { thread } : null;
}
