// An annotation outcome as the store keeps it (one row of wb_annotations): the whole annotation as JSON plus the
// review fields as label strings, which the filters, the flags and agreement read without parsing the JSON.
import type { Annotation } from "../../contract/annotation";
import { REVIEW_FIELDS, type ReviewField } from "../../contract/workbench";
import type { BatchOutcome } from "../annotation/batch";
import type { StoredOutcome } from "./store";

/** The review fields of an annotation as label strings (booleans as "true"/"false"). */
export function storedLabels(annotation: Annotation): StoredOutcome["labels"] {
  const labels: StoredOutcome["labels"] = {};
  for (const field of REVIEW_FIELDS) labels[field as ReviewField] = String(annotation[field]);
  return labels;
}

/** A batch engine's outcome as the store keeps it. */
export function toStoredOutcome(
  outcome: BatchOutcome,
  hash: string,
  createdAt = new Date().toISOString(),
): StoredOutcome {
  const a = outcome.annotation;
  return {
    idx: Number(outcome.item.id),
    model: outcome.model,
    repeat: outcome.item.run,
    annotation: a ? JSON.stringify(a) : null,
    labels: a ? storedLabels(a) : {},
    confidence: a ? a.incredere : null,
    error: outcome.error,
    codebookVersion: outcome.codebookVersion,
    temperature: outcome.temperature,
    promptHash: hash,
    ms: outcome.ms,
    cached: outcome.cached,
    repaired: outcome.repaired,
    inputTokens: outcome.inputTokens ?? 0,
    outputTokens: outcome.outputTokens ?? 0,
    createdAt,
  };
}
