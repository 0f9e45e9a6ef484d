// The offline annotators (the dictionary) need none of the batch engine's machinery (adaptive concurrency, 429
// back-off, a cache that is slower than the dictionary itself): a plain loop over a page of rows that gives the event
// loop back between slices of work and hands each outcome straight to the run in the form the store keeps. At ~15 µs
// a row, every object made per row shows in the job's overhead (npm run bench:workbench), so the loop makes only the
// stored outcome itself: no batch items, no intermediate outcome, one time stamp per slice.
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import { LEXICON_MODEL, type TextAnnotator } from "../annotation/annotators";
import { annotateLexicon } from "../models/offline/lexicon";
import { rowError, type RowError } from "../annotation/batch";
import type { JobPool } from "../jobs/pool";
import type { PendingRow } from "./pendingRows";
import type { StoredOutcome } from "./store";
import { storedLabels } from "./storedOutcome";

export interface OfflineRunOptions {
  annotator: TextAnnotator;
  pool: JobPool;
  signal: AbortSignal;
  promptHash: string;
  onOutcome: (outcome: StoredOutcome) => void;
}

/** Each row's repeats still to do (a resumed run's pending rows: pendingRows.ts). */
export async function runOfflineRows(rows: readonly PendingRow[], options: OfflineRunOptions): Promise<void> {
  const { annotator, pool, signal, promptHash, onOutcome } = options;
  const lexicon = annotator.model === LEXICON_MODEL;
  // Rows made within one slice (a few ms) share its time stamp.
  let createdAt = new Date().toISOString();
  const outcome = (
    idx: number,
    repeat: number,
    annotation: Annotation | null,
    error: RowError | null,
    ms = 0,
    repaired = false,
  ) =>
    onOutcome({
      idx,
      model: annotator.model,
      repeat,
      annotation: annotation ? JSON.stringify(annotation) : null,
      labels: annotation ? storedLabels(annotation) : {},
      confidence: annotation ? annotation.incredere : null,
      error,
      codebookVersion: CODEBOOK_VERSION,
      temperature: annotator.temperature,
      promptHash,
      ms,
      cached: false,
      repaired,
      inputTokens: 0,
      outputTokens: 0,
      createdAt,
    });
  for (const row of rows) {
    for (const repeat of row.repeats) {
      if (signal.aborted) return;
      if (pool.due()) {
        await pool.slice();
        createdAt = new Date().toISOString();
      }
      if (!row.text.trim()) {
        outcome(row.idx, repeat, null, rowError(new AppError("input:empty")));
        continue;
      }
      // The dictionary is synchronous underneath and answers in microseconds: called directly, without a promise or
      // a clock per row (its time rounds to 0 ms anyway).
      const started = lexicon ? 0 : performance.now();
      let annotation: Annotation;
      let repaired: boolean;
      try {
        if (lexicon) {
          annotation = annotateLexicon(row.text);
          repaired = false;
        } else ({ annotation, repaired } = await annotator.annotate(row.text, signal));
      } catch (err) {
        const ms = lexicon ? 0 : Math.round(performance.now() - started);
        outcome(row.idx, repeat, null, rowError(annotator.classifyError(err).error), ms);
        continue;
      }
      const ms = lexicon ? 0 : Math.round(performance.now() - started);
      outcome(row.idx, repeat, annotation, null, ms, repaired);
    }
  }
}
