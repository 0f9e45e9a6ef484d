// People's labels and adjudications (one current label per person and row, with who and when), and the reads that
// agreement and export make over a whole run.
import type Database from "better-sqlite3";
import {
  REVIEW_FIELDS,
  sortedEvidence,
  type EvidenceSpan,
  type HumanReviewLabel,
  type ReviewField,
} from "../../../contract/workbench";
import type { AgreementData, DatasetItem, ExportLine, LabelInput, StoredOutcome } from "../store";
import { isStale, LabelConflict, nextStamp } from "../labelConflict";
import { toItem } from "./datasets";
import { rowLabels, type AnnotationRow } from "./results";

export interface LabelRow {
  dataset_id: string;
  idx: number;
  annotator: string;
  kind: "label" | "adjudication";
  labels: string;
  /** LabelStatus; rows written before it was added read `labelled`. */
  status: string;
  note: string | null;
  /** JSON array of evidence spans; NULL (also in rows written before it was added): none. */
  evidence?: string | null;
  blind: number;
  codebook_version: string;
  created_at: string;
  updated_at: string;
}

export function toLabel(row: LabelRow): HumanReviewLabel {
  return {
    datasetId: row.dataset_id,
    idx: row.idx,
    annotator: row.annotator,
    labels: JSON.parse(row.labels) as HumanReviewLabel["labels"],
    status: (row.status ?? "labelled") as HumanReviewLabel["status"],
    note: row.note,
    ...(row.evidence ? { evidence: JSON.parse(row.evidence) as EvidenceSpan[] } : {}),
    blind: row.blind === 1,
    codebookVersion: row.codebook_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function emptyColumns(n: number): Record<ReviewField, (string | null)[]> {
  return Object.fromEntries(REVIEW_FIELDS.map((f) => [f, new Array<string | null>(n).fill(null)])) as Record<
    ReviewField,
    (string | null)[]
  >;
}

export function toStoredOutcome(row: AnnotationRow): StoredOutcome {
  return {
    idx: row.idx,
    model: row.model,
    repeat: row.rep,
    annotation: row.annotation,
    labels: rowLabels(row),
    confidence: row.incredere,
    error: row.error ? (JSON.parse(row.error) as StoredOutcome["error"]) : null,
    codebookVersion: row.codebook_version,
    temperature: row.temperature,
    promptHash: row.prompt_hash,
    ms: row.ms,
    cached: row.cached === 1,
    repaired: row.repaired === 1,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    createdAt: row.created_at,
  };
}

/**
 * The label as stored: `labelled` when no status is given; a skipped row keeps no labels (it was not labelled) and no
 * evidence. `evidenceJson` is the spans in text order, or null for none.
 */
export function storedLabel(
  input: LabelInput,
): LabelInput & { status: HumanReviewLabel["status"]; evidenceJson: string | null } {
  const status = input.status ?? "labelled";
  const evidence = status === "skipped" ? [] : sortedEvidence(input.evidence ?? []);
  return {
    ...input,
    status,
    labels: status === "skipped" ? {} : input.labels,
    evidenceJson: evidence.length ? JSON.stringify(evidence) : null,
  };
}

export class LabelTables {
  constructor(private readonly db: Database.Database) {}

  private upsert(kind: "label" | "adjudication", input: LabelInput, expectedUpdatedAt?: string | null) {
    const label = storedLabel(input);
    this.db
      .transaction(() => {
        // Read and written under the write lock (an IMMEDIATE transaction): the check and the write are one step.
        const current = this.db
          .prepare("SELECT * FROM wb_labels WHERE dataset_id = ? AND idx = ? AND kind = ? AND annotator = ?")
          .get(label.datasetId, label.idx, kind, label.annotator) as LabelRow | undefined;
        if (isStale(current ? toLabel(current) : null, expectedUpdatedAt))
          throw new LabelConflict(toLabel(current!));
        const now = nextStamp(current?.updated_at);
        // One adjudication per row, whoever settles it.
        if (kind === "adjudication") {
          this.db
            .prepare(
              "DELETE FROM wb_labels WHERE dataset_id = ? AND idx = ? AND kind = 'adjudication' AND annotator != ?",
            )
            .run(label.datasetId, label.idx, label.annotator);
        }
        this.db
          .prepare(
            `INSERT INTO wb_labels (dataset_id, idx, annotator, kind, labels, status, note, evidence, blind, codebook_version, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (dataset_id, idx, kind, annotator) DO UPDATE SET labels = excluded.labels, status = excluded.status,
             note = excluded.note, evidence = excluded.evidence, blind = excluded.blind, codebook_version = excluded.codebook_version,
             updated_at = excluded.updated_at`,
          )
          .run(
            label.datasetId,
            label.idx,
            label.annotator,
            kind,
            JSON.stringify(label.labels),
            label.status,
            label.note,
            label.evidenceJson,
            label.blind ? 1 : 0,
            label.codebookVersion,
            now,
            now,
          );
      })
      .immediate();
    const row = this.db
      .prepare("SELECT * FROM wb_labels WHERE dataset_id = ? AND idx = ? AND kind = ? AND annotator = ?")
      .get(label.datasetId, label.idx, kind, label.annotator) as LabelRow;
    return toLabel(row);
  }

  saveLabel(label: LabelInput, expectedUpdatedAt?: string | null): HumanReviewLabel {
    return this.upsert("label", label, expectedUpdatedAt);
  }

  saveAdjudication(
    label: Omit<HumanReviewLabel, "createdAt" | "updatedAt" | "blind" | "status">,
  ): HumanReviewLabel {
    return this.upsert("adjudication", { ...label, blind: false });
  }

  of(datasetId: string, idx: number): { labels: HumanReviewLabel[]; adjudication: HumanReviewLabel | null } {
    const rows = this.db
      .prepare("SELECT * FROM wb_labels WHERE dataset_id = ? AND idx = ? ORDER BY created_at")
      .all(datasetId, idx) as LabelRow[];
    const adjudication = rows.find((r) => r.kind === "adjudication");
    return {
      labels: rows.filter((r) => r.kind === "label").map(toLabel),
      adjudication: adjudication ? toLabel(adjudication) : null,
    };
  }

  list(datasetId: string): { labels: HumanReviewLabel[]; adjudications: HumanReviewLabel[] } {
    const rows = this.db
      .prepare("SELECT * FROM wb_labels WHERE dataset_id = ? ORDER BY idx, created_at")
      .all(datasetId) as LabelRow[];
    return {
      labels: rows.filter((r) => r.kind === "label").map(toLabel),
      adjudications: rows.filter((r) => r.kind === "adjudication").map(toLabel),
    };
  }

  /** Every label the agreement needs, as columns aligned on the rows in scope. */
  agreementData(runId: string, scope: "all" | "sample"): AgreementData | null {
    const run = this.db.prepare("SELECT dataset_id, models, repeats FROM wb_runs WHERE id = ?").get(runId) as
      { dataset_id: string; models: string; repeats: number } | undefined;
    if (!run) return null;
    const datasetId = run.dataset_id;
    const items = this.db
      .prepare(
        scope === "sample"
          ? "SELECT i.idx, i.gold FROM wb_items i JOIN wb_sample s ON s.dataset_id = i.dataset_id AND s.idx = i.idx WHERE i.dataset_id = ? ORDER BY i.idx"
          : "SELECT idx, gold FROM wb_items WHERE dataset_id = ? ORDER BY idx",
      )
      .all(datasetId) as { idx: number; gold: string }[];
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
    // The label columns only (not the annotation's JSON): this read is most of a report's time on large runs.
    const annotationRows = this.db
      .prepare(
        `SELECT idx, model, rep, ${REVIEW_FIELDS.join(", ")} FROM wb_annotations WHERE run_id = ? AND error IS NULL`,
      )
      .raw()
      .iterate(runId) as IterableIterator<[number, string, number, ...(string | null)[]]>;
    for (const row of annotationRows) {
      const i = position.get(row[0]);
      const columns = models[row[1]]?.[row[2] - 1];
      if (i === undefined || !columns) continue;
      for (let f = 0; f < REVIEW_FIELDS.length; f++)
        columns[REVIEW_FIELDS[f]!][i] = row[3 + f] as string | null;
    }
    const humans: AgreementData["humans"] = {};
    const adjudicated = emptyColumns(n);
    const labelRows = this.db
      .prepare("SELECT * FROM wb_labels WHERE dataset_id = ?")
      .all(datasetId) as LabelRow[];
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

  exportLines(runId: string, fromIdx: number, limit: number): ExportLine[] {
    const datasetId = this.db
      .prepare("SELECT dataset_id FROM wb_runs WHERE id = ?")
      .pluck()
      .get(runId) as string;
    const items = (
      this.db
        .prepare("SELECT * FROM wb_items WHERE dataset_id = ? AND idx >= ? ORDER BY idx LIMIT ?")
        .all(datasetId, fromIdx, limit) as Parameters<typeof toItem>[0][]
    ).map(toItem);
    if (items.length === 0) return [];
    const last = items[items.length - 1]!.idx;
    const outcomes = this.db
      .prepare(
        "SELECT * FROM wb_annotations WHERE run_id = ? AND idx >= ? AND idx <= ? ORDER BY idx, model, rep",
      )
      .all(runId, fromIdx, last) as AnnotationRow[];
    const labels = this.db
      .prepare("SELECT * FROM wb_labels WHERE dataset_id = ? AND idx >= ? AND idx <= ? ORDER BY created_at")
      .all(datasetId, fromIdx, last) as LabelRow[];
    const byIdx = new Map<number, StoredOutcome[]>();
    for (const row of outcomes) byIdx.set(row.idx, [...(byIdx.get(row.idx) ?? []), toStoredOutcome(row)]);
    const labelsByIdx = new Map<number, LabelRow[]>();
    for (const row of labels) labelsByIdx.set(row.idx, [...(labelsByIdx.get(row.idx) ?? []), row]);
    const lines: ExportLine[] = [];
    for (const item of items as DatasetItem[]) {
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
