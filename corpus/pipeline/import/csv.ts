// CSV import: the delimiter and header are sniffed from a decoded sample, then the whole file streams
// through csv-parse record by record. A malformed row is skipped and reported with its line number (rows a broken
// quote swallowed are read again, csvRecovery.ts). A cell that
// our CSV writer neutralised against formula injection (contract/csvCell.ts) comes back as the original text.
import { parse, type CsvError } from "csv-parse";
import type { Readable } from "node:stream";
import { CSV_DELIMITERS, type CsvDelimiter, type CsvLayout } from "./csvLayout";
import { recoverLines, rowFields, spansLines } from "./csvRecovery";
import { normalizeColumnName, TEXT_COLUMN_NAMES } from "./fields";
import type { ReaderEvent } from "./types";

/**
 * Splits the start of a CSV into records of fields, honouring quotes (a quoted field may hold newlines
 * and delimiters). Only for sniffing: the last, possibly cut, record is dropped when the sample is partial.
 */
export function splitSample(
  sample: string,
  delimiter: string,
  partial: boolean,
  maxRecords = 50,
): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < sample.length && records.length < maxRecords) {
    const ch = sample[i]!;
    if (quoted) {
      if (ch === '"') {
        if (sample[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && sample[i + 1] === "\n") i += 1;
      record.push(field);
      if (record.length > 1 || record[0] !== "") records.push(record);
      record = [];
      field = "";
    } else field += ch;
    i += 1;
  }
  if (!partial && records.length < maxRecords && (field !== "" || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Picks the delimiter whose field count is most consistent across the sample's records (and > 1). */
export function sniffDelimiter(
  sample: string,
  partial: boolean,
): { delimiter: CsvDelimiter; consistency: number; fields: number } {
  let best: { delimiter: CsvDelimiter; consistency: number; fields: number } = {
    delimiter: ",",
    consistency: 0,
    fields: 1,
  };
  for (const delimiter of CSV_DELIMITERS) {
    const records = splitSample(sample, delimiter, partial);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [fields, count] of counts) {
      if (count > modeCount || (count === modeCount && fields > mode)) {
        mode = fields;
        modeCount = count;
      }
    }
    if (mode < 2) continue;
    const consistency = modeCount / records.length;
    if (consistency > best.consistency || (consistency === best.consistency && mode > best.fields)) {
      best = { delimiter, consistency, fields: mode };
    }
  }
  return best;
}

/**
 * True when a sample of a file without a known extension reads as a table: a delimiter splits nearly all
 * of its lines into the same count. Prose often has one comma a line, so commas must give 3+ fields.
 */
export function looksTabular(sample: string): boolean {
  const { delimiter, consistency, fields } = sniffDelimiter(sample, true);
  const lines = sample.split(/\r?\n/).filter((l) => l.trim() !== "").length;
  return fields >= (delimiter === "," ? 3 : 2) && consistency >= 0.9 && lines >= 2;
}

const KNOWN_HEADER_WORDS = new Set([
  "id",
  "text",
  "comment",
  "comentariu",
  "mesaj",
  "message",
  "body",
  "content",
  "continut",
  "date",
  "data",
  "timestamp",
  "title",
  "titlu",
  "url",
  "link",
  "author",
  "autor",
  "source",
  "sursa",
  "platform",
  "platforma",
  "likes",
  "user",
  "username",
  "textcomentariu",
  "createdat",
  "publishedat",
  // Every name chooseMapping takes a text column by ("textul", "text_comentariu", "postare"...): with short texts
  // under it ("Rușine!"), a header "textul" was read as a first row of data, and no column was called textul.
  ...TEXT_COLUMN_NAMES,
]);

/**
 * Whether the first record is a header: known column names, or short distinct labels that are neither
 * numbers, dates nor links while the records below hold such values or longer text.
 */
export function detectHeader(records: string[][], flagColumns: string[]): boolean {
  const first = records[0];
  if (!first) return false;
  const names = first.map(normalizeColumnName);
  const flagNames = flagColumns.filter((f) => !/^\d+$/.test(f)).map(normalizeColumnName);
  if (flagNames.length > 0 && flagNames.some((f) => names.includes(f))) return true;
  if (names.some((n) => KNOWN_HEADER_WORDS.has(n))) return true;
  const labelLike = first.every(
    (f) => f.trim() !== "" && f.length <= 40 && !/^[\d\s.,:/+-]+$/.test(f) && !/^(https?:|www\.)/i.test(f),
  );
  if (!labelLike || new Set(first).size !== first.length) return false;
  const rest = records.slice(1);
  if (rest.length === 0) return true;
  // Labels are short; in a data row the longest field (the text) is usually much longer.
  const firstMax = Math.max(...first.map((f) => f.length));
  const restMax = rest.map((r) => Math.max(0, ...r.map((f) => f.length)));
  const longer = restMax.filter((m) => m > firstMax * 2).length / rest.length;
  const typed = rest.some((r) => r.some((f) => /^[\d\s.,:/+-]+$/.test(f.trim()) && f.trim() !== ""));
  return longer >= 0.5 || typed;
}

/** Column names from a header row: blank names become colN, repeated names get a suffix. */
function headerNames(first: string[]): string[] {
  const seen = new Map<string, number>();
  return first.map((raw, i) => {
    const name = raw.trim() || `col${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/** Settles delimiter, header and column names from a decoded sample. */
export function sniffCsv(
  sample: string,
  partial: boolean,
  flagColumns: string[],
  forceTab = false,
): CsvLayout {
  const delimiter = forceTab ? "\t" : sniffDelimiter(sample, partial).delimiter;
  const records = splitSample(sample, delimiter, partial);
  const hasHeader = detectHeader(records, flagColumns);
  const width = Math.max(1, ...records.map((r) => r.length));
  const columns =
    hasHeader && records[0]
      ? headerNames(records[0])
      : Array.from({ length: width }, (_, i) => `col${i + 1}`);
  return { delimiter, hasHeader, columns };
}

interface CsvRecordWithInfo {
  record: string[];
  info: { lines: number };
  raw: string;
}

const LINE_BREAK_RE = /\r\n|\n|\r/g;

/** Line breaks inside a record's fields (quoted fields may span lines). */
function lineBreaksIn(fields: string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (field.includes("\n") || field.includes("\r")) breaks += field.match(LINE_BREAK_RE)?.length ?? 0;
  }
  return breaks;
}

/**
 * Whether a record swallowed the rows after it: a field that opened a quote it never closed runs on to the next quote
 * in the file, taking the lines between, and the parser (relax_quotes) keeps that unmatched opening quote in the
 * field's text, which then holds an odd number of quotes. A properly quoted field spanning lines (Excel's Alt+Enter)
 * loses its own quotes, and a quotation inside it comes as a pair ("""Citat"" a spus" gives "Citat" a spus), so it is
 * not taken for one.
 */
function swallowedRows(fields: string[]): boolean {
  return fields.some(
    (field) => field.startsWith('"') && /[\r\n]/.test(field) && (field.match(/"/g)?.length ?? 0) % 2 === 1,
  );
}

/** A runaway quote must not swallow gigabytes: no single record may exceed this many characters. */
const MAX_RECORD_CHARS = 8_000_000;

/** Removes and returns the pending events of lines before `line`, in line order. */
function takeBefore(pending: ReaderEvent[], line: number): ReaderEvent[] {
  const before = pending.filter((e) => (e.origin.line ?? 0) < line);
  if (before.length === 0) return before;
  const rest = pending.filter((e) => (e.origin.line ?? 0) >= line);
  pending.splice(0, pending.length, ...rest);
  return before.sort((a, b) => (a.origin.line ?? 0) - (b.origin.line ?? 0));
}

/**
 * Streams decoded CSV text as rows keyed by column name; malformed rows come out as skip events. A record that ran
 * over several lines and came out wrong (a quote never closed, a wrong field count) is re-read line by line
 * (csvRecovery.ts), so the good rows it swallowed are kept and each bad line is named.
 */
export async function* readCsv(
  text: Readable,
  fileLabel: string,
  layout: CsvLayout,
): AsyncGenerator<ReaderEvent> {
  // Events raised while csv-parse works (skips, rows recovered from a skipped record), in file order.
  const pending: ReaderEvent[] = [];
  let lastSkipLine = -1;
  const parser = parse({
    delimiter: layout.delimiter,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err: CsvError | undefined, raw?: string) => {
      const line = typeof err?.lines === "number" ? err.lines : 0;
      // One broken record can raise two errors on the same line; report it once.
      if (line === lastSkipLine) return undefined;
      lastSkipLine = line;
      if (err?.code === "CSV_MAX_RECORD_SIZE" && typeof raw === "string") {
        // csv-parse gives up on a record past max_record_size mid-line, and then reads nothing more of the file:
        // the whole lines it held are read again one by one, and the lines from the cut on are reported, not lost
        // in silence (a quote left open near the top of a large file swallows the rest of it).
        const whole = raw.slice(0, Math.max(0, raw.search(/[^\r\n]*$/) - 1));
        for (const entry of recoverLines(whole, line - 1, fileLabel, layout, "ghilimele neînchise"))
          pending.push(entry);
        runaway = { from: line, opened: line - whole.split(/\r\n|\n|\r/).length };
        return undefined;
      }
      if (typeof raw === "string" && spansLines(raw)) {
        // One by one: a runaway quote may span some 100,000 lines, too many for spread arguments on the stack.
        for (const entry of recoverLines(raw, line, fileLabel, layout, "ghilimele neînchise"))
          pending.push(entry);
        return undefined;
      }
      pending.push({
        kind: "skip",
        origin: { file: fileLabel, line },
        reason: "csv_malformed",
        detail: err?.message,
      });
      return undefined;
    },
  });
  let runaway = null as { from: number; opened: number } | null;
  // The file's physical lines, counted as they pass: what a runaway quote left unread is reported by number.
  let lineBreaks = 0;
  let endsWithBreak = true;
  text.on("data", (chunk: string | Buffer) => {
    const s = String(chunk);
    if (s.length === 0) return;
    for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) lineBreaks++;
    endsWithBreak = s.endsWith("\n");
  });
  text.on("error", (err) => parser.destroy(err));
  text.pipe(parser);
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<CsvRecordWithInfo>) {
      // info.lines is the line where the record ends; a quoted field may span several.
      const line = item.info.lines - lineBreaksIn(item.record);
      // The parser may have read ahead (and raised skips) past records still buffered: keep the file's order.
      yield* takeBefore(pending, line);
      if (first) {
        first = false;
        if (layout.hasHeader) continue;
      }
      if (swallowedRows(item.record)) {
        // Imported, it would be one row made of several: its lines are read again one by one.
        yield* recoverLines(item.raw, item.info.lines, fileLabel, layout, "ghilimele neînchise");
        continue;
      }
      yield { kind: "row", origin: { file: fileLabel, line }, fields: rowFields(item.record, layout) };
    }
    yield* takeBefore(pending, Number.POSITIVE_INFINITY);
    if (runaway) {
      const last = lineBreaks + (endsWithBreak ? 0 : 1);
      const detail = `ghilimele deschise la linia ${runaway.opened}: după ${MAX_RECORD_CHARS.toLocaleString("ro-RO")} de caractere citirea fișierului s-a oprit la linia ${runaway.from}; închideți ghilimelele și importați din nou`;
      for (let line = runaway.from; line <= last; line++)
        yield { kind: "skip", origin: { file: fileLabel, line }, reason: "csv_malformed", detail };
    }
  } finally {
    text.destroy();
  }
}
