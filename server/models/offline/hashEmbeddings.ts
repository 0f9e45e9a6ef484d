// The built-in offline embedder "offline:hash": signed feature hashing of character n-grams and word stems of
// diacritics-folded text, so Romanian inflections and cedilla/comma spellings land close without any model file.
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { normalizeCedilla, STOPWORDS, stem, tokenize } from "../../../contract/text";

export const HASH_EMBEDDER_ID = "offline:hash";

/**
 * 256 dimensions: on known-item tests (bench/recall.ts, shipped corpus and real tweets/comments) 256 scores
 * within a point or two of 1024, while hnswlib-node copies a query or a point element by element across the
 * JS/C++ boundary (about 45 µs at 256, 320 µs at 1024) and the graph build is several times faster.
 */
export const DEFAULT_HASH_DIMENSIONS = 256;

export interface HashEmbeddingsOptions extends EmbeddingsParams {
  /** Vector length (default DEFAULT_HASH_DIMENSIONS, 256). */
  dimensions?: number;
  /** Shortest character n-gram, word boundary markers included (default 3). */
  minN?: number;
  /** Longest character n-gram (default 5). */
  maxN?: number;
  /** Weight of a word-stem feature relative to one n-gram feature (default 2). */
  wordWeight?: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Separate seeds keep the n-gram and word-stem feature spaces from colliding systematically.
const NGRAM_SEED = FNV_OFFSET;
const WORD_SEED = 0x9747b28c;
const BOUNDARY_START = 0x3c; // "<"
const BOUNDARY_END = 0x3e; // ">"
// The token feature cache: at most 2^20 feature keys (4 MB, some 30,000 tokens of ten letters, plus about 2 MB
// for the token map), of tokens with at most 255 features (85 letters at the default n-gram sizes).
const FEATURE_POOL_MAX = 1 << 20;
const MAX_CACHED_FEATURES = 255;

/** FNV-1a over the UTF-16 code units of a string, from a given seed. */
function fnv1a(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Murmur3's 32-bit finaliser: spreads FNV's weak low bits before they pick a bucket and a sign. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Array.from on a typed array is an order of magnitude slower than this plain loop in V8.
function toNumberArray(vector: Float32Array): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i];
  return out;
}

/**
 * An open-addressing counter keyed by 32-bit integers, cleared in O(1) by bumping a generation stamp; a Map is
 * about three times slower for the ~1,000 features of a 300-character text.
 */
class FeatureCounts {
  private capacity = 4096;
  private keys = new Int32Array(this.capacity);
  private stamps = new Uint32Array(this.capacity);
  private slotOf = new Int32Array(this.capacity);
  private order: number[] = [];
  private tally: number[] = [];
  private generation = 1;
  size = 0;

  clear(): void {
    this.size = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  add(key: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const mask = this.capacity - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.stamps[slot] === this.generation) {
      if (this.keys[slot] === key) {
        this.tally[this.slotOf[slot]]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.stamps[slot] = this.generation;
    this.keys[slot] = key;
    this.slotOf[slot] = this.size;
    this.order[this.size] = key;
    this.tally[this.size] = 1;
    this.size++;
  }

  keyAt(index: number): number {
    return this.order[index];
  }

  countAt(index: number): number {
    return this.tally[index];
  }

  private grow(): void {
    const size = this.size;
    this.capacity *= 2;
    this.keys = new Int32Array(this.capacity);
    this.stamps = new Uint32Array(this.capacity);
    this.slotOf = new Int32Array(this.capacity);
    this.generation = 1;
    const mask = this.capacity - 1;
    for (let i = 0; i < size; i++) {
      const key = this.order[i];
      let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (this.stamps[slot] === this.generation) slot = (slot + 1) & mask;
      this.stamps[slot] = this.generation;
      this.keys[slot] = key;
      this.slotOf[slot] = i;
    }
  }
}

/**
 * Embeddings from hashed n-grams and stems: deterministic, L2-normalised, no network, no model file. Features
 * are weighted by sublinear term frequency (1 + ln tf) without IDF, so a text's vector never depends on the
 * rest of the corpus and stored vectors stay valid when documents are added (BM25 brings the IDF side).
 */
export class HashEmbeddings extends Embeddings {
  static readonly id = HASH_EMBEDDER_ID;
  readonly id = HASH_EMBEDDER_ID;
  readonly dimensions: number;
  private readonly minN: number;
  private readonly maxN: number;
  private readonly wordWeight: number;
  // Reused between calls: feature key -> term frequency for the text being embedded.
  private readonly counts = new FeatureCounts();
  // Token -> where its feature keys are in featurePool ((offset << 8) | count), in the order they are counted.
  // Words repeat all over a corpus, and stemming a token and hashing its n-grams took a third of the time per
  // text; the cache is bounded (and emptied when full) to keep a long-running server small.
  private readonly tokenSlots = new Map<string, number>();
  private featurePool = new Int32Array(1 << 14);
  private poolUsed = 0;

  constructor(options: HashEmbeddingsOptions = {}) {
    const { dimensions = DEFAULT_HASH_DIMENSIONS, minN = 3, maxN = 5, wordWeight = 2, ...params } = options;
    super(params);
    if (!Number.isInteger(dimensions) || dimensions < 8) {
      throw new RangeError("dimensions must be an integer >= 8");
    }
    if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
      throw new RangeError("n-gram sizes must satisfy 1 <= minN <= maxN");
    }
    this.dimensions = dimensions;
    this.minN = minN;
    this.maxN = maxN;
    this.wordWeight = wordWeight;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => toNumberArray(this.embedVector(text)));
  }

