// Turns an inspected upload and its column mapping into a stored data set: ids, text, metadata and gold labels (with
// the value map) per row, the per-line error report, and the review sample. Rows go to the store in slices with the
// event loop free between them; the data set becomes visible only when every row is in (else it is removed whole).
import { AppError } from "../../../contract/errors";
import { detailParams } from "../../../contract/importDetails";
import {
  emptyImportReport,
  type ColumnMapping,
  type DatasetSkipReason,
  type DatasetSource,
  type DatasetSummary,
  type ImportReport,
  type ReviewField,
  type ReviewSample,
} from "../../../contract/workbench";
import { normalizeLetters } from "../../../contract/text";
import { normalizeLabel } from "../../annotation/labels";
import { cellText, textKey } from "../../annotation/files";
import type { DatasetItem, WorkbenchStore } from "../store";
import type { Inspection } from "./inspect";
import { readRows } from "./rows";
import { defaultReviewSample, seededSample } from "./sample";

/** A row whose text is longer than this is skipped (text_too_long) rather than stored. */
export const MAX_TEXT_CHARS = 100_000;
const META_CHARS = 2000;
const LINES_KEPT = 10;
const SLICE_ROWS = 500;

/**
 * The gold columns with their value maps' keys in the letters the cells come in (./rows.ts normalises them): a map
 * written with cedilla letters, "ameninţare → negativ", still finds its cells.
 */
function goldWithLetters(gold: ColumnMapping["gold"]): ColumnMapping["gold"] {
  return gold?.map((column) =>
    column.values
      ? {
          ...column,
          values: Object.fromEntries(
            Object.entries(column.values).map(([raw, label]) => [normalizeLetters(raw), label]),
          ),
        }
      : column,
  );
}

/** Builds rows from mapped cells and keeps the import's report; shared by uploads and corpus selections. */
export class DatasetBuilder {
  readonly report: ImportReport = emptyImportReport();
  private readonly ids = new Map<string, number>();
  private pending: DatasetItem[] = [];
  private readonly started = performance.now();

  constructor(
    private readonly store: WorkbenchStore,
    readonly datasetId: string,
    private readonly maxRows: number,
    private readonly slice: () => Promise<void>,
  ) {}

  skip(reason: DatasetSkipReason, line: number): void {
    const entry = (this.report.skipped[reason] ??= { count: 0, lines: [] });
    entry.count++;
    this.report.skippedTotal++;
    if (entry.lines.length < LINES_KEPT) entry.lines.push(line);
  }

  private unmapped(field: ReviewField, value: string): void {
    const entry = (this.report.goldUnmapped[field] ??= { count: 0, values: [] });
    entry.count++;
    if (entry.values.length < 5 && !entry.values.includes(value)) entry.values.push(value);
  }

  /** A unique id: the given one or a hash of the text; a repeat gets "#2", "#3". */
  private uniqueId(given: string, text: string): string {
    const base = given || textKey(text);
    const count = (this.ids.get(base) ?? 0) + 1;
    this.ids.set(base, count);
    if (count === 1) return base;
    this.report.duplicateIds++;
    return `${base}#${count}`;
  }

