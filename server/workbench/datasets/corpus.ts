// A data set drawn from the cleaned corpus (corpus/cleaned/*.jsonl) with the chat's filters: every matching record,
// or a seeded random sample of them, streamed file by file.
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { CorpusRecordSchema, DATE_IMPUTED_META, type CorpusRecord } from "../../../contract/corpus";
import type { Filters } from "../../../contract/settings";
import {
  describeCorpusSelection,
  encodeCorpusSelection,
  type CorpusDatasetRequest,
  type DatasetSummary,
} from "../../../contract/workbench";
import type { WorkbenchStore } from "../store";
import { DatasetBuilder } from "./build";
import { SeededReservoir } from "./sample";

/**
 * Whether a record passes the chat's filters (platform and source lists, an inclusive date range). An undated record
 * (its date is the import day) matches no date filter, as in the chat's retriever and the catalog.
 */
export function matchesFilters(record: CorpusRecord, filters: Filters | undefined): boolean {
  if (!filters) return true;
  if (filters.platform?.length && !filters.platform.includes(record.platform)) return false;
  if (filters.source?.length && !filters.source.includes(record.source)) return false;
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

const META_FIELDS = ["source", "platform", "date", "url", "title"] as const;

export interface CorpusDatasetOptions {
  store: WorkbenchStore;
  cleanedDir: string;
  request: CorpusDatasetRequest;
  maxRows: number;
  slice: () => Promise<void>;
  /** The user the data set belongs to ("local" when absent). */
  userId?: string;
}

export async function importCorpusSelection(options: CorpusDatasetOptions): Promise<DatasetSummary> {
  const { store, request } = options;
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
    for await (const record of corpusRecords(options.cleanedDir)) {
      if (!matchesFilters(record, request.filters)) continue;
      if (reservoir) reservoir.offer(record);
      else await add(record, position);
      position++;
      if (position % 1000 === 0) await options.slice();
    }
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
