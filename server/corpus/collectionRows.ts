// The corpus page's collections table: every collection the corpus folder or the index's catalog names, with its
// documents (from the catalog), where it came from (its raw file, its latest import) and whether an import of it is
// under way. Read by CorpusService.status.
import type { CollectionSummary } from "../../contract/corpusPage";
import type { StoredImport } from "./importStore";

export interface CollectionSources {
  /** The collections' files in raw/ and cleaned/. */
  files: { raw: string[]; cleaned: string[] };
  /** The catalog's collections, when the index has a catalog. */
  catalogued: CollectionSummary[];
  /** The latest finished import or removal of each collection. */
  latest: Map<string, StoredImport>;
  /** The import under way of each collection (records of unfinished jobs only). */
  importing: Map<string, StoredImport>;
}

export function collectionRows({
  files,
  catalogued,
  latest,
  importing,
}: CollectionSources): CollectionSummary[] {
  // A collection without documents that was removed (nothing rebuilt, so the catalog still names it) is gone.
  const present = new Set([...files.cleaned, ...files.raw]);
  const fromCatalog = new Map(
    catalogued.filter((c) => c.documents > 0 || present.has(c.name)).map((c) => [c.name, c]),
  );
  const names = [...new Set([...files.cleaned, ...files.raw, ...fromCatalog.keys()])].sort();
  return names.map((name) => {
    const summary = fromCatalog.get(name) ?? {
      name,
      documents: 0,
      sources: [],
      platforms: [],
      dateMin: null,
      dateMax: null,
      imported: false,
    };
    const last = latest.get(name);
    const running = importing.get(name);
    return {
      ...summary,
      imported: files.raw.includes(name),
      ...(last && last.op === "import"
        ? {
            lastImport: {
              id: last.id,
              fileName: last.fileName,
              feedUrl: last.feedUrl,
              at: last.finishedAt ?? last.createdAt,
            },
          }
        : {}),
      ...(running
        ? { importing: { id: running.id, fileName: running.fileName, feedUrl: running.feedUrl } }
        : {}),
    };
  });
}
