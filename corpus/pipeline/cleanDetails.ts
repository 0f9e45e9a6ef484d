// Examples for the clean report of the files a person is checking (a new import): a few dropped records per
// reason, near-duplicates grouped with the record they repeat (to read side by side), and changed texts before and
// after (the diacritics fixed). Bounded, so that a file of a million records adds a few kilobytes to the report.
import { createReadStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { normalizeCedilla } from "../../contract/text";
import type { TextRule } from "./cleanText";

/**
 * A dropped record as the report shows it: its id, its line (or position) in the imported file (the raw file's
 * line for records without one), its text (cut).
 */
export interface CleanExample {
  id: string;
  line: number;
  text: string;
  /** For duplicates: the id of the kept record it repeats. */
  duplicateOf?: string;
  /** For language drops: the language found (ISO 639-3). */
  lang?: string;
  /** For a text removed earlier (the removal ledger): the removed document it repeats. */
  removed?: { id: string; title?: string };
}

/** A text rule at work: a window of the raw text and the same window after the rule. */
export interface ChangeExample {
  id: string;
  before: string;
  after: string;
}

/** The record that was kept and the near-duplicates of it that were dropped. */
export interface NearDuplicateCluster {
  keptId: string;
  /** Filled from the cleaned files once they are written (absent if the kept record could not be read back). */
  kept?: { file: string; text: string };
  dropped: CleanExample[];
}

export interface CleanDetail {
  examples: Partial<Record<string, CleanExample[]>>;
  clusters: NearDuplicateCluster[];
  changeExamples: Partial<Record<TextRule, ChangeExample[]>>;
}

export const DETAIL_LIMITS = {
  /** Dropped records shown per reason. */
  examples: 5,
  /** Near-duplicate clusters, and dropped records shown per cluster. */
  clusters: 12,
  clusterSize: 4,
  /** Changed records shown per rule. */
  changes: 3,
  /** Characters of a text in an example. */
  chars: 300,
  /** Characters of a text in a near-duplicate cluster: read side by side, the difference is often at the end. */
  clusterChars: 800,
} as const;

function cut(text: string, chars: number = DETAIL_LIMITS.chars): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/** The part of a text around position `at`, about `chars` long, starting and ending at a space. */
function windowAround(text: string, at: number, chars = 160): string {
  let start = Math.max(0, at - Math.floor(chars / 3));
  if (start > 0) start = text.lastIndexOf(" ", start) + 1;
  let end = Math.min(text.length, start + chars);
  if (end < text.length) end = Math.max(at + 1, text.lastIndexOf(" ", end));
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

const CEDILLA_RE = /[şţŞŢ]/;

/** How a text rule shows on one raw text: the window where it acts, before and after. */
export function changeExample(id: string, raw: string, rule: TextRule): ChangeExample {
  if (rule === "cedilla") {
    const at = raw.search(CEDILLA_RE);
    const before = windowAround(raw, Math.max(0, at));
    return { id, before, after: normalizeCedilla(before) };
  }
  if (rule === "nfc") {
    const before = cut(raw, 200);
    return { id, before, after: before.normalize("NFC") };
  }
  return { id, before: cut(raw, 200), after: "" };
}

/** Collects the examples while clean runs; `finish` reads the kept records of clusters back from the outputs. */
export class CleanDetails {
  private readonly files: Map<string, CleanDetail>;

  constructor(names: readonly string[]) {
    this.files = new Map(names.map((name) => [name, { examples: {}, clusters: [], changeExamples: {} }]));
  }

  get active(): boolean {
    return this.files.size > 0;
  }

  wants(file: string): boolean {
    return this.files.has(file);
  }

  dropped(file: string, reason: string, example: CleanExample): void {
    const detail = this.files.get(file);
    if (!detail) return;
    const shown = { ...example, text: cut(example.text) };
    if (reason === "near_duplicate" && example.duplicateOf !== undefined) {
      const member = { ...example, text: cut(example.text, DETAIL_LIMITS.clusterChars) };
      let cluster = detail.clusters.find((c) => c.keptId === example.duplicateOf);
      if (!cluster && detail.clusters.length < DETAIL_LIMITS.clusters) {
        cluster = { keptId: example.duplicateOf, dropped: [] };
        detail.clusters.push(cluster);
      }
      if (cluster && cluster.dropped.length < DETAIL_LIMITS.clusterSize) cluster.dropped.push(member);
    }
    const list = (detail.examples[reason] ??= []);
    if (list.length < DETAIL_LIMITS.examples) list.push(shown);
  }

  changed(file: string, id: string, raw: string, rules: readonly TextRule[]): void {
    const detail = this.files.get(file);
    if (!detail) return;
    for (const rule of rules) {
      const list = (detail.changeExamples[rule] ??= []);
      if (list.length < DETAIL_LIMITS.changes) list.push(changeExample(id, raw, rule));
    }
  }

  /** The details, with each cluster's kept record read back from the cleaned outputs (its first line wins). */
  async finish(outputs: readonly string[]): Promise<Record<string, CleanDetail>> {
    const wanted = new Map<string, NearDuplicateCluster[]>();
    for (const detail of this.files.values()) {
      for (const cluster of detail.clusters) {
        const list = wanted.get(cluster.keptId) ?? [];
        list.push(cluster);
        wanted.set(cluster.keptId, list);
      }
    }
    if (wanted.size > 0) await readKeptRecords(outputs, wanted);
    return Object.fromEntries(this.files);
  }
}

/**
 * Finds kept records by id in the cleaned files. A cleaned line starts with `{"id":` and the id's JSON, so a line is
 * matched by a prefix test (a few dozen ids at most) and only the lines found are parsed.
 */
async function readKeptRecords(outputs: readonly string[], wanted: Map<string, NearDuplicateCluster[]>) {
  const prefixes = new Map([...wanted.keys()].map((id) => [`{"id":${JSON.stringify(id)},`, id]));
  for (const output of outputs) {
    const lines = createInterface({ input: createReadStream(output), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.startsWith('{"id":')) continue;
      for (const [prefix, id] of prefixes) {
        if (!line.startsWith(prefix)) continue;
        const record = JSON.parse(line) as { text?: unknown };
        for (const cluster of wanted.get(id) ?? []) {
          if (typeof record.text === "string") {
            cluster.kept = {
              file: path.basename(output, ".jsonl"),
              text: cut(record.text, DETAIL_LIMITS.clusterChars),
            };
          }
        }
        prefixes.delete(prefix);
        break;
      }
      if (prefixes.size === 0) {
        lines.close();
        return;
      }
    }
  }
}
