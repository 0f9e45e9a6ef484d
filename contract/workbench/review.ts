// Workbench payloads of results, items and review: the results table and its query, a whole item, people's labels,
// adjudications and the review queue.
import { z } from "zod";
import { TONES, TOPICS } from "../annotation";
import { AnnotatorSchema, ReviewFieldSchema, WORKBENCH_LIMITS, type ReviewField } from "./base";
import { EvidenceListSchema, type EvidenceSpan } from "./evidence";

/** The review fields, each optional; booleans as booleans (a compare suite's expected labels take the same shape). */
export const ReviewFieldsObject = z
  .object({
    ton: z.enum(TONES).optional(),
    populism: z.boolean().optional(),
    anti_elitism: z.boolean().optional(),
    popor_central: z.boolean().optional(),
    tema: z.enum(TOPICS).optional(),
  })
  .strict();

/** Labels of the review fields; booleans as booleans. */
export const ReviewLabelsSchema = ReviewFieldsObject.refine(
  (labels) => Object.values(labels).some((v) => v !== undefined),
  {
    message: "cel puțin un câmp",
    params: { en: "at least one field" },
  },
);
export type ReviewLabels = z.infer<typeof ReviewLabelsSchema>;

export const RESULT_FILTERS = [
  "models_disagree",
  "runs_disagree",
  "low_confidence",
  "failed",
  "unreviewed",
  /** A person's label (the `annotator`'s, or anyone's without one) differs from a model's on some field (or `field`). */
  "human_model_disagree",
] as const;
export const RESULT_SORTS = ["idx", "confidence", "priority"] as const;

/** GET /runs/:id/results query (strings in the URL, coerced). */
export const ResultsQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(WORKBENCH_LIMITS.maxPageRows).default(100),
    /** `field:value`, e.g. `ton:negativ`: some model (or `labelModel`) gave that label. */
    label: z
      .string()
      .regex(/^[a-z_]+:[a-z_]+$/)
      .optional(),
    labelModel: z.string().max(200).optional(),
    /** Comma-separated RESULT_FILTERS, all of which must hold. */
    filter: z.string().max(200).optional(),
    /** Disagreement (between models, runs, or a person and a model) on this field only; any review field by default. */
    field: ReviewFieldSchema.optional(),
    /** "low_confidence" means a confidence below this. */
    minConfidence: z.coerce.number().min(0).max(1).default(0.6),
    /** Text contains (case-insensitive). */
    q: z.string().max(200).optional(),
    sort: z.enum(RESULT_SORTS).default("idx"),
    order: z.enum(["asc", "desc"]).default("asc"),
    /**
     * With `blind=1`, gold and model labels of rows this annotator has not labelled yet are withheld. A member held to
     * the owner's blind review gets that under their account's name whatever they send (no `label` filter then).
     */
    annotator: AnnotatorSchema.optional(),
    blind: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .transform((v) => v === "1" || v === "true"),
  })
  .strict();
export type ResultsQuery = z.infer<typeof ResultsQuerySchema>;

/** A model's annotation of a row as the table shows it. */
export interface RowAnnotation {
  model: string;
  /** Which of the run's repeats (1-based). */
  repeat: number;
  /** The review fields as strings ("true"/"false" for booleans); empty when the row failed. */
  labels: Partial<Record<ReviewField, string>>;
  confidence: number | null;
  tinta: string | null;
  justificare: string | null;
  dovezi: string[];
  error: { code: string; message: string } | null;
  codebookVersion: string;
  temperature: number | null;
  /** Annotated under a codebook version other than the current one. */
  olderCodebook: boolean;
  createdAt: string;
}

export interface RowFlags {
  /** Fields on which the models' first repeats differ. */
  modelsDisagree: ReviewField[];
  /** Fields on which a model's repeats differ. */
  runsDisagree: ReviewField[];
  minConfidence: number | null;
  failed: number;
  /** Outcomes recorded for this row (models × repeats when complete). */
  done: number;
  /** The review queue's priority (higher first). */
  priority: number;
  /** People who labelled this row, and whether it was adjudicated. */
  reviewers: string[];
  adjudicated: boolean;
  /** In the random review sample kept apart. */
  inSample: boolean;
}

export interface ResultRow {
  idx: number;
  itemId: string;
  /** At most WORKBENCH_LIMITS.rowTextChars characters. */
  text: string;
  textLength: number;
  meta: Record<string, string>;
  /** Empty when withheld, like the annotations. */
  gold: Partial<Record<ReviewField, string>>;
  /** Null when withheld (blind mode, not yet labelled by the annotator). */
  annotations: RowAnnotation[] | null;
  flags: RowFlags;
  /**
   * The people whose label on this row has evidence spans (in `flags.reviewers`' order; a skip has none); empty when
   * the row is withheld (blind review): words are marked for a finding, so who marked some hints at what they chose.
   * Workbench 1.27; absent from older servers.
   */
  evidenceBy?: string[];
}

export interface ResultsPage {
  runId: string;
  /** Rows that match the filters. */
  total: number;
  offset: number;
  rows: ResultRow[];
  /** Rows in the data set, and rows with every outcome recorded. */
  datasetRows: number;
  complete: number;
}

/**
 * What a person's save on a row says: `labelled` (the default), `skipped` ("Sar peste": no labels, the row leaves their
 * queue and counts in no agreement or export value) or `unsure` ("Nu sunt sigur(ă)": labels kept and counted; among
 * the rows people labelled differently, those with an unsure label come first to the adjudicator, the person marked).
 * An adjudication is always `labelled`.
 */
