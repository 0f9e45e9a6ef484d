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
 * One look at the manifest: an index other than the one served is opened and swapped in (over an unreadable one too,
 * which has no manifest: server/corpus/unreadableIndex.ts). An index this instance put in use itself (an import from
 * the corpus page) has the manifest's build time already and is left as it is. A check that finds another still
 * running does nothing. An index that does not open is tried again at every check (a half-written one may be
 * complete at the next), but said once: the same failure for the same build is not logged every INDEX_WATCH_MS.
 */
export function indexCheck(options: IndexCheckOptions): () => Promise<void> {
  const { corpusDir, served, logger } = options;
  let busy = false;
  /** The build time (or, for a manifest that does not read, the error) of the last index that did not open. */
  let failed: string | null = null;
  return async () => {
    if (busy) return;
    busy = true;
    let seen: string | null = null;
    try {
      const manifest = await readManifest(corpusDir).catch((err: unknown) => {
        seen = `manifest: ${err instanceof Error ? err.message : String(err)}`;
        throw err;
      });
      const now = manifest?.builtAt ?? null;
      if (now === null || now === served.manifest?.builtAt) return;
      seen = now;
      const next = await options.open();
      served.swapIn(next);
      failed = null;
      logger.info("corpus index swapped in", { builtAt: now, chunks: next.size });
    } catch (err) {
      // A half-written or mismatched index is not served; the one in use stays, and the next check tries again.
      if (seen === null || seen !== failed) {
        logger.warn("corpus index changed but could not be opened; serving the previous one", {
          builtAt: seen,
          ...errorDetail(err),
        });
      }
      failed = seen;
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
