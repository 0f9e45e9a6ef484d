// Evidence marked from the keyboard on the review card (ReviewEvidence's word cursor): the row's text cut into words,
// a cursor over them (an anchor word and a focus word, as a text selection has), what a key does to it, and the words
// it covers as offsets of the text, which addEvidence takes as a mouse selection's, and what its live region says as it
// moves. No React, no DOM.
import { REVIEW_FIELDS, type ReviewField } from "../../../contract/workbench";

/** A word of the text: UTF-16 offsets, `end` exclusive (as EvidenceSpan counts). */
export interface TextWord {
  start: number;
  end: number;
}

/**
 * A word is a run of Unicode letters, combining marks (a decomposed „ș”) and digits that starts with a letter or a digit
 * (an emoji's variation selector, U+FE0F in „❤️”, is a mark and no word), kept whole across a hyphen (U+2011 too) or an
 * apostrophe between two of them („într-un”, „s-a”, „social-democrat”, „n'are”: one unit of meaning, one key press),
 * across a dot or a comma between digits („10.000”, „3,5”), and with a # or @ just before it (a hashtag, a mention).
 * Blanks, other punctuation and emoji lie between words and are never a cursor stop.
 */
const WORD =
  /[#@]?[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-‐‑'’][\p{L}\p{N}][\p{L}\p{M}\p{N}]*|(?<=\p{N})[.,]\p{N}+)*/gu;

export function textWords(text: string): TextWord[] {
  return [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Indices into the text's words; the words from the lower to the higher, both included, are selected. */
export interface WordCursor {
  anchor: number;
  focus: number;
}

/** The offsets the cursor's words cover (the blanks and punctuation between them included). */
export function cursorRange(
  words: readonly TextWord[],
  cursor: WordCursor,
): { start: number; end: number } | undefined {
  const first = words[Math.min(cursor.anchor, cursor.focus)];
  const last = words[Math.max(cursor.anchor, cursor.focus)];
  return first && last ? { start: first.start, end: last.end } : undefined;
}

/**
 * Where the cursor starts: over the words a range touches (a mouse selection, the last cursor's words), else on the
 * first word; none in a text without words.
 */
export function startCursor(
  words: readonly TextWord[],
  range?: { start: number; end: number },
): WordCursor | undefined {
  if (words.length === 0) return undefined;
  if (range) {
    const touched = words.flatMap((w, i) => (w.start < range.end && w.end > range.start ? [i] : []));
    if (touched.length > 0) return { anchor: touched[0]!, focus: touched[touched.length - 1]! };
  }
  return { anchor: 0, focus: 0 };
}

export interface CursorKeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** What a key does in the word cursor: move it, mark its words, change the field marked for, or leave. */
export type CursorCommand =
  | { type: "move"; cursor: WordCursor }
  | { type: "mark" }
  | { type: "field"; delta: 1 | -1 }
  | { type: "leave" };

/**
 * ←/→ a word, Home/End the first/last; with Shift they extend the selection from its anchor, without they move a
 * single word. ↑/↓ change the field, Enter marks, Esc leaves. Undefined: a key the cursor does not use (Tab, a
 * browser's Alt+← or Ctrl+… shortcut), left to the browser.
 */
export function cursorCommand(
  e: CursorKeyInput,
  cursor: WordCursor,
  wordCount: number,
): CursorCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.key === "Escape") return { type: "leave" };
  if (wordCount === 0) return undefined;
  const to = (focus: number): CursorCommand => {
    const clamped = Math.max(0, Math.min(wordCount - 1, focus));
    return { type: "move", cursor: { anchor: e.shiftKey ? cursor.anchor : clamped, focus: clamped } };
  };
  switch (e.key) {
    case "ArrowRight":
      return to(cursor.focus + 1);
    case "ArrowLeft":
      return to(cursor.focus - 1);
    case "Home":
      return to(0);
    case "End":
      return to(wordCount - 1);
    case "ArrowDown":
      return { type: "field", delta: 1 };
    case "ArrowUp":
      return { type: "field", delta: -1 };
    case "Enter":
      return { type: "mark" };
  }
  return undefined;
}

/** The text's start or end, when a move ran into it. */
export type CursorEdge = "start" | "end";

/**
 * The edge a move ran into: a ← or Home (with Shift or not) that left the cursor where it was is at the text's start, a
 * → or End at its end (in a one-word text, both). Null for a move that went somewhere: its new words say enough.
 */
export function cursorEdge(key: string, before: WordCursor, after: WordCursor): CursorEdge | null {
  if (before.anchor !== after.anchor || before.focus !== after.focus) return null;
  if (key === "ArrowLeft" || key === "Home") return "start";
  if (key === "ArrowRight" || key === "End") return "end";
  return null;
}

/** What the live region appends to say the same words again: invisible, and no blank a screen reader reads out. */
export const SAY_AGAIN = "\u00a0";

/**
 * The live region's next text. A polite live region is read out when its text changes, so the same message twice in a
 * row (← at the start, again) would be said once: the second time it gets a no-break space at its end, the third time
 * not, and so on, so each key press is said. An empty message (the cursor gone) stays empty.
 */
export function liveText(previous: string, message: string): string {
  return message !== "" && previous === message ? message + SAY_AGAIN : message;
}

/** The evidence field list's order ("" the whole label, then the schema's fields): the next one, held at the ends. */
export function nextEvidenceField(field: ReviewField | "", delta: 1 | -1): ReviewField | "" {
  const order: (ReviewField | "")[] = ["", ...REVIEW_FIELDS];
  const at = Math.max(0, Math.min(order.length - 1, order.indexOf(field) + delta));
  return order[at]!;
}
