// The corpus page's API (issue #14), defined once: REST payloads under /api/corpus/… (uploads and feeds with their
// preview, imports and removals as durable jobs with their report, collections, the corpus's status) and the live
// event that tells pages the chat's corpus changed; exploring documents and the overview are ./corpusExplore.ts. The server validates inbound payloads with these schemas; the
// page imports the same module for its types and bounds. docs/corpus-pipeline.md lists the routes.
import { z } from "zod";
import { FORCED_ENCODINGS } from "./encodings";
import type { UserError } from "./errors";
import type { ImportWarning } from "./importWarnings";
import type { Job, JobStatus } from "./workbench";

export const CORPUS_API = "/api/corpus";

/** What an upload (or a fetched feed) can be: every format `npm run cli -- import` reads. */
export const CORPUS_FORMATS = ["csv", "xlsx", "jsonl", "json", "txt", "feed", "youtube"] as const;
export type CorpusFormat = (typeof CORPUS_FORMATS)[number];

/** Formats whose columns a person maps; the others have fixed fields (feed items, comments, paragraphs). */
export const TABULAR_FORMATS: readonly CorpusFormat[] = ["csv", "xlsx", "jsonl", "json"];

/** The file picker's filter: the extensions the importer knows. */
export const CORPUS_ACCEPT = ".csv,.tsv,.tab,.xlsx,.jsonl,.ndjson,.json,.txt,.text,.xml,.rss,.atom";

/** Bounds the page shows and the server enforces. */
export const CORPUS_LIMITS = {
  /** Rows (or documents) of a preview. */
  previewRows: 20,
  /** Documents of one page of results. */
  maxPageSize: 100,
  /** Characters of a search query. */
  maxQueryChars: 300,
  /** Characters of a document's snippet in a list. */
  snippetChars: 280,
  /** Deleted documents GET /removed lists (the newest). */
  removedList: 200,
} as const;

const Id = z.string().trim().min(1).max(100);
const Column = z.string().min(1).max(300);

/** A corpus document's id, as DELETE /api/corpus/documents/:id takes it. */
export const DocumentIdSchema = z.string().min(1).max(500);

/** One deleted document of GET /api/corpus/removed (a line of the removal ledger). */
export const RemovedDocumentViewSchema = z.object({
  collection: z.string(),
  id: z.string(),
  title: z.string().optional(),
  /** When it was deleted (ISO 8601). */
  removedAt: z.string(),
  /** Its lines are still in the corpus's removed/ folder: a restore puts it back whole (else only out of the ledger). */
  restorable: z.boolean(),
});
export type RemovedDocumentView = z.infer<typeof RemovedDocumentViewSchema>;

/** GET /api/corpus/removed: the newest deleted documents (at most `CORPUS_LIMITS.removedList`) and how many there are. */
export const RemovedDocumentsResponseSchema = z.object({
  total: z.number().int().nonnegative(),
  documents: z.array(RemovedDocumentViewSchema),
  /**
   * Lines of the ledger that are no entry (broken by a hand edit): no document is listed for them and they keep no
   * text out, but they stay in the file (the panel warns). Optional: absent from servers that did not count them.
   */
  unreadable: z.number().int().nonnegative().optional(),
});
export type RemovedDocumentsResponse = z.infer<typeof RemovedDocumentsResponseSchema>;

/**
 * POST /api/corpus/removed/:id/restore: the collection (when one id was deleted from two, else the newest deletion),
 * and `ledgerOnly` to only take it out of the removal ledger (its removed/ lines are gone).
 */
export const RestoreRequestSchema = z
  .object({
    collection: z.string().trim().min(1).max(200).optional(),
    /** Which deletion, when one id was deleted from the collection more than once (the list's `removedAt`). */
    removedAt: z.string().trim().min(1).max(40).optional(),
    ledgerOnly: z.boolean().optional(),
  })
  .strict();
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** A collection's name: the raw/cleaned file name (letters, digits, `.`, `_`, `-`; no path). */
export const CollectionNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, "litere, cifre, . _ -");

