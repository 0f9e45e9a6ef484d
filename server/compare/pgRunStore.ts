// The comparisons on PostgreSQL (a class deployment, DATABASE_URL): the same two tables as SQLite (migration
// "compare-runs", ../db/migrations.ts), so that every instance answers the poll of a run another one runs.
import type { PgPool } from "../db/postgres";
import {
  ANSWER_COLUMNS,
  answerKeyValues,
  answerValues,
  beatSql,
  finishSql,
  finishValues,
  getRunSql,
  insertRunSql,
  insertRunValues,
  interruptStaleSql,
  listRowsSql,
  listRunsSql,
  progressSql,
  pruneVictimsSql,
  removableSql,
  requestCancelSql,
  setAnswerSql,
  toRecord,
  toResultRow,
  toSummary,
  type AnswerRow,
  type JsonSql,
  type Placeholder,
  type RunRow,
  type SummaryRow,
} from "./runRows";
import type {
  AnswerKey,
  CompareRunRecord,
  CompareRunStore,
  CompareRunSummary,
  ListRunsOptions,
  NewCompareRun,
  RunEnd,
} from "./runStore";
import type { ResultRow } from "./runner";
import type { HumanVerdict } from "../../contract/compare";

const p: Placeholder = (i) => `$${i + 1}`;

/**
 * The progress and the answers in one statement (so in one transaction): the answers go in only when the UPDATE found
 * the run still this owner's. Values: id, owner, done, now, then the answers as a JSON array of column arrays.
 */
const ADD_ROWS = `WITH run AS (${progressSql(p)}),
  added AS (
    INSERT INTO compare_rows (${ANSWER_COLUMNS})
    SELECT a->>0, (a->>1)::int, a->>2, a->>3, (a->>4)::double precision, (a->>5)::int, a->>6, a->>7
    FROM json_array_elements($5::json) AS a
    WHERE EXISTS (SELECT 1 FROM run)
    ON CONFLICT (run_id, seq) DO NOTHING)
  SELECT cancel_requested FROM run`;

/**
 * The documents are stored as text: each row of the page is parsed once (the LATERAL, as jsonb, which the paths then
 * read without parsing again), then read by path.
 */
const JSON_SQL: JsonSql = {
  from: (rows) =>
    `${rows}, LATERAL (SELECT request::jsonb AS request_json, results::jsonb AS results_json) AS docs`,
  text: (doc, path) => `(${doc}_json #>> '{${path.join(",")}}')`,
  length: (doc, path) => `jsonb_array_length(${doc}_json #> '{${path.join(",")}}')`,
};

export class PgRunStore implements CompareRunStore {
  /** The pool belongs to the instance's stores (../storage/openPostgres.ts), which close it. */
  constructor(private readonly pool: PgPool) {}

  async create(run: NewCompareRun): Promise<CompareRunRecord> {
    await this.pool.query(insertRunSql(p), insertRunValues(run));
    return (await this.get(run.id))!;
  }

  async get(id: string): Promise<CompareRunRecord | null> {
    const { rows } = await this.pool.query<RunRow>(getRunSql(p), [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listRows(id: string): Promise<ResultRow[]> {
    const { rows } = await this.pool.query<AnswerRow>(listRowsSql(p), [id]);
    return rows.map(toResultRow);
  }

  async addRows(
    id: string,
    owner: string,
    from: number,
    rows: readonly ResultRow[],
    done: number,
    now: string,
  ): Promise<{ cancelRequested: boolean } | null> {
    const answers = JSON.stringify(answerValues(id, from, rows));
    const result = await this.pool.query<{ cancel_requested: number }>(ADD_ROWS, [
      id,
      owner,
      done,
      now,
      answers,
    ]);
    return result.rows[0] ? { cancelRequested: result.rows[0].cancel_requested === 1 } : null;
  }

  async setHumanVerdict(id: string, key: AnswerKey, human: HumanVerdict | null): Promise<ResultRow | null> {
    // jsonb reads the stored text and writes it back with its keys in its own order: the same document.
    const sql = human
      ? setAnswerSql(p, `jsonb_set(answer::jsonb, '{human}', ${p(5)}::jsonb)::text`)
      : setAnswerSql(p, `(answer::jsonb - 'human')::text`);
    const values = human ? [...answerKeyValues(id, key), JSON.stringify(human)] : answerKeyValues(id, key);
    const { rows } = await this.pool.query<Pick<AnswerRow, "answer">>(sql, values);
    return rows[0] ? toResultRow(rows[0]) : null;
  }

  async beat(owner: string, now: string): Promise<{ id: string; cancelRequested: boolean }[]> {
    const { rows } = await this.pool.query<{ id: string; cancel_requested: number }>(beatSql(p), [
      owner,
      now,
    ]);
    return rows.map((r) => ({ id: r.id, cancelRequested: r.cancel_requested === 1 }));
  }

  async finish(id: string, owner: string, end: RunEnd, now: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(finishSql(p), finishValues(id, owner, end, now));
    return (rowCount ?? 0) > 0;
  }

  async requestCancel(id: string): Promise<CompareRunRecord | null> {
    await this.pool.query(requestCancelSql(p), [id]);
    return this.get(id);
  }

  async interruptStale(staleBefore: string, now: string, id?: string): Promise<number> {
    const values = id === undefined ? [staleBefore, now] : [staleBefore, now, id];
    const { rowCount } = await this.pool.query(interruptStaleSql(p, id !== undefined), values);
    return rowCount ?? 0;
  }

  async list(options: ListRunsOptions): Promise<CompareRunSummary[]> {
    const { sql, values } = listRunsSql(p, JSON_SQL, options);
    const { rows } = await this.pool.query<SummaryRow>(sql, values);
    return rows.map(toSummary);
  }

  async remove(id: string): Promise<boolean> {
    // One statement: the answers and their run go together.
    const { rowCount } = await this.pool.query(
      `WITH victim AS (${removableSql(p)}),
         answers AS (DELETE FROM compare_rows WHERE run_id IN (SELECT id FROM victim))
       DELETE FROM compare_runs WHERE id IN (SELECT id FROM victim)`,
      [id],
    );
    return (rowCount ?? 0) > 0;
  }

  async prune(userId: string, keep: number): Promise<number> {
    // One statement: the answers and their runs go together.
    const { rowCount } = await this.pool.query(
      `WITH victims AS (${pruneVictimsSql(p)}),
         answers AS (DELETE FROM compare_rows WHERE run_id IN (SELECT id FROM victims))
       DELETE FROM compare_runs WHERE id IN (SELECT id FROM victims)`,
      [userId, keep],
    );
    return rowCount ?? 0;
  }

  /** Nothing of its own to close: the pool is the instance's. */
  async close(): Promise<void> {}
}
