// The corpus page's exploring and overview API (issue #14): GET /documents and /documents/:id (the catalog's pages of
// documents, a document whole with its matches marked) and GET /overview (counts, label distributions, timelines).
// The import side (uploads, jobs, collections, status) is ./corpusPage.ts.
import { z } from "zod";
import type { Annotation, Topic } from "./annotation";
import { refuseReversedRange } from "./settings";
import { CORPUS_LIMITS, type ValueCount } from "./corpusPage";
import type { JobStatus } from "./workbench";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const listParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(200)).max(50));

/** GET /documents: the chat's filters, a full-text query, a collection, a page. */
export const DocumentsQuerySchema = z
  .object({
    q: z.string().max(CORPUS_LIMITS.maxQueryChars).optional(),
    platform: listParam.optional(),
    source: listParam.optional(),
    collection: listParam.optional(),
    dateFrom: z.string().regex(ISO_DAY).optional(),
    dateTo: z.string().regex(ISO_DAY).optional(),
    sort: z.enum(["relevance", "newest", "oldest"]).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(CORPUS_LIMITS.maxPageSize).default(20),
  })
  .strict()
  .superRefine(refuseReversedRange);
export type DocumentsQuery = z.infer<typeof DocumentsQuerySchema>;

/** A piece of text; `hit` marks the words the search matched. */
export interface TextSegment {
  text: string;
  hit?: true;
}

/** The categorical labels of a document's annotation, for lists and charts. */
export interface AnnotationLabels {
  ton: Annotation["ton"];
  populism: boolean;
  tema: Topic;
}

export interface DocumentHit {
  id: string;
  collection: string;
  source: string;
  platform: string;
  date: string;
  /** `date` is the import day, not the text's: shown as "no date". */
  dateImputed?: true;
  url: string;
  title?: string;
  /** The start of the text, or the passage around the search's matches. */
  snippet: TextSegment[];
  chars: number;
  labels: AnnotationLabels | null;
}

export interface DocumentsPage {
  total: number;
  offset: number;
  limit: number;
  documents: DocumentHit[];
}

/** GET /documents/:id?q=…: the whole document, its matches marked, its metadata and annotation. */
export interface CorpusDocument {
  id: string;
  collection: string;
  source: string;
  platform: string;
  date: string;
  /** `date` is the import day, not the text's: shown as "no date". */
  dateImputed?: true;
  url: string;
  title?: string;
  lang: string;
  text: TextSegment[];
  chars: number;
  /** Every other field of the record (author, likes, urls, mentions, origin, importedAt…). */
  meta: Record<string, unknown>;
  annotation: { annotation: Annotation; model: string } | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Overview

/** Counts of annotation labels over a group of documents. */
export interface LabelCounts {
  n: number;
  negativ: number;
  neutru: number;
  pozitiv: number;
  populism: number;
  anti_elitism: number;
  popor_central: number;
  topics: Partial<Record<Topic, number>>;
}

export interface AnnotationOverview {
  /** "lexicon": offline:lexicon at index time; "run": a workbench run over the corpus. */
  kind: "lexicon" | "run";
  model: string;
  runId?: string;
  all: LabelCounts;
  /** Annotated documents without a date of their own: in `all` and `bySource`, in no month (absent before: 0). */
  undated?: number;
  /** Every source (the 500 largest), largest first. */
  bySource: ({ source: string } & LabelCounts)[];
  byMonth: ({ month: string } & LabelCounts)[];
  /** For "since when": each source's negative and populist documents by month (the largest sources). */
  sourceMonths: {
    source: string;
    months: { month: string; n: number; negativ: number; populism: number }[];
  }[];
}

/** A choice of annotations for the overview. */
export interface AnnotationSourceOption {
  /** "lexicon" or "run:<runId>". */
  id: string;
  model: string;
  rows: number;
  done: number;
  status: JobStatus | null;
  createdAt: string | null;
}

/** GET /overview?annotations=lexicon|run:<id>. */
export interface CorpusOverview {
  documents: number;
  /** The range of the documents' own dates: undated documents (dated with the import day) are left out. */
  dateMin: string | null;
  dateMax: string | null;
  /** Documents without a date of their own, in no month of byMonth (absent from older catalogs: 0). */
  undated?: number;
  byPlatform: ValueCount[];
  bySource: (ValueCount & { platform: string })[];
  byMonth: { month: string; count: number }[];
  /** Text length in characters: counts per bucket [min, max). */
  lengths: { min: number; max: number | null; count: number }[];
  annotations: AnnotationOverview | null;
  annotationSources: AnnotationSourceOption[];
}

export const OverviewQuerySchema = z
  .object({
    annotations: z
      .string()
      .regex(/^(lexicon|run:[\w-]{1,100})$/)
      .default("lexicon"),
  })
  .strict();

/** Limits of overview groups: the largest sources, the sources whose months are drawn. */
export const OVERVIEW_LIMITS = { sources: 500, sourceMonths: 30 } as const;

/** Length buckets of the overview (characters). */
export const LENGTH_BUCKETS: readonly number[] = [0, 50, 100, 200, 500, 1000, 2000, 5000];
