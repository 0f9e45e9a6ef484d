// Where imported documents go: `<corpusDir>/raw/<name>.jsonl`, written atomically, each document completed into a
// corpus record (id, source, platform and date settled, provenance added) and each skipped record counted by reason.
import { MANY_FRAGMENTS, MANY_FRAGMENTS_NAMED, type ImportWarningOf } from "../../../contract/importWarnings";
import { canonicalPlatform } from "../../../contract/platformAliases";
import { AtomicJsonlWriter } from "../atomicJsonl";
import { chunkRecord } from "../chunk";
import { normalizeDate } from "./dates";
import type { ImportFormat, ImportResult, Origin, PartialDoc, RawRecord, SkipReason } from "./types";
import type { ResolvedEvent } from "./rowMapper";

// Line numbers kept per skip reason for the summary.
const SKIP_LINES_KEPT = 10;

/**
 * Below this many characters a record cannot pass MANY_FRAGMENTS (a fragment brings well over 100 new characters),
 * so the import splits only the rare long record to count its fragments, not every one.
 */
const MANY_FRAGMENTS_MIN_CHARS = MANY_FRAGMENTS * 100;

const DEFAULT_PLATFORM: Record<ImportFormat, string> = {
  csv: "import",
  xlsx: "import",
  jsonl: "import",
  json: "import",
  txt: "import",
  feed: "rss",
  youtube: "youtube",
};

export interface RecordDefaults {
  /** The output's base name: ids are `<name>-<n>` where the input has none, and the default source. */
  name: string;
  format: ImportFormat;
  importedAt: string;
  /** The import date (YYYY-MM-DD), for documents without a usable date. */
  today: string;
  /** --source and --platform, which win over the input's own. */
  source?: string;
  platform?: string;
}

export class RawRecords {
  readonly skipped: ImportResult["skipped"] = {};
  skippedTotal = 0;
  /** Records given the import date because theirs was missing or unreadable. */
  dateImputed = 0;
  private writer: AtomicJsonlWriter | undefined;

  constructor(
    private readonly output: string,
    private readonly defaults: RecordDefaults,
  ) {}

  /** Records that split into more than MANY_FRAGMENTS fragments: how many, and the first few. */
  private manyFragments: ImportWarningOf<"many_fragments"> | undefined;

  /** The warning of records that split into very many fragments, if any did. */
  manyFragmentsWarning(): ImportWarningOf<"many_fragments"> | undefined {
    return this.manyFragments;
  }

  /** Records written so far. */
  get count(): number {
    return this.writer?.count ?? 0;
  }

  async add(event: ResolvedEvent): Promise<void> {
    if (event.kind === "skip") this.skip(event.reason, event.origin);
    else await this.write(event.doc, event.origin);
  }

  private skip(reason: SkipReason, origin: Origin): void {
    const entry = (this.skipped[reason] ??= { count: 0, where: [] });
    entry.count += 1;
    this.skippedTotal += 1;
    if (entry.where.length < SKIP_LINES_KEPT) entry.where.push(origin.line ?? origin.index ?? 0);
  }

  private async write(doc: PartialDoc, origin: Origin): Promise<void> {
    if (doc.text.trim() === "") {
      this.skip("empty_text", origin);
      return;
    }
    this.writer ??= await AtomicJsonlWriter.open(this.output);
    const { name, format, importedAt, today } = this.defaults;
    const normalized = normalizeDate(doc.date);
    const extra: Record<string, unknown> = { ...doc.extra };
    // An export of an undated record imported again keeps its first import day and stays undated.
    const imputed = !normalized || doc.dateImputed === true;
    if (imputed) this.dateImputed += 1;
    // An unreadable date is kept as found, so nothing of the input is lost.
    if (!normalized && doc.date !== undefined && doc.date !== null && doc.date !== "")
      extra.dateRaw = String(doc.date);
    const record: RawRecord = {
      id: doc.id ?? `${name}-${this.writer.count + 1}`,
      text: doc.text,
      source: this.defaults.source ?? doc.source ?? name,
      platform: canonicalPlatform(this.defaults.platform ?? doc.platform ?? DEFAULT_PLATFORM[format]),
      date: normalized ?? today,
      url: doc.url ?? "",
      ...(doc.title ? { title: doc.title } : {}),
      lang: "und",
      importedAt,
      origin,
      ...(imputed ? { dateImputed: true as const } : {}),
    };
    // Extra metadata follows the fields of the corpus record and never replaces one of them.
    for (const [key, value] of Object.entries(extra)) if (!(key in record)) record[key] = value;
    await this.writer.write(record);
    if (record.text.length > MANY_FRAGMENTS_MIN_CHARS) this.countFragments(record);
  }

  /** Splits a long record as the index will (the text as imported; cleaning changes it little) and notes it. */
  private countFragments(record: RawRecord): void {
    const fragments = chunkRecord(record).length;
    if (fragments <= MANY_FRAGMENTS) return;
    const named = { id: record.id, ...(record.title ? { title: record.title.slice(0, 80) } : {}), fragments };
    if (!this.manyFragments) {
      this.manyFragments = { code: "many_fragments", count: 1, threshold: MANY_FRAGMENTS, records: [named] };
      return;
    }
    this.manyFragments.count += 1;
    if (this.manyFragments.records.length < MANY_FRAGMENTS_NAMED) this.manyFragments.records.push(named);
  }

  /** Renames the temporary file over raw/<name>.jsonl. */
  async commit(): Promise<void> {
    await this.writer?.commit();
  }

  /** Removes the temporary file; raw/ stays as it was. */
  async abort(): Promise<void> {
    await this.writer?.abort();
  }
}
