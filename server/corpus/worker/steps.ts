// The steps that every corpus change of ./pipeline.ts shares: clean and index a staging corpus, open its index before
// the commit, commit then build the catalog, and finish a change an earlier run of the same job committed.
import path from "node:path";
import { cleanCorpus, type CleanReport } from "../../../corpus/pipeline/clean";
import type { CommitPlan, CorpusTransaction } from "../../../corpus/pipeline/corpusTransaction";
import { buildIndexIfChanged, type IndexPhase } from "../../../corpus/pipeline/buildIndex";
import { indexDir, type IndexManifest } from "../../../corpus/pipeline/indexFormat";
import { buildCatalog, previousAnnotations } from "../catalog/build";
import { CATALOG_FILE } from "../catalog/schema";
import { indexView } from "../reportViews";
import type { PipelineContext, PipelineResult } from "./types";

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
export async function rebuild(
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
export async function commitThenCatalog(
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
export async function openBeforeCommit(
  tx: CorpusTransaction,
  context: PipelineContext,
  rebuilt: boolean,
): Promise<void> {
  if (rebuilt) await context.verify?.(tx.dir);
  context.signal?.throwIfAborted();
}

/**
 * One document's change staged in `collection` (a removal, a restore): the index updated from the cleaned files as
 * they are (no clean, no vector computed again for the other documents), opened before the commit, then committed
 * with the collection's files, the note for removed/ and the ledger; the catalog follows. `committing` is told just
 * before the commit (past it, the caller no longer aborts the transaction); `extra` goes into the result.
 */
export async function commitDocumentChange(
  tx: CorpusTransaction,
  context: PipelineContext,
  change: { collection: string; raw: boolean; aside: string; committing: () => void },
  extra: Partial<PipelineResult> = {},
): Promise<PipelineResult> {
  const built = await rebuild(tx, context, { clean: false, details: [] });
  const plan: CommitPlan = {
    raw: change.raw ? [change.collection] : [],
    cleaned: [change.collection],
    report: false,
    index: true,
    remove: [],
    aside: [change.aside],
    ledger: true,
  };
  await openBeforeCommit(tx, context, built.rebuilt);
  change.committing();
  return await commitThenCatalog(tx, plan, context, {
    committed: true,
    indexUnchanged: !built.rebuilt,
    index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
    ...extra,
  });
}

/**
 * A change committed by an earlier run of the same job (killed before the job was marked done): done, the index in
 * place as that run left it (the restart opened it), and the catalog built for it, which the kill may have prevented.
 * `extra` goes into the result: what the earlier run's result said, read back from what its commit left.
 */
export async function catalogAfterResume(
  corpusDir: string,
  context: PipelineContext,
  extra: Partial<PipelineResult> = {},
): Promise<PipelineResult> {
  const result: PipelineResult = { committed: true, indexUnchanged: true, ...extra };
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
