// The clean step: each text rule, duplicates and near-duplicates, language, the report and the files it writes.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";
import {
  cleanCorpus,
  CleanError,
  cleanText,
  surelyCorpusRecord,
  type CleanReport,
} from "../../corpus/pipeline/clean";
import {
  BandBuckets,
  ExactDuplicateIndex,
  hammingDistance,
  NearDuplicateIndex,
  simhash,
  type SimHash,
} from "../../corpus/pipeline/dedup";
import { detectLanguage } from "../../corpus/pipeline/language";
import { rankLanguages } from "../../corpus/pipeline/trigramLanguage";
import { FOREIGN_COMMENTS } from "../fixtures/foreignComments";
import { CorpusRecordSchema } from "../../contract/corpus";
import { fmix32, profileText } from "../../corpus/pipeline/textProfile";
import { command as cleanCommand } from "../../server/cli/clean";
import { readCleanReport, withoutCollection } from "../../corpus/pipeline/cleanReportFile";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "echochamber-clean-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
/** A raw record as the importer writes it. */
function raw(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    id: `r-${counter}`,
    text,
    source: "test",
    platform: "import",
    date: "2025-03-14",
    url: "",
    lang: "und",
    importedAt: "2025-04-01T12:00:00.000Z",
    origin: { file: "test.csv", line: counter + 1 },
    ...extra,
  };
}

async function writeRaw(name: string, records: Array<Record<string, unknown> | string>): Promise<void> {
  await mkdir(path.join(dir, "raw"), { recursive: true });
  const lines = records.map((r) => (typeof r === "string" ? r : JSON.stringify(r)));
  await writeFile(path.join(dir, "raw", `${name}.jsonl`), lines.join("\n") + "\n");
}

