// The corpus retriever: documents compete, not chunks. A document-level BM25 ranking (weighted query terms) and a
// dense ranking (each document scored by its best chunk through HNSW or an exact scan) are fused; each of the top
// documents then brings its best passage(s). Filters apply inside both searches; MMR optionally diversifies.
// `granularity: "passage"` keeps chunk-level results. docs/retrieval.md describes and measures all of it.
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Passage } from "../../contract/corpus";
import { AppError } from "../../contract/errors";
import type { Filters } from "../../contract/settings";
import type { IndexManifest, StoredChunk } from "../pipeline/indexFormat";
import { bestChunkPerDocument, type DocumentHit, DocumentLayout } from "./aggregate";
import type { Bm25Hit, Bm25Index } from "./bm25";
import { bySimilarity, type ChunkFilter, DenseIndex, type ScoredLabel } from "./dense";
import { RRF_K, mmr, rankFusion, rankFusionCeiling, scoreFusion } from "./fusion";
import { PieceBag, type PieceIndex } from "./pieces";
import {
  chunkTermScores,
  choosePassages,
  DEFAULT_PASSAGES,
  type PassageChoice,
  type PassageSettings,
} from "./passages";
import {
  DEFAULT_QUERY_TERMS,
  type QueryTerm,
  type QueryTermOptions,
  searchTerms,
  selectQueryTerms,
} from "./terms";
import type { CorpusFacets, Retriever, SearchOptions } from "./types";

export type FusionMethod = "absolute" | "relative" | "rrf";

/** How a retriever searches; every field has a default chosen by measurement (docs/retrieval.md). */
export interface RetrieverSettings {
  /** HNSW search breadth (default: the manifest's efSearch); raised to the candidate count when smaller. */
  efSearch?: number;
  /**
   * How the dense and BM25 rankings are merged. "absolute" (default): the weighted mean of each document's cosine
   * and its BM25 score divided by the query's ideal score (Bm25Index.idealScore), both on scales of their own, so
   * that a ranking that found little (a query of typos, a cosine of 0.1) weighs little. "relative": each ranking
   * rescaled to 0..1 within its candidates (min-max), then the weighted mean. "rrf": weight / (rrfK + rank).
   */
  fusion?: FusionMethod;
  /** Weight of the dense ranking in the fusion; BM25 gets 1 minus it (default DEFAULT_DENSE_WEIGHT). */
  denseWeight?: number;
  /** The k of reciprocal rank fusion (default 60). */
  rrfK?: number;
  /** MMR's relevance/diversity trade-off when `mmr` is asked for (default 0.7). */
  mmrLambda?: number;
  /** Exact dense scan up to this many multiply-adds, HNSW beyond (default 250,000, about a millisecond). */
  exactScanBudget?: number;
  /** Query term selection (terms.ts). */
  queryTerms?: Partial<QueryTermOptions>;
  /**
   * Weight of the character pieces (pieces.ts) against the words in the lexical score of the best candidates
   * (default DEFAULT_PIECE_WEIGHT; 0 turns them off).
   */
  pieceWeight?: number;
  /** Selection of a query's pieces, as for words (default DEFAULT_QUERY_PIECES). */
  queryPieces?: Partial<QueryTermOptions>;
  /** How many passages a document brings and when (passages.ts). */
  passages?: Partial<Omit<PassageSettings, "denseWeight">>;
}

/**
 * The dense ranking's weight in the fusion: the comment → article task wants little of the hashed vectors (they
 * cost recall above 0.2), the known-item tasks more (typos). With character pieces, which catch typos too, 0.15
 * keeps every known-item figure on SART and FB-RO-Offense at or above what it was before them; the sweep is in
 * docs/retrieval.md.
 */
export const DEFAULT_DENSE_WEIGHT = 0.15;

/**
 * The pieces' weight against the words (1) in the lexical score: on the comment → article task and the
 * known-item tasks, 0.5 is where the gain of pieces levels off (docs/retrieval.md, "Character pieces").
 */
export const DEFAULT_PIECE_WEIGHT = 0.5;

