// Runs, their annotations and the per-row flags on PostgreSQL. Outcomes go in as arrays in one statement (a repeated
// one is ignored); the flags of the rows they touch are computed here, by the same rules as the SQLite store's SQL
// (disagreement masks, confidence, failures) and `reviewPriority`, and written in the same transaction.
import { randomUUID } from "node:crypto";
import { CODEBOOK_VERSION } from "../../../contract/annotation";
import {
  REVIEW_FIELDS,
  type FailureReason,
  type ReviewField,
  type RunSummary,
} from "../../../contract/workbench";
import { inTransaction, type PgPool, type Queryable } from "../../db/postgres";
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
  older: number;
}

type FieldValues = Record<ReviewField, string | null>;
interface OutcomeSignal extends FieldValues {
  idx: number;
  model: string;
  rep: number;
  incredere: number | null;
  failed: boolean;
}

export interface FlagValues {
  idx: number;
  modelsMask: number;
  runsMask: number;
  minConf: number | null;
  meanConf: number | null;
  failed: number;
  done: number;
  priority: number;
}

/** The bits of the fields on which a group of outcomes holds more than one value (missing values do not count). */
function disagreement(group: FieldValues[]): number {
  let mask = 0;
  for (const field of REVIEW_FIELDS) {
    const values = new Set(group.map((o) => o[field]).filter((v) => v !== null));
    if (values.size > 1) mask |= FIELD_BITS[field];
  }
  return mask;
}

/** One row's flags from all of its outcomes: what the SQLite store computes in SQL (runs.ts there). */
export function rowFlags(
  idx: number,
  outcomes: OutcomeSignal[],
  models: number,
  repeats: number,
): FlagValues {
  const modelsMask = models > 1 ? disagreement(outcomes.filter((o) => o.rep === 1)) : 0;
  let runsMask = 0;
  if (repeats > 1) {
    const byModel = new Map<string, OutcomeSignal[]>();
    for (const o of outcomes) if (!o.failed) byModel.set(o.model, [...(byModel.get(o.model) ?? []), o]);
    for (const group of byModel.values()) runsMask |= disagreement(group);
  }
  const confidences = outcomes.map((o) => o.incredere).filter((c): c is number => c !== null);
  const meanConf = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null;
  const failed = outcomes.filter((o) => o.failed).length;
  return {
    idx,
    modelsMask,
    runsMask,
    minConf: confidences.length ? Math.min(...confidences) : null,
    meanConf,
    failed,
    done: outcomes.length,
    priority: reviewPriority({ modelsMask, runsMask, meanConfidence: meanConf, failed }),
  };
}

async function writeFlags(client: Queryable, runId: string, flags: FlagValues[]): Promise<void> {
  if (flags.length === 0) return;
  await client.query(
    `INSERT INTO wb_flags (run_id, idx, models_mask, runs_mask, min_conf, mean_conf, failed, done, priority)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::float8[], $6::float8[], $7::int[], $8::int[],
       $9::float8[])
     ON CONFLICT (run_id, idx) DO UPDATE SET models_mask = excluded.models_mask, runs_mask = excluded.runs_mask,
       min_conf = excluded.min_conf, mean_conf = excluded.mean_conf, failed = excluded.failed, done = excluded.done,
       priority = excluded.priority`,
    [
      runId,
      flags.map((f) => f.idx),
      flags.map((f) => f.modelsMask),
      flags.map((f) => f.runsMask),
      flags.map((f) => f.minConf),
      flags.map((f) => f.meanConf),
      flags.map((f) => f.failed),
      flags.map((f) => f.done),
      flags.map((f) => f.priority),
    ],
  );
}

const RUN_SELECT = `SELECT r.*, (SELECT COUNT(*) FROM wb_annotations a WHERE a.run_id = r.id
  AND a.codebook_version <> $2)::int AS older FROM wb_runs r`;

function toSummary(row: RunRow): RunSummary {
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
    olderCodebookRows: row.older,
  };
}

export class PgRunTables {
  constructor(private readonly pool: PgPool) {}

