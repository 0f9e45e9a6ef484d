// Builds the on-disk corpus index (chunk store, vectors, HNSW graph, BM25) from corpus/cleaned/*.jsonl, reusing
// the vectors of unchanged chunks and those of an interrupted build, and swaps it in atomically so that a failed
// or killed build never breaks the old index.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { z } from "zod";
import { AppError } from "../../contract/errors";
import { Bm25Index } from "../retrieval/bm25";
import { type Chunk, chunkRecord, chunkSearchText } from "./chunk";
import { EmbeddingCache } from "./embeddingCache";
import { defaultShardCount, hnswFileName, type HnswParams, ShardedGraphBuilder } from "./hnswShards";
import { type CorpusRecord, CorpusRecordSchema } from "../../contract/corpus";

export { hnswFileName, type HnswParams } from "./hnswShards";

/** 2: the HNSW graph is split into shards (hnsw-<s>.bin); the build records resumed vectors. */
export const INDEX_FORMAT_VERSION = 2;

/**
 * File names inside corpusDir/index, besides the HNSW shards (`hnswFileName(s)`). Row i of every file is the
 * chunk with label i; the shards hold the labels i with i % shards === s.
 */
export const INDEX_FILES = {
  manifest: "manifest.json",
  chunks: "chunks.jsonl",
  vectors: "vectors.f32",
  bm25: "bm25.json",
} as const;

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

/** A chunk as stored in chunks.jsonl: the chunk plus the hash of the text its vector was computed from. */
export interface StoredChunk extends Chunk {
  hash: string;
}

/** "embed": computing vectors; "graph": inserting them into the HNSW graph (the two overlap in time). */
export type IndexPhase = "embed" | "graph";

