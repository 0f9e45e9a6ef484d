// The order in which `clean` reads the raw files: the order their collections arrived (docs/corpus-pipeline.md, "The
// order of collections"), read from the files themselves.
import { createReadStream } from "node:fs";
import path from "node:path";

const BLANK_LINE_RE = /^\s*$/;
const isRecordObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The first line of a file that is not blank ("" when there is none); the rest of the file is not read. */
async function firstRecordLine(file: string): Promise<string> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 64 * 1024 });
  let text = "";
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      text += chunk;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n")) {
        const line = text.slice(0, end);
        if (!BLANK_LINE_RE.test(line)) return line;
        text = text.slice(end + 1);
      }
    }
  } finally {
    stream.destroy();
  }
  return text;
}

/**
 * When a raw file's collection arrived: the `importedAt` the importer writes on every record of one import (read
 * from the first record), or -Infinity for a file without one (made by hand, or its first line is not a record).
 */
async function arrivedAt(file: string): Promise<number> {
  let record: unknown;
  try {
    record = JSON.parse(await firstRecordLine(file));
  } catch {
    return -Infinity;
  }
  const at =
    isRecordObject(record) && typeof record.importedAt === "string" ? Date.parse(record.importedAt) : NaN;
  return Number.isNaN(at) ? -Infinity : at;
}

/**
 * Raw files (sorted by name) in the order their collections arrived, oldest first, files imported together and files
 * without an import time (first of all) in name order. The first seen of duplicates is kept, so a collection that was
 * there before keeps its texts and a newer import's repeats are its drops; in name order, an import named "alfa"
 * took them from an older "zeta" (which could end up empty). Read from the files themselves, so that the command
 * line and the page's jobs (in a staging folder of links or copies) clean in the same order.
 */
export async function arrivalOrder(rawDir: string, sortedNames: string[]): Promise<string[]> {
  // One file open at a time: a corpus may hold many collections.
  const files: Array<{ name: string; at: number }> = [];
  for (const name of sortedNames) files.push({ name, at: await arrivedAt(path.join(rawDir, name)) });
  return files.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1)).map((f) => f.name);
}