export const LABEL_STATUSES = ["labelled", "skipped", "unsure"] as const;
export const LabelStatusSchema = z.enum(LABEL_STATUSES);
export type LabelStatus = z.infer<typeof LabelStatusSchema>;

/** A person's label (or an adjudication) of a row, with who and when. */
export interface HumanReviewLabel {
  datasetId: string;
  idx: number;
  annotator: string;
  /** Empty when `skipped`. */
  labels: Partial<Record<ReviewField, string>>;
  status: LabelStatus;
  note: string | null;
  /**
   * The words the person marked as evidence for the label (1.next; ./evidence.ts), in text order; absent when none
   * (and on an adjudication or a skipped row).
   */
  evidence?: EvidenceSpan[];
  /** The person had not seen any model's labels for this row when saving (blind mode). */
  blind: boolean;
  codebookVersion: string;
  createdAt: string;
  updatedAt: string;
}

export const SaveLabelSchema = z
  .object({
    annotator: AnnotatorSchema,
    /** At least one field, unless `status` is `skipped` (then it may be empty or absent, and is not stored). */
    labels: ReviewFieldsObject.optional(),
    /** `labelled` when absent (older pages, the CLI). */
    status: LabelStatusSchema.optional(),
    note: z.string().max(WORKBENCH_LIMITS.noteChars).optional(),
    /**
     * Evidence spans (1.next): character offsets in the row's text, each for a field or (no `field`) the whole label.
     * Checked against the text by the server (`evidenceProblem`: 422 `label:evidence_*`); absent or empty: none.
     * Ignored on a skipped row.
     */
    evidence: EvidenceListSchema.optional(),
    /**
     * The `updatedAt` of this person's label on the row as the page last read it (null: it read none). When sent, the
     * save is refused with 409 `label:conflict` (and the stored label) if the stored one differs; absent, a save
     * overwrites as before (older pages, the CLI).
     */
    expectedUpdatedAt: z.string().max(64).nullable().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.status === "skipped") return;
    if (!body.labels || !Object.values(body.labels).some((v) => v !== undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["labels"],
        message: "cel puțin un câmp",
        params: { en: "at least one field" },
      });
    }
  });
export type SaveLabelRequest = z.infer<typeof SaveLabelSchema>;

/** The body of a 409 `label:conflict`: the error and this person's label as stored, for the page to show. */
export interface LabelConflictResponse {
  error: { code: "label:conflict"; message: string; params?: Record<string, string | number> };
  stored: HumanReviewLabel;
}

export const SaveAdjudicationSchema = z
  .object({
    adjudicator: AnnotatorSchema,
    labels: ReviewLabelsSchema,
    note: z.string().max(WORKBENCH_LIMITS.noteChars).optional(),
  })
  .strict();
export type SaveAdjudicationRequest = z.infer<typeof SaveAdjudicationSchema>;

/** GET /runs/:id/items/:idx?annotator=&blind=1 (or /datasets/:id/items/:idx, before any run): a whole row for review. */
export interface ItemDetail {
  /** Null when read through the data set (no run: no model annotations, no flags but people's). */
  runId: string | null;
  datasetId: string;
  idx: number;
  itemId: string;
  text: string;
  meta: Record<string, string>;
  /** Empty when withheld, like the annotations. */
  gold: Partial<Record<ReviewField, string>>;
  /** Null when withheld: blind mode and the annotator has not saved a label for this row. */
  annotations: RowAnnotation[] | null;
  /** Other people's labels; null when withheld like the models'. */
  labels: HumanReviewLabel[] | null;
  /** The annotator's own label, when there is one. */
  mine: HumanReviewLabel | null;
  adjudication: HumanReviewLabel | null;
  flags: RowFlags;
  withheld: boolean;
}

/**
 * `GET /datasets/:id/labels` (1.next): `annotator` keeps only that person's labels (the review card's "Etichetele
 * mele" and its count need no one else's); the adjudications are unchanged. Without it, every label the viewer may see.
 */
export const LabelsQuerySchema = z.object({ annotator: AnnotatorSchema.optional() });
export type LabelsQuery = z.infer<typeof LabelsQuerySchema>;

export const QueueQuerySchema = z
  .object({
    annotator: AnnotatorSchema,
    /** `priority`: what most needs a person first; `sample`: the random sample kept apart, in its seeded order. */
    mode: z.enum(["priority", "sample"]).default("priority"),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    minConfidence: z.coerce.number().min(0).max(1).default(0.6),
    /**
     * A cursor (1.2): the index of the last row of the previous page; the rows that come after it in the queue's
     * order, by that row's place now (its priority, or its rank in the sample). Without it, the queue from the start.
     */
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export interface QueueEntry {
  idx: number;
  itemId: string;
  priority: number;
  /** Why it is in the queue: "models_disagree", "runs_disagree", "low_confidence", "failed", "sample", "rest". */
  reasons: string[];
}

export interface QueueResponse {
  /** Null for a data set's own queue (GET /datasets/:id/queue): the sample first, then the rest in order. */
  runId: string | null;
  annotator: string;
  mode: "priority" | "sample";
  items: QueueEntry[];
  /** Rows of this mode the annotator has not labelled yet. */
  remaining: number;
  /** Rows of this mode in all. */
  total: number;
  /** The data set's labels per row (./overlap.ts), null when everyone labels every row. */
  overlap?: number | null;
  /**
   * Rows of this mode left out of this person's queue because they already have `overlap` labels from other people
   * (counted in `total`, not in `remaining`); 0 without an overlap. A count only: whose labels they are stays withheld.
   */
  full?: number;
}

export interface LabelsResponse {
  labels: HumanReviewLabel[];
  adjudications: HumanReviewLabel[];
}
