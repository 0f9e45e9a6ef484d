// The clean step: reads `<corpusDir>/raw/*.jsonl`, applies the text rules, drops empty, short, duplicate,
// near-duplicate, removed (a text an earlier removal took out of the corpus: removalLedger.ts) and foreign-language records, and writes `<corpusDir>/cleaned/<name>.jsonl` (atomically,
// only the files that come from raw/) with `cleaned/report.json` counting every change and drop. Its options, report and
// error are ./cleanTypes.ts (re-exported here).
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { AtomicJsonlWriter } from "./atomicJsonl";
import { CleanDetails } from "./cleanDetails";
import { arrivalOrder } from "./cleanOrder";
import { writeCleanReport } from "./cleanReportFile";
import {
  CHANGE_RULES,
  CleanError,
  DEFAULT_KEEP_LANGS,
  DEFAULT_MIN_CHARS,
  DEFAULT_NEAR_DUP_THRESHOLD,
  type ChangeRule,
  type CleanFileReport,
  type CleanOptions,
  type CleanReport,
} from "./cleanTypes";
import { cleanInline, cleanSourceName, cleanText } from "./cleanText";
import { ExactDuplicateIndex, MAX_NEAR_DUP_THRESHOLD, NearDuplicateIndex, simhash } from "./dedup";
import { normalizeDate } from "./import/dates";
import { detectLanguage, toIso3, toRecordLang, type LanguageMethod } from "./language";
import { CORPUS_RECORD_FIELDS, CorpusRecordSchema, isKnownPlatform } from "../../contract/corpus";
import { DROP_REASONS, type DropReason } from "../../contract/dropReasons";
import { canonicalPlatform } from "../../contract/platformAliases";
import { profileText } from "./textProfile";
import { readLedgerFile, RemovedTexts, type RemovedDocument } from "./removalLedger";

export { cleanText } from "./cleanText";
export type { CleanedText, TextRule } from "./cleanText";
export type { CleanDetail, CleanExample, ChangeExample, NearDuplicateCluster } from "./cleanDetails";

export * from "./cleanTypes";

const MAX_EXAMPLES = 20;
const LANGUAGE_METHODS: readonly LanguageMethod[] = ["short", "script", "diacritics", "markers", "franc"];

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The raw files to clean: `raw/*.jsonl` in the order their collections arrived, leaving out hidden (temporary) files. */
async function rawFiles(rawDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(rawDir);
  } catch (err) {
    throw new CleanError("clean:no_raw", { dir: rawDir }, { cause: err });
  }
  const files = entries.filter((f) => f.endsWith(".jsonl") && !f.startsWith(".")).sort();
  if (files.length === 0) throw new CleanError("clean:no_raw", { dir: rawDir });
  return arrivalOrder(rawDir, files);
}

const isRecordObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const NOT_SPACE_RE = /\S/;
const nonEmptyString = (v: unknown): v is string => typeof v === "string" && NOT_SPACE_RE.test(v);
const BLANK_LINE_RE = /^\s*$/;
// Raw fields that the cleaned record recomputes rather than copies.
const RECOMPUTED = new Set<string>([...CORPUS_RECORD_FIELDS, "urls", "mentions"]);
const DATE_RE = /^\d{4}-\d{2}-\d{2}/;
const isString = (v: unknown): v is string => typeof v === "string";
const filledString = (v: unknown): boolean => typeof v === "string" && v.length > 0;

/**
 * Whether a record built by the clean step surely passes CorpusRecordSchema: the schema's own checks,
 * field by field, without zod's cost (several microseconds a record, a tenth of the step). A record that
 * fails here is still handed to the schema, which has the last word; a test checks that nothing passing
 * here fails the schema.
 */
export function surelyCorpusRecord(record: Record<string, unknown>): boolean {
  return (
    filledString(record.id) &&
    filledString(record.text) &&
    filledString(record.source) &&
    filledString(record.platform) &&
    isString(record.date) &&
    DATE_RE.test(record.date) &&
    (record.url === undefined || isString(record.url)) &&
    (record.title === undefined || isString(record.title)) &&
    (record.lang === undefined || isString(record.lang)) &&
    (record.dateImputed === undefined || typeof record.dateImputed === "boolean")
  );
}

const RULE_BIT = Object.fromEntries(CHANGE_RULES.map((rule, i) => [rule, 1 << i])) as Record<
  ChangeRule,
  number
>;

/**
 * The state of one clean run (report, duplicate indexes, ids seen) and the rules applied to each record.
 * `cleanLine` is synchronous and allocates little: it runs once per record.
 */
