// The import entry point: inspects every input first (nothing is written if one is empty, binary or of an
// unknown format), then streams each into `<corpusDir>/raw/<name>.jsonl`, written atomically.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AtomicJsonlWriter } from "../atomicJsonl";
import { looksTabular, readCsv, sniffCsv, type CsvLayout } from "./csv";
import { normalizeDate, todayYmd } from "./dates";
import { binaryHint, binaryReason, detectFormat, outputName } from "./detect";
import {
  bomEncoding,
  decodeBuffer,
  decodeFile,
  detectEncoding,
  parseEncodingName,
  readSamples,
  type EncodingMethod,
  type TextEncoding,
} from "./encoding";
import { countNoun, formatBytes, ImportError } from "./errors";
import { chooseMapping, mapRow } from "./fields";
import { readFeed } from "./feed";
import { isYtDlpInfo, jsonArrayRows, ytDlpComments } from "./json";
import { readJsonl, readTxt } from "./lines";
import type {
  FieldMapping,
  ImportFormat,
  ImportOptions,
  ImportResult,
  PartialDoc,
  RawRecord,
  ReaderEvent,
  SkipReason,
} from "./types";

export { ImportError } from "./errors";
export type * from "./types";

/** XML and whole JSON documents are parsed in memory; larger files are refused. */
export const MAX_WHOLE_FILE_BYTES = 200 * 1024 * 1024;
// Rows read before the column mapping is chosen.
const MAPPING_SAMPLE_ROWS = 200;
// Line numbers kept per skip reason for the summary.
const SKIP_LINES_KEPT = 10;

const DEFAULT_PLATFORM: Record<ImportFormat, string> = {
  csv: "import",
  jsonl: "import",
  json: "import",
  txt: "import",
  feed: "rss",
  youtube: "youtube",
};

/** What `inspectFile` learns about an input before anything is written. */
export interface FileInspection {
  file: string;
  /** The file name as shown in messages and in `origin.file`. */
  label: string;
  name: string;
  size: number;
  format: ImportFormat;
  encoding: TextEncoding;
  encodingMethod: EncodingMethod;
  csv?: CsvLayout;
}

/** Checks one input: exists, not empty, text not binary, known format; detects encoding and layout. */
export async function inspectFile(
  file: string,
  options: Pick<ImportOptions, "encoding" | "textCol" | "idCol" | "dateCol" | "titleCol" | "urlCol"> = {},
): Promise<FileInspection> {
  const label = path.basename(file);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
  } catch (err) {
    throw new ImportError("import:not_found", { file }, { cause: err });
  }
  if (size === 0) throw new ImportError("import:empty", { file: label });
  const samples = await readSamples(file, size);
  const bom = bomEncoding(samples.head);
  const binary = binaryReason(samples.head, bom === "utf-16le" || bom === "utf-16be");
  if (binary) throw new ImportError("import:binary", { file: label, detail: binary, hint: binaryHint(file) });

  let encoding: TextEncoding;
  let encodingMethod: EncodingMethod;
  if (options.encoding !== undefined) {
    const forced = parseEncodingName(options.encoding);
    if (!forced) throw new ImportError("import:encoding", { encoding: options.encoding, file: label });
    encoding = forced;
    encodingMethod = "flag";
  } else {
    const declared = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/.exec(samples.head.toString("latin1"))?.[1];
    ({ encoding, method: encodingMethod } = detectEncoding(samples.all, declared));
  }
  const sample = decodeBuffer(samples.head, encoding);
  const partial = size > samples.head.length;
  if (!partial && sample.trim() === "") throw new ImportError("import:empty", { file: label });

  const detected = detectFormat(file, sample, looksTabular);
  if ("unknown" in detected)
    throw new ImportError("import:unknown_format", { file: label, detail: detected.unknown });
  const { format } = detected;
  if ((format === "json" || format === "feed") && size > MAX_WHOLE_FILE_BYTES) {
    throw new ImportError("import:too_large", {
      file: label,
      size: formatBytes(size),
      format: format === "feed" ? "XML" : "JSON",
      limit: formatBytes(MAX_WHOLE_FILE_BYTES),
    });
  }
  const inspection: FileInspection = {
    file,
    label,
    name: outputName(file),
    size,
    format,
    encoding,
    encodingMethod,
  };
  if (format === "csv") {
    const flagColumns = [
      options.textCol,
      options.idCol,
      options.dateCol,
      options.titleCol,
      options.urlCol,
    ].filter((c): c is string => c !== undefined);
    inspection.csv = sniffCsv(sample, partial, flagColumns, path.extname(file).toLowerCase() === ".tsv");
  }
  return inspection;
}

