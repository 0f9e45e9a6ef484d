// People's labels and adjudications on PostgreSQL, and the whole-run reads of agreement and export (the SQLite store's
// ../sqlite/labels.ts, in PostgreSQL's dialect and read in slices where a run can be large).
import {
  REVIEW_FIELDS,
  type EvidenceSpan,
  type HumanReviewLabel,
  type ReviewField,
} from "../../../contract/workbench";
import { inTransaction, type PgPool } from "../../db/postgres";
import { isStale, LabelConflict, nextStamp } from "../labelConflict";
import { toItem, type ItemRow } from "../sqlite/datasets";
import { emptyColumns, storedLabel, toLabel, toStoredOutcome, type LabelRow } from "../sqlite/labels";
import type { AnnotationRow } from "../sqlite/results";
import type { AgreementData, ExportLine, LabelInput, StoredOutcome } from "../store";

/** Rows of a run's annotations read per query by agreement: a bounded slice, whatever the run's size. */
const AGREEMENT_SLICE = 5000;

export class PgLabelTables {
  constructor(private readonly pool: PgPool) {}

  private async upsert(
    kind: "label" | "adjudication",
    input: LabelInput,
    expectedUpdatedAt?: string | null,
  ): Promise<HumanReviewLabel> {
    const label = storedLabel(input);
    let now = new Date().toISOString();
    const row = await inTransaction(this.pool, async (client) => {
      // One adjudication per row, whoever settles it: the row is locked first, so that two people settling it at
      // once take turns (under READ COMMITTED neither DELETE would see the other's uncommitted INSERT). A label
      // saved against the version its page read locks it too: the check below then sees any save committed before.
      if (kind === "adjudication" || expectedUpdatedAt !== undefined) {
        await client.query("SELECT 1 FROM wb_items WHERE dataset_id = $1 AND idx = $2 FOR UPDATE", [
          label.datasetId,
          label.idx,
        ]);
      }
      if (expectedUpdatedAt !== undefined) {
        const { rows: current } = await client.query<LabelRow>(
          "SELECT * FROM wb_labels WHERE dataset_id = $1 AND idx = $2 AND kind = $3 AND annotator = $4",
          [label.datasetId, label.idx, kind, label.annotator],
        );
        const stored = current[0] ? toLabel(current[0]) : null;
        if (isStale(stored, expectedUpdatedAt)) throw new LabelConflict(stored!);
        now = nextStamp(stored?.updatedAt);
      }
      if (kind === "adjudication") {
        await client.query(
          "DELETE FROM wb_labels WHERE dataset_id = $1 AND idx = $2 AND kind = 'adjudication' AND annotator <> $3",
          [label.datasetId, label.idx, label.annotator],
        );
      }
      const { rows } = await client.query<LabelRow>(
        `INSERT INTO wb_labels (dataset_id, idx, annotator, kind, labels, note, blind, codebook_version, created_at,
           updated_at, status, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)
         ON CONFLICT (dataset_id, idx, kind, annotator) DO UPDATE SET labels = excluded.labels, note = excluded.note,
           blind = excluded.blind, codebook_version = excluded.codebook_version, updated_at = excluded.updated_at,
           status = excluded.status, evidence = excluded.evidence
         RETURNING *`,
        [
          label.datasetId,
          label.idx,
          label.annotator,
          kind,
          JSON.stringify(label.labels),
          label.note,
          label.blind ? 1 : 0,
          label.codebookVersion,
          now,
          label.status,
          label.evidenceJson,
        ],
      );
      return rows[0]!;
    });
    return toLabel(row);
  }

  saveLabel(label: LabelInput, expectedUpdatedAt?: string | null): Promise<HumanReviewLabel> {
    return this.upsert("label", label, expectedUpdatedAt);
  }

  saveAdjudication(
    label: Omit<HumanReviewLabel, "createdAt" | "updatedAt" | "blind" | "status">,
  ): Promise<HumanReviewLabel> {
    return this.upsert("adjudication", { ...label, blind: false });
  }

  async of(
    datasetId: string,
    idx: number,
  ): Promise<{ labels: HumanReviewLabel[]; adjudication: HumanReviewLabel | null }> {
    const { rows } = await this.pool.query<LabelRow>(
      "SELECT * FROM wb_labels WHERE dataset_id = $1 AND idx = $2 ORDER BY created_at",
      [datasetId, idx],
    );
    const adjudication = rows.find((r) => r.kind === "adjudication");
    return {
      labels: rows.filter((r) => r.kind === "label").map(toLabel),
      adjudication: adjudication ? toLabel(adjudication) : null,
    };
  }

  async list(datasetId: string): Promise<{ labels: HumanReviewLabel[]; adjudications: HumanReviewLabel[] }> {
    const { rows } = await this.pool.query<LabelRow>(
      "SELECT * FROM wb_labels WHERE dataset_id = $1 ORDER BY idx, created_at",
      [datasetId],
    );
    return {
      labels: rows.filter((r) => r.kind === "label").map(toLabel),
      adjudications: rows.filter((r) => r.kind === "adjudication").map(toLabel),
    };
  }

