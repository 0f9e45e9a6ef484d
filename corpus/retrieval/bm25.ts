// Okapi BM25 over search terms (retrieval/terms.ts), as an inverted index that is built once, saved as JSON next to
// the vector index, and searched with weighted query terms and an optional candidate filter. A document has a
// title field (its terms count `titleWeight` times, as in BM25F) and a group (the index puts a document's source
// there): its length is normalised against the average length of its group, so that a long article is compared
// with other articles and a short comment with other comments (see docs/retrieval.md, "BM25").
import { type QueryTerm, searchTerms } from "./terms";

export interface Bm25Params {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation, 0 (none) .. 1 (full). */
  b: number;
  /** How many times a title term counts (a BM25F field weight; the title also counts that much in the length). */
  titleWeight: number;
  /**
   * The average length a document is normalised against is its group's, shrunk towards the whole index's as if
   * the group had this many more documents of average length: a source of three documents has no norm of its own.
   */
  groupPrior: number;
}

/** k1 1.2, b 0.75: Robertson's classic values, and one group, so that `new Bm25Index()` is textbook BM25. */
export const CLASSIC_BM25: Bm25Params = { k1: 1.2, b: 0.75, titleWeight: 1, groupPrior: 0 };

export interface Bm25Hit {
  /** Position of the document in the order it was added. */
  doc: number;
  score: number;
}

/** A document to index: analysed terms of its text and (optional) title, and the group it is normalised in. */
export interface Bm25Document {
  text: readonly string[];
  title?: readonly string[];
  group?: string;
}

/** The JSON form: postings as parallel arrays of document numbers (ascending) and term frequencies. */
export interface Bm25Json extends Bm25Params {
  version: 2;
  /** Group names; docGroups[i] indexes this list. */
  groups: string[];
  docGroups: number[];
  docLengths: number[];
  postings: Record<string, [number[], number[]]>;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

export class Bm25Index {
  readonly params: Bm25Params;
  private readonly postings = new Map<string, Posting>();
  private readonly docLengths: number[] = [];
  private readonly docGroups: number[] = [];
  private readonly groups: string[] = [];
  private readonly groupIds = new Map<string, number>();
  private scores: Float64Array | undefined;
  // Per-document length normalisation (the denominator's k1 * (1 - b + b * len / avgLength)), computed on the
  // first search after documents change: a query touches tens of thousands of postings at 100k documents.
  private norms: Float64Array | undefined;
  // Burstiness by term, computed on first use: it reads the whole posting, as long as scoring the term.
  private readonly bursts = new Map<string, number>();

  constructor(params: Partial<Bm25Params> = {}) {
    this.params = { ...CLASSIC_BM25, ...params };
  }

  /** An index over plain texts, document i being texts[i], one group, no titles. */
  static fromTexts(texts: readonly string[], params: Partial<Bm25Params> = {}): Bm25Index {
    const index = new Bm25Index(params);
    for (const text of texts) index.add({ text: searchTerms(text) });
    return index;
  }

  static fromJSON(json: Bm25Json): Bm25Index {
    if (json.version !== 2) throw new Error(`unsupported BM25 index version ${String(json.version)}`);
    const { k1, b, titleWeight, groupPrior } = json;
    const index = new Bm25Index({ k1, b, titleWeight, groupPrior });
    json.groups.forEach((group) => index.groupId(group));
    // Not push(...array): spread arguments go on the stack, which a corpus of some 100,000 documents overflows.
    for (const length of json.docLengths) index.docLengths.push(length);
    for (const group of json.docGroups) index.docGroups.push(group);
    for (const [term, [docs, tfs]] of Object.entries(json.postings)) index.postings.set(term, { docs, tfs });
    return index;
  }

  /** Number of documents. */
  get size(): number {
    return this.docLengths.length;
  }

  private groupId(group: string): number {
    let id = this.groupIds.get(group);
    if (id === undefined) {
      id = this.groups.length;
      this.groups.push(group);
      this.groupIds.set(group, id);
    }
    return id;
  }

