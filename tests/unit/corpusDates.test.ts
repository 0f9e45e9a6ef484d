// Records the importer dated with the import day (`dateImputed`): the mark survives clean and reaches the index's
// chunks and the catalog, and ranges, timelines and date filters leave such records out while counting them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanCorpus } from "../../corpus/pipeline/clean";
import { importFiles } from "../../corpus/pipeline/import";
import { readCleanedCorpus } from "../../corpus/pipeline/cleanedCorpus";
import { chunkRecord } from "../../corpus/pipeline/chunk";
import { documentHash, sha256 } from "../../corpus/pipeline/indexFormat";
import { CorpusRecordSchema, type CorpusRecord } from "../../contract/corpus";
import { DocumentsQuerySchema } from "../../contract/corpusExplore";
import { formatPassages } from "../../graphs/chat/prompts";
import { formatReport } from "../../server/cli/clean";
import { buildCatalog } from "../../server/corpus/catalog/build";
import { CorpusCatalog } from "../../server/corpus/catalog/catalog";
import { CorpusCounts, LabelTally } from "../../server/corpus/catalog/overview";
import { cleanView } from "../../server/corpus/reportViews";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "echochamber-dates-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeJsonl(file: string, records: object[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

const TEXTS = [
  "Guvernul a anunțat azi noi măsuri pentru pensii și salarii în sectorul public.",
  "Primarul a inaugurat podul nou peste râu, după trei ani de lucrări întârziate.",
  "Parlamentarii au dezbătut legea bugetului până noaptea târziu, fără un vot final.",
  "Locuitorii comunei cer de ani de zile apă curentă și canalizare pentru toate satele.",
];

/** A raw record as the importer writes it; `imputed` as for an input without a usable date. */
function raw(n: number, date: string, imputed: boolean): Record<string, unknown> {
  return {
    id: `r${n}`,
    text: TEXTS[n]!,
    source: "Jurnal",
    platform: "stiri",
    date,
    url: "",
    lang: "und",
    importedAt: "2026-12-06T10:00:00.000Z",
    origin: { file: "jurnal.csv", line: n + 2 },
    ...(imputed ? { dateImputed: true, dateRaw: "ieri" } : {}),
  };
}

describe("the imputed-date mark through an export imported again", () => {
  it("stays on a record whose line says so (JSON or a spreadsheet column), with its first import day", async () => {
    const jsonl = path.join(dir, "export.jsonl");
    await writeJsonl(jsonl, [
      { id: "e1", text: TEXTS[0], date: "2026-01-05", dateImputed: true },
      { id: "e2", text: TEXTS[1], date: "2024-03-01" },
    ]);
    const csv = path.join(dir, "export.csv");
    await writeFile(
      csv,
      `id,text,date,date_imputed\nc1,"${TEXTS[2]}",2026-01-05,true\nc2,"${TEXTS[3]}",2024-03-01,\n`,
    );
    const { results, failures } = await importFiles([jsonl, csv], {
      corpusDir: dir,
      now: new Date("2026-12-06T10:00:00Z"),
    });
    expect(failures).toEqual([]);
    const written = await Promise.all(
      results.map(async (r) =>
        (await readFile(r.output, "utf8"))
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      ),
    );
    const byId = new Map(written.flat().map((r: { id: string; dateImputed?: boolean }) => [r.id, r]));
    expect(byId.get("e1")).toMatchObject({ date: "2026-01-05", dateImputed: true });
    expect(byId.get("c1")).toMatchObject({ date: "2026-01-05", dateImputed: true });
    expect(byId.get("e2")?.dateImputed).toBeUndefined();
    expect(byId.get("c2")?.dateImputed).toBeUndefined();
    expect(results.map((r) => r.dateImputed)).toEqual([1, 1]);
  });
});

