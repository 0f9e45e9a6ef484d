// Character pieces: the 4-letter pieces of a document's words ("<cojocna>" → "<coj", "cojo", "ojoc", ...), a
// second lexical field next to the word BM25. Misspelt, inflected and run-together words still share most of
// their pieces with the right ones, which whole-word terms miss. Searching pieces over a whole corpus would touch
// several times the postings of words, so they only rescore the best candidates of the first ranking: the index
// keeps their statistics (document frequency, total count, each document's length), and a candidate's pieces are
// counted from its text when it is scored. Measured in docs/retrieval.md ("Character pieces").
import { STOPWORDS, tokenize } from "../../contract/text";
import { type Bm25Params, lengthNorms } from "./bm25";
import { selectQueryTerms, type QueryTermOptions, type WeightedTerm } from "./terms";

/** A piece is four characters of a word with `<` and `>` marking its start and end. */
export const PIECE_LENGTH = 4;

/** The JSON form of a PieceIndex: statistics by piece hash (ascending), and per document. */
export interface PieceIndexJson extends Bm25Params {
  version: 1;
  groups: string[];
  docGroups: number[];
  docLengths: number[];
  /** Piece hashes, ascending; dfs[i] and counts[i] belong to hashes[i]. */
  hashes: number[];
  dfs: number[];
  /** Total (title-weighted) occurrences over the corpus: counts / dfs is the burstiness. */
  counts: number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const START = 0x3c; // "<"
const END = 0x3e; // ">"

/** Calls `visit` with the hash of each piece of a text, in order (repeats included). */
function forEachPiece(text: string, visit: (key: number) => void): void {
  for (const word of tokenize(text)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    // The word with its marks is word.length + 2 characters long: <, the letters, >.
    const marked = word.length + 2;
    for (let start = 0; start + PIECE_LENGTH <= marked; start++) {
      let h = FNV_OFFSET;
      for (let j = start; j < start + PIECE_LENGTH; j++) {
        const code = j === 0 ? START : j === marked - 1 ? END : word.charCodeAt(j - 1);
        h = Math.imul(h ^ code, FNV_PRIME);
      }
      visit(h >>> 0);
    }
  }
}

/** Adds the pieces of a text, `weight` each, to `counts` (piece hash → count). */
export function addPieces(text: string, weight: number, counts: Map<number, number>): void {
  forEachPiece(text, (key) => counts.set(key, (counts.get(key) ?? 0) + weight));
}

/** The pieces of texts as hashes, ascending (repeats included). */
function sortedPieces(texts: readonly string[]): Uint32Array {
  const keys: number[] = [];
  for (const text of texts) forEachPiece(text, (key) => keys.push(key));
  return Uint32Array.from(keys).sort();
}

/** The distinct pieces of a query text, in order of first occurrence. */
export function queryPieces(text: string): number[] {
  const counts = new Map<number, number>();
  addPieces(text, 1, counts);
  return [...counts.keys()];
}

/**
 * Positions of 32-bit keys (open addressing, linear probing): lookups are what rescoring does most, and a binary
 * search over sorted keys took four times as long. Key 0 stands for "empty", so a key of 0 is stored as 1.
 */
class KeyTable {
  private readonly slots: Int32Array;
  private readonly positions: Int32Array;
  private readonly mask: number;

  constructor(keys: ArrayLike<number>) {
    let capacity = 8;
    while (capacity < keys.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] | 0 || 1;
      let slot = this.home(key);
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = key;
      this.positions[slot] = i;
    }
  }

  private home(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
  }

  /** The position of a key in the array the table was built from, -1 when absent. */
  find(key: number): number {
    const wanted = key | 0 || 1;
    for (let slot = this.home(wanted); ; slot = (slot + 1) & this.mask) {
      const found = this.slots[slot];
      if (found === wanted) return this.positions[slot];
      if (found === 0) return -1;
    }
  }
}

/**
 * A document's distinct pieces (ascending) with their counts; `length` is the total count. Made for every
 * candidate a search rescores, so it is built by sorting hashes rather than in a Map, and its lookup table is
 * made only when `count` is asked for (scoring walks the keys against the query's table instead): at 100k
 * documents, the Map and a table per candidate were a third of a search's time, most of it garbage collection.
 */
export class PieceBag {
  private table: KeyTable | undefined;

