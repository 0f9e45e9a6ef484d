// The job table in SQLite (the app's database file): claims are single UPDATE statements, so that the server and a
// CLI run on the same file never take the same job twice.
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { UserError } from "../../contract/errors";
import type { Job, JobKind, JobProgress, JobStatus, JobStore, NewJob, StopRequest } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, params TEXT NOT NULL, progress TEXT NOT NULL,
  error TEXT, origin TEXT NOT NULL, owner TEXT, heartbeat_at TEXT, stop_requested INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, created_at);
CREATE INDEX IF NOT EXISTS jobs_updated ON jobs(updated_at);`;

export interface JobRow {
  id: string;
  kind: JobKind;
  status: JobStatus;
  params: string;
  progress: string;
  error: string | null;
  origin: Job["origin"];
  owner: string | null;
  heartbeat_at: string | null;
  stop_requested: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const EMPTY_PROGRESS: JobProgress = { total: 0, done: 0, failed: 0, etaS: null };

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    params: JSON.parse(row.params) as Job["params"],
    progress: JSON.parse(row.progress) as JobProgress,
    error: row.error ? (JSON.parse(row.error) as UserError) : null,
    origin: row.origin,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
    stopRequested: row.stop_requested === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * ISO times with a strictly increasing last digit within this process: `changedSince` compares them as strings, and
 * two updates in the same millisecond must still be told apart from the watermark.
 */
let lastStamp = "";
export function stamp(): string {
  let now = new Date().toISOString();
  if (now <= lastStamp) now = new Date(Date.parse(lastStamp) + 1).toISOString();
  lastStamp = now;
  return now;
}

export class SqliteJobStore implements JobStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  private row(id: string): Job | null {
    const row = this.db.prepare("SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async create(job: NewJob): Promise<Job> {
    const now = stamp();
    const id = job.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, status, params, progress, origin, owner, heartbeat_at, created_at, updated_at, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        job.kind,
        job.owner ? "running" : "queued",
        JSON.stringify(job.params),
        JSON.stringify(job.progress ?? EMPTY_PROGRESS),
        job.origin,
        job.owner ?? null,
        job.owner ? now : null,
        now,
        now,
        job.owner ? now : null,
      );
    return this.row(id)!;
  }

  async get(id: string): Promise<Job | null> {
    return this.row(id);
  }

  async list(filter: { status?: JobStatus; kind?: JobKind; limit?: number } = {}): Promise<Job[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)
         ORDER BY created_at DESC LIMIT @limit`,
      )
      .all({
        status: filter.status ?? null,
        kind: filter.kind ?? null,
        limit: filter.limit ?? 200,
      }) as JobRow[];
    return rows.map(toJob);
  }

  async claimNext(owner: string, kinds: readonly JobKind[], staleBefore: string): Promise<Job | null> {
    const now = stamp();
    const row = this.db
      .prepare(
        // stop_requested stays: a stop asked of an instance that died meanwhile is kept (the runner ends the job).
        `UPDATE jobs SET status = 'running', owner = @owner, heartbeat_at = @now, updated_at = @now,
           started_at = COALESCE(started_at, @now), error = NULL
         WHERE id = (
           SELECT id FROM jobs
           WHERE kind IN (SELECT value FROM json_each(@kinds))
             AND (status = 'queued' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < @stale)))
           ORDER BY created_at LIMIT 1)
         RETURNING *`,
      )
      .get({ owner, now, kinds: JSON.stringify(kinds), stale: staleBefore }) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async claim(id: string, owner: string, staleBefore: string): Promise<Job | null> {
    const row = this.db
      .prepare(
        `UPDATE jobs SET status = 'running', owner = @owner, heartbeat_at = @now, updated_at = @now,
           started_at = COALESCE(started_at, @now), stop_requested = 0, error = NULL, finished_at = NULL
         WHERE id = @id AND (status IN ('queued', 'stopped', 'failed')
           OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < @stale)))
         RETURNING *`,
      )
      .get({ id, owner, now: stamp(), stale: staleBefore }) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async heartbeat(
    id: string,
    owner: string,
    progress?: JobProgress,
  ): Promise<{ stopRequested: boolean } | null> {
    const now = stamp();
    const row = this.db
      .prepare(
        `UPDATE jobs SET heartbeat_at = @now, updated_at = @now, progress = COALESCE(@progress, progress)
         WHERE id = @id AND owner = @owner AND status = 'running' RETURNING stop_requested`,
      )
      .get({ id, owner, now, progress: progress ? JSON.stringify(progress) : null }) as
      { stop_requested: number } | undefined;
    return row ? { stopRequested: row.stop_requested === 1 } : null;
  }

  async release(
    id: string,
    owner: string,
    status: JobStatus,
    error: UserError | null = null,
  ): Promise<Job | null> {
    const now = stamp();
    const finished = status === "done" || status === "failed" || status === "stopped";
    const row = this.db
      .prepare(
        // Put back in the queue (a shutdown) after a stop was asked: stopped, as asked.
        `UPDATE jobs SET
           status = CASE WHEN @status = 'queued' AND stop_requested = 1 THEN 'stopped' ELSE @status END,
           owner = NULL, heartbeat_at = NULL, updated_at = @now, error = @error,
           finished_at = CASE WHEN @finished OR (@status = 'queued' AND stop_requested = 1) THEN @now ELSE NULL END,
           stop_requested = 0
         WHERE id = @id AND owner = @owner RETURNING *`,
      )
      .get({
        id,
        owner,
        status,
        now,
        error: error ? JSON.stringify(error) : null,
        finished: finished ? 1 : 0,
      }) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async requestStop(id: string): Promise<StopRequest | null> {
    const now = stamp();
    const tx = this.db.transaction(() => {
      // A queued job has no worker to notice the flag: it stops here.
      const stopped = this.db
        .prepare(
          "UPDATE jobs SET status = 'stopped', updated_at = @now, finished_at = @now WHERE id = @id AND status = 'queued'",
        )
        .run({ id, now });
      this.db
        .prepare(
          "UPDATE jobs SET stop_requested = 1, updated_at = @now WHERE id = @id AND status = 'running'",
        )
        .run({ id, now });
      return stopped.changes > 0;
    });
    const stoppedWaiting = tx();
    const job = this.row(id);
    return job ? { job, stoppedWaiting } : null;
  }

  async requeue(id: string): Promise<Job | null> {
    this.db
      .prepare(
        `UPDATE jobs SET status = 'queued', owner = NULL, heartbeat_at = NULL, stop_requested = 0, error = NULL,
           finished_at = NULL, updated_at = @now
         WHERE id = @id AND status IN ('stopped', 'failed')`,
      )
      .run({ id, now: stamp() });
    return this.row(id);
  }

  async changedSince(since: string): Promise<Job[]> {
    const rows = this.db
      .prepare("SELECT * FROM jobs WHERE updated_at > ? ORDER BY updated_at LIMIT 500")
      .all(since) as JobRow[];
    return rows.map(toJob);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare("DELETE FROM jobs WHERE id = ?").run(id);
  }
}
