// The manifest of a finished build (indexFormat.ts says what it holds): what the build did, counted from its
// records, chunks and graph update, and its rendering into manifest.json with the per-document hashes last.
import type { Bm25Index } from "../retrieval/bm25";
import type { PieceIndex } from "../retrieval/pieces";
import type { CorpusRecord } from "../../contract/corpus";
import type { CleanedCorpusReader } from "./cleanedCorpus";
import type { HnswParams } from "./hnswShards";
import type { GraphUpdate } from "./incrementalUpdate";
import {
  type BuildReason,
  corpusHash,
  INDEX_FORMAT_VERSION,
  type IndexManifest,
  type ReusableManifest,
  type StoredChunk,
} from "./indexFormat";

/** What a build knows once its files are written (buildIndex.ts's IndexBuild). */
export interface FinishedBuild {
  records: readonly CorpusRecord[];
  chunks: readonly StoredChunk[];
  /** Rows of the chunks this build embedded. */
  pending: readonly number[];
  documentHashes(): string[];
  hnswParams: HnswParams;
  update: GraphUpdate | null;
  reason: BuildReason;
  reused: number;
  resumed: number;
}

/** The manifest of a build, with builtAt and build.ms still to be set when its files are written. */
export function describeBuild(
  build: FinishedBuild,
  reader: Pick<CleanedCorpusReader, "skippedLines" | "duplicateIds">,
  { lexical, pieces }: { lexical: Bm25Index; pieces: PieceIndex },
  previousManifest: ReusableManifest | null,
  embedder: { id: string; dimensions: number },
): IndexManifest {
  const { records, chunks, pending } = build;
  // A Map, then Object.fromEntries: ids such as "__proto__" or "constructor" must stay plain keys.
  const hashById = new Map<string, string>();
  const hashes = build.documentHashes();
  records.forEach((record, i) => hashById.set(record.id, hashes[i]));
  const embeddedDocs = new Set(pending.map((i) => chunks[i].docId));
  const oldHashes = new Map(Object.entries(previousManifest?.docHashes ?? {}));
  const docHashes = Object.fromEntries(hashById);
  return {
    version: INDEX_FORMAT_VERSION,
    embedder: embedder.id,
    dimensions: embedder.dimensions,
    chunks: chunks.length,
    documents: records.length,
    corpusHash: corpusHash(docHashes),
    docHashes,
    builtAt: "",
    hnsw: build.hnswParams,
    bm25: { ...lexical.params },
    pieces: { ...pieces.params },
    graph: build.update
      ? { points: build.update.points, deleted: build.update.deleted }
      : { points: chunks.length, deleted: 0 },
    build: {
      mode: build.update ? "incremental" : "full",
      reason: build.reason,
      pointsAdded: build.update ? build.update.added.length : chunks.length,
      pointsDeleted: build.update ? build.update.deletedLabels.length : 0,
      embedded: pending.length,
      reused: build.reused,
      resumed: build.resumed,
      embeddedDocuments: embeddedDocs.size,
      addedDocuments: [...hashById.keys()].filter((id) => !oldHashes.has(id)).length,
      changedDocuments: [...hashById].filter(([id, hash]) => oldHashes.has(id) && oldHashes.get(id) !== hash)
        .length,
      removedDocuments: [...oldHashes.keys()].filter((id) => !hashById.has(id)).length,
      skippedLines: reader.skippedLines,
      duplicateIds: reader.duplicateIds,
      ms: 0,
    },
  };
}

/**
 * The docHashes member of manifest.json, rendered apart: with a hash per document it is most of the file (7 MB
 * at 85k documents, about 70 ms to render), and it is known before the graph is written, the time fields after.
 */
export function renderDocHashes(docHashes: Record<string, string>): string {
  // '{\n  "docHashes": {...}\n}' without the outer braces: the member at the indentation of a top-level key.
  return JSON.stringify({ docHashes }, null, 2).slice(1, -2);
}

/** manifest.json: the manifest, indented, with the document hashes last (rendered by renderDocHashes). */
export function renderManifest(manifest: IndexManifest, docHashesJson: string): string {
  const { docHashes: _rendered, ...rest } = manifest;
  return `${JSON.stringify(rest, null, 2).slice(0, -2)},${docHashesJson}\n}\n`;
}
