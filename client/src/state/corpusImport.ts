// The corpus page's import as pure functions: the form a preview starts (mapping, platform, source, collection,
// encoding), what keeps it from being sent, the request it becomes, a file over the limit caught before it is sent,
// and a corpus job as its bars and its status.
import {
  CollectionNameSchema,
  type CollectionSummary,
  type CorpusImportRecord,
  type CorpusImportRequest,
  type CorpusJobResponse,
  type CorpusPreview,
  type CorpusStatus,
} from "../../../contract/corpusPage";
import type { Job, JobStatus } from "../../../contract/workbench";
import type { MessageKey } from "../i18n";

export interface ImportForm {
  collection: string;
  /** Column names (tabular formats); "" = none. */
  text: string;
  id: string;
  date: string;
  title: string;
  url: string;
  /** "" = the default. */
  platform: string;
  source: string;
  /** "" = as detected. */
  encoding: string;
}

export const MAPPED_FIELDS = ["text", "id", "date", "title", "url"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export function formFromPreview(preview: CorpusPreview, encoding = ""): ImportForm {
  const s = preview.suggested;
  return {
    collection: preview.defaults.collection,
    text: s.text ?? "",
    id: s.id ?? "",
    date: s.date ?? "",
    title: s.title ?? "",
    url: s.url ?? "",
    platform: "",
    source: "",
    encoding,
  };
}

export type FormProblem = "needText" | "collectionBad";

/** Why the form cannot be sent yet (none: it can). */
export function formProblems(form: ImportForm, preview: CorpusPreview): FormProblem[] {
  const problems: FormProblem[] = [];
  if (preview.tabular && !form.text) problems.push("needText");
  if (!CollectionNameSchema.safeParse(form.collection).success) problems.push("collectionBad");
  return problems;
}

/** The request POST /imports takes: only what the person set or chose. */
export function importRequest(form: ImportForm, preview: CorpusPreview): CorpusImportRequest {
  const mapping: CorpusImportRequest["mapping"] = {};
  if (preview.tabular) {
    for (const field of MAPPED_FIELDS) if (form[field]) mapping[field] = form[field];
  }
  const request: CorpusImportRequest = { uploadId: preview.uploadId };
  if (form.collection.trim() && form.collection.trim() !== preview.defaults.collection) {
    request.collection = form.collection.trim();
  }
  if (Object.keys(mapping).length > 0) request.mapping = mapping;
  if (form.platform.trim()) request.platform = form.platform.trim();
  if (form.source.trim()) request.source = form.source.trim();
  if (form.encoding) request.encoding = form.encoding as CorpusImportRequest["encoding"];
  return request;
}

/** The collection an import of this name would replace, if any. */
export function replacedCollection(
  form: ImportForm,
  status: CorpusStatus | undefined,
): CollectionSummary | undefined {
  return status?.collections.find((c) => c.name === form.collection.trim());
}

/** A file the server would refuse for its size: caught before a byte is sent. */
export function overLimit(bytes: number, status: CorpusStatus | undefined): boolean {
  return status !== undefined && bytes > status.limits.maxUploadBytes;
}

/** From this size on the mapping step says that the import will take a while (the default feed limit, 20 MB). */
export const LARGE_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * How fast a whole import job goes, in bytes of the file per second: `npm run bench:corpus-page` imported a 23 MB CSV
 * (100,000 rows) through import, clean, index and catalog in 32.6 s on a quiet two-core server with the offline
 * embedder (README, "Benchmarks"). A busy server, a provider's embedder or a large corpus already indexed take longer.
 */
export const IMPORT_BYTES_PER_S = (23 * 1000 * 1000) / 32.6;

/** A rough time for importing a file of this size, in seconds; null below LARGE_IMPORT_BYTES (no note). */
export function largeImportSeconds(bytes: number): number | null {
  if (bytes < LARGE_IMPORT_BYTES) return null;
  return bytes / IMPORT_BYTES_PER_S;
}

/** The rough time as a person reads it: tens of seconds under a minute and a half, else whole minutes. */
export function roughDuration(seconds: number): { unit: "s" | "min"; value: number } {
  if (seconds < 90) return { unit: "s", value: Math.max(10, Math.round(seconds / 10) * 10) };
  return { unit: "min", value: Math.round(seconds / 60) };
}

/** The value of data-status: queued and running are "running"; stopped counts as not done ("failed"). */
export function jobTestStatus(status: JobStatus): "running" | "done" | "failed" {
  if (status === "done") return "done";
  if (status === "failed" || status === "stopped") return "failed";
  return "running";
}

export const STAGES = ["import", "clean", "index", "annotate"] as const;
export type Stage = (typeof STAGES)[number];

export interface StageBar {
  stage: Stage;
  /** 0..1; null before the stage has begun. */
  share: number | null;
}

/**
 * The stages a job of each kind goes through: a removal imports nothing, a rebuild of the index or a document's
 * removal neither imports nor cleans, a catalog job only annotates.
 */
function stagesOf(op?: CorpusImportRecord["op"]): readonly Stage[] {
  if (op === "catalog") return ["annotate"];
  if (op === "remove") return ["clean", "index", "annotate"];
  if (op === "rebuild" || op === "remove-document" || op === "restore-document") return ["index", "annotate"];
  return STAGES;
}

/**
 * What a stage's bar is called in a job of this kind: a removal cleans the collections that stay (records dropped
 * as duplicates of the removed ones come back) and indexes the corpus without the collection.
 */
export function stageLabel(stage: Stage, op?: CorpusImportRecord["op"]): MessageKey {
  if (op === "remove" && stage === "clean") return "corpus.stage.cleanRest";
  if (op === "remove" && stage === "index") return "corpus.stage.reindex";
  if (op === "rebuild" && stage === "index") return "corpus.stage.rebuild";
  if (op === "remove-document" && stage === "index") return "corpus.stage.reindexDocument";
  if (op === "restore-document" && stage === "index") return "corpus.stage.reindexRestore";
  return `corpus.stage.${stage}`;
}

/**
 * One bar per stage the job goes through, from its progress; a finished job has every bar full. A removal has no
 * import bar, and a catalog job (the catalog of an index built by the CLI) only the annotation's.
 */
export function stageBars(job: Job, op?: CorpusImportRecord["op"]): StageBar[] {
  const stages = job.progress.stages ?? [];
  const passes = stagesOf(op);
  return passes.map((stage) => {
    if (job.status === "done") return { stage, share: 1 };
    const found = stages.find((s) => s.name === stage);
    if (!found || found.total === 0) return { stage, share: null };
    return { stage, share: Math.min(1, found.done / found.total) };
  });
}

/** Whether a job is one of the corpus page's. */
export function isCorpusJob(job: Job): boolean {
  return job.kind === "corpus-import";
}

/** Jobs by id, newest state wins (a snapshot, a status event, a progress event). */
export function mergeJob(jobs: Record<string, Job>, job: Job): Record<string, Job> {
  const before = jobs[job.id];
  if (before && before.updatedAt > job.updatedAt && before.status !== "running") return jobs;
  return { ...jobs, [job.id]: job };
}

/** A corpus job with what it works on (its record: the file's name, the operation), when the page knows it. */
export interface BoardEntry {
  job: Job;
  record: CorpusImportRecord | undefined;
}

/** What the job panel shows: one job, and the jobs waiting behind it. */
export interface JobBoard {
  current: BoardEntry | undefined;
  queued: BoardEntry[];
}

const unfinished = (job: Job) => job.status === "running" || job.status === "queued";

/**
 * The job panel's jobs: the corpus job running (else the next to run) and under it the others not finished, in the
 * order they run (running first, then the oldest), each named by its record from the status (`activeRecord`,
 * `queuedJobs`) or the latest import; with none unfinished, the latest job (its outcome). The page used to show the
 * latest import's job, which behind a running job is a queued one, and then a running job without its name.
 */
export function jobBoard(
  jobs: Record<string, Job>,
  status: CorpusStatus | undefined,
  latest: CorpusImportRecord | undefined,
): JobBoard {
  const records = new Map<string, CorpusImportRecord>();
  if (latest) records.set(latest.jobId, latest);
  const listed: CorpusJobResponse[] = status?.activeRecord
    ? [{ record: status.activeRecord, job: status.activeJob }, ...status.queuedJobs]
    : (status?.queuedJobs ?? []);
  for (const { record } of listed) {
    // The latest import's copy may carry its report (read when it ended); the status's knows a take-over.
    const known = records.get(record.jobId);
    records.set(record.jobId, known ? { ...known, ...record } : record);
  }
  const entry = (job: Job): BoardEntry => ({ job, record: records.get(job.id) });
  const rank = (job: Job) => (job.status === "running" ? 0 : 1);
  const waiting = Object.values(jobs)
    .filter(unfinished)
    .sort((a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt));
  if (waiting.length > 0) {
    const [first, ...rest] = waiting;
    return { current: entry(first!), queued: rest.map(entry) };
  }
  const last = latest ? jobs[latest.jobId] : undefined;
  return { current: last ? entry(last) : undefined, queued: [] };
}
