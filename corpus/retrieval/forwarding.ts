// A retriever that answers searches its own way and forwards everything else (embedder, size, manifest, facets,
// hasDocument) to the corpus retriever it wraps: what the attachments' and the themes' searches share.
import type { Passage } from "../../contract/corpus";
import type { Retriever, SearchOptions } from "./types";

export function forwardingRetriever(
  corpus: Retriever,
  search: (query: string, options: SearchOptions) => Promise<Passage[]>,
): Retriever {
  return {
    get embedder() {
      return corpus.embedder;
    },
    get size() {
      return corpus.size;
    },
    get manifest() {
      return corpus.manifest;
    },
    search,
    facets: () => corpus.facets(),
    ...(corpus.hasDocument ? { hasDocument: (id: string) => corpus.hasDocument!(id) } : {}),
  };
}
