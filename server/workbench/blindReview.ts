// Blind review as the data set's owner sets it (./access.ts `blindFor`): for a member held to it, the server decides
// what a row shows, whatever the page asks. Gold, the models' labels, other people's labels and the adjudication of
// a row wait until this member has saved their own label; the export, which holds all of them for every row, is the
// owner's (as in Label Studio and Argilla, where exporting is a manager's action), and the agreement page keeps its
// aggregate figures.
import type { SessionUser } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import type { DatasetSummary, LabelsResponse, ResultsQuery } from "../../contract/workbench";
import { blindFor } from "./access";

/** Filters that tell what the models said of a row: refused, like a label filter, to a member held to blind review. */
export const MODEL_DERIVED_FILTERS = [
  "models_disagree",
  "runs_disagree",
  "low_confidence",
  "human_model_disagree",
] as const;

/** Who reads a row, and whether others' labels wait until they have saved theirs. */
export interface RowViewer {
  annotator: string | undefined;
  blind: boolean;
}

/** The viewer a row route serves: the page's choice, unless the owner's blind review holds this user. */
export function rowViewer(user: SessionUser, dataset: DatasetSummary, asked: RowViewer): RowViewer {
  return blindFor(user, dataset) ? { annotator: user.name, blind: true } : asked;
}

/**
 * The results query a user may run. Held to blind review: the rows of others are withheld as in blind mode, under the
 * account's name; a filter on a label some model gave would tell those labels row by row, so it is refused.
 */
export function resultsQueryFor(
  user: SessionUser,
  dataset: DatasetSummary,
  query: ResultsQuery,
): ResultsQuery {
  if (!blindFor(user, dataset)) return query;
  if (query.label !== undefined || query.labelModel !== undefined) throw new AppError("dataset:blind_filter");
  // What the models said of a row (contested, unsure) is withheld with their labels: no sort or filter by it either.
  const filters = (query.filter ?? "").split(",");
  if (query.sort !== "idx" || filters.some((f) => (MODEL_DERIVED_FILTERS as readonly string[]).includes(f)))
    throw new AppError("dataset:blind_filter");
  return { ...query, annotator: user.name, blind: true };
}

/** People's labels of the data set as a user may read them: held to blind review, their own only. */
export function labelsFor(user: SessionUser, dataset: DatasetSummary, all: LabelsResponse): LabelsResponse {
  if (!blindFor(user, dataset)) return all;
  return { labels: all.labels.filter((l) => l.annotator === user.name), adjudications: [] };
}

/** The export holds gold and everyone's labels of every row: refused to a user held to blind review. */
export function assertMayExport(user: SessionUser, dataset: DatasetSummary): void {
  if (blindFor(user, dataset)) throw new AppError("dataset:blind_export");
}

/**
 * Whether a run's review queue is served in the models' order for this user. Held to blind review it is not: the
 * order itself (rows the models disagree on or are unsure of first) would tell what the models said of a row before
 * the member labelled it, as a sort by priority would (refused in the results, above). Such a member gets the data
 * set's own queue instead: the random sample first, then the other rows in order (./datasetReview.ts).
 */
export function queueInModelsOrder(user: SessionUser, dataset: DatasetSummary): boolean {
  return !blindFor(user, dataset);
}
