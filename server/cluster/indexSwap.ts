// The corpus index is read-only on every instance: one writer (`npm run cli -- index`) rebuilds it in the shared
// CORPUS_DIR and swaps the directory in atomically (corpus/pipeline/buildIndex.ts); each server notices the new
// manifest and swaps the opened index it serves, between two searches, so that every instance answers from the new
// one within INDEX_WATCH_MS without a restart. A search already running finishes on the index it started with.
import { readManifest } from "../../corpus/pipeline/buildIndex";
import type { Retriever } from "../../corpus/retrieval/types";
import { errorDetail, type Logger } from "../log";

/**
 * The index an instance serves, as the watch sees it (server/corpus/liveCorpus.ts behind it): the one in use (its
 * manifest's build time), and how a newer one is put in use (the corpus page then hears of it and reads the new
 * index's catalog).
 */
export interface ServedIndex {
  readonly manifest?: Retriever["manifest"];
  swapIn(next: Retriever): void;
}

export interface IndexCheckOptions {
  corpusDir: string;
  served: ServedIndex;
  /** Opens the index now in corpusDir (with the embedder the server queries with). */
  open(): Promise<Retriever>;
  logger: Logger;
}

export interface IndexWatchOptions extends IndexCheckOptions {
  intervalMs: number;
}

/**
 * One look at the manifest: an index other than the one served is opened and swapped in. An index this instance put
 * in use itself (an import from the corpus page) has the manifest's build time already and is left as it is. A check
 * that finds another still running does nothing.
 */
export function indexCheck(options: IndexCheckOptions): () => Promise<void> {
  const { corpusDir, served, logger } = options;
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    try {
      const now = (await readManifest(corpusDir))?.builtAt ?? null;
      if (now === null || now === served.manifest?.builtAt) return;
      const next = await options.open();
      served.swapIn(next);
      logger.info("corpus index swapped in", { builtAt: now, chunks: next.size });
    } catch (err) {
      // A half-written or mismatched index is not served; the one in use stays, and the next check tries again.
      logger.warn("corpus index changed but could not be opened; serving the previous one", errorDetail(err));
    } finally {
      busy = false;
    }
  };
}

/** Checks every `intervalMs` (indexCheck). Returns a function that stops watching. */
export function watchIndex(options: IndexWatchOptions): () => void {
  const check = indexCheck(options);
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
