// Workbench payloads of uploads and data sets: the preview of an upload, the column mapping, a data set made from
// an upload or the corpus, and the import's report.
import { z } from "zod";
import { FiltersSchema } from "../settings";
import { REVIEW_FIELDS, ReviewFieldSchema, WORKBENCH_LIMITS, type ReviewField } from "./base";
import type { DatasetGuidelines } from "./guidelines";
import type { RunSummary } from "./jobs";
import { ColumnName, Id, Name } from "./strings";

export const UPLOAD_FORMATS = ["csv", "tsv", "xlsx", "jsonl"] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** POST /uploads (multipart/form-data, field `file`) → 201: the file kept server-side, and a look at it. */
export interface UploadPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  format: UploadFormat;
  /** The detected (or given) encoding; "utf-8" for XLSX. */
  encoding: string;
  encodingMethod: string;
  /** For CSV/TSV. */
  delimiter?: string;
  hasHeader: boolean;
  /** For XLSX: the sheet read (the first). */
  sheet?: string;
  columns: string[];
  /** The first rows, every cell as text. */
  rows: Record<string, string>[];
  /** A mapping guessed from the column names; the page shows it for the person to confirm. */
  suggested: Partial<ColumnMapping>;
  /** Lines skipped among those read for the preview (e.g. JSONL lines that are not JSON), with a few line numbers. */
  skipped?: Partial<Record<DatasetSkipReason, { count: number; lines: number[] }>>;
}

/** A gold column: which review field it holds, and how its values translate (`0,1,2 → negativ,neutru,pozitiv`). */
export const GoldColumnSchema = z
  .object({
    field: ReviewFieldSchema,
    column: ColumnName,
    /** Raw value → label of the field; values not listed are read as labels themselves (booleans: 1/0, da/nu). */
    values: z.record(z.string().max(200), z.string().max(200)).optional(),
  })
  .strict();
export type GoldColumn = z.infer<typeof GoldColumnSchema>;

