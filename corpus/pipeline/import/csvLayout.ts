// What sniffing a CSV decides (its delimiter, whether it has a header, its columns), read by the CSV reader and by
// the recovery of the lines a broken quote swallowed (csvRecovery.ts), which the reader calls.
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvLayout {
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  /** Column names: the header, or col1..colN. */
  columns: string[];
}
