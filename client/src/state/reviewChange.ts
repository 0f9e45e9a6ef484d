// What the person changed on the row on screen, and what a save asked for does with it: whether anything is typed or
// chosen and not stored (touched, isDirty), whether the row may be skipped, and what Enter (or Ctrl+Enter, or
// "Salvează") means: save, ask once about the fields left empty, say that no label is chosen, or go on. Read by the
// reducer (./review.ts) and the card. No React, no fetch.
import { REVIEW_FIELDS, type EvidenceSpan } from "../../../contract/workbench";
import { sameEvidence } from "./reviewEvidence";
import { emptyFields, labelsOf, noteToSave, reviewLabels } from "./reviewSave";
import type { ReviewState } from "./reviewTypes";

/**
 * Anything typed or chosen on the row that is not stored: a change, or a note or evidence spans alone on a row not yet
 * labelled (words marked before any label is picked are kept when the tab comes back into view).
 */
export function touched(
  state: Pick<ReviewState, "draft" | "item" | "note"> & { evidence?: EvidenceSpan[] },
): boolean {
  if (isDirty(state)) return true;
  if (state.item?.mine) return false;
  return noteToSave(state.note) !== undefined || (state.evidence?.length ?? 0) > 0;
}

/** The person changed something (a label or the note) since the last save (or has not saved this row yet). */
export function isDirty(
  state: Pick<ReviewState, "draft" | "item"> & { note?: string; unsure?: boolean; evidence?: EvidenceSpan[] },
): boolean {
  const mine = state.item?.mine;
  if (!mine) return Object.keys(state.draft).length > 0;
  if (!sameEvidence(state.evidence ?? [], mine.evidence ?? [])) return true;
  const noteChanged = (noteToSave(state.note ?? "") ?? null) !== (mine.note ?? null);
  const unsureChanged = (state.unsure ?? false) !== (mine.status === "unsure");
  return (
    noteChanged ||
    unsureChanged ||
    REVIEW_FIELDS.some((f) => (state.draft[f] ?? "") !== (mine.labels[f] ?? ""))
  );
}

/**
 * Whether the row on screen may be skipped now: it is read, nothing is pending, and this person saved nothing on it yet.
 * A skip stores no labels, so on a labelled (or unsure, or already skipped) row it would erase what was saved: one
 * key between the label keys must never do that.
 */
export function canSkip(state: ReviewState): boolean {
  if (!state.item || state.saving || state.conflict) return false;
  return !state.item.mine;
}

/**
 * What a save asked for does (Enter on the page, Ctrl+Enter in the note, "Salvează"): a changed row with every field
 * chosen is saved ("save"); one with some fields chosen and others empty is held once ("ask": the card names them, as
 * Label Studio and Argilla hold a submit until the required questions are answered) and saved as it is when asked
 * again with no pick or move between; with no label chosen the card says why nothing is saved ("noLabels"). On a row
 * saved and unchanged, Enter goes on to the next one ("next").
 */
export function enterMeans(state: ReviewState): "save" | "ask" | "noLabels" | "next" | "nothing" {
  // A label saved elsewhere meanwhile waits for the person's choice (keep it or overwrite it), not for Enter.
  if (state.saving || !state.item || state.conflict) return "nothing";
  if (!isDirty(state)) return state.item.mine ? "next" : "noLabels";
  if (!reviewLabels(state.draft)) return "noLabels";
  const empty = emptyFields(state.draft);
  const held = state.held;
  if (empty.length === 0 || (held?.why === "incomplete" && held.empty.join() === empty.join())) return "save";
  // A label saved before with these very fields empty was a choice already made: a change of its note, evidence or
  // certainty does not ask it again.
  const saved = state.item.mine;
  if (saved && saved.status !== "skipped" && emptyFields(labelsOf(saved)).join() === empty.join())
    return "save";
  return "ask";
}