export interface BuildIndexOptions {
  corpusDir: string;
  embeddings: EmbeddingsInterface;
  /** The embedder's `provider:model` name, recorded in the manifest and checked by readers. */
  embedderId: string;
  /**
   * Embed every chunk again instead of reusing the previous index's vectors. The resume cache of an interrupted
   * build is still used: it holds vectors this embedder computed for these very texts.
   */
  rebuild?: boolean;
  /** Chunks per embedding call (default 128). */
  batchSize?: number;
  /**
   * Called per phase with (done, total): "embed" before the first batch and after each one (total = chunks to
   * embed), "graph" as shards insert points (total = all chunks).
   */
  onProgress?: (done: number, total: number, phase: IndexPhase) => void;
  /** Stops the build between batches (and the graph workers at once); the old index stays, the cache too. */
  signal?: AbortSignal;
  /** Graph settings; shards default to defaultShardCount(chunks) (1 on a two-core machine). */
  hnsw?: Partial<HnswParams>;
  /** Keep the vectors of finished batches in the resume cache while building (default true). */
  resume?: boolean;
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

// Every key of CorpusRecordSchema, in its order: the fast path below only runs while the schema has these.
const RECORD_KEYS = ["id", "text", "source", "platform", "date", "url", "title", "lang"];
const QUICK_PATH = Object.keys(CorpusRecordSchema.shape).join() === RECORD_KEYS.join();
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * A corpus record as CorpusRecordSchema parses it (defaults filled in, other keys dropped), or null when the
 * schema rejects it. zod costs about 3.5 µs a record, 0.3 s at 85k records, and parsing shares the main thread
 * with the embedding that feeds the graph while the corpus is read; records with every field of the expected
 * type take a hand-written path that builds the same object, and anything else goes through the schema.
 * tests/unit/retrieval.test.ts checks both paths against zod.
 */
export function parseCorpusRecord(value: unknown): CorpusRecord | null {
  if (QUICK_PATH && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { id, text, source, platform, date, url, title, lang } = value as Record<string, unknown>;
    if (
      typeof id === "string" &&
      id.length > 0 &&
      typeof text === "string" &&
      text.length > 0 &&
      typeof source === "string" &&
      source.length > 0 &&
      typeof platform === "string" &&
      platform.length > 0 &&
      typeof date === "string" &&
      DATE_PREFIX.test(date) &&
      (url === undefined || typeof url === "string") &&
      (title === undefined || typeof title === "string") &&
      (lang === undefined || typeof lang === "string")
    ) {
      // Keys in the schema's order, as zod returns them; title only when given.
      return title === undefined
        ? { id, text, source, platform, date, url: url ?? "", lang: lang ?? "ro" }
        : { id, text, source, platform, date, url: url ?? "", title, lang: lang ?? "ro" };
    }
  }
  const result = CorpusRecordSchema.safeParse(value);
  return result.success ? result.data : null;
}

interface LoadedCorpus {
  records: CorpusRecord[];
  skippedLines: number;
  duplicateIds: number;
}

/**
 * The valid records of corpusDir/cleaned/*.jsonl, files in name order, parsed slice by slice (a build feeds its
 * graph while the rest is parsed); invalid lines and repeated ids are counted as the slices go.
 */
interface CleanedCorpusReader {
  /** Non-empty lines of all files: at least the number of records. */
  lines: number;
  /** The records, a slice at a time; runs once (each file's lines are let go as it is parsed). */
  slices(linesPerSlice: number): Generator<CorpusRecord[]>;
  skippedLines: number;
  duplicateIds: number;
}

async function openCleanedCorpus(corpusDir: string): Promise<CleanedCorpusReader> {
  const cleaned = path.join(corpusDir, "cleaned");
  let names: string[] = [];
  try {
    names = (await readdir(cleaned)).filter((name) => name.endsWith(".jsonl")).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const files: string[][] = [];
  let lines = 0;
  for (const name of names) {
    // Decoded in one piece (readFile's "utf8" decodes chunk by chunk into a string that is slower to split), and
    // split on "\n" alone (a third of the time of /\r?\n/): a "\r" left at the end of a line is JSON whitespace.
    const fileLines = (await readFile(path.join(cleaned, name))).toString("utf8").split("\n");
    files.push(fileLines);
    for (const line of fileLines) if (line.trim()) lines++;
  }
  const seen = new Set<string>();
  const reader: CleanedCorpusReader = {
    lines,
    skippedLines: 0,
    duplicateIds: 0,
    *slices(linesPerSlice: number) {
      let slice: CorpusRecord[] = [];
      let read = 0;
      for (let f = 0; f < files.length; f++) {
        const fileLines = files[f];
        // A file's lines are let go once parsed: only the records stay.
        files[f] = [];
        for (const line of fileLines) {
          if (!line.trim()) continue;
          if (++read % linesPerSlice === 0 && slice.length > 0) {
            yield slice;
            slice = [];
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            // A malformed line is counted in the manifest, not fatal: one bad line must not block the index.
            reader.skippedLines++;
            continue;
          }
          const record = parseCorpusRecord(parsed);
          if (!record) {
            reader.skippedLines++;
            continue;
          }
          if (seen.has(record.id)) {
            reader.duplicateIds++;
            continue;
          }
          seen.add(record.id);
          slice.push(record);
        }
      }
      if (slice.length > 0) yield slice;
    },
  };
  return reader;
}

/** Lines parsed between two batches for the graph while a build reads the corpus (about 8 ms of parsing). */
const READ_SLICE_LINES = 1024;
/** A batch slower than this stops the embedding during the read (offline:hash takes about 6 ms for 128 texts). */
const QUICK_BATCH_MS = 100;

/** Every valid record of corpusDir/cleaned/*.jsonl, files in name order; invalid lines are counted. */
export async function readCleanedCorpus(corpusDir: string): Promise<LoadedCorpus> {
  const reader = await openCleanedCorpus(corpusDir);
  const records: CorpusRecord[] = [];
  for (const slice of reader.slices(Number.MAX_SAFE_INTEGER))
    for (const record of slice) records.push(record);
  return { records, skippedLines: reader.skippedLines, duplicateIds: reader.duplicateIds };
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

/** Reads a little-endian float32 file into its own, aligned buffer. */
export async function readVectors(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Float32Array(copy);
}

/** Every file of a complete index: the fixed ones and the HNSW shards. */
export function indexFileNames(manifest: Pick<IndexManifest, "hnsw">): string[] {
  const shards = Array.from({ length: manifest.hnsw.shards }, (_, s) => hnswFileName(s));
  return [...Object.values(INDEX_FILES), ...shards];
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

function checkVectors(vectors: number[][], count: number, dimensions: number): void {
  if (vectors.length !== count)
    throw new Error(`embedder returned ${vectors.length} vectors for ${count} texts`);
  for (const vector of vectors) {
    if (vector.length !== dimensions) {
      throw new Error(`embedder returned a vector of ${vector.length} dimensions, expected ${dimensions}`);
    }
  }
}

/** What describeBuild needs to know about a build. */
interface BuildFacts {
  records: readonly CorpusRecord[];
  chunks: readonly StoredChunk[];
  /** Labels of the chunks this build embedded. */
  pending: readonly number[];
  reused: number;
  resumed: number;
  skippedLines: number;
  duplicateIds: number;
  previousManifest: IndexManifest | null;
  embedderId: string;
  dimensions: number;
  hnswParams: HnswParams;
  bm25: Bm25Index;
}

/** The manifest of a build, with builtAt and build.ms still to be set when its files are written. */
function describeBuild(facts: BuildFacts): IndexManifest {
  const { records, chunks, pending, previousManifest } = facts;
  // A Map, then Object.fromEntries: ids such as "__proto__" or "constructor" must stay plain keys.
  const hashById = new Map<string, string>();
  for (const record of records) hashById.set(record.id, documentHash(record));
  const embeddedDocs = new Set(pending.map((i) => chunks[i].docId));
  const oldHashes = new Map(Object.entries(previousManifest?.docHashes ?? {}));
  const docHashes = Object.fromEntries(hashById);
  return {
    version: INDEX_FORMAT_VERSION,
    embedder: facts.embedderId,
    dimensions: facts.dimensions,
    chunks: chunks.length,
    documents: records.length,
    corpusHash: corpusHash(docHashes),
    docHashes,
    builtAt: "",
    hnsw: facts.hnswParams,
    bm25: { k1: facts.bm25.k1, b: facts.bm25.b },
    build: {
      embedded: pending.length,
      reused: facts.reused,
      resumed: facts.resumed,
      embeddedDocuments: embeddedDocs.size,
      addedDocuments: [...hashById.keys()].filter((id) => !oldHashes.has(id)).length,
      changedDocuments: [...hashById].filter(([id, hash]) => oldHashes.has(id) && oldHashes.get(id) !== hash)
        .length,
      removedDocuments: [...oldHashes.keys()].filter((id) => !hashById.has(id)).length,
      skippedLines: facts.skippedLines,
      duplicateIds: facts.duplicateIds,
      ms: 0,
    },
  };
}

/**
 * The docHashes member of manifest.json, rendered apart: with a hash per document it is most of the file (7 MB
 * at 85k documents, about 70 ms to render), and it is known before the graph is written, the time fields after.
 */
function renderDocHashes(docHashes: Record<string, string>): string {
  // '{\n  "docHashes": {...}\n}' without the outer braces: the member at the indentation of a top-level key.
  return JSON.stringify({ docHashes }, null, 2).slice(1, -2);
}

/** manifest.json: the manifest, indented, with the document hashes last (rendered by renderDocHashes). */
function renderManifest(manifest: IndexManifest, docHashesJson: string): string {
  const { docHashes: _rendered, ...rest } = manifest;
  return `${JSON.stringify(rest, null, 2).slice(0, -2)},${docHashesJson}\n}\n`;
}

/** Builds (or incrementally updates) the index of corpusDir and returns its manifest. */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexManifest> {
  const started = performance.now();
  const { corpusDir, embeddings, embedderId, rebuild = false, onProgress, signal } = options;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 128));
  signal?.throwIfAborted();
  await mkdir(corpusDir, { recursive: true });
  await recoverInterruptedBuilds(corpusDir);

  // The graph is the slowest part of a build (bench/ingest.ts), so it starts as early as it can: the corpus is
  // parsed slice by slice, and a batch of each slice's chunks is embedded and handed to the graph before the next
  // slice is parsed. What the build can do later (document hashes, the previous manifest's counts, text hashes when no
  // vector can be reused, the manifest's rendering) waits until the builder is busy.
  // The embedder says its size up front: reused vectors of another size (the same id with another dimensions
  // option) must not be mixed with new ones, and an empty corpus still records it for query checks.
  const dimensions = (await embeddings.embedQuery("dimensiune")).length;
  if (dimensions === 0) throw new Error("the embedder returned an empty vector");
  const reader = await openCleanedCorpus(corpusDir);
  const loaded = rebuild ? null : await loadReusable(corpusDir, embedderId);
  const previous = loaded?.dimensions === dimensions ? loaded : null;
  const cache =
    options.resume === false ? null : await EmbeddingCache.open(resumeFile(corpusDir), embedderId);
  const canReuse = (previous?.byChunk.size ?? 0) > 0 || (cache?.dimensions ?? 0) === dimensions;

  const records: CorpusRecord[] = [];
  const chunks: StoredChunk[] = [];
  const hashOf = (label: number): string => {
    const chunk = chunks[label];
    if (!chunk.hash) chunk.hash = sha256(chunkSearchText(chunk));
    return chunk.hash;
  };

  // Sized for one chunk a line, the usual case (comments stay whole); long texts make it grow.
  let capacity = Math.max(1, reader.lines);
  let matrix = new Float32Array(new SharedArrayBuffer(capacity * dimensions * 4));
  const pending: number[] = [];
  let embedded = 0;
  let reused = 0;
  let resumed = 0;

  const hnswParams: HnswParams = { ...DEFAULT_HNSW, shards: defaultShardCount(capacity), ...options.hnsw };
  const tempDir = path.join(corpusDir, `index.tmp-${process.pid}-${Date.now()}`);
  let graph: ShardedGraphBuilder | undefined;
  try {
    await mkdir(tempDir);
    graph = new ShardedGraphBuilder({
      matrix,
      count: capacity,
      dimensions,
      params: hnswParams,
      onProgress: (added) => onProgress?.(added, chunks.length, "graph"),
    });
    const builder = graph;

    const embedNext = async (): Promise<void> => {
      const batch = pending.slice(embedded, embedded + batchSize);
      const texts = batch.map((i) => chunkSearchText(chunks[i]));
      const vectors = await embeddings.embedDocuments(texts);
      checkVectors(vectors, batch.length, dimensions);
      batch.forEach((label, j) => {
        const row = matrix.subarray(label * dimensions, (label + 1) * dimensions);
        row.set(vectors[j]);
        normalizeInPlace(row);
      });
      // The graph gets the rows first (the builder works while the batch is written); a batch counts as done,
      // and a kill no longer loses it, once it is in the resume cache.
      builder.add(batch);
      await cache?.append(
        batch.map((label) => ({
          hash: hashOf(label),
          vector: matrix.subarray(label * dimensions, (label + 1) * dimensions),
        })),
      );
      embedded += batch.length;
    };

    let quick = true;
    for (const slice of reader.slices(READ_SLICE_LINES)) {
      signal?.throwIfAborted();
      const first = chunks.length;
      for (const record of slice) {
        records.push(record);
        for (const chunk of chunkRecord(record)) {
          // hashOf fills the hash in; the key is set now so that chunks.jsonl keeps its field order.
          const stored = chunk as StoredChunk;
          stored.hash = "";
          chunks.push(stored);
        }
      }
      if (chunks.length > capacity) {
        // More chunks than lines: a larger matrix, with the rows so far, and room for them in the graph.
        capacity = Math.max(chunks.length, capacity * 2);
        const larger = new Float32Array(new SharedArrayBuffer(capacity * dimensions * 4));
        larger.set(matrix.subarray(0, first * dimensions));
        matrix = larger;
        builder.grow(matrix, capacity);
      }
      const ready: number[] = [];
      for (let i = first; i < chunks.length; i++) {
        if (!canReuse) {
          // Nothing to reuse: every chunk is embedded, and its text hash can wait for its batch.
          pending.push(i);
          continue;
        }
        const old = previous?.byChunk.get(chunks[i].id);
        const hash = hashOf(i);
        const vector = old && old.hash === hash ? old.vector : cache?.get(hash, dimensions);
        if (!vector) {
          pending.push(i);
          continue;
        }
        if (vector === old?.vector) reused++;
        else resumed++;
        matrix.set(vector, i * dimensions);
        ready.push(i);
      }
      builder.add(ready);
      // One batch a slice keeps the graph busy while the rest is parsed. Only while batches are quick: a remote
      // embedder feeds the graph slower than the parser anyway, and its batches wait for the progress bar below.
      if (quick && pending.length - embedded >= batchSize) {
        const batchStarted = performance.now();
        await embedNext();
        // The first batch also pays for the embedder's warm-up; it does not count.
        if (embedded > batchSize) quick = performance.now() - batchStarted < QUICK_BATCH_MS;
      }
    }
    const count = chunks.length;
    const { skippedLines, duplicateIds } = reader;

    // The progress of embedding starts once its total is known, with the batches already done.
    onProgress?.(0, pending.length, "embed");
    if (embedded > 0) onProgress?.(embedded, pending.length, "embed");
    while (embedded < pending.length) {
      signal?.throwIfAborted();
      await embedNext();
      onProgress?.(embedded, pending.length, "embed");
    }
    signal?.throwIfAborted();

    // BM25, the plain files and the document hashes are done while the builder is still inserting points.
    const bm25 = Bm25Index.fromTexts(chunks.map(chunkSearchText));
    await writeFile(path.join(tempDir, INDEX_FILES.bm25), JSON.stringify(bm25.toJSON()));
    await writeFile(
      path.join(tempDir, INDEX_FILES.vectors),
      new Uint8Array(matrix.buffer, 0, count * dimensions * 4),
    );
    for (let i = 0; i < count; i++) hashOf(i);
    await writeFile(
      path.join(tempDir, INDEX_FILES.chunks),
      chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(""),
    );
    for (const name of [INDEX_FILES.bm25, INDEX_FILES.vectors, INDEX_FILES.chunks]) {
      await syncToDisk(path.join(tempDir, name));
    }
    // Only for the added/changed/removed counts; a rebuild compares with the old index too.
    const previousManifest = await readManifest(corpusDir).catch(() => null);
    // The manifest too, but for the time fields: it is written once the graph is.
    const manifest = describeBuild({
      records,
      chunks,
      pending,
      reused,
      resumed,
      skippedLines,
      duplicateIds,
      previousManifest,
      embedderId,
      dimensions,
      hnswParams,
      bm25,
    });

    const docHashesJson = renderDocHashes(manifest.docHashes);

    const shardFiles = await graph.finish(tempDir, signal);
    onProgress?.(count, count, "graph");
    manifest.builtAt = new Date().toISOString();
    manifest.build.ms = Math.round(performance.now() - started);
    // The manifest goes last: a directory without one is never a complete index.
    const manifestFile = path.join(tempDir, INDEX_FILES.manifest);
    await writeFile(manifestFile, renderManifest(manifest, docHashesJson));
    for (const file of [...shardFiles, manifestFile]) await syncToDisk(file);
    await swapIn(corpusDir, tempDir);
    await syncToDisk(corpusDir, true);
    // Only now is every vector safe in the index itself.
    await cache?.remove();
    return manifest;
  } catch (err) {
    await graph?.stop();
    await cache?.close();
    await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
}
