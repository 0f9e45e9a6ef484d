// The offline annotators (the dictionary) need none of the batch engine's machinery (adaptive concurrency, 429
// back-off, a cache that is slower than the dictionary itself): a plain loop that gives the event loop back between
// slices of work, with outcomes in the batch engine's shape so that the rest of the run treats both alike.
import { CODEBOOK_VERSION } from "../../contract/annotation";
import { AppError } from "../../contract/errors";
import { LEXICON_MODEL, type TextAnnotator } from "../annotation/annotators";
import { annotateLexicon } from "../models/offline/lexicon";
import { rowError, type BatchItem, type BatchOutcome } from "../annotation/batch";
import type { JobPool } from "../jobs/pool";

export async function runOfflineBatch(
  items: BatchItem[],
  annotator: TextAnnotator,
  pool: JobPool,
  signal: AbortSignal,
  onOutcome: (outcome: BatchOutcome) => void,
): Promise<void> {
  const base = {
    model: annotator.model,
    codebookVersion: CODEBOOK_VERSION,
    temperature: annotator.temperature,
    cached: false,
    repaired: false,
  };
  for (const item of items) {
    if (signal.aborted) return;
    if (pool.due()) await pool.slice();
    if (!item.text.trim()) {
      onOutcome({
        ...base,
        item,
        annotation: null,
        ms: 0,
        attempts: 0,
        error: rowError(new AppError("input:empty")),
      });
      continue;
    }
    const started = performance.now();
    try {
      // The dictionary is synchronous underneath: calling it directly saves a promise per row.
      const result =
        annotator.model === LEXICON_MODEL
          ? { annotation: annotateLexicon(item.text), repaired: false }
          : await annotator.annotate(item.text, signal);
      const ms = Math.round(performance.now() - started);
      onOutcome({
        ...base,
        item,
        annotation: result.annotation,
        ms,
        attempts: 1,
        repaired: result.repaired,
        error: null,
      });
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      onOutcome({
        ...base,
        item,
        annotation: null,
        ms,
        attempts: 1,
        error: rowError(annotator.classifyError(err).error),
      });
    }
  }
}
