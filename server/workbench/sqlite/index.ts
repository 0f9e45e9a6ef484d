// The SQLite WorkbenchStore: the tables of ./schema.ts behind the async interface of ../store.ts.
import type Database from "better-sqlite3";
import type { QueueQuery, ResultsQuery, ReviewSample } from "../../../contract/workbench";
import type { NewDataset, NewRun, StoredOutcome, WorkbenchStore } from "../store";
import { DatasetTables } from "./datasets";
import { LabelTables } from "./labels";
import { ResultQueries } from "./results";
import { RunTables } from "./runs";
import { openWorkbenchDb } from "./schema";

export class SqliteWorkbenchStore implements WorkbenchStore {
  readonly db: Database.Database;
  private readonly datasets: DatasetTables;
  private readonly runs: RunTables;
  private readonly results_: ResultQueries;
  private readonly labels: LabelTables;

  constructor(fileOrDb: string | Database.Database) {
    this.db = typeof fileOrDb === "string" ? openWorkbenchDb(fileOrDb) : fileOrDb;
    this.datasets = new DatasetTables(this.db);
    this.runs = new RunTables(this.db);
    this.results_ = new ResultQueries(this.db);
    this.labels = new LabelTables(this.db);
  }

  beginDataset = async (dataset: NewDataset) => this.datasets.begin(dataset);
  addItems = async (datasetId: string, items: Parameters<DatasetTables["addItems"]>[1]) =>
    this.datasets.addItems(datasetId, items);
  commitDataset = async (datasetId: string, result: Parameters<DatasetTables["commit"]>[1]) =>
    this.datasets.commit(datasetId, result);
  abortDataset = async (datasetId: string) => void this.datasets.remove(datasetId);
  removeUncommitted = async (olderThanMs: number) => this.datasets.removeUncommitted(olderThanMs);
  getDataset = async (id: string) => this.datasets.get(id);
  findDatasetByHash = async (hash: string) => this.datasets.findByHash(hash);
  listDatasets = async (filter: { userId?: string } = {}) => this.datasets.list(filter.userId);
  deleteDataset = async (id: string) => this.datasets.remove(id);
  setShared = async (id: string, shared: boolean) => this.datasets.setShared(id, shared);
  setBlindReview = async (id: string, blindReview: boolean) => this.datasets.setBlindReview(id, blindReview);
  setReviewSample = async (id: string, sample: ReviewSample, idxs: number[]) =>
    this.datasets.setReviewSample(id, sample, idxs);
  setOverlap = async (id: string, overlap: number | null) => this.datasets.setOverlap(id, overlap);
  getGuidelines = async (id: string) => this.datasets.getGuidelines(id);
  setGuidelines = async (
    id: string,
    text: string | null,
    updatedBy: string,
    expectedUpdatedAt?: string | null,
  ) => this.datasets.setGuidelines(id, text, updatedBy, expectedUpdatedAt);
  items = async (datasetId: string, fromIdx: number, limit: number) =>
    this.datasets.items(datasetId, fromIdx, limit);
  texts = async (datasetId: string, fromIdx: number, limit: number) =>
    this.datasets.texts(datasetId, fromIdx, limit);
  getItem = async (datasetId: string, idx: number) => this.datasets.item(datasetId, idx);
  textStats = async (datasetId: string) => this.datasets.textStats(datasetId);

  createRun = async (run: NewRun) => this.runs.create(run);
  getRun = async (id: string) => this.runs.get(id);
  findRunByJob = async (jobId: string) => this.runs.byJob(jobId);
  listRuns = async (datasetId: string) => this.runs.list(datasetId);
  doneKeys = async (runId: string, model: string, fromIdx: number, toIdx: number) =>
    this.runs.doneKeys(runId, model, fromIdx, toIdx);
  saveOutcomes = async (runId: string, outcomes: StoredOutcome[]) => this.runs.save(runId, outcomes);
  modelCounts = async (runId: string) => this.runs.counts(runId);

  results = async (runId: string, query: ResultsQuery) => {
    const page = this.results_.page(runId, query);
    if (!page) throw new Error(`run ${runId} not found`);
    return page;
  };
  outcomesOf = async (runId: string, idx: number) => this.results_.outcomes(runId, idx);
  flagsOf = async (runId: string, idx: number, _minConfidence: number) => {
    const flags = this.results_.flags(runId, idx);
    if (!flags) throw new Error(`run ${runId} not found`);
    return flags;
  };
  queue = async (runId: string, query: QueueQuery) => {
    const queue = this.results_.queue(runId, query);
    if (!queue) throw new Error(`run ${runId} not found`);
    return queue;
  };
  datasetQueue = async (datasetId: string, query: QueueQuery) =>
    this.results_.queueOf(datasetId, null, query);
  inSample = async (datasetId: string, idx: number) => this.results_.inSample(datasetId, idx);

  saveLabel = async (...args: Parameters<LabelTables["saveLabel"]>) => this.labels.saveLabel(...args);
  saveAdjudication = async (label: Parameters<LabelTables["saveAdjudication"]>[0]) =>
    this.labels.saveAdjudication(label);
  labelsOf = async (datasetId: string, idx: number) => this.labels.of(datasetId, idx);
  listLabels = async (datasetId: string) => this.labels.list(datasetId);
  agreementData = async (runId: string, scope: "all" | "sample") => {
    const data = this.labels.agreementData(runId, scope);
    if (!data) throw new Error(`run ${runId} not found`);
    return data;
  };
  exportLines = async (runId: string, fromIdx: number, limit: number) =>
    this.labels.exportLines(runId, fromIdx, limit);

  close = async () => {
    if (this.db.open) this.db.close();
  };
}
