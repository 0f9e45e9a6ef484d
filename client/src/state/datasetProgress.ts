// The "Progresul clasei" table of a shared data set, as pure functions: its rows (each person's share of the data
// set's rows, most rows labelled first), the CSV the teacher downloads and its file name.
import { csvCell } from "../../../contract/csvCell";
import { datasetFileName } from "../../../contract/exportFileName";
import type { AnnotatorProgress, DatasetProgress } from "../../../contract/workbench";
import type { Lang } from "../i18n";

export interface ProgressRow extends AnnotatorProgress {
  /** Rows labelled of the data set's rows, 0..1. */
  share: number;
}

/** One row per person, most rows labelled first, ties by name (as the server sends them, kept if it ever did not). */
export function progressRows(progress: DatasetProgress): ProgressRow[] {
  return progress.annotators
    .map((a) => ({ ...a, share: progress.rows > 0 ? Math.min(1, a.labelled / progress.rows) : 0 }))
    .sort((a, b) => b.labelled - a.labelled || a.annotator.localeCompare(b.annotator, "ro"));
}

/** Whether the table has a column of rows skipped and marked unsure: only once someone skipped or was unsure. */
export function showsSkipped(progress: DatasetProgress): boolean {
  return progress.annotators.some((a) => (a.skipped ?? 0) > 0 || (a.unsure ?? 0) > 0);
}

/** Whether the table has an adjudications column: only for a data set someone has adjudicated. */
export function showsAdjudications(progress: DatasetProgress): boolean {
  return progress.adjudications > 0 || progress.annotators.some((a) => a.adjudicated > 0);
}

const CSV_HEADER: Record<Lang, { base: string[]; skipped: string[]; adjudications: string; last: string }> = {
  ro: {
    base: ["persoana", "randuri_etichetate", "randuri_total", "procent"],
    skipped: ["randuri_sarite", "randuri_nesigure"],
    adjudications: "adjudecari",
    last: "ultima_activitate",
  },
  en: {
    base: ["annotator", "rows_labelled", "rows_total", "percent"],
    skipped: ["rows_skipped", "rows_unsure"],
    adjudications: "adjudications",
    last: "last_activity",
  },
};

/**
 * "Descarcă CSV": the table as shown (the skipped and unsure columns, and the adjudications column, when shown), one row per person. Figures as a
 * spreadsheet reads them whatever the page's language (dot decimal, ISO 8601 time); UTF-8 with a byte-order mark and
 * commas, as the workbench's export writes (server/export/csv.ts).
 */
export function progressCsv(progress: DatasetProgress, lang: Lang): string {
  const header = CSV_HEADER[lang];
  const adjudications = showsAdjudications(progress);
  const skipped = showsSkipped(progress);
  const rows = [
    [
      ...header.base,
      ...(skipped ? header.skipped : []),
      ...(adjudications ? [header.adjudications] : []),
      header.last,
    ],
    ...progressRows(progress).map((r) => [
      r.annotator,
      String(r.labelled),
      String(progress.rows),
      String(Math.round(r.share * 1000) / 10),
      ...(skipped ? [String(r.skipped ?? 0), String(r.unsure ?? 0)] : []),
      ...(adjudications ? [String(r.adjudicated)] : []),
      r.lastActivity,
    ]),
  ];
  return "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

/** The CSV's file name: `fb-progres-2026-12-07.csv`, as the run's export names its file (contract/exportFileName.ts). */
export function progressFileName(datasetName: string, now: Date = new Date()): string {
  return datasetFileName(datasetName, "progres", "csv", now);
}

/** How often the table asks again while the page is in view: a teacher watching the class sees it move. */
export const PROGRESS_REFRESH_MS = 15_000;
