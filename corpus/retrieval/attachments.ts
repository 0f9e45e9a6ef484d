// Search over the texts attached to a conversation: each is cut with the corpus chunker and searched in memory
// with BM25 (no index on disk, nothing kept between turns), and a retriever that puts their best passages before
// the corpus's, so the answer cites them [n] like any passage and the prompt holds only what was retrieved.
import { ATTACHMENT_ID_PREFIX, ATTACHMENT_PLATFORM, type Attachment } from "../../contract/attachments";
import type { Passage } from "../../contract/corpus";
import { splitIntoChunks } from "../pipeline/chunk";
import { Bm25Index } from "./bm25";
import { searchTerms, selectQueryTerms } from "./terms";
import type { Retriever, SearchOptions } from "./types";

/** An attachment of the conversation; `current`: attached to the message being answered. */
export interface ConversationAttachment extends Attachment {
  current?: boolean;
}

interface AttachmentChunk {
  /** Position of the attachment in the conversation, from 0. */
  attachment: number;
  n: number;
  text: string;
}

/** The attachments' chunks, searchable by a question. */
export class AttachmentIndex {
  private readonly chunks: AttachmentChunk[] = [];
  private readonly bm25: Bm25Index;

  constructor(private readonly attachments: readonly ConversationAttachment[]) {
    attachments.forEach((a, attachment) => {
      splitIntoChunks(a.text.trim()).forEach((text, n) => this.chunks.push({ attachment, n, text }));
    });
    this.bm25 = Bm25Index.fromTexts(this.chunks.map((c) => c.text));
  }

  get size(): number {
    return this.chunks.length;
  }

  /**
   * The best `k` passages for a question, best first, scores in 0..1 (a passage's BM25 score over the score of one
   * holding every query term). When nothing matches (a "summarise it" question), the opening passages of the
   * message's own attachments stand in: a question about an earlier attachment that finds nothing gets none.
   */
  search(query: string, k: number): Passage[] {
    if (k <= 0 || this.chunks.length === 0) return [];
    const terms = selectQueryTerms(searchTerms(query), this.bm25);
    const ideal = this.bm25.idealScore(terms);
    const hits = terms.length ? this.bm25.search(terms, k) : [];
    if (hits.length > 0) {
      return hits.map((h) => this.passage(this.chunks[h.doc]!, ideal > 0 ? h.score / ideal : 0));
    }
    return this.chunks
      .filter((c) => this.attachments[c.attachment]?.current)
      .sort((a, b) => a.n - b.n || a.attachment - b.attachment)
      .slice(0, k)
      .map((c) => this.passage(c, 0));
  }

  private passage(chunk: AttachmentChunk, score: number): Passage {
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
): Retriever {
  const index = new AttachmentIndex(attachments);
  const search = async (query: string, options: SearchOptions): Promise<Passage[]> => {
    const attached = index.search(query, attachmentShare(options.k));
    const rest = options.k - attached.length;
    const fromCorpus = rest > 0 ? await corpus.search(query, { ...options, k: rest }) : [];
    return [...attached, ...fromCorpus];
  };
  return {
    get embedder() {
      return corpus.embedder;
    },
    get size() {
      return corpus.size;
    },
    get manifest() {
      return corpus.manifest;
    },
    search,
    facets: () => corpus.facets(),
    ...(corpus.hasDocument ? { hasDocument: (id: string) => corpus.hasDocument!(id) } : {}),
  };
}
