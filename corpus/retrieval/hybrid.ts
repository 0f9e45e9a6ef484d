// Opening the index of a corpus for search: the manifest checked against the embedder, the chunk store, vectors,
// HNSW graphs and document BM25 read and checked against each other, and the retriever over them.
import path from "node:path";
import { readFile } from "node:fs/promises";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import { AppError } from "../../contract/errors";
import {
  hnswFileName,
  INDEX_FILES,
  indexDir,
  readGraphLabels,
  readManifest,
  readStoredChunks,
  readVectors,
} from "../pipeline/indexFormat";
import { type Bm25Json, type Bm25Params, Bm25Index } from "./bm25";
import { DenseIndex } from "./dense";
import { type PieceIndexJson, PieceIndex } from "./pieces";
import { HybridRetriever, type RetrieverSettings } from "./hybridRetriever";

export {
  HybridRetriever,
  DEFAULT_DENSE_WEIGHT,
  DEFAULT_PIECE_WEIGHT,
  type RetrieverSettings,
} from "./hybridRetriever";
export type { ScoredLabel } from "./dense";

export interface OpenRetrieverOptions extends RetrieverSettings {
  corpusDir: string;
  embeddings: EmbeddingsInterface;
  /** The embedder the caller will query with; must be the one that built the index. */
  embedderId: string;
  /**
   * BM25 settings that apply at query time without a rebuild (the title weight is part of the stored term
   * frequencies): for sweeps and comparisons. Default: the index's.
   */
  bm25?: Partial<Pick<Bm25Params, "k1" | "b" | "groupPrior">>;
  /** The same for the character pieces' BM25 (the title weight is part of their stored counts). */
  pieces?: Partial<Pick<Bm25Params, "k1" | "b" | "groupPrior">>;
  /**
   * Gives the event loop a turn every few thousand chunk lines: a server that swaps in a new index while it answers
   * (the corpus page) must not stop for the whole parse. Off by default (a start-up or a CLI wants it fastest).
   */
  cooperative?: boolean;
}

/** Chunk lines parsed between two turns of the event loop when opening cooperatively (about 10 ms of parsing). */
const COOPERATIVE_SLICE_LINES = 2000;

/** Why index files did not load, in one short line (the cause's own message: "Maximum call stack size exceeded"). */
function unreadableDetail(err: unknown): string {
  const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split("\n")[0] ?? "";
  return message.length > 200 ? `${message.slice(0, 199)}…` : message;
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
    const [chunks, bm25Json, piecesJson, vectors, labels] = await Promise.all([
      readStoredChunks(dir, options.cooperative ? { sliceLines: COOPERATIVE_SLICE_LINES } : {}),
      readFile(path.join(dir, INDEX_FILES.bm25), "utf8").then((raw) => JSON.parse(raw) as Bm25Json),
      readFile(path.join(dir, INDEX_FILES.pieces), "utf8").then((raw) => JSON.parse(raw) as PieceIndexJson),
      readVectors(path.join(dir, INDEX_FILES.vectors)),
      readGraphLabels(dir, manifest),
    ]);
    const graphs = await Promise.all(
      Array.from({ length: manifest.hnsw.shards }, async (_, shard) => {
        const graph = new hnswlib.HierarchicalNSW(manifest.hnsw.space, manifest.dimensions);
        await graph.readIndex(path.join(dir, hnswFileName(shard)));
        return graph;
      }),
    );
    // The graphs hold every point an update left, the deleted ones too.
    const inGraphs = graphs.reduce((sum, graph) => sum + graph.getCurrentCount(), 0);
    const counts = [chunks.length, labels?.length ?? -1, vectors.length / Math.max(1, manifest.dimensions)];
    if (counts.some((count) => count !== manifest.chunks) || inGraphs !== manifest.graph.points) {
      throw new Error(
        `index files disagree: ${manifest.chunks} chunks and ${manifest.graph.points} graph points in the ` +
          `manifest, ${counts.join("/")} chunks and ${inGraphs} points stored`,
      );
    }
    const overrides = Object.entries(options.bm25 ?? {}).filter(([, value]) => value !== undefined);
    const bm25 = Bm25Index.fromJSON({ ...bm25Json, ...Object.fromEntries(overrides) });
    const dense = new DenseIndex(
      graphs,
      vectors,
      manifest.dimensions,
      {
        efSearch: options.efSearch ?? manifest.hnsw.efSearch,
        exactScanBudget: options.exactScanBudget ?? 250_000,
      },
      labels ?? undefined,
    );
    const pieceOverrides = Object.entries(options.pieces ?? {}).filter(([, value]) => value !== undefined);
    const pieces = PieceIndex.fromJSON({ ...piecesJson, ...Object.fromEntries(pieceOverrides) });
    return new HybridRetriever({ manifest, chunks, dense, bm25, pieces, embeddings }, options);
  } catch (err) {
    // The index is there but does not load: not "missing" (building it again as if it were would not help when its
    // corpus is unchanged); the fix is a full rebuild, or taking out the change that made it.
    throw new AppError("corpus:index_unreadable", { detail: unreadableDetail(err) }, { cause: err });
  }
}
