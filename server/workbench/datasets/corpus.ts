// A data set drawn from the corpus with the chat's filters: every matching record, or a seeded random sample of them.
// Without search words the cleaned corpus (corpus/cleaned/*.jsonl) is streamed file by file (and counted from the
// catalog when there is one); with them (`q`), the records come from the live catalog's full-text search, so that the
// data set holds exactly what the Corpus page's Explore finds for the same words and filters. Only someone who may
// change the corpus has a missing catalog built; a draw whose catalog a new index replaced is told to try again.
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { CorpusRecordSchema, DATE_IMPUTED_META, type CorpusRecord } from "../../../contract/corpus";
import type { DocumentsPage, DocumentsQuery } from "../../../contract/corpusExplore";
import { AppError } from "../../../contract/errors";
import type { Filters } from "../../../contract/settings";
import {
  describeCorpusSelection,
  encodeCorpusSelection,
  type CorpusCountRequest,
  type CorpusDatasetRequest,
  type DatasetSummary,
} from "../../../contract/workbench";
import type { WorkbenchStore } from "../store";
import { DatasetBuilder } from "./build";
import { SeededReservoir } from "./sample";

/** Whether `value` is one of `items`, ignoring case (as the catalog compares platforms and sources: lower-cased). */
function inList(items: string[], value: string): boolean {
  const key = value.toLowerCase();
  return items.some((item) => item.toLowerCase() === key);
}

/**
 * Whether a record passes the chat's filters (platform and source lists, an inclusive date range). Platform and source
 * ignore case, as in the catalog, so that a draw without words takes what its count (the catalog's) counted: with
 * "Facebook" and "facebook" in the corpus the count took both and the draw only one. An undated record (its date is the
 * import day) matches no date filter, as in the chat's retriever and the catalog.
 */
export function matchesFilters(record: CorpusRecord, filters: Filters | undefined): boolean {
  if (!filters) return true;
  if (filters.platform?.length && !inList(filters.platform, record.platform)) return false;
  if (filters.source?.length && !inList(filters.source, record.source)) return false;
  if ((filters.dateFrom || filters.dateTo) && record.dateImputed) return false;
  const day = record.date.slice(0, 10);
  if (filters.dateFrom && day < filters.dateFrom) return false;
  if (filters.dateTo && day > filters.dateTo) return false;
  return true;
}

/** Every valid record of the cleaned corpus, in file-name order; lines that do not parse are skipped. */
export async function* corpusRecords(cleanedDir: string): AsyncGenerator<CorpusRecord> {
  const files = (await readdir(cleanedDir)).filter((f) => f.endsWith(".jsonl")).sort();
  for (const file of files) {
    const lines = createInterface({
      input: createReadStream(path.join(cleanedDir, file)),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // cleaned/ is written by `clean`; a damaged line there is its report's business, not a data set's.
        continue;
      }
      const parsed = CorpusRecordSchema.safeParse(value);
      if (parsed.success) yield parsed.data;
    }
  }
}

/**
 * What a keyword data set needs of the corpus's catalog (server/corpus/catalog/catalog.ts `CorpusCatalog` is one):
 * its Explore search, as a page of whole records after a position and as a count. Said here, so that the workbench
 * does not import the corpus folder (which imports the workbench).
 */
export interface CatalogSearch {
  matchingRecords(
    query: Pick<DocumentsQuery, "platform" | "source" | "collection" | "dateFrom" | "dateTo" | "q">,
    after: number,
    limit: number,
  ): { records: CorpusRecord[]; last: number };
  documentsPage(query: DocumentsQuery): Pick<DocumentsPage, "total">;
  /** False once closed: a new index's catalog replaced it (30 s after the swap). */
  readonly open?: boolean;
}

/**
 * The catalog of the index in use; it throws corpus:catalog_missing while there is none, and queues its build unless
 * `build` is false (the asker may not change the corpus: then the error tells them to ask the teacher).
 */
export type CatalogSource = (options?: { build?: boolean }) => Promise<CatalogSearch>;

/** Records read from the catalog at a time, between which other requests run. */
const CATALOG_PAGE = 500;

/** The records a selection holds, in corpus order: searched in the catalog with `q`, else the cleaned files filtered. */
async function* selectedRecords(
  selection: CorpusCountRequest,
  cleanedDir: string,
  catalog: CatalogSearch | null,
  slice: () => Promise<void>,
): AsyncGenerator<CorpusRecord> {
  if (!catalog) {
    for await (const record of corpusRecords(cleanedDir))
      if (matchesFilters(record, selection.filters)) yield record;
    return;
  }
  const query = { ...selection.filters, q: selection.q };
  for (let after = 0; ;) {
    // A draw that outlived a swap by 30 s finds its catalog closed: said as such (the data set is not made), where
    // reading the closed database was a 500.
    if (catalog.open === false) throw new AppError("corpus:catalog_missing", { variant: "changed" });
    const page = catalog.matchingRecords(query, after, CATALOG_PAGE);
    yield* page.records;
    if (page.records.length < CATALOG_PAGE) return;
    after = page.last;
    await slice();
  }
}

