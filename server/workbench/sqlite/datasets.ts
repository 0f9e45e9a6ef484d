// Data sets and their rows in SQLite. An import writes its rows in slices (the event loop runs between them) under a
// data set that stays invisible until `commitDataset`; a failed import is removed whole, so nothing is half-imported.
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import {
  emptyImportReport,
  type DatasetGuidelines,
  type DatasetSummary,
  type ImportReport,
  type ReviewField,
  type ReviewSample,
} from "../../../contract/workbench";
import { GuidelinesConflict } from "../guidelinesConflict";
import { isStale, nextStamp } from "../labelConflict";
import type { DatasetItem, NewDataset } from "../store";

export interface DatasetRow {
  id: string;
  name: string;
  source: DatasetSummary["source"];
  source_file: string;
  format: DatasetSummary["format"];
  encoding: string;
  bytes: number;
  rows: number;
  mapping: string;
  report: string | null;
  review_sample: string | null;
  user_id: string;
  shared: number;
  blind_review: number;
  /** Absent from a row read before the column existed (never: ./schema.ts adds it on open). */
  overlap?: number | null;
  created_at: string;
}

/** The guidelines columns of a data set's row (./schema.ts). */
export interface GuidelinesRow {
  guidelines: string | null;
  guidelines_updated_at: string | null;
  guidelines_updated_by: string | null;
}

export function toGuidelines(row: GuidelinesRow | undefined): DatasetGuidelines | null {
  if (!row?.guidelines) return null;
  return {
    text: row.guidelines,
    updatedAt: row.guidelines_updated_at ?? "",
    updatedBy: row.guidelines_updated_by ?? "",
  };
}

/** The guidelines columns as a save writes them: all three set, or all three NULL (cleared). */
export function guidelinesColumns(
  text: string | null,
  updatedBy: string,
  now: Date = new Date(),
): [string | null, string | null, string | null] {
  return text === null ? [null, null, null] : [text, now.toISOString(), updatedBy];
}

export function toSummary(row: DatasetRow): DatasetSummary {
  const mapping = JSON.parse(row.mapping) as DatasetSummary["mapping"];
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    sourceFile: row.source_file,
    format: row.format,
    encoding: row.encoding,
    rows: row.rows,
    bytes: row.bytes,
    createdAt: row.created_at,
    mapping,
    goldFields: (mapping.gold ?? []).map((g) => g.field),
    metaColumns: mapping.meta ?? [],
    reviewSample: row.review_sample ? (JSON.parse(row.review_sample) as ReviewSample) : { size: 0, seed: 0 },
    report: row.report ? (JSON.parse(row.report) as ImportReport) : emptyImportReport(),
    userId: row.user_id,
    shared: Number(row.shared) === 1,
    blindReview: Number(row.blind_review) === 1,
    overlap: row.overlap === null || row.overlap === undefined ? null : Number(row.overlap),
  };
}

export interface ItemRow {
  idx: number;
  item_id: string;
  text: string;
  meta: string;
  gold: string;
}

export function toItem(row: ItemRow): DatasetItem {
  return {
    idx: row.idx,
    itemId: row.item_id,
    text: row.text,
    meta: JSON.parse(row.meta) as Record<string, string>,
    gold: JSON.parse(row.gold) as Partial<Record<ReviewField, string>>,
  };
}

export class DatasetTables {
  constructor(private readonly db: Database.Database) {}

