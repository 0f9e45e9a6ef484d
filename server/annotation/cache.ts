// A persistent cache of model annotations (SQLite in DATA_DIR/annotation-cache/), keyed by model, codebook version,
// temperature, run and text: rerunning a batch, or annotating the same texts into another file, costs no calls.
import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import type { Config } from "../config";
import { AnnotationSchema, type Annotation } from "../../contract/annotation";
import { openSqliteFile } from "../sqliteFile";

export interface CacheKeyParts {
  model: string;
  codebookVersion: string;
  temperature: number | null;
  /** The run index of a --runs N batch; run 1 shares its key with a single run. */
  run: number;
  text: string;
}

export interface CachedAnnotation {
  annotation: Annotation;
  /** How long the original call took. */
  ms: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS annotations (
  key TEXT PRIMARY KEY, model TEXT NOT NULL, codebook_version TEXT NOT NULL, temperature REAL,
  run INTEGER NOT NULL, annotation TEXT NOT NULL, ms INTEGER NOT NULL, created_at TEXT NOT NULL
);`;

/** Where the cache lives for a configuration. */
export function annotationCachePath(config: Pick<Config, "DATA_DIR">): string {
  return path.join(path.resolve(config.DATA_DIR), "annotation-cache", "annotations.db");
}

/**
 * The cache key. Runs after the first get their own key, so that `--runs 3` at a temperature above 0 makes three
 * real calls instead of reading the first answer back twice; run 1 is the same call as a single run.
 */
export function annotationCacheKey(parts: CacheKeyParts): string {
  const run = parts.run > 1 ? parts.run : 0;
  return createHash("sha256")
    .update(JSON.stringify([parts.model, parts.codebookVersion, parts.temperature, run, parts.text]))
    .digest("hex");
}

export class AnnotationCache {
  private readonly db: Database.Database;
  private readonly getStatement: Database.Statement<[string], { annotation: string; ms: number }>;
  private readonly setStatement: Database.Statement<
    [string, string, string, number | null, number, string, number, string]
  >;

  constructor(file: string) {
    // Two batch runs may share the cache (a writer waits for the other).
    this.db = openSqliteFile(file);
    this.db.exec(SCHEMA);
    this.getStatement = this.db.prepare("SELECT annotation, ms FROM annotations WHERE key = ?");
    this.setStatement = this.db.prepare(
      "INSERT OR REPLACE INTO annotations (key, model, codebook_version, temperature, run, annotation, ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
  }

  /** The cached annotation, or null; an entry that no longer validates (an older schema) counts as a miss. */
  get(parts: CacheKeyParts): CachedAnnotation | null {
    const row = this.getStatement.get(annotationCacheKey(parts));
    if (!row) return null;
    let value: unknown;
    try {
      value = JSON.parse(row.annotation);
    } catch {
      // A damaged entry is a miss; the next successful call replaces it.
      return null;
    }
    const parsed = AnnotationSchema.safeParse(value);
    return parsed.success ? { annotation: parsed.data, ms: row.ms } : null;
  }

  set(parts: CacheKeyParts, value: CachedAnnotation): void {
    this.setStatement.run(
      annotationCacheKey(parts),
      parts.model,
      parts.codebookVersion,
      parts.temperature,
      parts.run,
      JSON.stringify(value.annotation),
      Math.round(value.ms),
      new Date().toISOString(),
    );
  }

  close(): void {
    this.db.close();
  }
}
