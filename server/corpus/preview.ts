// What an uploaded file (or a fetched feed) will become, before anything is imported: the importer's own inspection
// (format, encoding and its detection, binary and mojibake refused), its first rows or documents, the columns and a
// suggested mapping for tables, and the defaults the import will use.
import { ImportError } from "../../corpus/pipeline/import/errors";
import { chooseMapping } from "../../corpus/pipeline/import/fields";
import { normalizeDate } from "../../corpus/pipeline/import/dates";
import { outputName } from "../../corpus/pipeline/import/detect";
import { inspectFile } from "../../corpus/pipeline/import/index";
import { openReader } from "../../corpus/pipeline/import/readers";
import type { PartialDoc } from "../../corpus/pipeline/import/types";
import {
  CORPUS_LIMITS,
  TABULAR_FORMATS,
  type CorpusFormat,
  type CorpusMapping,
  type CorpusPreview,
  type PreviewDocument,
} from "../../contract/corpusPage";
import { cellText } from "../annotation/files";
import { corpusError } from "./errors";
import { importWarningRo, type ImportWarning } from "../../contract/importWarnings";
import { formatDetailEn, formatDetailRo } from "../../contract/importDetails";

/** Rows looked at to guess the mapping (the importer's own sample size). */
const MAPPING_ROWS = 200;
const PREVIEW_CELL_CHARS = 500;

const DEFAULT_PLATFORM: Record<CorpusFormat, string> = {
  csv: "import",
  xlsx: "import",
  jsonl: "import",
  json: "import",
  txt: "import",
  feed: "rss",
  youtube: "youtube",
};

function cut(text: string, chars = PREVIEW_CELL_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function previewDocument(doc: PartialDoc): PreviewDocument {
  const date = normalizeDate(doc.date);
  const author = doc.extra?.author;
  return {
    text: cut(doc.text),
    ...(doc.title ? { title: cut(doc.title, 200) } : {}),
    ...(date ? { date } : {}),
    ...(doc.url ? { url: doc.url } : {}),
    ...(doc.source ? { source: doc.source } : {}),
    ...(typeof author === "string" ? { author } : {}),
  };
}

/** Lines skipped among those read, per reason, with the first few line numbers (as the import's report has). */
type PreviewSkips = Map<string, { count: number; where: number[] }>;
const SKIPPED_LINES_KEPT = 5;

function countSkip(skipped: PreviewSkips, reason: string, where: number | undefined): void {
  const entry = skipped.get(reason) ?? { count: 0, where: [] };
  entry.count += 1;
  if (where !== undefined && entry.where.length < SKIPPED_LINES_KEPT) entry.where.push(where);
  skipped.set(reason, entry);
}

/** The importer's coded error as the app's, anything else as it is. */
function asAppError(err: unknown): unknown {
  return err instanceof ImportError ? corpusError(err.code, err.params) : err;
}

export async function previewCorpusFile(
  file: string,
  fileName: string,
  encoding?: string,
): Promise<Omit<CorpusPreview, "uploadId">> {
  try {
    const inspection = await inspectFile(file, { label: fileName, encoding });
    const reader = await openReader(inspection, () => undefined);
    const rows: Record<string, unknown>[] = [];
    const documents: PreviewDocument[] = [];
    let firstSource: string | undefined;
    const skipped: PreviewSkips = new Map();
    for await (const event of reader.events) {
      if (event.kind === "row") rows.push(event.fields);
      else if (event.kind === "skip")
        countSkip(skipped, event.reason, event.origin.line ?? event.origin.index);
      else if (event.kind === "doc") {
        firstSource ??= event.doc.source;
        documents.push(previewDocument(event.doc));
      }
      if (rows.length >= MAPPING_ROWS || documents.length >= CORPUS_LIMITS.previewRows) break;
    }
    const format = reader.format as CorpusFormat;
    const tabular = TABULAR_FORMATS.includes(format);
    const columns = reader.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const warnings: ImportWarning[] = [];
    let suggested: CorpusMapping = {};
    let sourceColumn: string | undefined;
    let platformColumn: string | undefined;
    if (tabular) {
      try {
        const { mapping, warnings: notes } = chooseMapping(columns, rows, {}, fileName);
        suggested = Object.fromEntries(
          (["text", "id", "date", "title", "url"] as const)
            .filter((field) => mapping[field] !== undefined)
            .map((field) => [field, mapping[field]]),
        );
        sourceColumn = mapping.source;
        platformColumn = mapping.platform;
        warnings.push(...notes);
      } catch (err) {
        // No column looks like text: the person chooses one.
        if (!(err instanceof ImportError)) throw err;
      }
    }
    const invalid = reader.invalidChars();
    if (invalid > 0)
      warnings.push({ code: "undecodable_chars", count: invalid, encoding: inspection.encoding });
    const collection = outputName(fileName);
    return {
      fileName,
      bytes: inspection.size,
      format,
      formatDetail: formatDetailRo(reader.formatDetail),
      formatDetailEn: formatDetailEn(reader.formatDetail),
      encoding: inspection.encoding,
      encodingMethod: inspection.encodingMethod,
      tabular,
      columns: tabular ? columns : [],
      rows: tabular
        ? rows
            .slice(0, CORPUS_LIMITS.previewRows)
            .map((row) => Object.fromEntries(columns.map((c) => [c, cut(cellText(row[c]))])))
        : [],
      documents,
      suggested,
      defaults: {
        collection,
        platform: DEFAULT_PLATFORM[format],
        source: firstSource ?? collection,
        ...(sourceColumn ? { sourceColumn } : {}),
        ...(platformColumn ? { platformColumn } : {}),
      },
      // In Romanian here; the routes say them in the asker's language (routes.ts, previewIn).
      warnings: warnings.map(importWarningRo),
      codedWarnings: warnings,
      ...(skipped.size > 0 ? { skipped: [...skipped].map(([reason, s]) => ({ reason, ...s })) } : {}),
    };
  } catch (err) {
    throw asAppError(err);
  }
}
