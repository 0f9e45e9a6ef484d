// The corpus index is read-only on every instance: one writer (`npm run cli -- index`) rebuilds it in the shared
// CORPUS_DIR and swaps the directory in atomically (corpus/pipeline/buildIndex.ts); each server notices the new
// manifest and swaps the opened index it serves, between two searches, so that every instance answers from the new
// one within INDEX_WATCH_MS without a restart. A search already running finishes on the index it started with.
import { readManifest } from "../../corpus/pipeline/buildIndex";
import type { CorpusFacets, Retriever, SearchOptions } from "../../corpus/retrieval/types";
import type { Passage } from "../../contract/corpus";
import { errorDetail, type Logger } from "../log";

/** A Retriever that forwards to the index opened last: what the app holds, so that a swap reaches every route. */
export class SwappableRetriever implements Retriever {
  constructor(private current: Retriever) {}

  get embedder(): string {
    return this.current.embedder;
  }

  get size(): number {
    return this.current.size;
  }

  search(query: string, options: SearchOptions): Promise<Passage[]> {
    return this.current.search(query, options);
  }

  hasDocument(docId: string): boolean {
    return this.current.hasDocument?.(docId) ?? false;
  }

  facets(): CorpusFacets {
    return this.current.facets();
  }

  swap(next: Retriever): void {
    this.current = next;
  }
}

export interface IndexWatchOptions {
  corpusDir: string;
  retriever: SwappableRetriever;
  /** Opens the index now in corpusDir (with the embedder the server queries with). */
  open(): Promise<Retriever>;
  intervalMs: number;
  logger: Logger;
}

/** Polls the manifest's build time; a new one is opened and swapped in. Returns a function that stops watching. */
export async function watchIndex(options: IndexWatchOptions): Promise<() => void> {
  const { corpusDir, retriever, logger } = options;
  const builtAt = async () => (await readManifest(corpusDir))?.builtAt ?? null;
  let served = await builtAt();
  let busy = false;
  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = await builtAt();
      if (now === null || now === served) return;
      const next = await options.open();
      retriever.swap(next);
      served = now;
      logger.info("corpus index swapped in", { builtAt: now, chunks: next.size });
    } catch (err) {
      // A half-written or mismatched index is not served; the one in use stays, and the next check tries again.
      logger.warn("corpus index changed but could not be opened; serving the previous one", errorDetail(err));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
