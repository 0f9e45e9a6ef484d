// The results table's windowed queries (filters, sorting, a page of rows with every model's labels) and the review
// queue, over the per-row flags that runs.ts keeps: a page costs a few indexed reads whatever the data set's size.
import type Database from "better-sqlite3";
import { CODEBOOK_VERSION } from "../../../contract/annotation";
import {
  RESULT_FILTERS,
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  type QueueQuery,
  type QueueResponse,
  type ResultRow,
  type ResultsPage,
  type ResultsQuery,
  type ReviewField,
  type RowAnnotation,
  type RowFlags,
} from "../../../contract/workbench";
import {
  ALL_FIELDS_MASK,
  FIELD_BITS,
  goldColumnsOf,
  maskFields,
  priorityReasons,
  withheldFlags,
  withheldMeta,
} from "../flags";
import { toItem } from "./datasets";

export interface AnnotationRow {
  idx: number;
  model: string;
  rep: number;
  annotation: string | null;
  ton: string | null;
  populism: string | null;
  anti_elitism: string | null;
  popor_central: string | null;
  tema: string | null;
  incredere: number | null;
  error: string | null;
  codebook_version: string;
  temperature: number | null;
  prompt_hash: string;
  ms: number;
  cached: number;
  repaired: number;
  input_tokens: number;
  output_tokens: number;
  created_at: string;
}

export interface FlagRow {
  idx: number;
  models_mask: number;
  runs_mask: number;
  min_conf: number | null;
  mean_conf: number | null;
  failed: number;
  done: number;
  priority: number;
}

export function rowLabels(row: AnnotationRow): Partial<Record<ReviewField, string>> {
  const labels: Partial<Record<ReviewField, string>> = {};
  for (const field of REVIEW_FIELDS) {
    const value = row[field];
    if (value !== null) labels[field] = value;
  }
  return labels;
}

export function toRowAnnotation(row: AnnotationRow): RowAnnotation {
  const annotation = row.annotation
    ? (JSON.parse(row.annotation) as { tinta?: string | null; justificare?: string; dovezi?: string[] })
    : null;
  const error = row.error ? (JSON.parse(row.error) as { code: string; message: string }) : null;
  return {
    model: row.model,
    repeat: row.rep,
    labels: rowLabels(row),
    confidence: row.incredere,
    tinta: annotation?.tinta ?? null,
    justificare: annotation?.justificare ?? null,
    dovezi: annotation?.dovezi ?? [],
    error: error ? { code: error.code, message: error.message } : null,
    codebookVersion: row.codebook_version,
    temperature: row.temperature,
    olderCodebook: row.codebook_version !== CODEBOOK_VERSION,
    createdAt: row.created_at,
  };
}

export function toFlags(
  flag: FlagRow | undefined,
  reviewers: string[],
  adjudicated: boolean,
  inSample: boolean,
): RowFlags {
  return {
    modelsDisagree: flag ? maskFields(flag.models_mask) : [],
    runsDisagree: flag ? maskFields(flag.runs_mask) : [],
    minConfidence: flag?.min_conf ?? null,
    failed: flag?.failed ?? 0,
    done: flag?.done ?? 0,
    priority: flag?.priority ?? 0,
    reviewers,
    adjudicated,
    inSample,
  };
}

/** A results query's row as stored: the item, its text cut, as the results page's SELECT reads it. */
export interface ResultItemRow {
  idx: number;
  item_id: string;
  text: string;
  text_length: number;
  meta: string;
  gold: string;
}

/** The flags, reviewers, adjudications and sample membership of a page of rows (both stores' rowContext). */
export interface RowContext {
  flags: Map<number, FlagRow>;
  reviewers: Map<number, string[]>;
  /** The reviewers whose label has evidence spans. */
  evidenceBy: Map<number, string[]>;
  adjudicated: Set<number>;
  sample: Set<number>;
  /** The data set's gold columns: kept as metadata too, withheld with the gold. */
  goldColumns: string[];
}

