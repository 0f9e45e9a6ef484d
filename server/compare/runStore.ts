// Where the comparisons started over REST are kept: behind an interface whose every method returns a Promise, in the
// app's database — SQLite (DATA_DIR/echochamber.db, ./sqliteRunStore.ts) by default, PostgreSQL when DATABASE_URL is
// set (./pgRunStore.ts) — so that a run outlives the process that ran it and any instance answers its polls. The
// instance running a run writes its answers as they come (./liveRuns.ts); docs/compare.md, "Where runs live".
import type { CompareResults, HumanVerdict, RunStatus } from "../../contract/compare";
import type { UserError } from "../../contract/errors";
import type { ResultRow } from "./runner";
import type { Suite } from "./suite";

/** What a run was asked to do: enough to show its form again and to summarise its answers. */
export interface StoredRequest {
  suite: Suite;
  models: string[];
  runs: number;
  temperatures: number[];
  concurrency: number;
  timeoutMs: number;
}

/** A run as stored, without its answers (listRows gives those). */
export interface CompareRunRecord {
  id: string;
  /** The user who started it ("local" with AUTH=off): only they and admins see it. */
  userId: string;
  status: RunStatus;
  done: number;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  request: StoredRequest;
  /** The figures, once done. */
  results: CompareResults | null;
  /** Why it failed (status error), in Romanian with the parameters that say it in English. */
  error: UserError | null;
  /** The instance running it, while it runs. */
  owner: string | null;
  /** The owner's last sign of life (an ISO time of its clock), while it runs. */
  heartbeatAt: string | null;
  /** Someone asked to stop it; the owner stops at its next answer or heartbeat. */
  cancelRequested: boolean;
}

export interface NewCompareRun {
  id: string;
  userId: string;
  owner: string;
  total: number;
  request: StoredRequest;
  /** An ISO time: the creation, and the first heartbeat. */
  now: string;
}

/** How a run ends, as its owner stores it. */
export type RunEnd =
  | { status: "done"; results: CompareResults; done: number }
  | { status: "error"; error: UserError }
  | { status: "interrupted" };

/** A run as a list shows it: what it compared and how it ended, without its answers nor its figures. */
export interface CompareRunSummary {
  id: string;
  userId: string;
  status: RunStatus;
  done: number;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  /** The suite's id, its name (and English name when the suite has one) and how many cases it has. */
  suite: { id: string; name: string; nameEn?: string; cases: number };
  models: string[];
  runs: number;
  temperatures: number[];
  /** Stopped by its user before the end (status done, `results.interrupted`). */
  stopped: boolean;
  /** The recommended model of a finished run and its pass rate (null when the results do not say it). */
  best: { model: string; passRate: number | null } | null;
}

export interface ListRunsOptions {
  /** Only this user's runs; none: everyone's (an admin's list). */
  userId?: string;
  /** The most runs to return, newest first. */
  limit: number;
  /**
   * Only runs older than this place (the last run of the previous page, by its creation and id): a run deleted since
   * still marks its place.
   */
  before?: { createdAt: string; id: string };
}

/** One answer of a run, as its row is keyed: the case, the model, the temperature and the run (1-based). */
export interface AnswerKey {
  caseId: string;
  model: string;
  temperature: number;
  run: number;
}

export interface CompareRunStore {
  /** Stores a new run, running, owned by `owner`. */
  create(run: NewCompareRun): Promise<CompareRunRecord>;
  get(id: string): Promise<CompareRunRecord | null>;
  /** The run's answers in the order they were stored (none for an unknown run). */
  listRows(id: string): Promise<ResultRow[]>;
  /**
   * Stores answers numbered from `from` (an answer stored twice is kept once), the progress and the heartbeat, if the
   * run is still running and `owner`'s. Null when it is not (interrupted by another instance, or deleted): the owner
   * then stops. Otherwise whether a stop was asked.
   */
  addRows(
    id: string,
    owner: string,
    from: number,
    rows: readonly ResultRow[],
    done: number,
    now: string,
  ): Promise<{ cancelRequested: boolean } | null>;
  /**
   * Sets a person's verdict on one answer (null clears it) in one statement, the rest of the answer untouched; returns
   * the answer as stored now, or null when the run has no such answer.
   */
  setHumanVerdict(id: string, key: AnswerKey, human: HumanVerdict | null): Promise<ResultRow | null>;
  /** The owner's heartbeat for all of its running runs: the ids it still owns, each with whether a stop was asked. */
  beat(owner: string, now: string): Promise<{ id: string; cancelRequested: boolean }[]>;
  /** Ends the owner's run; false when it is no longer the owner's. */
  finish(id: string, owner: string, end: RunEnd, now: string): Promise<boolean>;
  /** Asks a running run to stop (its owner may be another instance). Null when there is no such run. */
  requestCancel(id: string): Promise<CompareRunRecord | null>;
  /**
   * Marks running runs whose owner has not beaten since `staleBefore` (an ISO time) interrupted — one run, or all —
   * keeping their answers; returns how many.
   */
  interruptStale(staleBefore: string, now: string, id?: string): Promise<number>;
  /** Runs newest first (created, then id), as summaries: no answers are read. */
  list(options: ListRunsOptions): Promise<CompareRunSummary[]>;
  /** Deletes a run that is not running, with its answers; false when there is no such run or it runs. */
  remove(id: string): Promise<boolean>;
  /** Deletes the user's runs beyond the newest `keep`, with their answers, never a running one; returns how many. */
  prune(userId: string, keep: number): Promise<number>;
  close(): Promise<void>;
}