const DELIMITER_NAMES: Record<string, string> = {
  ",": "virgulă",
  ";": "punct și virgulă",
  "\t": "tab",
  "|": "bară verticală",
};

/** Keys of the first rows, in order of first appearance: the "columns" of JSON rows. */
function keysOf(rows: Array<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}

/** Imports one inspected file into `<corpusDir>/raw/<name>.jsonl`. */
export async function importFile(inspection: FileInspection, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { file, label, name, size, encoding } = inspection;
  const now = options.now ?? new Date();
  const importedAt = now.toISOString();
  const today = todayYmd(now);
  const output = path.join(path.resolve(options.corpusDir), "raw", `${name}.jsonl`);
  const onBytes = (bytesRead: number) => options.onProgress?.({ file: label, bytesRead, totalBytes: size });

  let format: ImportFormat = inspection.format;
  let formatDetail = "";
  let invalidChars = () => 0;
  let events: AsyncIterable<ReaderEvent> | Iterable<ReaderEvent>;
  let columns: string[] | undefined;
  switch (inspection.format) {
    case "csv": {
      const layout = inspection.csv!;
      const decoded = decodeFile(file, encoding, onBytes);
      invalidChars = decoded.invalidChars;
      events = readCsv(decoded.stream, label, layout);
      columns = layout.columns;
      formatDetail = `delimitator ${DELIMITER_NAMES[layout.delimiter]}, ${layout.hasHeader ? "cu" : "fără"} antet`;
      break;
    }
    case "jsonl":
    case "txt": {
      const decoded = decodeFile(file, encoding, onBytes);
      invalidChars = decoded.invalidChars;
      events =
        inspection.format === "jsonl" ? readJsonl(decoded.stream, label) : readTxt(decoded.stream, label);
      formatDetail = inspection.format === "txt" ? "un document pe paragraf" : "un obiect pe linie";
      break;
    }
    case "feed":
    case "json":
    case "youtube": {
      const text = decodeBuffer(await readFile(file), encoding);
      onBytes(size);
      invalidChars = () => (text.match(/\uFFFD/g) ?? []).length;
      if (inspection.format === "feed") {
        const feed = readFeed(text, label, label);
        events = feed.events;
        formatDetail = feed.kind;
        break;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new ImportError("import:invalid_json", { file: label, detail }, { cause: err });
      }
      if (isYtDlpInfo(value)) {
        format = "youtube";
        formatDetail = "yt-dlp --write-comments";
        events = ytDlpComments(value, label);
      } else if (Array.isArray(value)) {
        formatDetail = "listă de obiecte";
        events = jsonArrayRows(value, label);
      } else {
        throw new ImportError("import:unknown_format", {
          file: label,
          detail: "JSON fără listă „comments” (yt-dlp) și fără listă de înregistrări",
        });
      }
      break;
    }
  }

  const skipped: ImportResult["skipped"] = {};
  let skippedTotal = 0;
  const noteSkip = (reason: SkipReason, where: number) => {
    const entry = (skipped[reason] ??= { count: 0, where: [] });
    entry.count += 1;
    skippedTotal += 1;
    if (entry.where.length < SKIP_LINES_KEPT) entry.where.push(where);
  };
  let dateImputed = 0;
  let mapping: FieldMapping | undefined;
  const warnings: string[] = [];
  let writer: AtomicJsonlWriter | undefined;

  const writeDoc = async (doc: PartialDoc, origin: ReaderEvent["origin"]) => {
    if (doc.text.trim() === "") {
      noteSkip("empty_text", origin.line ?? origin.index ?? 0);
      return;
    }
    writer ??= await AtomicJsonlWriter.open(output);
    const normalized = normalizeDate(doc.date);
    const extra: Record<string, unknown> = { ...doc.extra };
    if (!normalized) {
      dateImputed += 1;
      // An unreadable date is kept as found, so nothing of the input is lost.
      if (doc.date !== undefined && doc.date !== null && doc.date !== "") extra.dateRaw = String(doc.date);
    }
    const record: RawRecord = {
      id: doc.id ?? `${name}-${writer.count + 1}`,
      text: doc.text,
      source: options.source ?? doc.source ?? name,
      platform: options.platform ?? doc.platform ?? DEFAULT_PLATFORM[format],
      date: normalized ?? today,
      url: doc.url ?? "",
      ...(doc.title ? { title: doc.title } : {}),
      lang: "und",
      importedAt,
      origin,
      ...(normalized ? {} : { dateImputed: true as const }),
    };
    // Extra metadata follows the fields of the corpus record and never replaces one of them.
    for (const [key, value] of Object.entries(extra)) if (!(key in record)) record[key] = value;
    await writer.write(record);
  };

  const pending: ReaderEvent[] = [];
  let sampledRows = 0;
  const handle = async (event: ReaderEvent) => {
    if (event.kind === "skip") noteSkip(event.reason, event.origin.line ?? event.origin.index ?? 0);
    else if (event.kind === "doc") await writeDoc(event.doc, event.origin);
    else await writeDoc(mapRow(event.fields, mapping!), event.origin);
  };
  const settleMapping = () => {
    const rows = pending.flatMap((e) => (e.kind === "row" ? [e.fields] : []));
    const chosen = chooseMapping(columns ?? keysOf(rows), rows, options, label);
    mapping = chosen.mapping;
    warnings.push(...chosen.warnings);
  };

  try {
    for await (const event of events) {
      options.signal?.throwIfAborted();
      if (event.kind === "row" && mapping === undefined) {
        pending.push(event);
        sampledRows += 1;
        if (sampledRows < MAPPING_SAMPLE_ROWS) continue;
        settleMapping();
        for (const e of pending.splice(0)) await handle(e);
        continue;
      }
      if (mapping === undefined && pending.length > 0) {
        pending.push(event);
        continue;
      }
      await handle(event);
    }
    if (pending.length > 0) {
      if (mapping === undefined && sampledRows > 0) settleMapping();
      for (const e of pending.splice(0)) await handle(e);
    }
    options.signal?.throwIfAborted();
    if (!writer || writer.count === 0) {
      const detail =
        skippedTotal > 0
          ? `${countNoun(skippedTotal, "înregistrare sărită", "înregistrări sărite")}: ${Object.entries(
              skipped,
            )
              .map(([reason, s]) => `${SKIP_LABELS[reason as SkipReason]} (${s.count})`)
              .join(", ")}`
          : "nicio înregistrare găsită";
      throw new ImportError("import:no_records", { file: label, detail });
    }
    await writer.commit();
  } catch (err) {
    await writer?.abort();
    if (options.signal?.aborted && !(err instanceof ImportError)) {
      throw new ImportError("import:aborted", { file: label }, { cause: err });
    }
    throw err;
  }
  const invalid = invalidChars();
  if (invalid > 0) {
    const chars = countNoun(invalid, "caracter nu a putut fi decodat", "caractere nu au putut fi decodate");
    warnings.push(`${chars} cu ${encoding}; verificați codificarea (--encoding)`);
  }
  if (dateImputed > 0) {
    const records = countNoun(
      dateImputed,
      "înregistrare fără dată validă a primit",
      "înregistrări fără dată validă au primit",
    );
    warnings.push(`${records} data importului (${today})`);
  }
  return {
    file,
    name,
    output,
    format,
    formatDetail,
    encoding,
    encodingMethod: inspection.encodingMethod,
    records: writer.count,
    skipped,
    skippedTotal,
    dateImputed,
    invalidChars: invalid,
    mapping,
    warnings,
    bytes: size,
    durationMs: performance.now() - started,
  };
}