/** A query's pieces: twice as many as words (a word has several pieces), weighted as words are. */
export const DEFAULT_QUERY_PIECES: QueryTermOptions = { maxTerms: 64, burstExponent: 0.5 };

/** Counted pieces of candidate documents kept between searches, in pieces (about 12 bytes each). */
const PIECE_CACHE_ENTRIES = 500_000;
/** Everything a retriever reads from an opened index. */
export interface IndexContents {
  manifest: IndexManifest;
  chunks: readonly StoredChunk[];
  dense: DenseIndex;
  bm25: Bm25Index;
  /** The character pieces' statistics; without them, candidates are not rescored. */
  pieces?: PieceIndex;
  embeddings: EmbeddingsInterface;
}

/** A candidate in the fusion: a chunk label, or a document number. */
type Scored = { id: number; score: number };

/** Analysed chunk texts kept for choosing passages; emptied when full (a server's queries revisit documents). */
const CHUNK_TERMS_CACHE = 4096;

export class HybridRetriever implements Retriever {
  readonly embedder: string;
  readonly size: number;
  readonly manifest: IndexManifest;
  private readonly chunks: readonly StoredChunk[];
  private readonly dense: DenseIndex;
  private readonly bm25: Bm25Index;
  private readonly pieces: PieceIndex | undefined;
  private readonly embeddings: EmbeddingsInterface;
  private readonly layout: DocumentLayout;
  private readonly fusion: FusionMethod;
  private readonly denseWeight: number;
  private readonly rrfK: number;
  private readonly mmrLambda: number;
  private readonly queryTermOptions: QueryTermOptions;
  private readonly pieceWeight: number;
  private readonly queryPieceOptions: QueryTermOptions;
  private readonly passageSettings: PassageSettings;
  // Per-label filter keys, precomputed so that a filter callback costs a few array reads.
  private readonly platforms: string[];
  private readonly sources: string[];
  private readonly days: string[];
  private readonly chunkTerms = new Map<number, string[]>();
  private readonly pieceBags = new Map<number, PieceBag>();
  private pieceBagEntries = 0;

  constructor(contents: IndexContents, settings: RetrieverSettings = {}) {
    this.manifest = contents.manifest;
    this.chunks = contents.chunks;
    this.dense = contents.dense;
    this.bm25 = contents.bm25;
    this.pieces = contents.pieces;
    this.embeddings = contents.embeddings;
    this.embedder = this.manifest.embedder;
    this.size = this.chunks.length;
    this.layout = DocumentLayout.fromChunkDocIds(this.chunks.map((c) => c.docId));
    for (const [what, size] of [
      ["BM25", this.bm25.size],
      ["pieces", this.pieces?.size ?? this.layout.documents],
    ] as const) {
      if (this.layout.documents !== size) {
        throw new Error(
          `index files disagree: ${this.layout.documents} documents in chunks, ${size} in ${what}`,
        );
      }
    }
    this.fusion = settings.fusion ?? "absolute";
    this.denseWeight = settings.denseWeight ?? DEFAULT_DENSE_WEIGHT;
    this.rrfK = settings.rrfK ?? RRF_K;
    this.mmrLambda = settings.mmrLambda ?? 0.7;
    this.queryTermOptions = { ...DEFAULT_QUERY_TERMS, ...settings.queryTerms };
    this.pieceWeight = settings.pieceWeight ?? DEFAULT_PIECE_WEIGHT;
    this.queryPieceOptions = { ...DEFAULT_QUERY_PIECES, ...settings.queryPieces };
    this.passageSettings = { ...DEFAULT_PASSAGES, ...settings.passages, denseWeight: this.denseWeight };
    this.platforms = this.chunks.map((c) => c.meta.platform.toLowerCase());
    this.sources = this.chunks.map((c) => c.meta.source.toLowerCase());
    // An imputed date (the import day) is no day of the text: no date filter matches it and no range counts it.
    this.days = this.chunks.map((c) => (c.meta.dateImputed ? "" : c.meta.date.slice(0, 10)));
  }

