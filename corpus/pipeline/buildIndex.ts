// Builds the on-disk corpus index (chunk store, vectors, HNSW graph, BM25) from corpus/cleaned/*.jsonl, reusing
// the vectors of unchanged chunks, and swaps it in atomically so that a failed build never breaks the old index.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import { z } from "zod";
import { AppError } from "../../server/errors";
import { Bm25Index } from "../retrieval/bm25";
import { type Chunk, chunkRecord, chunkSearchText } from "./chunk";
import { type CorpusRecord, CorpusRecordSchema } from "./record";

export const INDEX_FORMAT_VERSION = 1;

/** File names inside corpusDir/index. Row i of every file is the chunk with HNSW label i. */
export const INDEX_FILES = {
  manifest: "manifest.json",
  chunks: "chunks.jsonl",
  vectors: "vectors.f32",
  hnsw: "hnsw.bin",
  bm25: "bm25.json",
} as const;

export const DEFAULT_HNSW = {
  space: "ip",
  m: 16,
  efConstruction: 200,
  efSearch: 80,
  randomSeed: 100,
} as const;

const HnswParamsSchema = z.object({
  space: z.enum(["ip", "cosine", "l2"]),
  m: z.number().int().positive(),
  efConstruction: z.number().int().positive(),
  efSearch: z.number().int().positive(),
  randomSeed: z.number().int(),
});

