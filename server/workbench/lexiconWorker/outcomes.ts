// The dictionary over a page of rows, split where the work is shared between two threads: the lexicon worker
// annotates the texts into what the store keeps (`annotateTexts`: JSON, label strings), the main thread makes the
// outcomes of the rows and their repeats (`toOutcomes`) and writes them while the worker goes on with the next page.
// Without a worker the main thread does both. Pure: the same rows give the same outcomes.
import { CODEBOOK_VERSION, type Annotation } from "../../../contract/annotation";
import { AppError } from "../../../contract/errors";
import { rowError, type RowError } from "../../annotation/batch";
import { LEXICON_MODEL } from "../../annotation/annotators";
import { annotateLexicon } from "../../models/offline/lexicon";
import type { StoredOutcome } from "../store";
import { storedLabels } from "../storedOutcome";

/** A row to annotate: its index in the data set, its text and the repeats the store does not hold yet. */
export interface LexiconRow {
  idx: number;
  text: string;
  repeats: number[];
}

/**
 * A text's annotation as the store keeps it: the JSON, the review fields as label strings and the confidence; or
 * the row's error (an empty text; a fault of the dictionary fails that row, not the run). Strings and numbers only,
 * so that a page crosses between threads cheaply.
 */
export type LexiconResult =
  | { json: string; labels: StoredOutcome["labels"]; confidence: number; error: null }
  | { json: null; labels: StoredOutcome["labels"]; confidence: null; error: RowError };

function annotate(text: string): LexiconResult {
  if (!text.trim()) return failed(new AppError("input:empty"));
  let annotation: Annotation;
  try {
    annotation = annotateLexicon(text);
  } catch (err) {
    return failed(new AppError("internal", { detail: err instanceof Error ? err.message : String(err) }));
  }
  return {
    json: JSON.stringify(annotation),
    labels: storedLabels(annotation),
    confidence: annotation.incredere,
    error: null,
  };
}

function failed(err: AppError): LexiconResult {
  return { json: null, labels: {}, confidence: null, error: rowError(err) };
}

/** The dictionary's answer per text, in order (the worker thread's part). */
export function annotateTexts(texts: readonly string[]): LexiconResult[] {
  return texts.map(annotate);
}

/** One outcome per (row, repeat) asked for, in the rows' order; `results[i]` belongs to `rows[i]`. */
export function toOutcomes(
  rows: readonly LexiconRow[],
  results: readonly LexiconResult[],
  promptHash: string,
): StoredOutcome[] {
  const createdAt = new Date().toISOString();
  const outcomes: StoredOutcome[] = [];
  rows.forEach((row, i) => {
    const { json, labels, confidence, error } = results[i]!;
    for (const repeat of row.repeats) {
      outcomes.push({
        idx: row.idx,
        model: LEXICON_MODEL,
        repeat,
        annotation: json,
        labels,
        confidence,
        error,
        codebookVersion: CODEBOOK_VERSION,
        temperature: null,
        promptHash,
        ms: 0,
        cached: false,
        repaired: false,
        inputTokens: 0,
        outputTokens: 0,
        createdAt,
      });
    }
  });
  return outcomes;
}

/** Both parts on this thread (no worker can be had). */
export function lexiconOutcomes(rows: readonly LexiconRow[], promptHash: string): StoredOutcome[] {
  return toOutcomes(rows, annotateTexts(rows.map((row) => row.text)), promptHash);
}
