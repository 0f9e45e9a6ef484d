// Where people's blind preferences are kept: behind an interface whose every method returns a Promise, in the app's
// database — SQLite (DATA_DIR/echochamber.db, table `preferences`) by default, PostgreSQL when DATABASE_URL is set
// (./pgPreferenceStore.ts), so that every instance of a class deployment counts the same votes. A person judging the
// same pair again replaces their verdict.
import path from "node:path";
import Database from "better-sqlite3";
import type { PreferenceInput, StoredPreference } from "../../contract/preferences";
import type { Config } from "../config";
import {
  listSql,
  PREFERENCE_KEY,
  preferenceRow,
  rowValues,
  toStoredPreference,
  upsertSql,
  type PreferenceQuery,
  type PreferenceRow,
} from "./preferenceRows";
import { openSqliteFile } from "../sqliteFile";

export { normalizePreference, type PreferenceQuery } from "./preferenceRows";

export interface PreferenceStore {
  /** Stores a verdict, or replaces the person's earlier one on the same pair; gives the row as stored. */
  add(input: PreferenceInput): Promise<StoredPreference>;
  /** The verdicts matching every filter given, oldest first. */
  list(query?: PreferenceQuery): Promise<StoredPreference[]>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS preferences (
  id TEXT PRIMARY KEY, person TEXT NOT NULL, run_id TEXT NOT NULL, suite_id TEXT NOT NULL, case_id TEXT NOT NULL,
  temperature REAL NOT NULL, run INTEGER NOT NULL, model_a TEXT NOT NULL, model_b TEXT NOT NULL, choice TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (${PREFERENCE_KEY})
);
CREATE INDEX IF NOT EXISTS preferences_suite ON preferences(suite_id);`;

const UPSERT = upsertSql(() => "?");

export class SqlitePreferenceStore implements PreferenceStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteFile(file);
    this.db.exec(SCHEMA);
  }

  async add(input: PreferenceInput): Promise<StoredPreference> {
    const row = this.db.prepare(UPSERT).get(...rowValues(preferenceRow(input))) as PreferenceRow;
    return toStoredPreference(row);
  }

  async list(query: PreferenceQuery = {}): Promise<StoredPreference[]> {
    const { sql, values } = listSql(query, () => "?", "rowid");
    const rows = this.db.prepare(sql).all(...values) as PreferenceRow[];
    return rows.map(toStoredPreference);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The store on the app's database file (an app given none by its caller opens this one). */
export function openPreferenceStore(config: Pick<Config, "DATA_DIR">): PreferenceStore {
  return new SqlitePreferenceStore(path.join(path.resolve(config.DATA_DIR), "echochamber.db"));
}
