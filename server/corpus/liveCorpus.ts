// The corpus the server answers from, behind one reference that is swapped whole: the chat's retriever and the
// page's catalog of the same index change together, in one synchronous assignment. A search reads the reference
// once, when it starts, and runs to its end on what it read: a turn already retrieving finishes on the old index,
// one that starts after the swap uses the new one, and no search ever sees half of each. The old index stays in
// memory for as long as a search still holds it (garbage collection frees it after).
import type { Passage } from "../../contract/corpus";
import type { IndexManifest } from "../../corpus/pipeline/indexFormat";
import type { CorpusFacets, Retriever, SearchOptions } from "../../corpus/retrieval/types";
import type { CorpusCatalog } from "./catalog/catalog";

/** When a generation's index was built (its manifest), if known. */
export const builtAtOf = (generation: CorpusGeneration): string | null =>
  generation.retriever.manifest?.builtAt ?? null;

/** One index as the server uses it: the retriever, and its catalog once it has one. */
export interface CorpusGeneration {
  retriever: Retriever;
  catalog: CorpusCatalog | null;
  /** 1 for the index the server started with, then one more per swap. */
  version: number;
}

export class LiveCorpus implements Retriever {
  private current: CorpusGeneration;
  private readonly listeners = new Set<(generation: CorpusGeneration) => void>();

  constructor(retriever: Retriever) {
    this.current = { retriever, catalog: null, version: 1 };
  }

  /** The generation in use now; hold on to it to read one index throughout. */
  get generation(): CorpusGeneration {
    return this.current;
  }

  get embedder(): string {
    return this.current.retriever.embedder;
  }

  get size(): number {
    return this.current.retriever.size;
  }

  get manifest(): IndexManifest | undefined {
    return this.current.retriever.manifest;
  }

  search(query: string, options: SearchOptions): Promise<Passage[]> {
    return this.current.retriever.search(query, options);
  }

  hasDocument(docId: string): boolean {
    return this.current.retriever.hasDocument?.(docId) ?? false;
  }

  facets(): CorpusFacets {
    return this.current.retriever.facets();
  }

  /**
   * Puts a new index in use (retriever and catalog at once) and tells the listeners. The previous catalog is
   * closed a little later, once requests that read it have had time to finish.
   */
  swap(next: { retriever: Retriever; catalog: CorpusCatalog | null }): CorpusGeneration {
    const previous = this.current;
    this.current = { ...next, version: previous.version + 1 };
    if (previous.catalog && previous.catalog !== next.catalog) {
      const old = previous.catalog;
      setTimeout(() => old.close(), 30_000).unref();
    }
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  /** Gives the current index a catalog (built after it, for an index made by the CLI). */
  attachCatalog(catalog: CorpusCatalog): void {
    const previous = this.current.catalog;
    this.current = { ...this.current, catalog };
    if (previous && previous !== catalog) setTimeout(() => previous.close(), 30_000).unref();
  }

  onSwap(listener: (generation: CorpusGeneration) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.current.catalog?.close();
  }
}
