// Corpus records (DESIGN.md, "Corpus records": one JSON object a line in corpus/cleaned/*.jsonl) and the
// passages the retriever returns and the chat shows as sources.
import { z } from "zod";
import type { Annotation } from "./annotation";

export const CorpusRecordSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  source: z.string().min(1),
  platform: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "date must start with YYYY-MM-DD"),
  url: z.string().default(""),
  title: z.string().optional(),
  lang: z.string().default("ro"),
  /**
   * True when the input had no usable date and `date` is the day of the import: such a date says when the text
   * was imported, not written, so ranges, timelines and date filters leave the record out and pages show it as
   * undated. Absent (older cleaned files) means a real date.
   */
  dateImputed: z.boolean().optional(),
});
export type CorpusRecord = z.infer<typeof CorpusRecordSchema>;

/** The fields a corpus record defines; anything else on a line is extra metadata. */
export const CORPUS_RECORD_FIELDS = Object.keys(CorpusRecordSchema.shape) as (keyof CorpusRecord)[];

/**
 * The platforms the project knows by name (the shipped corpus, the importer's defaults, the import form's
 * suggestions); the client names each in both languages. Any other id is still valid and is shown as it is.
 */
export const KNOWN_PLATFORMS = [
  "stiri",
  "oficial",
  "rss",
  "facebook",
  "youtube",
  "forum",
  "tiktok",
  "x",
  "import",
] as const;
export type KnownPlatform = (typeof KNOWN_PLATFORMS)[number];

export function isKnownPlatform(id: string): id is KnownPlatform {
  return (KNOWN_PLATFORMS as readonly string[]).includes(id);
}

export interface SourceMeta {
  source: string;
  date: string;
  /** The date is the import's, not the text's (CorpusRecord.dateImputed): shown as "no date". */
  dateImputed?: true;
  platform: string;
  url: string;
  title?: string;
  /** The passage comes from a text attached to the conversation (contract/attachments.ts), not from the corpus. */
  attachment?: true;
}

/** The date to print next to a citation in Romanian text (CLI, exports): "fără dată" for an imputed one. */
export function citedDate(meta: Pick<SourceMeta, "date" | "dateImputed">): string {
  return meta.dateImputed ? "fără dată" : meta.date;
}

/**
 * The item metadata key of a workbench data set drawn from the corpus that carries CorpusRecord.dateImputed ("true",
 * or "" for a dated document): runs leave such items out of month charts, pages show "no date".
 */
export const DATE_IMPUTED_META = "dateImputed";

/** A passage of a document: a chunk's id (`<docId>#<n>`), its text, and its match relative to the best one. */
export interface PassageExcerpt {
  id: string;
  text: string;
  score: number;
}

/**
 * A retrieved document as the chat shows and cites it: `id` and `text` are its best passage, `score` the
 * document's, and `otherPassages` (when present) further passages of the same document that match nearly as
 * well, best first. A document appears once in a list of sources; the passages of a text attached to the
 * conversation (`meta.attachment`) are the exception: each is a source of its own, cited apart, under the
 * attachment's docId.
 */
export interface Source {
  id: string;
  docId: string;
  text: string;
  score: number;
  meta: SourceMeta;
  otherPassages?: PassageExcerpt[];
  annotation?: Annotation;
}

/** A retrieved document (or, at passage granularity, chunk): a source without its annotation (added by the graph). */
export type Passage = Omit<Source, "annotation">;
