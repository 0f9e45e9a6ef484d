// The corpus retriever: dense HNSW search and BM25 over the built index, fused by relative scores (or reciprocal
// rank), with metadata filters applied inside both searches and optional MMR re-ranking for diverse passages.
import path from "node:path";
import { readFile } from "node:fs/promises";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import hnswlib, { type HierarchicalNSW } from "hnswlib-node";
import { AppError } from "../../contract/errors";
import type { Filters } from "../../contract/settings";
import { analyze } from "../../contract/text";
import {
  hnswFileName,
  type IndexManifest,
  INDEX_FILES,
  indexDir,
  readManifest,
  readStoredChunks,
  readVectors,
  type StoredChunk,
} from "../pipeline/buildIndex";
import { Bm25Index, type Bm25Json, TopN } from "./bm25";
import { mmr, rankFusion, scoreFusion } from "./fusion";
import type { CorpusFacets, Retriever, SearchOptions } from "./types";
import type { Passage } from "../../contract/corpus";

export interface OpenRetrieverOptions {
  corpusDir: string;
  embeddings: EmbeddingsInterface;
  /** The embedder the caller will query with; must be the one that built the index. */
  embedderId: string;
  /** HNSW search breadth (default: the manifest's efSearch); raised to the candidate count when smaller. */
  efSearch?: number;
  /** The k of reciprocal rank fusion (default 60). */
  rrfK?: number;
  /**
   * How the two rankings are merged: "rrf" (default) is reciprocal rank fusion; "relative" rescales each
   * ranking's scores to 0..1 and averages them. On known-item tests over real comments and tweets
   * (bench/recall.ts, docs/retrieval.md) relative scores win at rank 1 (R@1 0.913 vs 0.893) and RRF at the
   * ranks the chat uses (R@5 0.967 vs 0.957, R@10 0.970 vs 0.963): the chat cites top-5, so RRF is the default.
   */
  fusion?: "rrf" | "relative";
  /** MMR's relevance/diversity trade-off when `mmr` is asked for (default 0.7). */
  mmrLambda?: number;
  /**
   * Dense search scans the candidate chunks exactly (over the query's non-zero dimensions) when that costs at
   * most this many multiply-adds, and walks the HNSW graph otherwise. Exact scans are both faster and complete
   * for small corpora and selective filters, where a filtered HNSW walk visits many rejected nodes through a JS
   * callback. Default 250,000 (about a millisecond: the reads are scattered, so one costs several nanoseconds).
   */
  exactScanBudget?: number;
}

type ChunkFilter = (label: number) => boolean;

/** Best first; equal scores in label order (the order TopN gives). */
function bySimilarity(a: ScoredLabel, b: ScoredLabel): number {
  return b.score - a.score || a.label - b.label;
}

/** A chunk label with its similarity to the query (cosine for dense search). */
export interface ScoredLabel {
  label: number;
  score: number;
}

export class HybridRetriever implements Retriever {
  readonly embedder: string;
  readonly size: number;
  private readonly efSearch: number;
  private readonly rrfK: number;
  private readonly fusion: "rrf" | "relative";
  private readonly mmrLambda: number;
  private readonly exactScanBudget: number;
  private readonly dimensions: number;
  // Points per graph (fixed once opened), and the beam each graph was last set to: setEf is a native call.
  private readonly graphCounts: number[];
  private readonly graphEf: number[];
  // Per-label filter keys, precomputed so that a filter callback costs a few array reads.
  private readonly platforms: string[];
  private readonly sources: string[];
  private readonly days: string[];