describe("the imputed-date mark through clean", () => {
  it("is kept on the cleaned record, read back with it, and counted in the report and the CLI's table", async () => {
    await writeJsonl(path.join(dir, "raw", "jurnal.jsonl"), [
      raw(0, "2024-03-01", false),
      raw(1, "2026-12-06", true),
      raw(2, "2026-12-06", true),
    ]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.totals).toMatchObject({ kept: 3, undated: 2 });
    expect(report.files[0]).toMatchObject({ name: "jurnal", undated: 2 });
    expect(cleanView(report, "jurnal").undated).toBe(2);
    expect(formatReport(report)).toContain("Fără dată: 2 înregistrări păstrate au data importului");

    const { records } = await readCleanedCorpus(dir);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get("r1")).toMatchObject({ date: "2026-12-06", dateImputed: true });
    expect(byId.get("r2")?.dateImputed).toBe(true);
    expect(byId.get("r0")?.dateImputed).toBeUndefined();
    // What was unreadable stays with the record.
    const cleaned = (await readFile(path.join(dir, "cleaned", "jurnal.jsonl"), "utf8")).split("\n");
    expect(JSON.parse(cleaned[1]!)).toMatchObject({ dateImputed: true, dateRaw: "ieri" });
  });

  it("says nothing of undated records when there are none, and reads cleaned files older than the mark", async () => {
    await writeJsonl(path.join(dir, "raw", "jurnal.jsonl"), [raw(0, "2024-03-01", false)]);
    const report = await cleanCorpus({ corpusDir: dir });
    expect(report.totals.undated).toBe(0);
    expect(formatReport(report)).not.toContain("Fără dată");
    // A cleaned line written before the mark existed: no dateImputed at all.
    const old = {
      id: "v1",
      text: TEXTS[3],
      source: "s",
      platform: "forum",
      date: "2023-01-05",
      url: "",
      lang: "ro",
    };
    expect(CorpusRecordSchema.parse(old).dateImputed).toBeUndefined();
    await writeJsonl(path.join(dir, "cleaned", "vechi.jsonl"), [old]);
    const { records, skippedLines } = await readCleanedCorpus(dir);
    expect(skippedLines).toBe(0);
    expect(records.map((r) => r.id).sort()).toEqual(["r0", "v1"]);
  });
});

describe("the mark in the index", () => {
  const record: CorpusRecord = {
    id: "d1",
    text: TEXTS[0]!,
    source: "Jurnal",
    platform: "stiri",
    date: "2026-12-06",
    url: "",
    lang: "ro",
  };

  it("reaches every chunk's metadata, so that a citation can say the document has no date", () => {
    expect(chunkRecord({ ...record, dateImputed: true })[0]!.meta.dateImputed).toBe(true);
    expect(chunkRecord(record)[0]!.meta).not.toHaveProperty("dateImputed");
  });

  it("is what the answering model reads: 'fără dată', never the import day as the text's date", () => {
    const [dated, undated] = [record, { ...record, id: "d2", dateImputed: true }].map(
      (r) => chunkRecord(r)[0]!,
    );
    const prompt = formatPassages([dated!, undated!]).split("\n");
    expect(prompt[0]).toContain("(Jurnal · stiri · 2026-12-06)");
    expect(prompt[1]).toContain("(Jurnal · stiri · fără dată)");
  });

  it("leaves the document's hash as it was before the mark was read, so an upgraded index and catalog agree", () => {
    const { id, text, source, platform, date, url, lang } = record;
    const before = sha256(JSON.stringify([id, text, source, platform, date, url, null, lang]));
    expect(documentHash(record)).toBe(before);
    // Yesterday's cleaned files already held the mark; their index was hashed without it.
    expect(documentHash({ ...record, dateImputed: true })).toBe(before);
  });
});

