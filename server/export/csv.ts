// Every CSV file EchoChamber writes goes through here (annotate --out *.csv, export-labels, a comparison's
// results.csv, and any export a page adds): RFC 4180 quoting by csv-stringify, UTF-8 with a byte-order mark so that
// Excel keeps the diacritics, and text cells neutralised against formula injection (contract/csvCell.ts says how;
// the CSV readers undo it, so an exported file imported again gives back the original text).
import { stringify, type Options } from "csv-stringify/sync";
import { neutralizeFormula } from "../../contract/csvCell";

/** The UTF-8 byte-order mark that starts every CSV file we write. */
export const CSV_BOM = "\ufeff";

const OPTIONS: Options = {
  delimiter: ",",
  record_delimiter: "\n",
  // A field holding a line break of either kind is quoted (with a record_delimiter given, csv-stringify
  // would otherwise quote only for "\n", and a bare "\r" would split the record for a reader).
  quote_record_delimiter: true,
  eof: true,
  // Leading or trailing blanks are quoted, so that no reader trims them away.
  quoted_match: [/^\s/, /\s$/],
  cast: {
    string: (value) => neutralizeFormula(value),
    // true/false, not csv-stringify's 1/"": the readers (evaluate, annotate's resume) parse these words.
    boolean: (value) => String(value),
    number: (value) => String(value),
    bigint: (value) => String(value),
    date: (value) => value.toISOString(),
    // Lists and objects (an annotation's evidence) as JSON, which a spreadsheet shows as text.
    object: (value) => neutralizeFormula(JSON.stringify(value)),
  },
};

/** One record, ending in "\n": for files written a row at a time. */
export function csvRecord(values: readonly unknown[]): string {
  return stringify([values as unknown[]], OPTIONS);
}

/** The start of a CSV file: the byte-order mark and the header record. */
export function csvStart(columns: readonly string[]): string {
  return CSV_BOM + csvRecord(columns);
}

/** A whole CSV file: byte-order mark, header, then one record per row (values in the order of `columns`). */
export function csvDocument(columns: readonly string[], rows: Iterable<readonly unknown[]>): string {
  return CSV_BOM + stringify([columns as string[], ...(Array.from(rows) as unknown[][])], OPTIONS);
}
