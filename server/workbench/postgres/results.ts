// The results table's windowed queries and the review queue on PostgreSQL: the SQLite store's queries (../sqlite/
// results.ts) in PostgreSQL's dialect — numbered parameters, arrays instead of json_each, ILIKE for SQLite's
// case-insensitive LIKE — over the same per-row flags, read by the same row mappers.
import {
  RESULT_FILTERS,
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  type QueueQuery,
  type QueueResponse,
  type ResultsPage,
  type ResultsQuery,
  type RowAnnotation,
  type RowFlags,
} from "../../../contract/workbench";
import type { PgPool } from "../../db/postgres";
import { ALL_FIELDS_MASK, FIELD_BITS, goldColumnsOf, priorityReasons } from "../flags";
import {
  CONTEXT_LABEL_COLUMNS,
  ORDER,
  peopleOf,
  resultRow,
  toFlags,
  toRowAnnotation,
  type AnnotationRow,
  type ContextLabelRow,
  type FlagRow,
  type ResultItemRow,
} from "../sqlite/results";

/** Collects parameters and hands out their placeholders ($1, $2…) in the order they are used. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The WHERE clause of a results query (field and filter names come from the schema's enums). */
function whereOf(p: Params, runId: string, datasetId: string, q: ResultsQuery): string {
  const clauses = [`i.dataset_id = ${p.add(datasetId)}`];
  const filters = new Set(
    (q.filter ?? "").split(",").filter((f) => (RESULT_FILTERS as readonly string[]).includes(f)),
  );
  const mask = q.field ? FIELD_BITS[q.field] : ALL_FIELDS_MASK;
  if (filters.has("models_disagree")) clauses.push(`(COALESCE(f.models_mask, 0) & ${mask}) <> 0`);
  if (filters.has("runs_disagree")) clauses.push(`(COALESCE(f.runs_mask, 0) & ${mask}) <> 0`);
  if (filters.has("low_confidence")) clauses.push(`f.min_conf < ${p.add(q.minConfidence)}`);
  if (filters.has("failed")) clauses.push("COALESCE(f.failed, 0) > 0");
  if (filters.has("unreviewed")) {
    const annotator = q.annotator ? ` AND l.annotator = ${p.add(q.annotator)}` : "";
    // A skip ("Sar peste") is no review: the row was left unlabelled.
    clauses.push(
      `NOT EXISTS (SELECT 1 FROM wb_labels l WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label' AND l.status <> 'skipped'${annotator})`,
    );
  }
  if (filters.has("human_model_disagree")) {
    // A person's current label against each model's answer, field by field, where both gave one.
    const differs = (q.field ? [q.field] : REVIEW_FIELDS)
      .map((f) => `(a.${f} IS NOT NULL AND (l.labels::jsonb ->> '${f}') <> a.${f})`)
      .join(" OR ");
    const run = p.add(runId);
    const annotator = q.annotator ? ` AND l.annotator = ${p.add(q.annotator)}` : "";
    clauses.push(
      `EXISTS (SELECT 1 FROM wb_labels l JOIN wb_annotations a ON a.run_id = ${run} AND a.idx = l.idx
         WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label'${annotator} AND (${differs}))`,
    );
  }
  if (q.label) {
    const [field, value] = q.label.split(":") as [string, string];
    if ((REVIEW_FIELDS as readonly string[]).includes(field)) {
      const model = q.labelModel ? ` AND a.model = ${p.add(q.labelModel)}` : "";
      clauses.push(
        `EXISTS (SELECT 1 FROM wb_annotations a WHERE a.run_id = ${p.add(runId)} AND a.idx = i.idx AND a.${field} = ${p.add(value)}${model})`,
      );
    }
  }
  if (q.q) {
    clauses.push(`i.text ILIKE ${p.add(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`);
  }
  return clauses.join(" AND ");
}

export class PgResultQueries {
  constructor(private readonly pool: PgPool) {}

