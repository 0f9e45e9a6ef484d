// Durable server-side jobs (annotation runs now, corpus imports with issue #14): what a job is, the store that keeps
// it (SQLite now; every method returns a Promise so that PostgreSQL can take its place for issue #16), and what a
// job kind implements.
import type { UserError } from "../../contract/errors";
import type { Job, JobKind, JobProgress, JobStatus } from "../../contract/workbench";

export type { Job, JobKind, JobProgress, JobStatus };

export interface NewJob {
  /** A chosen id (the run that the job works on is stored first, under it); a random one by default. */
  id?: string;
  kind: JobKind;
  params: Job["params"];
  origin: Job["origin"];
  progress?: JobProgress;
  /** Created already claimed by this owner (the CLI runs its own job at once); queued otherwise. */
  owner?: string;
}

export interface StopRequest {
  job: Job;
  stoppedWaiting: boolean;
}

export interface JobStore {
  create(job: NewJob): Promise<Job>;
  get(id: string): Promise<Job | null>;
  list(filter?: { status?: JobStatus; kind?: JobKind; limit?: number }): Promise<Job[]>;
  /**
   * Takes one job for `owner`, atomically: a queued one, or a running one whose owner stopped beating (heartbeat
   * older than `staleBefore`, an ISO time). Null when there is none. The oldest first.
   */
  claimNext(owner: string, kinds: readonly JobKind[], staleBefore: string): Promise<Job | null>;
  /** Takes this job for `owner` if it is queued, stopped, failed, or running without a heartbeat since `staleBefore`. */
  claim(id: string, owner: string, staleBefore: string): Promise<Job | null>;
  /**
   * The owner is alive and still owns the job: updates the heartbeat (and the progress, when given). Returns whether
   * a stop was asked, or null when the job is no longer this owner's (taken over after a stall, or deleted).
   */
  heartbeat(id: string, owner: string, progress?: JobProgress): Promise<{ stopRequested: boolean } | null>;
  /** Ends the owner's job: done, stopped, failed, or back to queued (a graceful shutdown hands it on). */
  release(id: string, owner: string, status: JobStatus, error?: UserError | null): Promise<Job | null>;
  /**
   * Asks a queued or running job to stop; a queued one stops at once (`stoppedWaiting`: this call stopped it, so its
   * handler will never run; false for a job already stopped, a second stop included). Null when there is no such job.
   */
  requestStop(id: string): Promise<StopRequest | null>;
  /** Puts a stopped or failed job back in the queue. */
  requeue(id: string): Promise<Job | null>;
  /** Jobs updated after an ISO time, oldest first: how an instance sees what the CLI or another instance did. */
  changedSince(since: string): Promise<Job[]>;
  delete(id: string): Promise<void>;
}

/** What a job's code gets from the runner. */
export interface JobContext {
  job: Job;
  /** Aborted when a stop is asked, the job is taken over, or the server shuts down. */
  signal: AbortSignal;
  /** Publishes progress: sent live at once (throttled), saved with the next heartbeat. */
  progress(progress: JobProgress): void;
  /**
   * The job's work is committed (a corpus import's new index is in place): a stop or a shutdown from here on no
   * longer undoes it, so the job ends as done (or failed), never as stopped or queued to run again.
   */
  committed?(): void;
}

/** A kind of job: runs until done (resolve), stopped (the signal), or failed (reject with an AppError). */
export type JobHandler = (context: JobContext) => Promise<void>;
