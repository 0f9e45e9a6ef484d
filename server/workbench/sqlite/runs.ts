// Runs, their annotations (one per run × row × model × repeat, whatever happens: a repeated outcome is ignored) and
// the per-row flags the results filters and the review queue read, recomputed for the rows each write touches.
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { CODEBOOK_VERSION } from "../../../contract/annotation";
import { REVIEW_FIELDS, type FailureReason, type RunSummary } from "../../../contract/workbench";
import { FIELD_BITS, reviewPriority } from "../flags";
import type { ModelCounts, NewRun, StoredOutcome } from "../store";
import { withFailures } from "../failures";

interface RunRow {
  id: string;
  dataset_id: string;
  job_id: string;
  models: string;
  temperature: number;
  repeats: number;
  concurrency: number | null;
  codebook_version: string;
  prompt_hashes: string;
  origin: RunSummary["origin"];
  created_at: string;
}

/** SQL for "the values of each review field differ within the group", as a bit mask. */
const DISAGREE_MASK = (column: (field: string) => string) =>
  REVIEW_FIELDS.map((field) => `((COUNT(DISTINCT ${column(field)}) > 1) * ${FIELD_BITS[field]})`).join(" | ");
const ANY_BIT = REVIEW_FIELDS.map((field) => `MAX(m & ${FIELD_BITS[field]})`).join(" | ");

/** The flags of the touched rows; disagreement is computed only where a run has models or repeats to compare. */
const flagsSql = (models: number, repeats: number) => `
INSERT OR REPLACE INTO wb_flags (run_id, idx, models_mask, runs_mask, min_conf, mean_conf, failed, done, priority)
SELECT @run, idx, models_mask, runs_mask, min_conf, mean_conf, failed, done,
  wb_priority(models_mask, runs_mask, mean_conf, failed)
FROM (
  SELECT a.idx AS idx,
    ${models > 1 ? DISAGREE_MASK((field) => `CASE WHEN a.rep = 1 THEN a.${field} END`) : "0"} AS models_mask,
    ${
      repeats > 1
        ? `COALESCE((SELECT ${ANY_BIT} FROM (
      SELECT ${DISAGREE_MASK((field) => field)} AS m FROM wb_annotations b
      WHERE b.run_id = @run AND b.idx = a.idx AND b.error IS NULL GROUP BY b.model)), 0)`
        : "0"
    } AS runs_mask,
    MIN(a.incredere) AS min_conf, AVG(a.incredere) AS mean_conf,
    SUM(a.error IS NOT NULL) AS failed, COUNT(*) AS done
  FROM wb_annotations a
  WHERE a.run_id = @run AND a.idx IN (SELECT value FROM json_each(@idxs))
  GROUP BY a.idx
)`;

const INSERT_OUTCOME = `INSERT OR IGNORE INTO wb_annotations (run_id, idx, model, rep, annotation, ton, populism,
  anti_elitism, popor_central, tema, incredere, error, codebook_version, temperature, prompt_hash, ms, cached, repaired,
  input_tokens, output_tokens, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_SINGLE_FLAGS = `INSERT OR REPLACE INTO wb_flags (run_id, idx, models_mask, runs_mask, min_conf, mean_conf,
  failed, done, priority)
