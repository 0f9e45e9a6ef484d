// The plan of an index update (buildIndex.ts): which chunks keep their point in the previous index's graphs, which
// get a new one and which old points are marked deleted; and which documents keep their BM25 and pieces entries.
// The chunks, vectors and lexical files of an update are exactly a full build's; only the graphs differ (their
// labels are mapped to rows by labels.i32).
import type { CorpusRecord } from "../../contract/corpus";
import { chunkStarts } from "../retrieval/documentBm25";
import { PieceBag } from "../retrieval/pieces";
import { type PreviousVectors, type StoredChunk } from "./indexFormat";

/** How the graphs of the previous index become this build's. */
export interface GraphUpdate {
  /** The graph label of each row of the new index. */
  labelOf: Int32Array;
  /** Rows whose points are added, under new labels (the previous index's `points` onwards). */
  added: number[];
  /** Labels of the previous points that no row keeps: marked deleted. */
  deletedLabels: number[];
  /** Labels in the graphs after the update, deleted ones included. */
  points: number;
  /** Deleted points in the graphs after the update. */
  deleted: number;
}

/** What an update starts from: the previous index's graph labels (one per previous row) and point counts. */
export interface GraphBase {
  labels: Int32Array;
  points: number;
  deleted: number;
}

export interface GraphLimits {
  maxChangedShare: number;
  maxDeletedShare: number;
}

/**
 * Plans an update from, for each new row, the previous row whose vector it took over (-1 for none): such a row
 * keeps the previous point, every other row gets a new one. Refused ("changes") when the points added and deleted
 * are more than `maxChangedShare` of the rows, or ("deleted") when deleted points would be more than
 * `maxDeletedShare` of the graphs' points.
 */
export function planGraphUpdate(
  base: GraphBase,
  previousRow: readonly number[],
  limits: GraphLimits,
): { ok: true; update: GraphUpdate } | { ok: false; reason: "changes" | "deleted" } {
  const rows = previousRow.length;
  const kept = new Uint8Array(base.labels.length);
  const labelOf = new Int32Array(rows);
  const added: number[] = [];
  let next = base.points;
  for (let row = 0; row < rows; row++) {
    const old = previousRow[row];
    if (old >= 0 && old < base.labels.length && kept[old] === 0) {
      kept[old] = 1;
      labelOf[row] = base.labels[old];
    } else {
      labelOf[row] = next++;
      added.push(row);
    }
  }
  const deletedLabels: number[] = [];
  for (let old = 0; old < base.labels.length; old++)
    if (kept[old] === 0) deletedLabels.push(base.labels[old]);
  const points = next;
  const deleted = base.deleted + deletedLabels.length;
  if (added.length + deletedLabels.length > limits.maxChangedShare * rows)
    return { ok: false, reason: "changes" };
  if (deleted > limits.maxDeletedShare * points) return { ok: false, reason: "deleted" };
  return { ok: true, update: { labelOf, added, deletedLabels, points, deleted } };
}

/** The previous index's documents: in chunk order, each with its first row and its number of chunks. */
function previousDocuments(chunks: readonly StoredChunk[]): {
  docOfRow: Int32Array;
  start: number[];
  count: number[];
} {
  const docOfRow = new Int32Array(chunks.length);
  const start: number[] = [];
  const count: number[] = [];
  chunks.forEach((chunk, row) => {
    if (row === 0 || chunks[row - 1].docId !== chunk.docId) {
      start.push(row);
      count.push(0);
    }
    docOfRow[row] = start.length - 1;
    count[count.length - 1]++;
  });
  return { docOfRow, start, count };
}

/**
 * For each record (with its documentHash), the previous index's document it is unchanged from (same document hash, and its chunks are the
 * previous document's, in order, with their vectors taken over), or -1: BM25 and the pieces keep that document's
 * entry. Also the number of previous documents, to check against the previous BM25 and pieces.
 */
export function lexicalKeep(
  records: readonly CorpusRecord[],
  documentHashes: readonly string[],
  chunks: readonly StoredChunk[],
  previousRow: readonly number[],
  previous: PreviousVectors,
): { keep: Int32Array; previousDocuments: number } {
  const old = previousDocuments(previous.chunks);
  const hashes = previous.manifest.docHashes;
  const starts = chunkStarts(
    records.map((record) => record.id),
    chunks,
  );
  const keep = new Int32Array(records.length).fill(-1);
  records.forEach((record, doc) => {
    const first = starts[doc];
    const end = starts[doc + 1];
    if (end === first || previousRow[first] < 0) return;
    const oldDoc = old.docOfRow[previousRow[first]];
    if (old.count[oldDoc] !== end - first || previous.chunks[old.start[oldDoc]].docId !== record.id) return;
    for (let row = first; row < end; row++) {
      if (previousRow[row] !== old.start[oldDoc] + (row - first)) return;
    }
    if (!Object.hasOwn(hashes, record.id) || hashes[record.id] !== documentHashes[doc]) return;
    keep[doc] = oldDoc;
  });
  return { keep, previousDocuments: old.start.length };
}

/** The pieces of the previous documents that no record keeps (counted from the previous chunk store). */
export function* removedPieceBags(
  chunks: readonly StoredChunk[],
  keep: Int32Array,
  titleWeight: number,
): Generator<PieceBag> {
  const old = previousDocuments(chunks);
  const kept = new Uint8Array(old.start.length);
  for (const doc of keep) if (doc >= 0) kept[doc] = 1;
  for (let doc = 0; doc < old.start.length; doc++) {
    if (kept[doc] === 1) continue;
    const texts: string[] = [];
    for (let row = old.start[doc]; row < old.start[doc] + old.count[doc]; row++) texts.push(chunks[row].text);
    yield PieceBag.of(chunks[old.start[doc]].meta.title, texts, titleWeight);
  }
}
