// Reading corpusDir/cleaned/*.jsonl for an index build: the valid records, files in name order, parsed slice by
// slice, with invalid lines and repeated ids counted.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type CorpusRecord, CorpusRecordSchema } from "../../contract/corpus";

// Every key of CorpusRecordSchema, in its order: the fast path below only runs while the schema has these.
const RECORD_KEYS = ["id", "text", "source", "platform", "date", "url", "title", "lang", "dateImputed"];
const QUICK_PATH = Object.keys(CorpusRecordSchema.shape).join() === RECORD_KEYS.join();
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * A corpus record as CorpusRecordSchema parses it (defaults filled in, other keys dropped), or null when the
 * schema rejects it. zod costs about 3.5 µs a record, 0.3 s at 85k records, and parsing shares the main thread
 * with the embedding that feeds the graph while the corpus is read; records with every field of the expected
 * type take a hand-written path that builds the same object, and anything else goes through the schema.
 * tests/unit/retrieval.test.ts checks both paths against zod.
 */
export function parseCorpusRecord(value: unknown): CorpusRecord | null {
  if (QUICK_PATH && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const { id, text, source, platform, date, url, title, lang, dateImputed } = value as Record<
      string,
      unknown
    >;
    if (
      typeof id === "string" &&
      id.length > 0 &&
      typeof text === "string" &&
      text.length > 0 &&
      typeof source === "string" &&
      source.length > 0 &&
      typeof platform === "string" &&
      platform.length > 0 &&
      typeof date === "string" &&
      DATE_PREFIX.test(date) &&
      (url === undefined || typeof url === "string") &&
      (title === undefined || typeof title === "string") &&
      (lang === undefined || typeof lang === "string") &&
      (dateImputed === undefined || typeof dateImputed === "boolean")
    ) {
      // Keys in the schema's order, as zod returns them; title and dateImputed only when given.
      const record: CorpusRecord =
        title === undefined
          ? { id, text, source, platform, date, url: url ?? "", lang: lang ?? "ro" }
          : { id, text, source, platform, date, url: url ?? "", title, lang: lang ?? "ro" };
      if (dateImputed !== undefined) record.dateImputed = dateImputed;
      return record;
    }
  }
  const result = CorpusRecordSchema.safeParse(value);
  return result.success ? result.data : null;
}

export interface LoadedCorpus {
  records: CorpusRecord[];
  skippedLines: number;
  duplicateIds: number;
}

/** The cleaned corpus as a build reads it: the line count first, then the records a slice at a time. */
export interface CleanedCorpusReader {
  /** Non-empty lines of all files: at least the number of records. */
  lines: number;
  /** The records, a slice at a time; runs once (each file's lines are let go as it is parsed). */
  slices(linesPerSlice: number): Generator<CorpusRecord[]>;
  skippedLines: number;
  duplicateIds: number;
}

/**
 * The valid records of corpusDir/cleaned/*.jsonl, files in name order, parsed slice by slice (a build feeds its
 * graph while the rest is parsed); invalid lines and repeated ids are counted as the slices go.
 */
export async function openCleanedCorpus(corpusDir: string): Promise<CleanedCorpusReader> {
  const cleaned = path.join(corpusDir, "cleaned");
  let names: string[] = [];
  try {
    names = (await readdir(cleaned)).filter((name) => name.endsWith(".jsonl")).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const files: string[][] = [];
  let lines = 0;
  for (const name of names) {
    // Decoded in one piece (readFile's "utf8" decodes chunk by chunk into a string that is slower to split), and
    // split on "\n" alone (a third of the time of /\r?\n/): a "\r" left at the end of a line is JSON whitespace.
    const fileLines = (await readFile(path.join(cleaned, name))).toString("utf8").split("\n");
    files.push(fileLines);
    for (const line of fileLines) if (line.trim()) lines++;
  }
  const seen = new Set<string>();
  const reader: CleanedCorpusReader = {
    lines,
    skippedLines: 0,
    duplicateIds: 0,
    *slices(linesPerSlice: number) {
      let slice: CorpusRecord[] = [];
      let read = 0;
      for (let f = 0; f < files.length; f++) {
        const fileLines = files[f];
        // A file's lines are let go once parsed: only the records stay.
        files[f] = [];
        for (const line of fileLines) {
          if (!line.trim()) continue;
          if (++read % linesPerSlice === 0 && slice.length > 0) {
            yield slice;
            slice = [];
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            // A malformed line is counted in the manifest, not fatal: one bad line must not block the index.
            reader.skippedLines++;
            continue;
          }
          const record = parseCorpusRecord(parsed);
          if (!record) {
            reader.skippedLines++;
            continue;
          }
          if (seen.has(record.id)) {
            reader.duplicateIds++;
            continue;
          }
          seen.add(record.id);
          slice.push(record);
        }
      }
      if (slice.length > 0) yield slice;
    },
  };
  return reader;
}

/** Lines parsed between two batches for the graph while a build reads the corpus (about 8 ms of parsing). */

/** Every valid record of corpusDir/cleaned/*.jsonl, files in name order; invalid lines are counted. */
export async function readCleanedCorpus(corpusDir: string): Promise<LoadedCorpus> {
  const reader = await openCleanedCorpus(corpusDir);
  const records: CorpusRecord[] = [];
  for (const slice of reader.slices(Number.MAX_SAFE_INTEGER))
    for (const record of slice) records.push(record);
  return { records, skippedLines: reader.skippedLines, duplicateIds: reader.duplicateIds };
}
