// Drafts kept for the life of the browser tab belong to the account that made them: an upload being mapped on the
// workbench and an import in progress on the corpus page name files on the server that are that account's. They are
// forgotten when the account signs out or another one signs in on the same tab (a shared class computer), and so are
// the review's unsaved labels kept in the browser (./labelConflict.ts).
import { clearImportDraft } from "./corpusDraft";
import { browserDraftStorage, forgetLabelDrafts } from "./labelConflict";
import { keepMappingInProgress } from "./uploadInProgress";

let owner: string | undefined;

/** Forgets every in-tab draft. */
export function forgetSessionDrafts(): void {
  keepMappingInProgress(undefined);
  clearImportDraft();
  forgetLabelDrafts(browserDraftStorage());
}

/** Called at each sign-in: another account than the last one finds no draft of the last one. */
export function draftsBelongTo(userId: string): void {
  if (owner !== undefined && owner !== userId) forgetSessionDrafts();
  owner = userId;
}
