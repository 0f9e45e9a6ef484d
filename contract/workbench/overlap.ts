// A data set's overlap ("labels per row"): how many people should label each row of a data set shared with a class,
// as Argilla's task distribution (`min_submitted`) and Label Studio's "annotations per task" decide it. With k set, a
// person's queue leaves out the rows that already have k people's labels, so that 30 students on 600 rows label each
// row k times instead of every row 30 times. Null (the default) keeps today's rule: everyone labels every row.
import { z } from "zod";

/** The most labels per row an owner may ask for: beyond a class's size, the setting would mean "everyone" anyway. */
export const OVERLAP_MAX = 50;

/** k, a whole number 1..OVERLAP_MAX; null: everyone labels every row. */
export const OverlapSchema = z.number().int().min(1).max(OVERLAP_MAX).nullable();
export type Overlap = z.infer<typeof OverlapSchema>;

/**
 * PUT /datasets/:id/overlap (the owner or an admin): `{ overlap: k }` or `{ overlap: null }`. Anything else is refused
 * with `dataset:overlap_invalid` (400, with the bounds); a member who only reads the set, `dataset:overlap_forbidden`.
 */
export const SetOverlapSchema = z.object({ overlap: OverlapSchema }).strict();
export type SetOverlapRequest = z.infer<typeof SetOverlapSchema>;

/**
 * Whether a row still needs labels under the overlap: always without one, and for a row in the review sample (every
 * person labels the sample, which the agreement between people is measured on); otherwise while fewer than k people
 * labelled it. A row the person labelled themselves is theirs to see whatever this says (the queue lists only rows
 * they have not labelled, so `others` is everyone's count there).
 */
export function rowNeedsLabels(overlap: Overlap | undefined, others: number, inSample: boolean): boolean {
  return overlap === null || overlap === undefined || inSample || others < overlap;
}
