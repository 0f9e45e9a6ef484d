// Line formats read line by line from the decoder: JSON Lines (an object a line, mapped like CSV columns)
// and plain text (a document per paragraph, paragraphs separated by blank lines).
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ReaderEvent } from "./types";

/** Streams JSON Lines as rows; a line that is not JSON, or not an object, is skipped with its number. */
export async function* readJsonl(text: Readable, fileLabel: string): AsyncGenerator<ReaderEvent> {
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const content of lines) {
      line += 1;
      if (content.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch (err) {
        yield {
          kind: "skip",
          origin: { file: fileLabel, line },
          reason: "json_malformed",
          detail: err instanceof Error ? err.message : String(err),
        };
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield { kind: "skip", origin: { file: fileLabel, line }, reason: "not_object" };
        continue;
      }
      yield { kind: "row", origin: { file: fileLabel, line }, fields: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
    text.destroy();
  }
}

// A paragraph longer than this is cut into documents: a file with no blank lines must not fill memory.
const MAX_PARAGRAPH_CHARS = 1_000_000;

/** Streams plain text as one document per paragraph, each with the line it starts on. */
export async function* readTxt(text: Readable, fileLabel: string): AsyncGenerator<ReaderEvent> {
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  let start = 0;
  let paragraph: string[] = [];
  let size = 0;
  const flush = (): ReaderEvent | undefined => {
    if (paragraph.length === 0) return undefined;
    const doc: ReaderEvent = {
      kind: "doc",
      origin: { file: fileLabel, line: start },
      doc: { text: paragraph.join("\n") },
    };
    paragraph = [];
    size = 0;
    return doc;
  };
  try {
    for await (const content of lines) {
      line += 1;
      if (content.trim() === "") {
        const doc = flush();
        if (doc) yield doc;
        continue;
      }
      if (paragraph.length === 0) start = line;
      paragraph.push(content);
      size += content.length;
      if (size > MAX_PARAGRAPH_CHARS) {
        const doc = flush();
        if (doc) yield doc;
      }
    }
    const doc = flush();
    if (doc) yield doc;
  } finally {
    lines.close();
    text.destroy();
  }
}
