// One change to the corpus, start to end, as the corpus worker runs it: in a staging copy of the corpus (links, not
// copies), import the file (or take a collection or one document out, or put a deleted document back:
// ./restoreDocument.ts), clean every imported collection together, build the index (reusing every unchanged vector),
// then commit the whole change at once and build the catalog (./steps.ts); or (rebuild) only build the index anew
// from cleaned/. A failure anywhere before the commit leaves the real corpus and
// index exactly as they were.
import { stat } from "node:fs/promises";
import path from "node:path";
import { removedByJob, stageDocumentRemoval } from "../../../corpus/pipeline/documentRemoval";
import { stageReportWithout } from "../../../corpus/pipeline/cleanReportFile";
import { lockCorpus } from "../../../corpus/pipeline/corpusLock";
import { linkedAbort } from "../../../contract/abort";
import { AppError } from "../../../contract/errors";
import { CorpusTransaction, type CommitPlan } from "../../../corpus/pipeline/corpusTransaction";
import { buildIndex } from "../../../corpus/pipeline/buildIndex";
import { indexDir, resumeFile } from "../../../corpus/pipeline/indexFormat";
import { importFile, inspectFile } from "../../../corpus/pipeline/import/index";
import type { ImportResult } from "../../../corpus/pipeline/import/types";
import { buildCatalog } from "../catalog/build";
import { restoreDocument } from "./restoreDocument";
import {
  catalogAfterResume,
  commitDocumentChange,
  commitThenCatalog,
  indexProgress,
  openBeforeCommit,
  rebuild,
} from "./steps";
import { CATALOG_FILE } from "../catalog/schema";
import { allDroppedError, emptiedFiles } from "../allDropped";
import { cleanView, importView, indexView } from "../reportViews";

import type { PipelineContext, PipelineResult, PipelineTask } from "./types";

export { indexProgress };
export {
  PIPELINE_STAGES,
  type ImportSettings,
  type PipelineContext,
  type PipelineResult,
  type PipelineStage,
  type PipelineTask,
} from "./types";

async function importCollection(task: Extract<PipelineTask, { op: "import" }>, context: PipelineContext) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id);
  let committing = false;
  try {
    const { settings } = task;
    const inspection = await inspectFile(task.file, { ...settings, label: task.fileName });
    inspection.name = task.collection;
    const imported: ImportResult = await importFile(inspection, {
      corpusDir: tx.dir,
      ...settings,
      signal: context.signal,
      onProgress: ({ bytesRead, totalBytes }) => context.progress("import", bytesRead, totalBytes),
    });
    context.progress("import", 1, 1);
    const built = await rebuild(tx, context, {
      clean: true,
      details: [task.collection],
      // A file of which cleaning keeps nothing (a wrong Text column) is a mistake to say, not an empty collection to
      // commit; the index used to stay as it was, and the page took that for "the same file again".
      cleaned: (report) => {
        const file = emptiedFiles(report).find((f) => f.name === task.collection);
        if (file) throw allDroppedError(file, task.fileName, imported.mapping?.text);
      },
    });
    const plan: CommitPlan = {
      raw: [task.collection],
      cleaned: built.report?.files.map((f) => f.name) ?? [],
      report: true,
      index: true,
      remove: [],
    };
    await openBeforeCommit(tx, context, built.rebuilt);
    committing = true;
    return await commitThenCatalog(tx, plan, context, {
      committed: true,
      indexUnchanged: !built.rebuilt,
      import: importView(imported),
      clean: built.report ? cleanView(built.report, task.collection) : undefined,
      index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
    });
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}

/**
 * Whether a collection has no document in the corpus: no cleaned file, or an empty one (cleaning dropped every
 * record, and `clean` writes such a collection as a file of 0 bytes). Dropped records take no part in finding
 * duplicates, so the other collections clean the same without it. A file of blank lines (only made by hand) counts as
 * holding documents: its removal cleans and indexes again, which is right, only slower.
 */
async function holdsNoDocument(corpusDir: string, collection: string): Promise<boolean> {
  try {
    return (await stat(path.join(corpusDir, "cleaned", `${collection}.jsonl`))).size === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
}

/** Stages the real corpus's clean report without the collection; whether there was a line to take out. */
function reportWithout(tx: CorpusTransaction, collection: string): Promise<boolean> {
  return stageReportWithout(path.join(tx.corpusDir, "cleaned"), path.join(tx.dir, "cleaned"), collection);
}

async function removeCollection(task: Extract<PipelineTask, { op: "remove" }>, context: PipelineContext) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id, { remove: task.collection });
  let committing = false;
  try {
    context.progress("import", 1, 1);
    if (await holdsNoDocument(tx.corpusDir, task.collection)) {
      // Nothing to clean, index or annotate again: its files go aside, the index and its catalog stay, and the report
      // loses its line. This used to clean, index and annotate the whole corpus again (51.7 s over 86,000 documents)
      // to change nothing.
      const report = await reportWithout(tx, task.collection);
      committing = true;
      await tx.commit({ raw: [], cleaned: [], report, index: false, remove: [task.collection] });
      const result: PipelineResult = { committed: true, indexUnchanged: true };
      context.committed?.(result);
      for (const stage of ["clean", "index", "annotate"] as const) context.progress(stage, 1, 1);
      return result;
    }
    const clean = tx.before.raw.some((name) => name !== task.collection);
    // The last imported collection leaves nothing to clean: the report only loses its line.
    const report = !clean && (await reportWithout(tx, task.collection));
    const built = await rebuild(tx, context, { clean, details: [] });
    const plan: CommitPlan = {
      raw: [],
      cleaned: built.report?.files.map((f) => f.name) ?? [],
      report: built.report !== null || report,
      index: true,
      remove: [task.collection],
    };
    await openBeforeCommit(tx, context, built.rebuilt);
    committing = true;
    return await commitThenCatalog(tx, plan, context, {
      committed: true,
      indexUnchanged: !built.rebuilt,
      index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
    });
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}

