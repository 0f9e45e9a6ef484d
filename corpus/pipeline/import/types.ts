// Types shared by the import readers: what a reader yields, what a file becomes in raw/, what a run reports.
import type { FormatDetail, ImportSkipReason } from "../../../contract/importDetails";
import type { ImportWarning } from "../../../contract/importWarnings";

export type ImportFormat = "csv" | "xlsx" | "jsonl" | "json" | "txt" | "feed" | "youtube";

/** Why a record of the input was not imported. */
export type SkipReason = ImportSkipReason;

/** A document as a reader sees it, before ids, dates and defaults are settled. */
export interface PartialDoc {
  text: string;
  id?: string;
  /** As found in the input (string or number); normalised later. */
  date?: unknown;
  url?: string;
  title?: string;
  source?: string;
  platform?: string;
  /** Metadata kept as is (author, likes, parent comment...). */
  extra?: Record<string, string | number | boolean>;
  /** The input says its date is only an import day (a corpus export of undated records, imported again). */
  dateImputed?: true;
}

/** Where a document came from in its input file: a line for line formats, an index for whole documents. */
export interface Origin {
  file: string;
  line?: number;
  index?: number;
}

/** One event from a reader: a tabular row still to be mapped, a mapped document, or a skipped record. */
export type ReaderEvent =
  | { kind: "row"; origin: Origin; fields: Record<string, unknown> }
  | { kind: "doc"; origin: Origin; doc: PartialDoc }
  | { kind: "skip"; origin: Origin; reason: SkipReason; detail?: string };

/** A record as written to raw/<name>.jsonl (DESIGN.md corpus record, plus provenance). */
export interface RawRecord {
  id: string;
  text: string;
  source: string;
  platform: string;
  date: string;
  url: string;
  title?: string;
  lang: "und";
  importedAt: string;
  origin: Origin;
  /** True when the input had no usable date and the import date was used. */
  dateImputed?: true;
  [extra: string]: unknown;
}

/** Column (or JSON key) names given on the command line; a name, or a 1-based index for CSV. */
export interface ColumnFlags {
  textCol?: string;
  idCol?: string;
  dateCol?: string;
  titleCol?: string;
  urlCol?: string;
}

export interface ImportOptions extends ColumnFlags {
  /** The corpus folder (CORPUS_DIR); output goes to `<corpusDir>/raw/<name>.jsonl`. */
  corpusDir: string;
  platform?: string;
  source?: string;
  /** Forces an input encoding instead of detecting it. */
  encoding?: string;
  /** The clock, for the import date and `importedAt` (tests pin it). */
  now?: Date;
  /** Called as bytes are read. */
  onProgress?: (progress: { file: string; bytesRead: number; totalBytes: number }) => void;
  /** Aborting stops the file being imported; nothing is written for it. */
  signal?: AbortSignal;
}

export interface SkipSummary {
  count: number;
  /** The first few line numbers (or indexes) where it happened. */
  where: number[];
}

/** Which input column fed which record field (undefined: none; ids generated, etc.). */
export interface FieldMapping {
  text: string;
  id?: string;
  date?: string;
  title?: string;
  url?: string;
  source?: string;
  platform?: string;
  author?: string;
}

export interface ImportResult {
  file: string;
  name: string;
  output: string;
  format: ImportFormat;
  /** Format details for the summary (delimiter, header, feed kind), in Romanian as the stored reports keep them. */
  formatDetail: string;
  /** The same as a code (contract/importDetails.ts), said in either language. */
  codedFormatDetail: FormatDetail;
  encoding: string;
  encodingMethod: "bom" | "utf8" | "chardet" | "declared" | "flag" | "ascii";
  records: number;
  skipped: Partial<Record<SkipReason, SkipSummary>>;
  skippedTotal: number;
  dateImputed: number;
  /** Characters the decoder could not map (U+FFFD), a sign of a wrong encoding. */
  invalidChars: number;
  mapping?: FieldMapping;
  /** What the summary warns of, as codes with their figures (contract/importWarnings.ts says them in either language). */
  warnings: ImportWarning[];
  bytes: number;
  durationMs: number;
}