/** The catalog a selection is searched in: none without search words (the cleaned files are read). */
async function catalogFor(selection: CorpusCountRequest, catalog: CatalogSource | undefined, build: boolean) {
  if (!selection.q) return null;
  if (!catalog) throw new AppError("corpus:catalog_missing");
  return catalog({ build });
}

/** The catalog when it is ready, else null: nothing is queued, nothing refused. */
async function readyCatalog(catalog: CatalogSource | undefined): Promise<CatalogSearch | null> {
  if (!catalog) return null;
  try {
    return await catalog({ build: false });
  } catch (err) {
    if (err instanceof AppError && err.code === "corpus:catalog_missing") return null;
    throw err;
  }
}

/** How many texts a selection holds, before any sample: what POST /datasets/from-corpus would draw from. */
export async function countCorpusSelection(options: {
  cleanedDir: string;
  selection: CorpusCountRequest;
  catalog?: CatalogSource;
  slice: () => Promise<void>;
  /** Whether the asker may have a missing catalog built (the corpus role); false: told to ask the teacher. */
  mayBuildCatalog?: boolean;
}): Promise<number> {
  const { selection } = options;
  // With words, Explore's own count (the same conditions as the records the data set would take); without, the
  // catalog's count of the filters when it is ready (it used to read the whole cleaned corpus at every count).
  const catalog = selection.q
    ? await catalogFor(selection, options.catalog, options.mayBuildCatalog ?? true)
    : await readyCatalog(options.catalog);
  if (catalog)
    return catalog.documentsPage({ ...selection.filters, q: selection.q, offset: 0, limit: 1 }).total;
  let matches = 0;
  for await (const _ of selectedRecords(selection, options.cleanedDir, null, options.slice)) {
    matches++;
    if (matches % 1000 === 0) await options.slice();
  }
  return matches;
}

/** Nothing matched: said with the selection (words and filters), not as an empty data set. */
function noMatch(request: CorpusCountRequest): AppError {
  const selection = { q: request.q, filters: request.filters };
  return new AppError("dataset:corpus_no_match", {
    selection: describeCorpusSelection(selection, "ro"),
    selectionEn: describeCorpusSelection(selection, "en"),
  });
}

const META_FIELDS = ["source", "platform", "date", "url", "title"] as const;

export interface CorpusDatasetOptions {
  store: WorkbenchStore;
  cleanedDir: string;
  request: CorpusDatasetRequest;
  maxRows: number;
  slice: () => Promise<void>;
  /** The live catalog, searched when the request has words (`q`). */
  catalog?: CatalogSource;
  /** The user the data set belongs to ("local" when absent). */
  userId?: string;
  /** Whether the asker may have a missing catalog built (the corpus role); false: told to ask the teacher. */
  mayBuildCatalog?: boolean;
}

export async function importCorpusSelection(options: CorpusDatasetOptions): Promise<DatasetSummary> {
  const { store, request } = options;
  // Before the data set is begun: while the catalog is being built, nothing is made.
  const catalog = await catalogFor(request, options.catalog, options.mayBuildCatalog ?? true);
  // The selection is kept as data, and each page describes it in its reader's language; a data set made without a
  // name (the API, the CLI) is named by the description in the server's language. The page sends a name.
  const sourceFile = encodeCorpusSelection(request);
  const datasetId = await store.beginDataset({
    name: request.name ?? describeCorpusSelection(request, "ro"),
    source: "corpus",
    sourceFile,
    format: "corpus",
    encoding: "utf-8",
    bytes: 0,
    mapping: { text: "text", id: "id", meta: [...META_FIELDS, DATE_IMPUTED_META] },
    contentHash: null,
    userId: options.userId,
  });
  const builder = new DatasetBuilder(store, datasetId, options.maxRows, options.slice);
  const add = (record: CorpusRecord, position: number) => {
    const meta: Record<string, string> = Object.fromEntries(META_FIELDS.map((f) => [f, record[f] ?? ""]));
    meta[DATE_IMPUTED_META] = record.dateImputed ? "true" : "";
    return builder.add(position + 1, record.text, record.id, meta, [], {});
  };
  try {
    const reservoir = request.sample
      ? new SeededReservoir<CorpusRecord>(request.sample.size, request.sample.seed)
      : null;
    let position = 0;
    for await (const record of selectedRecords(request, options.cleanedDir, catalog, options.slice)) {
      if (reservoir) reservoir.offer(record);
      else await add(record, position);
      position++;
      if (position % 1000 === 0) await options.slice();
    }
    if (position === 0) throw noMatch(request);
    if (reservoir) {
      // Rows keep the corpus's order, whatever order the draw kept them in.
      for (const kept of [...reservoir.kept].sort((a, b) => a.position - b.position))
        await add(kept.value, kept.position);
    }
    return await builder.commit(sourceFile, request.reviewSample);
  } catch (err) {
    await store.abortDataset(datasetId);
    throw err;
  }
}