/**
 * One row of the results page, in both stores: in blind mode, a row this annotator has not labelled comes without
 * gold, the models' labels and what the models said of it (./flags.ts withheldFlags).
 */
export function resultRow(
  item: ResultItemRow,
  byIdx: Map<number, RowAnnotation[]>,
  context: RowContext,
  q: ResultsQuery,
): ResultRow {
  const reviewers = context.reviewers.get(item.idx) ?? [];
  const withheld = q.blind && q.annotator !== undefined && !reviewers.includes(q.annotator);
  const { meta, gold } = toItem({ ...item, text: item.text });
  const flags = toFlags(
    context.flags.get(item.idx),
    reviewers,
    context.adjudicated.has(item.idx),
    context.sample.has(item.idx),
  );
  return {
    idx: item.idx,
    itemId: item.item_id,
    text: item.text,
    textLength: item.text_length,
    meta: withheld ? withheldMeta(meta, context.goldColumns) : meta,
    gold: withheld ? {} : gold,
    annotations: withheld ? null : (byIdx.get(item.idx) ?? []),
    flags: withheld ? withheldFlags(flags) : flags,
    // Under blind review, who marked evidence hints at what they chose (words are marked for a finding): withheld too.
    evidenceBy: withheld ? [] : (context.evidenceBy.get(item.idx) ?? []),
  };
}

/** A page's labels as rowContext reads them: who saved which kind, and whether their spans are not empty. */
export interface ContextLabelRow {
  idx: number;
  annotator: string;
  kind: string;
  /** 1/0 on SQLite, a boolean on PostgreSQL. */
  has_evidence: number | boolean;
}

/** The columns of ContextLabelRow, in both stores' dialect (spans are stored as NULL when none). */
export const CONTEXT_LABEL_COLUMNS =
  "idx, annotator, kind, (evidence IS NOT NULL AND evidence <> '[]') AS has_evidence";

/** Reviewers, the people among them who marked evidence, and the adjudicated rows, from a page's labels. */
export function peopleOf(labelRows: readonly ContextLabelRow[]) {
  const reviewers = new Map<number, string[]>();
  const evidenceBy = new Map<number, string[]>();
  const adjudicated = new Set<number>();
  for (const row of labelRows) {
    if (row.kind === "adjudication") adjudicated.add(row.idx);
    else {
      reviewers.set(row.idx, [...(reviewers.get(row.idx) ?? []), row.annotator]);
      if (row.has_evidence) evidenceBy.set(row.idx, [...(evidenceBy.get(row.idx) ?? []), row.annotator]);
    }
  }
  return { reviewers, evidenceBy, adjudicated };
}

