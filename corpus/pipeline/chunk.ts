// Splitting corpus records into the passages that are indexed and cited: comments stay whole, long texts are cut
// at sentence boundaries into ~500-800 character chunks that overlap by one sentence.
import type { SourceMeta } from "../../contract/corpus";
import { splitSentences } from "../../contract/text";
import type { CorpusRecord } from "../../contract/corpus";

export interface Chunk {
  /** `${docId}#${n}`. */
  id: string;
  docId: string;
  /** Position of the chunk in its document, from 0. */
  n: number;
  text: string;
  meta: SourceMeta;
}

export interface ChunkOptions {
  /** Texts shorter than this stay whole (default 700). */
  wholeBelow: number;
  /** A chunk is closed once it reaches this length (default 650). */
  targetChars: number;
  /** No chunk grows past this length unless a single word is longer (default 800). */
  maxChars: number;
  /** Platforms whose texts are comments and stay whole (default facebook, youtube, forum). */
  commentPlatforms: readonly string[];
  /**
   * A comment longer than this is split like any other text after all (default 4000): a wall of text pasted
   * into a forum would otherwise become one unreadable citation.
   */
  commentMaxChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = {
  wholeBelow: 700,
  targetChars: 650,
  maxChars: 800,
  commentPlatforms: ["facebook", "youtube", "forum"],
  commentMaxChars: 4000,
};

export function recordMeta(record: CorpusRecord): SourceMeta {
  const meta: SourceMeta = {
    source: record.source,
    date: record.date,
    platform: record.platform,
    url: record.url,
  };
  if (record.dateImputed) meta.dateImputed = true;
  if (record.title) meta.title = record.title;
  return meta;
}

/** Whether a record is kept as a single chunk. */
export function staysWhole(record: CorpusRecord, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): boolean {
  const length = record.text.trim().length;
  if (length < options.wholeBelow) return true;
  const platform = record.platform.toLowerCase();
  return options.commentPlatforms.includes(platform) && length <= options.commentMaxChars;
}

/** The chunks of one record, in reading order. */
export function chunkRecord(record: CorpusRecord, overrides: Partial<ChunkOptions> = {}): Chunk[] {
  const options = { ...DEFAULT_CHUNK_OPTIONS, ...overrides };
  const meta = recordMeta(record);
  const text = record.text.trim();
  const pieces = staysWhole(record, options) ? [text] : splitIntoChunks(text, options);
  return pieces.map((piece, n) => ({ id: `${record.id}#${n}`, docId: record.id, n, text: piece, meta }));
}

/** The text that is embedded and BM25-indexed for a chunk: its document's title helps known-item queries. */
export function chunkSearchText(chunk: Chunk): string {
  return chunk.meta.title ? `${chunk.meta.title}\n${chunk.text}` : chunk.text;
}

/** Greedy sentence packing with a one-sentence overlap between consecutive chunks. */
export function splitIntoChunks(text: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): string[] {
  const sentences = splitSentences(text).flatMap((s) => splitLongSentence(s, options.maxChars));
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  // Whether `current` holds anything beyond the sentence carried over from the previous chunk.
  let hasNew = false;

  for (const sentence of sentences) {
    const grown = length + (current.length > 0 ? 1 : 0) + sentence.length;
    if (hasNew && (length >= options.targetChars || grown > options.maxChars)) {
      chunks.push(current.join(" "));
      const overlap = current[current.length - 1];
      const fits = overlap.length + 1 + sentence.length <= options.maxChars;
      current = fits ? [overlap] : [];
      length = fits ? overlap.length : 0;
      hasNew = false;
    }
    length += (current.length > 0 ? 1 : 0) + sentence.length;
    current.push(sentence);
    hasNew = true;
  }
  if (hasNew) chunks.push(current.join(" "));
  return chunks;
}

// A "sentence" longer than a chunk (lists, transcripts without punctuation) is cut at spaces, or hard-cut when
// a single word is longer than that.
function splitLongSentence(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const pieces: string[] = [];
  let current = "";
  for (const word of sentence.split(/\s+/)) {
    if (!word) continue;
    if (current && current.length + 1 + word.length > maxChars) {
      pieces.push(current);
      current = "";
    }
    if (word.length > maxChars) {
      for (let i = 0; i < word.length; i += maxChars) pieces.push(word.slice(i, i + maxChars));
      continue;
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) pieces.push(current);
  return pieces;
}
