// Recovering the good rows a broken quote swallowed. A field that opens a quote and never closes it runs on over
// the following lines until some later quote ends it; csv-parse then hands back one record made of several rows
// (or skips it for its wrong field count). Re-read line by line, each of those physical lines that stands on its
// own becomes a row again, and each that does not is reported with its own line number: nothing is lost silently.
import { parse as parseSync } from "csv-parse/sync";
import { restoreFormula } from "../../../contract/csvCell";
import type { CsvLayout } from "./csvLayout";
import type { ReaderEvent } from "./types";

const LINE_BREAK_RE = /\r\n|\n|\r/;

/**
 * A physical line stands on its own when it holds an even number of quote characters (every quote it opens, it
 * closes) and reads as exactly the file's number of fields. A line with an odd count is either where a broken quote
 * opened or a piece of a real multi-line cell ("…\nscris cu Alt+Enter.\",2024"): neither is a row by itself.
 */
function standAloneFields(line: string, layout: CsvLayout): string[] | undefined {
  if ((line.match(/"/g)?.length ?? 0) % 2 === 1) return undefined;
  let records: string[][];
  try {
    records = parseSync(line, { delimiter: layout.delimiter, relax_quotes: true, relax_column_count: true });
  } catch (err) {
    // A line csv-parse cannot read is reported by the caller as a skipped line; the reason goes with it.
    if (err instanceof Error) return undefined;
    throw err;
  }
  const [fields] = records;
  return records.length === 1 && fields && fields.length === layout.columns.length ? fields : undefined;
}

/** A row's fields keyed by column name; our own exports' formula guard (an apostrophe) comes off. */
export function rowFields(record: string[], layout: CsvLayout): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < layout.columns.length; i += 1) {
    const cell = record[i];
    fields[layout.columns[i]!] = cell === undefined ? cell : restoreFormula(cell);
  }
  return fields;
}

/**
 * The raw text of a record that spans `endLine` back over its line breaks, split into physical lines with their
 * numbers. Blank lines before the record (csv-parse keeps them in `raw` when it skips empty lines) are dropped.
 */
export function physicalLines(raw: string, endLine: number): { line: number; text: string }[] {
  const lines = raw.replace(/(\r\n|\n|\r)$/, "").split(LINE_BREAK_RE);
  const first = endLine - (lines.length - 1);
  return lines.map((text, i) => ({ line: first + i, text })).filter((l) => l.text.trim() !== "");
}

/** Whether a record's raw text runs over more than one physical line. */
export function spansLines(raw: string): boolean {
  return physicalLines(raw, 0).length > 1;
}

/**
 * Re-reads a record that ran over several lines and turned out wrong (an unclosed quote, or a wrong field count):
 * the lines that stand on their own come back as rows, the others as skips naming their line.
 */
export function recoverLines(
  raw: string,
  endLine: number,
  fileLabel: string,
  layout: CsvLayout,
  why: string,
): ReaderEvent[] {
  const lines = physicalLines(raw, endLine);
  const span = `${lines[0]?.line ?? endLine}–${endLine}`;
  return lines.map(({ line, text }): ReaderEvent => {
    const fields = standAloneFields(text, layout);
    if (fields) return { kind: "row", origin: { file: fileLabel, line }, fields: rowFields(fields, layout) };
    return {
      kind: "skip",
      origin: { file: fileLabel, line },
      reason: "csv_malformed",
      detail: `${why}: liniile ${span} au fost citite ca un singur rând; linia ${line} nu este un rând întreg`,
    };
  });
}
