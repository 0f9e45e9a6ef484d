// The corpus index is read-only on every instance: one writer (`npm run cli -- index`) rebuilds it in the shared
// CORPUS_DIR and swaps the directory in atomically (corpus/pipeline/buildIndex.ts); each server notices the new
// manifest and swaps the opened index it serves, between two searches, so that every instance answers from the new
// one within INDEX_WATCH_MS without a restart. A search already running finishes on the index it started with.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { readManifest } from "../../corpus/pipeline/buildIndex";
import { indexDir } from "../../corpus/pipeline/indexFormat";
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
 * running does nothing. An index that does not open is not opened again, nor said again, until its files change
 * (their names, sizes and modification times): opening a large broken index reads and parses every file, hundreds of
 * MB and seconds of the event loop, which every INDEX_WATCH_MS would have cost each instance for as long as nobody
 * rebuilt it. Builds swap whole folders in (manifest last), so a failed build does not complete by itself later; a
 * file put back by hand changes its signature and is tried again.
 */
export function indexCheck(options: IndexCheckOptions): () => Promise<void> {
  const { corpusDir, served, logger } = options;
  let busy = false;
  /** The signature of the index folder's files when an index last did not open. */
  let failed: string | null = null;
  return async () => {
    if (busy) return;
    busy = true;
    let seen: string | null = null;
    let builtAt: string | null = null;
    try {
      seen = await folderSignature(indexDir(corpusDir));
      if (seen !== null && seen === failed) return;
      const manifest = await readManifest(corpusDir);
      const now = manifest?.builtAt ?? null;
      if (now === null || now === served.manifest?.builtAt) return;
      builtAt = now;
      const next = await options.open();
      served.swapIn(next);
      failed = null;
      logger.info("corpus index swapped in", { builtAt: now, chunks: next.size });
    } catch (err) {
      // A broken or mismatched index is not served; the one in use stays, until the index's files change.
      logger.warn("corpus index changed but could not be opened; serving the previous one", {
        builtAt,
        ...errorDetail(err),
      });
      failed = seen;
    } finally {
      busy = false;
    }
  };
}

/** The index folder's files as names, sizes and modification times; null when there is no folder. */
async function folderSignature(dir: string): Promise<string | null> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return null;
  }
  const parts = await Promise.all(
    names.map(async (name) => {
      const info = await stat(path.join(dir, name)).catch(() => null);
      return info ? `${name}:${info.size}:${info.mtimeMs}` : `${name}:gone`;
    }),
  );
  return parts.join("|");
}

/** Checks every `intervalMs` (indexCheck). Returns a function that stops watching. */
export function watchIndex(options: IndexWatchOptions): () => void {
  const check = indexCheck(options);
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
