// The pipeline worker's words, apart from its code (./pipeline.ts runs them, ./steps.ts and ./restoreDocument.ts are
// its steps): the stages, a task, what a task gives back and what it is given to run.
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { CleanView, ImportView, IndexView } from "../../../contract/corpusPage";

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
  /**
   * A deleted document put back from removed/ (the newest removal of `documentId`, of `collection`), its ledger entry
   * out; `ledgerOnly`: only the entry out (./restoreDocument.ts).
   */
  | {
      op: "restore-document";
      id: string;
      corpusDir: string;
      collection?: string;
      documentId: string;
      ledgerOnly?: boolean;
      /** Which deletion of the id (absent: the newest). */
      removedAt?: string;
    }
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
  /** A restored document's id, when another document of the corpus took its own since its removal. */
  restoredId?: string;
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