/** Which column feeds which record field (tabular formats); unset fields are guessed or left out. */
export const CorpusMappingSchema = z
  .object({
    text: Column.optional(),
    id: Column.optional(),
    date: Column.optional(),
    title: Column.optional(),
    url: Column.optional(),
  })
  .strict();
export type CorpusMapping = z.infer<typeof CorpusMappingSchema>;

/** POST /imports: turn an upload (or fetched feed) into a collection with one job (import → clean → index). */
export const CorpusImportSchema = z
  .object({
    uploadId: Id,
    /** The collection's name (default: the file's name); an existing collection of that name is replaced. */
    collection: CollectionNameSchema.optional(),
    mapping: CorpusMappingSchema.optional(),
    /** Every record's platform (default: a platform column, else the format's: rss, youtube, import). */
    platform: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[\p{L}\p{N}._ -]+$/u)
      .optional(),
    /** Every record's source (default: a source column, the feed's or channel's title, else the collection). */
    source: z.string().trim().min(1).max(200).optional(),
    /** Forces an encoding instead of the detected one. */
    encoding: z.enum(FORCED_ENCODINGS).optional(),
  })
  .strict();
export type CorpusImportRequest = z.infer<typeof CorpusImportSchema>;

/** POST /uploads/preview?encoding=…: the same upload read again with another encoding. */
export const PreviewQuerySchema = z.object({ encoding: z.enum(FORCED_ENCODINGS).optional() }).strict();

/** POST /feeds: fetch an RSS/Atom feed into an upload (a timeout, a size limit, only http and https). */
export const FeedRequestSchema = z.object({ url: z.string().trim().min(1).max(2000) }).strict();
export type FeedRequest = z.infer<typeof FeedRequestSchema>;

/** A document of a preview for formats with fixed fields (what the importer will make of it). */
export interface PreviewDocument {
  text: string;
  title?: string;
  date?: string;
  url?: string;
  source?: string;
  author?: string;
}