  /** Adds the next document (numbered in order of addition); returns its number. */
  add(document: Bm25Document): number {
    const doc = this.docLengths.length;
    const { tf, length } = termFrequencies(document, this.params.titleWeight);
    for (const [term, count] of tf) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.postings.set(term, posting);
      }
      posting.docs.push(doc);
      posting.tfs.push(count);
    }
    this.docLengths.push(length);
    this.docGroups.push(this.groupId(document.group ?? ""));
    this.norms = undefined;
    this.bursts.clear();
    return doc;
  }

  /**
   * The index of a new list of documents made from the JSON of an index of an old one: new document d is old
   * document keep[d] when keep[d] >= 0 (its postings, length and group are taken over), and `documentOf(d)`,
   * analysed now, otherwise; old documents that no d keeps are dropped. The result equals the index built from
   * the new list (postings ascending, groups numbered by first appearance, terms no document holds gone), so
   * its scores are the same: only the changed documents are analysed.
   */
  static updated(json: Bm25Json, keep: Int32Array, documentOf: (doc: number) => Bm25Document): Bm25Index {
    if (json.version !== 2) throw new Error(`unsupported BM25 index version ${String(json.version)}`);
    const { k1, b, titleWeight, groupPrior } = json;
    const index = new Bm25Index({ k1, b, titleWeight, groupPrior });
    const oldToNew = new Int32Array(json.docLengths.length).fill(-1);
    let ordered = true;
    let last = -1;
    // The new documents' postings, documents ascending.
    const added = new Map<string, Posting>();
    for (let doc = 0; doc < keep.length; doc++) {
      const old = keep[doc];
      if (old >= 0) {
        oldToNew[old] = doc;
        if (old < last) ordered = false;
        last = old;
        index.docLengths.push(json.docLengths[old]);
        index.docGroups.push(index.groupId(json.groups[json.docGroups[old]]));
        continue;
      }
      const document = documentOf(doc);
      const { tf, length } = termFrequencies(document, titleWeight);
      for (const [term, count] of tf) {
        let posting = added.get(term);
        if (!posting) {
          posting = { docs: [], tfs: [] };
          added.set(term, posting);
        }
        posting.docs.push(doc);
        posting.tfs.push(count);
      }
      index.docLengths.push(length);
      index.docGroups.push(index.groupId(document.group ?? ""));
    }
    for (const [term, [docs, tfs]] of Object.entries(json.postings)) {
      let kept: Posting = { docs: [], tfs: [] };
      for (let i = 0; i < docs.length; i++) {
        const doc = oldToNew[docs[i]];
        if (doc < 0) continue;
        kept.docs.push(doc);
        kept.tfs.push(tfs[i]);
      }
      if (!ordered) kept = sortedPosting(kept);
      const extra = added.get(term);
      if (extra) {
        added.delete(term);
        kept = mergedPostings(kept, extra);
      }
      if (kept.docs.length > 0) index.postings.set(term, kept);
    }
    for (const [term, posting] of added) index.postings.set(term, posting);
    return index;
  }

  /** Number of documents that hold a term. */
  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Inverse document frequency, in the always-positive form used by Lucene. */
  idf(term: string): number {
    const df = this.df(term);
    const n = this.docLengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * How often a term occurs in the documents that hold it, on average (1 = once wherever it occurs). Topic
   * words recur within the documents about them; a filler word or an insult occurs once per comment.
   */
  burstiness(term: string): number {
    const cached = this.bursts.get(term);
    if (cached !== undefined) return cached;
    const posting = this.postings.get(term);
    if (!posting) return 0;
    let total = 0;
    for (const tf of posting.tfs) total += tf;
    const burstiness = total / posting.docs.length;
    this.bursts.set(term, burstiness);
    return burstiness;
  }

  /**
   * The best `n` documents for a query, best first. The query is a text (analysed by searchTerms), analysed
   * terms (each counted once, weight 1) or weighted terms (terms.ts). Documents rejected by `accept` are never scored into the result. Ties keep
   * document order.
   */
  search(
    query: string | readonly string[] | readonly QueryTerm[],
    n: number,
    accept?: (doc: number) => boolean,
  ): Bm25Hit[] {
    const size = this.docLengths.length;
    if (n <= 0 || size === 0) return [];
    const norms = this.lengthNorms();
    const scores = this.scratch(size);
    const touched: number[] = [];
    const k1 = this.params.k1;
    for (const { term, weight } of weighted(query)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const factor = weight * this.idf(term) * (k1 + 1);
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        const tf = tfs[i];
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (factor * tf) / (tf + norms[doc]);
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

  /**
   * The score a document would reach if it held every term of the query infinitely often: an upper bound that
   * puts a query's BM25 scores on a 0..1 scale of their own.
   */
  idealScore(query: readonly QueryTerm[]): number {
    let ideal = 0;
    for (const { term, weight } of query) if (this.postings.has(term)) ideal += weight * this.idf(term);
    return ideal * (this.params.k1 + 1);
  }

  /** Each group's average length, shrunk towards the index's by `groupPrior` documents of average length. */
  groupAverages(): number[] {
    return groupAverages(this.docLengths, this.docGroups, this.groups.length, this.params.groupPrior);
  }

  private lengthNorms(): Float64Array {
    if (this.norms?.length !== this.docLengths.length) {
      this.norms = lengthNorms(this.docLengths, this.docGroups, this.groups.length, this.params);
    }
    return this.norms;
  }

  // A zeroed score buffer reused across searches (search is synchronous and leaves it zeroed again).
  private scratch(size: number): Float64Array {
    if (!this.scores || this.scores.length < size) this.scores = new Float64Array(size);
    return this.scores;
  }

  toJSON(): Bm25Json {
    const postings: Record<string, [number[], number[]]> = {};
    for (const [term, posting] of this.postings) postings[term] = [posting.docs, posting.tfs];
    return {
      version: 2,
      ...this.params,
      groups: [...this.groups],
      docGroups: [...this.docGroups],
      docLengths: [...this.docLengths],
      postings,
    };
  }
}

/** A document's term frequencies (title terms counting `titleWeight` each) and its length, as BM25 counts them. */
function termFrequencies(
  document: Bm25Document,
  titleWeight: number,
): { tf: Map<string, number>; length: number } {
  const tf = new Map<string, number>();
  for (const term of document.title ?? []) tf.set(term, (tf.get(term) ?? 0) + titleWeight);
  for (const term of document.text) tf.set(term, (tf.get(term) ?? 0) + 1);
  return { tf, length: document.text.length + titleWeight * (document.title?.length ?? 0) };
}

/** A posting with its documents in ascending order. */
function sortedPosting({ docs, tfs }: Posting): Posting {
  const order = docs.map((_, i) => i).sort((a, b) => docs[a] - docs[b]);
  return { docs: order.map((i) => docs[i]), tfs: order.map((i) => tfs[i]) };
}

/** Two postings of disjoint documents, each ascending, merged into one ascending posting. */
function mergedPostings(a: Posting, b: Posting): Posting {
  const merged: Posting = { docs: [], tfs: [] };
  let i = 0;
  let j = 0;
  while (i < a.docs.length || j < b.docs.length) {
    if (j >= b.docs.length || (i < a.docs.length && a.docs[i] < b.docs[j])) {
      merged.docs.push(a.docs[i]);
      merged.tfs.push(a.tfs[i++]);
    } else {
      merged.docs.push(b.docs[j]);
      merged.tfs.push(b.tfs[j++]);
    }
  }
  return merged;
}

/**
 * Each group's average document length, shrunk towards the whole index's as if the group had `prior` more
 * documents of average length (groups are numbered 0 .. groupCount - 1).
 */
export function groupAverages(
  docLengths: ArrayLike<number>,
  docGroups: ArrayLike<number>,
  groupCount: number,
  prior: number,
): number[] {
  const sums = new Array<number>(groupCount).fill(0);
  const counts = new Array<number>(groupCount).fill(0);
  let total = 0;
  for (let doc = 0; doc < docLengths.length; doc++) {
    sums[docGroups[doc]] += docLengths[doc];
    counts[docGroups[doc]]++;
    total += docLengths[doc];
  }
  const overall = total / docLengths.length || 1;
  return sums.map((sum, g) => (sum + prior * overall) / (counts[g] + prior) || overall);
}

/**
 * BM25's per-document denominator term, k1 * (1 - b + b * length / average), with each document's average
 * being its group's (groupAverages); one group is textbook BM25's average length.
 */
export function lengthNorms(
  docLengths: ArrayLike<number>,
  docGroups: ArrayLike<number>,
  groupCount: number,
  params: Pick<Bm25Params, "k1" | "b" | "groupPrior">,
): Float64Array {
  const { k1, b } = params;
  const averages =
    groupCount > 1 ? groupAverages(docLengths, docGroups, groupCount, params.groupPrior) : null;
  let overall = 0;
  if (!averages) {
    for (let doc = 0; doc < docLengths.length; doc++) overall += docLengths[doc];
    overall = overall / docLengths.length || 1;
  }
  const norms = new Float64Array(docLengths.length);
  for (let doc = 0; doc < docLengths.length; doc++) {
    const average = averages ? averages[docGroups[doc]] : overall;
    norms[doc] = k1 * (1 - b + (b * docLengths[doc]) / average);
  }
  return norms;
}

/** A text is analysed; plain terms count once each (repeats ignored); weighted terms as given. */
function weighted(query: string | readonly string[] | readonly QueryTerm[]): readonly QueryTerm[] {
  const terms = typeof query === "string" ? searchTerms(query) : query;
  if (terms.length === 0 || typeof terms[0] !== "string") return terms as readonly QueryTerm[];
  return [...new Set(terms as readonly string[])].map((term) => ({ term, weight: 1 }));
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