/** The WHERE clause and its parameters for a results query (field and filter names come from the schema's enums). */
function whereOf(runId: string, datasetId: string, q: ResultsQuery): { sql: string; params: unknown[] } {
  const clauses = ["i.dataset_id = ?"];
  const params: unknown[] = [datasetId];
  const filters = new Set(
    (q.filter ?? "").split(",").filter((f) => (RESULT_FILTERS as readonly string[]).includes(f)),
  );
  const mask = q.field ? FIELD_BITS[q.field] : ALL_FIELDS_MASK;
  if (filters.has("models_disagree")) clauses.push(`(COALESCE(f.models_mask, 0) & ${mask}) != 0`);
  if (filters.has("runs_disagree")) clauses.push(`(COALESCE(f.runs_mask, 0) & ${mask}) != 0`);
  if (filters.has("low_confidence")) {
    clauses.push("f.min_conf < ?");
    params.push(q.minConfidence);
  }
  if (filters.has("failed")) clauses.push("COALESCE(f.failed, 0) > 0");
  if (filters.has("unreviewed")) {
    // A skip ("Sar peste") is no review: the row was left unlabelled.
    clauses.push(
      `NOT EXISTS (SELECT 1 FROM wb_labels l WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label' AND l.status <> 'skipped'${q.annotator ? " AND l.annotator = ?" : ""})`,
    );
    if (q.annotator) params.push(q.annotator);
  }
  if (filters.has("human_model_disagree")) {
    // A person's current label against each model's answer, field by field, where both gave one.
    const differs = (q.field ? [q.field] : REVIEW_FIELDS)
      .map((f) => `(a.${f} IS NOT NULL AND json_extract(l.labels, '$.${f}') <> a.${f})`)
      .join(" OR ");
    clauses.push(
      `EXISTS (SELECT 1 FROM wb_labels l JOIN wb_annotations a ON a.run_id = ? AND a.idx = l.idx
         WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label'${q.annotator ? " AND l.annotator = ?" : ""}
         AND (${differs}))`,
    );
    params.push(runId);
    if (q.annotator) params.push(q.annotator);
  }
  if (q.label) {
    const [field, value] = q.label.split(":") as [string, string];
    if ((REVIEW_FIELDS as readonly string[]).includes(field)) {
      clauses.push(
        `EXISTS (SELECT 1 FROM wb_annotations a WHERE a.run_id = ? AND a.idx = i.idx AND a.${field} = ?${q.labelModel ? " AND a.model = ?" : ""})`,
      );
      params.push(runId, value);
      if (q.labelModel) params.push(q.labelModel);
    }
  }
  if (q.q) {
    clauses.push("i.text LIKE ? ESCAPE '\\'");
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: clauses.join(" AND "), params };
}

/** ORDER BY terms per sort; a `fixed` term keeps its own direction (rows without a value go last either way). */
export const ORDER: Record<ResultsQuery["sort"], { term: string; fixed?: boolean }[]> = {
  idx: [{ term: "i.idx" }],
  confidence: [{ term: "f.min_conf IS NULL", fixed: true }, { term: "f.min_conf" }],
  priority: [{ term: "COALESCE(f.priority, 0)" }],
};

export class ResultQueries {
  constructor(private readonly db: Database.Database) {}

  private datasetOf(runId: string): string | null {
    return (
      (this.db.prepare("SELECT dataset_id FROM wb_runs WHERE id = ?").pluck().get(runId) as string) ?? null
    );
  }

