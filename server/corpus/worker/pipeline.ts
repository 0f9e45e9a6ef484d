// One change to the corpus, start to end, as the corpus worker runs it: in a staging copy of the corpus (links, not
// copies), import the file (or take a collection out), clean every imported collection together, build the index
// (reusing every unchanged vector) while the catalog is built beside it, then commit the whole change at once; or
// (rebuild) only build the index anew from cleaned/. A failure anywhere before the commit leaves the real corpus and
// index exactly as they were.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { cleanCorpus, type CleanReport } from "../../../corpus/pipeline/clean";
import { removedByJob, stageDocumentRemoval } from "../../../corpus/pipeline/documentRemoval";
import { stageReportWithout } from "../../../corpus/pipeline/cleanReportFile";
import { lockCorpus } from "../../../corpus/pipeline/corpusLock";
import { linkedAbort } from "../../../contract/abort";
import { AppError } from "../../../contract/errors";
import { CorpusTransaction, type CommitPlan } from "../../../corpus/pipeline/corpusTransaction";
import { buildIndex, buildIndexIfChanged, type IndexPhase } from "../../../corpus/pipeline/buildIndex";
import { indexDir, type IndexManifest, resumeFile } from "../../../corpus/pipeline/indexFormat";
import { importFile, inspectFile } from "../../../corpus/pipeline/import/index";
import type { ImportResult } from "../../../corpus/pipeline/import/types";
import type { CleanView, ImportView, IndexView } from "../../../contract/corpusPage";
import { buildCatalog, previousAnnotations } from "../catalog/build";
import { CATALOG_FILE } from "../catalog/schema";
import { allDroppedError, emptiedFiles } from "../allDropped";
import { cleanView, importView, indexView } from "../reportViews";

export type PipelineStage = "import" | "clean" | "index" | "annotate";
export const PIPELINE_STAGES: readonly PipelineStage[] = ["import", "clean", "index", "annotate"];

export interface ImportSettings {
  textCol?: string;
  idCol?: string;
  dateCol?: string;
  titleCol?: string;
  urlCol?: string;
  platform?: string;
  source?: string;
  encoding?: string;
}

export type PipelineTask =
  | {
      op: "import";
      /** Names the staging folder: the same job run again replaces its own. */
      id: string;
      corpusDir: string;
      /** The uploaded file, and the name the person gave it (its extension says the format). */
      file: string;
      fileName: string;
      collection: string;
      settings: ImportSettings;
    }
  | { op: "remove"; id: string; corpusDir: string; collection: string }
  /** One document (by its id) taken out of its collection, raw and cleaned; the index updated without it. */
  | { op: "remove-document"; id: string; corpusDir: string; collection: string; documentId: string }
  | { op: "catalog"; id: string; corpusDir: string }
  /** A full build of the index from cleaned/, reading nothing of the previous index (which may be damaged). */
  | { op: "rebuild"; id: string; corpusDir: string };

export interface PipelineResult {
  committed: boolean;
  /**
   * The cleaned corpus came out as the indexed one: the index was not rebuilt. Not "the same file again" (the service
   * finds that before any work): a different file can clean to the same records.
   */
  indexUnchanged: boolean;
  import?: ImportView;
  clean?: CleanView;
  index?: IndexView;
  catalog?: { documents: number; annotated: number; reused: number; corpusHash: string };
  /** The change was committed but its catalog could not be built (it is built again when the page asks). */
  catalogError?: string;
  /**
   * A document's removal found no raw record the document was cleaned from in its collection's raw file: the removal
   * ledger keeps its text out of the next clean, but a changed version of it may come back.
   */
  rawNotFound?: boolean;
}

export interface PipelineContext {
  embeddings: EmbeddingsInterface;
  embedderId: string;
  signal?: AbortSignal;
  progress(stage: PipelineStage, done: number, total: number): void;
  /** Another change holds the corpus folder: this one waits for it (its first progress ends the wait). */
  waiting?(): void;
  /**
   * Opens the index staged in `stagingDir` as the server will use it (on the main thread, with the server's opener),
   * before anything is committed; a rejection fails the change with the real corpus and index as they were. A change
   * that leaves the index as it was is not opened again.
   */
  verify?(stagingDir: string): Promise<void>;
  /** The change is committed (the index in place, the catalog not yet): the chat can switch now. */
  committed?(result: PipelineResult): void;
}

/**
 * Progress of an index build as one figure: the read of the corpus and the previous index (which also tells
 * whether anything changed) a fifth, embedding a quarter of the rest when anything is embedded, the graph the
 * remainder. The read used to show no progress at all: seconds on a large corpus.
 */
export function indexProgress(
  context: Pick<PipelineContext, "progress">,
): (done: number, total: number, phase: IndexPhase) => void {
  const state = { read: [0, 0], embed: [0, 0], graph: [0, 0] };
  const fraction = ([done, total]: number[]) => (total > 0 ? done / total : 0);
  return (done, total, phase) => {
    state[phase] = [done, total];
    const graph = fraction(state.graph);
    const rest = state.embed[1] > 0 ? fraction(state.embed) * 0.25 + graph * 0.75 : graph;
    context.progress("index", Math.round((fraction(state.read) * 0.2 + rest * 0.8) * 1000), 1000);
  };
}

