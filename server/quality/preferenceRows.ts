// What both preference stores share (SQLite, ./preferenceStore.ts; PostgreSQL, ./pgPreferenceStore.ts): the row as
// either table holds it (the same columns, created by the same DDL shape), the verdict made from an input, and the
// SQL of storing a verdict and of a listing (filters, the one order), each store giving only its placeholders, so
// that the two answer alike and the leaderboard does not depend on the backend.
import { randomUUID } from "node:crypto";
import type { PreferenceChoice, PreferenceInput, StoredPreference } from "../../contract/preferences";

export interface PreferenceQuery {
  suiteId?: string;
  runId?: string;
  person?: string;
}

export interface PreferenceRow {
  id: string;
  person: string;
  run_id: string;
  suite_id: string;
  case_id: string;
  temperature: number;
  run: number;
  model_a: string;
  model_b: string;
  choice: PreferenceChoice;
  created_at: string;
}

/** The columns, in the order the INSERT lists its values. */
const PREFERENCE_COLUMNS = [
  "id",
  "person",
  "run_id",
  "suite_id",
  "case_id",
  "temperature",
  "run",
  "model_a",
  "model_b",
  "choice",
  "created_at",
] as const;

/** A person's verdict on a pair is one row: judging it again replaces the choice (and its time). */
export const PREFERENCE_KEY = "person, run_id, case_id, temperature, run, model_a, model_b";

/** The pair in a fixed order (a < b) with the choice turned to match. */
export function normalizePreference(input: PreferenceInput): Pick<StoredPreference, "a" | "b" | "choice"> {
  if (input.a < input.b) return { a: input.a, b: input.b, choice: input.choice };
  const flipped: PreferenceChoice = input.choice === "a" ? "b" : input.choice === "b" ? "a" : "tie";
  return { a: input.b, b: input.a, choice: flipped };
}

/** The row a new verdict makes (a fresh id, now); on a repeated verdict the store keeps the first row's id. */
export function preferenceRow(input: PreferenceInput, now = new Date()): PreferenceRow {
  const pair = normalizePreference(input);
  return {
    id: randomUUID(),
    person: input.person,
    run_id: input.runId,
    suite_id: input.suiteId,
    case_id: input.caseId,
    temperature: input.temperature,
    run: input.run,
    model_a: pair.a,
    model_b: pair.b,
    choice: pair.choice,
    created_at: now.toISOString(),
  };
}

export const toStoredPreference = (r: PreferenceRow): StoredPreference => ({
  id: r.id,
  person: r.person,
  runId: r.run_id,
  suiteId: r.suite_id,
  caseId: r.case_id,
  temperature: r.temperature,
  run: r.run,
  a: r.model_a,
  b: r.model_b,
  choice: r.choice,
  createdAt: r.created_at,
});

/** A store's placeholder for the i-th value (from 0): SQLite's `?`, PostgreSQL's `$1`. */
export type Placeholder = (i: number) => string;

/**
 * Stores a verdict, or replaces the person's earlier one on the pair (its choice and time; the first row's id stays),
 * and gives the row back. PostgreSQL's seq is not a column here: it numbers the row itself.
 */
export const upsertSql = (param: Placeholder) => `INSERT INTO preferences (${PREFERENCE_COLUMNS.join(", ")})
  VALUES (${PREFERENCE_COLUMNS.map((_, i) => param(i)).join(", ")})
  ON CONFLICT (${PREFERENCE_KEY}) DO UPDATE SET choice = excluded.choice, created_at = excluded.created_at
  RETURNING *`;

/** The values of upsertSql, in its columns' order. */
export const rowValues = (row: PreferenceRow): unknown[] => PREFERENCE_COLUMNS.map((c) => row[c]);

/**
 * A listing: the verdicts matching every filter given, oldest first; verdicts of the same millisecond in the order
 * they were first stored (`insertion`: SQLite's rowid, PostgreSQL's seq), since the bootstrap behind the leaderboard's
 * intervals resamples them in this order.
 */
export function listSql(
  query: PreferenceQuery,
  param: Placeholder,
  insertion: "rowid" | "seq",
): { sql: string; values: string[] } {
  const filters: [string, string][] = [];
  if (query.suiteId) filters.push(["suite_id", query.suiteId]);
  if (query.runId) filters.push(["run_id", query.runId]);
  if (query.person) filters.push(["person", query.person]);
  const where = filters.length ? ` WHERE ${filters.map(([c], i) => `${c} = ${param(i)}`).join(" AND ")}` : "";
  return {
    sql: `SELECT * FROM preferences${where} ORDER BY created_at, ${insertion}`,
    values: filters.map(([, v]) => v),
  };
}
