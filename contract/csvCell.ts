// The spreadsheet-safety rule for a CSV cell, shared by the one CSV writer (server/export/csv.ts) and the CSV
// readers (corpus import, annotation files), so that what one side adds the other removes and nothing else.
//
// A spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (OWASP,
// "CSV Injection"); Apple Numbers also reads the full-width ＝ ＋ － ＠ that way. Corpus comments and model
// output are text that nobody here controls, so the writer prefixes such a cell with an apostrophe, which makes
// Excel and LibreOffice show it as text. A cell that already begins with apostrophes followed by one of those
// characters gets one more, so that the reader, which removes exactly one leading apostrophe where apostrophes
// stand before one of those characters, gives back the original text for every cell: export → import is exact.

// The characters that start a formula: = + - @ tab CR, and the full-width = + - @.
const TRIGGER = "[=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]";
const FORMULA_START = new RegExp(`^'*${TRIGGER}`);
const NEUTRALIZED = new RegExp(`^'+${TRIGGER}`);
const APOSTROPHE = 0x27;

/** A text cell as written to a CSV: with a leading apostrophe when a spreadsheet would run it as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text cell as read from a CSV: without the apostrophe that `neutralizeFormula` added. */
export function restoreFormula(text: string): string {
  return text.charCodeAt(0) === APOSTROPHE && NEUTRALIZED.test(text) ? text.slice(1) : text;
}

/** A cell of a CSV written in the browser: formula-safe as above, quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
