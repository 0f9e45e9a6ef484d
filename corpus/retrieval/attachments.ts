// Search over the texts attached to a conversation: each is cut with the corpus chunker and searched in memory
// with BM25 (no index on disk; the last few threads' indexes are cached), and a retriever that puts their best passages before
// the corpus's, so the answer cites them [n] like any passage and the prompt holds only what was retrieved.
import { createHash } from "node:crypto";
import { ATTACHMENT_ID_PREFIX, ATTACHMENT_PLATFORM, type Attachment } from "../../contract/attachments";
import type { Passage } from "../../contract/corpus";
import { splitIntoChunks } from "../pipeline/chunk";
import { Bm25Index } from "./bm25";
import { forwardingRetriever } from "./forwarding";
import { rankFusion, rankFusionCeiling } from "./fusion";
import { searchTerms, selectQueryTerms } from "./terms";
import type { Retriever, SearchOptions } from "./types";

/** An attachment of the conversation; `current`: attached to the message being answered. */
export interface ConversationAttachment extends Attachment {
  current?: boolean;
}

/**
 * What a question asks of a passage beyond its words: the server reads a codebook dimension ("Ce teme populiste
 * apar?") and scores each passage by the dictionary's evidence for it (0: none). Null when the question asks for none.
 */
export type ThemeScorer = (question: string) => ((passage: string) => number) | null;

/** Candidates each ranking brings to the fusion. */
const FUSION_POOL = 50;

interface AttachmentChunk {
  /** Position of the attachment in the conversation, from 0. */
  attachment: number;
  n: number;
  text: string;
}

/** A conversation's attached texts cut and indexed: the costly part, the same at every turn of a thread. */
class AttachedTexts {
  readonly chunks: AttachmentChunk[] = [];
  readonly bm25: Bm25Index;
  // Each passage's theme score, by scoring function (a dictionary pass over every passage costs as much as the index).
  private readonly themes = new Map<(passage: string) => number, number[]>();

  constructor(attachments: readonly Attachment[]) {
    attachments.forEach((a, attachment) => {
      splitIntoChunks(a.text.trim()).forEach((text, n) => this.chunks.push({ attachment, n, text }));
    });
    this.bm25 = Bm25Index.fromTexts(this.chunks.map((c) => c.text));
  }

  themeScores(score: (passage: string) => number): number[] {
    let scores = this.themes.get(score);
    if (!scores) {
      scores = this.chunks.map((c) => score(c.text));
      this.themes.set(score, scores);
    }
    return scores;
  }
}

/**
 * A thread's attachments are searched again at each of its turns: the indexes of the last CACHED_CONVERSATIONS
 * conversations are kept (a 200,000-character text takes ~100 ms to index on a loaded machine). A cache only: each
 * instance builds its own.
 */
const CACHED_CONVERSATIONS = 16;
const cache = new Map<string, AttachedTexts>();

function attachedTexts(attachments: readonly Attachment[]): AttachedTexts {
  const hash = createHash("sha256");
  for (const a of attachments) hash.update(`${a.text.length}:`).update(a.text);
  const key = hash.digest("hex");
  let texts = cache.get(key);
  if (texts) cache.delete(key);
  else texts = new AttachedTexts(attachments);
  // Most recently used last; the oldest leaves first.
  cache.set(key, texts);
  if (cache.size > CACHED_CONVERSATIONS) cache.delete(cache.keys().next().value!);
  return texts;
}

/** The attachments' chunks, searchable by a question. */
export class AttachmentIndex {
  private readonly chunks: AttachmentChunk[];
  private readonly bm25: Bm25Index;
  private readonly texts: AttachedTexts;

  constructor(
    private readonly attachments: readonly ConversationAttachment[],
    private readonly theme?: ThemeScorer,
  ) {
    this.texts = attachedTexts(attachments);
    this.chunks = this.texts.chunks;
    this.bm25 = this.texts.bm25;
  }

