// The PostgreSQL WorkbenchStore (a class deployment): the tables of ../../db/migrations.ts behind the async interface
// of ../store.ts, on the instance's shared pool.
import type { QueueQuery, ResultsQuery, ReviewSample } from "../../../contract/workbench";
import type { PgPool } from "../../db/postgres";
import type { NewDataset, NewRun, StoredOutcome, WorkbenchStore } from "../store";
import { PgDatasetTables } from "./datasets";
import { PgLabelTables } from "./labels";
import { PgResultQueries } from "./results";
import { PgRunTables } from "./runs";

export class PgWorkbenchStore implements WorkbenchStore {
  private readonly datasets: PgDatasetTables;
  private readonly runs: PgRunTables;
  private readonly results_: PgResultQueries;
  private readonly labels: PgLabelTables;

  constructor(pool: PgPool) {
    this.datasets = new PgDatasetTables(pool);
    this.runs = new PgRunTables(pool);
    this.results_ = new PgResultQueries(pool);
    this.labels = new PgLabelTables(pool);
  }

  beginDataset = (dataset: NewDataset) => this.datasets.begin(dataset);
  addItems = (datasetId: string, items: Parameters<PgDatasetTables["addItems"]>[1]) =>
    this.datasets.addItems(datasetId, items);
  commitDataset = (datasetId: string, result: Parameters<PgDatasetTables["commit"]>[1]) =>
    this.datasets.commit(datasetId, result);
  abortDataset = async (datasetId: string) => void (await this.datasets.remove(datasetId));
  removeUncommitted = (olderThanMs: number) => this.datasets.removeUncommitted(olderThanMs);
  getDataset = (id: string) => this.datasets.get(id);
  findDatasetByHash = (hash: string) => this.datasets.findByHash(hash);
  listDatasets = (filter: { userId?: string } = {}) => this.datasets.list(filter.userId);
  deleteDataset = (id: string) => this.datasets.remove(id);
  setShared = (id: string, shared: boolean) => this.datasets.setShared(id, shared);
  setBlindReview = (id: string, blindReview: boolean) => this.datasets.setBlindReview(id, blindReview);
  setReviewSample = (id: string, sample: ReviewSample, idxs: number[]) =>
    this.datasets.setReviewSample(id, sample, idxs);
  setOverlap = (id: string, overlap: number | null) => this.datasets.setOverlap(id, overlap);
  getGuidelines = (id: string) => this.datasets.getGuidelines(id);
  setGuidelines = (id: string, text: string | null, updatedBy: string, expectedUpdatedAt?: string | null) =>
    this.datasets.setGuidelines(id, text, updatedBy, expectedUpdatedAt);
  items = (datasetId: string, fromIdx: number, limit: number) =>
    this.datasets.items(datasetId, fromIdx, limit);
  texts = (datasetId: string, fromIdx: number, limit: number) =>
    this.datasets.texts(datasetId, fromIdx, limit);
  getItem = (datasetId: string, idx: number) => this.datasets.item(datasetId, idx);
  textStats = (datasetId: string) => this.datasets.textStats(datasetId);

  createRun = (run: NewRun) => this.runs.create(run);
  getRun = (id: string) => this.runs.get(id);
  findRunByJob = (jobId: string) => this.runs.byJob(jobId);
  listRuns = (datasetId: string) => this.runs.list(datasetId);
  doneKeys = (runId: string, model: string, fromIdx: number, toIdx: number) =>
    this.runs.doneKeys(runId, model, fromIdx, toIdx);
  saveOutcomes = (runId: string, outcomes: StoredOutcome[]) => this.runs.save(runId, outcomes);
  modelCounts = (runId: string) => this.runs.counts(runId);

  results = async (runId: string, query: ResultsQuery) => {
    const page = await this.results_.page(runId, query);
    if (!page) throw new Error(`run ${runId} not found`);
    return page;
  };
  outcomesOf = (runId: string, idx: number) => this.results_.outcomes(runId, idx);
  flagsOf = async (runId: string, idx: number, _minConfidence: number) => {
    const flags = await this.results_.flags(runId, idx);
    if (!flags) throw new Error(`run ${runId} not found`);
    return flags;
  };
  queue = async (runId: string, query: QueueQuery) => {
    const queue = await this.results_.queue(runId, query);
    if (!queue) throw new Error(`run ${runId} not found`);
    return queue;
  };
  datasetQueue = async (datasetId: string, query: QueueQuery) =>
    this.results_.queueOf(datasetId, null, query);
  inSample = (datasetId: string, idx: number) => this.results_.inSample(datasetId, idx);

  saveLabel = (...args: Parameters<PgLabelTables["saveLabel"]>) => this.labels.saveLabel(...args);
  saveAdjudication = (label: Parameters<PgLabelTables["saveAdjudication"]>[0]) =>
    this.labels.saveAdjudication(label);
  labelsOf = (datasetId: string, idx: number) => this.labels.of(datasetId, idx);
  listLabels = (datasetId: string) => this.labels.list(datasetId);
  agreementData = async (runId: string, scope: "all" | "sample") => {
    const data = await this.labels.agreementData(runId, scope);
    if (!data) throw new Error(`run ${runId} not found`);
    return data;
  };
  exportLines = (runId: string, fromIdx: number, limit: number) =>
    this.labels.exportLines(runId, fromIdx, limit);

  /** The pool is shared by the instance's stores; whoever opened it closes it (../../storage/open.ts). */
  close = async () => {};
}
