// Who may do what with a workbench data set, its runs and its jobs. A member reads and labels their own data sets and
// those shared with the class (and starts runs on them); deleting, redrawing the sample, adjudicating and sharing stay
// with the owner and admins. Everything a user may not reach is "not found", never "forbidden". On a shared data set
// the owner chooses blind review (./blindReview.ts enforces it for the members).
import type { Request } from "express";
import type { SessionUser } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import type { DatasetSummary, Job, RunSummary } from "../../contract/workbench";
import { canSee, userOf } from "../identity";
import type { WorkbenchStore } from "./store";

/** read: see, label, run, export; manage: delete, redraw the sample, adjudicate, share. */
export type DatasetNeed = "read" | "manage";

export function mayRead(user: SessionUser, dataset: DatasetSummary): boolean {
  return dataset.shared || canSee(user, dataset.userId);
}

export function mayManage(user: SessionUser, dataset: DatasetSummary): boolean {
  return canSee(user, dataset.userId);
}

/**
 * Whether the server holds this user to blind review on the data set: its owner chose it (the default) for a data set
 * shared with the class, and the user neither owns it nor is an admin. Unshared, a data set is its owner's own.
 */
export function blindFor(user: SessionUser, dataset: DatasetSummary): boolean {
  return dataset.shared && dataset.blindReview && !mayManage(user, dataset);
}

/** The data set as this user sees it: with `canManage` and `blindForViewer` worked out for them. */
export function forViewer(user: SessionUser, dataset: DatasetSummary): DatasetSummary {
  return { ...dataset, canManage: mayManage(user, dataset), blindForViewer: blindFor(user, dataset) };
}

export function workbenchAccess(store: WorkbenchStore, jobById: (id: string) => Promise<Job | null>) {
  const allowed = (user: SessionUser, dataset: DatasetSummary, need: DatasetNeed) =>
    need === "read" ? mayRead(user, dataset) : mayManage(user, dataset);

  const datasetOr404 = async (req: Request, id: string, need: DatasetNeed = "read") => {
    const user = userOf(req);
    const dataset = await store.getDataset(id);
    if (!dataset || !allowed(user, dataset, need)) throw new AppError("dataset:not_found");
    return forViewer(user, dataset);
  };

  const runOr404 = async (req: Request, id: string): Promise<RunSummary> => {
    const run = await store.getRun(id);
    if (!run) throw new AppError("run:not_found");
    const dataset = await store.getDataset(run.datasetId);
    if (!dataset || !mayRead(userOf(req), dataset)) throw new AppError("run:not_found");
    return run;
  };

  /** A job's own starter (or an admin) may stop and resume it; anyone who reads its data set may follow it. */
  const jobVisible = async (user: SessionUser, job: Job, need: DatasetNeed) => {
    if (canSee(user, job.params.userId)) return true;
    if (need === "manage" || !job.params.datasetId) return false;
    return (await store.getDataset(job.params.datasetId))?.shared === true;
  };

  const jobOr404 = async (req: Request, id: string, need: DatasetNeed = "read") => {
    const job = await jobById(id);
    if (!job || !(await jobVisible(userOf(req), job, need))) throw new AppError("job:not_found");
    return job;
  };

  /** Of these jobs, the ones the user may follow (one read of the data sets, not one per job). */
  const visibleJobs = async (user: SessionUser, jobs: Job[]) => {
    if (user.role === "admin") return jobs;
    const shared = new Set(
      (await store.listDatasets({ userId: user.id })).filter((d) => d.shared).map((d) => d.id),
    );
    return jobs.filter(
      (job) =>
        canSee(user, job.params.userId) ||
        (job.params.datasetId !== undefined && shared.has(job.params.datasetId)),
    );
  };

  return { datasetOr404, runOr404, jobOr404, jobVisible, visibleJobs };
}