  constructor(
    readonly manifest: IndexManifest,
    private readonly chunks: readonly StoredChunk[],
    /** One graph per shard; shard s holds the labels i with i % shards === s. */
    private readonly graphs: readonly HierarchicalNSW[],
    /** Row i is the unit vector of chunk i (kept in JS memory: reading points back from hnswlib is slow). */
    private readonly vectors: Float32Array,
    private readonly bm25: Bm25Index,
    private readonly embeddings: EmbeddingsInterface,
    options: Pick<
      OpenRetrieverOptions,
      "efSearch" | "rrfK" | "mmrLambda" | "exactScanBudget" | "fusion"
    > = {},
  ) {
    this.embedder = manifest.embedder;
    this.size = chunks.length;
    this.efSearch = options.efSearch ?? manifest.hnsw.efSearch;
    this.rrfK = options.rrfK ?? 60;
    this.fusion = options.fusion ?? "rrf";
    this.mmrLambda = options.mmrLambda ?? 0.7;
    this.exactScanBudget = options.exactScanBudget ?? 250_000;
    this.dimensions = manifest.dimensions;
    this.graphCounts = graphs.map((graph) => graph.getCurrentCount());
    this.graphEf = graphs.map(() => -1);
    this.platforms = chunks.map((c) => c.meta.platform.toLowerCase());
    this.sources = chunks.map((c) => c.meta.source.toLowerCase());
    this.days = chunks.map((c) => c.meta.date.slice(0, 10));
  }