  hasDocument(docId: string): boolean {
    return Object.hasOwn(this.manifest.docHashes, docId);
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
    const mode = options.mode ?? "hybrid";
    const pool = Math.max(50, 4 * k);
    const accept = this.filterFor(options.filters);
    const acceptDoc = accept && ((doc: number) => accept(this.layout.firstChunk(doc)));

    const terms = selectQueryTerms(searchTerms(query), this.bm25, this.queryTermOptions);
    // The query is embedded even for BM25 alone, so that MMR and passages have a vector and a wrong embedder is
    // still caught.
    const vector = await this.queryVector(query);
    const lexical = mode === "dense" ? [] : this.bm25.search(terms, pool, acceptDoc);
    // Twice as many chunks as documents wanted: a long document's chunks take several places.
    const denseChunks =
      vector && mode !== "bm25" ? this.dense.search(vector, Math.min(this.size, 2 * pool), accept) : [];

    if (options.granularity === "passage") {
      return this.passageResults(k, options.mmr, { terms, vector, lexical, denseChunks, mode });
    }
    let dense = bestChunkPerDocument(denseChunks, this.layout);
    if (mode === "hybrid" && vector) dense = this.withLexicalDocuments(dense, lexical, vector);
    const denseDocs = dense.map((hit) => ({ id: hit.doc, score: hit.score }));
    // On 0..1 whatever the fusion (the relative fusion and RRF do not see a common factor), so that the
    // pieces' score can be added to it.
    const ideal = this.bm25.idealScore(terms) || 1;
    let lexicalDocs = lexical.map((hit) => ({ id: hit.doc, score: hit.score / ideal }));
    let picked = this.fuse(denseDocs, lexicalDocs, mode);
    if (mode !== "dense" && this.pieces && this.pieceWeight > 0) {
      lexicalDocs = this.withPieces(query, picked.slice(0, pool), lexicalDocs, this.pieces);
      picked = this.fuse(denseDocs, lexicalDocs, mode);
    }
    if (options.mmr && picked.length > k) {
      const bestChunk = new Map(dense.map((hit) => [hit.doc, hit.label]));
      picked = this.diversify(picked, k, vector, (doc) => bestChunk.get(doc) ?? this.layout.firstChunk(doc));
    }
    return picked.slice(0, k).map(({ id, score }) => this.documentResult(id, score, terms, vector));
  }

  /** Chunks compete: the BM25 ranking is spread over each document's chunks by their own term scores. */
  private passageResults(
    k: number,
    diverse: boolean | undefined,
    found: {
      terms: QueryTerm[];
      vector: number[] | null;
      lexical: Bm25Hit[];
      denseChunks: ScoredLabel[];
      mode: SearchOptions["mode"];
    },
  ): Passage[] {
    const { terms, vector, lexical, mode } = found;
    const ideal = this.lexicalScale(terms);
    const lexicalChunks: ScoredLabel[] = [];
    for (const hit of lexical) {
      const labels = this.layout.chunksOf(hit.doc);
      const scores = labels.length > 1 ? this.termScores(labels, terms) : [1];
      const best = Math.max(...scores);
      labels.forEach((label, i) => {
        // A chunk of the document scores as the document times its share of the best chunk's terms.
        if (best > 0 && scores[i] > 0) {
          lexicalChunks.push({ label, score: (hit.score * scores[i]) / (best * ideal) });
        }
      });
    }
    lexicalChunks.sort(bySimilarity);
    let dense = found.denseChunks;
    if (mode === "hybrid" && vector) dense = this.withLexicalChunks(dense, lexicalChunks, vector);
    let picked = this.fuse(
      dense.map((hit) => ({ id: hit.label, score: hit.score })),
      lexicalChunks.map((hit) => ({ id: hit.label, score: hit.score })),
      mode,
    );
    if (diverse && picked.length > k) picked = this.diversify(picked, k, vector, (label) => label);
    return picked.slice(0, k).map(({ id, score }) => this.passage(id, score));
  }

