// Live state of server-side jobs (annotation runs) on the page: REST snapshots and socket events merged so that
// an older message never overwrites a newer one (events can cross a snapshot fetched after a reload or a
// reconnect), and the figures a run's progress panel shows. No React, no socket.
import type {
  FailureReason,
  Job,
  JobProgressEvent,
  JobStatus,
  ModelProgress,
} from "../../../contract/workbench";

export interface JobsState {
  jobs: Record<string, Job>;
  /** Time (ms) of the newest information applied per job: snapshot `updatedAt` or event `at`. */
  seenAt: Record<string, number>;
}

export const initialJobsState: JobsState = { jobs: {}, seenAt: {} };

export type JobsAction =
  /** From GET /jobs/:id, GET /runs/:id, a `job:subscribe` ack or a `job:status` event. */
  { type: "jobs:snapshot"; jobs: Job[] } | { type: "jobs:progress"; event: JobProgressEvent };

const time = (iso: string | null | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
};

/** A finished job stays finished: a late "running" message (from before the end) must not bring it back. */
const FINAL: ReadonlySet<JobStatus> = new Set(["done", "failed"]);

function applySnapshot(state: JobsState, job: Job): JobsState {
  const at = time(job.updatedAt);
  const known = state.jobs[job.id];
  const seen = state.seenAt[job.id] ?? -1;
  // Same-age snapshots are applied (a status change can share the millisecond with the last progress event).
  if (known && at < seen) return state;
  return {
    jobs: { ...state.jobs, [job.id]: job },
    seenAt: { ...state.seenAt, [job.id]: Math.max(at, seen) },
  };
}

function applyProgress(state: JobsState, event: JobProgressEvent): JobsState {
  const known = state.jobs[event.jobId];
  // Progress of a job the page has no snapshot of yet is dropped: the snapshot that follows brings it.
  if (!known) return state;
  const at = time(event.at);
  if (at < (state.seenAt[event.jobId] ?? -1)) return state;
  const status = FINAL.has(known.status) && !FINAL.has(event.status) ? known.status : event.status;
  const job: Job = { ...known, status, progress: event.progress };
  return { jobs: { ...state.jobs, [job.id]: job }, seenAt: { ...state.seenAt, [job.id]: at } };
}

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case "jobs:snapshot":
      return action.jobs.reduce(applySnapshot, state);
    case "jobs:progress":
      return applyProgress(state, action.event);
  }
}

/** The four states the page names (`run-status` data-status); a queued job is waiting to run, so running. */
export type RunStatus = "running" | "stopped" | "done" | "failed";

export function runStatus(job: Pick<Job, "status">): RunStatus {
  return job.status === "queued" ? "running" : job.status;
}

/**
 * How a finished run came out: "clean", "partial" (some rows failed: a warning, not green) or "allFailed" (every
 * outcome failed: it looks failed even though the job ran to its end). Unfinished runs are "clean" here.
 */
export type RunOutcome = "clean" | "partial" | "allFailed";

export function runOutcome(job: Pick<Job, "status" | "progress">): RunOutcome {
  const { done, failed } = job.progress;
  if (job.status !== "done" || failed === 0) return "clean";
  return failed >= done ? "allFailed" : "partial";
}

/** The run's most frequent failure reasons over all models, most frequent first. */
export function failureReasons(job: Pick<Job, "progress">, limit = 3): FailureReason[] {
  const byCode = new Map<string, FailureReason>();
  for (const m of job.progress.models ?? []) {
    for (const f of m.failures ?? []) {
      const known = byCode.get(f.code);
      if (known) known.count += f.count;
      else byCode.set(f.code, { ...f });
    }
  }
  return [...byCode.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
}

export function canStop(job: Pick<Job, "status" | "stopRequested">): boolean {
  return (job.status === "running" || job.status === "queued") && !job.stopRequested;
}

/** A stopped run resumes; so does a failed one (its failed rows are tried again, the done ones are kept). */
export function canResume(job: Pick<Job, "status">): boolean {
  return job.status === "stopped" || job.status === "failed";
}

export function isLive(job: Pick<Job, "status"> | undefined): boolean {
  return job?.status === "running" || job?.status === "queued";
}

export interface ModelProgressRow {
  model: string;
  done: number;
  total: number;
  failed: number;
  cached: number;
  /** 0..1 */
  share: number;
  /**
   * Rows a second in this session of the job, while it runs; null once it has stopped or finished (the server's last
   * session rate is 0 for a run shorter than its 0.2 s window, or resumed with nothing left, so it would say nothing
   * true about the run).
   */
  ratePerS: number | null;
  etaS: number | null;
  tokens: number;
  costUsd: number;
  pricing: ModelProgress["pricing"];
  concurrency: number;
}

export function share(done: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
}

export function modelProgressRows(
  job: Pick<Job, "progress"> & Partial<Pick<Job, "status">>,
): ModelProgressRow[] {
  const running = job.status === undefined || isLive({ status: job.status });
  return (job.progress.models ?? []).map((m) => ({
    model: m.model,
    done: m.done,
    total: m.total,
    failed: m.failed,
    cached: m.cached,
    share: share(m.done, m.total),
    ratePerS: running ? m.ratePerS : null,
    etaS: m.etaS,
    tokens: m.inputTokens + m.outputTokens,
    costUsd: m.costUsd,
    pricing: m.pricing,
    concurrency: m.concurrency,
  }));
}

/** The whole run's cost so far; tokens likewise. */
export function progressTotals(job: Pick<Job, "progress">): { tokens: number; costUsd: number } {
  return modelProgressRows(job).reduce(
    (sum, m) => ({ tokens: sum.tokens + m.tokens, costUsd: sum.costUsd + m.costUsd }),
    { tokens: 0, costUsd: 0 },
  );
}

/** "45 s", "3 min 05 s", "2 h 10 min"; "—" while unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}
