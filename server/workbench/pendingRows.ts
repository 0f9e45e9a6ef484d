// What a run still has to do for one model, page by page: the rows of each page of the data set with the repeats the
// store does not hold yet. Every path of a run (the lexicon's threads, the offline loop, the batch engine) reads its
// work from here, so a resumed run skips exactly what was stored, whichever path does the rest.
import type { WorkbenchStore } from "./store";

/** A row to annotate: its index in the data set, its text and the repeats the store does not hold yet. */
export interface PendingRow {
  idx: number;
  text: string;
  repeats: number[];
}

export interface PendingScope {
  store: WorkbenchStore;
  runId: string;
  datasetId: string;
  /** Rows of the data set, and repeats per row. */
  rows: number;
  repeats: number;
  pageRows: number;
  signal: AbortSignal;
}

/** Pages with at least one row to do (pages already done are skipped); stops asking once the signal aborts. */
export async function* pendingPages(model: string, scope: PendingScope): AsyncGenerator<PendingRow[]> {
  const { store, runId, datasetId, pageRows, signal } = scope;
  const all = Array.from({ length: scope.repeats }, (_, i) => i + 1);
  for (let from = 0; from < scope.rows && !signal.aborted; from += pageRows) {
    const rows = await store.texts(datasetId, from, pageRows);
    const done = await store.doneKeys(runId, model, from, from + pageRows);
    if (done.size >= rows.length * scope.repeats) continue;
    // A page nothing of which is stored (a fresh run) needs no look-up per row.
    const page: PendingRow[] = [];
    for (const row of rows) {
      const repeats = done.size === 0 ? all : all.filter((repeat) => !done.has(`${row.idx}:${repeat}`));
      if (repeats.length > 0) page.push({ idx: row.idx, text: row.text, repeats });
    }
    yield page;
  }
}
