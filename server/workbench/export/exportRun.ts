// Writes a run's export to a stream, a page of rows at a time (a 100,000-row run is never held whole): CSV (UTF-8 with
// a byte-order mark, so Excel reads the diacritics), XLSX (a second sheet holds the methods paragraph, a third the data
// set's annotation guidelines when its owner wrote some) or JSONL.
import { datasetFileName } from "../../../contract/exportFileName";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { DatasetSummary, ExportFormat, MethodsResponse, RunSummary } from "../../../contract/workbench";
import type { WorkbenchStore } from "../store";
import { exportLayout, exportNotes, exportObject, exportValues } from "./columns";
import { csvRecord, csvStart } from "../../export/csv";

const PAGE_ROWS = 500;

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jsonl: "application/x-ndjson; charset=utf-8",
};

/** The export's file name: `fb-adnotari-2026-12-07.csv` (contract/exportFileName.ts). */
export function exportFileName(datasetName: string, format: ExportFormat, now: Date = new Date()): string {
  return datasetFileName(datasetName, "adnotari", format, now);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

export interface ExportOptions {
  store: WorkbenchStore;
  run: RunSummary;
  dataset: DatasetSummary;
  methods: MethodsResponse;
  format: ExportFormat;
  out: Writable;
  /** Gives the event loop back between pages. */
  slice?: () => Promise<void>;
}

async function* pages(options: ExportOptions) {
  for (let from = 0; from < options.dataset.rows; from += PAGE_ROWS) {
    yield await options.store.exportLines(options.run.id, from, PAGE_ROWS);
    await options.slice?.();
  }
}

export async function exportRun(options: ExportOptions): Promise<void> {
  const { store, run, dataset, out } = options;
  const all = await store.listLabels(dataset.id);
  const annotators = [...new Set(all.labels.map((l) => l.annotator))].sort();
  const layout = exportLayout(dataset, annotators, exportNotes(all));
  if (options.format === "xlsx") return exportXlsx(options, layout);
  if (options.format === "csv") await write(out, csvStart(layout.columns));
  for await (const lines of pages(options)) {
    const text =
      options.format === "csv"
        ? lines.map((line) => csvRecord(exportValues(line, run, dataset, layout))).join("")
        : lines.map((line) => JSON.stringify(exportObject(line, run)) + "\n").join("");
    await write(out, text);
  }
  out.end();
}

async function exportXlsx(options: ExportOptions, layout: ReturnType<typeof exportLayout>): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: options.out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet("adnotari");
  sheet.addRow(layout.columns).commit();
  for await (const lines of pages(options)) {
    for (const line of lines) sheet.addRow(exportValues(line, options.run, options.dataset, layout)).commit();
  }
  sheet.commit();
  const methods = workbook.addWorksheet("metodologie");
  methods.addRow(["ro", options.methods.ro]).commit();
  methods.addRow(["en", options.methods.en]).commit();
  methods.commit();
  // The guidelines people labelled with, as written (Markdown), one line a row so that a spreadsheet shows them whole.
  const guidelines = await options.store.getGuidelines(options.dataset.id);
  if (guidelines) {
    const sheet = workbook.addWorksheet("ghid");
    sheet.addRow(["updated_at", guidelines.updatedAt]).commit();
    sheet.addRow(["updated_by", guidelines.updatedBy]).commit();
    sheet.addRow([]).commit();
    for (const line of guidelines.text.split("\n")) sheet.addRow([line]).commit();
    sheet.commit();
  }
  await workbook.commit();
}
