// What a save of the review card sends (the labels chosen, the note, "Nu sunt sigur(ă)", the evidence spans, or a
// skip), and which fields it would leave empty: Enter asks once before saving a row with some fields chosen and others
// not (./review.ts, enterMeans). Re-exported by ./review.ts. No React, no fetch.
import {
  REVIEW_FIELDS,
  REVIEW_FIELD_VALUES,
  ReviewLabelsSchema,
  type EvidenceSpan,
  type HumanReviewLabel,
  type ReviewField,
  type ReviewLabels,
  type SaveLabelRequest,
} from "../../../contract/workbench";

/** The labels chosen on the card, a field's label by its name (booleans as "true" / "false"). */
export type Draft = Partial<Record<ReviewField, string>>;

/** A saved label's labels as the card holds them while they are being chosen. */
export const labelsOf = (label: HumanReviewLabel | null | undefined): Draft => ({ ...(label?.labels ?? {}) });

/** A field's label as chosen, when it is one of the field's labels (a value the codebook no longer has is none). */
const chosenValue = (draft: Draft, field: ReviewField): string | undefined => {
  const v = draft[field];
  return v !== undefined && REVIEW_FIELD_VALUES[field].includes(v) ? v : undefined;
};

/** The draft as the API wants it (booleans as booleans); undefined when nothing valid is chosen. */
export function reviewLabels(draft: Draft): ReviewLabels | undefined {
  const labels: Record<string, string | boolean> = {};
  for (const field of REVIEW_FIELDS) {
    const v = chosenValue(draft, field);
    if (v === undefined) continue;
    labels[field] = v === "true" ? true : v === "false" ? false : v;
  }
  const parsed = ReviewLabelsSchema.safeParse(labels);
  return parsed.success ? parsed.data : undefined;
}

/** The fields a save of this draft leaves without a label, in the card's order (those reviewLabels leaves out). */
export function emptyFields(draft: Draft): ReviewField[] {
  return REVIEW_FIELDS.filter((field) => chosenValue(draft, field) === undefined);
}

/** The note as it is saved: trimmed; none when empty. */
export function noteToSave(note: string): string | undefined {
  const trimmed = note.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * What a save sends: the labels and the note with them (an empty note is left out, and the server then keeps none:
 * a note cleared is a note removed). Undefined when no valid label is chosen.
 */
export function reviewSaveBody(
  state: { draft: Draft; note: string; unsure?: boolean; evidence?: EvidenceSpan[] },
  annotator: string,
): SaveLabelRequest | undefined {
  const labels = reviewLabels(state.draft);
  if (!labels) return undefined;
  const note = noteToSave(state.note);
  return {
    annotator,
    labels,
    ...(state.unsure ? { status: "unsure" as const } : {}),
    ...(note !== undefined ? { note } : {}),
    // No spans: none sent, and the server then keeps none (spans removed are removed).
    ...(state.evidence?.length ? { evidence: state.evidence } : {}),
  };
}

/** What "Sar peste" (S) sends: no labels, the note kept (why the row was skipped). */
export function reviewSkipBody(state: { note: string }, annotator: string): SaveLabelRequest {
  const note = noteToSave(state.note);
  return { annotator, status: "skipped", ...(note !== undefined ? { note } : {}) };
}