  async add(
    line: number,
    text: string,
    id: string,
    meta: Record<string, string>,
    gold: ColumnMapping["gold"],
    cells: Record<string, unknown>,
  ): Promise<void> {
    if (text.trim() === "") return this.skip("empty_text", line);
    if (text.length > MAX_TEXT_CHARS) return this.skip("text_too_long", line);
    if (this.report.rows >= this.maxRows)
      throw new AppError("dataset:too_many_rows", { limit: this.maxRows });
    const labels: DatasetItem["gold"] = {};
    for (const column of gold ?? []) {
      const raw = cellText(cells[column.column]).trim();
      if (raw === "") continue;
      const label = normalizeLabel(column.field, column.values?.[raw] ?? raw);
      if (label === null) this.unmapped(column.field, raw);
      else labels[column.field] = label;
    }
    this.pending.push({ idx: this.report.rows++, itemId: this.uniqueId(id, text), text, meta, gold: labels });
    if (this.pending.length >= SLICE_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    await this.store.addItems(this.datasetId, items);
    await this.slice();
  }

  /** Commits the data set with its review sample; refuses an empty one. */
  async commit(file: string, reviewSample: ReviewSample | undefined): Promise<DatasetSummary> {
    await this.flush();
    const report = this.report;
    if (report.rows === 0) {
      const skipped = Object.entries(report.skipped).map(([reason, s]) => ({ reason, count: s.count }));
      throw new AppError("dataset:no_rows", { file, ...detailParams({ code: "no_rows", skipped }) });
    }
    // Undecodable characters and repeated ids are counts in the report; the page words them in its language.
    report.durationMs = Math.round(performance.now() - this.started);
    const sample = reviewSample ?? defaultReviewSample(report.rows);
    const sampleIdxs = seededSample(report.rows, sample.size, sample.seed);
    return this.store.commitDataset(this.datasetId, {
      rows: report.rows,
      report,
      reviewSample: { size: sampleIdxs.length, seed: sample.seed },
      sampleIdxs,
    });
  }
}

function requireColumns(mapping: ColumnMapping, columns: string[]): void {
  const wanted = [
    mapping.text,
    mapping.id,
    ...(mapping.meta ?? []),
    ...(mapping.gold ?? []).map((g) => g.column),
  ];
  for (const column of wanted) {
    if (column !== undefined && !columns.includes(column)) {
      throw new AppError("dataset:column_missing", { column, available: columns.join(", ") || "—" });
    }
  }
}

export interface ImportUploadOptions {
  store: WorkbenchStore;
  inspection: Inspection;
  mapping: ColumnMapping;
  name: string;
  source: DatasetSource;
  contentHash: string | null;
  maxRows: number;
  reviewSample?: ReviewSample;
  /** Gives the event loop back between slices of rows (the job pool's slice). */
  slice: () => Promise<void>;
  /** The user the data set belongs to ("local" when absent). */
  userId?: string;
}

/**
 * The mapping as the data set keeps it: a gold column stays a metadata column too, with its values as written, so
 * that mapping "atac, ironie" both onto `negativ` loses neither (the export has `meta_<column>` beside `gold_<field>`).
 * The text and the id are the row's own; everything else the person kept is metadata.
 */
export function keptMapping(mapping: ColumnMapping): ColumnMapping {
  const meta = [...(mapping.meta ?? [])];
  for (const { column } of mapping.gold ?? []) {
    if (column !== mapping.text && column !== mapping.id && !meta.includes(column)) meta.push(column);
  }
  return meta.length > 0 ? { ...mapping, meta } : mapping;
}

/** Imports an upload as a data set; on any failure nothing of it stays. */
export async function importUpload(options: ImportUploadOptions): Promise<DatasetSummary> {
  const { store, inspection } = options;
  const mapping = keptMapping(options.mapping);
  const datasetId = await store.beginDataset({
    name: options.name,
    source: options.source,
    sourceFile: inspection.label,
    format: inspection.format,
    encoding: inspection.encoding,
    bytes: inspection.bytes,
    mapping,
    contentHash: options.contentHash,
    userId: options.userId,
  });
  const builder = new DatasetBuilder(store, datasetId, options.maxRows, options.slice);
  const { events, invalidChars } = readRows(inspection);
  const gold = goldWithLetters(mapping.gold);
  const seenKeys = new Set<string>();
  try {
    for await (const event of events) {
      if (event.kind === "columns") requireColumns(mapping, event.columns);
      else if (event.kind === "skip") builder.skip(event.reason, event.line);
      else {
        if (inspection.format === "jsonl" && seenKeys.size < 1000) {
          for (const key of Object.keys(event.fields)) seenKeys.add(key);
        }
        const cells = event.fields;
        const meta: Record<string, string> = {};
        for (const column of mapping.meta ?? []) meta[column] = cellText(cells[column]).slice(0, META_CHARS);
        const id = mapping.id ? cellText(cells[mapping.id]).trim() : "";
        await builder.add(event.line, cellText(cells[mapping.text]), id, meta, gold, cells);
      }
    }
    if (inspection.format === "jsonl" && builder.report.rows === 0 && seenKeys.size > 0) {
      requireColumns(mapping, [...seenKeys]);
    }
    builder.report.invalidChars = invalidChars();
    return await builder.commit(inspection.label, options.reviewSample);
  } catch (err) {
    await events.return(undefined);
    await store.abortDataset(datasetId);
    throw err;
  }
}
