// Reading the corpus folder's JSON Lines files (cleaned/, raw/, removed/, the removal ledger) line by line, one way for
// every module that does: a line as an object or null (blank, broken, not an object), and a file streamed as its lines
// with their numbers, so that a large cleaned file is never held whole to be searched.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

export type JsonObject = Record<string, unknown>;

/** A JSON Lines line as an object, or null for one that is not (blank, broken, an array). */
export function parsed(line: string): JsonObject | null {
  if (line.trim() === "") return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null;
  } catch {
    // A line broken by a hand edit is nobody's record: the caller skips or keeps it as it is.
    return null;
  }
}

/** One line of a JSON Lines file: its text as read, its number (1 = first), its object (null: see `parsed`). */
export interface JsonLine {
  line: string;
  lineNo: number;
  record: JsonObject | null;
}

/**
 * Streams the lines of a JSON Lines file in order (CRLF read as LF) to `visit`, which returns false to stop reading
 * (the file is closed then). A callback rather than an async generator, whose extra await per line measured slower
 * than the loop it replaced (bench/removalScope.ts); the callback measures the same.
 */
export async function eachJsonLine(file: string, visit: (line: JsonLine) => boolean | void): Promise<void> {
  const input = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo += 1;
      if (visit({ line, lineNo, record: parsed(line) }) === false) return;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
