// Where people's blind preferences are kept: behind an interface whose every method returns a Promise (SQLite now,
// PostgreSQL when a class shares a deployment), in the app's database (DATA_DIR/echochamber.db, table `preferences`).
// A person judging the same pair again replaces their verdict.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { PreferenceChoice, PreferenceInput, StoredPreference } from "../../contract/preferences";
import type { Config } from "../config";

export interface PreferenceQuery {
  suiteId?: string;
  runId?: string;
  person?: string;
}

export interface PreferenceStore {
  add(input: PreferenceInput): Promise<StoredPreference>;
  list(query?: PreferenceQuery): Promise<StoredPreference[]>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS preferences (
  id TEXT PRIMARY KEY, person TEXT NOT NULL, run_id TEXT NOT NULL, suite_id TEXT NOT NULL, case_id TEXT NOT NULL,
  temperature REAL NOT NULL, run INTEGER NOT NULL, model_a TEXT NOT NULL, model_b TEXT NOT NULL, choice TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (person, run_id, case_id, temperature, run, model_a, model_b)
);
CREATE INDEX IF NOT EXISTS preferences_suite ON preferences(suite_id);`;

interface Row {
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

/** The pair in a fixed order (a < b) with the choice turned to match. */
export function normalizePreference(input: PreferenceInput): Pick<StoredPreference, "a" | "b" | "choice"> {
  if (input.a < input.b) return { a: input.a, b: input.b, choice: input.choice };
  const flipped: PreferenceChoice = input.choice === "a" ? "b" : input.choice === "b" ? "a" : "tie";
  return { a: input.b, b: input.a, choice: flipped };
}

const toStored = (r: Row): StoredPreference => ({
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

export class SqlitePreferenceStore implements PreferenceStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  async add(input: PreferenceInput): Promise<StoredPreference> {
    const pair = normalizePreference(input);
    const stored: StoredPreference = {
      id: randomUUID(),
      person: input.person,
      runId: input.runId,
      suiteId: input.suiteId,
      caseId: input.caseId,
      temperature: input.temperature,
      run: input.run,
      ...pair,
      createdAt: new Date().toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO preferences (id, person, run_id, suite_id, case_id, temperature, run, model_a, model_b, choice, created_at)
         VALUES (@id, @person, @runId, @suiteId, @caseId, @temperature, @run, @a, @b, @choice, @createdAt)
         ON CONFLICT (person, run_id, case_id, temperature, run, model_a, model_b)
         DO UPDATE SET choice = excluded.choice, created_at = excluded.created_at`,
      )
      .run(stored);
    return stored;
  }

  async list(query: PreferenceQuery = {}): Promise<StoredPreference[]> {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (query.suiteId) (where.push("suite_id = @suiteId"), (params.suiteId = query.suiteId));
    if (query.runId) (where.push("run_id = @runId"), (params.runId = query.runId));
    if (query.person) (where.push("person = @person"), (params.person = query.person));
    const sql = `SELECT * FROM preferences${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toStored);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The store on the app's database file. */
export function openPreferenceStore(config: Pick<Config, "DATA_DIR">): PreferenceStore {
  return new SqlitePreferenceStore(path.join(path.resolve(config.DATA_DIR), "echochamber.db"));
}
