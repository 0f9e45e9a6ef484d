// Opening one of the server's SQLite files the same way everywhere: its folder created, write-ahead logging (readers
// never wait for a writer), and a writer that waits up to 5 s for another process's (a CLI run and the server may
// share a file) instead of failing at once with SQLITE_BUSY. And the one schema change made in place.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export interface SqliteFileOptions {
  /**
   * synchronous = NORMAL: no fsync per commit. WAL keeps every commit across a crash of the process (a power cut may
   * lose the last ones), and a synchronous fsync would stall the event loop, so every socket, for its duration.
   */
  fastCommits?: boolean;
  foreignKeys?: boolean;
}

/** `file` ":memory:" is a database for the life of the connection (tests). */
export function openSqliteFile(file: string, options: SqliteFileOptions = {}): Database.Database {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  if (options.fastCommits) db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  if (options.foreignKeys) db.pragma("foreign_keys = ON");
  return db;
}

/**
 * Adds `column` (declared as `declaration`, which must have a default for existing rows) unless the table has it: a
 * table made by an earlier version opens with its data.
 */
export function addColumnIfMissing(
  db: Database.Database,
  table: string,
  column: string,
  declaration: string,
): boolean {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (columns.some((c) => c.name === column)) return false;
  try {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${declaration}`);
  } catch (err) {
    // Another process on the same file (two instances started together after an upgrade) added it between the look
    // and the change: the column is there, which is all that was asked.
    if (err instanceof Error && /duplicate column name/i.test(err.message)) return false;
    throw err;
  }
  return true;
}

/**
 * A function that prepares each SQL text once and hands back the same statement afterwards: a store's queries are a
 * handful of texts run thousands of times, and preparing costs as much as a small query.
 */
export function statementCache(db: Database.Database): (text: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}