/**
 * One document out of the corpus: its lines leave the staged cleaned and raw files (corpus/pipeline/documentRemoval.ts),
 * nothing is cleaned again (the other documents keep their ids), and the index is updated without its chunks (the
 * previous index's graphs with its points marked deleted, BM25 and pieces without it: no vector computed), opened
 * before the commit like every change; the catalog follows. The text's fingerprint goes into the removal ledger,
 * committed with the rest, which keeps it out of every later clean. The removed lines go to removed/, marked with the job: the
 * same job run again after its commit (killed before it was marked done) finds them there and is done, not failed.
 */
async function removeDocument(
  task: Extract<PipelineTask, { op: "remove-document" }>,
  context: PipelineContext,
) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id);
  let committing = false;
  try {
    const removal = await stageDocumentRemoval(tx, task.collection, task.documentId, task.id).catch(
      async (err: unknown) => {
        if (!(err instanceof AppError && err.code === "corpus:document_not_found")) throw err;
        // This job took it out already: killed after its commit, it runs again from its start after a restart.
        const done = await removedByJob(tx.corpusDir, task.collection, task.documentId, task.id);
        if (done) return { done };
        throw err;
      },
    );
    if ("done" in removal) {
      // The result the first run would have given: its removed/ lines say whether the raw record was found.
      await tx.abort();
      return await catalogAfterResume(
        tx.corpusDir,
        context,
        removal.done.rawNotFound ? { rawNotFound: true } : {},
      );
    }
    context.progress("import", 1, 1);
    return await commitDocumentChange(
      tx,
      context,
      {
        collection: task.collection,
        raw: removal.hasRaw,
        aside: removal.aside,
        committing: () => (committing = true),
      },
      removal.rawNotFound ? { rawNotFound: true } : {},
    );
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}

/**
 * The index built anew from the cleaned corpus as it is (the corpus page's "Rebuild the index", the CLI's
 * `index --rebuild`): nothing is imported or cleaned, and nothing of the previous index is read (not its vectors, not
 * its graphs, BM25 or pieces; only its manifest's counts, which a damaged one simply does not give), so a damaged
 * index cannot make it fail. Opened before the commit like every change; the catalog follows.
 *
 * Its vectors are saved as they come in the real corpus folder's resume file, as `npm run cli -- index` does, not in
 * the staging folder that a restart resets: a rebuild taken over after a restart (or run again after a stop or a
 * failure) embeds only what is not there. The file holds only vectors of this embedder and size (its header says
 * which; another's is ignored and overwritten), is written only under the writer lock, and is deleted by the commit.
 */
async function rebuildIndex(task: Extract<PipelineTask, { op: "rebuild" }>, context: PipelineContext) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id);
  let committing = false;
  try {
    await tx.linkCleaned();
    context.progress("import", 1, 1);
    context.progress("clean", 1, 1);
    const resume = resumeFile(tx.corpusDir);
    const manifest = await buildIndex({
      corpusDir: tx.dir,
      embeddings: context.embeddings,
      embedderId: context.embedderId,
      rebuild: true,
      incremental: false,
      resumeFile: resume,
      keepResumeFile: true,
      signal: context.signal,
      onProgress: indexProgress(context),
    });
    context.progress("index", 1, 1);
    await openBeforeCommit(tx, context, true);
    committing = true;
    const plan: CommitPlan = { raw: [], cleaned: [], report: false, index: true, remove: [], drop: [resume] };
    return await commitThenCatalog(tx, plan, context, {
      committed: true,
      indexUnchanged: false,
      index: indexView(manifest, true),
    });
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}

/** A catalog for the index in place (one that `npm run cli -- index` built), written next to it. */
async function catalogIndex(task: Extract<PipelineTask, { op: "catalog" }>, context: PipelineContext) {
  const dir = indexDir(path.resolve(task.corpusDir));
  const out = path.join(dir, CATALOG_FILE);
  const catalog = await buildCatalog({
    cleanedDir: path.join(path.resolve(task.corpusDir), "cleaned"),
    out,
    previous: out,
    signal: context.signal,
    onProgress: (done, total) => context.progress("annotate", done, total),
  });
  return { committed: true, indexUnchanged: true, catalog } satisfies PipelineResult;
}

/**
 * Runs a corpus change holding the corpus folder's writer lock (corpus/pipeline/corpusLock.ts): a change queued on
 * another instance waits for this one to commit. A lock lost on the way stops the change before its commit.
 */
export async function runPipeline(task: PipelineTask, context: PipelineContext): Promise<PipelineResult> {
  const held = linkedAbort(context.signal);
  try {
    const release = await lockCorpus(task.corpusDir, {
      signal: context.signal,
      onWait: () => context.waiting?.(),
      onLost: (err) => held.abort(err),
    });
    const locked: PipelineContext = { ...context, signal: held.signal };
    try {
      if (task.op === "import") return await importCollection(task, locked);
      if (task.op === "remove") return await removeCollection(task, locked);
      if (task.op === "remove-document") return await removeDocument(task, locked);
      if (task.op === "restore-document") return await restoreDocument(task, locked);
      if (task.op === "rebuild") return await rebuildIndex(task, locked);
      return await catalogIndex(task, locked);
    } finally {
      await release().catch(() => undefined);
    }
  } finally {
    held.release();
  }
}
