// The first rows of an inspected upload, its columns and a suggested mapping, for the page's preview.
import { chooseMapping } from "../../../corpus/pipeline/import/fields";
import { normalizeColumnName } from "../../../corpus/pipeline/import/fields";
import { ImportError } from "../../../corpus/pipeline/import/errors";
import { AppError } from "../../../contract/errors";
import { detailParams } from "../../../contract/importDetails";
import {
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  type ColumnMapping,
  type ReviewField,
  type UploadPreview,
} from "../../../contract/workbench";
import { cellText } from "../../annotation/files";
import { normalizeLabel } from "../../annotation/labels";
import type { Inspection } from "./inspect";
import { readRows } from "./rows";

/** JSONL rows looked at to find the keys (the columns) of a file whose rows differ. */
const KEY_ROWS = 200;
const PREVIEW_CELL_CHARS = 500;
const SKIPPED_LINES_KEPT = 5;

/** Column names a gold column of `ton` often has in shared data sets. */
const TONE_NAMES = new Set(["label", "eticheta", "sentiment", "gold", "aur"]);

/**
 * Tone words of other vocabularies whose direction is not in doubt. Bare numbers (0/1/2, 1–5) are left out on
 * purpose: 0/1/2 is negative-neutral-positive in one data set and positive-negative-neutral in another, so the
 * person maps them on the page.
 */
const TONE_WORDS: Record<string, string> = {
  negative: "negativ",
  neg: "negativ",
  positive: "pozitiv",
  pos: "pozitiv",
  neutral: "neutru",
  neu: "neutru",
  "-1": "negativ",
};

/**
 * How a column's preview values become labels of the field: {} when they are labels already, a value map when
 * every one is a known tone word, undefined when some value cannot be mapped without asking (then the column is
 * not suggested: a guessed gold column would turn every row's gold into "no label").
 */
export function guessValueMap(
  field: ReviewField,
  column: string,
  rows: Record<string, unknown>[],
): Record<string, string> | undefined {
  const raws = new Set<string>();
  for (const row of rows) {
    const raw = cellText(row[column]).trim();
    if (raw !== "") raws.add(raw);
  }
  if (raws.size === 0) return undefined;
  const values: Record<string, string> = {};
  // "-1" makes 0 and 1 readable as neutral and positive; without it 0/1 stay ambiguous.
  const signed = field === "ton" && raws.has("-1");
  for (const raw of raws) {
    if (normalizeLabel(field, raw) !== null) continue;
    const word = field === "ton" ? (TONE_WORDS[raw.toLowerCase()] ?? signedTone(signed, raw)) : undefined;
    if (!word) return undefined;
    values[raw] = word;
  }
  return values;
}

function signedTone(signed: boolean, raw: string): string | undefined {
  if (!signed) return undefined;
  return raw === "0" ? "neutru" : raw === "1" || raw === "+1" ? "pozitiv" : undefined;
}

/** A mapping guessed from names and values; the person confirms or changes it. */
export function suggestMapping(
  columns: string[],
  rows: Record<string, unknown>[],
  label: string,
): Partial<ColumnMapping> {
  const suggested: Partial<ColumnMapping> = {};
  try {
    const chosen = chooseMapping(columns, rows, {}, label).mapping;
    suggested.text = chosen.text;
    if (chosen.id) suggested.id = chosen.id;
    const meta = [chosen.date, chosen.source, chosen.platform, chosen.url, chosen.title, chosen.author];
    suggested.meta = meta.filter((c): c is string => c !== undefined);
  } catch (err) {
    // No column looks like text: the page asks the person to choose one.
    if (!(err instanceof ImportError)) throw err;
  }
  const gold: NonNullable<ColumnMapping["gold"]> = [];
  for (const column of columns) {
    const name = normalizeColumnName(column);
    const field =
      REVIEW_FIELDS.find((f) => normalizeColumnName(f) === name) ??
      (TONE_NAMES.has(name) ? "ton" : undefined);
    if (!field || gold.some((g) => g.field === field)) continue;
    const values = guessValueMap(field, column, rows);
    if (!values) continue;
    gold.push({ field, column, ...(Object.keys(values).length > 0 ? { values } : {}) });
  }
  if (gold.length > 0) suggested.gold = gold;
  return suggested;
}

export async function previewUpload(inspection: Inspection): Promise<Omit<UploadPreview, "uploadId">> {
  const { events } = readRows(inspection);
  let columns: string[] | null = null;
  let sheet: string | undefined;
  const keys = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const skipped: NonNullable<UploadPreview["skipped"]> = {};
  try {
    for await (const event of events) {
      if (event.kind === "columns") {
        columns = event.columns;
        sheet = event.sheet;
      } else if (event.kind === "row") {
        for (const key of Object.keys(event.fields)) keys.add(key);
        rows.push(event.fields);
        if (rows.length >= (columns ? WORKBENCH_LIMITS.previewRows : KEY_ROWS)) break;
      } else if (event.kind === "skip") {
        const entry = (skipped[event.reason] ??= { count: 0, lines: [] });
        entry.count++;
        if (entry.lines.length < SKIPPED_LINES_KEPT) entry.lines.push(event.line);
      }
    }
  } finally {
    await events.return(undefined);
  }
  // A header with nothing under it (or a JSONL file of bad lines) is refused here, before a mapping is asked for.
  if (rows.length === 0) {
    const reasons = Object.entries(skipped).map(([reason, s]) => ({ reason, count: s.count }));
    throw new AppError("dataset:no_rows", {
      file: inspection.label,
      ...detailParams({ code: "no_rows", skipped: reasons }),
    });
  }
  const allColumns = columns ?? [...keys];
  return {
    fileName: inspection.label,
    bytes: inspection.bytes,
    format: inspection.format,
    encoding: inspection.encoding,
    encodingMethod: inspection.encodingMethod,
    ...(inspection.csv ? { delimiter: inspection.csv.delimiter } : {}),
    hasHeader: inspection.csv ? inspection.csv.hasHeader : inspection.format === "xlsx",
    ...(sheet ? { sheet } : {}),
    columns: allColumns,
    rows: rows
      .slice(0, WORKBENCH_LIMITS.previewRows)
      .map((row) =>
        Object.fromEntries(allColumns.map((c) => [c, cellText(row[c]).slice(0, PREVIEW_CELL_CHARS)])),
      ),
    suggested: suggestMapping(allColumns, rows, inspection.label),
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
  };
}
