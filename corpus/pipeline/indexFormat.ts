// The index on disk (corpusDir/index): its file names, the manifest's schema and format version, and readers of
// the files that the build writes and the retriever opens.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import { z } from "zod";
import { AppError } from "../../contract/errors";
import type { CorpusRecord } from "../../contract/corpus";
import type { Chunk } from "./chunk";
import { hnswFileName, type HnswParams } from "./hnswShards";

export { hnswFileName, type HnswParams } from "./hnswShards";

/**
 * 5: the HNSW graphs' labels are mapped to chunk rows (labels.i32), so that an update can keep the old graph, add
 * the new chunks' points and mark the removed ones deleted; the manifest counts the graph's points and says how
 * the build made it. 4: pieces.json holds the statistics of the documents' character pieces (retrieval/pieces.ts). 3: bm25.json
 * indexes documents (with title and source), not chunks. 2: the HNSW graph is split into shards (hnsw-<s>.bin);
 * the build records resumed vectors. Chunks and vectors are stored the same way since 2, so a
 * build reuses the vectors of a format-2 index.
 */
export const INDEX_FORMAT_VERSION = 5;
/** The oldest format whose chunks.jsonl and vectors.f32 a build can reuse. */
const OLDEST_REUSABLE_VERSION = 2;

/**
 * File names inside corpusDir/index, besides the HNSW shards (`hnswFileName(s)`). Row i of every file is chunk i;
 * labels.i32 holds the graph label of each row (little-endian int32: row i after a full build, another number
 * after an update), and shard s holds the labels g with g % shards === s.
 */
export const INDEX_FILES = {
  manifest: "manifest.json",
  chunks: "chunks.jsonl",
  vectors: "vectors.f32",
  bm25: "bm25.json",
  pieces: "pieces.json",
  labels: "labels.i32",
} as const;

/** The oldest format an update can start from: format 4 has this one's files but labels.i32 (labels are rows). */
export const OLDEST_UPDATABLE_VERSION = 4;

/** The resume cache of an interrupted build, in the corpus folder (see embeddingCache.ts). */
export const RESUME_FILE = ".index-resume.bin";

/**
 * Graph settings, tuned on offline:hash vectors of generated comments (bench/retrieval.ts, docs/retrieval.md): a
 * cheap build (M 10, efConstruction 40: about 0.6 of the CPU of M 16 / 64, a fifth of hnswlib's default 200)
 * searched with a wider beam (efSearch 128) keeps recall@10 against exact search near 0.99 at 100k chunks.
 */
export const DEFAULT_HNSW: Omit<HnswParams, "shards"> = {
  space: "ip",
  m: 10,
  efConstruction: 40,
  efSearch: 128,
  randomSeed: 100,
};

const HnswParamsSchema = z.object({
  space: z.enum(["ip", "cosine", "l2"]),
  m: z.number().int().positive(),
  efConstruction: z.number().int().positive(),
  efSearch: z.number().int().positive(),
  randomSeed: z.number().int(),
  shards: z.number().int().positive(),
});

const Bm25ParamsSchema = z.object({
  k1: z.number(),
  b: z.number(),
  titleWeight: z.number(),
  groupPrior: z.number(),
});
/**
 * A record of strings, checked by a plain loop: zod's z.record visits every entry through its machinery, 0.3 s for
 * the 87k document hashes of a large corpus, on the thread that opens the index for the chat.
 */
const StringRecordSchema = z.custom<Record<string, string>>(
  (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== "string") return false;
    return true;
  },
  { message: "expected an object of strings" },
);

