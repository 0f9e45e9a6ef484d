// Builds the on-disk corpus index (chunk store, vectors, HNSW graph, BM25) from corpus/cleaned/*.jsonl, reusing
// the vectors of unchanged chunks and those of an interrupted build, and swaps it in atomically so that a failed
// or killed build never breaks the old index. When only a small share of the corpus changed, the previous index
// is updated instead: its graphs get the new chunks' points and mark the removed ones deleted, and BM25 and the
// pieces are updated for the changed documents (incrementalUpdate.ts). The steps are those of IndexBuild below;
// what a build opens before them (the previous index's vectors, the update base, the resume cache) is in
// buildInputs.ts, the file formats in indexFormat.ts, the reading of the cleaned files in cleanedCorpus.ts, the
// swap in indexSwap.ts.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Bm25Index, Bm25Json } from "../retrieval/bm25";
import {
  buildDocumentBm25,
  buildDocumentPieces,
  updateDocumentBm25,
  updateDocumentPieces,
} from "../retrieval/documentBm25";
import type { PieceIndex, PieceIndexJson } from "../retrieval/pieces";
import { type CorpusRecord } from "../../contract/corpus";
import { type BuildIndexOptions, type BuildInputs, openInputs } from "./buildInputs";
import { chunkRecord, chunkSearchText } from "./chunk";
import { defaultShardCount, hnswFileName, type HnswParams, ShardedGraphBuilder } from "./hnswShards";
import {
  type BuildReason,
  corpusHash,
  DEFAULT_HNSW,
  documentHash,
  INDEX_FILES,
  INDEX_FORMAT_VERSION,
  indexDir,
  type IndexManifest,
  readManifest,
  readPreviousManifest,
  sha256,
  type StoredChunk,
} from "./indexFormat";
import { recoverInterruptedBuilds, swapIn, syncToDisk } from "./indexSwap";
import { describeBuild, renderDocHashes, renderManifest } from "./buildManifest";
import { lexicalKeep, planGraphUpdate, removedPieceBags, type GraphUpdate } from "./incrementalUpdate";
import { requestedSettings, UPDATE_LIMITS } from "./updateBase";
export { UPDATE_LIMITS, type UpdateLimits } from "./updateBase";
export type { BuildIndexOptions, IndexPhase } from "./buildInputs";

// What other modules have always imported from here.
export * from "./indexFormat";
export { parseCorpusRecord, readCleanedCorpus } from "./cleanedCorpus";

/** Lines parsed between two batches for the graph while a build reads the corpus (about 8 ms of parsing). */
const READ_SLICE_LINES = 1024;
/** A batch slower than this stops the embedding during the read (offline:hash takes about 6 ms for 128 texts). */
const QUICK_BATCH_MS = 100;

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

