// The label vocabulary of the fields that are scored against gold: the allowed labels of each field, and how a cell
// from a file (a CSV word, a JSON boolean, "da", "1") becomes one of them.
import { TONES, TOPICS, type EvalField } from "../../contract/annotation";
import { cellText } from "./files";
import type { Label } from "./metrics";

const BOOLEAN_VALUES = ["true", "false"] as const;

/** The allowed labels of each field, in the order reports show them. */
export const FIELD_CLASSES: Record<EvalField, readonly string[]> = {
  ton: TONES,
  populism: BOOLEAN_VALUES,
  anti_elitism: BOOLEAN_VALUES,
  popor_central: BOOLEAN_VALUES,
  tema: TOPICS,
};

const TRUE_WORDS = new Set(["true", "1", "da", "yes", "adevarat", "adevărat"]);
const FALSE_WORDS = new Set(["false", "0", "nu", "no", "fals"]);

/** A boolean cell (JSON true/false, "true", "1", "da"...), or null when it is none. */
export function parseBoolean(raw: unknown): boolean | null {
  const text = cellText(raw).trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** A raw cell as a label of the field, or null when it is not one of the allowed values. */
export function normalizeLabel(field: EvalField, raw: unknown): Label {
  if (raw === null || raw === undefined) return null;
  const text = cellText(raw).trim();
  if (text === "") return null;
  if (FIELD_CLASSES[field] === BOOLEAN_VALUES) {
    const value = parseBoolean(text);
    return value === null ? null : String(value);
  }
  const lower = text.toLowerCase();
  return FIELD_CLASSES[field].includes(lower) ? lower : null;
}