  page(runId: string, q: ResultsQuery): ResultsPage | null {
    const datasetId = this.datasetOf(runId);
    if (!datasetId) return null;
    const where = whereOf(runId, datasetId, q);
    const from = "FROM wb_items i LEFT JOIN wb_flags f ON f.run_id = ? AND f.idx = i.idx";
    const params = [runId, ...where.params];
    const total = this.db
      .prepare(`SELECT COUNT(*) ${from} WHERE ${where.sql}`)
      .pluck()
      .get(...params) as number;
    const direction = q.order === "desc" ? "DESC" : "ASC";
    const order = ORDER[q.sort].map((o) => (o.fixed ? o.term : `${o.term} ${direction}`)).join(", ");
    const items = this.db
      .prepare(
        `SELECT i.idx, i.item_id, substr(i.text, 1, ${WORKBENCH_LIMITS.rowTextChars}) AS text, length(i.text) AS text_length,
           i.meta, i.gold ${from} WHERE ${where.sql} ORDER BY ${order}, i.idx LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as ResultItemRow[];
    const idxs = JSON.stringify(items.map((item) => item.idx));
    const annotations = this.db
      .prepare(
        "SELECT * FROM wb_annotations WHERE run_id = ? AND idx IN (SELECT value FROM json_each(?)) ORDER BY model, rep",
      )
      .all(runId, idxs) as AnnotationRow[];
    const byIdx = new Map<number, RowAnnotation[]>();
    for (const row of annotations) {
      const list = byIdx.get(row.idx) ?? [];
      list.push(toRowAnnotation(row));
      byIdx.set(row.idx, list);
    }
    const context = this.rowContext(runId, datasetId, idxs);
    const rows = items.map((item) => resultRow(item, byIdx, context, q));
    const counts = this.db
      .prepare(
        `SELECT (SELECT rows FROM wb_datasets WHERE id = @dataset) AS rows,
           (SELECT COUNT(*) FROM wb_flags f JOIN wb_runs r ON r.id = f.run_id
            WHERE f.run_id = @run AND f.done >= r.repeats * json_array_length(r.models)) AS complete`,
      )
      .get({ dataset: datasetId, run: runId }) as { rows: number; complete: number };
    return { runId, total, offset: q.offset, rows, datasetRows: counts.rows, complete: counts.complete };
  }

  /** Flags, reviewers (and those of them who marked evidence), adjudications and sample membership of a set of rows
   * (a JSON array of indexes). */
  private rowContext(runId: string, datasetId: string, idxs: string) {
    const flagRows = this.db
      .prepare("SELECT * FROM wb_flags WHERE run_id = ? AND idx IN (SELECT value FROM json_each(?))")
      .all(runId, idxs) as FlagRow[];
    const labelRows = this.db
      .prepare(
        // A skip is no review: it neither lifts blind review on the row nor counts among its reviewers.
        `SELECT ${CONTEXT_LABEL_COLUMNS} FROM wb_labels WHERE dataset_id = ? AND idx IN (SELECT value FROM json_each(?)) AND status <> 'skipped' ORDER BY created_at, annotator`,
      )
      .all(datasetId, idxs) as ContextLabelRow[];
    const sampleRows = this.db
      .prepare("SELECT idx FROM wb_sample WHERE dataset_id = ? AND idx IN (SELECT value FROM json_each(?))")
      .pluck()
      .all(datasetId, idxs) as number[];
    const mapping = this.db.prepare("SELECT mapping FROM wb_datasets WHERE id = ?").pluck().get(datasetId) as
      string | undefined;
    return {
      goldColumns: goldColumnsOf(mapping),
      flags: new Map(flagRows.map((f) => [f.idx, f])),
      ...peopleOf(labelRows),
      sample: new Set(sampleRows),
    };
  }

  inSample(datasetId: string, idx: number): boolean {
    return (
      this.db.prepare("SELECT 1 FROM wb_sample WHERE dataset_id = ? AND idx = ?").get(datasetId, idx) !==
      undefined
    );
  }

  outcomes(runId: string, idx: number): RowAnnotation[] {
    const rows = this.db
      .prepare("SELECT * FROM wb_annotations WHERE run_id = ? AND idx = ? ORDER BY model, rep")
      .all(runId, idx) as AnnotationRow[];
    return rows.map(toRowAnnotation);
  }

  flags(runId: string, idx: number): RowFlags | null {
    const datasetId = this.datasetOf(runId);
    if (!datasetId) return null;
    const context = this.rowContext(runId, datasetId, JSON.stringify([idx]));
    return toFlags(
      context.flags.get(idx),
      context.reviewers.get(idx) ?? [],
      context.adjudicated.has(idx),
      context.sample.has(idx),
    );
  }

  /**
   * The clause that starts the queue after the cursor's row, at that row's place now in the queue's order: its rank
   * in the sample, or its priority (higher first, then by index). A row outside the sample starts the sample over.
   */
  private queueCursor(
    runId: string | null,
    datasetId: string,
    q: QueueQuery,
  ): { sql: string; params: number[] } {
    if (q.after === undefined) return { sql: "", params: [] };
    if (q.mode === "sample") {
      const rank = this.db
        .prepare("SELECT rank FROM wb_sample WHERE dataset_id = ? AND idx = ?")
        .pluck()
        .get(datasetId, q.after) as number | undefined;
      return { sql: " AND s.rank > ?", params: [rank ?? -1] };
    }
    const priority = this.db
      .prepare("SELECT priority FROM wb_flags WHERE run_id = ? AND idx = ?")
      .pluck()
      .get(runId, q.after) as number | undefined;
    return {
      sql: " AND (COALESCE(f.priority, 0) < ? OR (COALESCE(f.priority, 0) = ? AND i.idx > ?))",
      params: [priority ?? 0, priority ?? 0, q.after],
    };
  }

  queue(runId: string, q: QueueQuery): QueueResponse | null {
    const datasetId = this.datasetOf(runId);
    return datasetId ? this.queueOf(datasetId, runId, q) : null;
  }

  /**
   * The queue of a data set under a run's flags, or with none (no run yet: every row outside the sample is "rest").
   * Under the data set's overlap k, a row outside the sample that k people labelled already leaves the queue of
   * everyone who has not labelled it (`full` counts those); the sample stays in everyone's (contract/workbench/overlap.ts).
   */
  queueOf(datasetId: string, runId: string | null, q: QueueQuery): QueueResponse {
    const unlabelled =
      "NOT EXISTS (SELECT 1 FROM wb_labels l WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label' AND l.annotator = ?)";
    const inSample = "EXISTS (SELECT 1 FROM wb_sample s WHERE s.dataset_id = i.dataset_id AND s.idx = i.idx)";
    const from =
      q.mode === "sample"
        ? "FROM wb_items i JOIN wb_sample s ON s.dataset_id = i.dataset_id AND s.idx = i.idx LEFT JOIN wb_flags f ON f.run_id = ? AND f.idx = i.idx WHERE i.dataset_id = ?"
        : `FROM wb_items i LEFT JOIN wb_flags f ON f.run_id = ? AND f.idx = i.idx WHERE i.dataset_id = ? AND NOT ${inSample}`;
    const overlap =
      q.mode === "sample"
        ? null
        : ((this.db.prepare("SELECT overlap FROM wb_datasets WHERE id = ?").pluck().get(datasetId) as
            number | null | undefined) ?? null);
    // Rows this person has not labelled, so every label of the row is another person's (a skip is no label).
    const open =
      overlap === null
        ? "1"
        : `(SELECT COUNT(*) FROM wb_labels o WHERE o.dataset_id = i.dataset_id AND o.idx = i.idx AND o.kind = 'label'
             AND o.status <> 'skipped') < ${Number(overlap)}`;
    const order = q.mode === "sample" ? "s.rank" : "COALESCE(f.priority, 0) DESC, i.idx";
    const after = this.queueCursor(runId, datasetId, q);
    const total = this.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(runId, datasetId) as number;
    const counts = this.db
      .prepare(
        `SELECT COALESCE(SUM(${open}), 0) AS remaining, COALESCE(SUM(NOT (${open})), 0) AS full ${from} AND ${unlabelled}`,
      )
      .get(runId, datasetId, q.annotator) as { remaining: number; full: number };
    const rows = this.db
      .prepare(
        `SELECT i.idx, i.item_id, f.models_mask, f.runs_mask, f.mean_conf, f.failed, COALESCE(f.priority, 0) AS priority
         ${from} AND ${unlabelled} AND ${open}${after.sql} ORDER BY ${order} LIMIT ?`,
      )
      .all(runId, datasetId, q.annotator, ...after.params, q.limit) as {
      idx: number;
      item_id: string;
      models_mask: number | null;
      runs_mask: number | null;
      mean_conf: number | null;
      failed: number | null;
      priority: number;
    }[];
    return {
      runId,
      annotator: q.annotator,
      mode: q.mode,
      total,
      remaining: counts.remaining,
      overlap,
      full: counts.full,
      items: rows.map((row) => ({
        idx: row.idx,
        itemId: row.item_id,
        priority: row.priority,
        reasons:
          q.mode === "sample"
            ? ["sample"]
            : priorityReasons(
                {
                  modelsMask: row.models_mask ?? 0,
                  runsMask: row.runs_mask ?? 0,
                  meanConfidence: row.mean_conf,
                  failed: row.failed ?? 0,
                },
                q.minConfidence,
              ),
      })),
    };
  }
}