/** Whether two chunks embed the same text (chunkSearchText: the title, if any, then the text). */
function sameSearchText(a: StoredChunk, b: StoredChunk): boolean {
  return a.text === b.text && (a.meta.title || "") === (b.meta.title || "");
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

/**
 * One build, step by step: `readCorpus` parses and chunks the corpus while feeding the graph, `embedRemaining`
 * embeds what the read left, `writeFiles` writes BM25, vectors and chunks while the graph still inserts, and
 * `finish` writes the graph and the manifest and swaps the folder in. When the previous index may be updated, the
 * graph waits for the read: only then does `startGraph` know how much changed, and so whether to update the old
 * graphs or build new ones.
 */
class IndexBuild {
  readonly records: CorpusRecord[] = [];
  readonly chunks: StoredChunk[] = [];
  /** For each chunk, the previous index's row whose vector it took over, or -1. */
  readonly previousRow: number[] = [];
  /** Labels of the chunks this build embeds, in order; the first `embedded` are done. */
  readonly pending: number[] = [];
  embedded = 0;
  reused = 0;
  resumed = 0;
  private capacity: number;
  private matrix: Float32Array;
  hnswParams: HnswParams;
  graph: ShardedGraphBuilder | null = null;
  /** An update's plan; null while undecided and for a full build. */
  update: GraphUpdate | null = null;
  reason: BuildReason;
  private readonly batchSize: number;

  constructor(
    private readonly options: BuildIndexOptions,
    private readonly inputs: BuildInputs,
    readonly tempDir: string,
  ) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 128));
    // Sized for one chunk a line, the usual case (comments stay whole); long texts make it grow.
    this.capacity = Math.max(1, inputs.reader.lines);
    this.matrix = new Float32Array(new SharedArrayBuffer(this.capacity * inputs.dimensions * 4));
    this.reason = inputs.fullReason;
    this.hnswParams = inputs.updatable?.hnsw ?? {
      ...DEFAULT_HNSW,
      shards: defaultShardCount(this.capacity),
      ...options.hnsw,
    };
    // Without an index to update the graph starts at once and inserts while the corpus is read.
    if (!inputs.updatable) this.graph = this.newGraph();
  }

  private newGraph(): ShardedGraphBuilder {
    return new ShardedGraphBuilder({
      matrix: this.matrix,
      count: this.capacity,
      dimensions: this.dimensions,
      params: this.hnswParams,
      onProgress: (added) => this.options.onProgress?.(added, this.chunks.length, "graph"),
    });
  }

  private get dimensions(): number {
    return this.inputs.dimensions;
  }

  private row(label: number): Float32Array {
    return this.matrix.subarray(label * this.dimensions, (label + 1) * this.dimensions);
  }

  private docHashes: string[] | null = null;

  /** Each record's documentHash, computed once (the update compares them, the manifest lists them). */
  documentHashes(): string[] {
    this.docHashes ??= this.records.map(documentHash);
    return this.docHashes;
  }

  /** The hash of the text a chunk's vector is computed from, computed once. */
  hashOf(label: number): string {
    const chunk = this.chunks[label];
    if (!chunk.hash) chunk.hash = sha256(chunkSearchText(chunk));
    return chunk.hash;
  }

  /** Hands rows to the graph, under their update labels when updating. */
  private toGraph(rows: number[]): void {
    if (!this.graph) return;
    if (this.update)
      this.graph.add(
        rows,
        rows.map((row) => this.update!.labelOf[row]),
      );
    else this.graph.add(rows);
  }

  /**
   * Parses the corpus slice by slice: chunks each record, takes reusable vectors, hands them to the graph, and
   * embeds one batch a slice while batches are quick, so that the graph inserts while the rest is parsed.
   */
  async readCorpus(): Promise<void> {
    let quick = true;
    let lines = 0;
    const { onProgress } = this.options;
    const total = Math.max(1, this.inputs.reader.lines);
    onProgress?.(0, total, "read");
    for (const slice of this.inputs.reader.slices(READ_SLICE_LINES)) {
      this.options.signal?.throwIfAborted();
      const first = this.chunks.length;
      for (const record of slice) {
        this.records.push(record);
        for (const chunk of chunkRecord(record)) {
          // hashOf fills the hash in; the key is set now so that chunks.jsonl keeps its field order.
          const stored = chunk as StoredChunk;
          stored.hash = "";
          this.chunks.push(stored);
        }
      }
      this.makeRoom(first);
      this.toGraph(this.takeReusable(first));
      // Only while batches are quick: a remote embedder feeds the graph slower than the parser anyway, and its
      // batches wait for the progress bar of embedRemaining.
      if (quick && this.pending.length - this.embedded >= this.batchSize) {
        const batchStarted = performance.now();
        await this.embedNext();
        // The first batch also pays for the embedder's warm-up; it does not count.
        if (this.embedded > this.batchSize) quick = performance.now() - batchStarted < QUICK_BATCH_MS;
      }
      lines += READ_SLICE_LINES;
      onProgress?.(Math.min(lines, total), total, "read");
    }
    onProgress?.(total, total, "read");
  }

  /** More chunks than lines: a larger matrix, with the rows so far, and room for them in the graph. */
  private makeRoom(rowsSoFar: number): void {
    if (this.chunks.length <= this.capacity) return;
    this.capacity = Math.max(this.chunks.length, this.capacity * 2);
    const larger = new Float32Array(new SharedArrayBuffer(this.capacity * this.dimensions * 4));
    larger.set(this.matrix.subarray(0, rowsSoFar * this.dimensions));
    this.matrix = larger;
    this.graph?.grow(this.matrix, this.capacity);
  }

  /** Fills the rows of chunks [first, end) whose vectors can be reused; queues the rest; returns the filled. */
  private takeReusable(first: number): number[] {
    const { previous, cache, canReuse } = this.inputs;
    const ready: number[] = [];
    for (let i = first; i < this.chunks.length; i++) {
      this.previousRow.push(-1);
      if (!canReuse) {
        // Nothing to reuse: every chunk is embedded, and its text hash can wait for its batch.
        this.pending.push(i);
        continue;
      }
      const old = previous?.byChunk.get(this.chunks[i].id);
      // The same text and title as the previous chunk: the same hash, without computing it again.
      if (old && sameSearchText(previous!.chunks[old.row], this.chunks[i])) this.chunks[i].hash = old.hash;
      const hash = this.hashOf(i);
      const vector = old && old.hash === hash ? old.vector : cache?.get(hash, this.dimensions);
      if (!vector) {
        this.pending.push(i);
        continue;
      }
      if (vector === old?.vector) {
        this.reused++;
        this.previousRow[i] = old.row;
      } else this.resumed++;
      this.matrix.set(vector, i * this.dimensions);
      ready.push(i);
    }
    return ready;
  }

  /**
   * Once the corpus is read, with an index that may be updated: updates its graphs when little changed (the new
   * rows' points added, the old ones no row keeps marked deleted), otherwise builds new graphs from every row.
   */
  startGraph(): void {
    const base = this.inputs.updatable;
    if (this.graph || !base) return;
    const limits = { ...UPDATE_LIMITS, ...(this.options.incremental || {}) };
    const plan = planGraphUpdate(base, this.previousRow, limits);
    const waiting = new Set(this.pending.slice(this.embedded));
    const ready = (rows: Iterable<number>) => [...rows].filter((row) => !waiting.has(row));
    if (plan.ok) {
      this.update = plan.update;
      this.reason = "updated";
      const dir = indexDir(this.options.corpusDir);
      this.graph = new ShardedGraphBuilder({
        matrix: this.matrix,
        count: plan.update.points,
        dimensions: this.dimensions,
        params: this.hnswParams,
        base: Array.from({ length: this.hnswParams.shards }, (_, s) => path.join(dir, hnswFileName(s))),
        onProgress: (added) => this.options.onProgress?.(added, plan.update.added.length, "graph"),
      });
      this.graph.markDeleted(plan.update.deletedLabels);
      this.toGraph(ready(plan.update.added));
      return;
    }
    this.reason = plan.reason;
    this.hnswParams = {
      ...this.hnswParams,
      shards: this.options.hnsw?.shards ?? defaultShardCount(this.capacity),
    };
    this.graph = this.newGraph();
    this.toGraph(ready(this.chunks.keys()));
  }

  /** Embeds the next batch of pending chunks, hands it to the graph and appends it to the resume cache. */
  private async embedNext(): Promise<void> {
    const batch = this.pending.slice(this.embedded, this.embedded + this.batchSize);
    const texts = batch.map((i) => chunkSearchText(this.chunks[i]));
    const vectors = await this.options.embeddings.embedDocuments(texts);
    checkVectors(vectors, batch.length, this.dimensions);
    batch.forEach((label, j) => {
      const row = this.row(label);
      row.set(vectors[j]);
      normalizeInPlace(row);
    });
    // The graph gets the rows first (the builder works while the batch is written); a batch counts as done,
    // and a kill no longer loses it, once it is in the resume cache.
    this.toGraph(batch);
    await this.inputs.cache?.append(
      batch.map((label) => ({ hash: this.hashOf(label), vector: this.row(label) })),
    );
    this.embedded += batch.length;
  }

  /** Embeds what the read left, with progress that starts once the total is known. */
  async embedRemaining(): Promise<void> {
    const { onProgress, signal } = this.options;
    onProgress?.(0, this.pending.length, "embed");
    if (this.embedded > 0) onProgress?.(this.embedded, this.pending.length, "embed");
    while (this.embedded < this.pending.length) {
      signal?.throwIfAborted();
      await this.embedNext();
      onProgress?.(this.embedded, this.pending.length, "embed");
    }
    signal?.throwIfAborted();
  }

  /**
   * BM25 and the pieces' statistics: an update changes the previous index's for the documents that changed (the
   * same statistics as a build, so the same scores), a full build counts every document.
   */
  private async lexicalIndexes(): Promise<{ lexical: Bm25Index; pieces: PieceIndex }> {
    const { previous } = this.inputs;
    const settings = requestedSettings(this.options);
    if (this.update && previous) {
      const dir = indexDir(this.options.corpusDir);
      const [bm25Json, piecesJson] = await Promise.all([
        readFile(path.join(dir, INDEX_FILES.bm25), "utf8").then((raw) => JSON.parse(raw) as Bm25Json),
        readFile(path.join(dir, INDEX_FILES.pieces), "utf8").then((raw) => JSON.parse(raw) as PieceIndexJson),
      ]);
      const keep = lexicalKeep(this.records, this.documentHashes(), this.chunks, this.previousRow, previous);
      if (bm25Json.docLengths.length === keep.previousDocuments) {
        const lexical = updateDocumentBm25(bm25Json, keep.keep, this.records);
        // A fractional title weight subtracted may not give back the very sums a build makes.
        const wholeWeights = Number.isInteger(settings.pieces.titleWeight);
        const pieces =
          wholeWeights && piecesJson.docLengths.length === keep.previousDocuments
            ? updateDocumentPieces(
                piecesJson,
                keep.keep,
                removedPieceBags(previous.chunks, keep.keep, piecesJson.titleWeight),
                this.records,
                this.chunks,
              )
            : buildDocumentPieces(this.records, this.chunks, settings.pieces);
        return { lexical, pieces };
      }
    }
    return {
      lexical: buildDocumentBm25(this.records, settings.bm25),
      pieces: buildDocumentPieces(this.records, this.chunks, settings.pieces),
    };
  }

  /**
   * BM25, the pieces' statistics, the vectors, the chunk store and the graph labels, written (and flushed) while
   * the graph is still inserting.
   */
  async writeFiles(): Promise<{ lexical: Bm25Index; pieces: PieceIndex }> {
    const { lexical, pieces } = await this.lexicalIndexes();
    await writeFile(path.join(this.tempDir, INDEX_FILES.bm25), JSON.stringify(lexical.toJSON()));
    await writeFile(path.join(this.tempDir, INDEX_FILES.pieces), JSON.stringify(pieces.toJSON()));
    const count = this.chunks.length;
    await writeFile(
      path.join(this.tempDir, INDEX_FILES.vectors),
      new Uint8Array(this.matrix.buffer, 0, count * this.dimensions * 4),
    );
    for (let i = 0; i < count; i++) this.hashOf(i);
    await writeFile(
      path.join(this.tempDir, INDEX_FILES.chunks),
      this.chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(""),
    );
    const labels = this.update?.labelOf ?? Int32Array.from({ length: count }, (_, row) => row);
    await writeFile(
      path.join(this.tempDir, INDEX_FILES.labels),
      new Uint8Array(labels.buffer, labels.byteOffset, count * 4),
    );
    for (const name of [
      INDEX_FILES.bm25,
      INDEX_FILES.pieces,
      INDEX_FILES.vectors,
      INDEX_FILES.chunks,
      INDEX_FILES.labels,
    ]) {
      await syncToDisk(path.join(this.tempDir, name));
    }
    return { lexical, pieces };
  }

  /** Writes the graph and the manifest (last: a folder without one is never an index), then swaps it in. */
  async finish(manifest: IndexManifest, started: number): Promise<void> {
    const { corpusDir, onProgress, signal } = this.options;
    const graph = this.graph;
    if (!graph) throw new Error("the graph was never started");
    const docHashesJson = renderDocHashes(manifest.docHashes);
    const shardFiles = await graph.finish(this.tempDir, signal);
    const inserted = this.update ? this.update.added.length : this.chunks.length;
    onProgress?.(inserted, inserted, "graph");
    manifest.builtAt = new Date().toISOString();
    manifest.build.ms = Math.round(performance.now() - started);
    const manifestFile = path.join(this.tempDir, INDEX_FILES.manifest);
    await writeFile(manifestFile, renderManifest(manifest, docHashesJson));
    for (const file of [...shardFiles, manifestFile]) await syncToDisk(file);
    await swapIn(corpusDir, this.tempDir);
    await syncToDisk(corpusDir, true);
  }
}

