// Before and after an upload: the checks the page can make on a file before sending it (empty, too big), the
// per-line error report of an import as lines to show, and the data set list's order. No React, no fetch.
import type {
  DatasetSkipReason,
  DatasetSummary,
  ImportReport,
  ReviewField,
} from "../../../contract/workbench";

export type FileProblem = { key: "upload.emptyFile" } | { key: "upload.tooBig"; limitBytes: number };

/** What the page can tell without the server; the server checks type, encoding and content. */
export function fileProblem(
  file: { size: number },
  maxUploadBytes: number | undefined,
): FileProblem | undefined {
  if (file.size === 0) return { key: "upload.emptyFile" };
  if (maxUploadBytes !== undefined && file.size > maxUploadBytes) {
    return { key: "upload.tooBig", limitBytes: maxUploadBytes };
  }
  return undefined;
}

/** How many line numbers a report line lists before "and N more". */
export const REPORT_LINES_SHOWN = 12;

export interface SkipLine {
  reason: DatasetSkipReason;
  count: number;
  lines: number[];
  /** Lines with this problem that are not listed. */
  more: number;
}

export interface ReportView {
  imported: number;
  skippedTotal: number;
  skipped: SkipLine[];
  goldUnmapped: { field: ReviewField; count: number; values: string[] }[];
  invalidChars: number;
  duplicateIds: number;
  warnings: string[];
  /** Nothing to point out: every row imported, every gold value mapped. */
  clean: boolean;
}

// Data sets imported before the page worded these counts itself carry them as Romanian warnings too: shown once.
const RESTATED_COUNT = /^\d+ (?:caractere nu au putut fi decodate|id-uri repetate au primit)/;

export function reportView(report: ImportReport): ReportView {
  const skipped = (
    Object.entries(report.skipped) as [DatasetSkipReason, { count: number; lines: number[] }][]
  )
    .filter(([, s]) => s.count > 0)
    .sort((a, b) => b[1].count - a[1].count)
    .map(([reason, s]) => ({
      reason,
      count: s.count,
      lines: s.lines.slice(0, REPORT_LINES_SHOWN),
      more: Math.max(0, s.count - Math.min(s.lines.length, REPORT_LINES_SHOWN)),
    }));
  const goldUnmapped = (
    Object.entries(report.goldUnmapped) as [ReviewField, { count: number; values: string[] }][]
  )
    .filter(([, g]) => g.count > 0)
    .map(([field, g]) => ({ field, count: g.count, values: g.values }));
  return {
    imported: report.rows,
    skippedTotal: report.skippedTotal,
    skipped,
    goldUnmapped,
    invalidChars: report.invalidChars,
    duplicateIds: report.duplicateIds,
    warnings: report.warnings.filter((w) => !RESTATED_COUNT.test(w)),
    clean:
      skipped.length === 0 &&
      goldUnmapped.length === 0 &&
      report.invalidChars === 0 &&
      report.duplicateIds === 0 &&
      report.warnings.length === 0,
  };
}

/** Newest first; the list shows what was just made at the top. */
export function sortDatasets(datasets: readonly DatasetSummary[]): DatasetSummary[] {
  return [...datasets].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name));
}

/** The list after a data set was made or changed: it replaces its old entry or comes first. */
export function upsertDataset(
  datasets: readonly DatasetSummary[],
  dataset: DatasetSummary,
): DatasetSummary[] {
  return sortDatasets([dataset, ...datasets.filter((d) => d.id !== dataset.id)]);
}