async function readCleaned(name: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path.join(dir, "cleaned", `${name}.jsonl`), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const textOf = (records: Array<Record<string, unknown>>) => records.map((r) => r.text);

const LONG =
  "Consiliul local s-a întrunit aseară într-o ședință extraordinară pentru a discuta bugetul pe anul viitor. " +
  "Primarul a prezentat lista investițiilor: reabilitarea a trei școli, modernizarea iluminatului public, " +
  "extinderea rețelei de apă în cartierele de la periferie și un program de reparații pentru drumurile județene. " +
  "Consilierii din opoziție au cerut mai multă transparență la achiziții și au propus ca fiecare contract mai mare " +
  "de o sută de mii de lei să fie publicat integral pe site-ul primăriei. După trei ore de dezbateri, proiectul a " +
  "fost amânat pentru săptămâna viitoare.";
const NO_DIACRITICS =
  "Primaria a promis piste de biciclete de trei ani si tot nu vedem nimic concret in cartierul nostru";
const ENGLISH =
  "The mayor promised new bike lanes three years ago and we still have not seen anything happen in our area.";

describe("cleanText", () => {
  it("normalises to NFC", () => {
    const out = cleanText("Ca\u0306ldura a crescut in ora\u0219ul nostru");
    expect(out.text).toBe("Căldura a crescut in orașul nostru");
    expect(out.changes).toContain("nfc");
  });

  it("turns cedilla ş ţ Ş Ţ into comma-below ș ț Ș Ț", () => {
    const out = cleanText("Şcoala şi Ţara ţin de noi");
    expect(out.text).toBe("Școala și Țara țin de noi");
    expect(out.changes).toEqual(["cedilla"]);
  });

  it("removes HTML tags (scripts with their content) and keeps paragraphs apart", () => {
    const out = cleanText("<p>Primul <b>paragraf</b>.</p><script>alert(1)</script><p>Al doilea<br>rând.</p>");
    expect(out.text).toBe("Primul paragraf.\n\nAl doilea\nrând.");
    expect(out.changes).toContain("html_tags");
  });

  it("decodes HTML entities, named and numeric, including escaped markup", () => {
    const out = cleanText(
      "Ion &amp; Maria&nbsp;au spus &bdquo;da&rdquo; &#351;i &#x21B;ara &lt;b&gt;contează&lt;/b&gt;",
    );
    expect(out.text).toBe("Ion & Maria au spus „da” și țara contează");
    expect(out.changes).toEqual(expect.arrayContaining(["html_entities", "html_tags", "cedilla"]));
  });

  it("moves URLs out of the text into urls, without their trailing punctuation", () => {
    const out = cleanText("Detalii aici https://exemplu.ro/articol?id=3. Și pe www.exemplu.ro/alt");
    expect(out.urls).toEqual(["https://exemplu.ro/articol?id=3", "www.exemplu.ro/alt"]);
    expect(out.text).toBe("Detalii aici. Și pe");
    expect(out.changes).toContain("urls");
  });

  it("moves @mentions into mentions, leaving e-mail addresses alone", () => {
    const out = cleanText("@ana.m, ai dreptate! Mulțumesc @ion_pop. Scrieți la contact@exemplu.ro");
    expect(out.mentions).toEqual(["ana.m", "ion_pop"]);
    expect(out.text).toBe("ai dreptate! Mulțumesc. Scrieți la contact@exemplu.ro");
  });

  it("drops invisible characters and collapses whitespace", () => {
    const out = cleanText("  Un\u200b text\t\tcu   spații \r\n\r\n\r\n\r\n  și\u00ad rânduri  ");
    expect(out.text).toBe("Un text cu spații\n\nși rânduri");
    expect(out.changes).toEqual(["invisible_chars", "whitespace"]);
  });

  it("leaves a clean text alone and reports no change", () => {
    expect(cleanText("Un text curat, fără nimic de schimbat.")).toEqual({
      text: "Un text curat, fără nimic de schimbat.",
      urls: [],
      mentions: [],
      changes: [],
    });
  });
});

describe("language", () => {
  const verdict = (text: string) => detectLanguage(text, profileText(text));

  it("recognises Romanian with and without diacritics", () => {
    expect(verdict(LONG).lang).toBe("ron");
    expect(verdict(NO_DIACRITICS).lang).toBe("ron");
    expect(
      verdict("nu mai vreau sa aud de partidul asta, sunt toti la fel de corupti si mincinosi").lang,
    ).toBe("ron");
  });

  it("recognises other languages and scripts", () => {
    expect(verdict(ENGLISH).lang).toBe("eng");
    expect(
      verdict("Il governo ha annunciato che le pensioni aumenteranno da gennaio, ma non basta.").lang,
    ).toBe("ita");
    expect(verdict("Правительство объявило, что пенсии вырастут с января.").method).toBe("script");
  });

  it("keeps informal Romanian that franc gives to another language, by Romanian's close score", () => {
    // Each is ranked first as another language by franc (checked below), with Romanian close behind.
    const informal = [
      "Scumpiri peste scumpiri la curent, la gaze si la paine",
      "Știm noi cine a dat ordinul, nu ne mai prostiti",
      "Iesiti in strada oameni buni, nu mai tacem!",
    ];
    for (const text of informal) {
      expect(rankLanguages(text, 10)[0]![0]).not.toBe("ron");
      expect(verdict(text)).toEqual({ lang: "ron", method: "franc" });
    }
  });

  it("still tells foreign comments apart: none of them passes as Romanian", () => {
    for (const [lang, texts] of Object.entries(FOREIGN_COMMENTS)) {
      for (const text of texts) {
        const found = verdict(text).lang;
        expect(found, `${lang}: ${text}`).not.toBe("ron");
      }
    }
    // And they are mostly named right (one Italian comment reads as Portuguese).
    const all = Object.entries(FOREIGN_COMMENTS).flatMap(([lang, texts]) => texts.map((t) => [lang, t]));
    const right = all.filter(([lang, text]) => verdict(text!).lang === lang).length;
    expect(right / all.length).toBeGreaterThanOrEqual(0.95);
  });

  it("lets short texts pass as Romanian unless they are in another script", () => {
    expect(verdict("great video, thanks!")).toEqual({ lang: "ron", method: "short" });
    expect(verdict("Спасибо за видео").lang).not.toBe("ron");
  });
});

describe("near-duplicate index", () => {
  it("finds every hash within the threshold and none beyond it", () => {
    const index = new NearDuplicateIndex(3);
    const base = { hi: 0x12345678, lo: 0x0f0f0f0f };
    index.add(base, "a");
    const flip = (bits: number[]) => {
      let { hi, lo } = base;
      for (const b of bits) {
        if (b < 32) lo ^= 1 << b;
        else hi ^= 1 << (b - 32);
      }
      return { hi, lo };
    };
    // Flips spread over different bands and inside one band.
    expect(index.find(flip([0, 17, 40]))).toBe("a");
    expect(index.find(flip([1, 2, 3]))).toBe("a");
    expect(hammingDistance(base, flip([5, 20, 36, 60]))).toBe(4);
    expect(index.find(flip([5, 20, 36, 60]))).toBeUndefined();
  });

  it("finds matches with paired bands too (thresholds above 3), on random hashes", () => {
    let seed = 12345;
    const random32 = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
      return seed;
    };
    const index = new NearDuplicateIndex(6);
    const stored = Array.from({ length: 2000 }, () => ({ hi: random32(), lo: random32() }));
    stored.forEach((h, i) => index.add(h, `h${i}`));
    for (let i = 0; i < 200; i += 1) {
      const original = stored[i * 10]!;
      // Flip `n` distinct random bits.
      const flipped = (n: number) => {
        const bits = new Set<number>();
        while (bits.size < n) bits.add(Math.abs(random32()) % 64);
        let { hi, lo } = original;
        for (const b of bits) {
          if (b < 32) lo ^= 1 << b;
          else hi ^= 1 << (b - 32);
        }
        return { hi, lo };
      };
      expect(index.find(flipped(6))).toBe(`h${i * 10}`);
      // 20 flipped bits: far from this hash, and (with 2000 random others) from every other one.
      expect(index.find(flipped(20))).toBeUndefined();
    }
  });

  it("gives close texts close hashes and unrelated texts distant ones", () => {
    const hash = (t: string) => simhash(profileText(t).tokenHashes)!;
    expect(hammingDistance(hash(LONG), hash(`Știre: ${LONG}`))).toBeLessThanOrEqual(3);
    expect(hammingDistance(hash(LONG), hash(NO_DIACRITICS))).toBeGreaterThan(10);
  });

  /** A seeded generator of int32 values. */
  function randomInts(seed: number): () => number {
    return () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
      return seed;
    };
  }

  it("agrees with a pair-by-pair search at every threshold", () => {
    const random32 = randomInts(99);
    for (let threshold = 0; threshold <= 8; threshold += 1) {
      const index = new NearDuplicateIndex(threshold);
      const stored: Array<{ hash: SimHash; id: string }> = [];
      // Variants of a few hundred bases, so that many queries have neighbours near the threshold.
      const bases = Array.from({ length: 300 }, () => ({ hi: random32(), lo: random32() }));
      let found = 0;
      for (let i = 0; i < 2000; i += 1) {
        let { hi, lo } = bases[Math.abs(random32()) % bases.length]!;
        const flips = Math.abs(random32()) % (threshold + 4);
        for (let f = 0; f < flips; f += 1) {
          const bit = Math.abs(random32()) % 64;
          if (bit < 32) lo ^= 1 << bit;
          else hi ^= 1 << (bit - 32);
        }
        const hash = { hi, lo };
        const near = stored.find((s) => hammingDistance(s.hash, hash) <= threshold);
        const id = index.find(hash);
        expect(id !== undefined).toBe(near !== undefined);
        if (id !== undefined) {
          found += 1;
          const match = stored.find((s) => s.id === id)!;
          expect(hammingDistance(match.hash, hash)).toBeLessThanOrEqual(threshold);
        } else {
          stored.push({ hash, id: `h${i}` });
          index.add(hash, `h${i}`);
        }
      }
      expect(found).toBeGreaterThan(100);
      expect(index.size).toBe(stored.length);
    }
  });

  it("computes SimHash bits as the majority over shingle hashes", () => {
    // The textbook form: one counter per bit, incremented for each shingle hash that sets it.
    const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
    function reference(tokens: number[]): SimHash {
      const words: Array<[number, number]> = [];
      if (tokens.length < 3) {
        for (const h of tokens) words.push([fmix32(h ^ 0x7f4a7c15), fmix32(h ^ 0x9e3779b9)]);
      } else {
        for (let i = 0; i + 2 < tokens.length; i += 1) {
          const a = tokens[i]!;
          const b = rotl(tokens[i + 1]!, 11);
          const c = rotl(tokens[i + 2]!, 22);
          words.push([
            fmix32(
              (Math.imul(a ^ 0x27d4eb2f, 0x165667b1) + Math.imul(b, 0xd3a2646c) + Math.imul(c, 0xfd7046c5)) |
                0,
            ),
            fmix32((Math.imul(a, 0x9e3779b1) + Math.imul(b, 0x85ebca77) + Math.imul(c, 0xc2b2ae3d)) | 0),
          ]);
        }
      }
      let hi = 0;
      let lo = 0;
      for (let bit = 0; bit < 32; bit += 1) {
        const his = words.filter(([h]) => (h >>> bit) & 1).length;
        const los = words.filter(([, l]) => (l >>> bit) & 1).length;
        if (his * 2 > words.length) hi |= 1 << bit;
        if (los * 2 > words.length) lo |= 1 << bit;
      }
      return { hi, lo };
    }
    const random32 = randomInts(7);
    for (const length of [1, 2, 3, 4, 5, 8, 17, 64, 255, 256, 1000]) {
      for (let round = 0; round < 20; round += 1) {
        // A small vocabulary repeats shingles, so that counters land on and around the majority.
        const tokens = Array.from({ length }, () => (Math.abs(random32()) % 4) * 0x1234567);
        expect(simhash(tokens)).toEqual(reference(tokens));
      }
    }
    expect(simhash([])).toBeUndefined();
  });
});