/** Romanian labels for skip reasons, as the summary prints them. */
export const SKIP_LABELS: Record<SkipReason, string> = {
  csv_malformed: "rând CSV invalid",
  json_malformed: "linie JSON invalidă",
  not_object: "element care nu e obiect",
  empty_text: "text gol",
};

export interface ImportFilesResult {
  results: ImportResult[];
  failures: Array<{ file: string; error: ImportError }>;
}

/**
 * Imports several files. All are inspected first: if any is missing, empty, binary or of an unknown format,
 * nothing at all is written. A file that fails while importing leaves its raw/ output untouched; the
 * others are still imported. Two inputs with the same base name get distinct output names.
 */
export async function importFiles(files: string[], options: ImportOptions): Promise<ImportFilesResult> {
  const inspections: FileInspection[] = [];
  const failures: ImportFilesResult["failures"] = [];
  for (const file of files) {
    try {
      inspections.push(await inspectFile(file, options));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      failures.push({ file, error: err });
    }
  }
  if (failures.length > 0) return { results: [], failures };

  const used = new Set<string>();
  for (const inspection of inspections) {
    let candidate = inspection.name;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${inspection.name}-${n}`;
    used.add(candidate);
    inspection.name = candidate;
  }
  const results: ImportResult[] = [];
  for (const inspection of inspections) {
    try {
      results.push(await importFile(inspection, options));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      failures.push({ file: inspection.file, error: err });
      if (err.code === "import:aborted") break;
    }
  }
  return { results, failures };
}