export const IndexManifestSchema = z.object({
  version: z.literal(INDEX_FORMAT_VERSION),
  embedder: z.string().min(1),
  dimensions: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  /** sha256 over the sorted "docId docHash" lines: equal hashes, equal corpus. */
  corpusHash: z.string(),
  /** sha256 of each document's record (text and metadata). */
  docHashes: z.record(z.string()),
  builtAt: z.string(),
  hnsw: HnswParamsSchema,
  bm25: z.object({ k1: z.number(), b: z.number() }),
  /** What the build that wrote this index did. */
  build: z.object({
    /** Chunks embedded by this build. */
    embedded: z.number().int().nonnegative(),
    /** Chunks whose vectors were taken over from the previous index. */
    reused: z.number().int().nonnegative(),
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

/** A chunk as stored in chunks.jsonl: the chunk plus the hash of the text its vector was computed from. */
export interface StoredChunk extends Chunk {
  hash: string;
}

export interface BuildIndexOptions {
  corpusDir: string;
  embeddings: EmbeddingsInterface;
  /** The embedder's `provider:model` name, recorded in the manifest and checked by readers. */
  embedderId: string;
  /** Embed every chunk again even when an index built by the same embedder exists. */
  rebuild?: boolean;
  /** Chunks per embedding call (default 128). */
  batchSize?: number;
  /** Called with (chunks embedded so far, chunks to embed) before the first batch and after each one. */
  onProgress?: (done: number, total: number) => void;
}

export function indexDir(corpusDir: string): string {
  return path.join(corpusDir, "index");
}

/** Whether a complete index (one whose manifest was written) is in place. */
export function indexExists(corpusDir: string): boolean {
  return existsSync(path.join(indexDir(corpusDir), INDEX_FILES.manifest));
}

/**
 * The manifest of the index in corpusDir, or null when there is none. A manifest that cannot be read or does
 * not match the format counts as a missing index: the fix is the same, rebuild.
 */
export async function readManifest(corpusDir: string): Promise<IndexManifest | null> {
  const file = path.join(indexDir(corpusDir), INDEX_FILES.manifest);
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
  try {
    return IndexManifestSchema.parse(JSON.parse(raw));
  } catch (err) {
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The hash that decides whether a document changed: its text and every metadata field. */
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

interface LoadedCorpus {
  records: CorpusRecord[];
  skippedLines: number;
  duplicateIds: number;
}

/** Every valid record of corpusDir/cleaned/*.jsonl, files in name order; invalid lines are counted. */
export async function readCleanedCorpus(corpusDir: string): Promise<LoadedCorpus> {
  const cleaned = path.join(corpusDir, "cleaned");
  let names: string[] = [];
  try {
    names = (await readdir(cleaned)).filter((name) => name.endsWith(".jsonl")).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const records: CorpusRecord[] = [];
  const seen = new Set<string>();
  let skippedLines = 0;
  let duplicateIds = 0;
  for (const name of names) {
    const content = await readFile(path.join(cleaned, name), "utf8");
    for (const line of content.split(/\r?\n/)) {
      if (!line.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        // A malformed line is counted in the manifest, not fatal: one bad line must not block the index.
        skippedLines++;
        continue;
      }
      const result = CorpusRecordSchema.safeParse(parsed);
      if (!result.success) {
        skippedLines++;
        continue;
      }
      if (seen.has(result.data.id)) {
        duplicateIds++;
        continue;
      }
      seen.add(result.data.id);
      records.push(result.data);
    }
  }
  return { records, skippedLines, duplicateIds };
}

/** Scales a vector to unit length in place (zero vectors stay zero), so inner product is cosine similarity. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  if (norm > 0 && Math.abs(norm - 1) > 1e-6) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) vector[i] *= inv;
  }
  return vector;
}

function toNumberArray(vector: Float32Array): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i];
  return out;
}

/** Reads a little-endian float32 file into its own, aligned buffer. */
export async function readVectors(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Float32Array(copy);
}

export async function readStoredChunks(dir: string): Promise<StoredChunk[]> {
  const content = await readFile(path.join(dir, INDEX_FILES.chunks), "utf8");
  const chunks: StoredChunk[] = [];
  for (const line of content.split("\n")) if (line) chunks.push(JSON.parse(line) as StoredChunk);
  return chunks;
}

/** Vectors of the previous index, by chunk id and text hash, when they can be reused by this build. */
interface Reusable {
  dimensions: number;
  byChunk: Map<string, { hash: string; vector: Float32Array }>;
}

async function loadReusable(corpusDir: string, embedderId: string): Promise<Reusable | null> {
  let manifest: IndexManifest | null;
  try {
    manifest = await readManifest(corpusDir);
  } catch {
    // An unreadable old index cannot lend vectors; the build simply embeds everything.
    return null;
  }
  if (!manifest || manifest.embedder !== embedderId) return null;
  const dir = indexDir(corpusDir);
  try {
    const chunks = await readStoredChunks(dir);
    const vectors = await readVectors(path.join(dir, INDEX_FILES.vectors));
    const dims = manifest.dimensions;
    if (chunks.length !== manifest.chunks || vectors.length !== chunks.length * dims) return null;
    const byChunk = new Map<string, { hash: string; vector: Float32Array }>();
    chunks.forEach((chunk, row) => {
      byChunk.set(chunk.id, { hash: chunk.hash, vector: vectors.subarray(row * dims, (row + 1) * dims) });
    });
    return { dimensions: dims, byChunk };
  } catch {
    // Same as above: partial or corrupt files mean a full re-embed, never a failed build.
    return null;
  }
}

const STALE_DIR = /^index\.(tmp|old)-(\d+)-\d+$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Clears what a crashed build left behind: temp dirs of dead processes are deleted; a backup left between the
 * two renames of a swap is put back when no index is in place, and deleted otherwise.
 */
async function recoverInterruptedBuilds(corpusDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(corpusDir);
  } catch {
    return;
  }
  const backups: string[] = [];
  for (const name of entries) {
    const match = STALE_DIR.exec(name);
    if (!match || processAlive(Number(match[2]))) continue;
    if (match[1] === "tmp") await rm(path.join(corpusDir, name), { recursive: true, force: true });
    else backups.push(name);
  }
  backups.sort();
  if (!existsSync(indexDir(corpusDir))) {
    const latest = backups.pop();
    if (latest) await rename(path.join(corpusDir, latest), indexDir(corpusDir));
  }
  for (const name of backups) await rm(path.join(corpusDir, name), { recursive: true, force: true });
}

/**
 * Flushes a file (or, on POSIX systems, a directory's entries) to disk, so that after a power cut the renamed
 * index holds the data written before it, not empty files.
 */
async function syncToDisk(file: string, isDirectory = false): Promise<void> {
  // Windows cannot open a directory for syncing.
  if (isDirectory && process.platform === "win32") return;
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces corpusDir/index with a complete directory: the old one is renamed aside first, then deleted. */
async function swapIn(corpusDir: string, tempDir: string): Promise<void> {
  const target = indexDir(corpusDir);
  const backup = path.join(corpusDir, `index.old-${process.pid}-${Date.now()}`);
  const hadIndex = existsSync(target);
  if (hadIndex) await rename(target, backup);
  try {
    await rename(tempDir, target);
  } catch (err) {
    if (hadIndex) await rename(backup, target);
    throw err;
  }
  if (hadIndex) await rm(backup, { recursive: true, force: true });
}

/** Builds (or incrementally updates) the index of corpusDir and returns its manifest. */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexManifest> {
  const started = performance.now();
  const { corpusDir, embeddings, embedderId, rebuild = false, onProgress } = options;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 128));
  await mkdir(corpusDir, { recursive: true });
  await recoverInterruptedBuilds(corpusDir);

  const { records, skippedLines, duplicateIds } = await readCleanedCorpus(corpusDir);
  // A Map, then Object.fromEntries: ids such as "__proto__" or "constructor" must stay plain keys.
  const hashById = new Map<string, string>();
  const chunks: StoredChunk[] = [];
  for (const record of records) {
    hashById.set(record.id, documentHash(record));
    for (const chunk of chunkRecord(record)) chunks.push({ ...chunk, hash: sha256(chunkSearchText(chunk)) });
  }

  const previous = rebuild ? null : await loadReusable(corpusDir, embedderId);
  // Only for the added/changed/removed counts; a rebuild compares with the old index too.
  const previousManifest = await readManifest(corpusDir).catch(() => null);
  const rows: (Float32Array | undefined)[] = chunks.map((chunk) => {
    const old = previous?.byChunk.get(chunk.id);
    return old && old.hash === chunk.hash ? old.vector : undefined;
  });

  const tempDir = path.join(corpusDir, `index.tmp-${process.pid}-${Date.now()}`);
  try {
    await mkdir(tempDir);
    let pending = chunks.flatMap((_, i) => (rows[i] ? [] : [i]));
    let dimensions = previous?.dimensions ?? 0;
    let done = 0;
    onProgress?.(0, pending.length);
    while (done < pending.length) {
      const batch = pending.slice(done, done + batchSize);
      const vectors = await embeddings.embedDocuments(batch.map((i) => chunkSearchText(chunks[i])));
      if (vectors.length !== batch.length) {
        throw new Error(`embedder returned ${vectors.length} vectors for ${batch.length} texts`);
      }
      if (done === 0 && vectors[0].length !== dimensions) {
        dimensions = vectors[0].length;
        if (pending.length < chunks.length) {
          // The embedder's size changed under the same id (another dimensions option): nothing is reusable.
          rows.fill(undefined);
          pending = chunks.map((_, i) => i);
          onProgress?.(0, pending.length);
          continue;
        }
      }
      batch.forEach((chunkIndex, j) => {
        const vector = vectors[j];
        if (vector.length !== dimensions) {
          throw new Error(
            `embedder returned a vector of ${vector.length} dimensions, expected ${dimensions}`,
          );
        }
        rows[chunkIndex] = normalizeInPlace(Float32Array.from(vector));
      });
      done += batch.length;
      onProgress?.(done, pending.length);
    }
    // An empty corpus still needs the embedder's size, so that queries can be checked against the index.
    if (dimensions === 0) dimensions = (await embeddings.embedQuery("dimensiune")).length;

    const matrix = new Float32Array(chunks.length * dimensions);
    rows.forEach((row, i) => matrix.set(row ?? new Float32Array(dimensions), i * dimensions));

    const hnswParams = { ...DEFAULT_HNSW };
    const hnsw = new hnswlib.HierarchicalNSW(hnswParams.space, dimensions);
    hnsw.initIndex({
      maxElements: Math.max(1, chunks.length),
      m: hnswParams.m,
      efConstruction: hnswParams.efConstruction,
      randomSeed: hnswParams.randomSeed,
    });
    for (let i = 0; i < chunks.length; i++) {
      hnsw.addPoint(toNumberArray(matrix.subarray(i * dimensions, (i + 1) * dimensions)), i);
    }
    await hnsw.writeIndex(path.join(tempDir, INDEX_FILES.hnsw));

    const bm25 = Bm25Index.fromTexts(chunks.map(chunkSearchText));
    await writeFile(path.join(tempDir, INDEX_FILES.bm25), JSON.stringify(bm25.toJSON()));
    await writeFile(path.join(tempDir, INDEX_FILES.vectors), new Uint8Array(matrix.buffer));
    await writeFile(
      path.join(tempDir, INDEX_FILES.chunks),
      chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(""),
    );

    const embeddedDocs = new Set(pending.map((i) => chunks[i].docId));
    const oldHashes = new Map(Object.entries(previousManifest?.docHashes ?? {}));
    const docHashes = Object.fromEntries(hashById);
    const manifest: IndexManifest = {
      version: INDEX_FORMAT_VERSION,
      embedder: embedderId,
      dimensions,
      chunks: chunks.length,
      documents: records.length,
      corpusHash: corpusHash(docHashes),
      docHashes,
      builtAt: new Date().toISOString(),
      hnsw: hnswParams,
      bm25: { k1: bm25.k1, b: bm25.b },
      build: {
        embedded: pending.length,
        reused: chunks.length - pending.length,
        embeddedDocuments: embeddedDocs.size,
        addedDocuments: [...hashById.keys()].filter((id) => !oldHashes.has(id)).length,
        changedDocuments: [...hashById].filter(
          ([id, hash]) => oldHashes.has(id) && oldHashes.get(id) !== hash,
        ).length,
        removedDocuments: [...oldHashes.keys()].filter((id) => !hashById.has(id)).length,
        skippedLines,
        duplicateIds,
        ms: Math.round(performance.now() - started),
      },
    };
    // The manifest goes last: a directory without one is never a complete index.
    await writeFile(path.join(tempDir, INDEX_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const name of Object.values(INDEX_FILES)) await syncToDisk(path.join(tempDir, name));
    await swapIn(corpusDir, tempDir);
    await syncToDisk(corpusDir, true);
    return manifest;
  } catch (err) {
    await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
}
