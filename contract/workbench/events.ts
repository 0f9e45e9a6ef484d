// The workbench's live job events on the socket (job:progress, job:status, job:subscribe).
import { z } from "zod";
import type { UserError } from "../errors";
import type { Job, JobKind, JobProgress, JobStatus } from "./jobs";
import { Id } from "./strings";

export const JobSubscribeSchema = z
  .object({
    /** One job's room; without it, every job (the page's list). */
    jobId: Id.optional(),
  })
  .strict();
export type JobSubscribePayload = z.infer<typeof JobSubscribeSchema>;

export interface JobProgressEvent {
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  progress: JobProgress;
  /** ISO time the server made this event. */
  at: string;
}

export interface JobStatusEvent {
  job: Job;
}

export interface JobServerToClientEvents {
  /** Throttled (a few per second per job) while it runs. */
  "job:progress": (e: JobProgressEvent) => void;
  /** Created, claimed, stopped, resumed, done or failed (also for jobs started by the CLI or another instance). */
  "job:status": (e: JobStatusEvent) => void;
}

export interface JobClientToServerEvents {
  "job:subscribe": (
    payload: JobSubscribePayload,
    ack?: (result: { ok: true; data: { jobs: Job[] } } | { ok: false; error: UserError }) => void,
  ) => void;
  "job:unsubscribe": (payload: JobSubscribePayload) => void;
}
