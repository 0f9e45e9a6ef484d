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
  return { excerpt, start, end: start + (matchEnd - matchStart) };
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
