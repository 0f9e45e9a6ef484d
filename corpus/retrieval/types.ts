// What the chat graph needs from the corpus: passages for a query, from whichever retriever is configured.
import type { Filters } from "../../contract/settings";
import type { Passage } from "../../contract/corpus";
import type { IndexManifest } from "../pipeline/indexFormat";

/** Which rankings a search fuses: both (the default), or one of them alone (for comparisons). */
export type SearchMode = "hybrid" | "dense" | "bm25";

export interface SearchOptions {
  k: number;
  filters?: Filters;
  /** Re-rank the candidates for diversity (maximal marginal relevance). */
  mmr?: boolean;
  /** Default "hybrid": dense and BM25 fused. */
  mode?: SearchMode;
  /**
   * "document" (default): the top k distinct documents, each with its best passage(s); "passage": the top k
   * chunks, several of one document possibly (for evaluations and for tools that want passages).
   */
  granularity?: "document" | "passage";
}

/** What the corpus holds, for the UI's filters: values with their chunk counts, and the date range. */
export interface CorpusFacets {
  platforms: { value: string; count: number }[];
  sources: { value: string; count: number }[];
  dateMin: string | null;
  dateMax: string | null;
}

export interface Retriever {
  /** The embedder id the index was built with, e.g. "offline:hash". */
  readonly embedder: string;
  /** Number of chunks in the index. */
  readonly size: number;
  /** The best documents (or passages) for a query, best first, scores in 0..1. */
  search(query: string, options: SearchOptions): Promise<Passage[]>;
  /** Whether the index holds a document (for evaluations whose answers must exist); unknown when absent. */
  hasDocument?(docId: string): boolean;
  facets(): CorpusFacets;
  /**
   * The manifest of the index on disk this retriever serves (its build time, document count and corpus hash), when it
   * serves one; a retriever that forwards to another forwards this too.
   */
  readonly manifest?: IndexManifest;
}
