// The comparisons in SQLite (the app's database file, DATA_DIR/echochamber.db): tables compare_runs and compare_rows,
// shared by every process that opens the file (two servers on one disk, a restarted one).
import path from "node:path";
import type Database from "better-sqlite3";
import type { Config } from "../config";
import { openSqliteFile, statementCache } from "../sqliteFile";
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS compare_runs (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL, done INTEGER NOT NULL,
  total INTEGER NOT NULL, owner TEXT, heartbeat_at TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, finished_at TEXT, results TEXT, error TEXT
);
CREATE INDEX IF NOT EXISTS compare_runs_user ON compare_runs(user_id, created_at);
CREATE INDEX IF NOT EXISTS compare_runs_status ON compare_runs(status);
-- An admin's list of everyone's runs, newest first, a page at a time (runRows.ts listRunsSql).
CREATE INDEX IF NOT EXISTS compare_runs_created ON compare_runs(created_at, id);
CREATE TABLE IF NOT EXISTS compare_rows (
  run_id TEXT NOT NULL, seq INTEGER NOT NULL, case_id TEXT NOT NULL, model TEXT NOT NULL, temperature REAL NOT NULL,
  run INTEGER NOT NULL, status TEXT NOT NULL, answer TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);`;

const p: Placeholder = (i) => `@p${i}`;
/** Positional values as the named parameters @p0, @p1, … */
const bind = (values: unknown[]) => Object.fromEntries(values.map((v, i) => [`p${i}`, v]));

/** SQLite's JSON functions read the documents' text as it is stored. */
const JSON_SQL: JsonSql = {
  from: (rows) => rows,
  text: (doc, path) => `json_extract(${doc}, '$.${path.join(".")}')`,
  length: (doc, path) => `json_array_length(${doc}, '$.${path.join(".")}')`,
};

const INSERT_ANSWER = `INSERT INTO compare_rows (${ANSWER_COLUMNS}) VALUES (${Array.from({ length: 8 }, (_, i) => p(i)).join(", ")})
  ON CONFLICT (run_id, seq) DO NOTHING`;

export class SqliteRunStore implements CompareRunStore {
  private readonly db: Database.Database;
  private readonly sql: (text: string) => Database.Statement;

  constructor(file: string) {
    this.db = openSqliteFile(file, { fastCommits: true });
    this.db.exec(SCHEMA);
    this.sql = statementCache(this.db);
  }

  async create(run: NewCompareRun): Promise<CompareRunRecord> {
    this.sql(insertRunSql(p)).run(bind(insertRunValues(run)));
    return (await this.get(run.id))!;
  }

  async get(id: string): Promise<CompareRunRecord | null> {
    const row = this.sql(getRunSql(p)).get(bind([id])) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }

  async listRows(id: string): Promise<ResultRow[]> {
    return (this.sql(listRowsSql(p)).all(bind([id])) as AnswerRow[]).map(toResultRow);
  }

  async addRows(
    id: string,
    owner: string,
    from: number,
    rows: readonly ResultRow[],
    done: number,
    now: string,
  ): Promise<{ cancelRequested: boolean } | null> {
    const tx = this.db.transaction(() => {
      const run = this.sql(progressSql(p)).get(bind([id, owner, done, now])) as
        { cancel_requested: number } | undefined;
      if (!run) return null;
      const insert = this.sql(INSERT_ANSWER);
      for (const values of answerValues(id, from, rows)) insert.run(bind(values));
      return { cancelRequested: run.cancel_requested === 1 };
    });
    return tx();
  }

  async setHumanVerdict(id: string, key: AnswerKey, human: HumanVerdict | null): Promise<ResultRow | null> {
    const sql = human
      ? setAnswerSql(p, `json_set(answer, '$.human', json(${p(5)}))`)
      : setAnswerSql(p, `json_remove(answer, '$.human')`);
    const values = human ? [...answerKeyValues(id, key), JSON.stringify(human)] : answerKeyValues(id, key);
    const rows = this.sql(sql).all(bind(values)) as Pick<AnswerRow, "answer">[];
    return rows[0] ? toResultRow(rows[0]) : null;
  }

  async beat(owner: string, now: string): Promise<{ id: string; cancelRequested: boolean }[]> {
    const rows = this.sql(beatSql(p)).all(bind([owner, now])) as { id: string; cancel_requested: number }[];
    return rows.map((r) => ({ id: r.id, cancelRequested: r.cancel_requested === 1 }));
  }

  async finish(id: string, owner: string, end: RunEnd, now: string): Promise<boolean> {
    return this.sql(finishSql(p)).run(bind(finishValues(id, owner, end, now))).changes > 0;
  }

  async requestCancel(id: string): Promise<CompareRunRecord | null> {
    this.sql(requestCancelSql(p)).run(bind([id]));
    return this.get(id);
  }

  async interruptStale(staleBefore: string, now: string, id?: string): Promise<number> {
    const values = id === undefined ? [staleBefore, now] : [staleBefore, now, id];
    return this.sql(interruptStaleSql(p, id !== undefined)).run(bind(values)).changes;
  }

  async list(options: ListRunsOptions): Promise<CompareRunSummary[]> {
    const { sql, values } = listRunsSql(p, JSON_SQL, options);
    return (this.sql(sql).all(bind(values)) as SummaryRow[]).map(toSummary);
  }

  async remove(id: string): Promise<boolean> {
    const victim = removableSql(p);
    const tx = this.db.transaction(() => {
      this.sql(`DELETE FROM compare_rows WHERE run_id IN (${victim})`).run(bind([id]));
      return this.sql(`DELETE FROM compare_runs WHERE id IN (${victim})`).run(bind([id])).changes > 0;
    });
    return tx();
  }

  async prune(userId: string, keep: number): Promise<number> {
    const victims = pruneVictimsSql(p);
    const tx = this.db.transaction(() => {
      this.sql(`DELETE FROM compare_rows WHERE run_id IN (${victims})`).run(bind([userId, keep]));
      return this.sql(`DELETE FROM compare_runs WHERE id IN (${victims})`).run(bind([userId, keep])).changes;
    });
    return tx();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The store on the app's database file (an app given none by its caller opens this one). */
export function openRunStore(config: Pick<Config, "DATA_DIR">): CompareRunStore {
  return new SqliteRunStore(path.join(path.resolve(config.DATA_DIR), "echochamber.db"));
}
