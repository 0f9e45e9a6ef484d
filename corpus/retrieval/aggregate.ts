// Documents compete, not chunks: which chunks belong to which document, and chunk scores aggregated per document.
// A long article cut into twenty chunks must not fill the top five with itself, nor lose to a short comment
// because its matching words sit in different chunks (document-level BM25 sees them together, documentBm25.ts).
import type { ScoredLabel } from "./dense";

/** Where each document's chunks are: the index stores a document's chunks together, in reading order. */
export class DocumentLayout {
  /** docOf[label]: the document of a chunk. */
  readonly docOf: Int32Array;
  /** The chunks of document d are the labels starts[d] .. starts[d + 1] - 1. */
  private readonly starts: Int32Array;

  private constructor(docOf: Int32Array, starts: Int32Array) {
    this.docOf = docOf;
    this.starts = starts;
  }

  /** The layout of chunks whose document ids are given in label order; a document's chunks must be adjacent. */
  static fromChunkDocIds(docIds: readonly string[]): DocumentLayout {
    const docOf = new Int32Array(docIds.length);
    const starts: number[] = [];
    const seen = new Set<string>();
    for (let label = 0; label < docIds.length; label++) {
      if (label === 0 || docIds[label] !== docIds[label - 1]) {
        if (seen.has(docIds[label]))
          throw new Error(`the chunks of document ${docIds[label]} are not adjacent`);
        seen.add(docIds[label]);
        starts.push(label);
      }
      docOf[label] = starts.length - 1;
    }
    starts.push(docIds.length);
    return new DocumentLayout(docOf, Int32Array.from(starts));
  }

  get documents(): number {
    return this.starts.length - 1;
  }

  firstChunk(doc: number): number {
    return this.starts[doc];
  }

  chunkCount(doc: number): number {
    return this.starts[doc + 1] - this.starts[doc];
  }

  /** The chunk labels of a document, in reading order. */
  chunksOf(doc: number): number[] {
    const labels: number[] = [];
    for (let label = this.starts[doc]; label < this.starts[doc + 1]; label++) labels.push(label);
    return labels;
  }
}

/** A document with its score and the chunk that gave it. */
export interface DocumentHit {
  doc: number;
  score: number;
  /** The document's best chunk for this ranking. */
  label: number;
}

/**
 * A chunk ranking turned into a document ranking: each document scores as its best chunk, and appears once,
 * at the rank of that chunk. The maximum, not a sum: a sum would rank a long document above a short one for
 * having many chunks that each match a little (twenty weak passages are not one good one), and the evidence
 * spread over a whole document is what the document-level BM25 ranking adds. Best first; ties by label.
 */
export function bestChunkPerDocument(hits: readonly ScoredLabel[], layout: DocumentLayout): DocumentHit[] {
  const best = new Map<number, DocumentHit>();
  for (const { label, score } of hits) {
    const doc = layout.docOf[label];
    const current = best.get(doc);
    if (!current || score > current.score || (score === current.score && label < current.label)) {
      best.set(doc, { doc, score, label });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.label - b.label);
}
