// How one CSV cell is written. Kept behind this one function so that the shared CSV writer (branch `tidy`) can take
// its place at merge: RFC 4180 quoting, and text that a spreadsheet would run as a formula is made inert.
import { cellText } from "../../annotation/files";

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** =, +, -, @, tab and carriage return start a formula in Excel, LibreOffice and Google Sheets (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = cellText(value);
  // Numbers are data, not formulas: a negative number keeps its sign.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
