// The shipped demo corpus (corpus/cleaned/*.jsonl): every line is a valid record, ids are unique, and the
// corpus is varied enough for the demo (topics, platforms, texts with and without diacritics).
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CorpusRecordSchema, type CorpusRecord } from "../../contract/corpus";

const CLEANED_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpus", "cleaned");

interface Loaded {
  file: string;
  line: number;
  raw: unknown;
  record?: CorpusRecord;
  error?: string;
}

function loadCorpus(): Loaded[] {
  const files = readdirSync(CLEANED_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  const out: Loaded[] = [];
  for (const file of files) {
    const lines = readFileSync(join(CLEANED_DIR, file), "utf8").split("\n");
    lines.forEach((text, i) => {
      if (text.trim() === "") return;
      const entry: Loaded = { file, line: i + 1, raw: undefined };
      try {
        entry.raw = JSON.parse(text);
      } catch (err) {
        entry.error = `invalid JSON: ${(err as Error).message}`;
        out.push(entry);
        return;
      }
      const parsed = CorpusRecordSchema.safeParse(entry.raw);
      if (parsed.success) entry.record = parsed.data;
      else entry.error = parsed.error.issues.map((iss) => `${iss.path.join(".")}: ${iss.message}`).join("; ");
      out.push(entry);
    });
  }
  return out;
}

/** Lower-case, no diacritics (cedilla ş ţ and comma-below ș ț alike). */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

// One pattern per topic, matched on folded text + title.
const TOPICS: Record<string, RegExp> = {
  pensii: /pensi/,
  taxe: /\btax|impozit|\btva\b|fiscal/,
  corupție: /corup|spag|\bmita\b|\bdna\b|anticoruptie/,
  sănătate: /sanatat|spital|medic|pacient/,
  educație: /educati|scoal|profesor|elev/,
  UE: /\bue\b|uniunea europeana|uniunii europene|bruxelles|european/,
  energie: /energi|\bgaz|curent|termofic|fotovolt/,
  justiție: /justiti|instant|judecator|procuror|magistrat/,
  alegeri: /alegeri|alegator|\bvot|campani|electoral|candidat/,
  diaspora: /diaspora|strainatate|emigra/,
  salarii: /salari|\blef/,
  prețuri: /\bpret|scump|inflati|ieftin/,
};

const DIACRITICS = /[ăâîșțşţĂÂÎȘȚŞŢ]/;

describe("shipped corpus (corpus/cleaned/*.jsonl)", () => {
  const entries = loadCorpus();
  const records = entries.flatMap((e) => (e.record ? [e.record] : []));

  it("has at least one .jsonl file and every line is a valid CorpusRecord", () => {
    expect(entries.length).toBeGreaterThan(0);
    const bad = entries.filter((e) => e.error).map((e) => `${e.file}:${e.line} ${e.error}`);
    expect(bad).toEqual([]);
  });

  it("has at least 300 records", () => {
    expect(records.length).toBeGreaterThanOrEqual(300);
  });

  it("has unique ids and no repeated texts", () => {
    const ids = records.map((r) => r.id);
    const dupIds = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupIds).toEqual([]);
    const texts = records.map((r) => r.text.trim());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("uses real calendar dates, lang ro, fictional (.example) links, and titles on news/official/rss", () => {
    for (const r of records) {
      const day = r.date.slice(0, 10);
      expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10), r.id).toBe(day);
      expect(r.lang, r.id).toBe("ro");
      expect(r.url, r.id).toMatch(/^https:\/\/[a-z0-9.-]+\.example(\.ro)?\//);
      if (["stiri", "oficial", "rss"].includes(r.platform)) expect(r.title?.trim(), r.id).toBeTruthy();
    }
  });

  it("covers at least 3 platforms", () => {
    const platforms = new Set(records.map((r) => r.platform));
    expect(platforms.size).toBeGreaterThanOrEqual(3);
  });

  it("mentions every demo topic at least 10 times", () => {
    const counts: Record<string, number> = {};
    for (const topic of Object.keys(TOPICS)) counts[topic] = 0;
    for (const r of records) {
      const folded = fold(`${r.title ?? ""} ${r.text}`);
      for (const [topic, re] of Object.entries(TOPICS)) if (re.test(folded)) counts[topic]++;
    }
    for (const [topic, n] of Object.entries(counts)) expect(n, topic).toBeGreaterThanOrEqual(10);
  });

  it("has texts with diacritics and texts written without them", () => {
    const withDiacritics = records.filter((r) => DIACRITICS.test(r.text));
    const without = records.filter((r) => !DIACRITICS.test(r.text) && /[a-z]{3}/i.test(r.text));
    expect(withDiacritics.length).toBeGreaterThan(0);
    expect(without.length).toBeGreaterThan(0);
  });
});