  /**
   * The lexical ranking with the character pieces: each candidate (the best documents of the first fusion) scores
   * its words' share of their ideal score plus pieceWeight times its pieces' share, over 1 + pieceWeight; the
   * rest of the words' ranking keeps its words' share on the same scale. Counting pieces only for candidates is
   * what keeps them cheap (pieces.ts), and the documents below the first fusion's best `pool` did not move up
   * when every document was rescored (docs/retrieval.md).
   */
  private withPieces(query: string, candidates: Scored[], lexical: Scored[], pieces: PieceIndex): Scored[] {
    const pieceQuery = pieces.query(query, this.queryPieceOptions);
    if (pieceQuery.length === 0) return lexical;
    const score = pieces.scorer(pieceQuery);
    const weight = this.pieceWeight;
    const words = new Map(lexical.map((hit) => [hit.id, hit.score]));
    const rescored: Scored[] = [];
    const seen = new Set<number>();
    for (const { id: doc } of candidates) {
      seen.add(doc);
      const combined = ((words.get(doc) ?? 0) + weight * score(doc, this.pieceBag(doc))) / (1 + weight);
      if (combined > 0) rescored.push({ id: doc, score: combined });
    }
    for (const hit of lexical)
      if (!seen.has(hit.id)) rescored.push({ id: hit.id, score: hit.score / (1 + weight) });
    return rescored.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** A document's pieces (title and chunks), counted once and kept while the cache has room. */
  private pieceBag(doc: number): PieceBag {
    let bag = this.pieceBags.get(doc);
    if (!bag) {
      const labels = this.layout.chunksOf(doc);
      const title = this.chunks[labels[0]].meta.title;
      bag = PieceBag.of(
        title,
        labels.map((label) => this.chunks[label].text),
        this.pieces?.params.titleWeight ?? 1,
      );
      if (this.pieceBagEntries + bag.keys.length > PIECE_CACHE_ENTRIES) {
        this.pieceBags.clear();
        this.pieceBagEntries = 0;
      }
      this.pieceBags.set(doc, bag);
      this.pieceBagEntries += bag.keys.length;
    }
    return bag;
  }

  /** What BM25 scores are divided by: the query's ideal score for the absolute fusion (the others rescale). */
  private lexicalScale(terms: readonly QueryTerm[]): number {
    return this.fusion === "absolute" ? this.bm25.idealScore(terms) || 1 : 1;
  }

  /**
   * Merges the dense and BM25 rankings into scores in 0..1. With the relative fusion or RRF one ranking alone
   * (dense or bm25 mode) gives its first hit 1; with the absolute fusion a hit keeps its own cosine or share of
   * the ideal BM25 score.
   */
  private fuse(dense: Scored[], lexical: Scored[], mode: SearchOptions["mode"]): Scored[] {
    const lists = mode === "dense" ? [dense] : mode === "bm25" ? [lexical] : [dense, lexical];
    const weights = mode === "hybrid" || mode === undefined ? [this.denseWeight, 1 - this.denseWeight] : [1];
    if (this.fusion === "relative") return scoreFusion(lists, weights);
    if (this.fusion === "absolute") return scoreFusion(lists, weights, ["absolute", "absolute"]);
    const fused = rankFusion(
      lists.map((list) => list.map((item) => item.id)),
      this.rrfK,
      weights,
    );
    // Scaled so that an item first in every ranking scores 1.
    const best = rankFusionCeiling(weights, this.rrfK);
    return fused.map(({ id, score }) => ({ id, score: score / best }));
  }

  /** MMR over the best `max(3k, 10)` candidates, each represented by one chunk's vector. */
  private diversify(
    picked: Scored[],
    k: number,
    vector: number[] | null,
    labelOf: (id: number) => number,
  ): Scored[] {
    const candidates = picked.slice(0, Math.max(3 * k, 10)).map((c) => ({
      ...c,
      relevance: c.score,
      vector: this.dense.row(labelOf(c.id)),
    }));
    return mmr(vector ?? [], candidates, this.mmrLambda, k);
  }

  /**
   * The dense document ranking completed with BM25's documents, each placed by the exact cosine of its best
   * chunk: an approximate graph search, or the chunk pool, sometimes misses a document that BM25 found, and a
   * few dozen dot products put it where an exact dense search would have.
   */
  private withLexicalDocuments(dense: DocumentHit[], lexical: Bm25Hit[], vector: number[]): DocumentHit[] {
    const seen = new Set(dense.map((hit) => hit.doc));
    const added: DocumentHit[] = [];
    for (const { doc } of lexical) {
      if (seen.has(doc)) continue;
      let best: DocumentHit | null = null;
      for (const label of this.layout.chunksOf(doc)) {
        const score = this.dense.cosine(label, vector);
        if (score > 0 && (!best || score > best.score)) best = { doc, score, label };
      }
      if (best) added.push(best);
    }
    if (added.length === 0) return dense;
    return [...dense, ...added].sort((a, b) => b.score - a.score || a.label - b.label);
  }

  /** The same at chunk level, for passage granularity. */
  private withLexicalChunks(dense: ScoredLabel[], lexical: ScoredLabel[], vector: number[]): ScoredLabel[] {
    const seen = new Set(dense.map((hit) => hit.label));
    const added: ScoredLabel[] = [];
    for (const { label } of lexical) {
      if (seen.has(label)) continue;
      const score = this.dense.cosine(label, vector);
      if (score > 0) added.push({ label, score });
    }
    if (added.length === 0) return dense;
    return [...dense, ...added].sort(bySimilarity);
  }

  /** A document as a result: its best passage (text and id), the document's score, and its other good passages. */
  private documentResult(doc: number, score: number, terms: QueryTerm[], vector: number[] | null): Passage {
    const labels = this.layout.chunksOf(doc);
    if (labels.length === 1) return this.passage(labels[0], score);
    const chosen = this.choosePassages(labels, terms, vector);
    const result = this.passage(chosen[0].label, score);
    if (chosen.length > 1) {
      result.otherPassages = chosen.slice(1).map(({ label, score: share }) => ({
        id: this.chunks[label].id,
        text: this.chunks[label].text,
        score: share,
      }));
    }
    return result;
  }

  private choosePassages(labels: number[], terms: QueryTerm[], vector: number[] | null): PassageChoice[] {
    const cosines = labels.map((label) => (vector ? this.dense.cosine(label, vector) : 0));
    return choosePassages(labels, cosines, this.termScores(labels, terms), this.passageSettings);
  }

  /** BM25 of chunks of one document for the query's terms (passages.ts). */
  private termScores(labels: readonly number[], terms: QueryTerm[]): number[] {
    const chunkTerms = labels.map((label) => {
      let cached = this.chunkTerms.get(label);
      if (!cached) {
        if (this.chunkTerms.size >= CHUNK_TERMS_CACHE) this.chunkTerms.clear();
        cached = searchTerms(this.chunks[label].text);
        this.chunkTerms.set(label, cached);
      }
      return cached;
    });
    return chunkTermScores(chunkTerms, terms, (term) => this.bm25.idf(term), this.bm25.params);
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
    return this.dense.graphSearch(vector as number[], Math.min(n, this.size), accept, options.efSearch);
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

  private filterFor(filters: Filters | undefined): ChunkFilter | undefined {
    if (!filters) return undefined;
    const platforms = filters.platform?.length ? new Set(filters.platform.map((p) => p.toLowerCase())) : null;
    const sources = filters.source?.length ? new Set(filters.source.map((s) => s.toLowerCase())) : null;
    const { dateFrom, dateTo } = filters;
    if (!platforms && !sources && !dateFrom && !dateTo) return undefined;
    const dated = Boolean(dateFrom || dateTo);
    return (label) =>
      (!platforms || platforms.has(this.platforms[label])) &&
      (!sources || sources.has(this.sources[label])) &&
      // A date filter means the texts' own dates: an undated chunk (day "") matches none.
      (!dated || this.days[label] !== "") &&
      (!dateFrom || this.days[label] >= dateFrom) &&
      (!dateTo || this.days[label] <= dateTo);
  }

  private passage(label: number, score: number): Passage {
    const chunk = this.chunks[label];
    return { id: chunk.id, docId: chunk.docId, text: chunk.text, score, meta: { ...chunk.meta } };
  }
}
