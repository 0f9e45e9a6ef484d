// The label vocabulary of the fields that are scored against gold, and how a cell from a file (a CSV word, a JSON
// boolean, "da", "1", "Educație") becomes one of them: the rule itself is contract/labels.ts, which the workbench
// page uses too, so a value the page shows as mapped is mapped here.
import type { EvalField } from "../../contract/annotation";
import { booleanOf, FIELD_LABELS, labelOf } from "../../contract/labels";
import { cellText } from "./files";
import type { Label } from "./metrics";

/** The allowed labels of each field, in the order reports show them. */
export const FIELD_CLASSES: Record<EvalField, readonly string[]> = FIELD_LABELS;

/** A boolean cell (JSON true/false, "true", "1", "da"...), or null when it is none. */
export function parseBoolean(raw: unknown): boolean | null {
  return booleanOf(cellText(raw));
}

/** A raw cell as a label of the field, or null when it is not one of the allowed values. */
export function normalizeLabel(field: EvalField, raw: unknown): Label {
  if (raw === null || raw === undefined) return null;
  return labelOf(field, cellText(raw));
}
