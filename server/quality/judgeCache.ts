// A persistent cache of judges' verdicts (SQLite in DATA_DIR/judge-cache/), keyed by the judge, the version of its
// prompt and what it judged: rerunning a comparison, or judging the same answer again, costs no call. A verdict that
// no longer validates (an older shape) is a miss.
import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import type { ZodType, ZodTypeDef } from "zod";
import type { Config } from "../config";
import { openSqliteFile } from "../sqliteFile";

export interface VerdictKey {
  /** The judge model. */
  judge: string;
  /** The judge prompt's version: a new prompt never reads an old verdict. */
  promptVersion: string;
  /** Everything the judge saw, in a stable order. */
  input: unknown;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS verdicts (
  key TEXT PRIMARY KEY, judge TEXT NOT NULL, prompt_version TEXT NOT NULL, verdict TEXT NOT NULL,
  created_at TEXT NOT NULL
);`;

export function judgeCachePath(config: Pick<Config, "DATA_DIR">): string {
  return path.join(path.resolve(config.DATA_DIR), "judge-cache", "verdicts.db");
}

export function verdictKey(key: VerdictKey): string {
  return createHash("sha256")
    .update(JSON.stringify([key.judge, key.promptVersion, key.input]))
    .digest("hex");
}

export class JudgeCache {
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string], { verdict: string }>;
  private readonly setStatement: Database.Statement<[string, string, string, string, string]>;

  /** `file` ":memory:" keeps the verdicts for the life of the process only (tests). */
  constructor(file: string) {
    // The server and a CLI comparison may share the cache (a writer waits for the other).
    this.db = openSqliteFile(file);
    this.db.exec(SCHEMA);
    this.getStatement = this.db.prepare("SELECT verdict FROM verdicts WHERE key = ?");
    this.setStatement = this.db.prepare(
      "INSERT OR REPLACE INTO verdicts (key, judge, prompt_version, verdict, created_at) VALUES (?, ?, ?, ?, ?)",
    );
  }

  get<T>(key: VerdictKey, schema: ZodType<T, ZodTypeDef, unknown>): T | null {
    const row = this.getStatement.get(verdictKey(key));
    if (!row) return null;
    let value: unknown;
    try {
      value = JSON.parse(row.verdict);
    } catch {
      // A damaged entry is a miss; the next verdict replaces it.
      return null;
    }
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : null;
  }

  set(key: VerdictKey, verdict: unknown): void {
    this.setStatement.run(
      verdictKey(key),
      key.judge,
      key.promptVersion,
      JSON.stringify(verdict),
      new Date().toISOString(),
    );
  }

  close(): void {
    this.db.close();
  }
}
