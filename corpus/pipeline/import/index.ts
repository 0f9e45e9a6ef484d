// The import entry point: inspects every input first (nothing is written if one is empty, binary or of an
// unknown format), then streams each into `<corpusDir>/raw/<name>.jsonl`, written atomically: its reader
// (readers.ts) yields rows and documents, rows are mapped onto fields (rowMapper.ts), documents become records
// (rawRecords.ts).
import { stat } from "node:fs/promises";
import path from "node:path";
import { looksTabular, sniffCsv } from "./csv";
import { todayYmd } from "./dates";
import { binaryHint, binaryReason, detectFormat, isZip, outputName } from "./detect";
import {
  bomEncoding,
  decodeBuffer,
  detectEncoding,
  mojibakeReason,
  forcedEncoding,
  readSamples,
  type EncodingMethod,
  type TextEncoding,
} from "./encoding";
import { formatBytes } from "../../../contract/fileSize";
import type { ImportWarning } from "../../../contract/importWarnings";
import { formatDetailRo, type ImportDetail } from "../../../contract/importDetails";
import { ImportError } from "./errors";
import type { FileInspection } from "./inspection";
import { RawRecords } from "./rawRecords";
import { openReader } from "./readers";
import { RowMapper } from "./rowMapper";
import type { ImportOptions, ImportResult, SkipReason } from "./types";

export { ImportError } from "./errors";
export type * from "./types";

/** XML and whole JSON documents are parsed in memory; larger files are refused. */
export const MAX_WHOLE_FILE_BYTES = 200 * 1024 * 1024;

/** What `inspectFile` learns about an input before anything is written. */
/**
 * Checks one input: exists, not empty, text not binary (an XLSX workbook aside), known format; detects encoding and
 * layout. `label` names the file in messages and in the output name when the path does not (an upload kept under
 * a generated name); it must keep the file's extension.
 */
export async function inspectFile(
  file: string,
  options: Pick<ImportOptions, "encoding" | "textCol" | "idCol" | "dateCol" | "titleCol" | "urlCol"> & {
    label?: string;
  } = {},
): Promise<FileInspection> {
  const label = options.label ?? path.basename(file);
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
  if (path.extname(label).toLowerCase() === ".xlsx" && isZip(samples.head)) {
    // A workbook is XML in a ZIP archive, always UTF-8: its reader takes the file whole.
    const name = outputName(label);
    return { file, label, name, size, format: "xlsx", encoding: "utf-8", encodingMethod: "utf8" };
  }
  const bom = bomEncoding(samples.head);
  const binary = binaryReason(samples.head, bom === "utf-16le" || bom === "utf-16be");
  if (binary)
    throw new ImportError("import:binary", { file: label }, { detail: binary, hint: binaryHint(label) });

  let encoding: TextEncoding;
  let encodingMethod: EncodingMethod;
  if (options.encoding !== undefined) {
    const forced = forcedEncoding(options.encoding);
    if (!forced) throw new ImportError("import:encoding", { encoding: options.encoding, file: label });
    encoding = forced;
    encodingMethod = "flag";
  } else {
    const declared = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/.exec(samples.head.toString("latin1"))?.[1];
    ({ encoding, method: encodingMethod } = detectEncoding(samples.all, declared));
    // A statistical guess can be wrong in a way that decodes without errors; the text then says so.
    const mojibake =
      encodingMethod === "chardet"
        ? mojibakeReason(decodeBuffer(Buffer.concat(samples.all), encoding))
        : undefined;
    if (mojibake)
      throw new ImportError("import:encoding_unknown", { file: label, encoding }, { detail: mojibake });
  }
  const sample = decodeBuffer(samples.head, encoding);
  const partial = size > samples.head.length;
  if (!partial && sample.trim() === "") throw new ImportError("import:empty", { file: label });

  const detected = detectFormat(label, sample, looksTabular);
  if ("unknown" in detected)
    throw new ImportError("import:unknown_format", { file: label }, { detail: detected.unknown });
  const { format } = detected;
  if ((format === "json" || format === "feed") && size > MAX_WHOLE_FILE_BYTES) {
    throw new ImportError("import:too_large", {
      file: label,
      size: formatBytes(size),
      format: format === "feed" ? "XML" : "JSON",
      limit: formatBytes(MAX_WHOLE_FILE_BYTES),
      // The sizes as English writes them ("312.5 MB"), for the English message.
      sizeEn: formatBytes(size, "en-US"),
      limitEn: formatBytes(MAX_WHOLE_FILE_BYTES, "en-US"),
    });
  }
  const inspection: FileInspection = {
    file,
    label,
    name: outputName(label),
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
    inspection.csv = sniffCsv(sample, partial, flagColumns, path.extname(label).toLowerCase() === ".tsv");
  }
  return inspection;
}

