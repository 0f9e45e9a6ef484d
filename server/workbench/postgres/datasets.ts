// Data sets and their rows on PostgreSQL: the same life as in SQLite (rows written in slices under a data set that
// stays invisible until committed; a failed import removed whole), with rows inserted as arrays in one statement.
import { randomUUID } from "node:crypto";
import type {
  DatasetGuidelines,
  DatasetSummary,
  ImportReport,
  ReviewSample,
} from "../../../contract/workbench";
import { inTransaction, type PgPool, type Queryable } from "../../db/postgres";
import {
  guidelinesColumns,
  toGuidelines,
  toItem,
  toSummary,
  type DatasetRow,
  type GuidelinesRow,
  type ItemRow,
} from "../sqlite/datasets";
import { GuidelinesConflict } from "../guidelinesConflict";
import { isStale, nextStamp } from "../labelConflict";
import type { DatasetItem, NewDataset } from "../store";

export class PgDatasetTables {
  constructor(private readonly pool: PgPool) {}

  async begin(dataset: NewDataset): Promise<string> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, mapping, content_hash, user_id,
         created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
    );
    return id;
  }

  async addItems(datasetId: string, items: DatasetItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.pool.query(
      `INSERT INTO wb_items (dataset_id, idx, item_id, text, meta, gold)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        datasetId,
        items.map((i) => i.idx),
        items.map((i) => i.itemId),
        items.map((i) => i.text),
        items.map((i) => JSON.stringify(i.meta)),
        items.map((i) => JSON.stringify(i.gold)),
      ],
    );
  }

  async commit(
    datasetId: string,
    result: { rows: number; report: ImportReport; reviewSample: ReviewSample; sampleIdxs: number[] },
  ): Promise<DatasetSummary> {
    await inTransaction(this.pool, async (client) => {
      await writeSample(client, datasetId, result.sampleIdxs);
      await client.query(
        "UPDATE wb_datasets SET rows = $2, report = $3, review_sample = $4, committed = 1 WHERE id = $1",
        [datasetId, result.rows, JSON.stringify(result.report), JSON.stringify(result.reviewSample)],
      );
    });
    return (await this.get(datasetId))!;
  }

  async setReviewSample(datasetId: string, sample: ReviewSample, sampleIdxs: number[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await writeSample(client, datasetId, sampleIdxs);
      await client.query("UPDATE wb_datasets SET review_sample = $2 WHERE id = $1", [
        datasetId,
        JSON.stringify(sample),
      ]);
    });
  }

  /** Deletes a data set: its runs' annotations and flags, then the rest (rows, runs, labels) by foreign keys. */
  async remove(datasetId: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const runs = "SELECT id FROM wb_runs WHERE dataset_id = $1";
      await client.query(`DELETE FROM wb_flags WHERE run_id IN (${runs})`, [datasetId]);
      await client.query(`DELETE FROM wb_annotations WHERE run_id IN (${runs})`, [datasetId]);
      const { rowCount } = await client.query("DELETE FROM wb_datasets WHERE id = $1", [datasetId]);
      return (rowCount ?? 0) > 0;
    });
  }

  async removeUncommitted(olderThanMs: number): Promise<number> {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const { rows } = await this.pool.query<{ id: string }>(
      "SELECT id FROM wb_datasets WHERE committed = 0 AND created_at < $1",
      [before],
    );
    for (const { id } of rows) await this.remove(id);
    return rows.length;
  }

  async get(id: string): Promise<DatasetSummary | null> {
    const { rows } = await this.pool.query<DatasetRow>(
      "SELECT * FROM wb_datasets WHERE id = $1 AND committed = 1",
      [id],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async getGuidelines(datasetId: string): Promise<DatasetGuidelines | null> {
    const { rows } = await this.pool.query<GuidelinesRow>(
      "SELECT guidelines, guidelines_updated_at, guidelines_updated_by FROM wb_datasets WHERE id = $1 AND committed = 1",
      [datasetId],
    );
    return toGuidelines(rows[0]);
  }

  async setGuidelines(
    datasetId: string,
    text: string | null,
    updatedBy: string,
    expectedUpdatedAt?: string | null,
  ): Promise<{ guidelines: DatasetGuidelines | null } | false> {
    return inTransaction(this.pool, async (client) => {
      // The data set's row locked first: a second save waits here, then reads the version the first one wrote.
      const { rows: locked } = await client.query<GuidelinesRow>(
        `SELECT guidelines, guidelines_updated_at, guidelines_updated_by FROM wb_datasets
         WHERE id = $1 AND committed = 1 FOR UPDATE`,
        [datasetId],
      );
      if (locked.length === 0) return false;
      const current = toGuidelines(locked[0]);
      if (isStale(current, expectedUpdatedAt)) throw new GuidelinesConflict(current);
      const stamp = new Date(nextStamp(current?.updatedAt));
      const { rows } = await client.query<GuidelinesRow>(
        `UPDATE wb_datasets SET guidelines = $2, guidelines_updated_at = $3, guidelines_updated_by = $4
         WHERE id = $1
         RETURNING guidelines, guidelines_updated_at, guidelines_updated_by`,
        [datasetId, ...guidelinesColumns(text, updatedBy, stamp)],
      );
      return { guidelines: toGuidelines(rows[0]) };
    });
  }

  async findByHash(contentHash: string): Promise<DatasetSummary | null> {
    const { rows } = await this.pool.query<DatasetRow>(
      "SELECT * FROM wb_datasets WHERE content_hash = $1 AND committed = 1 ORDER BY created_at DESC LIMIT 1",
      [contentHash],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async texts(datasetId: string, fromIdx: number, limit: number): Promise<{ idx: number; text: string }[]> {
    const { rows } = await this.pool.query<{ idx: number; text: string }>(
      "SELECT idx, text FROM wb_items WHERE dataset_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
      [datasetId, fromIdx, limit],
    );
    return rows;
  }

  /** Every committed data set, or the ones a user sees: their own and those shared with the class. */
  async list(userId?: string): Promise<DatasetSummary[]> {
    const { rows } = await this.pool.query<DatasetRow>(
      `SELECT * FROM wb_datasets WHERE committed = 1 AND ($1::text IS NULL OR user_id = $1 OR shared = 1)
       ORDER BY created_at DESC`,
      [userId ?? null],
    );
    return rows.map(toSummary);
  }

  async setShared(datasetId: string, shared: boolean): Promise<DatasetSummary | null> {
    await this.pool.query("UPDATE wb_datasets SET shared = $1 WHERE id = $2 AND committed = 1", [
      shared ? 1 : 0,
      datasetId,
    ]);
    return this.get(datasetId);
  }

  async setBlindReview(datasetId: string, blindReview: boolean): Promise<DatasetSummary | null> {
    await this.pool.query("UPDATE wb_datasets SET blind_review = $1 WHERE id = $2 AND committed = 1", [
      blindReview ? 1 : 0,
      datasetId,
    ]);
    return this.get(datasetId);
  }

  async setOverlap(datasetId: string, overlap: number | null): Promise<DatasetSummary | null> {
    await this.pool.query("UPDATE wb_datasets SET overlap = $1 WHERE id = $2 AND committed = 1", [
      overlap,
      datasetId,
    ]);
    return this.get(datasetId);
  }

  async items(datasetId: string, fromIdx: number, limit: number): Promise<DatasetItem[]> {
    const { rows } = await this.pool.query<ItemRow>(
      "SELECT * FROM wb_items WHERE dataset_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
      [datasetId, fromIdx, limit],
    );
    return rows.map(toItem);
  }

  async textStats(datasetId: string): Promise<{ rows: number; chars: number }> {
    const { rows } = await this.pool.query<{ rows: number; chars: number }>(
      `SELECT COUNT(*)::int AS rows, COALESCE(SUM(length(text)), 0)::float8 AS chars
       FROM wb_items WHERE dataset_id = $1`,
      [datasetId],
    );
    return rows[0]!;
  }

  async item(datasetId: string, idx: number): Promise<DatasetItem | null> {
    const { rows } = await this.pool.query<ItemRow>(
      "SELECT * FROM wb_items WHERE dataset_id = $1 AND idx = $2",
      [datasetId, idx],
    );
    return rows[0] ? toItem(rows[0]) : null;
  }
}

/**
 * Replaces a data set's review sample. The data set's row is locked first: two redraws at once would otherwise each
 * delete the old sample and insert their own, and the second would collide with the first's rows or add to them.
 */
async function writeSample(client: Queryable, datasetId: string, sampleIdxs: number[]): Promise<void> {
  await client.query("SELECT 1 FROM wb_datasets WHERE id = $1 FOR UPDATE", [datasetId]);
  await client.query("DELETE FROM wb_sample WHERE dataset_id = $1", [datasetId]);
  if (sampleIdxs.length === 0) return;
  await client.query(
    `INSERT INTO wb_sample (dataset_id, idx, rank)
     SELECT $1, idx, rank - 1 FROM unnest($2::int[]) WITH ORDINALITY AS s(idx, rank)`,
    [datasetId, sampleIdxs],
  );
}
