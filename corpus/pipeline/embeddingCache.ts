// The resume cache of the index build: vectors of finished embedding batches, appended to one file in the corpus
// folder as they come, keyed by the hash of the embedded text, so that a build killed half way (Ctrl-C, kill,
// a crash) resumes without embedding those texts again. The build deletes the file once its index is in place.
import { open, readFile, rm, stat, type FileHandle } from "node:fs/promises";
import * as zlib from "node:zlib";

const MAGIC = "EMBCACHE1\n";

// zlib.crc32 exists from Node 20.15; the table version below serves older Node 20 releases.
let crcTable: Uint32Array | undefined;
function crc32Fallback(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === "function" ? (data) => zlib.crc32(data) : crc32Fallback;
const HASH_BYTES = 32;
const CRC_BYTES = 4;

/** What the header (one JSON line after the magic) says about the records that follow. */
interface CacheHeader {
  embedder: string;
  dimensions: number;
}

export interface CachedVector {
  /** sha256 (hex) of the embedded text. */
  hash: string;
  vector: Float32Array;
}

/**
 * File layout: MAGIC, a JSON header line, then fixed-size records of [32-byte hash][dimensions float32 LE]
 * [crc32 of both]. A record cut short or damaged (a kill during a write, a power cut) ends the readable part;
 * everything before it is used.
 */
export class EmbeddingCache {
  private handle: FileHandle | null = null;
  private header: CacheHeader | null;
  /** Bytes of the file up to the end of its last intact record: appends go there. */
  private validBytes: number;

  private constructor(
    readonly file: string,
    readonly embedder: string,
    private readonly vectors: Map<string, Float32Array>,
    header: CacheHeader | null,
    validBytes: number,
  ) {
    this.header = header;
    this.validBytes = validBytes;
  }

  /** Opens the cache file of an embedder; a file written by another embedder (or unreadable) counts as empty. */
  static async open(file: string, embedder: string): Promise<EmbeddingCache> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      return new EmbeddingCache(file, embedder, new Map(), null, 0);
    }
    const parsed = parseCache(bytes, embedder);
    return new EmbeddingCache(
      file,
      embedder,
      parsed?.vectors ?? new Map(),
      parsed?.header ?? null,
      parsed?.validBytes ?? 0,
    );
  }

  /**
   * How many vectors the cache file of an embedder holds, from its header and size alone (a torn last record
   * is not counted; damaged ones further in are): cheap enough to announce a resumed build before starting it.
   */
  static async count(file: string, embedder: string): Promise<number> {
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const parsed = parseHeader(head.subarray(0, bytesRead), embedder);
      if (!parsed) return 0;
      const { size } = await stat(file);
      const recordBytes = HASH_BYTES + parsed.header.dimensions * 4 + CRC_BYTES;
      return Math.max(0, Math.floor((size - parsed.headerBytes) / recordBytes));
    } finally {
      await handle.close();
    }
  }

  /** Number of vectors read from the file when it was opened. */
  get size(): number {
    return this.vectors.size;
  }

  /** The vector cached for a text hash, when it has the given size. */
  get(hash: string, dimensions: number): Float32Array | undefined {
    const vector = this.vectors.get(hash);
    return vector && vector.length === dimensions ? vector : undefined;
  }

  /** The size of the cached vectors, or 0 when nothing is cached. */
  get dimensions(): number {
    return this.vectors.size > 0 ? (this.header?.dimensions ?? 0) : 0;
  }

  /**
   * Appends one batch to the file (not to the lookup map: the build holds those vectors already). The first
   * append of a build starts the file afresh when the cached vectors cannot be used (another size) and otherwise
   * keeps adding to it.
   */
  async append(entries: readonly CachedVector[]): Promise<void> {
    if (entries.length === 0) return;
    const dimensions = entries[0].vector.length;
    if (!this.handle) {
      const reusable = this.header?.dimensions === dimensions;
      if (!reusable) this.vectors.clear();
      this.handle = await open(this.file, reusable ? "a" : "w");
      // A torn record at the end would hide everything appended after it.
      if (reusable) await this.handle.truncate(this.validBytes);
      if (!reusable) {
        this.header = { embedder: this.embedder, dimensions };
        await this.handle.write(`${MAGIC}${JSON.stringify(this.header)}\n`);
      }
    }
    const recordBytes = HASH_BYTES + dimensions * 4 + CRC_BYTES;
    const out = Buffer.alloc(entries.length * recordBytes);
    entries.forEach(({ hash, vector }, i) => {
      if (vector.length !== dimensions) throw new Error("vectors of one batch must have one size");
      const offset = i * recordBytes;
      out.write(hash, offset, HASH_BYTES, "hex");
      const floats = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
      floats.copy(out, offset + HASH_BYTES);
      const body = out.subarray(offset, offset + HASH_BYTES + dimensions * 4);
      out.writeUInt32LE(crc32(body), offset + HASH_BYTES + dimensions * 4);
    });
    await this.handle.write(out);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }

  /** Closes and deletes the file: the finished index holds every vector now. */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
    this.vectors.clear();
    this.header = null;
  }
}

/** The header of a cache file written for this embedder, and where the records start; null otherwise. */
function parseHeader(bytes: Buffer, embedder: string): { header: CacheHeader; headerBytes: number } | null {
  if (bytes.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) return null;
  const headerEnd = bytes.indexOf(0x0a, MAGIC.length);
  if (headerEnd < 0) return null;
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, headerEnd).toString("utf8")) as CacheHeader;
  } catch {
    // A damaged header makes the whole file unusable; the build then embeds everything and rewrites it.
    return null;
  }
  if (header.embedder !== embedder || !Number.isInteger(header.dimensions) || header.dimensions <= 0) {
    return null;
  }
  return { header, headerBytes: headerEnd + 1 };
}

function parseCache(
  bytes: Buffer,
  embedder: string,
): { header: CacheHeader; vectors: Map<string, Float32Array>; validBytes: number } | null {
  const parsed = parseHeader(bytes, embedder);
  if (!parsed) return null;
  const { header, headerBytes } = parsed;
  const floatBytes = header.dimensions * 4;
  const recordBytes = HASH_BYTES + floatBytes + CRC_BYTES;
  const vectors = new Map<string, Float32Array>();
  let offset = headerBytes;
  for (; offset + recordBytes <= bytes.length; offset += recordBytes) {
    const body = bytes.subarray(offset, offset + HASH_BYTES + floatBytes);
    if (crc32(body) !== bytes.readUInt32LE(offset + HASH_BYTES + floatBytes)) break;
    const hash = body.subarray(0, HASH_BYTES).toString("hex");
    // A copy, aligned: the file's buffer may put the floats at an odd offset.
    const vector = new Float32Array(header.dimensions);
    new Uint8Array(vector.buffer).set(body.subarray(HASH_BYTES));
    vectors.set(hash, vector);
  }
  return { header, vectors, validBytes: offset };
}
