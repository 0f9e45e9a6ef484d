// The history of corpus imports and removals (what each did, its report, its error), kept in the app's SQLite file
// beside the job table, so that the page shows a finished import's report after a reload or a restart. The
// interface returns Promises so that PostgreSQL can take SQLite's place (issue #16).
import Database from "better-sqlite3";
import type { UserError } from "../../contract/errors";
import type { CorpusImportRecord, CorpusOperation } from "../../contract/corpusPage";
import type { JobStatus } from "../../contract/workbench";
import type { PipelineResult, ImportSettings } from "./worker/pipeline";
import { addColumnIfMissing, openSqliteFile } from "../sqliteFile";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS corpus_imports (
  id TEXT PRIMARY KEY, job_id TEXT NOT NULL, op TEXT NOT NULL, collection TEXT NOT NULL,
  file_name TEXT, feed_url TEXT, upload_id TEXT, content_hash TEXT, settings TEXT NOT NULL,
  status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT,
  result TEXT, error TEXT, duration_ms INTEGER
);
CREATE INDEX IF NOT EXISTS corpus_imports_collection ON corpus_imports(collection, created_at);`;

/** An import as stored: the page's record plus what the job needs to run it again. */
export interface StoredImport extends CorpusImportRecord {
  uploadId: string | null;
  /** SHA-256 of the uploaded bytes and the settings: the same file imported the same way twice is one import. */
  contentHash: string | null;
  settings: ImportSettings;
}

export interface NewImport {
  id: string;
  jobId: string;
  op: CorpusOperation;
  collection: string;
  fileName?: string;
  feedUrl?: string;
  uploadId?: string;
  contentHash?: string;
  settings?: ImportSettings;
  /** The document a "remove-document" job takes out or a "restore-document" job puts back. */
  document?: { id: string; title?: string; ledgerOnly?: boolean; removedAt?: string };
}

export interface ImportOutcome {
  status: JobStatus;
  result?: PipelineResult;
  unchanged?: boolean;
  error?: UserError | null;
  durationMs?: number;
}

export interface CorpusImportStore {
  create(record: NewImport): Promise<StoredImport>;
  get(id: string): Promise<StoredImport | null>;
  list(limit?: number): Promise<StoredImport[]>;
  setStatus(id: string, status: JobStatus): Promise<void>;
  /** Whether this run is a take-over after its server stopped (a restart, a crash), which runs again from its start. */
  markResumed(id: string, resumed: boolean): Promise<void>;
  finish(id: string, outcome: ImportOutcome): Promise<void>;
  /** The latest finished import or removal of each collection (a document's removal or restore is neither). */
  latestDone(): Promise<Map<string, StoredImport>>;
  /** The imports running now (a job taken over after a crash included). */
  running(): Promise<StoredImport[]>;
  close(): Promise<void>;
}

interface Row {
  id: string;
  job_id: string;
  op: CorpusOperation;
  collection: string;
  file_name: string | null;
  feed_url: string | null;
  upload_id: string | null;
  content_hash: string | null;
  settings: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  result: string | null;
  error: string | null;
  duration_ms: number | null;
  resumed_at: string | null;
  document: string | null;
}

function toRecord(row: Row): StoredImport {
  const result = row.result ? (JSON.parse(row.result) as PipelineResult & { unchanged?: boolean }) : null;
  // Results stored before `indexUnchanged` said `unchanged` for an index left as it was, beside the import's view;
  // only the same file again (no view: nothing was done) is "unchanged".
  const unchanged = result?.unchanged === true && !result.import;
  return {
    id: row.id,
    jobId: row.job_id,
    op: row.op,
    collection: row.collection,
    ...(row.file_name ? { fileName: row.file_name } : {}),
    ...(row.feed_url ? { feedUrl: row.feed_url } : {}),
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    ...(unchanged ? { unchanged } : {}),
    ...(result?.import ? { import: result.import } : {}),
    ...(result?.clean ? { clean: result.clean } : {}),
    ...(result?.index ? { index: result.index } : {}),
    ...(result?.rawNotFound ? { rawNotFound: true } : {}),
    ...(result?.restoredId ? { restoredId: result.restoredId } : {}),
    error: row.error ? (JSON.parse(row.error) as UserError) : null,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.resumed_at ? { resumedAt: row.resumed_at } : {}),
    ...(row.document ? { document: JSON.parse(row.document) as NonNullable<NewImport["document"]> } : {}),
    uploadId: row.upload_id,
    contentHash: row.content_hash,
    settings: JSON.parse(row.settings) as ImportSettings,
  };
}

export class SqliteCorpusImportStore implements CorpusImportStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteFile(file);
    this.db.exec(SCHEMA);
    addColumnIfMissing(this.db, "corpus_imports", "resumed_at", "resumed_at TEXT");
    addColumnIfMissing(this.db, "corpus_imports", "document", "document TEXT");
  }

  private row(id: string): StoredImport | null {
    const row = this.db.prepare("SELECT * FROM corpus_imports WHERE id = ?").get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  async create(record: NewImport): Promise<StoredImport> {
    this.db
      .prepare(
        `INSERT INTO corpus_imports (id, job_id, op, collection, file_name, feed_url, upload_id, content_hash, settings,
           document, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
      )
      .run(
        record.id,
        record.jobId,
        record.op,
        record.collection,
        record.fileName ?? null,
        record.feedUrl ?? null,
        record.uploadId ?? null,
        record.contentHash ?? null,
        JSON.stringify(record.settings ?? {}),
        record.document ? JSON.stringify(record.document) : null,
        new Date().toISOString(),
      );
    return this.row(record.id)!;
  }

  async get(id: string): Promise<StoredImport | null> {
    return this.row(id);
  }

  async list(limit = 50): Promise<StoredImport[]> {
    const rows = this.db
      .prepare("SELECT * FROM corpus_imports ORDER BY created_at DESC LIMIT ?")
      .all(limit) as Row[];
    return rows.map(toRecord);
  }

  async setStatus(id: string, status: JobStatus): Promise<void> {
    this.db.prepare("UPDATE corpus_imports SET status = ? WHERE id = ?").run(status, id);
  }

  /** Marks the record's run as a take-over after a restart, or (false) as not one: a mark from an earlier run goes. */
  async markResumed(id: string, resumed: boolean): Promise<void> {
    this.db
      .prepare("UPDATE corpus_imports SET resumed_at = ? WHERE id = ?")
      .run(resumed ? new Date().toISOString() : null, id);
  }

  async finish(id: string, outcome: ImportOutcome): Promise<void> {
    const result = outcome.result
      ? { ...outcome.result, ...(outcome.unchanged ? { unchanged: true } : {}) }
      : null;
    this.db
      .prepare(
        `UPDATE corpus_imports SET status = ?, finished_at = ?, result = COALESCE(?, result), error = ?, duration_ms = ?
         WHERE id = ?`,
      )
      .run(
        outcome.status,
        new Date().toISOString(),
        result ? JSON.stringify(result) : outcome.unchanged ? JSON.stringify({ unchanged: true }) : null,
        outcome.error ? JSON.stringify(outcome.error) : null,
        outcome.durationMs ?? null,
        id,
      );
  }

  async latestDone(): Promise<Map<string, StoredImport>> {
    const rows = this.db
      .prepare(
        `SELECT c.* FROM corpus_imports c WHERE c.status = 'done' AND c.op NOT IN ('remove-document', 'restore-document') AND c.created_at = (
           SELECT max(x.created_at) FROM corpus_imports x
           WHERE x.collection = c.collection AND x.status = 'done' AND x.op NOT IN ('remove-document', 'restore-document'))`,
      )
      .all() as Row[];
    return new Map(rows.map((row) => [row.collection, toRecord(row)]));
  }

  async running(): Promise<StoredImport[]> {
    const rows = this.db
      .prepare("SELECT * FROM corpus_imports WHERE status = 'running' AND op = 'import' ORDER BY created_at")
      .all() as Row[];
    return rows.map(toRecord);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
