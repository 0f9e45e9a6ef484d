// What both comparison stores share (SQLite, ./sqliteRunStore.ts; PostgreSQL, ./pgRunStore.ts): the rows as either
// database holds them (the same columns: ISO times and JSON documents as text, flags as 0/1), a record made from a
// row, and the SQL of every statement both run alike, each store giving only its placeholders.
import { RunStatusSchema } from "../../contract/compare";
import type { CompareResults } from "../../contract/compare";
import type { UserError } from "../../contract/errors";
import type {
  AnswerKey,
  CompareRunRecord,
  CompareRunSummary,
  ListRunsOptions,
  NewCompareRun,
  RunEnd,
  StoredRequest,
} from "./runStore";
import type { ResultRow } from "./runner";

/** A store's placeholder for the i-th value (from 0): SQLite's `@p0`, PostgreSQL's `$1`. */
export type Placeholder = (i: number) => string;

export interface RunRow {
  id: string;
  user_id: string;
  status: string;
  request: string;
  done: number;
  total: number;
  owner: string | null;
  heartbeat_at: string | null;
  cancel_requested: number;
  created_at: string;
  finished_at: string | null;
  results: string | null;
  error: string | null;
}

/** One answer: where it belongs and the whole ResultRow as JSON (the page and the exports read every field). */
export interface AnswerRow {
  run_id: string;
  seq: number;
  case_id: string;
  model: string;
  temperature: number;
  run: number;
  status: string;
  answer: string;
}

export function toRecord(row: RunRow): CompareRunRecord {
  return {
    id: row.id,
    userId: row.user_id,
    // A status this version does not know is a database written by another: said plainly, not shown as running.
    status: RunStatusSchema.parse(row.status),
    done: Number(row.done),
    total: Number(row.total),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    request: JSON.parse(row.request) as StoredRequest,
    results: row.results ? (JSON.parse(row.results) as CompareResults) : null,
    error: row.error ? (JSON.parse(row.error) as UserError) : null,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
    cancelRequested: Number(row.cancel_requested) === 1,
  };
}

export const toResultRow = (row: Pick<AnswerRow, "answer">): ResultRow => JSON.parse(row.answer) as ResultRow;

/** The answers to insert, numbered from `from`, in ANSWER_COLUMNS' order. */
export function answerValues(runId: string, from: number, rows: readonly ResultRow[]): unknown[][] {
  return rows.map((r, i) => [
    runId,
    from + i,
    r.caseId,
    r.model,
    r.temperature,
    r.run,
    r.status,
    JSON.stringify(r),
  ]);
}

export const ANSWER_COLUMNS = "run_id, seq, case_id, model, temperature, run, status, answer";

const RUN_COLUMNS = [
  "id",
  "user_id",
  "status",
  "request",
  "done",
  "total",
  "owner",
  "heartbeat_at",
  "created_at",
] as const;

export const insertRunSql = (p: Placeholder) =>
  `INSERT INTO compare_runs (${RUN_COLUMNS.join(", ")}) VALUES (${RUN_COLUMNS.map((_, i) => p(i)).join(", ")})`;

export const insertRunValues = (run: NewCompareRun): unknown[] => [
  run.id,
  run.userId,
  "running",
  JSON.stringify(run.request),
  0,
  run.total,
  run.owner,
  run.now,
  run.now,
];

export const getRunSql = (p: Placeholder) => `SELECT * FROM compare_runs WHERE id = ${p(0)}`;

export const listRowsSql = (p: Placeholder) =>
  `SELECT answer FROM compare_rows WHERE run_id = ${p(0)} ORDER BY seq`;

/**
 * One answer's row rewritten with `set` (the store's expression of the new JSON text, from `answer`); values: run id,
 * case id, model, temperature, run, then whatever `set` reads. Returns the answer as stored now.
 */
export const setAnswerSql = (p: Placeholder, set: string) =>
  `UPDATE compare_rows SET answer = ${set}
   WHERE run_id = ${p(0)} AND case_id = ${p(1)} AND model = ${p(2)} AND temperature = ${p(3)} AND run = ${p(4)}
   RETURNING answer`;

export const answerKeyValues = (id: string, key: AnswerKey): unknown[] => [
  id,
  key.caseId,
  key.model,
  key.temperature,
  key.run,
];

/** The progress and heartbeat of an answer's arrival; values: id, owner, done, now. */
export const progressSql = (p: Placeholder) =>
  `UPDATE compare_runs SET done = ${p(2)}, heartbeat_at = ${p(3)}
   WHERE id = ${p(0)} AND owner = ${p(1)} AND status = 'running' RETURNING cancel_requested`;

export const beatSql = (p: Placeholder) =>
  `UPDATE compare_runs SET heartbeat_at = ${p(1)} WHERE owner = ${p(0)} AND status = 'running'
   RETURNING id, cancel_requested`;

export const finishSql = (p: Placeholder) =>
  `UPDATE compare_runs SET status = ${p(2)}, done = COALESCE(${p(3)}, done), results = ${p(4)}, error = ${p(5)},
     finished_at = ${p(6)}, owner = NULL, heartbeat_at = NULL
   WHERE id = ${p(0)} AND owner = ${p(1)} AND status = 'running'`;

export function finishValues(id: string, owner: string, end: RunEnd, now: string): unknown[] {
  return [
    id,
    owner,
    end.status,
    end.status === "done" ? end.done : null,
    end.status === "done" ? JSON.stringify(end.results) : null,
    end.status === "error" ? JSON.stringify(end.error) : null,
    now,
  ];
}

