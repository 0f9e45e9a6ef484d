// The corpus page's "Deleted documents": the removal ledger's entries as the page lists them, and what a restore job is
// queued with (the ledger entry it puts back, checked before anything is queued). The job itself is
// ./worker/restoreDocument.ts.
import { CORPUS_LIMITS, type RemovedDocumentsResponse, type RestoreRequest } from "../../contract/corpusPage";
import { AppError } from "../../contract/errors";
import { corpusFiles } from "../../corpus/pipeline/corpusTransaction";
import { findRemovedLines, ledgerEntriesOf, listRemoved } from "../../corpus/pipeline/documentRestore";
import type { NewImport } from "./importStore";

/** The newest deleted documents (CORPUS_LIMITS.removedList) and how many the ledger holds. */
export function removedDocuments(corpusDir: string): Promise<RemovedDocumentsResponse> {
  return listRemoved(corpusDir, CORPUS_LIMITS.removedList);
}

/**
 * The job record of a restore of the document `id` (of `request.collection`, else its newest removal). Throws
 * `corpus:document_not_found` (said as "not among the deleted documents") when the ledger has no such entry, and
 * `corpus:removed_lines_missing` when its removed/ lines are gone and the request does not ask for the ledger only.
 */
export async function restoreRecord(
  corpusDir: string,
  id: string,
  request: RestoreRequest,
): Promise<Omit<NewImport, "id" | "jobId">> {
  const [entry] = await ledgerEntriesOf(corpusDir, id, request.collection, request.removedAt);
  if (!entry) throw new AppError("corpus:document_not_found", { id, variant: "not_removed" });
  // Its collection removed since: putting the document back would make a collection of one document out of it.
  const files = await corpusFiles(corpusDir);
  if (
    !request.ledgerOnly &&
    !files.raw.includes(entry.collection) &&
    !files.cleaned.includes(entry.collection)
  )
    throw new AppError("corpus:collection_not_found", { name: entry.collection });
  if (!request.ledgerOnly && !(await findRemovedLines(corpusDir, entry))) {
    throw new AppError("corpus:removed_lines_missing", {
      title: entry.title ?? entry.id,
      collection: entry.collection,
    });
  }
  return {
    op: "restore-document",
    collection: entry.collection,
    document: {
      id: entry.id,
      ...(entry.title ? { title: entry.title } : {}),
      ...(request.ledgerOnly ? { ledgerOnly: true } : {}),
      // The deletion chosen: the job puts back that one, not the newest of the id.
      removedAt: entry.removedAt,
    },
  };
}