/** 201 from POST /uploads and POST /feeds: the file kept server-side, and what the import would read. */
export interface CorpusPreview {
  uploadId: string;
  fileName: string;
  bytes: number;
  format: CorpusFormat;
  /** Delimiter and header, feed dialect, sheet…, in Romanian. */
  formatDetail: string;
  /** The same in English, for a page in English (absent from a server before it: the Romanian is shown). */
  formatDetailEn?: string;
  encoding: string;
  encodingMethod: string;
  /** True for CSV, XLSX and JSON records: the person maps columns. */
  tabular: boolean;
  columns: string[];
  /** Tabular formats: the first rows, every cell as text. */
  rows: Record<string, string>[];
  /** Other formats: the first documents as they will be imported. */
  documents: PreviewDocument[];
  /** A mapping guessed from names and values (tabular formats). */
  suggested: CorpusMapping;
  /**
   * What the import uses when the person says nothing: the collection's name (from the file's), the format's
   * platform, and the source (the feed's or channel's title, else the collection's name) unless a column gives each
   * row its own (`sourceColumn`).
   */
  defaults: {
    collection: string;
    platform: string;
    source: string;
    sourceColumn?: string;
    /** A column that gives each row its own platform (read through contract/platformAliases.ts). */
    platformColumn?: string;
  };
  /** The fetched feed's address (POST /feeds). */
  feedUrl?: string;
  /**
   * Notes on what was read (characters the encoding could not decode, repeated ids), as codes with their figures: the
   * page says them in its own language (contract/importWarnings.ts). Absent from a server before the codes.
   */
  codedWarnings?: ImportWarning[];
  /** The same notes written in the asker's language (Accept-Language), for a client that does not read the codes. */
  warnings: string[];
  /**
   * Lines skipped among those read for the preview (a CSV row with a broken quote, a JSONL line that is not JSON),
   * per reason with the first few line numbers; the import's report lists them all.
   */
  skipped?: { reason: string; count: number; where: number[] }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Imports, removals and their report

/**
 * "rebuild": the index built anew from cleaned/ (the page's "Rebuild the index"), nothing imported or removed;
 * "remove-document": one document taken out of its collection (DELETE /documents/:id), `document` names it;
 * "restore-document": a deleted document put back (POST /removed/:id/restore), `document` names it.
 */
export type CorpusOperation =
  "import" | "remove" | "catalog" | "rebuild" | "remove-document" | "restore-document";

/** What the page calls the clean step's reasons to drop a record. */
export const CLEAN_REASONS = [
  "empty",
  "too_short",
  "exact_duplicate",
  "near_duplicate",
  "removed",
  "language",
  "noise",
  "invalid",
] as const;
export type CleanReason = (typeof CLEAN_REASONS)[number];

export interface CleanExampleView {
  id: string;
  /** Line (or, for feeds and JSON documents, position) in the imported file (1 = first). */
  line: number;
  text: string;
  duplicateOf?: string;
  lang?: string;
  /** For a text removed earlier from the corpus: the removed document it repeats (its id, and title if any). */
  removed?: { id: string; title?: string };
}

export interface NearDuplicateClusterView {
  kept: { id: string; collection: string | null; text: string | null };
  dropped: CleanExampleView[];
}

/** The clean step's report for one collection, as a person reads it. */
export interface CleanView {
  read: number;
  kept: number;
  dropped: number;
  /** Drops by row; a record made before a row existed lacks it (`removed`, before the removal ledger): read as 0. */
  reasons: Record<CleanReason, number>;
  /** Records dropped as not Romanian, by language (ISO 639-3). */
  byLanguage: Record<string, number>;
  examples: Partial<Record<CleanReason, CleanExampleView[]>>;
  clusters: NearDuplicateClusterView[];
  /** ş ţ with a cedilla turned into ș ț, and letters recomposed (NFC). */
  diacritics: { fixed: number; examples: { id: string; before: string; after: string }[] };
  /** Kept records changed by each rule (html_tags, urls, mentions, whitespace…). */
  changes: Record<string, number>;
  /** The whole corpus after this clean (every imported collection is cleaned together, duplicates across them). */
  corpus: { read: number; kept: number; dropped: number };
  /** Kept records without a date of their own (dated with the import day; absent in older reports: 0). */
  undated?: number;
  /**
   * Lines of the removal ledger (corpus/removed.jsonl) this clean could not read (broken by a hand edit): skipped, so
   * they keep no text out, and left in the file (the page warns). Absent in records made before it was counted: 0.
   */
  ledgerUnreadable?: number;
}

export interface ImportView {
  records: number;
  skipped: { reason: string; count: number; where: number[] }[];
  skippedTotal: number;
  format: CorpusFormat;
  formatDetail: string;
  encoding: string;
  encodingMethod: string;
  /** Which column fed which field. */
  mapping?: Record<string, string>;
  /** The import's warnings in Romanian, as records before the codes stored them. */
  warnings: string[];
  /** The same warnings as codes with their figures (contract/importWarnings.ts); absent from older records. */
  codedWarnings?: ImportWarning[];
  dateImputed: number;
  invalidChars: number;
  bytes: number;
}

export interface IndexView {
  documents: number;
  chunks: number;
  added: number;
  changed: number;
  removed: number;
  embedded: number;
  reused: number;
  /**
   * Vectors taken from the resume file of an interrupted build (a rebuild taken over after a restart); absent in
   * records made before it was counted.
   */
  resumed?: number;
  ms: number;
  /** False when the cleaned corpus came out the same as the indexed one: nothing was rebuilt. */
  rebuilt: boolean;
}

/** One import or removal, with everything it did (kept after the job, for the page's history). */
export interface CorpusImportRecord {
  id: string;
  jobId: string;
  op: CorpusOperation;
  collection: string;
  /** The uploaded file's name (imports). */
  fileName?: string;
  feedUrl?: string;
  /**
   * The document a "remove-document" job takes out or a "restore-document" job puts back (its title, when it has one,
   * for the page to name it); `ledgerOnly`: the restore only takes its entry out of the removal ledger.
   */
  document?: { id: string; title?: string; ledgerOnly?: boolean; removedAt?: string };
  /**
   * A "remove-document" job found no record of its collection's raw file that the document was cleaned from: the
   * cleaned line is gone and the removal ledger keeps its text out of later cleans, but a changed version of the text
   * (a raw file edited by hand) may come back (the page warns).
   */
  rawNotFound?: boolean;
  /**
   * A "restore-document" job put the document back under another id (`id~2`): another document had taken its own since
   * the deletion (the page says so). Absent when it came back with its own id, and from records made before it was kept.
   */
  restoredId?: string;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
  /** The same file with the same settings was already the collection: nothing was done. */
  unchanged?: boolean;
  import?: ImportView;
  clean?: CleanView;
  index?: IndexView;
  error?: UserError | null;
  durationMs?: number;
  /**
   * When the job was last taken over after its server stopped (a restart, a crash): it runs again from its start, as
   * nothing of an unfinished change is kept but a rebuild's computed vectors (its resume file, `index.resumed`). Absent
   * for a job that ran in one go.
   */
  resumedAt?: string;
}

/** 202 from POST /imports and DELETE /collections/:name; GET /imports/:id. */
export interface CorpusJobResponse {
  record: CorpusImportRecord;
  /** Null only when the job is gone from the job table. */
  job: Job | null;
}

export interface CorpusImportsResponse {
  imports: CorpusImportRecord[];
}

// ---------------------------------------------------------------------------------------------------------------
// Collections and the corpus's state

export interface ValueCount {
  value: string;
  count: number;
}

/** A file of the corpus: an import (raw + cleaned) or a cleaned file placed by hand (the shipped corpus). */
export interface CollectionSummary {
  name: string;
  /** Documents of it in the index. */
  documents: number;
  /** The largest sources (at most 20). */
  sources: ValueCount[];
  /** How many sources it has in all (a catalog built before this field: absent, read `sources.length`). */
  sourceCount?: number;
  platforms: ValueCount[];
  dateMin: string | null;
  dateMax: string | null;
  /** Documents without a date of their own (dated with the import day), outside dateMin..dateMax. */
  undated?: number;
  /** Has a raw file (imported; `clean` makes its cleaned file). */
  imported: boolean;
  /** The latest import of it through the page, if any. */
  lastImport?: { id: string; fileName?: string; feedUrl?: string; at: string };
  /**
   * An import of it through the page is running (its raw file may be committed while the catalog is still built):
   * the page says "being imported" rather than taking a raw file without a finished import for one the CLI made.
   */
  importing?: { id: string; fileName?: string; feedUrl?: string };
}

/** GET /status: the indexed corpus, its collections, the running corpus job and the queue, the limits. */
export interface CorpusStatus {
  documents: number;
  chunks: number;
  embedder: string;
  builtAt: string | null;
  /** Increases each time the chat switches to a new index. */
  version: number;
  collections: CollectionSummary[];
  /** The corpus job running, else the next to run; null when none is waiting (one runs at a time). */
  activeJob: Job | null;
  /** What `activeJob` works on (the file's name, the operation) and whether it was taken over after a restart. */
  activeRecord: CorpusImportRecord | null;
  /** The other corpus jobs not finished yet, in the order they will run, each with its record (the page's queue). */
  queuedJobs: CorpusJobResponse[];
  /** Whether documents can be browsed: the catalog (documents with their annotations) is built with the index. */
  catalog: "ready" | "building" | "missing";
  limits: { maxUploadBytes: number; feedTimeoutMs: number; feedMaxBytes: number };
  /**
   * Why the index on disk cannot be searched (`corpus:index_unreadable`: it exists but does not load), in the asker's
   * language; absent when it can. The server still runs, the chat says this error, and a rebuild fixes it.
   */
  indexProblem?: UserError;
}

/** The socket event `corpus:changed`: the chat now answers from another index. */
export interface CorpusChangedEvent {
  version: number;
  documents: number;
  chunks: number;
  builtAt: string | null;
}

export interface CorpusServerToClientEvents {
  "corpus:changed": (e: CorpusChangedEvent) => void;
}
