// The rows of an inspected upload as one stream of events for every format: a row (its cells by column name) or a
// skipped record with its line number and why, exactly as the CLI importer reports them. Every text cell comes with
// the letters the corpus and the chat's attachments have (NFC, ş ţ as comma-below ș ț: normalizeLetters), so the
// preview, the stored rows, the results and the exports of a Windows-1250 file read as the corpus page's import does.
import { readCsv } from "../../../corpus/pipeline/import/csv";
import { decodeFile } from "../../../corpus/pipeline/import/encoding";
import { readJsonl } from "../../../corpus/pipeline/import/lines";
import type { DatasetSkipReason } from "../../../contract/workbench";
import { normalizeLetters } from "../../../contract/text";
import type { Inspection } from "./inspect";
import { headerNames, readXlsx } from "./xlsx";

export type RowEvent =
  | { kind: "columns"; columns: string[]; sheet?: string }
  | { kind: "row"; line: number; fields: Record<string, unknown> }
  | { kind: "skip"; line: number; reason: DatasetSkipReason; detail?: string };

/**
 * Streams the rows of an upload. CSV and XLSX announce their columns first; JSONL rows carry their own keys.
 * `invalidChars` counts characters the decoder could not map (a wrong encoding shows there).
 */
export function readRows(inspection: Inspection): {
  events: AsyncGenerator<RowEvent>;
  invalidChars: () => number;
} {
  const { events, invalidChars } = rawRows(inspection);
  return { events: withLetters(events), invalidChars };
}

/** A row's text cells with normalised letters; other JSON values (numbers, objects) as they are. */
async function* withLetters(events: AsyncGenerator<RowEvent>): AsyncGenerator<RowEvent> {
  for await (const event of events) {
    if (event.kind !== "row") {
      yield event;
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(event.fields))
      fields[column] = typeof value === "string" ? normalizeLetters(value) : value;
    yield { ...event, fields };
  }
}

function rawRows(inspection: Inspection): {
  events: AsyncGenerator<RowEvent>;
  invalidChars: () => number;
} {
  if (inspection.format === "xlsx") return { events: xlsxRows(inspection.file), invalidChars: () => 0 };
  const decoded = decodeFile(inspection.file, inspection.encoding);
  async function* text(): AsyncGenerator<RowEvent> {
    if (inspection.format === "jsonl") {
      for await (const event of readJsonl(decoded.stream, inspection.label)) {
        const line = event.origin.line ?? 0;
        if (event.kind === "row") yield { kind: "row", line, fields: event.fields };
        else if (event.kind === "skip")
          yield { kind: "skip", line, reason: event.reason, detail: event.detail };
      }
      return;
    }
    const layout = inspection.csv!;
    yield { kind: "columns", columns: layout.columns };
    for await (const event of readCsv(decoded.stream, inspection.label, layout)) {
      const line = event.origin.line ?? 0;
      if (event.kind === "row") yield { kind: "row", line, fields: event.fields };
      else if (event.kind === "skip")
        yield { kind: "skip", line, reason: event.reason, detail: event.detail };
    }
  }
  return { events: text(), invalidChars: decoded.invalidChars };
}

async function* xlsxRows(file: string): AsyncGenerator<RowEvent> {
  let columns: string[] | null = null;
  for await (const row of readXlsx(file)) {
    if (!columns) {
      columns = headerNames(row.cells);
      yield { kind: "columns", columns, sheet: row.sheet };
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === "")) continue;
    const fields: Record<string, unknown> = {};
    columns.forEach((column, i) => (fields[column] = row.cells[i] ?? ""));
    yield { kind: "row", line: row.line, fields };
  }
}
