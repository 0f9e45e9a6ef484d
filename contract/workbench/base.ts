// The workbench API's ground: where its routes live, the review fields and their values, and the bounds the page
// shows and the server enforces.
import { z } from "zod";
import { TONES, TOPICS } from "../annotation";

/** Where every workbench route lives. */
export const WORKBENCH_BASE = "/api/workbench";

/** The labels a person gives and agreement is computed on: the categorical fields of the annotation schema. */
export const REVIEW_FIELDS = ["ton", "populism", "anti_elitism", "popor_central", "tema"] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];
export const ReviewFieldSchema = z.enum(REVIEW_FIELDS);

/** The allowed values of each review field as strings (booleans as "true"/"false"), in display order. */
export const REVIEW_FIELD_VALUES: Record<ReviewField, readonly string[]> = {
  ton: TONES,
  populism: ["true", "false"],
  anti_elitism: ["true", "false"],
  popor_central: ["true", "false"],
  tema: TOPICS,
};

/**
 * Review fields as the page's tabs name them, in each UI language: the verdict, its headline and the methods
 * paragraph use these, never the ids ("anti_elitism"). tests/unit/clientWorkbenchAgreement.test.ts checks that the
 * tabs' translations say the same.
 */
export const REVIEW_FIELD_NAMES: Record<ReviewField, { ro: string; en: string }> = {
  ton: { ro: "Ton", en: "Tone" },
  populism: { ro: "Populism", en: "Populism" },
  anti_elitism: { ro: "Anti-elitism", en: "Anti-elitism" },
  popor_central: { ro: "Popor central", en: "People-centrism" },
  tema: { ro: "Temă", en: "Topic" },
};

/** Bounds the page shows and the server enforces. */
export const WORKBENCH_LIMITS = {
  /** Models in one run. */
  maxModels: 6,
  /** Repeats of every (row, model) in one run, for run-to-run agreement. */
  maxRepeats: 10,
  /** Rows of one results page. */
  maxPageRows: 500,
  /** Characters of text a results row carries; the whole text comes from the item route. */
  rowTextChars: 280,
  /** Rows of an upload's preview. */
  previewRows: 20,
  /** Metadata columns kept per row. */
  maxMetaColumns: 30,
  /** Bootstrap resamples for agreement intervals. */
  maxResamples: 5000,
  /** Calls in flight one run may ask for (the shared job pool caps all runs together). */
  maxConcurrency: 16,
  /** Size of the random review sample kept apart for the unbiased agreement estimate. */
  maxSampleSize: 5000,
  /** Characters of the note a person (or an adjudicator) may keep with a label: why this label. */
  noteChars: 2000,
} as const;

/** An annotator's name, given by the client until accounts exist (issue #16). */
export const AnnotatorSchema = z.string().trim().min(1).max(100);