/** Why nothing was written, for import:no_records: the skips by reason, or that the input held no record. */
function noRecordsDetail(records: RawRecords): ImportDetail {
  if (records.skippedTotal === 0) return { code: "no_records_found" };
  const reasons = Object.entries(records.skipped).map(([reason, s]) => ({
    reason: reason as SkipReason,
    count: s.count,
  }));
  return { code: "records_skipped", count: records.skippedTotal, reasons };
}

/** Warnings for the summary: characters the encoding could not decode, records dated with the import date. */
function importWarnings(
  invalidChars: number,
  encoding: string,
  dateImputed: number,
  today: string,
): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (invalidChars > 0) {
    warnings.push({ code: "undecodable_chars", count: invalidChars, encoding, adviseEncodingFlag: true });
  }
  if (dateImputed > 0) warnings.push({ code: "imputed_dates", count: dateImputed, date: today });
  return warnings;
}

/** Imports one inspected file into `<corpusDir>/raw/<name>.jsonl`. */
export async function importFile(inspection: FileInspection, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { file, label, name, size, encoding } = inspection;
  const now = options.now ?? new Date();
  const today = todayYmd(now);
  const output = path.join(path.resolve(options.corpusDir), "raw", `${name}.jsonl`);
  const reader = await openReader(inspection, (bytesRead) =>
    options.onProgress?.({ file: label, bytesRead, totalBytes: size }),
  );
  const mapper = new RowMapper(reader.columns, options, label);
  const records = new RawRecords(output, {
    name,
    format: reader.format,
    importedAt: now.toISOString(),
    today,
    source: options.source,
    platform: options.platform,
  });
  try {
    for await (const event of reader.events) {
      options.signal?.throwIfAborted();
      for (const ready of mapper.accept(event)) await records.add(ready);
    }
    for (const ready of mapper.finish()) await records.add(ready);
    options.signal?.throwIfAborted();
    if (records.count === 0) {
      throw new ImportError("import:no_records", { file: label }, { detail: noRecordsDetail(records) });
    }
    await records.commit();
  } catch (err) {
    await records.abort();
    if (options.signal?.aborted && !(err instanceof ImportError)) {
      throw new ImportError("import:aborted", { file: label }, { cause: err });
    }
    throw err;
  }
  const invalidChars = reader.invalidChars();
  return {
    file,
    name,
    output,
    format: reader.format,
    formatDetail: formatDetailRo(reader.formatDetail),
    codedFormatDetail: reader.formatDetail,
    encoding,
    encodingMethod: inspection.encodingMethod,
    records: records.count,
    skipped: records.skipped,
    skippedTotal: records.skippedTotal,
    dateImputed: records.dateImputed,
    invalidChars,
    mapping: mapper.mapping,
    warnings: [
      ...mapper.warnings,
      ...importWarnings(invalidChars, encoding, records.dateImputed, today),
      ...[records.manyFragmentsWarning()].filter((w) => w !== undefined),
    ],
    bytes: size,
    durationMs: performance.now() - started,
  };
}

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
  // One import time for the run: the files of one `import` are one arrival, and `clean` puts them in name order
  // (docs/corpus-pipeline.md, "The order of collections"), not in the order their writes happened to end.
  const now = options.now ?? new Date();
  const results: ImportResult[] = [];
  for (const inspection of inspections) {
    try {
      results.push(await importFile(inspection, { ...options, now }));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      failures.push({ file: inspection.file, error: err });
      if (err.code === "import:aborted") break;
    }
  }
  return { results, failures };
}
