// What the clean step (./clean.ts) takes and reports: its defaults and options, the changes it counts, the report
// written to cleaned/report.json, and its error with a Romanian message. The CLI, the corpus page and the report file
// read these; ./clean.ts re-exports them.
import type { CleanDetail } from "./cleanDetails";
import type { LanguageMethod } from "./language";
import { DROP_REASONS, type DropReason } from "../../contract/dropReasons";

export { DROP_REASONS, type DropReason };

export const DEFAULT_MIN_CHARS = 15;
export const DEFAULT_NEAR_DUP_THRESHOLD = 3;
export const DEFAULT_KEEP_LANGS = ["ro"];

export const CHANGE_RULES = [
  "html_tags",
  "html_entities",
  "nfc",
  "cedilla",
  "invisible_chars",
  "urls",
  "mentions",
  "whitespace",
  "title",
  "id_renamed",
  "defaults_filled",
  "platform_known",
] as const;
/** What changed in a kept record: a text rule, a cleaned title, a renamed id, filled-in fields. */
export type ChangeRule = (typeof CHANGE_RULES)[number];

export interface CleanProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface CleanOptions {
  corpusDir: string;
  /** Texts shorter than this (after cleaning) are dropped. */
  minChars?: number;
  /** Largest SimHash Hamming distance (0..8) at which two texts count as near-duplicates. */
  nearDupThreshold?: number;
  /** Languages kept ("ro", "en" or ISO 639-3 codes); the rest is dropped and counted by language. */
  keepLangs?: string[];
  onProgress?: (progress: CleanProgress) => void;
  signal?: AbortSignal;
  /**
   * Files (names without .jsonl) whose drops and changes the report describes with examples (`report.details`):
   * a person checks a new import by reading them (the corpus page does).
   */
  details?: readonly string[];
}

export interface CleanFileReport {
  name: string;
  input: string;
  output: string;
  read: number;
  kept: number;
  dropped: number;
  /** This file's kept records whose date is the import's (`dateImputed`): no date of their own. */
  undated: number;
  /** This file's drops by reason. */
  droppedBy: Record<DropReason, number>;
  /** This file's drops for language, by ISO 639-3 code. */
  droppedByLanguage: Record<string, number>;
  /** This file's kept records changed by each rule. */
  changes: Record<ChangeRule, number>;
  /** This file's kept records changed by any rule. */
  changed: number;
  /** How the languages of this file's records were decided. */
  languageMethods: Record<LanguageMethod, number>;
}

export interface CleanReport {
  generatedAt: string;
  durationMs: number;
  recordsPerSecond: number;
  options: { minChars: number; nearDupThreshold: number; keepLangs: string[] };
  /** `undated`: kept records whose date is the import's (`dateImputed`), which ranges and timelines leave out. */
  totals: { read: number; kept: number; dropped: number; changed: number; undated: number };
  dropped: Record<DropReason, number>;
  /** Records dropped for their language, by ISO 639-3 code. */
  droppedByLanguage: Record<string, number>;
  /** Kept records changed by each rule (what happened to a dropped record is not counted). */
  changes: Record<ChangeRule, number>;
  /** How languages were decided (texts too short to identify pass as Romanian: "short"). */
  languageMethods: Record<LanguageMethod, number>;
  /** A few dropped duplicates (and the file they were in) with the record they repeat, to check the thresholds by eye. */
  duplicateExamples: Array<{
    id: string;
    duplicateOf: string;
    reason: "exact_duplicate" | "near_duplicate";
    file: string;
  }>;
  /**
   * A few records dropped because the collection's earlier removal took the same text out (the removal ledger,
   * removalLedger.ts), with the removed document they repeat: "removed earlier: <title or id>".
   */
  removedExamples: Array<{ id: string; file: string; removed: { id: string; title?: string } }>;
  /**
   * Lines of the removal ledger that are no entry (broken by a hand edit): skipped by this clean (they keep nothing
   * out), left in the file. Absent in reports made before they were counted.
   */
  ledgerUnreadable?: number;
  files: CleanFileReport[];
  /** Examples of every drop and change for the files asked for (`details`), by file name. */
  details?: Record<string, CleanDetail>;
}

const MESSAGES = {
  "clean:no_raw":
    "Nu există fișiere .jsonl în „{dir}”. Importați întâi date cu „npm run cli -- import <fișiere>”.",
  "clean:bad_option": "Opțiune invalidă: {detail}",
  "clean:aborted": "Curățarea a fost întreruptă; fișierele din cleaned/ au rămas neschimbate.",
} as const;

/** A failure of the clean step with a Romanian message for the user. */
export class CleanError extends Error {
  constructor(
    readonly code: keyof typeof MESSAGES,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(
      MESSAGES[code].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? "")),
      options,
    );
    this.name = "CleanError";
  }
}
