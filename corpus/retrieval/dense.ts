// Dense search over the index's chunk vectors: the HNSW graphs (one per shard) for large corpora, an exact scan of
// the query's non-zero dimensions when that is cheap, and exact cosines for chosen chunks.
import type { HierarchicalNSW } from "hnswlib-node";
import { TopN } from "./bm25";

/** A chunk label with its similarity to the query (cosine: the vectors are unit length). */
export interface ScoredLabel {
  label: number;
  score: number;
}

export type ChunkFilter = (label: number) => boolean;

/** Best first; equal scores in label order (the order TopN gives). */
export function bySimilarity(a: ScoredLabel, b: ScoredLabel): number {
  return b.score - a.score || a.label - b.label;
}

export interface DenseSearchSettings {
  /** HNSW search breadth; raised to the candidate count when smaller. */
  efSearch: number;
  /**
   * The exact scan is used when it costs at most this many multiply-adds: both faster and complete for small
   * corpora and selective filters, where a filtered HNSW walk visits many rejected nodes through a JS callback.
   */
  exactScanBudget: number;
}

export class DenseIndex {
  readonly size: number;
  // Live points per graph (fixed once opened), and the beam each graph was last set to: setEf is a native call.
  private readonly graphCounts: number[];
  private readonly graphEf: number[];
  /** The chunk of each graph label (-1: a deleted point); null when every label is its chunk's row. */
  private readonly rowOfLabel: Int32Array | null;

  constructor(
    /** One graph per shard; shard s holds the labels g with g % shards === s. */
    private readonly graphs: readonly HierarchicalNSW[],
    /** Row i is the unit vector of chunk i (kept in JS memory: reading points back from hnswlib is slow). */
    private readonly vectors: Float32Array,
    readonly dimensions: number,
    private readonly settings: DenseSearchSettings,
    /** The graph label of each chunk (labels.i32); without it, chunk i is label i. */
    labels?: Int32Array,
  ) {
    this.size = dimensions > 0 ? vectors.length / dimensions : 0;
    this.graphEf = graphs.map(() => -1);
    const identity = !labels || labels.every((label, row) => label === row);
    if (identity) {
      this.rowOfLabel = null;
      this.graphCounts = graphs.map((graph) => graph.getCurrentCount());
    } else {
      // An updated index: its graphs also hold deleted points, which searches skip but do not count.
      const points = graphs.reduce((sum, graph) => sum + graph.getCurrentCount(), 0);
      this.rowOfLabel = new Int32Array(Math.max(points, 1)).fill(-1);
      this.graphCounts = graphs.map(() => 0);
      labels.forEach((label, row) => {
        this.rowOfLabel![label] = row;
        this.graphCounts[label % graphs.length]++;
      });
    }
  }

  row(label: number): Float32Array {
    return this.vectors.subarray(label * this.dimensions, (label + 1) * this.dimensions);
  }

  /** The exact cosine of a chunk with a unit query vector. */
  cosine(label: number, query: readonly number[]): number {
    const offset = label * this.dimensions;
    let similarity = 0;
    for (let i = 0; i < this.dimensions; i++) similarity += this.vectors[offset + i] * query[i];
    return similarity;
  }

  /** The `pool` chunks nearest to a unit vector (positive cosines only), best first. */
  search(vector: number[], pool: number, accept: ChunkFilter | undefined): ScoredLabel[] {
    const nonZero: number[] = [];
    vector.forEach((x, i) => {
      if (x !== 0) nonZero.push(i);
    });
    const maxRows = Math.floor(this.settings.exactScanBudget / nonZero.length);
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
  graphSearch(
    vector: number[],
    pool: number,
    accept: ChunkFilter | undefined,
    efSearch = this.settings.efSearch,
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
      const rows = this.rowOfLabel;
      const filter = rows && accept ? (label: number) => rows[label] >= 0 && accept(rows[label]) : accept;
      const { neighbors, distances } = filter
        ? graph.searchKnn(vector, n, filter)
        : graph.searchKnn(vector, n);
      for (let i = 0; i < neighbors.length; i++) {
        // Inner-product distance is 1 - cosine; an orthogonal or opposite chunk shares nothing with the query.
        const similarity = 1 - distances[i];
        const label = rows ? rows[neighbors[i]] : neighbors[i];
        if (similarity > 0 && label >= 0) hits.push({ label, score: similarity });
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
}
