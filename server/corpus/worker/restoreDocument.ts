// A deleted document put back, as the corpus worker runs it (the page's "Deleted documents"): in a staging corpus, its
// lines come back from removed/ and its entry leaves the removal ledger (corpus/pipeline/documentRestore.ts), nothing is
// cleaned again, the index is updated with its chunks (the previous index's vectors reused, the document's own embedded
// or taken from the embedding cache), opened before the commit like every change; the catalog follows. Killed before
// the commit, nothing changed (the next start drops the staging folder and the job runs again); killed after it, the
// job runs again from its start, finds its note in removed/ and is done, with the id the note says the document came
// back with (the request names the deleted id, which a renamed document no longer has).
import { AppError } from "../../../contract/errors";
import { CorpusTransaction } from "../../../corpus/pipeline/corpusTransaction";
import {
  findRemovedLines,
  ledgerEntriesOf,
  restoredByJob,
  stageDocumentRestore,
  stageLedgerRelease,
} from "../../../corpus/pipeline/documentRestore";
import type { PipelineContext, PipelineResult, PipelineTask } from "./types";
import { catalogAfterResume, commitDocumentChange } from "./steps";

export async function restoreDocument(
  task: Extract<PipelineTask, { op: "restore-document" }>,
  context: PipelineContext,
): Promise<PipelineResult> {
  // This job put it back already: killed after its commit, it runs again from its start after a restart.
  const done = await restoredByJob(task.corpusDir, task.id);
  if (done) {
    const renamed = done.restoredId !== undefined && done.restoredId !== done.id;
    return catalogAfterResume(task.corpusDir, context, renamed ? { restoredId: done.restoredId } : {});
  }
  const [entry] = await ledgerEntriesOf(task.corpusDir, task.documentId, task.collection, task.removedAt);
  if (!entry)
    throw new AppError("corpus:document_not_found", { id: task.documentId, variant: "not_removed" });
  const lines = task.ledgerOnly ? null : await findRemovedLines(task.corpusDir, entry);
  if (!task.ledgerOnly && !lines) {
    throw new AppError("corpus:removed_lines_missing", {
      title: entry.title ?? entry.id,
      collection: entry.collection,
    });
  }
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id);
  let committing = false;
  try {
    if (!lines) {
      // Only the ledger entry out: the corpus and its index stay as they are.
      const note = await stageLedgerRelease(tx, entry, task.id);
      committing = true;
      await tx.commit({
        raw: [],
        cleaned: [],
        report: false,
        index: false,
        remove: [],
        aside: [note],
        ledger: true,
      });
      const result: PipelineResult = { committed: true, indexUnchanged: true };
      context.committed?.(result);
      for (const stage of ["import", "clean", "index", "annotate"] as const) context.progress(stage, 1, 1);
      return result;
    }
    const restored = await stageDocumentRestore(tx, entry, lines, task.id);
    context.progress("import", 1, 1);
    return await commitDocumentChange(
      tx,
      context,
      {
        collection: entry.collection,
        raw: restored.raw,
        aside: restored.note,
        committing: () => (committing = true),
      },
      restored.id !== entry.id ? { restoredId: restored.id } : {},
    );
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}