export const ColumnMappingSchema = z
  .object({
    text: ColumnName,
    /** Rows without an id (or without this column) get the first 16 hex digits of the SHA-256 of their text. */
    id: ColumnName.optional(),
    meta: z.array(ColumnName).max(WORKBENCH_LIMITS.maxMetaColumns).optional(),
    gold: z.array(GoldColumnSchema).max(REVIEW_FIELDS.length).optional(),
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** A random draw's seed: the same seed draws the same rows (a 31-bit integer, as every seeded draw here takes). */
const SeedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const ReviewSampleSchema = z
  .object({ size: z.number().int().min(0).max(WORKBENCH_LIMITS.maxSampleSize), seed: SeedSchema })
  .strict();
export type ReviewSample = z.infer<typeof ReviewSampleSchema>;

/** PUT /datasets/:id/shared: the owner (or an admin) opens a data set to every member of the class, or closes it. */
export const ShareDatasetSchema = z.object({ shared: z.boolean() }).strict();
export type ShareDatasetRequest = z.infer<typeof ShareDatasetSchema>;

/**
 * PUT /datasets/:id/blind-review: the owner (or an admin) decides whether the class reviews a shared data set blind:
 * gold, the models' labels and other people's labels of a row wait until each member has saved their own.
 */
export const BlindReviewSchema = z.object({ blindReview: z.boolean() }).strict();
export type BlindReviewRequest = z.infer<typeof BlindReviewSchema>;

export const CreateDatasetSchema = z
  .object({
    uploadId: Id,
    name: Name.optional(),
    mapping: ColumnMappingSchema,
    /** Forces an encoding instead of the detected one ("windows-1250", "iso-8859-2", "utf-8"). */
    encoding: z.string().trim().min(1).max(40).optional(),
    reviewSample: ReviewSampleSchema.optional(),
  })
  .strict();
export type CreateDatasetRequest = z.infer<typeof CreateDatasetSchema>;

/** A seeded random draw from the corpus: the same seed draws the same records. */
export const CorpusSampleSchema = z
  .object({ size: z.number().int().min(1).max(1_000_000), seed: SeedSchema })
  .strict();

/**
 * Words to search the corpus for, as the Corpus page's Explore takes them ("exact phrases" in quotes, other words by
 * their stem): at least one letter or digit, so that a query never means "everything".
 */
export const CorpusQuerySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((q) => /[\p{L}\p{N}]/u.test(q), {
    message: "trebuie să conțină cel puțin o literă sau o cifră",
    params: { en: "must contain at least one letter or digit" },
  });

/**
 * POST /datasets/from-corpus: the cleaned corpus, filtered like the chat and, with `q`, searched like the Corpus page's
 * Explore; all of it or a seeded random sample.
 */
export const CorpusDatasetSchema = z
  .object({
    name: Name.optional(),
    /** Only the texts Explore finds for these words with the same filters. */
    q: CorpusQuerySchema.optional(),
    filters: FiltersSchema.optional(),
    /** Draws this many records at random (the same seed draws the same records); without it, every match. */
    sample: CorpusSampleSchema.optional(),
    reviewSample: ReviewSampleSchema.optional(),
  })
  .strict();
export type CorpusDatasetRequest = z.infer<typeof CorpusDatasetSchema>;

/** POST /datasets/from-corpus/count: how many texts a selection holds before it is drawn (the sample left aside). */
export const CorpusCountSchema = z
  .object({ q: CorpusQuerySchema.optional(), filters: FiltersSchema.optional() })
  .strict();
export type CorpusCountRequest = z.infer<typeof CorpusCountSchema>;

export interface CorpusCountResponse {
  /** Texts of the corpus that match (before any sample). */
  matches: number;
}

/** Why a row of the input was not imported. */
export const SKIP_REASONS = [
  "csv_malformed",
  "json_malformed",
  "not_object",
  "empty_text",
  "text_too_long",
] as const;
export type DatasetSkipReason = (typeof SKIP_REASONS)[number];

/** The per-line error report of an import (the CLI importer's, plus gold values that map to no label). */
export interface ImportReport {
  rows: number;
  skipped: Partial<Record<DatasetSkipReason, { count: number; lines: number[] }>>;
  skippedTotal: number;
  /** Gold values that are not a label of their field (after the value map), per field, with a few examples. */
  goldUnmapped: Partial<Record<ReviewField, { count: number; values: string[] }>>;
  /** Characters the decoder could not map (U+FFFD), a sign of a wrong encoding. */
  invalidChars: number;
  /** Ids that repeated and got "#2", "#3". */
  duplicateIds: number;
  warnings: string[];
  durationMs: number;
}

/** The report of an import that has read nothing yet. */
export function emptyImportReport(rows = 0): ImportReport {
  return {
    rows,
    skipped: {},
    skippedTotal: 0,
    goldUnmapped: {},
    invalidChars: 0,
    duplicateIds: 0,
    warnings: [],
    durationMs: 0,
  };
}

export type DatasetSource = "upload" | "corpus" | "cli";

export interface DatasetSummary {
  id: string;
  name: string;
  source: DatasetSource;
  /** The uploaded file's name, or a description of the corpus selection. */
  sourceFile: string;
  format: UploadFormat | "corpus";
  encoding: string;
  rows: number;
  /** Size of the source file in bytes (0 for corpus selections). */
  bytes: number;
  createdAt: string;
  mapping: ColumnMapping;
  goldFields: ReviewField[];
  metaColumns: string[];
  reviewSample: ReviewSample;
  report: ImportReport;
  /** The user it belongs to ("local" with AUTH=off and from the CLI): a member sees their own, an admin all. */
  userId?: string;
  /** Shared with the class: every member may see it, label it and start runs on it; only its owner and admins manage it. */
  shared: boolean;
  /**
   * The owner's choice for the class (on unless they turn it off): members who do not manage the shared data set
   * review it blind, whatever their page asks: no gold, models' or other people's labels of a row before they have
   * labelled it, and no export. No effect while it is not shared.
   */
  blindReview: boolean;
  /**
   * Labels per row (./overlap.ts): with k, a person's queue leaves out the rows k people labelled already (the review
   * sample excepted); null or absent: everyone labels every row. The owner's (or an admin's) choice.
   */
  overlap?: number | null;
  /** Whether the asker may delete it, redraw its sample, adjudicate and share it (set per request by the routes). */
  canManage?: boolean;
  /** Whether the server holds this asker to blind review on it (set per request by the routes). */
  blindForViewer?: boolean;
}

export interface DatasetResponse {
  dataset: DatasetSummary;
  runs: RunSummary[];
  /** The owner's annotation guidelines for this data set (./guidelines.ts), null when none were written. */
  guidelines: DatasetGuidelines | null;
}

export interface DatasetsResponse {
  datasets: DatasetSummary[];
}
