// One change to the corpus, start to end, as the corpus worker runs it: in a staging copy of the corpus (links, not
// copies), import the file (or take a collection out), clean every imported collection together, build the index
// (reusing every unchanged vector) while the catalog is built beside it, then commit the whole change at once. A
// failure anywhere before the commit leaves the real corpus and index exactly as they were.
import { rename } from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { cleanCorpus, type CleanReport } from "../../../corpus/pipeline/clean";
import { openCleanedCorpus } from "../../../corpus/pipeline/cleanedCorpus";
import { CorpusTransaction, type CommitPlan } from "../../../corpus/pipeline/corpusTransaction";
import { buildIndex, type IndexPhase } from "../../../corpus/pipeline/buildIndex";
import {
  corpusHash,
  documentHash,
  indexDir,
  readManifest,
  readPreviousManifest,
  type IndexManifest,
} from "../../../corpus/pipeline/indexFormat";
import { importFile, inspectFile } from "../../../corpus/pipeline/import/index";
import type { ImportResult } from "../../../corpus/pipeline/import/types";
import type { CleanView, ImportView, IndexView } from "../../../contract/corpusPage";
import { buildCatalog } from "../catalog/build";
import { CATALOG_FILE } from "../catalog/schema";
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
  | { op: "catalog"; id: string; corpusDir: string };

export interface PipelineResult {
  committed: boolean;
  /** The cleaned corpus came out as the indexed one: the index was not rebuilt. */
  unchanged: boolean;
  import?: ImportView;
  clean?: CleanView;
  index?: IndexView;
  catalog?: { documents: number; annotated: number; reused: number; corpusHash: string };
}

export interface PipelineContext {
  embeddings: EmbeddingsInterface;
  embedderId: string;
  signal?: AbortSignal;
  progress(stage: PipelineStage, done: number, total: number): void;
}

/** The corpus hash the staged cleaned files would index to (the index build's own parse and hash). */
async function stagedCorpusHash(corpusDir: string): Promise<string> {
  const reader = await openCleanedCorpus(corpusDir);
  const hashes: Record<string, string> = {};
  for (const slice of reader.slices(4096))
    for (const record of slice) hashes[record.id] = documentHash(record);
  return corpusHash(hashes);
}

/** Progress of an index build as one figure: embedding a third of it when anything is embedded, the graph the rest. */
function indexProgress(context: PipelineContext): (done: number, total: number, phase: IndexPhase) => void {
  const state = { embed: [0, 0], graph: [0, 0] };
  return (done, total, phase) => {
    state[phase] = [done, total];
    const [ed, et] = state.embed;
    const [gd, gt] = state.graph;
    const graph = gt > 0 ? gd / gt : 0;
    const share = et > 0 ? (ed / et) * 0.3 + graph * 0.7 : graph;
    context.progress("index", Math.round(share * 1000), 1000);
  };
}

/** Cleans, indexes and catalogues the staging corpus; says what to commit. */
async function rebuild(
  tx: CorpusTransaction,
  context: PipelineContext,
  options: { clean: boolean; details: string[] },
): Promise<{
  report: CleanReport | null;
  manifest: IndexManifest | null;
  rebuilt: boolean;
  catalog: PipelineResult["catalog"];
}> {
  const { signal } = context;
  let report: CleanReport | null = null;
  if (options.clean) {
    report = await cleanCorpus({
      corpusDir: tx.dir,
      details: options.details,
      signal,
      onProgress: (p) => context.progress("clean", p.bytesRead, p.totalBytes),
    });
  }
  context.progress("clean", 1, 1);
  const previous = await readPreviousManifest(tx.dir);
  const previousHash = previous ? corpusHash(previous.docHashes) : null;
  const unchanged = previousHash !== null && (await stagedCorpusHash(tx.dir)) === previousHash;
  const catalogOut = path.join(tx.dir, CATALOG_FILE);
  const realCatalog = path.join(indexDir(tx.corpusDir), CATALOG_FILE);
  // The index graph is built in its own worker; the catalog's parsing and annotating share this thread with the
  // embedding, slice by slice.
  const [manifest, catalog] = await Promise.all([
    unchanged
      ? readManifest(tx.dir)
      : buildIndex({
          corpusDir: tx.dir,
          embeddings: context.embeddings,
          embedderId: context.embedderId,
          signal,
          onProgress: indexProgress(context),
        }),
    buildCatalog({
      cleanedDir: path.join(tx.dir, "cleaned"),
      out: catalogOut,
      previous: realCatalog,
      signal,
      onProgress: (done, total) => context.progress("annotate", done, total),
    }),
  ]);
  context.progress("index", 1, 1);
  // The catalog joins the index it describes: the commit swaps them in together.
  await rename(catalogOut, path.join(indexDir(tx.dir), CATALOG_FILE));
  return { report, manifest, rebuilt: !unchanged, catalog };
}

async function importCollection(task: Extract<PipelineTask, { op: "import" }>, context: PipelineContext) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id);
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
    const built = await rebuild(tx, context, { clean: true, details: [task.collection] });
    const plan: CommitPlan = {
      raw: [task.collection],
      cleaned: built.report?.files.map((f) => f.name) ?? [],
      report: true,
      index: true,
      remove: [],
    };
    context.signal?.throwIfAborted();
    await tx.commit(plan);
    return {
      committed: true,
      unchanged: !built.rebuilt,
      import: importView(imported),
      clean: built.report ? cleanView(built.report, task.collection) : undefined,
      index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
      catalog: built.catalog,
    } satisfies PipelineResult;
  } catch (err) {
    await tx.abort();
    throw err;
  }
}

async function removeCollection(task: Extract<PipelineTask, { op: "remove" }>, context: PipelineContext) {
  const tx = await CorpusTransaction.begin(task.corpusDir, task.id, { remove: task.collection });
  try {
    context.progress("import", 1, 1);
    const clean = tx.before.raw.some((name) => name !== task.collection);
    const built = await rebuild(tx, context, { clean, details: [] });
    context.signal?.throwIfAborted();
    await tx.commit({
      raw: [],
      cleaned: built.report?.files.map((f) => f.name) ?? [],
      report: built.report !== null,
      index: true,
      remove: [task.collection],
    });
    return {
      committed: true,
      unchanged: !built.rebuilt,
      index: built.manifest ? indexView(built.manifest, built.rebuilt) : undefined,
      catalog: built.catalog,
    } satisfies PipelineResult;
  } catch (err) {
    await tx.abort();
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
  return { committed: true, unchanged: true, catalog } satisfies PipelineResult;
}

export async function runPipeline(task: PipelineTask, context: PipelineContext): Promise<PipelineResult> {
  if (task.op === "import") return importCollection(task, context);
  if (task.op === "remove") return removeCollection(task, context);
  return catalogIndex(task, context);
}
