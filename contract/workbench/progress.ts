// GET /datasets/:id/progress: how far each person has got labelling a data set shared with the class, for its owner
// (or an admin). One small answer per annotator rather than everyone's labels, so that a class of 30 on 600 rows is a
// 30-line reply; a member who reads the set but does not manage it is refused (403, dataset:progress_forbidden).
import { z } from "zod";

/** One person's progress: rows labelled (of the data set's rows), adjudications made, and when they last saved. */
export const AnnotatorProgressSchema = z
  .object({
    annotator: z.string(),
    /** Rows this person has a label for (an unsure one counts; a skipped row does not). */
    labelled: z.number().int().min(0),
    /** Rows this person skipped ("Sar peste"); absent from servers before statuses: 0. */
    skipped: z.number().int().min(0).optional(),
    /** Of the rows labelled, those marked "Nu sunt sigur(ă)"; absent from servers before statuses: 0. */
    unsure: z.number().int().min(0).optional(),
    /** Rows this person adjudicated (0 for most members: adjudicating is the owner's). */
    adjudicated: z.number().int().min(0),
    /** The latest `updatedAt` of their labels and adjudications (ISO 8601). */
    lastActivity: z.string(),
  })
  .strict();
export type AnnotatorProgress = z.infer<typeof AnnotatorProgressSchema>;

export const DatasetProgressSchema = z
  .object({
    datasetId: z.string(),
    /** Rows in the data set: the denominator of every person's share. */
    rows: z.number().int().min(0),
    /** Adjudications of the data set in all (the table shows their column only when there are any). */
    adjudications: z.number().int().min(0),
    /** Most rows labelled first; ties by name. */
    annotators: z.array(AnnotatorProgressSchema),
    /** The data set's labels per row (./overlap.ts); null or absent when everyone labels every row. */
    overlap: z.number().int().min(1).nullable().optional(),
    /** Rows with at least `overlap` people's labels (sample rows too); present with an overlap. */
    rowsAtOverlap: z.number().int().min(0).optional(),
  })
  .strict();
export type DatasetProgress = z.infer<typeof DatasetProgressSchema>;