class CorpusCleaner {
  readonly exact = new ExactDuplicateIndex();
  readonly near: NearDuplicateIndex;
  readonly ids = new Set<string>();

  constructor(
    readonly report: CleanReport,
    readonly keep: ReadonlySet<string>,
    readonly minChars: number,
    threshold: number,
    readonly details: CleanDetails,
    /** The texts removed earlier (the removal ledger): a record repeating one is dropped as `removed`. */
    readonly removed: RemovedTexts,
  ) {
    this.near = new NearDuplicateIndex(threshold);
  }

  private drop(
    file: CleanFileReport,
    reason: DropReason,
    example?: {
      id: string;
      line: number;
      text: string;
      duplicateOf?: string;
      lang?: string;
      removed?: RemovedDocument;
    },
  ): undefined {
    this.report.dropped[reason] += 1;
    file.dropped += 1;
    file.droppedBy[reason] += 1;
    if (example) this.details.dropped(file.name, reason, example);
    return undefined;
  }

  private countChanges(file: CleanFileReport, changed: number): void {
    if (changed === 0) return;
    this.report.totals.changed += 1;
    file.changed += 1;
    for (const rule of CHANGE_RULES) {
      if (changed & RULE_BIT[rule]) {
        this.report.changes[rule] += 1;
        file.changes[rule] += 1;
      }
    }
  }

  private example(
    file: CleanFileReport,
    id: string,
    duplicateOf: string,
    reason: "exact_duplicate" | "near_duplicate",
  ): void {
    if (this.report.duplicateExamples.length < MAX_EXAMPLES) {
      this.report.duplicateExamples.push({ id, duplicateOf, reason, file: file.name });
    }
  }

