// The job table on PostgreSQL (a class deployment): the same rows as the SQLite store, and claims that stay single
// under concurrency — a claim picks its row with FOR UPDATE SKIP LOCKED inside the UPDATE that takes it, so two
// instances polling at once never take the same job, and neither waits on the other's row.
import { randomUUID } from "node:crypto";
import type { UserError } from "../../contract/errors";
import type { PgPool } from "../db/postgres";
import { stamp, toJob, type JobRow } from "./sqliteJobStore";
import type { Job, JobKind, JobProgress, JobStatus, JobStore, NewJob, StopRequest } from "./types";

const EMPTY_PROGRESS: JobProgress = { total: 0, done: 0, failed: 0, etaS: null };

export class PgJobStore implements JobStore {
  constructor(private readonly pool: PgPool) {}

  private async one(sql: string, params: unknown[]): Promise<Job | null> {
    const { rows } = await this.pool.query<JobRow>(sql, params);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async create(job: NewJob): Promise<Job> {
    const now = stamp();
    const created = await this.one(
      `INSERT INTO jobs (id, kind, status, params, progress, origin, owner, heartbeat_at, created_at, updated_at,
         started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING *`,
      [
        job.id ?? randomUUID(),
        job.kind,
        job.owner ? "running" : "queued",
        JSON.stringify(job.params),
        JSON.stringify(job.progress ?? EMPTY_PROGRESS),
        job.origin,
        job.owner ?? null,
        job.owner ? now : null,
        now,
        job.owner ? now : null,
      ],
    );
    return created!;
  }

  async get(id: string): Promise<Job | null> {
    return this.one("SELECT * FROM jobs WHERE id = $1", [id]);
  }

  async list(filter: { status?: JobStatus; kind?: JobKind; limit?: number } = {}): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT * FROM jobs WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
       ORDER BY created_at DESC LIMIT $3`,
      [filter.status ?? null, filter.kind ?? null, filter.limit ?? 200],
    );
    return rows.map(toJob);
  }

  async claimNext(owner: string, kinds: readonly JobKind[], staleBefore: string): Promise<Job | null> {
    const now = stamp();
    return this.one(
      // stop_requested stays: a stop asked of an instance that died meanwhile is kept (the runner ends the job).
      `UPDATE jobs SET status = 'running', owner = $1, heartbeat_at = $2, updated_at = $2,
         started_at = COALESCE(started_at, $2), error = NULL
       WHERE id = (
         SELECT id FROM jobs
         WHERE kind = ANY($3::text[])
           AND (status = 'queued' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < $4)))
         ORDER BY created_at LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, now, [...kinds], staleBefore],
    );
  }

  async claim(id: string, owner: string, staleBefore: string): Promise<Job | null> {
    // A single UPDATE with its condition re-checked on the locked row (READ COMMITTED): of two claims, one wins.
    return this.one(
      `UPDATE jobs SET status = 'running', owner = $2, heartbeat_at = $3, updated_at = $3,
         started_at = COALESCE(started_at, $3), stop_requested = 0, error = NULL, finished_at = NULL
       WHERE id = $1 AND (status IN ('queued', 'stopped', 'failed')
         OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < $4)))
       RETURNING *`,
      [id, owner, stamp(), staleBefore],
    );
  }

  async heartbeat(
    id: string,
    owner: string,
    progress?: JobProgress,
  ): Promise<{ stopRequested: boolean } | null> {
    const { rows } = await this.pool.query<{ stop_requested: number }>(
      `UPDATE jobs SET heartbeat_at = $3, updated_at = $3, progress = COALESCE($4, progress)
       WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING stop_requested`,
      [id, owner, stamp(), progress ? JSON.stringify(progress) : null],
    );
    return rows[0] ? { stopRequested: rows[0].stop_requested === 1 } : null;
  }

  async release(
    id: string,
    owner: string,
    status: JobStatus,
    error: UserError | null = null,
  ): Promise<Job | null> {
    const now = stamp();
    const finished = status === "done" || status === "failed" || status === "stopped";
    return this.one(
      // Put back in the queue (a shutdown) after a stop was asked: stopped, as asked.
      `UPDATE jobs SET
         status = CASE WHEN $3 = 'queued' AND stop_requested = 1 THEN 'stopped' ELSE $3 END,
         owner = NULL, heartbeat_at = NULL, updated_at = $4, error = $5,
         finished_at = CASE WHEN $3 = 'queued' AND stop_requested = 1 THEN $4 ELSE $6 END,
         stop_requested = 0
       WHERE id = $1 AND owner = $2 RETURNING *`,
      [id, owner, status, now, error ? JSON.stringify(error) : null, finished ? now : null],
    );
  }

  async requestStop(id: string): Promise<StopRequest | null> {
    const now = stamp();
    // One statement: a queued job has no worker to notice the flag, so it stops here; a running one is flagged. The
    // row is locked first, so the status it had is the one this statement changed (two stops at once: one wins).
    const { rows } = await this.pool.query<JobRow & { was: string }>(
      `WITH before AS (SELECT id, status AS was FROM jobs WHERE id = $1 FOR UPDATE)
       UPDATE jobs SET
         status = CASE WHEN jobs.status = 'queued' THEN 'stopped' ELSE jobs.status END,
         finished_at = CASE WHEN jobs.status = 'queued' THEN $2 ELSE jobs.finished_at END,
         stop_requested = CASE WHEN jobs.status = 'running' THEN 1 ELSE jobs.stop_requested END,
         updated_at = CASE WHEN jobs.status IN ('queued', 'running') THEN $2 ELSE jobs.updated_at END
       FROM before WHERE jobs.id = before.id RETURNING jobs.*, before.was`,
      [id, now],
    );
    const row = rows[0];
    if (!row) return null;
    const { was, ...job } = row;
    return { job: toJob(job), stoppedWaiting: was === "queued" };
  }

  async requeue(id: string): Promise<Job | null> {
    await this.pool.query(
      `UPDATE jobs SET status = 'queued', owner = NULL, heartbeat_at = NULL, stop_requested = 0, error = NULL,
         finished_at = NULL, updated_at = $2
       WHERE id = $1 AND status IN ('stopped', 'failed')`,
      [id, stamp()],
    );
    return this.get(id);
  }

  async changedSince(since: string): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>(
      "SELECT * FROM jobs WHERE updated_at > $1 ORDER BY updated_at LIMIT 500",
      [since],
    );
    return rows.map(toJob);
  }

  async delete(id: string): Promise<void> {
    await this.pool.query("DELETE FROM jobs WHERE id = $1", [id]);
  }
}
