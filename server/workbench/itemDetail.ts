// One row for review, as one annotator may see it: the run's item route and the data set's own (no run) serve it
// through here, so the two agree on whose labels are shown and when they are withheld.
import { AppError } from "../../contract/errors";
import type {
  DatasetSummary,
  HumanReviewLabel,
  ItemDetail,
  RowAnnotation,
  RowFlags,
} from "../../contract/workbench";
import { withheldFlags, withheldMeta } from "./flags";
import type { WorkbenchStore } from "./store";

/** What differs between a run's row and a data set's: the models' annotations and the flags. */
export interface RowSource {
  runId: string | null;
  annotations(): Promise<RowAnnotation[]>;
  flags(people: { labels: HumanReviewLabel[]; adjudication: HumanReviewLabel | null }): Promise<RowFlags>;
}

/**
 * A whole row. `mine` is this annotator's own label; with `blind`, everything that could sway them (gold, a gold
 * column kept as metadata, other people's labels, the models' annotations, the adjudication) waits until they have
 * saved one. The routes make
 * `blind` the owner's choice for a member held to it (./blindReview.ts).
 */
export async function itemDetail(
  store: WorkbenchStore,
  dataset: Pick<DatasetSummary, "id" | "mapping">,
  idx: number,
  annotator: string | undefined,
  blind: boolean,
  source: RowSource,
): Promise<ItemDetail> {
  const datasetId = dataset.id;
  const item = await store.getItem(datasetId, idx);
  if (!item) throw new AppError("item:not_found");
  const { labels, adjudication } = await store.labelsOf(datasetId, idx);
  const mine = annotator ? (labels.find((l) => l.annotator === annotator) ?? null) : null;
  // A skip is no label: it does not lift blind review (skip, come back, read the models, then label would).
  const withheld = blind && annotator !== undefined && (mine === null || mine.status === "skipped");
  const flags = await source.flags({ labels, adjudication });
  return {
    runId: source.runId,
    datasetId,
    idx,
    itemId: item.itemId,
    text: item.text,
    meta: withheld
      ? withheldMeta(
          item.meta,
          (dataset.mapping.gold ?? []).map((g) => g.column),
        )
      : item.meta,
    gold: withheld ? {} : item.gold,
    annotations: withheld ? null : await source.annotations(),
    labels: withheld ? null : labels.filter((l) => l.annotator !== annotator),
    mine,
    adjudication: withheld ? null : adjudication,
    flags: withheld ? withheldFlags(flags) : flags,
    withheld,
  };
}
