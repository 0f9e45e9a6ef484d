// The corpus page's import in progress: the uploaded file's (or fetched feed's) preview, the mapping and settings typed
// for it, the feed address and which of the two was chosen. The page is unmounted when the person opens another tab
// of the app; this keeps the draft for the life of the browser tab, so coming back finds it as it was left (the
// upload stays on the server until it is imported or replaced). A reload starts afresh.
import type { CorpusPreview } from "../../../contract/corpusPage";
import type { ImportForm } from "./corpusImport";

export interface ImportDraft {
  mode: "file" | "feed";
  preview?: CorpusPreview;
  form?: ImportForm;
  feedUrl: string;
}

const EMPTY: ImportDraft = { mode: "file", feedUrl: "" };
let kept: ImportDraft = EMPTY;

/** The draft the corpus page left, or an empty one. */
export function importDraft(): ImportDraft {
  return kept;
}

export function keepImportDraft(draft: ImportDraft): void {
  kept = draft;
}

/** Forgets the draft (tests; a new session). */
export function clearImportDraft(): void {
  kept = EMPTY;
}
