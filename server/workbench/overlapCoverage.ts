// How many people labelled each row of a data set, for the owner's progress ("412 din 600 de rânduri au 3 etichete")
// and the methods paragraph (the fewest and the median labels per row). Counted from the stored labels: one per
// person and row (a person's label saved again is still one), adjudications apart.
import type { HumanReviewLabel } from "../../contract/workbench";

export interface OverlapCoverage {
  /** Rows with at least `overlap` people's labels (every row counts toward it, the sample's too); 0 without one. */
  rowsAtOverlap: number;
  /** The fewest people's labels on a row, and the median over the data set's rows (unlabelled rows count as 0). */
  min: number;
  median: number;
}

export function overlapCoverage(
  rows: number,
  labels: Pick<HumanReviewLabel, "idx" | "annotator">[],
  overlap: number | null | undefined,
): OverlapCoverage {
  const people = new Map<number, Set<string>>();
  for (const label of labels) {
    if (label.idx < 0 || label.idx >= rows) continue;
    let set = people.get(label.idx);
    if (!set) people.set(label.idx, (set = new Set()));
    set.add(label.annotator);
  }
  const counts = [...people.values()].map((set) => set.size);
  // Rows nobody labelled are zeros at the bottom of the order.
  const sorted = [...new Array<number>(rows - counts.length).fill(0), ...counts.sort((a, b) => a - b)];
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    rowsAtOverlap: overlap ? counts.filter((n) => n >= overlap).length : 0,
    min: sorted[0] ?? 0,
    median,
  };
}
