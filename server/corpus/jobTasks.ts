// A corpus job's record (import, removal of a collection or a document, rebuild, catalog) turned into the task the
// pipeline's worker runs (./worker/pipeline.ts).
import { existsSync } from "node:fs";
import path from "node:path";
import type { Uploads } from "../workbench/uploads";
import type { CorpusImportStore, StoredImport } from "./importStore";
import type { PipelineTask } from "./worker/pipeline";

/** What of the corpus service a task is made from. */
export interface CorpusJobSource {
  corpusDir: string;
  imports: CorpusImportStore;
  uploads: Pick<Uploads<unknown>, "locate">;
}

/** The same file imported the same way as the collection's latest import, which is still in the corpus. */
async function unchangedImport(corpus: CorpusJobSource, record: StoredImport): Promise<boolean> {
  if (!record.contentHash) return false;
  const latest = (await corpus.imports.latestDone()).get(record.collection);
  if (latest === undefined || latest.op !== "import" || latest.contentHash !== record.contentHash)
    return false;
  // A document removed from the collection (or put back) since: the same file again is imported.
  const since = (await corpus.imports.list(200)).some(
    (r) =>
      (r.op === "remove-document" || r.op === "restore-document") &&
      r.collection === record.collection &&
      r.status === "done" &&
      r.createdAt > latest.createdAt,
  );
  return !since && existsSync(path.join(corpus.corpusDir, "raw", `${record.collection}.jsonl`));
}

/**
 * What the worker is asked to do for a corpus job's record; null for an import of the same file the same way as the
 * collection's latest, still in the corpus (nothing to do).
 */
export async function pipelineTaskOf(
  corpus: CorpusJobSource,
  record: StoredImport,
  jobId: string,
): Promise<PipelineTask | null> {
  if (record.op === "catalog") return { op: "catalog", id: jobId, corpusDir: corpus.corpusDir };
  if (record.op === "rebuild") return { op: "rebuild", id: jobId, corpusDir: corpus.corpusDir };
  if (record.op === "remove")
    return { op: "remove", id: jobId, corpusDir: corpus.corpusDir, collection: record.collection };
  if (record.op === "remove-document") {
    return {
      op: "remove-document",
      id: jobId,
      corpusDir: corpus.corpusDir,
      collection: record.collection,
      documentId: record.document?.id ?? "",
    };
  }
  if (record.op === "restore-document") {
    return {
      op: "restore-document",
      id: jobId,
      corpusDir: corpus.corpusDir,
      ...(record.collection ? { collection: record.collection } : {}),
      documentId: record.document?.id ?? "",
      ...(record.document?.ledgerOnly ? { ledgerOnly: true } : {}),
      ...(record.document?.removedAt ? { removedAt: record.document.removedAt } : {}),
    };
  }
  if (await unchangedImport(corpus, record)) return null;
  const upload = await corpus.uploads.locate(record.uploadId ?? "");
  return {
    op: "import",
    id: jobId,
    corpusDir: corpus.corpusDir,
    file: upload.file,
    fileName: upload.fileName,
    collection: record.collection,
    settings: record.settings,
  };
}
