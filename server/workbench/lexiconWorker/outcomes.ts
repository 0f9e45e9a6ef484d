// The dictionary over a page of rows, split where the work is shared between threads: a lexicon worker annotates the
// texts into what the store keeps (`annotateTexts`: JSON, label strings), the main thread makes the outcomes of the
// rows and their repeats (`toOutcomes`) and writes them while the workers go on with the next pages.
// Without a worker the main thread does both. Pure: the same rows give the same outcomes.
import { CODEBOOK_VERSION, type Annotation } from "../../../contract/annotation";
import { AppError } from "../../../contract/errors";
import { rowError, type RowError } from "../../annotation/batch";
import { LEXICON_MODEL } from "../../annotation/annotators";
import { annotateLexicon } from "../../models/offline/lexicon";
import type { PendingRow } from "../pendingRows";
import type { StoredOutcome } from "../store";
import { REVIEW_FIELDS } from "../../../contract/workbench";

/**
 * A page's annotations as the store keeps them, column by column: per text the annotation's JSON, its review fields
 * as label strings (REVIEW_FIELDS.length of them, in that order), its confidence, or its error (an empty text; a
 * fault of the dictionary fails that row, not the run). Flat arrays of strings and numbers, so that a page crosses
 * between threads at half the cost of an object per row.
 */
export interface LexiconPage {
  json: (string | null)[];
  /** "" for a failed row. */
  labels: string[];
  confidence: (number | null)[];
  errors: (RowError | null)[];
}

function annotateInto(page: LexiconPage, text: string): void {
  let annotation: Annotation | null = null;
  let error: RowError | null = null;
  if (!text.trim()) error = rowError(new AppError("input:empty"));
  else {
    try {
      annotation = annotateLexicon(text);
    } catch (err) {
      error = rowError(
        new AppError("internal", { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
  }
  page.json.push(annotation ? JSON.stringify(annotation) : null);
  for (const field of REVIEW_FIELDS) page.labels.push(annotation ? String(annotation[field]) : "");
  page.confidence.push(annotation ? annotation.incredere : null);
  page.errors.push(error);
}

/** The dictionary's answers for a page of texts, in order (the worker thread's part). */
export function annotateTexts(texts: readonly string[]): LexiconPage {
  const page: LexiconPage = { json: [], labels: [], confidence: [], errors: [] };
  for (const text of texts) annotateInto(page, text);
  return page;
}

/** One outcome per (row, repeat) asked for, in the rows' order; the page's i-th text is `rows[i]`'s. */
export function toOutcomes(
  rows: readonly PendingRow[],
  page: LexiconPage,
  promptHash: string,
): StoredOutcome[] {
  const createdAt = new Date().toISOString();
  const outcomes: StoredOutcome[] = [];
  const width = REVIEW_FIELDS.length;
  rows.forEach((row, i) => {
    const json = page.json[i]!;
    const labels: StoredOutcome["labels"] = {};
    if (json !== null) REVIEW_FIELDS.forEach((field, f) => (labels[field] = page.labels[i * width + f]!));
    for (const repeat of row.repeats) {
      outcomes.push({
        idx: row.idx,
        model: LEXICON_MODEL,
        repeat,
        annotation: json,
        labels,
        confidence: page.confidence[i]!,
        error: page.errors[i]!,
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
export function lexiconOutcomes(rows: readonly PendingRow[], promptHash: string): StoredOutcome[] {
  return toOutcomes(rows, annotateTexts(rows.map((row) => row.text)), promptHash);
}
