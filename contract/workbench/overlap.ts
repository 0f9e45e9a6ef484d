// A data set's overlap ("labels per row"): how many people should label each row of a data set shared with a class,
// as Argilla's task distribution (`min_submitted`) and Label Studio's "annotations per task" decide it. With k set, a
// person's queue leaves out the rows that already have k people's labels, so that 30 students on 600 rows label each
// row k times instead of every row 30 times. Null (the default) keeps today's rule: everyone labels every row. The
// queues apply it on the server (server/workbench/sqlite/results.ts, postgres/results.ts `queueOf`): a row in the
// review sample stays in everyone's queue (the agreement between people is measured on it), a row a person labelled
// is never in their queue but stays theirs to see and edit, and any other row leaves the queue once k people labelled it.
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
