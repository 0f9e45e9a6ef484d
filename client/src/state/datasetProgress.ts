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

/** Whether the table has an adjudications column: only for a data set someone has adjudicated. */
export function showsAdjudications(progress: DatasetProgress): boolean {
  return progress.adjudications > 0 || progress.annotators.some((a) => a.adjudicated > 0);
}

const CSV_HEADER: Record<Lang, { base: string[]; adjudications: string; last: string }> = {
  ro: {
    base: ["persoana", "randuri_etichetate", "randuri_total", "procent"],
    adjudications: "adjudecari",
    last: "ultima_activitate",
  },
  en: {
    base: ["annotator", "rows_labelled", "rows_total", "percent"],
    adjudications: "adjudications",
    last: "last_activity",
  },
};

/**
 * "Descarcă CSV": the table as shown (the adjudications column when it is shown), one row per person. Figures as a
 * spreadsheet reads them whatever the page's language (dot decimal, ISO 8601 time); UTF-8 with a byte-order mark and
 * commas, as the workbench's export writes (server/export/csv.ts).
 */
export function progressCsv(progress: DatasetProgress, lang: Lang): string {
  const header = CSV_HEADER[lang];
  const adjudications = showsAdjudications(progress);
  const rows = [
    [...header.base, ...(adjudications ? [header.adjudications] : []), header.last],
    ...progressRows(progress).map((r) => [
      r.annotator,
      String(r.labelled),
      String(progress.rows),
      String(Math.round(r.share * 1000) / 10),
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
