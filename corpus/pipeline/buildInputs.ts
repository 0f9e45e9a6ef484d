// What an index build is asked for (BuildIndexOptions) and what it opens before its first step (openInputs): the
// embedder's size, the cleaned corpus, the previous index's vectors, whether that index may be updated
// (updateBase.ts) and the resume cache of an interrupted build. buildIndex.ts runs the build from them.
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Bm25Params } from "../retrieval/bm25";
import { type CleanedCorpusReader, openCleanedCorpus } from "./cleanedCorpus";
import { EmbeddingCache } from "./embeddingCache";
import type { HnswParams } from "./hnswShards";
import { type BuildReason, type PreviousVectors, readPreviousVectors, resumeFile } from "./indexFormat";
import { updateBase, type UpdateBase, type UpdateLimits } from "./updateBase";

/**
 * "read": reading the previous index's chunks and vectors and parsing, chunking and hashing the cleaned corpus
 * (done = lines parsed); "embed": computing vectors; "graph": inserting them into the HNSW graph (the last two
 * overlap in time; an update's graph counts only the points it adds).
 */
export type IndexPhase = "read" | "embed" | "graph";

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
  /**
   * The resume cache's file (default `<corpusDir>/.index-resume.bin`). A build in a staging corpus (the corpus page's
   * rebuild) names the real corpus folder's, which outlives the staging folder that a restart resets.
   */
  resumeFile?: string;
  /**
   * Leave the resume file in place when the build is done, for the caller to delete once the new index is committed
   * (a staged build's index is not in use yet: a rebuild taken over after a restart still needs those vectors).
   */
  keepResumeFile?: boolean;
  /** Settings of the document BM25 (default DOCUMENT_BM25: measured, docs/retrieval.md); for benchmarks. */
  bm25?: Partial<Bm25Params>;
  /** Settings of the character pieces (default DOCUMENT_PIECES); for benchmarks. */
  pieces?: Partial<Bm25Params>;
  /**
   * When the previous index may be updated instead of rebuilt (see UPDATE_LIMITS); false always builds the
   * graphs, BM25 and the pieces from every chunk (vectors are still reused), as benchmarks compare.
   */
  incremental?: false | Partial<UpdateLimits>;
}

/** What a build starts from: the embedder's size, the cleaned corpus, and the vectors it may reuse. */
export interface BuildInputs {
  dimensions: number;
  reader: CleanedCorpusReader;
  /** The previous index's vectors by chunk id (same embedder and size), unless rebuilding. */
  previous: PreviousVectors | null;
  /** Set when the previous index can be updated (its settings are this build's): how its graphs are labelled. */
  updatable: UpdateBase | null;
  /** Why the build is full when `updatable` is null. */
  fullReason: BuildReason;
  cache: EmbeddingCache | null;
  /** Whether any vector can be reused at all: if not, text hashes wait for the chunk's batch. */
  canReuse: boolean;
}

export async function openInputs(options: BuildIndexOptions): Promise<BuildInputs> {
  const { corpusDir, embeddings, embedderId, onProgress } = options;
  // The first thing a build does is read: the previous index and the corpus (seconds on a large corpus).
  onProgress?.(0, 1, "read");
  // The embedder says its size up front: reused vectors of another size (the same id with another dimensions
  // option) must not be mixed with new ones, and an empty corpus still records it for query checks.
  const dimensions = (await embeddings.embedQuery("dimensiune")).length;
  if (dimensions === 0) throw new Error("the embedder returned an empty vector");
  const reader = await openCleanedCorpus(corpusDir);
  const loaded = options.rebuild ? null : await readPreviousVectors(corpusDir, embedderId);
  const previous = loaded?.dimensions === dimensions ? loaded : null;
  const { base, reason } = await updateBase(options, previous);
  const cache =
    options.resume === false
      ? null
      : await EmbeddingCache.open(options.resumeFile ?? resumeFile(corpusDir), embedderId);
  const canReuse = (previous?.byChunk.size ?? 0) > 0 || (cache?.dimensions ?? 0) === dimensions;
  return { dimensions, reader, previous, updatable: base, fullReason: reason, cache, canReuse };
}
