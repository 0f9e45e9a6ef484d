// Opens the reader of an inspected input: streamed for CSV, JSON Lines and TXT, parsed whole for feeds and JSON
// (a yt-dlp comment export or an array of records). Says which format it read and how many characters it could
// not decode.
import { readFile } from "node:fs/promises";
import { readCsv } from "./csv";
import { decodeBuffer, decodeFile } from "./encoding";
import type { FormatDetail } from "../../../contract/importDetails";
import { ImportError } from "./errors";
import { readFeed } from "./feed";
import type { FileInspection } from "./inspection";
import { isYtDlpInfo, jsonArrayRows, ytDlpComments } from "./json";
import { readJsonl, readTxt } from "./lines";
import { readXlsxRows } from "./xlsx";
import type { ImportFormat, ReaderEvent } from "./types";

export interface OpenedReader {
  events: AsyncIterable<ReaderEvent> | Iterable<ReaderEvent>;
  /** The format read: a `.json` file may turn out to be a yt-dlp export. */
  format: ImportFormat;
  /** For the summary: delimiter and header, feed kind, what the JSON held (contract/importDetails.ts). */
  formatDetail: FormatDetail;
  /** The CSV's column names, when known before the rows. */
  columns?: string[];
  /** Characters the decoder replaced (U+FFFD) so far; read after the events are consumed. */
  invalidChars: () => number;
}

/** A whole JSON document: a yt-dlp `.info.json` with comments, or an array of records. */
function jsonReader(
  text: string,
  label: string,
  format: ImportFormat,
): Pick<OpenedReader, "events" | "format" | "formatDetail"> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImportError(
      "import:invalid_json",
      { file: label },
      { cause: err, detail: { code: "quoted", text: message } },
    );
  }
  if (isYtDlpInfo(value)) {
    return {
      format: "youtube",
      formatDetail: { code: "yt_dlp" },
      events: ytDlpComments(value, label),
    };
  }
  if (Array.isArray(value)) {
    return { format, formatDetail: { code: "json_list" }, events: jsonArrayRows(value, label) };
  }
  throw new ImportError(
    "import:unknown_format",
    { file: label },
    { detail: { code: "json_without_records" } },
  );
}

export async function openReader(
  inspection: FileInspection,
  onBytes: (bytesRead: number) => void,
): Promise<OpenedReader> {
  const { file, label, size, encoding } = inspection;
  switch (inspection.format) {
    case "csv": {
      const layout = inspection.csv!;
      const decoded = decodeFile(file, encoding, onBytes);
      return {
        events: readCsv(decoded.stream, label, layout),
        format: "csv",
        formatDetail: { code: "csv", delimiter: layout.delimiter, header: layout.hasHeader },
        columns: layout.columns,
        invalidChars: decoded.invalidChars,
      };
    }
    case "xlsx": {
      // exceljs reads the archive itself: progress is the whole file once the sheet has been read.
      async function* rows() {
        try {
          yield* readXlsxRows(file, label);
        } catch (err) {
          // A damaged archive or sheet: a coded error like a broken JSON or XML file.
          const message = err instanceof Error ? err.message.slice(0, 200) : String(err);
          throw new ImportError(
            "import:invalid_xlsx",
            { file: label },
            { cause: err, detail: { code: "quoted", text: message } },
          );
        }
        onBytes(size);
      }
      return {
        events: rows(),
        format: "xlsx",
        formatDetail: { code: "xlsx_first_sheet" },
        invalidChars: () => 0,
      };
    }
    case "jsonl":
    case "txt": {
      const decoded = decodeFile(file, encoding, onBytes);
      const jsonl = inspection.format === "jsonl";
      return {
        events: jsonl ? readJsonl(decoded.stream, label) : readTxt(decoded.stream, label),
        format: inspection.format,
        formatDetail: { code: jsonl ? "jsonl" : "paragraphs" },
        invalidChars: decoded.invalidChars,
      };
    }
    case "feed":
    case "json":
    case "youtube": {
      const text = decodeBuffer(await readFile(file), encoding);
      onBytes(size);
      const invalidChars = () => (text.match(/\uFFFD/g) ?? []).length;
      if (inspection.format === "feed") {
        const feed = readFeed(text, label, label);
        return {
          events: feed.events,
          format: "feed",
          formatDetail: { code: "feed", kind: feed.kind },
          invalidChars,
        };
      }
      return { ...jsonReader(text, label, inspection.format), invalidChars };
    }
  }
}