VALUES (?, ?, 0, 0, ?, ?, ?, 1, ?)`;

export class RunTables {
  /** Prepared statements of the write path, kept: a run saves every few hundred rows, and preparing costs as much. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private olderCodebookRows(runId: string): number {
    return this.db
      .prepare("SELECT COUNT(*) FROM wb_annotations WHERE run_id = ? AND codebook_version != ?")
      .pluck()
      .get(runId, CODEBOOK_VERSION) as number;
  }

  private toSummary(row: RunRow): RunSummary {
    return {
      id: row.id,
      datasetId: row.dataset_id,
      jobId: row.job_id,
      models: JSON.parse(row.models) as string[],
      temperature: row.temperature,
      repeats: row.repeats,
      ...(row.concurrency ? { concurrency: row.concurrency } : {}),
      codebookVersion: row.codebook_version,
      promptHashes: JSON.parse(row.prompt_hashes) as Record<string, string>,
      createdAt: row.created_at,
      origin: row.origin,
      olderCodebookRows: this.olderCodebookRows(row.id),
    };
  }

  create(run: NewRun): RunSummary {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO wb_runs (id, dataset_id, job_id, models, temperature, repeats, concurrency, codebook_version,
           prompt_hashes, origin, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        run.datasetId,
        run.jobId,
        JSON.stringify(run.models),
        run.temperature,
        run.repeats,
        run.concurrency ?? null,
        run.codebookVersion,
        JSON.stringify(run.promptHashes),
        run.origin,
        new Date().toISOString(),
      );
    return this.get(id)!;
  }

  get(id: string): RunSummary | null {
    const row = this.db.prepare("SELECT * FROM wb_runs WHERE id = ?").get(id) as RunRow | undefined;
    return row ? this.toSummary(row) : null;
  }

  byJob(jobId: string): RunSummary | null {
    const row = this.db.prepare("SELECT * FROM wb_runs WHERE job_id = ?").get(jobId) as RunRow | undefined;
    return row ? this.toSummary(row) : null;
  }

  list(datasetId: string): RunSummary[] {
    const rows = this.db
      .prepare("SELECT * FROM wb_runs WHERE dataset_id = ? ORDER BY created_at DESC")
      .all(datasetId) as RunRow[];
    return rows.map((row) => this.toSummary(row));
  }

  doneKeys(runId: string, model: string, fromIdx: number, toIdx: number): Set<string> {
    const rows = this.statement(
      "SELECT idx, rep FROM wb_annotations WHERE run_id = ? AND model = ? AND idx >= ? AND idx < ?",
    ).all(runId, model, fromIdx, toIdx) as { idx: number; rep: number }[];
    return new Set(rows.map((r) => `${r.idx}:${r.rep}`));
  }

  /** Inserts the outcomes and refreshes the flags of their rows, in one transaction; returns how many were new. */
  save(runId: string, outcomes: StoredOutcome[]): number {
    const insert = this.statement(INSERT_OUTCOME);
    const shape = this.statement(
      "SELECT json_array_length(models) AS models, repeats FROM wb_runs WHERE id = ?",
    ).get(runId) as { models: number; repeats: number };
    // One model, one repeat: a row's flags follow from its only outcome, without reading the table back.
    const single = shape.models === 1 && shape.repeats === 1;
    const flags = single ? null : this.statement(flagsSql(shape.models, shape.repeats));
    const singleFlags = this.statement(INSERT_SINGLE_FLAGS);
    let added = 0;
    this.db.transaction(() => {
      const touched = new Set<number>();
      for (const o of outcomes) {
        const l = o.labels;
        const result = insert.run(
          runId,
          o.idx,
          o.model,
          o.repeat,
          o.annotation,
          l.ton ?? null,
          l.populism ?? null,
          l.anti_elitism ?? null,
          l.popor_central ?? null,
          l.tema ?? null,
          o.confidence,
          o.error ? JSON.stringify(o.error) : null,
          o.codebookVersion,
          o.temperature,
          o.promptHash,
          o.ms,
          o.cached ? 1 : 0,
          o.repaired ? 1 : 0,
          o.inputTokens,
          o.outputTokens,
          o.createdAt,
        );
        if (result.changes === 0) continue;
        added++;
        if (!single) touched.add(o.idx);
        else {
          const failed = o.error ? 1 : 0;
          const signals = { modelsMask: 0, runsMask: 0, meanConfidence: o.confidence, failed };
          singleFlags.run(runId, o.idx, o.confidence, o.confidence, failed, reviewPriority(signals));
        }
      }
      if (flags && touched.size > 0) flags.run({ run: runId, idxs: JSON.stringify([...touched]) });
    })();
    return added;
  }

  counts(runId: string): ModelCounts[] {
    const counts = this.db
      .prepare(
        `SELECT model, COUNT(*) AS done, SUM(error IS NOT NULL) AS failed, SUM(cached) AS cached,
           SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens
         FROM wb_annotations WHERE run_id = ? GROUP BY model`,
      )
      .all(runId) as ModelCounts[];
    const failures = this.db
      .prepare(
        `SELECT model, json_extract(error, '$.code') AS code, MIN(json_extract(error, '$.message')) AS message,
           COUNT(*) AS count
         FROM wb_annotations WHERE run_id = ? AND error IS NOT NULL GROUP BY model, code`,
      )
      .all(runId) as (FailureReason & { model: string })[];
    return withFailures(counts, failures);
  }
}
