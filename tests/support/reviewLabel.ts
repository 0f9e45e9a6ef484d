// A person's label on a row of data set "ds-1", as the server returns it (blind, codebook 1.0.0, saved at `updatedAt`):
// what the review state's tests start from.
import type { HumanReviewLabel } from "../../contract/workbench";

export function label(
  annotator: string,
  idx: number,
  labels: HumanReviewLabel["labels"],
  updatedAt = "2025-05-01T10:00:00Z",
): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx,
    annotator,
    labels,
    note: null,
    status: "labelled",
    blind: true,
    codebookVersion: "1.0.0",
    createdAt: updatedAt,
    updatedAt,
  };
}
