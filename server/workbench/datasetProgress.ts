// A data set's progress per person, for its owner's "Progresul clasei" table: rows labelled, adjudications made and
// the last save of each annotator (rows skipped and rows marked unsure apart), counted from the stored labels (the reply is one line per person, not the labels);
// with labels per row (overlap) set, how many rows have that many people's labels.
import type { DatasetProgress, DatasetSummary, HumanReviewLabel } from "../../contract/workbench";
import { overlapCoverage } from "./overlapCoverage";

interface Tally {
  rows: Set<number>;
  skipped: Set<number>;
  unsure: Set<number>;
  adjudicated: Set<number>;
  lastActivity: string;
}

/** Groups people's labels and adjudications by annotator; most rows labelled first, ties by name. */
export function datasetProgress(
  dataset: Pick<DatasetSummary, "id" | "rows" | "overlap">,
  all: { labels: HumanReviewLabel[]; adjudications: HumanReviewLabel[] },
): DatasetProgress {
  const byName = new Map<string, Tally>();
  const tally = (label: HumanReviewLabel) => {
    let entry = byName.get(label.annotator);
    if (!entry) {
      entry = {
        rows: new Set(),
        skipped: new Set(),
        unsure: new Set(),
        adjudicated: new Set(),
        lastActivity: label.updatedAt,
      };
      byName.set(label.annotator, entry);
    }
    if (Date.parse(label.updatedAt) > Date.parse(entry.lastActivity)) entry.lastActivity = label.updatedAt;
    return entry;
  };
  for (const label of all.labels) {
    const t = tally(label);
    // A skipped row is not labelled: it is counted apart, as an unsure one is among the labelled.
    if (label.status === "skipped") t.skipped.add(label.idx);
    else t.rows.add(label.idx);
    if (label.status === "unsure") t.unsure.add(label.idx);
  }
  for (const adjudication of all.adjudications) tally(adjudication).adjudicated.add(adjudication.idx);
  const annotators = [...byName].map(([annotator, t]) => ({
    annotator,
    labelled: t.rows.size,
    skipped: t.skipped.size,
    unsure: t.unsure.size,
    adjudicated: t.adjudicated.size,
    lastActivity: t.lastActivity,
  }));
  annotators.sort((a, b) => b.labelled - a.labelled || a.annotator.localeCompare(b.annotator, "ro"));
  return {
    datasetId: dataset.id,
    rows: dataset.rows,
    adjudications: new Set(all.adjudications.map((a) => a.idx)).size,
    annotators,
    // With labels per row set, how many rows have reached it: the bar the owner watches fill.
    ...(dataset.overlap
      ? {
          overlap: dataset.overlap,
          rowsAtOverlap: overlapCoverage(
            dataset.rows,
            all.labels.filter((l) => l.status !== "skipped"),
            dataset.overlap,
          ).rowsAtOverlap,
        }
      : {}),
  };
}
