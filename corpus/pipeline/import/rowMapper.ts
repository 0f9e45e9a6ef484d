// Rows of a table (CSV columns, JSON keys) become documents once the column mapping is chosen, which needs a sample:
// the first rows are held back (with whatever events follow them, so that order is kept) until the sample is full
// or the input ends, then everything flows through mapped.
import { chooseMapping, mapRow } from "./fields";
import type { ImportWarning } from "../../../contract/importWarnings";
import type { ColumnFlags, FieldMapping, ReaderEvent } from "./types";

/** An event ready to be written: a document, or a skipped record. */
export type ResolvedEvent = Exclude<ReaderEvent, { kind: "row" }>;

// Rows read before the column mapping is chosen.
export const MAPPING_SAMPLE_ROWS = 200;

/** Keys of the first rows, in order of first appearance: the "columns" of JSON rows. */
function keysOf(rows: Array<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}

export class RowMapper {
  /** The chosen mapping; undefined until the sample is in (and for inputs without rows). */
  mapping: FieldMapping | undefined;
  readonly warnings: ImportWarning[] = [];
  private readonly pending: ReaderEvent[] = [];
  private sampled = 0;

  constructor(
    private readonly columns: string[] | undefined,
    private readonly flags: ColumnFlags,
    private readonly label: string,
  ) {}

  /** The events that can be written now, in input order (none while the sample fills). */
  accept(event: ReaderEvent): ResolvedEvent[] {
    if (this.mapping === undefined && (event.kind === "row" || this.pending.length > 0)) {
      this.pending.push(event);
      if (event.kind !== "row" || ++this.sampled < MAPPING_SAMPLE_ROWS) return [];
      this.settle();
      return this.flush();
    }
    return [this.resolve(event)];
  }

  /** What is still held back, once the input has ended. */
  finish(): ResolvedEvent[] {
    if (this.pending.length === 0) return [];
    if (this.mapping === undefined && this.sampled > 0) this.settle();
    return this.flush();
  }

  private settle(): void {
    const rows = this.pending.flatMap((e) => (e.kind === "row" ? [e.fields] : []));
    const chosen = chooseMapping(this.columns ?? keysOf(rows), rows, this.flags, this.label);
    this.mapping = chosen.mapping;
    this.warnings.push(...chosen.warnings);
  }

  private flush(): ResolvedEvent[] {
    return this.pending.splice(0).map((e) => this.resolve(e));
  }

  private resolve(event: ReaderEvent): ResolvedEvent {
    if (event.kind !== "row") return event;
    return { kind: "doc", origin: event.origin, doc: mapRow(event.fields, this.mapping!) };
  }
}
