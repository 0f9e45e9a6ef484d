// Okapi BM25 over `analyze()` tokens (folded, stopword-free, stemmed): an inverted index that is built once,
// saved as JSON next to the vector index, and searched with an optional candidate filter.
import { analyze } from "../../contract/text";

export interface Bm25Params {
  /** Term-frequency saturation (default 1.2). */
  k1: number;
  /** Length normalisation, 0 (none) .. 1 (full) (default 0.75). */
  b: number;
}

export interface Bm25Hit {
  /** Position of the document in the order it was added (the chunk label). */
  doc: number;
  score: number;
}

/** The JSON form: postings as parallel arrays of document numbers (ascending) and term frequencies. */
export interface Bm25Json {
  version: 1;
  k1: number;
  b: number;
  docLengths: number[];
  postings: Record<string, [number[], number[]]>;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

const DEFAULT_PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };

export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private readonly postings = new Map<string, Posting>();
  private readonly docLengths: number[] = [];
  private totalLength = 0;
  private scores: Float64Array | undefined;
  // Per-document length normalisation (the denominator's k1 * (1 - b + b * len / avgLength)), computed on the
  // first search after documents change: a query touches tens of thousands of postings at 100k chunks.
  private norms: Float64Array | undefined;

  constructor(params: Partial<Bm25Params> = {}) {
    this.k1 = params.k1 ?? DEFAULT_PARAMS.k1;
    this.b = params.b ?? DEFAULT_PARAMS.b;
  }

  /** An index over texts, document i being texts[i]. */
  static fromTexts(texts: readonly string[], params: Partial<Bm25Params> = {}): Bm25Index {
    const index = new Bm25Index(params);
    for (const text of texts) index.add(analyze(text));
    return index;
  }

  static fromJSON(json: Bm25Json): Bm25Index {
    if (json.version !== 1) throw new Error(`unsupported BM25 index version ${String(json.version)}`);
    const index = new Bm25Index({ k1: json.k1, b: json.b });
    for (const length of json.docLengths) {
      index.docLengths.push(length);
      index.totalLength += length;
    }
    for (const [term, [docs, tfs]] of Object.entries(json.postings)) index.postings.set(term, { docs, tfs });
    return index;
  }

  /** Number of documents. */
  get size(): number {
    return this.docLengths.length;
  }

  /** Adds the next document (numbered in order of addition) from its analysed tokens; returns its number. */
  add(tokens: readonly string[]): number {
    const doc = this.docLengths.length;
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const [term, count] of tf) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.postings.set(term, posting);
      }
      posting.docs.push(doc);
      posting.tfs.push(count);
    }
    this.docLengths.push(tokens.length);
    this.totalLength += tokens.length;
    this.norms = undefined;
    return doc;
  }

  /** Inverse document frequency, in the always-positive form used by Lucene. */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    const n = this.docLengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The best `n` documents for a query (a string is analysed; an array is taken as analysed tokens), best
   * first. Documents rejected by `accept` are never scored into the result. Ties keep document order.
   */
  search(query: string | readonly string[], n: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const size = this.docLengths.length;
    if (n <= 0 || size === 0) return [];
    const terms = [...new Set(typeof query === "string" ? analyze(query) : query)];
    const norms = this.lengthNorms();
    const scores = this.scratch(size);
    const touched: number[] = [];
    const k1 = this.k1;
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        const tf = tfs[i];
        const score = (idf * tf * (k1 + 1)) / (tf + norms[doc]);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += score;
      }
    }
    const top = new TopN(n);
    for (const doc of touched) {
      const score = scores[doc];
      scores[doc] = 0;
      if (accept && !accept(doc)) continue;
      top.offer(doc, score);
    }
    return top.sorted();
  }

  private lengthNorms(): Float64Array {
    const size = this.docLengths.length;
    if (this.norms?.length === size) return this.norms;
    const avgLength = this.totalLength / size || 1;
    const norms = new Float64Array(size);
    for (let doc = 0; doc < size; doc++) {
      norms[doc] = this.k1 * (1 - this.b + (this.b * this.docLengths[doc]) / avgLength);
    }
    this.norms = norms;
    return norms;
  }

  // A zeroed score buffer reused across searches (search is synchronous and leaves it zeroed again).
  private scratch(size: number): Float64Array {
    if (!this.scores || this.scores.length < size) this.scores = new Float64Array(size);
    return this.scores;
  }

  toJSON(): Bm25Json {
    const postings: Record<string, [number[], number[]]> = {};
    for (const [term, posting] of this.postings) postings[term] = [posting.docs, posting.tfs];
    return { version: 1, k1: this.k1, b: this.b, docLengths: [...this.docLengths], postings };
  }
}

/** Keeps the n best (doc, score) pairs in a min-heap; ties are broken towards the lower document number. */
export class TopN {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly n: number) {}

  offer(doc: number, score: number): void {
    if (this.docs.length < this.n) {
      this.docs.push(doc);
      this.scores.push(score);
      this.siftUp(this.docs.length - 1);
    } else if (this.worse(0, doc, score)) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  sorted(): Bm25Hit[] {
    const hits = this.docs.map((doc, i) => ({ doc, score: this.scores[i] }));
    return hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  // True when the heap entry at i ranks below (doc, score).
  private worse(i: number, doc: number, score: number): boolean {
    return this.scores[i] < score || (this.scores[i] === score && this.docs[i] > doc);
  }

  private less(i: number, j: number): boolean {
    return this.worse(i, this.docs[j], this.scores[j]);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j], this.docs[i]];
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const length = this.docs.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < length && this.less(left, smallest)) smallest = left;
      if (right < length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