  /** Cleans one raw line; returns the cleaned record, or undefined when the record is dropped. */
  cleanLine(
    line: string,
    name: string,
    lineNo: number,
    file: CleanFileReport,
  ): Record<string, unknown> | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return this.drop(file, "invalid_json");
    }
    if (!isRecordObject(raw) || typeof raw.text !== "string") return this.drop(file, "invalid_record");
    let changed = 0;

    // Fields the importer always writes; hand-made raw files may lack them.
    let id = nonEmptyString(raw.id) ? raw.id : typeof raw.id === "number" ? String(raw.id) : undefined;
    if (id === undefined) {
      id = `${name}-${lineNo}`;
      changed |= RULE_BIT.defaults_filled;
    }
    let source = raw.source;
    if (!nonEmptyString(source)) {
      source = name;
      changed |= RULE_BIT.defaults_filled;
    } else {
      // A legacy-encoded file's source name has the cedilla letters its text had ("Ştiri Locale"): fixed alike, the
      // collections, filters and the chat's source list show one spelling.
      const fixed = cleanSourceName(source);
      if (fixed !== source && fixed !== "") {
        if (/[şţŞŢ]/.test(source)) changed |= RULE_BIT.cedilla;
        source = fixed;
      }
    }
    let platform = raw.platform;
    if (!nonEmptyString(platform)) {
      platform = "import";
      changed |= RULE_BIT.defaults_filled;
    } else {
      // Imported before the importer knew the aliases ("news", "Știri", "twitter"): the known platform's id, so that
      // an existing corpus shows each platform once after its next clean, as a new import does.
      const known = canonicalPlatform(platform);
      if (known !== platform && isKnownPlatform(known)) {
        platform = known;
        changed |= RULE_BIT.platform_known;
      }
    }
    let date = raw.date;
    if (typeof date !== "string" || !DATE_RE.test(date)) {
      date = normalizeDate(date);
      if (date === undefined) return this.drop(file, "invalid_record");
      changed |= RULE_BIT.defaults_filled;
    }
    const url = typeof raw.url === "string" ? raw.url : "";

    const cleaned = cleanText(raw.text);
    for (const rule of cleaned.changes) changed |= RULE_BIT[rule];
    const text = cleaned.text;
    const detailed = this.details.wants(file.name);
    // Examples name the line of the imported file (the importer's origin), else of the raw file.
    const originLine = () => {
      const origin = raw.origin as { line?: unknown; index?: unknown } | undefined;
      const at = origin?.line ?? origin?.index;
      return typeof at === "number" ? at : lineNo;
    };
    const seen = (duplicateOf?: string, lang?: string) =>
      detailed ? { id: id!, line: originLine(), text, duplicateOf, lang } : undefined;
    if (text === "") return this.drop(file, "empty", detailed ? { ...seen()!, text: raw.text } : undefined);
    if (text.length < this.minChars) return this.drop(file, "too_short", seen());
    const profile = profileText(text);
    if (profile.tokenHashes.length === 0) return this.drop(file, "no_words", seen());

    // A deleted text stays deleted, whichever of its copies a raw file still holds, in whichever collection.
    const removed = this.removed.empty
      ? undefined
      : this.removed.find(name, profile.exactKey, () => simhash(profile.tokenHashes));
    if (removed !== undefined) {
      if (this.report.removedExamples.length < MAX_EXAMPLES) {
        this.report.removedExamples.push({ id, file: file.name, removed });
      }
      return this.drop(file, "removed", detailed ? { ...seen()!, removed } : undefined);
    }

    const exactOf = this.exact.get(profile.exactKey);
    if (exactOf !== undefined) {
      this.example(file, id, exactOf, "exact_duplicate");
      return this.drop(file, "exact_duplicate", seen(exactOf));
    }
    const hash = simhash(profile.tokenHashes);
    const nearOf = hash ? this.near.find(hash) : undefined;
    if (nearOf !== undefined) {
      this.example(file, id, nearOf, "near_duplicate");
      return this.drop(file, "near_duplicate", seen(nearOf));
    }
    const verdict = detectLanguage(text, profile);
    this.report.languageMethods[verdict.method] += 1;
    file.languageMethods[verdict.method] += 1;
    if (!this.keep.has(verdict.lang)) {
      const byLanguage = this.report.droppedByLanguage;
      byLanguage[verdict.lang] = (byLanguage[verdict.lang] ?? 0) + 1;
      file.droppedByLanguage[verdict.lang] = (file.droppedByLanguage[verdict.lang] ?? 0) + 1;
      return this.drop(file, "language", seen(undefined, verdict.lang));
    }

    // Two sources may use the same id ("1", "2"...): later ones get a suffix so ids stay unique.
    if (this.ids.has(id)) {
      let n = 2;
      while (this.ids.has(`${id}~${n}`)) n += 1;
      id = `${id}~${n}`;
      changed |= RULE_BIT.id_renamed;
    }
    const record: Record<string, unknown> = { id, text, source, platform, date, url };
    // The importer's mark that the date is the import day travels with the record: pages and filters need it.
    if (raw.dateImputed === true) record.dateImputed = true;
    if (nonEmptyString(raw.title)) {
      const title = cleanInline(raw.title);
      if (title !== raw.title) changed |= RULE_BIT.title;
      if (title !== "") record.title = title;
    }
    record.lang = toRecordLang(verdict.lang);
    const urls = Array.isArray(raw.urls)
      ? [...raw.urls.filter(nonEmptyString), ...cleaned.urls]
      : cleaned.urls;
    if (urls.length > 0) record.urls = urls;
    const mentions = Array.isArray(raw.mentions)
      ? [...raw.mentions.filter(nonEmptyString), ...cleaned.mentions]
      : cleaned.mentions;
    if (mentions.length > 0) record.mentions = mentions;
    for (const key in raw) if (!RECOMPUTED.has(key)) record[key] = raw[key];
    if (!surelyCorpusRecord(record) && !CorpusRecordSchema.safeParse(record).success) {
      return this.drop(file, "invalid_record");
    }

    this.countChanges(file, changed);
    if (detailed && cleaned.changes.length > 0)
      this.details.changed(file.name, id, raw.text, cleaned.changes);
    this.exact.set(profile.exactKey, id);
    if (hash) this.near.add(hash, id);
    this.ids.add(id);
    file.kept += 1;
    if (record.dateImputed === true) file.undated += 1;
    return record;
  }
}