describe("duplicate tables", () => {
  it("BandBuckets keeps each key's entries in insertion order, through growth", () => {
    const buckets = new BandBuckets();
    const expected = new Map<number, number[]>();
    for (let entry = 0; entry < 5000; entry += 1) {
      // Few keys get long chains; many keys force the table to grow; negative keys are valid.
      const key = entry % 3 === 0 ? entry % 7 : (Math.imul(entry, 0x9e3779b1) | 0) % 100000;
      buckets.add(key, entry);
      expected.set(key, [...(expected.get(key) ?? []), entry]);
    }
    for (const [key, entries] of expected) {
      const chain: number[] = [];
      for (let e = buckets.first(key); e !== -1; e = buckets.after(e)) chain.push(e);
      expect(chain).toEqual(entries);
    }
    expect(buckets.first(123456789)).toBe(-1);
  });

  it("ExactDuplicateIndex tells apart 53-bit keys that share either half", () => {
    const index = new ExactDuplicateIndex();
    const keys: number[] = [];
    for (let i = 0; i < 1000; i += 1) {
      keys.push(i * 0x100000000 + 7, 5 * 0x100000000 + i, (0x1fffff - i) * 0x100000000 + 0xffffffff - i);
    }
    keys.push(0, Number.MAX_SAFE_INTEGER);
    const unique = [...new Set(keys)];
    unique.forEach((key, i) => {
      expect(index.get(key)).toBeUndefined();
      index.set(key, `k${i}`);
    });
    unique.forEach((key, i) => expect(index.get(key)).toBe(`k${i}`));
    expect(index.size).toBe(unique.length);
    index.set(0, "again");
    expect(index.get(0)).toBe("again");
    expect(index.size).toBe(unique.length);
  });
});