  get size(): number {
    return this.chunks.length;
  }

  /**
   * The best `k` passages for a question, best first, scores in 0..1. The words of the question rank passages by
   * BM25; a question about a codebook dimension also ranks them by the dictionary's evidence (ThemeScorer), and the
   * two rankings are fused (reciprocal rank fusion). When nothing matches (a "summarise it" question), the opening
   * passages of the message's own attachments stand in: a question about an earlier attachment that finds nothing
   * gets none.
   */
  search(query: string, k: number): Passage[] {
    if (k <= 0 || this.chunks.length === 0) return [];
    const rankings = [this.byWords(query), this.byTheme(query)].filter((r) => r.length > 0);
    if (rankings.length === 1) return rankings[0]!.slice(0, k).map((h) => this.passage(h.doc, h.score));
    if (rankings.length === 2) {
      // The best a passage can reach is first place in both lists.
      const best = rankFusionCeiling([1, 1]);
      return rankFusion(rankings.map((r) => r.map((h) => h.doc)))
        .slice(0, k)
        .map((f) => this.passage(f.id, f.score / best));
    }
    return this.chunks
      .map((c, doc) => ({ c, doc }))
      .filter(({ c }) => this.attachments[c.attachment]?.current)
      .sort((a, b) => a.c.n - b.c.n || a.c.attachment - b.c.attachment)
      .slice(0, k)
      .map(({ doc }) => this.passage(doc, 0));
  }

  /** Passages by BM25 over the question's terms, scores over the score of a passage holding every term. */
  private byWords(query: string): { doc: number; score: number }[] {
    const terms = selectQueryTerms(searchTerms(query), this.bm25);
    if (terms.length === 0) return [];
    const ideal = this.bm25.idealScore(terms);
    return this.bm25
      .search(terms, FUSION_POOL)
      .map((h) => ({ doc: h.doc, score: ideal > 0 ? h.score / ideal : 0 }));
  }

  /** Passages with evidence for what the question asks about, most first, scores over the most. */
  private byTheme(query: string): { doc: number; score: number }[] {
    const score = this.theme?.(query);
    if (!score) return [];
    const scored = this.texts
      .themeScores(score)
      .map((s, doc) => ({ doc, score: s }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, FUSION_POOL);
    const most = scored[0]?.score ?? 1;
    return scored.map((h) => ({ doc: h.doc, score: h.score / most }));
  }

  private passage(doc: number, score: number): Passage {
    const chunk = this.chunks[doc]!;
    const name = this.attachments[chunk.attachment]!.name;
    const docId = `${ATTACHMENT_ID_PREFIX}${chunk.attachment}`;
    return {
      id: `${docId}#${chunk.n}`,
      docId,
      text: chunk.text,
      score,
      meta: { source: name, title: name, platform: ATTACHMENT_PLATFORM, date: "", url: "", attachment: true },
    };
  }
}

/**
 * How many of a question's k sources the attachments may take: all but a third, at least one. The corpus keeps
 * the rest, so that "and what does the corpus say?" in a thread with an attachment still finds the corpus.
 */
export function attachmentShare(k: number): number {
  return Math.max(1, k - Math.floor(k / 3));
}

/**
 * A retriever that answers from the attachments first (up to attachmentShare(k) passages, each its own source)
 * and fills the rest of the k sources from the corpus. The corpus's filters do not apply to attachments.
 */
export function withAttachments(
  corpus: Retriever,
  attachments: readonly ConversationAttachment[],
  theme?: ThemeScorer,
): Retriever {
  const index = new AttachmentIndex(attachments, theme);
  const search = async (query: string, options: SearchOptions): Promise<Passage[]> => {
    const attached = index.search(query, attachmentShare(options.k));
    const rest = options.k - attached.length;
    const fromCorpus = rest > 0 ? await corpus.search(query, { ...options, k: rest }) : [];
    return [...attached, ...fromCorpus];
  };
  return forwardingRetriever(corpus, search);
}