export const requestCancelSql = (p: Placeholder) =>
  `UPDATE compare_runs SET cancel_requested = 1 WHERE id = ${p(0)} AND status = 'running'`;

/**
 * Running runs whose owner went silent become interrupted, finished when it was last heard of; values: staleBefore,
 * now, and the run's id when `one`.
 */
export const interruptStaleSql = (p: Placeholder, one: boolean) =>
  `UPDATE compare_runs SET status = 'interrupted', owner = NULL, finished_at = COALESCE(heartbeat_at, ${p(1)})
   WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ${p(0)})${one ? ` AND id = ${p(2)}` : ""}`;

/** The user's runs beyond the newest `keep` that are not running; values: userId, keep. */
export const pruneVictimsSql = (p: Placeholder) =>
  `SELECT id FROM compare_runs WHERE user_id = ${p(0)} AND status <> 'running' AND id NOT IN (
     SELECT id FROM compare_runs WHERE user_id = ${p(0)} ORDER BY created_at DESC, id DESC LIMIT ${p(1)})`;

/**
 * How a database reads a field of a run's JSON documents (request, results): `text` the field as text (an array or
 * object as its JSON), `length` an array's length; `from` the table with whatever they need beside it.
 */
export interface JsonSql {
  /** The FROM clause over `rows` (a subquery aliased compare_runs), with whatever reads its documents. */
  from(rows: string): string;
  text(doc: "request" | "results", path: string[]): string;
  length(doc: "request" | "results", path: string[]): string;
}

/** A run's summary as the list reads it: the columns and the fields of its documents it needs. */
export interface SummaryRow {
  id: string;
  user_id: string;
  status: string;
  done: number;
  total: number;
  created_at: string;
  finished_at: string | null;
  suite_id: string | null;
  suite_name: string | null;
  suite_name_en: string | null;
  cases: number | string | null;
  models: string | null;
  runs: number | string | null;
  temperatures: string | null;
  stopped: number | string | boolean | null;
  best: string | null;
  ranking: string | null;
}

/**
 * The runs newest first as summaries; values: the user's id (with `options.userId`), the `before` place's time, time
 * and id (with `options.before`), then the limit. Only the fields a list shows are read out of the documents.
 */
export function listRunsSql(
  p: Placeholder,
  json: JsonSql,
  options: ListRunsOptions,
): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  if (options.userId !== undefined) {
    values.push(options.userId);
    where.push(`user_id = ${p(values.length - 1)}`);
  }
  if (options.before !== undefined) {
    values.push(options.before.createdAt, options.before.createdAt, options.before.id);
    const [at, same, id] = [p(values.length - 3), p(values.length - 2), p(values.length - 1)];
    where.push(`(created_at < ${at} OR (created_at = ${same} AND id < ${id}))`);
  }
  values.push(options.limit);
  // The page's ids first, by the index, then only their documents read: never the JSON of runs outside the page.
  const page = `(SELECT * FROM compare_runs WHERE id IN (SELECT id FROM compare_runs
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY created_at DESC, id DESC LIMIT ${p(values.length - 1)})) AS compare_runs`;
  const sql = `SELECT id, user_id, status, done, total, created_at, finished_at,
      ${json.text("request", ["suite", "id"])} AS suite_id,
      ${json.text("request", ["suite", "name"])} AS suite_name,
      ${json.text("request", ["suite", "nameEn"])} AS suite_name_en,
      ${json.length("request", ["suite", "cases"])} AS cases,
      ${json.text("request", ["models"])} AS models,
      ${json.text("request", ["runs"])} AS runs,
      ${json.text("request", ["temperatures"])} AS temperatures,
      ${json.text("results", ["interrupted"])} AS stopped,
      ${json.text("results", ["recommendation", "primary"])} AS best,
      ${json.text("results", ["recommendation", "ranking"])} AS ranking
    FROM ${json.from(page)}
    ORDER BY created_at DESC, id DESC`;
  return { sql, values };
}

const parsedArray = <T>(text: string | null): T[] => {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
};

export function toSummary(row: SummaryRow): CompareRunSummary {
  const ranking = parsedArray<{ model?: string; passRate?: number | null }>(row.ranking);
  const best = row.best
    ? { model: row.best, passRate: ranking.find((r) => r.model === row.best)?.passRate ?? null }
    : null;
  return {
    id: row.id,
    userId: row.user_id,
    status: RunStatusSchema.parse(row.status),
    done: Number(row.done),
    total: Number(row.total),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    suite: {
      id: row.suite_id ?? "",
      name: row.suite_name ?? "",
      ...(row.suite_name_en ? { nameEn: row.suite_name_en } : {}),
      cases: Number(row.cases ?? 0),
    },
    models: parsedArray<string>(row.models),
    runs: Number(row.runs ?? 1),
    temperatures: parsedArray<number>(row.temperatures).map(Number),
    // SQLite reads a JSON true as 1, PostgreSQL as the text "true".
    stopped: row.stopped === 1 || row.stopped === "1" || row.stopped === "true" || row.stopped === true,
    best,
  };
}

/** A run that is not running, by id (what remove deletes); values: id. */
export const removableSql = (p: Placeholder) =>
  `SELECT id FROM compare_runs WHERE id = ${p(0)} AND status <> 'running'`;
