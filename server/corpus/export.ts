// The cleaned corpus (all of it, or one collection) as a download: JSON Lines with every field of every record, or
// CSV through the app's one CSV writer (UTF-8 with a byte-order mark, cells safe from formula injection). Streamed
// with back-pressure, a few hundred records per write.
import type { Writable } from "node:stream";
import { csvRecord, csvStart } from "../export/csv";
import type { CorpusCatalog } from "./catalog/catalog";

export const CORPUS_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type CorpusExportFormat = (typeof CORPUS_EXPORT_FORMATS)[number];

export const EXPORT_TYPES: Record<CorpusExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/** CSV columns: the corpus record's fields, then the metadata people most often keep. */
export const CSV_COLUMNS = [
  "id",
  "text",
  "source",
  "platform",
  "date",
  "url",
  "title",
  "lang",
  "author",
  "urls",
  "mentions",
];

const RECORDS_PER_WRITE = 500;

function write(out: Writable, chunk: string): Promise<void> {
  if (out.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off("error", onError);
      resolve();
    };
    const onError = (err: Error) => {
      out.off("drain", onDrain);
      reject(err);
    };
    out.once("drain", onDrain);
    out.once("error", onError);
  });
}

export async function exportCorpus(
  catalog: CorpusCatalog,
  format: CorpusExportFormat,
  out: Writable,
  collection?: string,
): Promise<number> {
  let count = 0;
  let chunk: string[] = [];
  if (format === "csv") chunk.push(csvStart(CSV_COLUMNS));
  for (let after = 0; ;) {
    const page = catalog.recordsAfter(after, RECORDS_PER_WRITE, collection);
    if (page.records.length === 0) break;
    after = page.last;
    for (const record of page.records) {
      chunk.push(
        format === "jsonl"
          ? `${JSON.stringify(record)}\n`
          : csvRecord(CSV_COLUMNS.map((c) => record[c] ?? "")),
      );
    }
    count += page.records.length;
    await write(out, chunk.join(""));
    chunk = [];
  }
  if (chunk.length > 0) await write(out, chunk.join(""));
  out.end();
  return count;
}