  private constructor(
    readonly keys: Uint32Array,
    readonly counts: Float64Array,
    readonly length: number,
  ) {}

  /** The pieces of a document: its title's, each counted `titleWeight` times, and its chunks' texts'. */
  static of(title: string | undefined, texts: readonly string[], titleWeight: number): PieceBag {
    const titled = title ? sortedPieces([title]) : new Uint32Array(0);
    const text = sortedPieces(texts);
    const keys = new Uint32Array(titled.length + text.length);
    const counts = new Float64Array(keys.length);
    let n = 0;
    let length = 0;
    // A merge of the two sorted lists: each distinct hash once, with the title's weighted count added.
    for (let i = 0, j = 0; i < titled.length || j < text.length;) {
      const fromTitle = j >= text.length || (i < titled.length && titled[i] <= text[j]);
      const key = fromTitle ? titled[i++] : text[j++];
      const weight = fromTitle ? titleWeight : 1;
      if (n > 0 && keys[n - 1] === key) counts[n - 1] += weight;
      else {
        keys[n] = key;
        counts[n++] = weight;
      }
      length += weight;
    }
    return new PieceBag(keys.slice(0, n), counts.slice(0, n), length);
  }

  /** How often a piece occurs (0 when it does not). */
  count(key: number): number {
    this.table ??= new KeyTable(this.keys);
    const i = this.table.find(key);
    return i < 0 ? 0 : this.counts[i];
  }
}

/** A document to count in: its pieces and its length group. */
export interface PieceDocument {
  bag: PieceBag;
  group: string;
}

/** Pieces' statistics and documents' length groups as they are counted: what a build and an update both make. */
class PieceTally {
  readonly stats = new Map<number, { df: number; count: number }>();
  private readonly groups: string[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly docGroups: number[] = [];
  private readonly docLengths: number[] = [];

  /** Adds (sign 1) or takes away (-1) one document's pieces. */
  count(bag: PieceBag, sign: 1 | -1): void {
    for (let i = 0; i < bag.keys.length; i++) {
      const entry = this.stats.get(bag.keys[i]);
      if (entry) {
        entry.df += sign;
        entry.count += sign * bag.counts[i];
      } else if (sign > 0) this.stats.set(bag.keys[i], { df: 1, count: bag.counts[i] });
    }
  }

  /** The next document's length group (numbered in order of first use) and length. */
  place(group: string, length: number): void {
    let id = this.groupIds.get(group);
    if (id === undefined) {
      id = this.groups.length;
      this.groups.push(group);
      this.groupIds.set(group, id);
    }
    this.docGroups.push(id);
    this.docLengths.push(length);
  }

  /** The index's contents, by piece hash; a piece no document holds any longer is left out. */
  statistics(params: Bm25Params): Omit<PieceIndexJson, "version"> {
    const hashes = [...this.stats.keys()].filter((key) => this.stats.get(key)!.df > 0).sort((a, b) => a - b);
    const { k1, b, titleWeight, groupPrior } = params;
    return {
      k1,
      b,
      titleWeight,
      groupPrior,
      groups: this.groups,
      docGroups: this.docGroups,
      docLengths: this.docLengths,
      hashes,
      dfs: hashes.map((key) => this.stats.get(key)!.df),
      counts: hashes.map((key) => this.stats.get(key)!.count),
    };
  }
}

/**
 * The corpus statistics of pieces and BM25 over them for a few candidate documents: the same formula, length
 * normalisation per group and IDF as the word BM25 (bm25.ts), with a document's counts given by its PieceBag.
 */
export class PieceIndex {
  readonly params: Bm25Params;
  private readonly hashes: Uint32Array;
  private readonly table: KeyTable;
  private readonly dfs: Uint32Array;
  private readonly counts: Float64Array;
  private readonly docLengths: Float64Array;
  private readonly docGroups: Uint32Array;
  private readonly groups: string[];
  private norms: Float64Array | undefined;

  private constructor(json: Omit<PieceIndexJson, "version">) {
    const { k1, b, titleWeight, groupPrior } = json;
    this.params = { k1, b, titleWeight, groupPrior };
    this.hashes = Uint32Array.from(json.hashes);
    this.table = new KeyTable(this.hashes);
    this.dfs = Uint32Array.from(json.dfs);
    this.counts = Float64Array.from(json.counts);
    this.docLengths = Float64Array.from(json.docLengths);
    this.docGroups = Uint32Array.from(json.docGroups);
    this.groups = [...json.groups];
  }

