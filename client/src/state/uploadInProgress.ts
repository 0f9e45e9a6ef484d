// The upload being mapped, kept for the life of the browser tab: going to another page (or opening a data set) and
// back unmounts the upload form, and its preview, the mapping and the typed name must not go with it.
import type { UploadPreview } from "../../../contract/workbench";
import type { MappingDraft } from "./datasetMapping";

export interface MappingInProgress {
  preview: UploadPreview;
  draft: MappingDraft;
}

let kept: MappingInProgress | undefined;

/** The mapping the form had when it was last on screen, if it was neither created nor cancelled. */
export function mappingInProgress(): MappingInProgress | undefined {
  return kept;
}

/** Keeps the form's mapping (undefined: nothing in progress, after creating, cancelling or a new file). */
export function keepMappingInProgress(value: MappingInProgress | undefined): void {
  kept = value;
}
