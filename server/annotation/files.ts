// Tables on disk for batch annotation: reading CSV and JSONL inputs, and the output file that a batch appends to one
// row at a time and reads back on a rerun (a last line cut by a crash is dropped, never misread).
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { AppError } from "../../contract/errors";
import type { BatchOutcome } from "./batch";
import { ANNOTATION_FIELDS, type Annotation } from "../../contract/annotation";
import { restoreFormula } from "../../contract/csvCell";
import { csvDocument, csvRecord, csvStart } from "../export/csv";
import { writeFileAtomicSync } from "../../corpus/pipeline/atomicFile";

export type TableFormat = "csv" | "jsonl";

/** A stable short id for a row without one: the first 16 hex digits of the SHA-256 of its text. */
export function textKey(text: string): string {
  return createHash("sha256").update(text.normalize("NFC").trim()).digest("hex").slice(0, 16);
}

/** The format a file name implies, or null. */
export function formatOf(file: string): TableFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return null;
}

export function requireFormat(file: string): TableFormat {
  const format = formatOf(file);
  if (!format) {
    throw new AppError("input:invalid", { detail: `${file}: se acceptă doar fișiere .csv sau .jsonl` });
  }
  return format;
}

export type TableRow = Record<string, unknown>;

export interface Table {
  columns: string[];
  rows: TableRow[];
  /** Lines that could not be read (JSONL), with their numbers. */
  problems: string[];
}

// Cells come back as they were before the writer neutralised them against formula injection.
const CSV_OPTIONS = {
  bom: true,
  columns: true,
  skip_empty_lines: true,
  relax_column_count: true,
  relax_quotes: true,
  cast: (value: string) => restoreFormula(value),
} as const;