describe("cleanCorpus", () => {
  async function runDefault(): Promise<CleanReport> {
    await writeRaw("comentarii", [
      raw("Guvernul a anunţat că pensiile vor creşte de la anul.", { author: "ana" }),
      raw("<p>Consilierii au votat <b>bugetul</b> &amp; taxele locale.</p>"),
      raw("Vezi https://exemplu.ro/stire și spune-ți părerea, @ion_pop!"),
      raw("Prea scurt"),
      raw("   <br>  "),
      raw(LONG),
      raw(`Știre: ${LONG}`),
      raw("GUVERNUL A ANUNȚAT CA PENSIILE VOR CRESTE DE LA ANUL!!!"),
      raw(ENGLISH),
      raw(NO_DIACRITICS),
      "{nu e json",
    ]);
    return cleanCorpus({ corpusDir: dir });
  }

  it("writes cleaned/<name>.jsonl with records that validate as corpus records", async () => {
    await runDefault();
    const records = await readCleaned("comentarii");
    expect(textOf(records)).toEqual([
      "Guvernul a anunțat că pensiile vor crește de la anul.",
      "Consilierii au votat bugetul & taxele locale.",
      "Vezi și spune-ți părerea!",
      LONG,
      NO_DIACRITICS,
    ]);
    for (const record of records) {
      expect(CorpusRecordSchema.safeParse(record).success).toBe(true);
      expect(record.lang).toBe("ro");
    }
    // Extra metadata is kept; links and mentions land in their own fields.
    expect(records[0]).toMatchObject({
      author: "ana",
      origin: { file: "test.csv" },
      importedAt: "2025-04-01T12:00:00.000Z",
    });
    expect(records[2]).toMatchObject({ urls: ["https://exemplu.ro/stire"], mentions: ["ion_pop"] });
  });

  it("counts every drop and change in the report, and writes it to cleaned/report.json", async () => {
    const report = await runDefault();
    expect(report.totals).toMatchObject({ read: 11, kept: 5, dropped: 6 });
    expect(report.dropped).toEqual({
      invalid_json: 1,
      invalid_record: 0,
      empty: 1,
      no_words: 0,
      too_short: 1,
      exact_duplicate: 1,
      near_duplicate: 1,
      removed: 0,
      language: 1,
    });
    expect(report.droppedByLanguage).toEqual({ eng: 1 });
    // Changes are counted on kept records: the "<br>" record, emptied and dropped, is not among them.
    expect(report.changes).toMatchObject({
      cedilla: 1,
      html_tags: 1,
      html_entities: 1,
      urls: 1,
      mentions: 1,
    });
    expect(report.totals.changed).toBe(3);
    expect(report.duplicateExamples.map((e) => e.reason).sort()).toEqual([
      "exact_duplicate",
      "near_duplicate",
    ]);
    expect(report.files).toEqual([
      expect.objectContaining({ name: "comentarii", read: 11, kept: 5, dropped: 6 }),
    ]);
    const written = JSON.parse(
      await readFile(path.join(dir, "cleaned", "report.json"), "utf8"),
    ) as CleanReport;
    expect(written.dropped).toEqual(report.dropped);
    expect(written.options).toEqual({ minChars: 15, nearDupThreshold: 3, keepLangs: ["ro"] });
  });

  it("describes the files asked for: drops per reason with examples, near-duplicates beside the kept text, diacritics fixed", async () => {
    await writeRaw("arhiva", [raw(LONG, { id: "articol" })]);
    await writeRaw("nou", [
      raw("Guvernul a anunţat că pensiile vor creşte de la anul.", { id: "n1" }),
      raw("Prea scurt", { id: "n2", origin: { file: "nou.csv", line: 3 } }),
      raw(`Știre: ${LONG}`, { id: "n3" }),
      raw(ENGLISH, { id: "n4" }),
      raw("!!! ??? ... !!!", { id: "n5" }),
      raw("<br>", { id: "n6" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir, details: ["nou"] });
    const nou = report.files.find((f) => f.name === "nou")!;
    expect(nou.droppedBy).toMatchObject({ too_short: 1, near_duplicate: 1, language: 1, empty: 1 });
    expect(nou.droppedByLanguage).toEqual({ eng: 1 });
    expect(nou.changes.cedilla).toBe(1);
    expect(report.files.find((f) => f.name === "arhiva")!.droppedBy.near_duplicate).toBe(0);

    const detail = report.details!.nou!;
    expect(Object.keys(report.details!)).toEqual(["nou"]);
    // The imported file's line (the importer's origin), not the raw file's.
    expect(detail.examples.too_short).toEqual([{ id: "n2", line: 3, text: "Prea scurt" }]);
    expect(detail.examples.language?.[0]).toMatchObject({ id: "n4", lang: "eng" });
    expect(detail.examples.empty?.[0]).toMatchObject({ id: "n6", text: "<br>" });
    expect(detail.clusters).toEqual([
      {
        keptId: "articol",
        kept: { file: "arhiva", text: expect.stringContaining(LONG.slice(0, 40)) },
        dropped: [expect.objectContaining({ id: "n3", text: expect.stringMatching(/^Știre: /) })],
      },
    ]);
    expect(detail.changeExamples.cedilla).toEqual([
      {
        id: "n1",
        before: "Guvernul a anunţat că pensiile vor creşte de la anul.",
        after: "Guvernul a anunțat că pensiile vor crește de la anul.",
      },
    ]);
  });

  it("honours the options: minimum length, near-duplicate threshold and kept languages", async () => {
    await writeRaw("a", [raw(LONG), raw(`Știre: ${LONG}`), raw(ENGLISH), raw("Doar un text scurt.")]);
    const report = await cleanCorpus({
      corpusDir: dir,
      minChars: 30,
      nearDupThreshold: 0,
      keepLangs: ["ro", "en"],
    });
    expect(report.dropped).toMatchObject({ near_duplicate: 0, language: 0, too_short: 1 });
    const records = await readCleaned("a");
    expect(records.map((r) => r.lang)).toEqual(["ro", "ro", "en"]);
  });

  it("treats duplicates across files and keeps ids unique", async () => {
    await writeRaw("a", [raw("Primul fișier are acest comentariu despre taxe.", { id: "1" })]);
    await writeRaw("b", [
      raw("primul fisier are acest comentariu despre taxe", { id: "7" }),
      raw("Al doilea fișier are un comentariu diferit despre școli.", { id: "1" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.dropped.exact_duplicate).toBe(1);
    expect(report.changes.id_renamed).toBe(1);
    expect((await readCleaned("b")).map((r) => r.id)).toEqual(["1~2"]);
  });

  it("rewrites only the files that come from raw/, never the others in cleaned/", async () => {
    await mkdir(path.join(dir, "cleaned"), { recursive: true });
    const shipped =
      '{"id":"s1","text":"Corpusul livrat rămâne neatins.","source":"s","platform":"stiri","date":"2025-01-01","url":"","lang":"ro"}\n';
    await writeFile(path.join(dir, "cleaned", "livrat.jsonl"), shipped);
    await writeFile(path.join(dir, "cleaned", "comentarii.jsonl"), "vechi\n");
    await runDefault();
    expect(await readFile(path.join(dir, "cleaned", "livrat.jsonl"), "utf8")).toBe(shipped);
    expect(await readFile(path.join(dir, "cleaned", "comentarii.jsonl"), "utf8")).not.toContain("vechi");
    expect((await readdir(path.join(dir, "cleaned"))).sort()).toEqual([
      "comentarii.jsonl",
      "livrat.jsonl",
      "report.json",
    ]);
  });

  it("leaves cleaned/ untouched when interrupted", async () => {
    await writeRaw("a", [raw(LONG)]);
    await mkdir(path.join(dir, "cleaned"), { recursive: true });
    await writeFile(path.join(dir, "cleaned", "a.jsonl"), "vechi\n");
    const controller = new AbortController();
    controller.abort();
    await expect(cleanCorpus({ corpusDir: dir, signal: controller.signal })).rejects.toThrow(CleanError);
    expect(await readFile(path.join(dir, "cleaned", "a.jsonl"), "utf8")).toBe("vechi\n");
    expect(await readdir(path.join(dir, "cleaned"))).toEqual(["a.jsonl"]);
  });

  it("fills in what a hand-made raw file lacks and drops records it cannot date", async () => {
    await writeRaw("manual", [
      JSON.stringify({ text: "Un comentariu scris de mână, fără alte câmpuri.", date: "14.03.2025" }),
      JSON.stringify({ text: "Alt comentariu scris de mână, cu dată greșită.", date: "ieri" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.dropped.invalid_record).toBe(1);
    expect(report.changes.defaults_filled).toBe(1);
    expect(await readCleaned("manual")).toEqual([
      expect.objectContaining({
        id: "manual-1",
        source: "manual",
        platform: "import",
        date: "2025-03-14",
        lang: "ro",
      }),
    ]);
  });

  it("writes a collection that keeps nothing as an empty file, 0 bytes (a removal reads its size)", async () => {
    // Long records dropped at every step: a duplicate, another language, a text with no words.
    await writeRaw("plin", [raw(LONG)]);
    await writeRaw("gol", [
      raw(LONG, { importedAt: "2025-05-01T12:00:00.000Z" }),
      raw(ENGLISH.repeat(20), { importedAt: "2025-05-01T12:00:00.000Z" }),
      raw("!!! ??? ... ".repeat(50), { importedAt: "2025-05-01T12:00:00.000Z" }),
      raw("   ", { importedAt: "2025-05-01T12:00:00.000Z" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.files.find((f) => f.name === "gol")).toMatchObject({ read: 4, kept: 0 });
    expect((await stat(path.join(dir, "cleaned", "gol.jsonl"))).size).toBe(0);
    expect((await stat(path.join(dir, "cleaned", "plin.jsonl"))).size).toBeGreaterThan(0);
  });

  it("says clearly when raw/ holds nothing to clean", async () => {
    await expect(cleanCorpus({ corpusDir: dir })).rejects.toThrow(/Nu există fișiere \.jsonl/);
  });
});

describe("the order collections arrived in", () => {
  const OLDER = "2025-04-01T12:00:00.000Z";
  const NEWER = "2025-05-02T08:30:00.000Z";
  const TEXTS = [
    "Primarul a promis că asfaltează drumul spre gară până în toamnă, dar nu s-a mișcat nimic.",
    "Consiliul județean a aprobat bani pentru spitalul nou, însă licitația a fost contestată.",
    "Profesorii din comună spun că școala are nevoie de încălzire nouă înainte de iarnă.",
  ];
  const NEW_TEXT =
    "Locuitorii cartierului cer un parc pentru copii în locul parcării abandonate de lângă piață.";

  it("keeps the older collection's texts when a newer one whose name sorts first repeats them", async () => {
    await writeRaw(
      "zeta",
      TEXTS.map((text, i) => raw(text, { id: String(i + 1), importedAt: OLDER })),
    );
    await writeRaw("alfa", [
      raw(TEXTS[0]!.toUpperCase(), { id: "a1", importedAt: NEWER }),
      raw(TEXTS[2]!, { id: "a2", importedAt: NEWER }),
      raw(NEW_TEXT, { id: "1", importedAt: NEWER }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir, details: ["alfa"] });

    const zeta = await readCleaned("zeta");
    expect(textOf(zeta)).toEqual(TEXTS);
    // The older collection's ids stay as they were: the newcomer's repeated id is the one renamed.
    expect(zeta.map((r) => r.id)).toEqual(["1", "2", "3"]);
    expect(await readCleaned("alfa")).toEqual([expect.objectContaining({ id: "1~2", text: NEW_TEXT })]);
    expect(report.files.map((f) => f.name)).toEqual(["zeta", "alfa"]);
    const alfa = report.files.find((f) => f.name === "alfa")!;
    expect(alfa).toMatchObject({ read: 3, kept: 1, dropped: 2 });
    expect(alfa.droppedBy.exact_duplicate).toBe(2);
    expect(report.files.find((f) => f.name === "zeta")).toMatchObject({ read: 3, kept: 3, dropped: 0 });
    expect(report.details!.alfa!.examples.exact_duplicate).toEqual([
      expect.objectContaining({ id: "a1", duplicateOf: "1" }),
      expect.objectContaining({ id: "a2", duplicateOf: "3" }),
    ]);
  });

  it("counts a collection imported again as new: the one that stayed keeps the texts both hold", async () => {
    await writeRaw("alfa", [raw(TEXTS[0]!, { id: "a1", importedAt: OLDER })]);
    await writeRaw("zeta", [
      raw(TEXTS[0]!, { id: "z1", importedAt: NEWER }),
      raw(TEXTS[1]!, { id: "z2", importedAt: NEWER }),
    ]);
    await cleanCorpus({ corpusDir: dir });
    expect((await readCleaned("alfa")).map((r) => r.id)).toEqual(["a1"]);
    expect((await readCleaned("zeta")).map((r) => r.id)).toEqual(["z2"]);

    // alfa imported again, later than zeta: zeta now came first.
    await writeRaw("alfa", [raw(TEXTS[0]!, { id: "a1", importedAt: "2025-06-01T00:00:00.000Z" })]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect((await readCleaned("zeta")).map((r) => r.id)).toEqual(["z1", "z2"]);
    expect(await readCleaned("alfa")).toEqual([]);
    expect(report.files.map((f) => f.name)).toEqual(["zeta", "alfa"]);
  });

  it("takes files imported together, and hand-made files without importedAt (first), in name order", async () => {
    const handMade = (text: string) => JSON.stringify({ text, date: "2025-03-14" });
    await writeRaw("m-manual", [handMade(TEXTS[0]!)]);
    await writeRaw("b-import", [
      raw(TEXTS[0]!, { importedAt: OLDER }),
      raw(TEXTS[1]!, { importedAt: OLDER }),
    ]);
    await writeRaw("a-import", [
      raw(TEXTS[1]!, { importedAt: OLDER }),
      raw(TEXTS[2]!, { importedAt: OLDER }),
    ]);
    await writeRaw("c-manual", ["", "{nu e json", handMade(TEXTS[2]!)]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.files.map((f) => f.name)).toEqual(["c-manual", "m-manual", "a-import", "b-import"]);
    expect(textOf(await readCleaned("a-import"))).toEqual([TEXTS[1]]);
    expect(await readCleaned("b-import")).toEqual([]);
  });
});

describe("the report without a collection", () => {
  it("takes a collection out of a report written before files counted their changes and language methods", async () => {
    await writeRaw("pastrat", [raw(LONG, { id: "p1" })]);
    const later = { importedAt: "2025-05-01T12:00:00.000Z" };
    await writeRaw("gol", [raw("Prea scurt", later), raw(ENGLISH, later), raw(LONG.toUpperCase(), later)]);
    const report = await cleanCorpus({ corpusDir: dir });
    const cleaned = path.join(dir, "cleaned");
    const old = {
      ...report,
      duplicateExamples: report.duplicateExamples.map(({ file: _file, ...e }) => e),
      files: report.files.map(({ changed: _changed, languageMethods: _methods, ...f }) => f),
    };
    await writeFile(path.join(cleaned, "report.json"), JSON.stringify(old));
    const stored = await readCleanReport(cleaned);
    const edited = withoutCollection(stored!, "gol")!;
    expect(edited.files.map((f) => f.name)).toEqual(["pastrat"]);
    expect(edited.totals).toMatchObject({ read: 1, kept: 1, dropped: 0 });
    expect(edited.dropped).toMatchObject({ too_short: 0, language: 0, exact_duplicate: 0 });
    expect(edited.droppedByLanguage).toEqual({});
    expect(withoutCollection(stored!, "nu-exista")).toBeNull();
    await writeFile(path.join(cleaned, "report.json"), "nu e JSON");
    expect(await readCleanReport(cleaned)).toBeNull();
  });
});

describe("source names", () => {
  it("gives a legacy file's source names and titles the comma-below letters its text gets", async () => {
    await writeRaw("vechi", [
      raw("Ministerul a anunţat că spitalele vor primi bani pentru aparatură nouă.", {
        source: "Ministerul Sănătăţii",
        title: "Anunţ despre spitale",
      }),
      raw("Consiliul local a aprobat bugetul pentru şcolile din cartier, spun aleşii.", {
        source: "  ŞTIRI   Locale ",
      }),
      raw("Un text fără nicio literă veche, despre transportul public din oraș.", { source: "Știri Locale" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    const records = await readCleaned("vechi");
    expect(records.map((r) => r.source)).toEqual(["Ministerul Sănătății", "ȘTIRI Locale", "Știri Locale"]);
    expect(records[0]!.title).toBe("Anunț despre spitale");
    // Each record whose text or source had the old letters counts once as "diacritics fixed".
    expect(report.files.find((f) => f.name === "vechi")!.changes.cedilla).toBe(2);
  });

  it("leaves a source's own characters alone", async () => {
    await writeRaw("simboluri", [
      raw("Un text destul de lung despre alegerile locale din Cluj și Iași.", { source: "Ştiri & <Opinii>" }),
    ]);
    await cleanCorpus({ corpusDir: dir });
    expect((await readCleaned("simboluri"))[0]!.source).toBe("Știri & <Opinii>");
  });
});

describe("platform names", () => {
  it("gives a platform imported under another spelling its known id, and leaves unknown ones as they are", async () => {
    await writeRaw("vechi-platforme", [
      raw("Guvernul a anunțat majorarea pensiilor de la începutul anului viitor.", { platform: "news" }),
      raw("Ministerul Finanțelor a publicat proiectul de buget pentru consultare.", {
        platform: "Surse oficiale",
      }),
      raw("Un comentariu lung despre transportul public din oraș și despre trafic.", {
        platform: "forum-local",
      }),
      raw("Altă știre despre școlile din cartier și despre bugetul pentru reparații.", { platform: "stiri" }),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    const records = await readCleaned("vechi-platforme");
    expect(records.map((r) => r.platform)).toEqual(["stiri", "oficial", "forum-local", "stiri"]);
    expect(report.files.find((f) => f.name === "vechi-platforme")!.changes.platform_known).toBe(2);
  });
});

describe("surelyCorpusRecord", () => {
  it("never accepts a record that CorpusRecordSchema rejects", () => {
    const good = {
      id: "a1",
      text: "Un text.",
      source: "s",
      platform: "forum",
      date: "2025-03-14",
      url: "",
      title: "T",
      lang: "ro",
    };
    const values: unknown[] = [undefined, null, "", " ", "x", "2025-03-14", "2025-3-14", 3, {}, []];
    let accepted = 0;
    for (const field of [...Object.keys(good), "extra"]) {
      for (const value of values) {
        const record: Record<string, unknown> = { ...good, [field]: value };
        if (value === undefined) delete record[field];
        if (surelyCorpusRecord(record)) {
          accepted += 1;
          expect(CorpusRecordSchema.safeParse(record).success).toBe(true);
        }
      }
    }
    expect(surelyCorpusRecord(good)).toBe(true);
    expect(accepted).toBeGreaterThan(20);
  });
});

describe("clean CLI", () => {
  const run = (argv: string[]) => runCommand(cleanCommand, argv, { CORPUS_DIR: dir });

  it("prints the report as a table", async () => {
    await writeRaw("a", [raw(LONG), raw(ENGLISH), raw(LONG)]);
    const { code, out } = await run(["--keep-lang", "ro"]);
    expect(code).toBe(0);
    expect(out).toMatch(/│ a\s+│ 3\s+│ 1\s+│ 2\s+│/);
    expect(out).toMatch(/duplicat exact\s+│ 1/);
    expect(out).toMatch(/engleză \(eng\)\s+│ 1/);
    expect(out).toContain("Păstrate 1 din 3");
  });

  it("says which collection keeps no document, with the reasons counted (a wrong --text-col)", async () => {
    await writeRaw("a", [raw(LONG)]);
    // The platform column imported as the text: every value too short to keep.
    await writeRaw("broken", [raw("facebook"), raw("forum"), raw("facebook"), raw("stiri")]);
    const { code, out, err } = await run([]);
    expect(code).toBe(0);
    expect(out).toContain("Păstrate 1 din 5");
    expect(err).toContain(
      "Atenție: colecția „broken” nu păstrează niciun document: curățarea a eliminat toate cele 4 înregistrări " +
        "(text prea scurt: 4). Verificați coloana de text",
    );
    expect(err).not.toContain("„a”");
  });

  it("rejects bad options and an empty raw/ with a message and a non-zero code", async () => {
    expect((await run(["--near-dup-threshold", "20"])).code).toBe(2);
    expect((await run(["--min-chars", "multe"])).err).toContain("--min-chars trebuie să fie un număr întreg");
    const empty = await run([]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain("Importați întâi date");
  });
});
