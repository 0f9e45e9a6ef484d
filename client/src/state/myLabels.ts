// "Etichetele mele": the rows this person labelled, as a queue they can go back through and correct (Argilla's
// "Submitted" queue, Label Studio's reopened task). Read from the data set's labels (GET /datasets/:id/labels; a member
// held to blind review gets only their own), newest first; a label older than the data set's guidelines is marked, so
// that rows labelled under an old guide can be redone. Never sent to the server as a queue mode. No React, no fetch.
import type { HumanReviewLabel, QueueEntry } from "../../../contract/workbench";

/** Why a row is in this queue: it is the person's ("mine"), and it was labelled before the guidelines last changed. */
export const MINE_REASON = "mine";
export const BEFORE_GUIDELINES_REASON = "beforeGuidelines";
/** A label saved as skipped ("Sar peste") or unsure ("Nu sunt sigur(ă)") says so in the row's reasons. */
export const STATUS_REASONS = ["skipped", "unsure"] as const;

/** The status reason of a label: none for an ordinary one. */
export function statusReasons(label: Pick<HumanReviewLabel, "status">): string[] {
  return (STATUS_REASONS as readonly string[]).includes(label.status) ? [label.status] : [];
}

/** A row's reasons after this person saved it again from "Etichetele mele": no longer older than the guidelines, and
 * its status the new label's. */
export function resavedReasons(
  reasons: readonly string[],
  label: Pick<HumanReviewLabel, "status">,
): string[] {
  const dropped = new Set<string>([BEFORE_GUIDELINES_REASON, ...STATUS_REASONS]);
  return [...reasons.filter((r) => !dropped.has(r)), ...statusReasons(label)];
}

/**
 * This person's labels as queue rows, the newest `updatedAt` first (ties: row order). `guidelinesUpdatedAt` is the
 * guidelines' `updatedAt` (null or absent: none, nothing is marked).
 */
export function myLabelEntries(
  labels: readonly HumanReviewLabel[],
  name: string,
  guidelinesUpdatedAt?: string | null,
): QueueEntry[] {
  const who = name.trim();
  if (!who) return [];
  const changed = guidelinesUpdatedAt ? Date.parse(guidelinesUpdatedAt) : NaN;
  return labels
    .filter((l) => l.annotator === who)
    .map((l) => ({ label: l, at: Date.parse(l.updatedAt) }))
    .sort((a, b) => b.at - a.at || a.label.idx - b.label.idx)
    .map(({ label, at }) => ({
      idx: label.idx,
      // A label does not carry the row's id; the card reads the row itself (fetchItem).
      itemId: "",
      priority: 0,
      reasons: [MINE_REASON, ...(at < changed ? [BEFORE_GUIDELINES_REASON] : []), ...statusReasons(label)],
    }));
}

/** Only the rows labelled before the guidelines last changed (the filter of the "mine" queue). */
export function beforeGuidelines(entries: readonly QueueEntry[]): QueueEntry[] {
  return entries.filter((e) => e.reasons.includes(BEFORE_GUIDELINES_REASON));
}

/**
 * The "mine" queue as shown: the filter on labels older than the guidelines applies only while there are guidelines
 * (deleted with the filter on, its checkbox is gone and every label is shown again).
 */
export function mineQueue(
  entries: readonly QueueEntry[],
  onlyBeforeGuidelines: boolean,
  guidelinesUpdatedAt: string | null,
): QueueEntry[] {
  return onlyBeforeGuidelines && guidelinesUpdatedAt ? beforeGuidelines(entries) : [...entries];
}

/**
 * The count on the "Etichetele mele" button: the rows read from the labels and, outside that mode, those saved since
 * in this session (the reducer's `saved`, which is forgotten when the person or the mode changes).
 */
export function mineCount(rows: readonly number[], saved: readonly number[], mode: string): number {
  return new Set([...rows, ...(mode === "mine" ? [] : saved)]).size;
}
