// Builds a catalog (schema.ts) from a cleaned corpus: the same documents the index holds (the same files, lines,
// validity rule and first-id-wins as the index build), each annotated by offline:lexicon (or its annotation taken
// over from the previous catalog when the document did not change), the FTS5 index and the overview's figures.
// Runs in the corpus worker; writes a temporary file and renames it into place when complete.
import { existsSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { createReadStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import Database from "better-sqlite3";
import type { Annotation } from "../../../contract/annotation";
import type { CollectionSummary, ValueCount } from "../../../contract/corpusPage";
import type { CorpusOverview } from "../../../contract/corpusExplore";
import { CORPUS_RECORD_FIELDS } from "../../../contract/corpus";
import { parseCorpusRecord } from "../../../corpus/pipeline/cleanedCorpus";
import { corpusHash, documentHash } from "../../../corpus/pipeline/indexFormat";
import { syncToDisk } from "../../../corpus/pipeline/indexSwap";
import { LEXICON_MODEL } from "../../annotation/annotators";
import { annotateLexicon, LEXICON_VERSION } from "../../models/offline/lexicon";
import { CorpusCounts, LabelTally } from "./overview";
import { CATALOG_INDEXES, CATALOG_SCHEMA, CATALOG_VERSION, META } from "./schema";

const CORE_FIELDS = new Set<string>(CORPUS_RECORD_FIELDS);
/** Documents between two looks at the event loop (the index build shares this thread). */
const YIELD_EVERY = 256;

export interface BuildCatalogOptions {
  /** The cleaned corpus to describe (a staging corpus's cleaned/). */
  cleanedDir: string;
  /** Where the catalog goes. */
  out: string;
  /**
   * The catalog in use, whose annotations of unchanged documents are taken over: its file, or one opened before the
   * commit replaced it (the open file outlives its name; the build closes it).
   */
  previous?: string | PreviousAnnotations | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BuiltCatalog {
  documents: number;
  corpusHash: string;
  annotated: number;
  reused: number;
}

/** A collection's figures while the catalog is built. */
class CollectionTally {
  documents = 0;
  readonly sources = new Map<string, number>();
  readonly platforms = new Map<string, number>();
  dateMin: string | null = null;
  dateMax: string | null = null;
  undated = 0;

  add(source: string, platform: string, date: string, dateImputed: boolean): void {
    this.documents += 1;
    this.sources.set(source, (this.sources.get(source) ?? 0) + 1);
    this.platforms.set(platform, (this.platforms.get(platform) ?? 0) + 1);
    if (dateImputed) {
      this.undated += 1;
      return;
    }
    const day = date.slice(0, 10);
    if (this.dateMin === null || day < this.dateMin) this.dateMin = day;
    if (this.dateMax === null || day > this.dateMax) this.dateMax = day;
  }

  summary(name: string): CollectionSummary {
    const top = (m: Map<string, number>): ValueCount[] =>
      [...m]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
        .slice(0, 20);
    return {
      name,
      documents: this.documents,
      sources: top(this.sources),
      // The lists keep the 20 largest; the page says how many there are in all.
      sourceCount: this.sources.size,
      platforms: top(this.platforms),
      dateMin: this.dateMin,
      dateMax: this.dateMax,
      undated: this.undated,
      imported: false,
    };
  }
}

export interface PreviousAnnotations {
  /** The previous annotation's JSON when the document is the same (same hash, same lexicon version). */
  get(id: string, hash: string): string | null;
  close(): void;
}

/** Annotations of the previous catalog, looked up by id and kept when the document's hash is the same. */
export function previousAnnotations(file: string | undefined): PreviousAnnotations | null {
  if (!file || !existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(META.lexiconVersion);
    if (version !== LEXICON_VERSION) {
      db.close();
      return null;
    }
    const lookup = db.prepare("SELECT hash, annotation FROM docs WHERE id = ?");
    const opened = db;
    return {
      get: (id, hash) => {
        const row = lookup.get(id) as { hash: string; annotation: string | null } | undefined;
        return row && row.hash === hash ? row.annotation : null;
      },
      close: () => {
        if (opened.open) opened.close();
      },
    };
  } catch {
    // A damaged or older catalog lends nothing: every document is annotated again.
    if (db?.open) db.close();
    return null;
  }
}

async function countLines(files: string[]): Promise<number> {
  let lines = 0;
  for (const file of files) {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines += 1;
    }
  }
  return lines;
}

export async function buildCatalog(options: BuildCatalogOptions): Promise<BuiltCatalog> {
  const { cleanedDir, out, signal, onProgress } = options;
  const names = existsSync(cleanedDir)
    ? (await readdir(cleanedDir)).filter((n) => n.endsWith(".jsonl") && !n.startsWith(".")).sort()
    : [];
  const files = names.map((n) => path.join(cleanedDir, n));
  const total = await countLines(files);
  const temp = `${out}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  const db = new Database(temp);
  const reuse =
    typeof options.previous === "string" || options.previous === undefined
      ? previousAnnotations(options.previous)
      : options.previous;
  try {
    // A private file written once: no journal, no syncs until it is complete.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.exec(CATALOG_SCHEMA);
    const insert = db.prepare(
      `INSERT INTO docs (id, collection, source, source_key, platform, platform_key, date, date_imputed, url, title,
         lang, text, chars, meta, hash, ton, populism, tema, annotation)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const counts = new CorpusCounts();
    const labels = new LabelTally("lexicon", LEXICON_MODEL);
    const collections = new Map<string, CollectionTally>();
    const hashes = new Map<string, string>();
    const result: BuiltCatalog = { documents: 0, corpusHash: "", annotated: 0, reused: 0 };
    let read = 0;
    db.exec("BEGIN");
    for (const [i, file] of files.entries()) {
      const collection = names[i]!.slice(0, -".jsonl".length);
      const tally = new CollectionTally();
      collections.set(collection, tally);
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      for await (const line of lines) {
        read += 1;
        if (read % YIELD_EVERY === 0) {
          signal?.throwIfAborted();
          onProgress?.(read, total);
          await nextMacrotask();
        }
        if (!line.trim()) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const record = parseCorpusRecord(value);
        if (!record || hashes.has(record.id)) continue;
        const hash = documentHash(record);
        hashes.set(record.id, hash);
        let annotationJson = reuse?.get(record.id, hash) ?? null;
        if (annotationJson) result.reused += 1;
        else {
          annotationJson = JSON.stringify(annotateLexicon(record.text));
          result.annotated += 1;
        }
        const annotation = JSON.parse(annotationJson) as Annotation;
        const extra = Object.fromEntries(
          Object.entries(value as Record<string, unknown>).filter(([key]) => !CORE_FIELDS.has(key)),
        );
        insert.run(
          record.id,
          collection,
          record.source,
          record.source.toLowerCase(),
          record.platform,
          record.platform.toLowerCase(),
          record.date,
          record.dateImputed ? 1 : 0,
          record.url,
          record.title ?? null,
          record.lang,
          record.text,
          record.text.length,
          JSON.stringify(extra),
          hash,
          annotation.ton,
          annotation.populism ? 1 : 0,
          annotation.tema,
          annotationJson,
        );
        const dateImputed = record.dateImputed === true;
        counts.add({
          source: record.source,
          platform: record.platform,
          date: record.date,
          dateImputed,
          chars: record.text.length,
        });
        labels.add({ source: record.source, date: record.date, dateImputed }, annotation);
        tally.add(record.source, record.platform, record.date, dateImputed);
        result.documents += 1;
      }
    }
    signal?.throwIfAborted();
    db.exec(CATALOG_INDEXES);
    db.exec("INSERT INTO docs_fts(docs_fts) VALUES ('rebuild')");
    result.corpusHash = corpusHash(Object.fromEntries(hashes));
    const overview: Omit<CorpusOverview, "annotationSources"> = {
      ...counts.result(),
      annotations: labels.result(),
    };
    const setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    setMeta.run(META.version, String(CATALOG_VERSION));
    setMeta.run(META.corpusHash, result.corpusHash);
    setMeta.run(META.builtAt, new Date().toISOString());
    setMeta.run(META.lexiconVersion, LEXICON_VERSION);
    setMeta.run(META.documents, String(result.documents));
    setMeta.run(META.overview, JSON.stringify(overview));
    setMeta.run(
      META.collections,
      JSON.stringify([...collections].map(([name, tally]) => tally.summary(name))),
    );
    db.exec("COMMIT");
    db.close();
    await syncToDisk(temp);
    await rename(temp, out);
    onProgress?.(total, total);
    return result;
  } catch (err) {
    if (db.open) db.close();
    await rm(temp, { force: true });
    throw err;
  } finally {
    reuse?.close();
  }
}