  async embedQuery(document: string): Promise<number[]> {
    return toNumberArray(this.embedVector(document));
  }

  /** The embedding as a Float32Array (the fast path for callers that keep typed arrays). */
  embedVector(text: string): Float32Array {
    const counts = this.counts;
    counts.clear();
    for (const token of tokenize(normalizeCedilla(text))) {
      if (token.length < 2 || STOPWORDS.has(token)) continue;
      const slot = this.tokenSlots.get(token);
      if (slot === undefined) {
        for (const key of this.featuresOf(token)) counts.add(key);
      } else {
        const pool = this.featurePool;
        const end = (slot >>> 8) + (slot & 0xff);
        for (let i = slot >>> 8; i < end; i++) counts.add(pool[i]);
      }
    }

    const vector = new Float32Array(this.dimensions);
    for (let f = 0; f < counts.size; f++) {
      const key = counts.keyAt(f);
      const tf = counts.countAt(f);
      const isWord = key < 0;
      const h = mix32(isWord ? (-1 - key) ^ 0x5bd1e995 : key);
      // Math.log(1) is 0: most features occur once, and skipping the call changes no bit.
      const weight = (tf === 1 ? 1 : 1 + Math.log(tf)) * (isWord ? this.wordWeight : 1);
      const bucket = h % this.dimensions;
      vector[bucket] += (h & 0x80000000) !== 0 ? -weight : weight;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < vector.length; i++) vector[i] *= inv;
    }
    return vector;
  }

  /** The feature keys of a token, as counted: its stem's, then those of its n-grams in order; kept in the cache. */
  private featuresOf(token: string): number[] {
    const keys: number[] = [];
    // Word features live under negative keys, n-grams under non-negative ones (31 bits of hash each).
    keys.push(-1 - (fnv1a(stem(token), WORD_SEED) >>> 1));
    const codes: number[] = [BOUNDARY_START];
    for (let i = 0; i < token.length; i++) codes.push(token.charCodeAt(i));
    codes.push(BOUNDARY_END);
    // Every n-gram of length minN..maxN, hashed incrementally: FNV-1a of a longer n-gram extends the shorter one.
    const length = codes.length;
    for (let start = 0; start + this.minN <= length; start++) {
      let h = NGRAM_SEED;
      const end = Math.min(length, start + this.maxN);
      for (let j = start; j < end; j++) {
        h = Math.imul(h ^ codes[j], FNV_PRIME);
        if (j - start + 1 >= this.minN) keys.push(h >>> 1);
      }
    }
    if (keys.length <= MAX_CACHED_FEATURES) this.remember(token, keys);
    return keys;
  }

  private remember(token: string, keys: readonly number[]): void {
    if (this.poolUsed + keys.length > FEATURE_POOL_MAX) {
      this.tokenSlots.clear();
      this.poolUsed = 0;
    }
    if (this.poolUsed + keys.length > this.featurePool.length) {
      const grown = new Int32Array(Math.min(FEATURE_POOL_MAX, this.featurePool.length * 2));
      grown.set(this.featurePool.subarray(0, this.poolUsed));
      this.featurePool = grown;
    }
    this.featurePool.set(keys, this.poolUsed);
    this.tokenSlots.set(token, (this.poolUsed << 8) | keys.length);
    this.poolUsed += keys.length;
  }
}