/**
 * Cleans and indexes the staging corpus; says what to commit. `cleaned` sees the clean report before anything is
 * indexed, and may refuse it by throwing.
 */
async function rebuild(
  tx: CorpusTransaction,
  context: PipelineContext,
  options: { clean: boolean; details: string[]; cleaned?: (report: CleanReport) => void },
): Promise<{ report: CleanReport | null; manifest: IndexManifest | null; rebuilt: boolean }> {
  const { signal } = context;
  let report: CleanReport | null = null;
  if (options.clean) {
    report = await cleanCorpus({
      corpusDir: tx.dir,
      details: options.details,
      signal,
      onProgress: (p) => context.progress("clean", p.bytesRead, p.totalBytes),
    });
    options.cleaned?.(report);
  }
  context.progress("clean", 1, 1);
  // An unchanged corpus (the records the index was built from) keeps its index: the build finds out by its own
  // read, which an import job used to do twice (once to compare, once to build).
  const { manifest, rebuilt } = await buildIndexIfChanged({
    corpusDir: tx.dir,
    embeddings: context.embeddings,
    embedderId: context.embedderId,
    signal,
    onProgress: indexProgress(context),
  });
  context.progress("index", 1, 1);
  return { report, manifest, rebuilt };
}

/**
 * Commits a staged change and tells the main thread, which puts the new index in use at once (the chat can cite
 * it from then on), then builds the new index's catalog in place. The catalog comes after the commit, not beside
 * the index build, because the chat waits only for the index: building both at once made the chat wait for the
 * slower of the two on a shared machine. Until the catalog is ready the page says it is being built; the previous
 * catalog, opened before the commit, lends its annotations of unchanged documents.
 */
async function commitThenCatalog(
  tx: CorpusTransaction,
  plan: CommitPlan,
  context: PipelineContext,
  result: PipelineResult,
): Promise<PipelineResult> {
  const realCatalog = path.join(indexDir(tx.corpusDir), CATALOG_FILE);
  const previous = previousAnnotations(realCatalog);
  let committed = false;
  try {
    await tx.commit(plan);
    committed = true;
    context.committed?.(result);
    const catalog = await buildCatalog({
      cleanedDir: path.join(tx.corpusDir, "cleaned"),
      out: realCatalog,
      previous,
      signal: context.signal,
      onProgress: (done, total) => context.progress("annotate", done, total),
    });
    return { ...result, catalog };
  } catch (err) {
    // After the commit the change is made: a catalog that fails (or is stopped) is built again when the page
    // next asks for it, and the job still reports the import it committed.
    if (!committed) throw err;
    return { ...result, catalogError: err instanceof Error ? err.message : String(err) };
  } finally {
    previous?.close();
  }
}

/**
 * Has the main thread open the staged index as the server will (a rebuilt one: an unchanged index is the one in use)
 * before anything is committed. An index nobody can open is never committed: the job used to report a failure over a
 * corpus it had changed, and the next start failed on it.
 */
async function openBeforeCommit(
  tx: CorpusTransaction,
  context: PipelineContext,
  rebuilt: boolean,
): Promise<void> {
  if (rebuilt) await context.verify?.(tx.dir);
  context.signal?.throwIfAborted();
}

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
        if (await removedByJob(tx.corpusDir, task.collection, task.documentId, task.id)) return null;
        throw err;
      },
    );
    if (!removal) {
      await tx.abort();
      return await catalogAfterResume(tx.corpusDir, context);
    }
    context.progress("import", 1, 1);
    const built = await rebuild(tx, context, { clean: false, details: [] });
    const plan: CommitPlan = {
      raw: removal.hasRaw ? [task.collection] : [],
      cleaned: [task.collection],
      report: false,
      index: true,
      remove: [],
      aside: [removal.aside],
      ledger: true,
    };
    await openBeforeCommit(tx, context, built.rebuilt);
    committing = true;
    return await commitThenCatalog(tx, plan, context, {
      committed: true,
      indexUnchanged: !built.rebuilt,
      index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
      ...(removal.rawNotFound ? { rawNotFound: true } : {}),
    });
  } catch (err) {
    if (!committing) await tx.abort();
    throw err;
  }
}

/**
 * A change committed by an earlier run of the same job (killed before the job was marked done): done, the index in
 * place as that run left it (the restart opened it), and the catalog built for it, which the kill may have prevented.
 */
async function catalogAfterResume(corpusDir: string, context: PipelineContext): Promise<PipelineResult> {
  const result: PipelineResult = { committed: true, indexUnchanged: true };
  context.committed?.(result);
  for (const stage of ["import", "clean", "index"] as const) context.progress(stage, 1, 1);
  const out = path.join(indexDir(path.resolve(corpusDir)), CATALOG_FILE);
  try {
    const catalog = await buildCatalog({
      cleanedDir: path.join(path.resolve(corpusDir), "cleaned"),
      out,
      previous: out,
      signal: context.signal,
      onProgress: (done, total) => context.progress("annotate", done, total),
    });
    return { ...result, catalog };
  } catch (err) {
    return { ...result, catalogError: err instanceof Error ? err.message : String(err) };
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
      if (task.op === "rebuild") return await rebuildIndex(task, locked);
      return await catalogIndex(task, locked);
    } finally {
      await release().catch(() => undefined);
    }
  } finally {
    held.release();
  }
}