/** Builds (or incrementally updates) the index of corpusDir and returns its manifest. */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexManifest> {
  const { manifest } = await runBuild(options, false);
  if (!manifest) throw new Error("the build wrote no manifest");
  return manifest;
}

/**
 * Builds or updates the index unless the cleaned corpus is the one the previous index (of this format) was built
 * from (the same corpus hash, whatever the embedder): then nothing is written and the previous manifest is
 * returned, with `rebuilt` false. The corpus is read once for both (an import job used to read and hash it once to
 * compare, then again to build).
 */
export async function buildIndexIfChanged(
  options: BuildIndexOptions,
): Promise<{ manifest: IndexManifest | null; rebuilt: boolean }> {
  return runBuild(options, true);
}

async function runBuild(
  options: BuildIndexOptions,
  ifChanged: boolean,
): Promise<{ manifest: IndexManifest | null; rebuilt: boolean }> {
  const started = performance.now();
  const { corpusDir, signal } = options;
  signal?.throwIfAborted();
  await mkdir(corpusDir, { recursive: true });
  await recoverInterruptedBuilds(corpusDir);

  // The graph is the slowest part of a build (bench/ingest.ts), so it starts as early as it can: the corpus is
  // parsed slice by slice, and a batch of each slice's chunks is embedded and handed to the graph before the next
  // slice is parsed. What the build can do later (document hashes, the previous manifest's counts, text hashes
  // when no vector can be reused, the manifest's rendering) waits until the graph is busy.
  const inputs = await openInputs(options);
  const tempDir = path.join(corpusDir, `index.tmp-${process.pid}-${Date.now()}`);
  let build: IndexBuild | undefined;
  try {
    await mkdir(tempDir);
    build = new IndexBuild(options, inputs, tempDir);
    await build.readCorpus();
    if (ifChanged) {
      const previous = inputs.previous?.manifest ?? (await readPreviousManifest(corpusDir));
      const hashes = Object.fromEntries(
        build.records.map((record, i) => [record.id, build!.documentHashes()[i]]),
      );
      // An index of an older format is built again (updated when it can be) even when its corpus is the same.
      const current = previous?.version === INDEX_FORMAT_VERSION;
      if (previous && current && corpusHash(previous.docHashes) === corpusHash(hashes)) {
        await build.graph?.stop();
        await inputs.cache?.close();
        await rm(tempDir, { recursive: true, force: true });
        return { manifest: await readManifest(corpusDir), rebuilt: false };
      }
    }
    build.startGraph();
    await build.embedRemaining();
    const written = await build.writeFiles();
    // Only for the added/changed/removed counts; a rebuild compares with the old index too.
    const previousManifest = inputs.previous?.manifest ?? (await readPreviousManifest(corpusDir));
    const manifest = describeBuild(build, inputs.reader, written, previousManifest, {
      id: options.embedderId,
      dimensions: inputs.dimensions,
    });
    await build.finish(manifest, started);
    // Only now is every vector safe in the index itself (a staged one: once its change is committed).
    if (options.keepResumeFile) await inputs.cache?.close();
    else await inputs.cache?.remove();
    return { manifest, rebuilt: true };
  } catch (err) {
    await build?.graph?.stop();
    await inputs.cache?.close();
    await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
}
