// Rows of the first sheet of an XLSX workbook, streamed (exceljs' WorkbookReader: the sheet is never held whole),
// every cell as text; the first row is the header. The corpus import and the workbench's uploads both read them.
import type { Row } from "exceljs";
import type { ReaderEvent } from "./types";

export interface SheetRow {
  /** 1-based row number in the sheet. */
  line: number;
  cells: string[];
}

/** A cell's value as text: rich text joined, formulas by their result, dates as ISO days or times. */
export function cellToText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join("");
    if (v.text !== undefined) return cellToText(v.text);
    if ("result" in v) return cellToText(v.result);
    if (v.error) return v.error;
  }
  return JSON.stringify(value);
}

function rowCells(row: Row): string[] {
  const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
  // exceljs' values are 1-based: index 0 is always empty.
  return values.slice(1).map(cellToText);
}

/** Streams the first worksheet's rows; the sheet's name comes with the first row. */
export async function* readXlsx(file: string): AsyncGenerator<SheetRow & { sheet: string }> {
  const { default: ExcelJS } = await import("exceljs");
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    worksheets: "emit",
    hyperlinks: "ignore",
    // Styles carry the number formats that tell a date from a number (without them a date is a serial number).
    styles: "cache",
    entries: "ignore",
  });
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name?: string }).name ?? "Sheet1";
    for await (const row of sheet as AsyncIterable<Row>) {
      yield { line: row.number, cells: rowCells(row), sheet: name };
    }
    // Only the first sheet is read.
    return;
  }
}

/** Column names of a header row: blanks become colN, repeats get a suffix (as the CSV importer names them). */
export function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const name = raw.trim() || `col${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/**
 * The first sheet as import rows: the header row names the columns, every later row that is not blank becomes a
 * row event with its sheet row number as its line. `onSheet` learns the sheet's name and columns.
 */
export async function* readXlsxRows(
  file: string,
  fileLabel: string,
  onSheet?: (sheet: string, columns: string[]) => void,
): AsyncGenerator<ReaderEvent> {
  let columns: string[] | null = null;
  for await (const row of readXlsx(file)) {
    if (!columns) {
      columns = headerNames(row.cells);
      onSheet?.(row.sheet, columns);
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === "")) continue;
    const fields: Record<string, unknown> = {};
    columns.forEach((column, i) => (fields[column] = row.cells[i] ?? ""));
    yield { kind: "row", origin: { file: fileLabel, line: row.line }, fields };
  }
}