/** Reads a whole CSV (header row) or JSONL file. */
export function readTable(file: string): Table {
  const format = requireFormat(file);
  const content = readFileSync(file, "utf8");
  if (format === "csv") {
    const rows = parse(content, CSV_OPTIONS) as TableRow[];
    const header = parse(content, { bom: true, to_line: 1, relax_quotes: true }) as string[][];
    return { columns: header[0] ?? [], rows, problems: [] };
  }
  const rows: TableRow[] = [];
  const problems: string[] = [];
  const columns = new Set<string>();
  content.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`linia ${i + 1}: nu este un obiect JSON`);
        return;
      }
      for (const key of Object.keys(value)) columns.add(key);
      rows.push(value as TableRow);
    } catch (err) {
      problems.push(`linia ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return { columns: [...columns], rows, problems };
}

/** A cell as text: strings as they are, numbers and booleans printed, null/undefined empty, the rest as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The output of a batch run: one row per (id, run).

export const OUTPUT_COLUMNS = [
  "id",
  "text",
  ...ANNOTATION_FIELDS,
  "model",
  "codebook_version",
  "temperature",
  "run",
  "ms",
  "cached",
  "repaired",
  "error",
  "error_detail",
] as const;

export type OutputColumn = (typeof OUTPUT_COLUMNS)[number];

export interface OutputRow {
  id: string;
  text: string;
  ton: Annotation["ton"] | null;
  populism: boolean | null;
  anti_elitism: boolean | null;
  popor_central: boolean | null;
  tema: Annotation["tema"] | null;
  tinta: string | null;
  incredere: number | null;
  justificare: string | null;
  dovezi: string[] | null;
  model: string;
  codebook_version: string;
  temperature: number | null;
  run: number;
  ms: number;
  cached: boolean;
  repaired: boolean;
  /** The error code when the row failed, else null. */
  error: string | null;
  error_detail: string | null;
}

export function outcomeToRow(outcome: BatchOutcome): OutputRow {
  const a = outcome.annotation;
  return {
    id: outcome.item.id,
    text: outcome.item.text,
    ton: a?.ton ?? null,
    populism: a?.populism ?? null,
    anti_elitism: a?.anti_elitism ?? null,
    popor_central: a?.popor_central ?? null,
    tema: a?.tema ?? null,
    tinta: a?.tinta ?? null,
    incredere: a?.incredere ?? null,
    justificare: a?.justificare ?? null,
    dovezi: a ? (a.dovezi ?? []) : null,
    model: outcome.model,
    codebook_version: outcome.codebookVersion,
    temperature: outcome.temperature,
    run: outcome.item.run,
    ms: outcome.ms,
    cached: outcome.cached,
    repaired: outcome.repaired,
    error: outcome.error?.code ?? null,
    error_detail: outcome.error ? (outcome.error.detail ?? outcome.error.message) : null,
  };
}

function serialize(row: OutputRow, format: TableFormat): string {
  if (format === "jsonl") return JSON.stringify(row) + "\n";
  return csvRecord(OUTPUT_COLUMNS.map((column) => row[column]));
}

export interface ExistingOutput {
  rows: TableRow[];
  /** Bytes at the end that did not form a whole row (a write cut by a crash); dropped on open. */
  droppedBytes: number;
  /** Length of the part that holds whole rows. */
  validBytes: number;
}

/** Reads what an earlier run wrote; a last row without its newline, or one that does not parse, is left out. */
export function readOutput(file: string, format: TableFormat): ExistingOutput {
  if (!existsSync(file)) return { rows: [], droppedBytes: 0, validBytes: 0 };
  const buffer = readFileSync(file);
  if (format === "jsonl") {
    const rows: TableRow[] = [];
    let validBytes = 0;
    let start = 0;
    while (start < buffer.length) {
      const newline = buffer.indexOf(0x0a, start);
      if (newline < 0) break; // no newline: the last write did not finish
      const line = buffer.subarray(start, newline).toString("utf8");
      start = newline + 1;
      if (!line.trim()) {
        validBytes = start;
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // A damaged line in the middle cannot come from an interrupted append; stop trusting the file there.
        break;
      }
      if (typeof value === "object" && value !== null && !Array.isArray(value)) rows.push(value as TableRow);
      validBytes = start;
    }
    return { rows, droppedBytes: buffer.length - validBytes, validBytes };
  }

  const records: { row: TableRow; bytes: number }[] = [];
  try {
    parse(buffer, {
      ...CSV_OPTIONS,
      relax_quotes: false,
      on_record: (row: TableRow, context: { bytes: number }) => {
        records.push({ row, bytes: context.bytes });
        return row;
      },
    });
  } catch (err) {
    // A quoted field cut by a crash ends the parse with an error; the records before it are whole.
    if (!(err instanceof Error)) throw err;
  }
  let validBytes = 0;
  const rows: TableRow[] = [];
  for (const { row, bytes } of records) {
    if (buffer[bytes - 1] !== 0x0a || Object.keys(row).length < OUTPUT_COLUMNS.length) break;
    rows.push(row);
    validBytes = bytes;
  }
  if (rows.length === 0) {
    // Only the header (or nothing) survived: keep the header if it is whole.
    const headerEnd = buffer.indexOf(0x0a);
    validBytes = headerEnd >= 0 ? headerEnd + 1 : 0;
  }
  return { rows, droppedBytes: buffer.length - validBytes, validBytes };
}

/** The header of an existing CSV output, to refuse appending to a file with other columns. */
export function csvHeader(file: string): string[] {
  const first = parse(readFileSync(file), { bom: true, to_line: 1 }) as string[][];
  return first[0] ?? [];
}

/**
 * Appends rows to the output, one write per row (a crash can cut only the last one), and flushes them to disk at most
 * once a second and on close, so that a power cut loses at most that second.
 */
export class OutputWriter {
  private fd: number;
  private lastSync = Date.now();
  private dirty = false;

  private constructor(
    readonly file: string,
    readonly format: TableFormat,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens for appending, after cutting off a damaged tail; writes the CSV header to a new file. */
  static open(file: string, format: TableFormat, validBytes: number): OutputWriter {
    const fd = openSync(file, existsSync(file) ? "r+" : "w+");
    ftruncateSync(fd, validBytes);
    closeSync(fd);
    const appendFd = openSync(file, "a");
    const writer = new OutputWriter(file, format, appendFd);
    if (format === "csv" && validBytes === 0) writer.write(csvStart(OUTPUT_COLUMNS));
    return writer;
  }

  append(row: OutputRow): void {
    this.write(serialize(row, this.format));
  }

  private write(text: string): void {
    const data = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset);
    this.dirty = true;
    if (Date.now() - this.lastSync >= 1000) this.sync();
  }

  sync(): void {
    if (!this.dirty) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
    this.lastSync = Date.now();
  }

  close(): void {
    if (this.fd < 0) return;
    this.sync();
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Replaces a file with the given rows (used to drop earlier error rows before retrying them), atomically. */
export function rewriteOutput(file: string, format: TableFormat, rows: TableRow[]): void {
  const content =
    format === "csv"
      ? csvDocument(
          OUTPUT_COLUMNS,
          rows.map((row) => OUTPUT_COLUMNS.map((c) => row[c])),
        )
      : rows.map((row) => JSON.stringify(row) + "\n").join("");
  writeFileAtomicSync(file, content);
}
