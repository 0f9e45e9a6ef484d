// The first rows of an inspected upload, its columns and a suggested mapping, for the page's preview.
import { chooseMapping } from "../../../corpus/pipeline/import/fields";
import { normalizeColumnName } from "../../../corpus/pipeline/import/fields";
import { ImportError } from "../../../corpus/pipeline/import/errors";
import {
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  type ColumnMapping,
  type UploadPreview,
} from "../../../contract/workbench";
import { cellText } from "../../annotation/files";
import type { Inspection } from "./inspect";
import { readRows } from "./rows";

/** JSONL rows looked at to find the keys (the columns) of a file whose rows differ. */
const KEY_ROWS = 200;
const PREVIEW_CELL_CHARS = 500;

/** Column names a gold column of `ton` often has in shared data sets. */
const TONE_NAMES = new Set(["label", "eticheta", "sentiment", "gold", "aur"]);

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
    const field = REVIEW_FIELDS.find((f) => normalizeColumnName(f) === name);
    if (field) gold.push({ field, column });
    else if (TONE_NAMES.has(name) && !gold.some((g) => g.field === "ton"))
      gold.push({ field: "ton", column });
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
  try {
    for await (const event of events) {
      if (event.kind === "columns") {
        columns = event.columns;
        sheet = event.sheet;
      } else if (event.kind === "row") {
        for (const key of Object.keys(event.fields)) keys.add(key);
        rows.push(event.fields);
        if (rows.length >= (columns ? WORKBENCH_LIMITS.previewRows : KEY_ROWS)) break;
      }
    }
  } finally {
    await events.return(undefined);
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
  };
}
