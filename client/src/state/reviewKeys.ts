// The review card's keyboard: what a key press does (a key per label of the field in focus, arrows between fields and
// rows, Enter to save, S to skip, ? for the guidelines, V to mark evidence with the keyboard) and where it was pressed
// (typing in the note or the name is text, keys in the evidence word cursor are the cursor's: not labelling keys).
// Re-exported by ./review.ts. No React, no DOM.
import { REVIEW_FIELD_VALUES, type ReviewField } from "../../../contract/workbench";

/** Keys of a field's labels, by position: 1–9, 0, then letters (the topic list has 13 labels). */
export const LABEL_KEYS = "1234567890abcdefghijkl";

export function labelKey(index: number): string {
  return LABEL_KEYS[index] ?? "";
}

export type ReviewCommand =
  | { type: "pick"; field: ReviewField; value: string }
  | { type: "clear"; field: ReviewField }
  | { type: "focus"; delta: number }
  | { type: "guidelines" }
  | { type: "next" }
  | { type: "previous" }
  | { type: "save" }
  | { type: "skip" }
  | { type: "evidence" }
  | { type: "copyModels" };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * Where a key was pressed: on the page (the labelling keys), in the note, in another field one types in (the
 * annotator's name), or in the evidence word cursor (ReviewEvidence). Typing is left to the field: no label, no move,
 * and Enter is a new line in the note; only Ctrl+Enter (⌘+Enter) in the note saves, as in a chat box. The word cursor
 * takes the keys it uses and no other key labels, moves or saves the row while it has the focus.
 */
export type KeyPlace = "page" | "note" | "field" | "evidence";

/** Fields one types in: keys pressed there are text, not labelling keys. */
export const TYPING_SELECTOR = "input, textarea, select, [contenteditable='true']";
/** The note's textarea (ReviewNote). */
export const NOTE_SELECTOR = "[data-testid='review-note']";

/** The evidence word cursor's region while it is on (ReviewEvidence). */
export const EVIDENCE_KEYS_SELECTOR = "[data-evidence-keys]";

/** What keyPlace needs of an event's target (a DOM Element has it). */
interface KeyTarget {
  closest(selector: string): { matches(selector: string): boolean } | null;
}

/** Where a key was pressed, from the event's target: the note, another field one types in, or the page. */
export function keyPlace(target: unknown): KeyPlace {
  const closest = (target as Partial<KeyTarget> | null)?.closest;
  if (typeof closest !== "function") return "page";
  if ((target as KeyTarget).closest(EVIDENCE_KEYS_SELECTOR)) return "evidence";
  const typing = (target as KeyTarget).closest(TYPING_SELECTOR);
  if (!typing) return "page";
  return typing.matches(NOTE_SELECTOR) ? "note" : "field";
}

/** What a key press does on the review screen; undefined leaves the key to the browser. */
export function reviewCommand(
  e: KeyInput,
  field: ReviewField,
  place: KeyPlace = "page",
): ReviewCommand | undefined {
  if (place === "note") {
    return e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.altKey ? { type: "save" } : undefined;
  }
  if (place === "field" || place === "evidence") return undefined;
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  switch (e.key) {
    case "Enter":
      return { type: "save" };
    case "ArrowRight":
    case "PageDown":
      return { type: "next" };
    case "ArrowLeft":
    case "PageUp":
      return { type: "previous" };
    case "ArrowDown":
      return { type: "focus", delta: 1 };
    case "ArrowUp":
      return { type: "focus", delta: -1 };
    case "Backspace":
    case "Delete":
      return { type: "clear", field };
    case "m":
    case "M":
      return { type: "copyModels" };
    // "Sar peste": no label key (LABEL_KEYS stops at "l") is "s".
    case "s":
    case "S":
      return { type: "skip" };
    // Marks evidence with the keyboard (ReviewEvidence's word cursor, „dovadă”): no label key (LABEL_KEYS) is "v".
    case "v":
    case "V":
      return { type: "evidence" };
    // Folds and unfolds the data set's guidelines (GuidelinesPanel): no label key (LABEL_KEYS) nor note key is "?".
    case "?":
      return { type: "guidelines" };
  }
  const index = LABEL_KEYS.indexOf(e.key.toLowerCase());
  const value = index >= 0 ? REVIEW_FIELD_VALUES[field][index] : undefined;
  return value === undefined ? undefined : { type: "pick", field, value };
}
