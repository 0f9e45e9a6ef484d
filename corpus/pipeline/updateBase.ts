// Whether a build may update the previous index instead of building it anew (./incrementalUpdate.ts does the update),
// and how much may change for that: the same embedder size, settings and shard count, the previous graphs, BM25 and
// pieces on disk with their labels, and changes within UPDATE_LIMITS.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Bm25Params } from "../retrieval/bm25";
import { DOCUMENT_BM25, DOCUMENT_PIECES } from "../retrieval/documentBm25";
import { hnswFileName, type HnswParams } from "./hnswShards";
import {
  type BuildReason,
  DEFAULT_HNSW,
  INDEX_FILES,
  indexDir,
  OLDEST_UPDATABLE_VERSION,
  type PreviousVectors,
  readGraphLabels,
} from "./indexFormat";

/** The settings a build is asked for (BuildIndexOptions' own fields). */
export interface SettingsAsked {
  hnsw?: Partial<HnswParams>;
  bm25?: Partial<Bm25Params>;
  pieces?: Partial<Bm25Params>;
}

/** What decides whether a build may update (BuildIndexOptions' own fields). */
export interface UpdateAsked extends SettingsAsked {
  corpusDir: string;
  rebuild?: boolean;
  incremental?: false | Partial<UpdateLimits>;
}

/** How much may change for a build to update the previous index rather than build it anew. */
export interface UpdateLimits {
  /** Points added plus points deleted, as a share of the chunks after the build. */
  maxChangedShare: number;
  /** Deleted points (old and new) as a share of the graphs' points after the build. */
  maxDeletedShare: number;
}

/**
 * An update costs the inserts of its new points (a rebuild inserts all of them) but leaves the removed points in
 * the graphs, marked deleted: searches still walk through them, so they cost time and, as they pile up, recall.
 * Up to a tenth of the chunks changed the update does at most a tenth of a rebuild's inserts (bench:incremental:
 * 50k chunks, 2 or 200 added, in a fraction of a rebuild's time, with the same documents found); beyond it the
 * gain shrinks while large imports are rare enough to pay for a clean graph. A fifth of the graph deleted bounds
 * the dead weight that repeated updates accumulate before a rebuild clears it.
 */
export const UPDATE_LIMITS: UpdateLimits = { maxChangedShare: 0.1, maxDeletedShare: 0.2 };

/** What an update starts from: the previous index's graph labels and settings. */
export interface UpdateBase {
  /** The graph label of each previous row. */
  labels: Int32Array;
  points: number;
  deleted: number;
  hnsw: HnswParams;
  version: number;
}

/** The settings a build asks for, with the shard count still open (the corpus decides it). */
export function requestedSettings(options: SettingsAsked) {
  return {
    hnsw: { ...DEFAULT_HNSW, ...options.hnsw },
    bm25: { ...DOCUMENT_BM25, ...options.bm25 },
    pieces: { ...DOCUMENT_PIECES, ...options.pieces },
  };
}

function sameParams(a: object, b: object): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(
    (key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key],
  );
}

/** Whether the previous index can be updated by this build, and if not, why. */
export async function updateBase(
  options: UpdateAsked,
  previous: PreviousVectors | null,
): Promise<{ base: UpdateBase | null; reason: BuildReason }> {
  if (options.rebuild || options.incremental === false) return { base: null, reason: "rebuild" };
  const manifest = previous?.manifest;
  if (
    !manifest ||
    manifest.version < OLDEST_UPDATABLE_VERSION ||
    !manifest.hnsw ||
    !manifest.bm25 ||
    !manifest.pieces
  ) {
    return { base: null, reason: "no_previous" };
  }
  const wanted = requestedSettings(options);
  const { efSearch: _old, ...graph } = manifest.hnsw;
  const { efSearch: _new, shards, ...asked } = wanted.hnsw as HnswParams;
  if (
    !sameParams({ ...asked, shards: shards ?? graph.shards }, graph) ||
    !sameParams(wanted.bm25, manifest.bm25) ||
    !sameParams(wanted.pieces, manifest.pieces)
  ) {
    return { base: null, reason: "settings" };
  }
  const dir = indexDir(options.corpusDir);
  const shardFiles = Array.from({ length: graph.shards }, (_, s) => path.join(dir, hnswFileName(s)));
  const others = [INDEX_FILES.bm25, INDEX_FILES.pieces].map((name) => path.join(dir, name));
  if (![...shardFiles, ...others].every((file) => existsSync(file)))
    return { base: null, reason: "no_previous" };
  const labels = await readGraphLabels(dir, manifest).catch(() => null);
  if (!labels) return { base: null, reason: "no_previous" };
  return {
    base: {
      labels,
      points: manifest.graph?.points ?? manifest.chunks,
      deleted: manifest.graph?.deleted ?? 0,
      hnsw: { ...manifest.hnsw, efSearch: wanted.hnsw.efSearch },
      version: manifest.version,
    },
    reason: "updated",
  };
}
