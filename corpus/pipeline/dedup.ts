// Duplicate detection for the clean step. Near duplicates: 64-bit SimHash over word 3-shingles, looked up
// through band buckets (pigeonhole: two hashes within Hamming distance T agree exactly on some blocks),
// never pair by pair. Exact duplicates: TextProfile.exactKey, in ExactDuplicateIndex.
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

/**
 * Bit `bit` of the result is set when more than half of `total` words had it set, i.e. when counter `bit`
 * exceeds floor(total / 2). The comparison runs on the bit-sliced counters themselves, all 32 at once, from
 * the top plane down: a counter is greater once it has a 1 where the bound has a 0 and they agreed above.
 */
function majority(planes: Int32Array, total: number): number {
  const half = Math.floor(total / 2);
  let greater = 0;
  let equal = -1;
  for (let j = planes.length - 1; j >= 0; j -= 1) {
    // The bound's bit j, spread over all 32 counters (half < 2^planes.length, so no bit is lost).
    const bound = (half >>> j) & 1 ? -1 : 0;
    greater |= equal & planes[j]! & ~bound;
    equal &= ~(planes[j]! ^ bound);
  }
  return greater;
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

/** Bits [start, start + width) of a 64-bit value (bit 0 = lowest bit of `lo`), width ≤ 32, as an int32. */
function bitsOf(h: SimHash, start: number, width: number): number {
  const mask = width === 32 ? -1 : (1 << width) - 1;
  if (start + width <= 32) return (h.lo >>> start) & mask;
  if (start >= 32) return (h.hi >>> (start - 32)) & mask;
  return ((h.lo >>> start) | (h.hi << (32 - start))) & mask;
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

/**
 * The buckets of one band table: an open-addressing hash table from a band key (up to 32 bits, held as an
 * int32) to a chain of entry indexes in insertion order (`next` links them; -1 ends a chain). Typed arrays
 * instead of a Map of arrays: a lookup is a few array reads, with no boxed keys or per-bucket arrays.
 */
export class BandBuckets {
  private keys = new Int32Array(1024);
  private heads = new Int32Array(1024).fill(-1);
  private tails = new Int32Array(1024);
  private next = new Int32Array(1024);
  private used = 0;

  /** The slot of `key`, or the empty slot where it would go. */
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let slot = fmix32(key) & mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  /** The first entry with this key (follow with `after`), or -1. */
  first(key: number): number {
    return this.heads[this.slot(key)]!;
  }

  /** The entry added after `entry` with the same key, or -1. */
  after(entry: number): number {
    return this.next[entry]!;
  }

  /** Appends `entry` (a small non-negative integer, new to these buckets) to the chain of `key`. */
  add(key: number, entry: number): void {
    if (entry >= this.next.length) {
      let size = this.next.length * 2;
      while (entry >= size) size *= 2;
      const next = new Int32Array(size);
      next.set(this.next);
      this.next = next;
    }
    this.next[entry] = -1;
    const slot = this.slot(key);
    if (this.heads[slot] === -1) {
      this.keys[slot] = key;
      this.heads[slot] = entry;
      this.tails[slot] = entry;
      this.used += 1;
      // Keep the table at most half full so probe runs stay short.
      if (this.used * 2 > this.keys.length) this.grow();
    } else {
      this.next[this.tails[slot]!] = entry;
      this.tails[slot] = entry;
    }
  }

  private grow(): void {
    const { keys, heads, tails } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.heads = new Int32Array(keys.length * 2).fill(-1);
    this.tails = new Int32Array(keys.length * 2);
    for (let old = 0; old < keys.length; old += 1) {
      if (heads[old] === -1) continue;
      const slot = this.slot(keys[old]!);
      this.keys[slot] = keys[old]!;
      this.heads[slot] = heads[old]!;
      this.tails[slot] = tails[old]!;
    }
  }
}

interface BandTable {
  /** [start, width] of each block making the key (one or two blocks; their widths add up to ≤ 32). */
  blocks: Array<[number, number]>;
  buckets: BandBuckets;
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
      this.tables.push({ blocks: subset.map((i) => blocks[i]!), buckets: new BandBuckets() });
    }
  }

  /** The band key of `hash` in `table`: its blocks side by side (k = 2 keys are at most 22 bits wide). */
  private static key(hash: SimHash, table: BandTable): number {
    const [first, second] = table.blocks;
    const key = bitsOf(hash, first![0], first![1]);
    return second === undefined ? key : (key << second[1]) | bitsOf(hash, second[0], second[1]);
  }

  private within(hash: SimHash, index: number): boolean {
    return popcount32(hash.hi ^ this.his[index]!) + popcount32(hash.lo ^ this.los[index]!) <= this.threshold;
  }

  /**
   * The id of an indexed hash within the threshold of `hash`, if any: the first one met going through the
   * tables in order and each bucket in insertion order.
   */
  find(hash: SimHash): string | undefined {
    for (const table of this.tables) {
      const buckets = table.buckets;
      for (let index = buckets.first(NearDuplicateIndex.key(hash, table)); index !== -1;) {
        if (this.within(hash, index)) return this.ids[index];
        index = buckets.after(index);
      }
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
    for (const table of this.tables) table.buckets.add(NearDuplicateIndex.key(hash, table), index);
  }

  get size(): number {
    return this.ids.length;
  }
}

/**
 * Exact-duplicate index: TextProfile.exactKey (a 53-bit integer) → the id of the first text with it. An
 * open-addressing table on the key's two halves: a Map would box every such key (it is no small integer).
 */
export class ExactDuplicateIndex {
  private his = new Int32Array(1024);
  private los = new Int32Array(1024);
  /** Index in `ids` + 1; 0 marks an empty slot. */
  private entries = new Int32Array(1024);
  private readonly ids: string[] = [];

  /** The slot of the key (hi, lo), or the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    const mask = this.entries.length - 1;
    let slot = fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.entries[slot] !== 0 && (this.los[slot] !== lo || this.his[slot] !== hi)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** The id stored for `key`, if any. */
  get(key: number): string | undefined {
    const entry = this.entries[this.slot(Math.floor(key / 0x100000000) | 0, key | 0)]!;
    return entry === 0 ? undefined : this.ids[entry - 1];
  }

  /** Stores `id` for `key` (replacing an earlier one, as Map.set would). */
  set(key: number, id: string): void {
    const hi = Math.floor(key / 0x100000000) | 0;
    const lo = key | 0;
    const slot = this.slot(hi, lo);
    if (this.entries[slot] !== 0) {
      this.ids[this.entries[slot]! - 1] = id;
      return;
    }
    this.ids.push(id);
    this.his[slot] = hi;
    this.los[slot] = lo;
    this.entries[slot] = this.ids.length;
    // Keep the table at most half full so probe runs stay short.
    if (this.ids.length * 2 > this.entries.length) this.grow();
  }

  get size(): number {
    return this.ids.length;
  }

  private grow(): void {
    const { his, los, entries } = this;
    this.his = new Int32Array(entries.length * 2);
    this.los = new Int32Array(entries.length * 2);
    this.entries = new Int32Array(entries.length * 2);
    for (let old = 0; old < entries.length; old += 1) {
      if (entries[old] === 0) continue;
      const slot = this.slot(his[old]!, los[old]!);
      this.his[slot] = his[old]!;
      this.los[slot] = los[old]!;
      this.entries[slot] = entries[old]!;
    }
  }
}