/** Cleans the raw corpus into cleaned/ and returns (and writes) the report. */
export async function cleanCorpus(options: CleanOptions): Promise<CleanReport> {
  const started = performance.now();
  const minChars = options.minChars ?? DEFAULT_MIN_CHARS;
  const threshold = options.nearDupThreshold ?? DEFAULT_NEAR_DUP_THRESHOLD;
  const keepLangs = (options.keepLangs ?? DEFAULT_KEEP_LANGS).map((l) => l.trim()).filter(Boolean);
  if (!Number.isInteger(minChars) || minChars < 0) {
    throw new CleanError("clean:bad_option", {
      detail: `--min-chars trebuie să fie un număr întreg ≥ 0 (primit ${minChars})`,
    });
  }
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_NEAR_DUP_THRESHOLD) {
    throw new CleanError("clean:bad_option", {
      detail: `--near-dup-threshold trebuie să fie un număr întreg între 0 și ${MAX_NEAR_DUP_THRESHOLD} (primit ${threshold})`,
    });
  }
  if (keepLangs.length === 0) {
    throw new CleanError("clean:bad_option", { detail: "--keep-lang are nevoie de cel puțin o limbă" });
  }

  const root = path.resolve(options.corpusDir);
  const rawDir = path.join(root, "raw");
  const cleanedDir = path.join(root, "cleaned");
  const names = await rawFiles(rawDir);
  const sizes = await Promise.all(names.map(async (f) => (await stat(path.join(rawDir, f))).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);

  const ledger = await readLedgerFile(root);
  const report: CleanReport = {
    generatedAt: new Date().toISOString(),
    durationMs: 0,
    recordsPerSecond: 0,
    options: { minChars, nearDupThreshold: threshold, keepLangs },
    totals: { read: 0, kept: 0, dropped: 0, changed: 0, undated: 0 },
    dropped: zeroes(DROP_REASONS),
    droppedByLanguage: {},
    changes: zeroes(CHANGE_RULES),
    languageMethods: zeroes(LANGUAGE_METHODS),
    duplicateExamples: [],
    removedExamples: [],
    ledgerUnreadable: ledger.unreadable,
    files: [],
  };
  const details = new CleanDetails(options.details ?? []);
  const removed = new RemovedTexts(ledger.entries, threshold);
  const cleaner = new CorpusCleaner(
    report,
    new Set(keepLangs.map(toIso3)),
    minChars,
    threshold,
    details,
    removed,
  );
  const writers: AtomicJsonlWriter[] = [];
  let bytesBefore = 0;

  try {
    for (const [fileIndex, fileName] of names.entries()) {
      const name = fileName.slice(0, -".jsonl".length);
      const input = path.join(rawDir, fileName);
      const output = path.join(cleanedDir, fileName);
      const writer = await AtomicJsonlWriter.open(output);
      writers.push(writer);
      const fileReport: CleanFileReport = {
        name,
        input,
        output,
        read: 0,
        kept: 0,
        dropped: 0,
        undated: 0,
        droppedBy: zeroes(DROP_REASONS),
        droppedByLanguage: {},
        changes: zeroes(CHANGE_RULES),
        changed: 0,
        languageMethods: zeroes(LANGUAGE_METHODS),
      };
      report.files.push(fileReport);

      // Lines are split out of each decoded chunk and cleaned synchronously, a chunk at a time.
      const stream = createReadStream(input, { encoding: "utf8", highWaterMark: 256 * 1024 });
      let carry = "";
      let lineNo = 0;
      const cleanLines = (lines: string[]) => {
        for (const line of lines) {
          lineNo += 1;
          if (BLANK_LINE_RE.test(line)) continue;
          fileReport.read += 1;
          report.totals.read += 1;
          const record = cleaner.cleanLine(line, name, lineNo, fileReport);
          if (record) writer.append(record);
        }
      };
      for await (const chunk of stream as AsyncIterable<string>) {
        options.signal?.throwIfAborted();
        const lines = (carry + chunk).split("\n");
        carry = lines.pop() ?? "";
        cleanLines(lines);
        await writer.flushIfFull();
        options.onProgress?.({
          file: fileName,
          bytesRead: bytesBefore + stream.bytesRead,
          totalBytes,
          records: report.totals.read,
        });
      }
      cleanLines([carry]);
      bytesBefore += sizes[fileIndex]!;
      options.onProgress?.({
        file: fileName,
        bytesRead: bytesBefore,
        totalBytes,
        records: report.totals.read,
      });
    }
    options.signal?.throwIfAborted();
    for (const writer of writers) await writer.commit();
  } catch (err) {
    await Promise.all(writers.map((w) => w.abort()));
    if (options.signal?.aborted) throw new CleanError("clean:aborted", {}, { cause: err });
    throw err;
  }

  if (details.active) report.details = await details.finish(report.files.map((f) => f.output));
  report.totals.kept = report.files.reduce((n, f) => n + f.kept, 0);
  report.totals.dropped = report.files.reduce((n, f) => n + f.dropped, 0);
  report.totals.undated = report.files.reduce((n, f) => n + f.undated, 0);
  report.durationMs = Math.round(performance.now() - started);
  report.recordsPerSecond = Math.round(report.totals.read / Math.max(0.001, report.durationMs / 1000));
  await writeCleanReport(cleanedDir, report);
  return report;
}
