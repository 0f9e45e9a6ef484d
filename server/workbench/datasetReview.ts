// People label a data set before any model has run (gold first, models compared to it later): a row and the queue
// read through the data set, with no model annotations and no flags but people's. The labels are the data set's,
// the same ones a run's review saves, so a later run's agreement counts them.
import type { DatasetSummary, ItemDetail, QueueQuery, QueueResponse } from "../../contract/workbench";
import { itemDetail } from "./itemDetail";
import type { WorkbenchStore } from "./store";

/** A whole row for review without a run: no model annotations, and no flags but people's. */
export function datasetItem(
  store: WorkbenchStore,
  dataset: DatasetSummary,
  idx: number,
  annotator: string | undefined,
  blind: boolean,
): Promise<ItemDetail> {
  return itemDetail(store, dataset, idx, annotator, blind, {
    runId: null,
    annotations: async () => [],
    flags: async ({ labels, adjudication }) => ({
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: null,
      failed: 0,
      done: 0,
      priority: 0,
      reviewers: labels.map((l) => l.annotator),
      adjudicated: adjudication !== null,
      inSample: await store.inSample(dataset.id, idx),
    }),
  });
}

/**
 * The data set's queue. `sample`: the random sample in its seeded order. `priority` (no run, so nothing to rank by):
 * the sample first, then the rest in row order; the cursor `after` goes on from its row in that order. Rows this
 * annotator labelled are skipped either way, and under the data set's overlap k so are rows of the rest that k other
 * people labelled (the store's queue leaves them out; the sample is everyone's).
 */
export async function datasetQueue(
  store: WorkbenchStore,
  dataset: DatasetSummary,
  q: QueueQuery,
): Promise<QueueResponse> {
  // Whether the cursor stands in the sample (as stored) or in the rest.
  const afterRest = q.after !== undefined && !(await store.inSample(dataset.id, q.after));
  const sample = await store.datasetQueue(dataset.id, {
    ...q,
    mode: "sample",
    after: afterRest ? undefined : q.after,
  });
  if (q.mode === "sample") return sample;
  const sampleItems = afterRest ? [] : sample.items;
  const room = q.limit - sampleItems.length;
  const rest = await store.datasetQueue(dataset.id, {
    ...q,
    mode: "priority",
    limit: Math.max(1, room),
    after: afterRest ? q.after : undefined,
  });
  return {
    runId: null,
    annotator: q.annotator,
    mode: "priority",
    items: [...sampleItems, ...(room > 0 ? rest.items : [])],
    remaining: sample.remaining + rest.remaining,
    total: sample.total + rest.total,
    // The sample stays in everyone's queue: only the rest has rows left out for having their labels already.
    overlap: rest.overlap ?? null,
    full: rest.full ?? 0,
  };
}
