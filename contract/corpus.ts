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
});
export type CorpusRecord = z.infer<typeof CorpusRecordSchema>;

export interface SourceMeta {
  source: string;
  date: string;
  platform: string;
  url: string;
  title?: string;
}

/** A passage of a document: a chunk's id (`<docId>#<n>`), its text, and its match relative to the best one. */
export interface PassageExcerpt {
  id: string;
  text: string;
  score: number;
}

/**
 * A retrieved document as the chat shows and cites it: `id` and `text` are its best passage, `score` the
 * document's, and `otherPassages` (when present) further passages of the same document that match nearly as
 * well, best first. A document appears once in a list of sources.
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