  begin(dataset: NewDataset): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, mapping, content_hash, user_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        dataset.name,
        dataset.source,
        dataset.sourceFile,
        dataset.format,
        dataset.encoding,
        dataset.bytes,
        JSON.stringify(dataset.mapping),
        dataset.contentHash,
        dataset.userId ?? "local",
        new Date().toISOString(),
      );
    return id;
  }

  addItems(datasetId: string, items: DatasetItem[]): void {
    const insert = this.db.prepare(
      "INSERT INTO wb_items (dataset_id, idx, item_id, text, meta, gold) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const item of items) {
        insert.run(
          datasetId,
          item.idx,
          item.itemId,
          item.text,
          JSON.stringify(item.meta),
          JSON.stringify(item.gold),
        );
      }
    })();
  }

  commit(
    datasetId: string,
    result: { rows: number; report: ImportReport; reviewSample: ReviewSample; sampleIdxs: number[] },
  ): DatasetSummary {
    this.db.transaction(() => {
      this.writeSample(datasetId, result.sampleIdxs);
      this.db
        .prepare("UPDATE wb_datasets SET rows = ?, report = ?, review_sample = ?, committed = 1 WHERE id = ?")
        .run(result.rows, JSON.stringify(result.report), JSON.stringify(result.reviewSample), datasetId);
    })();
    return this.get(datasetId)!;
  }

  private writeSample(datasetId: string, sampleIdxs: number[]): void {
    this.db.prepare("DELETE FROM wb_sample WHERE dataset_id = ?").run(datasetId);
    const insert = this.db.prepare("INSERT INTO wb_sample (dataset_id, idx, rank) VALUES (?, ?, ?)");
    sampleIdxs.forEach((idx, rank) => insert.run(datasetId, idx, rank));
  }

  setReviewSample(datasetId: string, sample: ReviewSample, sampleIdxs: number[]): void {
    this.db.transaction(() => {
      this.writeSample(datasetId, sampleIdxs);
      this.db
        .prepare("UPDATE wb_datasets SET review_sample = ? WHERE id = ?")
        .run(JSON.stringify(sample), datasetId);
    })();
  }

  /** Deletes a data set: its runs' annotations and flags, then the rest (rows, runs, labels) by foreign keys. */
  remove(datasetId: string): boolean {
    return this.db.transaction(() => {
      const runs = "SELECT id FROM wb_runs WHERE dataset_id = ?";
      this.db.prepare(`DELETE FROM wb_flags WHERE run_id IN (${runs})`).run(datasetId);
      this.db.prepare(`DELETE FROM wb_annotations WHERE run_id IN (${runs})`).run(datasetId);
      return this.db.prepare("DELETE FROM wb_datasets WHERE id = ?").run(datasetId).changes > 0;
    })();
  }

  removeUncommitted(olderThanMs: number): number {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const ids = this.db
      .prepare("SELECT id FROM wb_datasets WHERE committed = 0 AND created_at < ?")
      .pluck()
      .all(before) as string[];
    for (const id of ids) this.remove(id);
    return ids.length;
  }

  get(id: string): DatasetSummary | null {
    const row = this.db.prepare("SELECT * FROM wb_datasets WHERE id = ? AND committed = 1").get(id) as
      DatasetRow | undefined;
    return row ? toSummary(row) : null;
  }

  findByHash(contentHash: string): DatasetSummary | null {
    const row = this.db
      .prepare(
        "SELECT * FROM wb_datasets WHERE content_hash = ? AND committed = 1 ORDER BY created_at DESC LIMIT 1",
      )
      .get(contentHash) as DatasetRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** Every committed data set, or the ones a user sees: their own and those shared with the class. */
  list(userId?: string): DatasetSummary[] {
    const rows = (
      userId === undefined
        ? this.db.prepare("SELECT * FROM wb_datasets WHERE committed = 1 ORDER BY created_at DESC").all()
        : this.db
            .prepare(
              "SELECT * FROM wb_datasets WHERE committed = 1 AND (user_id = ? OR shared = 1) ORDER BY created_at DESC",
            )
            .all(userId)
    ) as DatasetRow[];
    return rows.map(toSummary);
  }

  setShared(datasetId: string, shared: boolean): DatasetSummary | null {
    this.db
      .prepare("UPDATE wb_datasets SET shared = ? WHERE id = ? AND committed = 1")
      .run(shared ? 1 : 0, datasetId);
    return this.get(datasetId);
  }

  setBlindReview(datasetId: string, blindReview: boolean): DatasetSummary | null {
    this.db
      .prepare("UPDATE wb_datasets SET blind_review = ? WHERE id = ? AND committed = 1")
      .run(blindReview ? 1 : 0, datasetId);
    return this.get(datasetId);
  }

  setOverlap(datasetId: string, overlap: number | null): DatasetSummary | null {
    this.db
      .prepare("UPDATE wb_datasets SET overlap = ? WHERE id = ? AND committed = 1")
      .run(overlap, datasetId);
    return this.get(datasetId);
  }

  getGuidelines(datasetId: string): DatasetGuidelines | null {
    const row = this.db
      .prepare(
        "SELECT guidelines, guidelines_updated_at, guidelines_updated_by FROM wb_datasets WHERE id = ? AND committed = 1",
      )
      .get(datasetId) as GuidelinesRow | undefined;
    return toGuidelines(row);
  }

  setGuidelines(
    datasetId: string,
    text: string | null,
    updatedBy: string,
    expectedUpdatedAt?: string | null,
  ): { guidelines: DatasetGuidelines | null } | false {
    return this.db
      .transaction(() => {
        // Read and written under the write lock (an IMMEDIATE transaction): the check and the write are one step.
        const stored = this.db
          .prepare(
            "SELECT guidelines, guidelines_updated_at, guidelines_updated_by FROM wb_datasets WHERE id = ? AND committed = 1",
          )
          .get(datasetId) as GuidelinesRow | undefined;
        if (!stored) return false;
        const current = toGuidelines(stored);
        if (isStale(current, expectedUpdatedAt)) throw new GuidelinesConflict(current);
        this.db
          .prepare(
            `UPDATE wb_datasets SET guidelines = ?, guidelines_updated_at = ?, guidelines_updated_by = ?
             WHERE id = ? AND committed = 1`,
          )
          .run(...guidelinesColumns(text, updatedBy, new Date(nextStamp(current?.updatedAt))), datasetId);
        return { guidelines: this.getGuidelines(datasetId) };
      })
      .immediate();
  }

  items(datasetId: string, fromIdx: number, limit: number): DatasetItem[] {
    const rows = this.db
      .prepare("SELECT * FROM wb_items WHERE dataset_id = ? AND idx >= ? ORDER BY idx LIMIT ?")
      .all(datasetId, fromIdx, limit) as ItemRow[];
    return rows.map(toItem);
  }

  texts(datasetId: string, fromIdx: number, limit: number): { idx: number; text: string }[] {
    return this.db
      .prepare("SELECT idx, text FROM wb_items WHERE dataset_id = ? AND idx >= ? ORDER BY idx LIMIT ?")
      .all(datasetId, fromIdx, limit) as { idx: number; text: string }[];
  }

  textStats(datasetId: string): { rows: number; chars: number } {
    return this.db
      .prepare(
        "SELECT COUNT(*) AS rows, COALESCE(SUM(length(text)), 0) AS chars FROM wb_items WHERE dataset_id = ?",
      )
      .get(datasetId) as { rows: number; chars: number };
  }

  item(datasetId: string, idx: number): DatasetItem | null {
    const row = this.db
      .prepare("SELECT * FROM wb_items WHERE dataset_id = ? AND idx = ?")
      .get(datasetId, idx) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }
}