  async datasetOf(runId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ dataset_id: string }>(
      "SELECT dataset_id FROM wb_runs WHERE id = $1",
      [runId],
    );
    return rows[0]?.dataset_id ?? null;
  }

  async page(runId: string, q: ResultsQuery): Promise<ResultsPage | null> {
    const datasetId = await this.datasetOf(runId);
    if (!datasetId) return null;
    const p = new Params();
    const from = `FROM wb_items i LEFT JOIN wb_flags f ON f.run_id = ${p.add(runId)} AND f.idx = i.idx`;
    const where = whereOf(p, runId, datasetId, q);
    const total = (
      await this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n ${from} WHERE ${where}`, p.values)
    ).rows[0]!.n;
    const direction = q.order === "desc" ? "DESC" : "ASC";
    const order = ORDER[q.sort].map((o) => (o.fixed ? o.term : `${o.term} ${direction}`)).join(", ");
    const limit = p.add(q.limit);
    const offset = p.add(q.offset);
    const { rows: items } = await this.pool.query<ResultItemRow>(
      `SELECT i.idx, i.item_id, substr(i.text, 1, ${WORKBENCH_LIMITS.rowTextChars}) AS text,
         length(i.text) AS text_length, i.meta, i.gold
       ${from} WHERE ${where} ORDER BY ${order}, i.idx LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    );
    const idxs = items.map((item) => item.idx);
    const { rows: annotations } = await this.pool.query<AnnotationRow>(
      "SELECT * FROM wb_annotations WHERE run_id = $1 AND idx = ANY($2::int[]) ORDER BY model, rep",
      [runId, idxs],
    );
    const byIdx = new Map<number, RowAnnotation[]>();
    for (const row of annotations) byIdx.set(row.idx, [...(byIdx.get(row.idx) ?? []), toRowAnnotation(row)]);
    const context = await this.rowContext(runId, datasetId, idxs);
    const rows = items.map((item) => resultRow(item, byIdx, context, q));
    const counts = (
      await this.pool.query<{ rows: number; complete: number }>(
        `SELECT (SELECT rows FROM wb_datasets WHERE id = $1) AS rows,
           (SELECT COUNT(*)::int FROM wb_flags f JOIN wb_runs r ON r.id = f.run_id
            WHERE f.run_id = $2 AND f.done >= r.repeats * json_array_length(r.models::json)) AS complete`,
        [datasetId, runId],
      )
    ).rows[0]!;
    return { runId, total, offset: q.offset, rows, datasetRows: counts.rows, complete: counts.complete };
  }

  /** Flags, reviewers (and those of them who marked evidence), adjudications and sample membership of a set of rows. */
  private async rowContext(runId: string, datasetId: string, idxs: number[]) {
    const [flagRows, labelRows, sampleRows, dataset] = await Promise.all([
      this.pool.query<FlagRow>("SELECT * FROM wb_flags WHERE run_id = $1 AND idx = ANY($2::int[])", [
        runId,
        idxs,
      ]),
      this.pool.query<ContextLabelRow>(
        // A skip is no review: it neither lifts blind review on the row nor counts among its reviewers.
        `SELECT ${CONTEXT_LABEL_COLUMNS} FROM wb_labels WHERE dataset_id = $1 AND idx = ANY($2::int[])
         AND status <> 'skipped' ORDER BY created_at, annotator`,
        [datasetId, idxs],
      ),
      this.pool.query<{ idx: number }>(
        "SELECT idx FROM wb_sample WHERE dataset_id = $1 AND idx = ANY($2::int[])",
        [datasetId, idxs],
      ),
      this.pool.query<{ mapping: string }>("SELECT mapping FROM wb_datasets WHERE id = $1", [datasetId]),
    ]);
    return {
      goldColumns: goldColumnsOf(dataset.rows[0]?.mapping),
      flags: new Map(flagRows.rows.map((f) => [f.idx, f])),
      ...peopleOf(labelRows.rows),
      sample: new Set(sampleRows.rows.map((r) => r.idx)),
    };
  }

  async inSample(datasetId: string, idx: number): Promise<boolean> {
    const { rowCount } = await this.pool.query("SELECT 1 FROM wb_sample WHERE dataset_id = $1 AND idx = $2", [
      datasetId,
      idx,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async outcomes(runId: string, idx: number): Promise<RowAnnotation[]> {
    const { rows } = await this.pool.query<AnnotationRow>(
      "SELECT * FROM wb_annotations WHERE run_id = $1 AND idx = $2 ORDER BY model, rep",
      [runId, idx],
    );
    return rows.map(toRowAnnotation);
  }

  async flags(runId: string, idx: number): Promise<RowFlags | null> {
    const datasetId = await this.datasetOf(runId);
    if (!datasetId) return null;
    const context = await this.rowContext(runId, datasetId, [idx]);
    return toFlags(
      context.flags.get(idx),
      context.reviewers.get(idx) ?? [],
      context.adjudicated.has(idx),
      context.sample.has(idx),
    );
  }

  /**
   * The clause that starts the queue after the cursor's row, at that row's place now in the queue's order (as the
   * SQLite store does): its rank in the sample, or its priority (higher first, then by index). Numbers only, inlined.
   */
  private async queueCursor(runId: string | null, datasetId: string, q: QueueQuery): Promise<string> {
    if (q.after === undefined) return "";
    const after = Math.trunc(q.after);
    if (q.mode === "sample") {
      const { rows } = await this.pool.query<{ rank: number }>(
        "SELECT rank FROM wb_sample WHERE dataset_id = $1 AND idx = $2",
        [datasetId, after],
      );
      return ` AND s.rank > ${Number(rows[0]?.rank ?? -1)}`;
    }
    const { rows } = await this.pool.query<{ priority: number }>(
      "SELECT priority FROM wb_flags WHERE run_id = $1 AND idx = $2",
      [runId, after],
    );
    const priority = Number(rows[0]?.priority ?? 0);
    return ` AND (COALESCE(f.priority, 0) < ${priority} OR (COALESCE(f.priority, 0) = ${priority} AND i.idx > ${after}))`;
  }

  async queue(runId: string, q: QueueQuery): Promise<QueueResponse | null> {
    const datasetId = await this.datasetOf(runId);
    return datasetId ? this.queueOf(datasetId, runId, q) : null;
  }

  /**
   * The queue of a data set under a run's flags, or with none (no run yet: every row outside the sample is "rest");
   * under the data set's overlap, as the SQLite store's: rows outside the sample with k labels leave it (`full`).
   */
  async queueOf(datasetId: string, runId: string | null, q: QueueQuery): Promise<QueueResponse> {
    // $1 run, $2 data set, $3 annotator (and $4 the limit) in the queries below.
    const unlabelled =
      "NOT EXISTS (SELECT 1 FROM wb_labels l WHERE l.dataset_id = i.dataset_id AND l.idx = i.idx AND l.kind = 'label' AND l.annotator = $3)";
    const inSample = "EXISTS (SELECT 1 FROM wb_sample s WHERE s.dataset_id = i.dataset_id AND s.idx = i.idx)";
    const from =
      q.mode === "sample"
        ? "FROM wb_items i JOIN wb_sample s ON s.dataset_id = i.dataset_id AND s.idx = i.idx LEFT JOIN wb_flags f ON f.run_id = $1 AND f.idx = i.idx WHERE i.dataset_id = $2"
        : `FROM wb_items i LEFT JOIN wb_flags f ON f.run_id = $1 AND f.idx = i.idx WHERE i.dataset_id = $2 AND NOT ${inSample}`;
    const overlap =
      q.mode === "sample"
        ? null
        : ((
            await this.pool.query<{ overlap: number | null }>(
              "SELECT overlap FROM wb_datasets WHERE id = $1",
              [datasetId],
            )
          ).rows[0]?.overlap ?? null);
    // Rows this person has not labelled, so every label of the row is another person's. A number only, inlined.
    const open =
      overlap === null
        ? "TRUE"
        : `(SELECT COUNT(*) FROM wb_labels o WHERE o.dataset_id = i.dataset_id AND o.idx = i.idx AND o.kind = 'label'
             AND o.status <> 'skipped') < ${Number(overlap)}`;
    const order = q.mode === "sample" ? "s.rank" : "COALESCE(f.priority, 0) DESC, i.idx";
    const params = [runId, datasetId, q.annotator];
    const { rows: counts } = await this.pool.query<{ total: number; remaining: number; full: number }>(
      `SELECT COUNT(*)::int AS total, COUNT(*) FILTER (WHERE ${unlabelled} AND ${open})::int AS remaining,
              COUNT(*) FILTER (WHERE ${unlabelled} AND NOT (${open}))::int AS full ${from}`,
      params,
    );
    const { rows } = await this.pool.query<{
      idx: number;
      item_id: string;
      models_mask: number | null;
      runs_mask: number | null;
      mean_conf: number | null;
      failed: number | null;
      priority: number;
    }>(
      `SELECT i.idx, i.item_id, f.models_mask, f.runs_mask, f.mean_conf, f.failed, COALESCE(f.priority, 0) AS priority
       ${from} AND ${unlabelled} AND ${open}${await this.queueCursor(runId, datasetId, q)} ORDER BY ${order} LIMIT $4`,
      [...params, q.limit],
    );
    return {
      runId,
      annotator: q.annotator,
      mode: q.mode,
      total: counts[0]!.total,
      remaining: counts[0]!.remaining,
      overlap,
      full: counts[0]!.full,
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