export const IndexManifestSchema = z.object({
  version: z.literal(INDEX_FORMAT_VERSION),
  embedder: z.string().min(1),
  dimensions: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  /** sha256 over the sorted "docId docHash" lines: equal hashes, equal corpus. */
  corpusHash: z.string(),
  /** sha256 of each document's record (text and metadata). */
  docHashes: StringRecordSchema,
  builtAt: z.string(),
  hnsw: HnswParamsSchema,
  /** The document-level BM25's settings (retrieval/bm25.ts). */
  bm25: Bm25ParamsSchema,
  /** The character pieces' settings (retrieval/pieces.ts). */
  pieces: Bm25ParamsSchema,
  /**
   * The HNSW graphs' points: labels 0 .. points - 1, `deleted` of them marked deleted (chunks that an update
   * removed or replaced); the others are the chunks' labels in labels.i32.
   */
  graph: z.object({
    points: z.number().int().nonnegative(),
    deleted: z.number().int().nonnegative(),
  }),
  /** What the build that wrote this index did. */
  build: z.object({
    /**
     * "full": the graphs, BM25 and the pieces were built from every chunk; "incremental": the previous index's
     * graphs were updated (points added and marked deleted) and BM25 and the pieces updated for the documents
     * that changed.
     */
    mode: z.enum(["full", "incremental"]),
    /** Why the build took its mode (BUILD_REASONS). */
    reason: z.enum(["updated", "no_previous", "rebuild", "settings", "changes", "deleted"]),
    /** Points added to the graphs and points marked deleted by this build. */
    pointsAdded: z.number().int().nonnegative(),
    pointsDeleted: z.number().int().nonnegative(),
    /** Chunks embedded by this build. */
    embedded: z.number().int().nonnegative(),
    /** Chunks whose vectors were taken over from the previous index. */
    reused: z.number().int().nonnegative(),
    /** Chunks whose vectors an interrupted build had already computed (the resume cache). */
    resumed: z.number().int().nonnegative(),
    /** Documents with at least one newly embedded chunk. */
    embeddedDocuments: z.number().int().nonnegative(),
    addedDocuments: z.number().int().nonnegative(),
    changedDocuments: z.number().int().nonnegative(),
    removedDocuments: z.number().int().nonnegative(),
    /** Lines of the cleaned files that were not valid records (bad JSON or failed the schema). */
    skippedLines: z.number().int().nonnegative(),
    /** Records whose id had already been seen (the first one is kept). */
    duplicateIds: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
});
export type IndexManifest = z.infer<typeof IndexManifestSchema>;
/**
 * Why a build took its mode: "updated" (incremental); full because there was no previous index of format 4 or
 * later with this embedder ("no_previous"), a rebuild was asked for ("rebuild"), the graph, BM25 or pieces
 * settings differ ("settings"), too large a share of the chunks changed ("changes") or the graphs would hold too
 * many deleted points ("deleted").
 */
export type BuildReason = IndexManifest["build"]["reason"];

/** A chunk as stored in chunks.jsonl: the chunk plus the hash of the text its vector was computed from. */
export interface StoredChunk extends Chunk {
  hash: string;
}

export function indexDir(corpusDir: string): string {
  return path.join(corpusDir, "index");
}

/**
 * Whether a complete index of the current format is in place (one whose manifest was written last). An index
 * of an older format counts as missing, so that the server rebuilds it instead of failing to open it.
 */
export function indexExists(corpusDir: string): boolean {
  const file = path.join(indexDir(corpusDir), INDEX_FILES.manifest);
  if (!existsSync(file)) return false;
  try {
    const { version } = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
    return version === INDEX_FORMAT_VERSION;
  } catch {
    // Unreadable means not usable: the fix, a build, is the same.
    return false;
  }
}

export function resumeFile(corpusDir: string): string {
  return path.join(corpusDir, RESUME_FILE);
}

async function readManifestFile(corpusDir: string): Promise<unknown> {
  const file = path.join(indexDir(corpusDir), INDEX_FILES.manifest);
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
}

/**
 * The manifest of the index in corpusDir, or null when there is none. An index of an older format is refused
 * with `corpus:index_outdated` (searched, it would give wrong results); a manifest that cannot be read or does not
 * match the format counts as a missing index: the fix is the same, rebuild.
 */
export async function readManifest(corpusDir: string): Promise<IndexManifest | null> {
  const json = await readManifestFile(corpusDir);
  if (json === null) return null;
  const version = (json as { version?: unknown }).version;
  if (typeof version === "number" && version < INDEX_FORMAT_VERSION) {
    throw new AppError("corpus:index_outdated", { found: version, expected: INDEX_FORMAT_VERSION });
  }
  try {
    return IndexManifestSchema.parse(json);
  } catch (err) {
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
}

/** What a build needs from any index whose vectors it can reuse, this format's or an older one's. */
const ReusableManifestSchema = z.object({
  version: z.number().int().min(OLDEST_REUSABLE_VERSION).max(INDEX_FORMAT_VERSION),
  embedder: z.string(),
  dimensions: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  docHashes: StringRecordSchema,
  // What an update compares with the build's settings (formats 4 and 5).
  hnsw: HnswParamsSchema.optional(),
  bm25: Bm25ParamsSchema.optional(),
  pieces: Bm25ParamsSchema.optional(),
  graph: z
    .object({ points: z.number().int().nonnegative(), deleted: z.number().int().nonnegative() })
    .optional(),
});
export type ReusableManifest = z.infer<typeof ReusableManifestSchema>;

/** The parts of the previous index's manifest a build uses (vectors to reuse, documents to compare), or null. */
export async function readPreviousManifest(corpusDir: string): Promise<ReusableManifest | null> {
  try {
    const result = ReusableManifestSchema.safeParse(await readManifestFile(corpusDir));
    return result.success ? result.data : null;
  } catch (err) {
    // An unreadable old index cannot lend anything; the build simply starts from scratch.
    if (err instanceof AppError) return null;
    throw err;
  }
}

/** A chunk of the previous index: the hash of the text its vector was computed from, the vector, its row. */
export interface PreviousChunk {
  hash: string;
  vector: Float32Array;
  row: number;
}

/** Vectors of the previous index by chunk id, with the hash of the text each was computed from. */
export interface PreviousVectors {
  dimensions: number;
  byChunk: Map<string, PreviousChunk>;
  /** The previous chunk store, row by row (an update reads the removed documents' texts from it). */
  chunks: StoredChunk[];
  manifest: ReusableManifest;
}

/** The previous index's vectors when this embedder built them, or null (none, another embedder, damaged). */
export async function readPreviousVectors(
  corpusDir: string,
  embedderId: string,
): Promise<PreviousVectors | null> {
  const manifest = await readPreviousManifest(corpusDir);
  if (!manifest || manifest.embedder !== embedderId) return null;
  const dir = indexDir(corpusDir);
  try {
    const chunks = await readStoredChunks(dir);
    const vectors = await readVectors(path.join(dir, INDEX_FILES.vectors));
    const dims = manifest.dimensions;
    if (chunks.length !== manifest.chunks || vectors.length !== chunks.length * dims) return null;
    const byChunk = new Map<string, PreviousChunk>();
    chunks.forEach((chunk, row) => {
      byChunk.set(chunk.id, {
        hash: chunk.hash,
        vector: vectors.subarray(row * dims, (row + 1) * dims),
        row,
      });
    });
    return { dimensions: dims, byChunk, chunks, manifest };
  } catch {
    // Partial or corrupt files mean a full re-embed, never a failed build.
    return null;
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The hash that decides whether a document changed: its text and every metadata field but the imputed-date mark.
 * Cleaned files written before the mark was read already held it, so hashing it would have made every index and
 * catalog of a corpus with undated records disagree after the upgrade (the corpus page answering 503 at each start);
 * a record's mark only changes with its date anyway. The next index build writes the mark into the chunks.
 */
export function documentHash(record: CorpusRecord): string {
  const { id, text, source, platform, date, url, title, lang } = record;
  return sha256(JSON.stringify([id, text, source, platform, date, url, title ?? null, lang]));
}

export function corpusHash(docHashes: Record<string, string>): string {
  const lines = Object.keys(docHashes)
    .sort()
    .map((id) => `${id} ${docHashes[id]}\n`);
  return sha256(lines.join(""));
}

/**
 * Reads a little-endian float32 file into an aligned buffer of its own. A large file's buffer from readFile is its
 * own and starts at offset 0, so it is used as it is (copying 90 MB of vectors held the event loop for a tenth of
 * a second); a small one may share node's buffer pool, and is copied.
 */
export async function readVectors(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) {
    return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
  }
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Float32Array(copy);
}

/**
 * The graph label of each row of an index (labels.i32); a format-4 index has none, its labels are its rows. Null
 * when the file does not hold one label per chunk.
 */
export async function readGraphLabels(
  dir: string,
  manifest: { version: number; chunks: number },
): Promise<Int32Array | null> {
  if (manifest.version < INDEX_FORMAT_VERSION) {
    return Int32Array.from({ length: manifest.chunks }, (_, row) => row);
  }
  const bytes = await readFile(path.join(dir, INDEX_FILES.labels));
  if (bytes.byteLength !== manifest.chunks * 4) return null;
  const labels = new Int32Array(manifest.chunks);
  new Uint8Array(labels.buffer).set(bytes);
  return labels;
}

/** Every file of a complete index: the fixed ones and the HNSW shards. */
export function indexFileNames(manifest: Pick<IndexManifest, "hnsw">): string[] {
  const shards = Array.from({ length: manifest.hnsw.shards }, (_, s) => hnswFileName(s));
  return [...Object.values(INDEX_FILES), ...shards];
}

/**
 * The chunk store, row i = chunk i. With `sliceLines`, the event loop gets a turn after every that many lines: a
 * server swapping in a new index parses 100k lines while it answers chat turns (about 0.3 s of parsing in all).
 */
export async function readStoredChunks(
  dir: string,
  options: { sliceLines?: number } = {},
): Promise<StoredChunk[]> {
  const content = await readFile(path.join(dir, INDEX_FILES.chunks), "utf8");
  const chunks: StoredChunk[] = [];
  const slice = options.sliceLines ?? Infinity;
  let start = 0;
  let inSlice = 0;
  while (start < content.length) {
    let end = content.indexOf("\n", start);
    if (end === -1) end = content.length;
    if (end > start) chunks.push(JSON.parse(content.slice(start, end)) as StoredChunk);
    start = end + 1;
    if (++inSlice >= slice) {
      inSlice = 0;
      await nextMacrotask();
    }
  }
  return chunks;
}
