// What both preference stores share (SQLite, ./preferenceStore.ts; PostgreSQL, ./pgPreferenceStore.ts): the row as
// either table holds it (the same columns, created by the same DDL shape), the verdict made from an input, the filters
// of a listing and the one order a listing comes in, so that the two answer alike and the leaderboard does not
// depend on the backend.
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

/** The columns, in the order the INSERTs of both stores list their values. */
export const PREFERENCE_COLUMNS = [
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

export const rowValues = (row: PreferenceRow): unknown[] => PREFERENCE_COLUMNS.map((c) => row[c]);

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

/** The listing's filters as (column, value) pairs; each store writes its own placeholders. */
export function preferenceFilters(query: PreferenceQuery): [column: string, value: string][] {
  const filters: [string, string][] = [];
  if (query.suiteId) filters.push(["suite_id", query.suiteId]);
  if (query.runId) filters.push(["run_id", query.runId]);
  if (query.person) filters.push(["person", query.person]);
  return filters;
}

/**
 * Oldest verdict first; verdicts of the same millisecond in the order they were first stored (SQLite's rowid,
 * PostgreSQL's seq), since the bootstrap behind the leaderboard's intervals resamples them in this order.
 */
export const preferenceOrder = (insertion: "rowid" | "seq") => `ORDER BY created_at, ${insertion}`;
