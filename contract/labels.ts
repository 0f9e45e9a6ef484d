// How a value someone wrote (a gold cell, a value map's target) becomes a label of its field: the one rule the
// workbench page (its mapping preview) and the server (the import, `evaluate`'s gold) share, so they cannot disagree.
import { TONES, TOPICS, type EvalField } from "./annotation";
import { foldDiacritics } from "./text";

const BOOLEAN_LABELS = ["true", "false"] as const;

/** The labels of each field as stored (topics folded, booleans as "true"/"false"), in the order reports show them. */
export const FIELD_LABELS: Record<EvalField, readonly string[]> = {
  ton: TONES,
  populism: BOOLEAN_LABELS,
  anti_elitism: BOOLEAN_LABELS,
  popor_central: BOOLEAN_LABELS,
  tema: TOPICS,
};

// Folded, as the value is folded before the look-up: "Adevărat" and "adevarat" are one word.
const TRUE_WORDS: ReadonlySet<string> = new Set(["true", "1", "da", "yes", "adevarat"]);
const FALSE_WORDS: ReadonlySet<string> = new Set(["false", "0", "nu", "no", "fals"]);

/** A written boolean ("da", "Adevărat", "1", "false"...), or null when it is none. */
export function booleanOf(value: string): boolean | null {
  const word = foldDiacritics(value.trim());
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/**
 * A written value as a label of the field, or null when it is none. Case, surrounding spaces and diacritics do not
 * count (cedilla and comma-below alike): "Educație", "educatie" and "EDUCAŢIE" are all `educatie`, since the labels
 * themselves are folded and people write Romanian both with and without diacritics. No two labels of a field fold
 * to the same word, so folding never makes a value ambiguous.
 */
export function labelOf(field: EvalField, value: string): string | null {
  const labels = FIELD_LABELS[field];
  if (labels === BOOLEAN_LABELS) {
    const bool = booleanOf(value);
    return bool === null ? null : String(bool);
  }
  const folded = foldDiacritics(value.trim());
  return labels.find((label) => label === folded) ?? null;
}