  async create(run: NewRun): Promise<RunSummary> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO wb_runs (id, dataset_id, job_id, models, temperature, repeats, concurrency, codebook_version,
         prompt_hashes, origin, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
    );
    return (await this.get(id))!;
  }

  async get(id: string): Promise<RunSummary | null> {
    const { rows } = await this.pool.query<RunRow>(`${RUN_SELECT} WHERE r.id = $1`, [id, CODEBOOK_VERSION]);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async byJob(jobId: string): Promise<RunSummary | null> {
    const { rows } = await this.pool.query<RunRow>(`${RUN_SELECT} WHERE r.job_id = $1`, [
      jobId,
      CODEBOOK_VERSION,
    ]);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async list(datasetId: string): Promise<RunSummary[]> {
    const { rows } = await this.pool.query<RunRow>(
      `${RUN_SELECT} WHERE r.dataset_id = $1 ORDER BY r.created_at DESC`,
      [datasetId, CODEBOOK_VERSION],
    );
    return rows.map(toSummary);
  }

  async doneKeys(runId: string, model: string, fromIdx: number, toIdx: number): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ idx: number; rep: number }>(
      "SELECT idx, rep FROM wb_annotations WHERE run_id = $1 AND model = $2 AND idx >= $3 AND idx < $4",
      [runId, model, fromIdx, toIdx],
    );
    return new Set(rows.map((r) => `${r.idx}:${r.rep}`));
  }

  /** Inserts the outcomes and refreshes the flags of their rows, in one transaction; returns how many were new. */
  async save(runId: string, outcomes: StoredOutcome[]): Promise<number> {
    if (outcomes.length === 0) return 0;
    return inTransaction(this.pool, async (client) => {
      const shape = (
        await client.query<{ models: number; repeats: number }>(
          "SELECT json_array_length(models::json) AS models, repeats FROM wb_runs WHERE id = $1",
          [runId],
        )
      ).rows[0]!;
      const column = <T>(pick: (o: StoredOutcome) => T) => outcomes.map(pick);
      const { rows: added } = await client.query<{ idx: number }>(
        `INSERT INTO wb_annotations (run_id, idx, model, rep, annotation, ton, populism, anti_elitism, popor_central,
           tema, incredere, error, codebook_version, temperature, prompt_hash, ms, cached, repaired, input_tokens,
           output_tokens, created_at)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[], $14::float8[], $15::text[], $16::int[],
           $17::int[], $18::int[], $19::int[], $20::int[], $21::text[])
         ON CONFLICT (run_id, idx, model, rep) DO NOTHING
         RETURNING idx`,
        [
          runId,
          column((o) => o.idx),
          column((o) => o.model),
          column((o) => o.repeat),
          column((o) => o.annotation),
          column((o) => o.labels.ton ?? null),
          column((o) => o.labels.populism ?? null),
          column((o) => o.labels.anti_elitism ?? null),
          column((o) => o.labels.popor_central ?? null),
          column((o) => o.labels.tema ?? null),
          column((o) => o.confidence),
          column((o) => (o.error ? JSON.stringify(o.error) : null)),
          column((o) => o.codebookVersion),
          column((o) => o.temperature),
          column((o) => o.promptHash),
          column((o) => Math.round(o.ms)),
          column((o) => (o.cached ? 1 : 0)),
          column((o) => (o.repaired ? 1 : 0)),
          column((o) => o.inputTokens),
          column((o) => o.outputTokens),
          column((o) => o.createdAt),
        ],
      );
      const touched = [...new Set(added.map((r) => r.idx))];
      if (touched.length > 0) await this.refreshFlags(client, runId, touched, shape.models, shape.repeats);
      return added.length;
    });
  }

  private async refreshFlags(
    client: Queryable,
    runId: string,
    idxs: number[],
    models: number,
    repeats: number,
  ): Promise<void> {
    const { rows } = await client.query<OutcomeSignal>(
      `SELECT idx, model, rep, ton, populism, anti_elitism, popor_central, tema, incredere, error IS NOT NULL AS failed
       FROM wb_annotations WHERE run_id = $1 AND idx = ANY($2::int[])`,
      [runId, idxs],
    );
    const byIdx = new Map<number, OutcomeSignal[]>();
    for (const row of rows) byIdx.set(row.idx, [...(byIdx.get(row.idx) ?? []), row]);
    await writeFlags(
      client,
      runId,
      [...byIdx].map(([idx, outcomes]) => rowFlags(idx, outcomes, models, repeats)),
    );
  }

  async counts(runId: string): Promise<ModelCounts[]> {
    const { rows } = await this.pool.query<ModelCounts>(
      `SELECT model, COUNT(*)::int AS done, COUNT(error)::int AS failed, SUM(cached)::int AS cached,
         SUM(input_tokens)::float8 AS "inputTokens", SUM(output_tokens)::float8 AS "outputTokens"
       FROM wb_annotations WHERE run_id = $1 GROUP BY model`,
      [runId],
    );
    const failures = await this.pool.query<FailureReason & { model: string }>(
      `SELECT model, error::jsonb->>'code' AS code, MIN(error::jsonb->>'message') AS message, COUNT(*)::int AS count
       FROM wb_annotations WHERE run_id = $1 AND error IS NOT NULL GROUP BY model, code`,
      [runId],
    );
    return withFailures(rows, failures.rows);
  }
}