  /** The statistics of documents numbered in order (document i of the index is documents[i]). */
  static build(documents: Iterable<PieceDocument>, params: Bm25Params): PieceIndex {
    const tally = new PieceTally();
    for (const { bag, group } of documents) {
      tally.count(bag, 1);
      tally.place(group, bag.length);
    }
    return new PieceIndex(tally.statistics(params));
  }

  /**
   * The statistics of a new list of documents made from those of an old one: new document d is old document
   * keep[d] when keep[d] >= 0, and `documentOf(d)` otherwise; `removed` are the pieces of the old documents that
   * no d keeps, subtracted. Equal to PieceIndex.build over the new list when the counts are whole numbers (a
   * whole title weight: a fraction subtracted can leave a rounding error, so the caller builds anew then).
   */
  static updated(
    json: PieceIndexJson,
    keep: Int32Array,
    removed: Iterable<PieceBag>,
    documentOf: (doc: number) => PieceDocument,
  ): PieceIndex {
    if (json.version !== 1) throw new Error(`unsupported piece index version ${String(json.version)}`);
    const tally = new PieceTally();
    json.hashes.forEach((key, i) => tally.stats.set(key, { df: json.dfs[i], count: json.counts[i] }));
    for (const bag of removed) tally.count(bag, -1);
    for (let doc = 0; doc < keep.length; doc++) {
      const old = keep[doc];
      if (old >= 0) {
        tally.place(json.groups[json.docGroups[old]], json.docLengths[old]);
        continue;
      }
      const { bag, group } = documentOf(doc);
      tally.count(bag, 1);
      tally.place(group, bag.length);
    }
    const { k1, b, titleWeight, groupPrior } = json;
    return new PieceIndex(tally.statistics({ k1, b, titleWeight, groupPrior }));
  }

  static fromJSON(json: PieceIndexJson): PieceIndex {
    if (json.version !== 1) throw new Error(`unsupported piece index version ${String(json.version)}`);
    return new PieceIndex(json);
  }

  toJSON(): PieceIndexJson {
    return {
      version: 1,
      ...this.params,
      groups: [...this.groups],
      docGroups: Array.from(this.docGroups),
      docLengths: Array.from(this.docLengths),
      hashes: Array.from(this.hashes),
      dfs: Array.from(this.dfs),
      counts: Array.from(this.counts),
    };
  }

  /** Number of documents. */
  get size(): number {
    return this.docLengths.length;
  }

  private find(key: number): number {
    return this.table.find(key);
  }

  df(key: number): number {
    const i = this.find(key);
    return i < 0 ? 0 : this.dfs[i];
  }

  /** Lucene's always-positive IDF, as for words. */
  idf(key: number): number {
    const df = this.df(key);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  burstiness(key: number): number {
    const i = this.find(key);
    return i < 0 ? 0 : this.counts[i] / this.dfs[i];
  }

  /** The pieces a query is scored with: selected and weighted as words are (terms.ts), at most `maxTerms`. */
  query(text: string, options: Partial<QueryTermOptions>): WeightedTerm<number>[] {
    return selectQueryTerms(queryPieces(text), this, options);
  }

  /**
   * Scores documents for the query's pieces: BM25 of document `doc`, whose pieces are `bag`, divided by the
   * query's ideal score (0..1, as the fusion wants it).
   */
  scorer(query: readonly WeightedTerm<number>[]): (doc: number, bag: PieceBag) => number {
    if (this.norms?.length !== this.size) {
      this.norms = lengthNorms(this.docLengths, this.docGroups, this.groups.length, this.params);
    }
    const norms = this.norms;
    const k1 = this.params.k1;
    const queryTable = new KeyTable(query.map(({ term }) => term));
    const factors = query.map(({ term, weight }) => weight * this.idf(term) * (k1 + 1));
    const ideal = factors.reduce((sum, factor) => sum + factor, 0) || 1;
    return (doc, bag) => {
      // The document's pieces against the query's (a few dozen, a small table that stays in cache).
      let score = 0;
      const { keys, counts } = bag;
      for (let j = 0; j < keys.length; j++) {
        const i = queryTable.find(keys[j]);
        if (i >= 0) score += (factors[i] * counts[j]) / (counts[j] + norms[doc]);
      }
      return score / ideal;
    };
  }
}
