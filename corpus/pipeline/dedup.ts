// Near-duplicate detection for the clean step: 64-bit SimHash over word 3-shingles, looked up through band
// buckets (pigeonhole: two hashes within Hamming distance T agree exactly on some blocks), never pair by
// pair. Exact duplicates use TextProfile.exactKey.
import { fmix32 } from "./textProfile";

/** A 64-bit SimHash as two 32-bit halves (signed integers; only their bits matter). */
export interface SimHash {
  hi: number;
  lo: number;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/**
 * Adds a 32-bit word to 32 bit-sliced counters at once: plane j holds bit j of every counter, and the
 * carry ripples up only as far as some counter needs it. Cheaper than 32 separate increments.
 */
function addSliced(planes: Int32Array, word: number): void {
  let carry = word;
  for (let j = 0; carry !== 0 && j < planes.length; j += 1) {
    const next = planes[j]! & carry;
    planes[j] = planes[j]! ^ carry;
    carry = next;
  }
}

/** Bit `bit` of the result is set when more than half of `total` words had it set. */
function majority(planes: Int32Array, total: number): number {
  let out = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    let count = 0;
    for (let j = 0; j < planes.length; j += 1) count += ((planes[j]! >>> bit) & 1) << j;
    if (count * 2 > total) out |= 1 << bit;
  }
  return out;
}

/**
 * SimHash of a text from its token hashes (TextProfile.tokenHashes), over word 3-shingles; texts of one
 * or two words use the words. Each shingle gets a 64-bit hash; a bit of the result is set when most
 * shingles set it.
 */
export function simhash(tokenHashes: readonly number[]): SimHash | undefined {
  const n = tokenHashes.length;
  if (n === 0) return undefined;
  const shingles = n < 3 ? n : n - 2;
  const planeCount = Math.max(1, Math.ceil(Math.log2(shingles + 1)));
  const lows = new Int32Array(planeCount);
  const highs = new Int32Array(planeCount);
  if (n < 3) {
    for (const h of tokenHashes) {
      addSliced(lows, fmix32(h ^ 0x9e3779b9));
      addSliced(highs, fmix32(h ^ 0x7f4a7c15));
    }
  } else {
    for (let i = 0; i + 2 < n; i += 1) {
      const a = tokenHashes[i]!;
      const b = rotl(tokenHashes[i + 1]!, 11);
      const c = rotl(tokenHashes[i + 2]!, 22);
      addSliced(
        lows,
        fmix32((Math.imul(a, 0x9e3779b1) + Math.imul(b, 0x85ebca77) + Math.imul(c, 0xc2b2ae3d)) | 0),
      );
      addSliced(
        highs,
        fmix32(
          (Math.imul(a ^ 0x27d4eb2f, 0x165667b1) + Math.imul(b, 0xd3a2646c) + Math.imul(c, 0xfd7046c5)) | 0,
        ),
      );
    }
  }
  return { hi: majority(highs, shingles), lo: majority(lows, shingles) };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount32(a.hi ^ b.hi) + popcount32(a.lo ^ b.lo);
}

/** Bits [start, start + width) of a 64-bit value (bit 0 = lowest bit of `lo`); width ≤ 32. */
function bitsOf(h: SimHash, start: number, width: number): number {
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  if (start + width <= 32) return ((h.lo >>> start) & mask) >>> 0;
  if (start >= 32) return ((h.hi >>> (start - 32)) & mask) >>> 0;
  const low = h.lo >>> start;
  const high = h.hi << (32 - start);
  return ((low | high) & mask) >>> 0;
}

/** The largest Hamming threshold accepted; beyond it band keys get too short to be selective. */
export const MAX_NEAR_DUP_THRESHOLD = 8;

/** k-element subsets of 0..n-1, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - k; first += 1) {
    for (const rest of subsets(n - first - 1, k - 1)) out.push([first, ...rest.map((i) => i + first + 1)]);
  }
  return out;
}

interface BandTable {
  /** [start, width] of each block making the key. */
  blocks: Array<[number, number]>;
  /** Key → the index of the one hash with that key, or the indexes of several (most keys hold one). */
  buckets: Map<number, number | number[]>;
}

/**
 * Near-duplicate index over SimHashes (pigeonhole banding). With threshold T the 64 bits are cut into
 * T + k blocks; two hashes within distance T differ in at most T blocks, so they agree exactly on at least
 * k blocks, and one table keyed by each k-subset of blocks finds them. k = 1 (T + 1 tables) up to T = 3;
 * k = 2 (C(T + 2, 2) tables) above, where single blocks would be too narrow to be selective. A query is
 * compared only with the hashes in its buckets, never with the whole corpus.
 */
export class NearDuplicateIndex {
  private readonly tables: BandTable[] = [];
  private his = new Int32Array(1024);
  private los = new Int32Array(1024);
  private readonly ids: string[] = [];

  constructor(readonly threshold: number) {
    if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_NEAR_DUP_THRESHOLD) {
      throw new RangeError(`near-duplicate threshold must be an integer in 0..${MAX_NEAR_DUP_THRESHOLD}`);
    }
    const k = threshold <= 3 ? 1 : 2;
    const count = threshold + k;
    const blocks: Array<[number, number]> = [];
    let start = 0;
    for (let i = 0; i < count; i += 1) {
      // Spread the 64 bits as evenly as possible. With T = 0 the one block is cut to 32 bits, which is
      // still exact: equal hashes agree on every part of them.
      const width = Math.floor(64 / count) + (i < 64 % count ? 1 : 0);
      blocks.push([start, Math.min(width, 32)]);
      start += width;
    }
    for (const subset of subsets(count, k)) {
      this.tables.push({ blocks: subset.map((i) => blocks[i]!), buckets: new Map() });
    }
  }

  private static key(hash: SimHash, table: BandTable): number {
    let key = 0;
    for (const [start, width] of table.blocks) key = key * 2 ** width + bitsOf(hash, start, width);
    return key;
  }

  private within(hash: SimHash, index: number): boolean {
    return popcount32(hash.hi ^ this.his[index]!) + popcount32(hash.lo ^ this.los[index]!) <= this.threshold;
  }

  /** The id of an indexed hash within the threshold of `hash`, if any. */
  find(hash: SimHash): string | undefined {
    for (const table of this.tables) {
      const bucket = table.buckets.get(NearDuplicateIndex.key(hash, table));
      if (bucket === undefined) continue;
      if (typeof bucket === "number") {
        if (this.within(hash, bucket)) return this.ids[bucket];
        continue;
      }
      for (const index of bucket) if (this.within(hash, index)) return this.ids[index];
    }
    return undefined;
  }

  add(hash: SimHash, id: string): void {
    const index = this.ids.length;
    if (index === this.his.length) {
      const his = new Int32Array(index * 2);
      const los = new Int32Array(index * 2);
      his.set(this.his);
      los.set(this.los);
      this.his = his;
      this.los = los;
    }
    this.his[index] = hash.hi;
    this.los[index] = hash.lo;
    this.ids.push(id);
    for (const table of this.tables) {
      const key = NearDuplicateIndex.key(hash, table);
      const bucket = table.buckets.get(key);
      if (bucket === undefined) table.buckets.set(key, index);
      else if (typeof bucket === "number") table.buckets.set(key, [bucket, index]);
      else bucket.push(index);
    }
  }

  get size(): number {
    return this.ids.length;
  }
}