describe("ranges and timelines", () => {
  const doc = (date: string, dateImputed?: boolean) => ({
    source: "Jurnal",
    platform: "stiri",
    date,
    chars: 80,
    ...(dateImputed === undefined ? {} : { dateImputed }),
  });

  it("leave undated documents out of the date range and the months, and count them apart", () => {
    const counts = new CorpusCounts();
    counts.add(doc("2024-03-01"));
    counts.add(doc("2024-05-20", false));
    counts.add(doc("2026-12-06", true));
    counts.add(doc("2026-12-06", true));
    const result = counts.result();
    expect(result.documents).toBe(4);
    expect(result.undated).toBe(2);
    expect([result.dateMin, result.dateMax]).toEqual(["2024-03-01", "2024-05-20"]);
    expect(result.byMonth).toEqual([
      { month: "2024-03", count: 1 },
      { month: "2024-05", count: 1 },
    ]);
    // Every other count still has them.
    expect(result.byPlatform).toEqual([{ value: "stiri", count: 4 }]);
  });

  it("count an undated document's labels in the totals but in no month", () => {
    const tally = new LabelTally("lexicon", "offline:lexicon");
    const labels = {
      ton: "negativ",
      populism: true,
      anti_elitism: false,
      popor_central: false,
      tema: "economie",
    };
    tally.add({ source: "Jurnal", date: "2024-03-01" }, labels);
    tally.add({ source: "Jurnal", date: "2026-12-06", dateImputed: true }, labels);
    const result = tally.result();
    expect(result.all.n).toBe(2);
    expect(result.undated).toBe(1);
    expect(result.bySource[0]!.n).toBe(2);
    expect(result.byMonth.map((m) => m.month)).toEqual(["2024-03"]);
    expect(result.sourceMonths[0]!.months.map((m) => m.month)).toEqual(["2024-03"]);
  });
});

describe("the catalog", () => {
  it("marks undated documents, keeps them out of the range and date filters, and lists them after dated ones", async () => {
    const cleanedDir = path.join(dir, "cleaned");
    const record = (n: number, date: string, imputed: boolean) => ({
      id: `c${n}`,
      text: TEXTS[n]!,
      source: "Jurnal",
      platform: "stiri",
      date,
      url: "",
      lang: "ro",
      ...(imputed ? { dateImputed: true } : {}),
    });
    await writeJsonl(path.join(cleanedDir, "jurnal.jsonl"), [
      record(0, "2024-03-01", false),
      record(1, "2026-12-06", true),
      record(2, "2024-05-20", false),
    ]);
    const out = path.join(dir, "catalog.db");
    await buildCatalog({ cleanedDir, out, previous: null });
    const catalog = CorpusCatalog.open(out);
    try {
      const overview = catalog.overview();
      expect(overview).toMatchObject({
        documents: 3,
        undated: 1,
        dateMin: "2024-03-01",
        dateMax: "2024-05-20",
      });
      expect(overview.byMonth.map((m) => m.month)).toEqual(["2024-03", "2024-05"]);
      expect(catalog.collections()[0]).toMatchObject({ undated: 1, dateMax: "2024-05-20" });

      const page = (query: Record<string, string>) =>
        catalog.documentsPage(DocumentsQuerySchema.parse(query)).documents.map((d) => d.id);
      // The import day is inside this range, but it is no day of the text.
      expect(page({ dateFrom: "2024-01-01", dateTo: "2027-01-01" })).toEqual(["c2", "c0"]);
      expect(page({ dateTo: "2027-01-01" })).toEqual(["c2", "c0"]);
      expect(page({ dateFrom: "2026-12-01" })).toEqual([]);
      // Without a date filter every document is there, newest first and the undated one last.
      expect(page({})).toEqual(["c2", "c0", "c1"]);
      expect(page({ sort: "oldest" })).toEqual(["c0", "c2", "c1"]);

      const hits = catalog.documentsPage(DocumentsQuerySchema.parse({})).documents;
      expect(hits.find((h) => h.id === "c1")?.dateImputed).toBe(true);
      expect(hits.find((h) => h.id === "c0")).not.toHaveProperty("dateImputed");
      expect(catalog.document("c1")).toMatchObject({ dateImputed: true, meta: {} });
      // An export gives the record back as it was cleaned, mark included.
      const exported = catalog.recordsAfter(0, 10).records;
      expect(exported.find((r) => r.id === "c1")).toMatchObject({ dateImputed: true });
      expect(exported.find((r) => r.id === "c0")).not.toHaveProperty("dateImputed");
    } finally {
      catalog.close();
    }
  });
});