  /** Every label the agreement needs, as columns aligned on the rows in scope. */
  async agreementData(runId: string, scope: "all" | "sample"): Promise<AgreementData | null> {
    const run = (
      await this.pool.query<{ dataset_id: string; models: string; repeats: number }>(
        "SELECT dataset_id, models, repeats FROM wb_runs WHERE id = $1",
        [runId],
      )
    ).rows[0];
    if (!run) return null;
    const datasetId = run.dataset_id;
    const { rows: items } = await this.pool.query<{ idx: number; gold: string }>(
      scope === "sample"
        ? "SELECT i.idx, i.gold FROM wb_items i JOIN wb_sample s ON s.dataset_id = i.dataset_id AND s.idx = i.idx WHERE i.dataset_id = $1 ORDER BY i.idx"
        : "SELECT idx, gold FROM wb_items WHERE dataset_id = $1 ORDER BY idx",
      [datasetId],
    );
    const n = items.length;
    const position = new Map(items.map((item, i) => [item.idx, i]));
    const gold = emptyColumns(n);
    items.forEach((item, i) => {
      const labels = JSON.parse(item.gold) as Partial<Record<ReviewField, string>>;
      for (const field of REVIEW_FIELDS) gold[field][i] = labels[field] ?? null;
    });
    const models: AgreementData["models"] = {};
    for (const model of JSON.parse(run.models) as string[]) {
      models[model] = Array.from({ length: run.repeats }, () => emptyColumns(n));
    }
    const last = items.length ? items[items.length - 1]!.idx : -1;
    for (let from = 0; from <= last; from += AGREEMENT_SLICE) {
      const { rows } = await this.pool.query<Pick<AnnotationRow, "idx" | "model" | "rep" | ReviewField>>(
        `SELECT idx, model, rep, ${REVIEW_FIELDS.join(", ")} FROM wb_annotations
         WHERE run_id = $1 AND error IS NULL AND idx >= $2 AND idx < $3`,
        [runId, from, from + AGREEMENT_SLICE],
      );
      for (const row of rows) {
        const i = position.get(row.idx);
        const columns = models[row.model]?.[row.rep - 1];
        if (i === undefined || !columns) continue;
        for (const field of REVIEW_FIELDS) columns[field][i] = row[field];
      }
    }
    const humans: AgreementData["humans"] = {};
    const adjudicated = emptyColumns(n);
    const { rows: labelRows } = await this.pool.query<LabelRow>(
      "SELECT * FROM wb_labels WHERE dataset_id = $1",
      [datasetId],
    );
    const evidence: NonNullable<AgreementData["evidence"]> = {};
    for (const row of labelRows) {
      const i = position.get(row.idx);
      if (i === undefined || row.status === "skipped") continue;
      const labels = JSON.parse(row.labels) as Partial<Record<ReviewField, string>>;
      const columns = row.kind === "adjudication" ? adjudicated : (humans[row.annotator] ??= emptyColumns(n));
      for (const field of REVIEW_FIELDS) columns[field][i] = labels[field] ?? null;
      if (row.kind === "label" && row.evidence) {
        (evidence[row.annotator] ??= new Array<EvidenceSpan[] | null>(n).fill(null))[i] = JSON.parse(
          row.evidence,
        ) as EvidenceSpan[];
      }
    }
    return { idxs: items.map((item) => item.idx), models, humans, gold, adjudicated, evidence };
  }

  async exportLines(runId: string, fromIdx: number, limit: number): Promise<ExportLine[]> {
    const datasetId = (
      await this.pool.query<{ dataset_id: string }>("SELECT dataset_id FROM wb_runs WHERE id = $1", [runId])
    ).rows[0]?.dataset_id;
    if (!datasetId) return [];
    const { rows: itemRows } = await this.pool.query<ItemRow>(
      "SELECT * FROM wb_items WHERE dataset_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
      [datasetId, fromIdx, limit],
    );
    const items = itemRows.map(toItem);
    if (items.length === 0) return [];
    const last = items[items.length - 1]!.idx;
    const [outcomes, labels] = await Promise.all([
      this.pool.query<AnnotationRow>(
        "SELECT * FROM wb_annotations WHERE run_id = $1 AND idx >= $2 AND idx <= $3 ORDER BY idx, model, rep",
        [runId, fromIdx, last],
      ),
      this.pool.query<LabelRow>(
        "SELECT * FROM wb_labels WHERE dataset_id = $1 AND idx >= $2 AND idx <= $3 ORDER BY created_at",
        [datasetId, fromIdx, last],
      ),
    ]);
    const byIdx = new Map<number, StoredOutcome[]>();
    for (const row of outcomes.rows)
      byIdx.set(row.idx, [...(byIdx.get(row.idx) ?? []), toStoredOutcome(row)]);
    const labelsByIdx = new Map<number, LabelRow[]>();
    for (const row of labels.rows) labelsByIdx.set(row.idx, [...(labelsByIdx.get(row.idx) ?? []), row]);
    const lines: ExportLine[] = [];
    for (const item of items) {
      const rowLabelsOf = labelsByIdx.get(item.idx) ?? [];
      const human = rowLabelsOf.filter((r) => r.kind === "label").map(toLabel);
      const adjudicationRow = rowLabelsOf.find((r) => r.kind === "adjudication");
      const adjudication = adjudicationRow ? toLabel(adjudicationRow) : null;
      const rowOutcomes = byIdx.get(item.idx) ?? [];
      if (rowOutcomes.length === 0) lines.push({ item, outcome: null, labels: human, adjudication });
      for (const outcome of rowOutcomes) lines.push({ item, outcome, labels: human, adjudication });
    }
    return lines;
  }
}