  facets(): CorpusFacets {
    const count = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts]
        .map(([value, n]) => ({ value, count: n }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    const days = this.days.filter(Boolean).sort();
    return {
      platforms: count(this.chunks.map((c) => c.meta.platform)),
      sources: count(this.chunks.map((c) => c.meta.source)),
      dateMin: days[0] ?? null,
      dateMax: days.at(-1) ?? null,
    };
  }

  async search(query: string, options: SearchOptions): Promise<Passage[]> {
    const k = Math.floor(options.k);
    if (!query.trim() || k <= 0 || this.size === 0) return [];
    const pool = Math.min(this.size, Math.max(50, 4 * k));
    const accept = this.filterFor(options.filters);

    const mode = options.mode ?? "hybrid";
    // The query is embedded even for BM25 alone, so that MMR has a vector and a wrong embedder is still caught.
    const queryVector = await this.queryVector(query);
    const denseHits = queryVector && mode !== "bm25" ? this.denseSearch(queryVector, pool, accept) : [];
    const lexicalHits = mode === "dense" ? [] : this.bm25.search(analyze(query), pool, accept);
    const lexical = lexicalHits.map((hit) => hit.doc);
    const dense =
      mode === "hybrid" && queryVector
        ? this.withLexicalCandidates(denseHits, lexical, queryVector)
        : denseHits;
    let picked: ScoredLabel[];
    if (this.fusion === "relative") {
      picked = scoreFusion([
        dense.map((hit) => ({ id: hit.label, score: hit.score })),
        lexicalHits.map((hit) => ({ id: hit.doc, score: hit.score })),
      ]).map(({ id, score }) => ({ label: id, score }));
    } else {
      const fused = rankFusion([dense.map((hit) => hit.label), lexical], this.rrfK);
      // In hybrid mode a chunk ranked first by both searches scores 1, first by one of them only 0.5; a single
      // ranking's first chunk scores 1.
      const best = (mode === "hybrid" ? 2 : 1) / (this.rrfK + 1);
      picked = fused.map(({ id, score }) => ({ label: id, score: score / best }));
    }

    if (options.mmr && picked.length > k) {
      const candidates = picked.slice(0, Math.max(3 * k, 10)).map((c) => ({
        ...c,
        relevance: c.score,
        vector: this.row(c.label),
      }));
      picked = mmr(queryVector ?? [], candidates, this.mmrLambda, k);
    }
    return picked.slice(0, k).map(({ label, score }) => this.passage(label, score));
  }

  /**
   * The n chunks nearest to a vector through the HNSW graphs alone (no exact scan), best first, with cosine
   * similarities: the dense half of `search`, exposed for benchmarks against other vector stores.
   */
  nearestInGraph(
    vector: readonly number[],
    n: number,
    options: { filters?: Filters; efSearch?: number } = {},
  ): ScoredLabel[] {
    const accept = this.filterFor(options.filters);
    return this.graphSearch(vector as number[], Math.min(n, this.size), accept, options.efSearch);
  }

  /** The chunk stored under a label, as a passage with the given score. */
  passageAt(label: number, score: number): Passage {
    return this.passage(label, score);
  }

  private async queryVector(query: string): Promise<number[] | null> {
    const vector = await this.embeddings.embedQuery(query);
    if (vector.length !== this.manifest.dimensions) {
      throw new AppError("corpus:embedder_mismatch", {
        built: `${this.embedder} (${this.manifest.dimensions} dim.)`,
        asked: `${this.embedder} (${vector.length} dim.)`,
      });
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    // A query with no features (only stopwords or punctuation) has no direction to search in.
    if (!(norm > 0)) return null;
    const inv = 1 / Math.sqrt(norm);
    return vector.map((x) => x * inv);
  }

  /**
   * The dense ranking completed with BM25's candidates, each placed by its exact cosine: an approximate graph
   * search sometimes misses a chunk that BM25 found (a known item queried through a few words), and a few dozen
   * dot products put it where an exact dense search would have. The chunks still compete on cosine alone.
   */
  private withLexicalCandidates(
    denseHits: ScoredLabel[],
    lexical: readonly number[],
    queryVector: readonly number[],
  ): ScoredLabel[] {
    const seen = new Set(denseHits.map((hit) => hit.label));
    const added: ScoredLabel[] = [];
    for (const label of lexical) {
      if (seen.has(label)) continue;
      const row = this.row(label);
      let similarity = 0;
      for (let i = 0; i < row.length; i++) similarity += row[i] * queryVector[i];
      if (similarity > 0) added.push({ label, score: similarity });
    }
    if (added.length === 0) return denseHits;
    return [...denseHits, ...added].sort((a, b) => b.score - a.score || a.label - b.label);
  }

  private row(label: number): Float32Array {
    return this.vectors.subarray(label * this.dimensions, (label + 1) * this.dimensions);
  }

  private denseSearch(vector: number[], pool: number, accept: ChunkFilter | undefined): ScoredLabel[] {
    const nonZero: number[] = [];
    vector.forEach((x, i) => {
      if (x !== 0) nonZero.push(i);
    });
    const maxRows = Math.floor(this.exactScanBudget / nonZero.length);
    if (!accept && this.size <= maxRows) return this.exactSearch(vector, nonZero, pool, undefined);
    if (accept) {
      const passing: number[] = [];
      for (let label = 0; label < this.size && passing.length <= maxRows; label++) {
        if (accept(label)) passing.push(label);
      }
      if (passing.length <= maxRows) return this.exactSearch(vector, nonZero, pool, passing);
    }
    return this.graphSearch(vector, pool, accept);
  }

  /** Searches every shard with the same beam and merges their hits by similarity. */
  private graphSearch(
    vector: number[],
    pool: number,
    accept: ChunkFilter | undefined,
    efSearch = this.efSearch,
  ): ScoredLabel[] {
    const hits: ScoredLabel[] = [];
    // Every shard gets the whole beam: splitting it (efSearch / shards each) cost recall in bench/retrieval.ts
    // (0.969 instead of 0.987 at 100k chunks) for a fraction of a millisecond.
    for (let shard = 0; shard < this.graphs.length; shard++) {
      const graph = this.graphs[shard];
      const n = Math.min(pool, this.graphCounts[shard]);
      if (n === 0) continue;
      const ef = Math.max(efSearch, n);
      if (this.graphEf[shard] !== ef) {
        graph.setEf(ef);
        this.graphEf[shard] = ef;
      }
      const { neighbors, distances } = accept
        ? graph.searchKnn(vector, n, accept)
        : graph.searchKnn(vector, n);
      for (let i = 0; i < neighbors.length; i++) {
        // Inner-product distance is 1 - cosine; an orthogonal or opposite chunk shares nothing with the query.
        const similarity = 1 - distances[i];
        if (similarity > 0) hits.push({ label: neighbors[i], score: similarity });
      }
    }
    // A graph returns its hits best first, but equal distances in no set order; ties go to the lower label, as
    // everywhere else. Shards are merged by the same order.
    hits.sort(bySimilarity);
    if (hits.length > pool) hits.length = pool;
    return hits;
  }

  /** Exact inner-product top-n over the given labels (all chunks when undefined), positive similarities only. */
  private exactSearch(
    query: number[],
    nonZero: readonly number[],
    pool: number,
    labels: readonly number[] | undefined,
  ): ScoredLabel[] {
    const top = new TopN(pool);
    const dims = this.dimensions;
    const vectors = this.vectors;
    const weights = nonZero.map((i) => query[i]);
    const count = labels ? labels.length : this.size;
    for (let j = 0; j < count; j++) {
      const label = labels ? labels[j] : j;
      const offset = label * dims;
      let similarity = 0;
      for (let i = 0; i < nonZero.length; i++) similarity += weights[i] * vectors[offset + nonZero[i]];
      if (similarity > 0) top.offer(label, similarity);
    }
    return top.sorted().map((hit) => ({ label: hit.doc, score: hit.score }));
  }

  private filterFor(filters: Filters | undefined): ChunkFilter | undefined {
    if (!filters) return undefined;
    const platforms = filters.platform?.length ? new Set(filters.platform.map((p) => p.toLowerCase())) : null;
    const sources = filters.source?.length ? new Set(filters.source.map((s) => s.toLowerCase())) : null;
    const { dateFrom, dateTo } = filters;
    if (!platforms && !sources && !dateFrom && !dateTo) return undefined;
    return (label) =>
      (!platforms || platforms.has(this.platforms[label])) &&
      (!sources || sources.has(this.sources[label])) &&
      (!dateFrom || this.days[label] >= dateFrom) &&
      (!dateTo || this.days[label] <= dateTo);
  }

  private passage(label: number, score: number): Passage {
    const chunk = this.chunks[label];
    return { id: chunk.id, docId: chunk.docId, text: chunk.text, score, meta: { ...chunk.meta } };
  }
}

/** Opens the index of corpusDir for querying with the given embedder. */
export async function openRetriever(options: OpenRetrieverOptions): Promise<HybridRetriever> {
  const { corpusDir, embeddings, embedderId } = options;
  const manifest = await readManifest(corpusDir);
  if (!manifest) throw new AppError("corpus:index_missing");
  if (manifest.embedder !== embedderId) {
    throw new AppError("corpus:embedder_mismatch", { built: manifest.embedder, asked: embedderId });
  }
  const dir = indexDir(corpusDir);
  try {
    const [chunks, bm25Json, vectors] = await Promise.all([
      readStoredChunks(dir),
      readFile(path.join(dir, INDEX_FILES.bm25), "utf8").then((raw) => JSON.parse(raw) as Bm25Json),
      readVectors(path.join(dir, INDEX_FILES.vectors)),
    ]);
    const graphs = await Promise.all(
      Array.from({ length: manifest.hnsw.shards }, async (_, shard) => {
        const graph = new hnswlib.HierarchicalNSW(manifest.hnsw.space, manifest.dimensions);
        await graph.readIndex(path.join(dir, hnswFileName(shard)));
        return graph;
      }),
    );
    const inGraphs = graphs.reduce((sum, graph) => sum + graph.getCurrentCount(), 0);
    const counts = [chunks.length, inGraphs, vectors.length / Math.max(1, manifest.dimensions)];
    if (counts.some((count) => count !== manifest.chunks)) {
      throw new Error(
        `index files disagree: ${manifest.chunks} chunks in the manifest, ${counts.join("/")} stored`,
      );
    }
    const bm25 = Bm25Index.fromJSON(bm25Json);
    return new HybridRetriever(manifest, chunks, graphs, vectors, bm25, embeddings, options);
  } catch (err) {
    // Files that do not load are as good as missing: the user's fix is a rebuild.
    throw new AppError("corpus:index_missing", {}, { cause: err });
  }
}
