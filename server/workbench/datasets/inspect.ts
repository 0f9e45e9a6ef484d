// Looks at an uploaded file before anything is stored: its type (CSV, TSV, XLSX, JSONL), that it is not empty, not
// binary and has no runaway line, its encoding (the CLI importer's detection) and, for CSV, delimiter and header.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { looksTabular, sniffCsv } from "../../../corpus/pipeline/import/csv";
import type { CsvLayout } from "../../../corpus/pipeline/import/csvLayout";
import { binaryReason, detectFormat } from "../../../corpus/pipeline/import/detect";
import {
  bomEncoding,
  decodeBuffer,
  detectEncoding,
  parseEncodingName,
  readSamples,
  type TextEncoding,
} from "../../../corpus/pipeline/import/encoding";
import { formatBytes } from "../../../contract/fileSize";
import { AppError } from "../../../contract/errors";
import { detailParams } from "../../../contract/importDetails";
import type { UploadFormat } from "../../../contract/workbench";

/** A line longer than this is not a table row with a comment in it (the 50 MB one-line file stops here). */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface Inspection {
  file: string;
  /** The name the user gave the file. */
  label: string;
  bytes: number;
  format: UploadFormat;
  encoding: TextEncoding;
  encodingMethod: string;
  csv?: CsvLayout;
}

const BY_EXTENSION: Record<string, UploadFormat> = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".tab": "tsv",
  ".xlsx": "xlsx",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
};

function isZip(head: Buffer): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The longest line of a file in bytes, scanning it as a stream (about 1 GB/s). */
export async function longestLine(file: string, stopAbove = Infinity): Promise<number> {
  let longest = 0;
  let current = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      longest = Math.max(longest, current + nl - start);
      current = 0;
      start = nl + 1;
    }
    current += chunk.length - start;
    if (Math.max(longest, current) > stopAbove) return Math.max(longest, current);
  }
  return Math.max(longest, current);
}

/**
 * Checks an uploaded file and settles how to read it; throws a coded AppError (dataset:empty, dataset:binary,
 * dataset:wrong_type, dataset:line_too_long, dataset:encoding) that says what is wrong.
 */
export async function inspectUpload(
  file: string,
  label: string,
  forcedEncoding?: string,
): Promise<Inspection> {
  const bytes = (await stat(file)).size;
  if (bytes === 0) throw new AppError("dataset:empty", { file: label });
  const ext = path.extname(label).toLowerCase();
  const samples = await readSamples(file, bytes);
  if (ext === ".xlsx" || isZip(samples.head)) {
    if (!isZip(samples.head))
      throw new AppError("dataset:wrong_type", {
        file: label,
        ...detailParams({ code: "xlsx_without_zip" }),
      });
    if (ext !== ".xlsx") {
      throw new AppError("dataset:wrong_type", { file: label, ...detailParams({ code: "zip_not_xlsx" }) });
    }
    return { file, label, bytes, format: "xlsx", encoding: "utf-8", encodingMethod: "xlsx" };
  }
  const bom = bomEncoding(samples.head);
  const binary = binaryReason(samples.head, bom === "utf-16le" || bom === "utf-16be");
  if (binary) throw new AppError("dataset:binary", { file: label, ...detailParams(binary) });

  let encoding: TextEncoding;
  let encodingMethod: string;
  if (forcedEncoding) {
    const forced = parseEncodingName(forcedEncoding);
    if (!forced) throw new AppError("dataset:encoding", { encoding: forcedEncoding });
    encoding = forced;
    encodingMethod = "flag";
  } else {
    ({ encoding, method: encodingMethod } = detectEncoding(samples.all));
  }
  const sample = decodeBuffer(samples.head, encoding);
  const partial = bytes > samples.head.length;
  if (!partial && sample.trim() === "") throw new AppError("dataset:empty", { file: label });

  let format = BY_EXTENSION[ext];
  if (!format) {
    const detected = detectFormat(label, sample, looksTabular);
    if ("unknown" in detected)
      throw new AppError("dataset:wrong_type", { file: label, ...detailParams(detected.unknown) });
    if (detected.format !== "csv" && detected.format !== "jsonl") {
      throw new AppError("dataset:wrong_type", {
        file: label,
        ...detailParams({ code: "not_a_table", format: detected.format }),
      });
    }
    format = detected.format;
  }
  if ((await longestLine(file, MAX_LINE_BYTES)) > MAX_LINE_BYTES) {
    throw new AppError("dataset:line_too_long", { file: label, limit: formatBytes(MAX_LINE_BYTES) });
  }
  const inspection: Inspection = { file, label, bytes, format, encoding, encodingMethod };
  if (format === "csv" || format === "tsv") inspection.csv = sniffCsv(sample, partial, [], format === "tsv");
  return inspection;
}
