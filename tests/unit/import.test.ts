// The import command: every input format, encoding detection, malformed and refused inputs, atomic output.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AtomicJsonlWriter } from "../../corpus/pipeline/atomicJsonl";
import { chunkRecord } from "../../corpus/pipeline/chunk";
import { cleanCorpus } from "../../corpus/pipeline/clean";
import { sniffCsv, sniffDelimiter } from "../../corpus/pipeline/import/csv";
import { normalizeDate } from "../../corpus/pipeline/import/dates";
import { detectEncoding, mojibakeReason } from "../../corpus/pipeline/import/encoding";
import {
  ImportError,
  importFile,
  importFiles,
  inspectFile,
  type ImportOptions,
  type ImportResult,
  type RawRecord,
} from "../../corpus/pipeline/import/index";
import { command as importCommand } from "../../server/cli/import";
import { formatMessage } from "../../contract/errors";
import { MANY_FRAGMENTS } from "../../contract/importWarnings";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "import");
const fixture = (name: string) => path.join(FIXTURES, name);
const NOW = new Date("2025-04-01T12:00:00Z");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "echochamber-import-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
  corpusDir: dir,
  now: NOW,
  ...extra,
});

async function readRecords(file: string): Promise<RawRecord[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RawRecord);
}

/** Imports one file and returns its result and the records written. */
async function importOne(file: string, extra: Partial<ImportOptions> = {}) {
  const { results, failures } = await importFiles([file], options(extra));
  expect(failures).toEqual([]);
  const result = results[0] as ImportResult;
  return { result, records: await readRecords(result.output) };
}

async function rejection(promise: Promise<unknown>): Promise<ImportError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

/** Files left in raw/ (none when the folder was never created). */
async function rawListing(): Promise<string[]> {
  return readdir(path.join(dir, "raw")).catch(() => []);
}

// Romanian text as a legacy Windows-1250 / ISO-8859-2 file holds it: ş ţ with cedilla (no comma-below there).
const LEGACY_CSV =
  "id;text;data\n" +
  "1;„Guvernul a anunţat că pensiile vor creşte”, a spus ministrul – din nou;14.03.2025\n" +
  "2;Ţara are nevoie de şcoli noi şi de spitale în fiecare judeţ, spun primarii;15.03.2025\n" +
  "3;Îmi doresc ca aleşii să asculte cetăţenii mai des şi să vină în cartiere;16.03.2025\n";

/** `npm run cli -- import ARGS` over the test's corpus folder: its exit code and what it printed. */
async function importCli(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(" "));
  });
  const previous = process.env.CORPUS_DIR;
  process.env.CORPUS_DIR = dir;
  try {
    return { code: await importCommand.run(args), lines };
  } finally {
    process.env.CORPUS_DIR = previous;
    log.mockRestore();
  }
}

describe("CSV", () => {
  it("detects the ; delimiter, the header and the text, id, date, url and author columns", async () => {
    const { result, records } = await importOne(fixture("comentarii-vot.csv"));
    expect(result.format).toBe("csv");
    expect(result.formatDetail).toContain("punct și virgulă");
    expect(result.mapping).toMatchObject({
      text: "text_comentariu",
      id: "id_comentariu",
      date: "data",
      url: "link",
    });
    expect(result.records).toBe(4);
    expect(records.map((r) => r.id)).toEqual(["c-101", "c-102", "c-103", "c-104"]);
    expect(records[0]).toMatchObject({
      text: "Votul din duminică a arătat că oamenii vor schimbare, nu promisiuni.",
      source: "comentarii-vot",
      platform: "import",
      date: "2025-03-14",
      url: "https://exemplu.ro/forum/101",
      lang: "und",
      importedAt: NOW.toISOString(),
      origin: { file: "comentarii-vot.csv", line: 2 },
      author: "cetatean_activ",
    });
    // A quoted field keeps its delimiter and its line break; DD/MM/YYYY is read day first.
    expect(records[1]!.text).toContain("pensii; asta");
    expect(records[2]).toMatchObject({ date: "2025-03-16", origin: { line: 4 } });
    expect(records[2]!.text).toBe(
      "Primul rând al comentariului.\nAl doilea rând, tot din același comentariu.",
    );
    // The record after the two-line one starts on line 6; its empty date becomes the import date.
    expect(records[3]).toMatchObject({ origin: { line: 6 }, date: "2025-04-01", dateImputed: true });
    expect(result.dateImputed).toBe(1);
  });

  it("lets flags choose the columns (by name or by number) and set platform and source", async () => {
    const detected = await importOne(fixture("coloane-neobisnuite.csv"));
    // Without flags the longest column wins.
    expect(detected.result.mapping?.text).toBe("rezumat");
    expect(detected.records[0]!.id).toBe("coloane-neobisnuite-1");

    const { result, records } = await importOne(fixture("coloane-neobisnuite.csv"), {
      textCol: "fragment",
      idCol: "1",
      dateCol: "moment",
      platform: "consultare",
      source: "Consiliul Local Exemplu",
    });
    expect(result.mapping).toMatchObject({ text: "fragment", id: "cod", date: "moment" });
    expect(records[0]).toMatchObject({
      id: "A1",
      text: "Bugetul nu ajunge pentru toate străzile.",
      date: "2025-02-01",
      platform: "consultare",
      source: "Consiliul Local Exemplu",
    });
  });

  it("refuses a flag that names no column, listing the columns there are", async () => {
    const err = await rejection(
      importFile(await inspectFile(fixture("malformat.csv")), options({ textCol: "corp" })),
    );
    expect(err.code).toBe("import:column_missing");
    expect(err.message).toContain("Coloana „corp”");
    expect(err.message).toContain("id, text");
    expect(await rawListing()).toEqual([]);
  });

  it("skips a malformed row, reports its line number and imports the others", async () => {
    const { result, records } = await importOne(fixture("malformat.csv"));
    expect(result.records).toBe(3);
    expect(result.skipped.csv_malformed).toEqual({ count: 1, where: [3] });
    expect(records.map((r) => r.id)).toEqual(["1", "3", "4"]);
    expect(records[2]!.text).toBe("Al patrulea comentariu, cu virgulă între ghilimele.");
  });

  it("skips the line whose quote never closes, recovers the rows it swallowed, and keeps real multi-line cells", async () => {
    const { result, records } = await importOne(fixture("ghilimele-neinchise.csv"));
    expect(result.skipped.csv_malformed).toEqual({ count: 1, where: [2] });
    expect(records.map((r) => r.id)).toEqual(["2", "3", "4", "5", "6"]);
    expect(records[0]!.origin).toMatchObject({ line: 3 });
    expect(records[1]!.text).toBe('"Al treilea" rând cu "ghilimele" în mijloc');
    expect(records[2]!.text).toBe("Un comentariu pe două rânduri,\nscris în Excel cu Alt+Enter.");
    expect(records[2]!.origin).toMatchObject({ line: 5 });
    // A quoted multi-line cell that opens with a quotation of its own is no broken quote.
    expect(records[3]!.text).toBe('"Nu vom accepta", a spus primarul,\niar consilierii au tăcut.');
  });

  it("keeps the good line after an unclosed quote (the quote closes on the next line)", async () => {
    // Line 3 opens a quote it never closes; the quote that opens line 4 ended it, so both read as one record.
    const { result, records } = await importOne(fixture("ghilimele-rand-pierdut.csv"));
    expect(result.skipped.csv_malformed).toEqual({ count: 1, where: [3] });
    expect(records.map((r) => r.origin.line)).toEqual([2, 4, 5]);
    expect(records[1]!.text).toBe("Rândul patru este bun și destul de lung pentru curățare.");
    expect(records[1]!.date).toBe("2024-06-03");
  });

  it("names the right lines when an unclosed quote makes a record of the wrong width", async () => {
    // Lines 3–4 read as one record of 5 fields (skipped whole before); line 5 has too many columns.
    const { result, records } = await importOne(fixture("ghilimele-si-coloane.csv"));
    expect(result.skipped.csv_malformed).toEqual({ count: 2, where: [3, 5] });
    expect(records.map((r) => r.origin.line)).toEqual([2, 4, 6]);
    expect(records[1]!.text).toBe("Al treilea rând e bun, despre bugetul județului Cluj.");
    // The file's platform column says "news": the corpus keeps the known platform's id.
    expect(records.map((r) => r.platform)).toEqual(["stiri", "stiri", "stiri"]);
  });

  it("reports every line of a too-wide record with a real multi-line cell, making no row of its pieces", async () => {
    const file = path.join(dir, "celula-lata.csv");
    await writeFile(file, 'id,text\n1,"Prima parte,\na doua parte",extra\n2,Un rând bun despre buget.\n');
    const { result, records } = await importOne(file);
    expect(result.skipped.csv_malformed).toEqual({ count: 2, where: [2, 3] });
    expect(records.map((r) => r.id)).toEqual(["2"]);
  });

  it("recovers the lines after a quote left open at the end of the file", async () => {
    const file = path.join(dir, "final-deschis.csv");
    await writeFile(
      file,
      'id,text\n1,Un rând bun despre buget.\n2,"Deschis fără închidere\n3,Alt rând bun despre școli.\n',
    );
    const { result, records } = await importOne(file);
    expect(result.skipped.csv_malformed).toEqual({ count: 1, where: [3] });
    expect(records.map((r) => r.id)).toEqual(["1", "3"]);
  });

  it("reports every line a quote left open near the top of a large file kept from being read", async () => {
    const file = path.join(dir, "deschis-mare.csv");
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i + 3},Rândul ${i + 3} despre bugetul local.`);
    await writeFile(
      file,
      ["id,text", "1,Un rând bun despre buget.", '2,"Deschis fără închidere', ...rows, ""].join("\n"),
    );
    const { result, records } = await importOne(file);
    // csv-parse stops reading past 8,000,000 characters in one record: the whole lines it held are rows again, the
    // line it cut is not half a row, and each line after it is counted as skipped, so every line is accounted for.
    const skipped = result.skipped.csv_malformed!;
    expect(skipped.where[0]).toBe(3);
    expect(records.length + skipped.count).toBe(200_002); // every line but the header
    expect(skipped.count).toBeGreaterThan(1_000);
    const cut = records.at(-1)!;
    expect(cut.text).toBe(`Rândul ${cut.id} despre bugetul local.`);
    expect(cut.origin.line).toBe(Number(cut.id) + 1); // row k sits on line k + 1 under the header
  }, 60_000);

  it("sniffs tab and pipe delimiters and headerless files", () => {
    expect(sniffDelimiter("a\tb\tc\n1\t2\t3\n", false).delimiter).toBe("\t");
    expect(sniffDelimiter("a|b\n1|2\n3|4\n", false).delimiter).toBe("|");
    const layout = sniffCsv(
      "12,2025-01-02,Un comentariu destul de lung\n13,2025-01-03,Alt comentariu lung\n",
      false,
      [],
    );
    expect(layout.hasHeader).toBe(false);
    expect(layout.columns).toEqual(["col1", "col2", "col3"]);
  });

  it("takes a header named textul, text_ or comentariul over short texts as the header, and its column as the text", async () => {
    for (const name of ["textul", "Text_", "comentariul", "text_comentariu"]) {
      const csv = `${name};eticheta\nRușine!;neg\nBravo;poz\nHoții;neg\n`;
      const layout = sniffCsv(csv, false, []);
      expect(layout.hasHeader, name).toBe(true);
      expect(layout.columns, name).toEqual([name, "eticheta"]);
      const file = path.join(dir, "scurte.csv");
      await writeFile(file, csv);
      const { result, records } = await importOne(file);
      expect(result.mapping?.text, name).toBe(name);
      expect(records.map((r) => r.text)).toEqual(["Rușine!", "Bravo", "Hoții"]);
    }
  });
});

describe("encodings", () => {
  it("reads Windows-1250 (with „” and –), and clean turns its cedilla ş ţ into comma-below ș ț", async () => {
    const file = path.join(dir, "legacy-1250.csv");
    await writeFile(file, iconv.encode(LEGACY_CSV, "windows-1250"));
    const { result, records } = await importOne(file);
    expect(result.encoding).toBe("windows-1250");
    expect(result.invalidChars).toBe(0);
    expect(records[0]!.text).toBe("„Guvernul a anunţat că pensiile vor creşte”, a spus ministrul – din nou");
    expect(records[2]!.text).toContain("Îmi doresc ca aleşii să asculte cetăţenii");

    await cleanCorpus({ corpusDir: dir });
    const cleaned = await readRecords(path.join(dir, "cleaned", "legacy-1250.jsonl"));
    expect(cleaned.map((r) => r.text)).toEqual([
      "„Guvernul a anunțat că pensiile vor crește”, a spus ministrul – din nou",
      "Țara are nevoie de școli noi și de spitale în fiecare județ, spun primarii",
      "Îmi doresc ca aleșii să asculte cetățenii mai des și să vină în cartiere",
    ]);
    expect(cleaned.map((r) => r.text).join("")).not.toMatch(/[şţŞŢ]/);
  });

  it("reads ISO-8859-2 with ă î â ş ţ", async () => {
    const file = path.join(dir, "latin2.csv");
    await writeFile(file, iconv.encode(LEGACY_CSV.replace(/[„”]/g, '"').replace(/–/g, "-"), "iso-8859-2"));
    const { result, records } = await importOne(file);
    expect(["iso-8859-2", "windows-1250"]).toContain(result.encoding);
    expect(result.encodingMethod).toBe("chardet");
    expect(records[1]!.text).toBe(
      "Ţara are nevoie de şcoli noi şi de spitale în fiecare judeţ, spun primarii",
    );
    expect(records[2]!.text).toContain("mai des şi să vină în cartiere");
  });

  it("reads UTF-8 with a BOM without letting the BOM into the first column name", async () => {
    const file = path.join(dir, "bom.csv");
    const utf8 = "id;text;data\n7;Școala din cartier a fost renovată în sfârșit;01.09.2024\n";
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8)]));
    const { result, records } = await importOne(file);
    expect(result).toMatchObject({ encoding: "utf-8", encodingMethod: "bom" });
    expect(result.mapping?.id).toBe("id");
    expect(records[0]).toMatchObject({
      id: "7",
      text: "Școala din cartier a fost renovată în sfârșit",
      date: "2024-09-01",
    });
  });

  it("refuses with import:encoding_unknown a file no supported encoding reads (Russian in Windows-1251)", async () => {
    const russian =
      "id;text\n1;Правительство объявило, что пенсии вырастут в следующем году, сказал министр.\n" +
      "2;Граждане требуют новых школ и больниц в каждом районе нашей страны.\n";
    const file = path.join(dir, "rusa.csv");
    await writeFile(file, iconv.encode(russian, "windows-1251"));
    const err = await rejection(inspectFile(file));
    expect(err.code).toBe("import:encoding_unknown");
    expect(err.message).toContain("rusa.csv");
    // The same words forced through --encoding are read as asked: the person decides.
    const forced = await inspectFile(file, { encoding: "windows-1250" });
    expect(forced.encoding).toBe("windows-1250");
  });

  it("refuses a forced encoding outside the documented list (latin1) with import:encoding, and takes the listed ones", async () => {
    const file = path.join(dir, "utf8-latin1.jsonl");
    await writeFile(file, '{"text": "Se ține minte ce uită alții, spun părinții din sat."}\n');
    for (const name of ["latin1", "iso-8859-1", "utf-16le", "koi8-r"]) {
      const err = await rejection(inspectFile(file, { encoding: name }));
      expect(err.code).toBe("import:encoding");
      expect(err.message).toContain(`„${name}”`);
      expect(err.message).toContain("utf-8, windows-1250, iso-8859-2");
    }
    for (const [name, encoding] of [
      ["utf8", "utf-8"],
      ["cp1250", "windows-1250"],
      ["latin2", "iso-8859-2"],
      ["iso-8859-16", "iso-8859-16"],
      ["windows-1252", "windows-1252"],
    ]) {
      expect((await inspectFile(file, { encoding: name })).encoding).toBe(encoding);
    }
  });

  it("tells mojibake from Romanian written in a legacy code page", () => {
    const legacy = iconv.decode(iconv.encode(LEGACY_CSV.repeat(3), "windows-1250"), "windows-1250");
    expect(mojibakeReason(legacy)).toBeUndefined();
    const cyrillicAsLatin = iconv.decode(
      iconv.encode("Граждане требуют новых школ ".repeat(5), "windows-1251"),
      "windows-1250",
    );
    expect(mojibakeReason(cyrillicAsLatin)).toEqual({ code: "diacritic_runs" });
    expect(mojibakeReason("\uFFFD".repeat(30) + " text")).toEqual({ code: "undefined_bytes", count: 30 });
    expect(mojibakeReason("Țară")).toBeUndefined();
  });

  it("prefers Windows-1250 over ISO-8859-2 when bytes 0x80-0x9F (typographic quotes) occur", () => {
    const bytes = iconv.encode("„Aşa nu se mai poate” – spun locuitorii din oraş.", "windows-1250");
    expect(detectEncoding([bytes]).encoding).toBe("windows-1250");
    expect(detectEncoding([Buffer.from("doar ASCII")])).toEqual({ encoding: "utf-8", method: "ascii" });
  });

  it("names a Windows-1250 file without typographic quotes Windows-1250, and ISO-8859-2 only when a byte differs", () => {
    // Every Romanian letter is the same byte in both code pages: chardet alone said ISO-8859-2 for this file.
    const plain = iconv.encode(LEGACY_CSV.replace(/[„”]/g, '"').replace(/–/g, "-").repeat(3), "windows-1250");
    expect(detectEncoding([plain])).toEqual({ encoding: "windows-1250", method: "chardet" });
    // "Šťastný" in ISO-8859-2 has bytes (0xA9, 0xBB) that Windows-1250 reads as © and »: ISO-8859-2 stays.
    const latin2 = iconv.encode(
      "Şedinţa a fost amânată. Šťastný nový rok, ţară, şcoală, ăâî. ".repeat(20),
      "iso-8859-2",
    );
    expect(detectEncoding([latin2]).encoding).toBe("iso-8859-2");
  });
});

describe("JSONL, TXT, feeds and YouTube comments", () => {
  it("maps JSON Lines fields and skips broken lines with their numbers", async () => {
    const { result, records } = await importOne(fixture("comentarii.jsonl"));
    expect(result.format).toBe("jsonl");
    expect(result.mapping).toMatchObject({
      text: "message",
      id: "comment_id",
      date: "created_at",
      url: "permalink",
    });
    expect(result.skipped).toEqual({
      json_malformed: { count: 1, where: [3] },
      not_object: { count: 1, where: [6] },
    });
    expect(records.map((r) => [r.id, r.date, r.source])).toEqual([
      ["fb-1", "2025-01-20", "Pagina Cartierului"],
      ["fb-2", "2025-01-21", "Pagina Cartierului"],
      // Unix seconds.
      ["fb-4", "2025-01-22", "Pagina Cartierului"],
    ]);
    expect(records[2]!.origin).toEqual({ file: "comentarii.jsonl", line: 4 });
  });

  it("makes one document per paragraph of a text file, with the line each starts on", async () => {
    const { result, records } = await importOne(fixture("paragrafe.txt"), { source: "Jurnal de teren" });
    expect(result.format).toBe("txt");
    expect(records.map((r) => [r.id, r.origin.line])).toEqual([
      ["paragrafe-1", 1],
      ["paragrafe-2", 5],
      ["paragrafe-3", 8],
    ]);
    expect(records[0]!.text).toBe(
      "Primul paragraf vorbește despre alegerile locale\nși continuă pe al doilea rând.",
    );
    expect(records.every((r) => r.source === "Jurnal de teren" && r.dateImputed === true)).toBe(true);
  });

  it("reads RSS 2.0 items with the channel as source", async () => {
    const { result, records } = await importOne(fixture("flux-rss.xml"));
    expect(result).toMatchObject({ format: "feed", formatDetail: "RSS 2.0", records: 2 });
    expect(records[0]).toMatchObject({
      id: "stiri-1001",
      title: "Consiliul local a aprobat bugetul",
      url: "https://stiri.exemplu.ro/buget-aprobat",
      date: "2025-03-14",
      source: "Știri Locale Exemplu",
      platform: "rss",
      origin: { file: "flux-rss.xml", index: 1 },
    });
    expect(records[0]!.text).toContain("<b>bugetul</b>");
    // content:encoded, longer than the description, is the text.
    expect(records[1]!.text).toContain("Locuitorii au cerut mai multe autobuze &amp; tramvaie");
    expect(records[1]!.date).toBe("2025-03-15");
  });

  it("reads Atom entries: alternate link, published date, author", async () => {
    const { result, records } = await importOne(fixture("flux-atom.xml"));
    expect(result.formatDetail).toBe("Atom");
    expect(records[0]).toMatchObject({
      id: "urn:exemplu:post:1",
      url: "https://blog.exemplu.ro/participare",
      date: "2025-03-18",
      source: "Blogul Dezbaterilor Fictive",
      platform: "rss",
      author: "Redacția",
    });
    expect(records[0]!.text).toBe("<p>Participarea la vot a crescut în orașele mici.</p>");
    expect(records[1]).toMatchObject({ url: "https://blog.exemplu.ro/al-doilea", date: "2025-03-20" });
  });

  it("reads the first sheet of an XLSX workbook: header row as columns, one document per row", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Comentarii");
    sheet.addRow(["ID", "Comentariu", "Data", "Pagina"]);
    sheet.addRow([
      "x1",
      "Guvernul a anunțat că pensiile cresc de la 1 ianuarie.",
      new Date("2025-03-14"),
      "Pagina A",
    ]);
    sheet.addRow(["", "", "", ""]);
    sheet.addRow(["x2", "Școlile din județ au nevoie de profesori noi.", "15.03.2025", "Pagina B"]);
    workbook.addWorksheet("Altceva").addRow(["nu se citește"]);
    const file = path.join(dir, "comentarii.xlsx");
    await workbook.xlsx.writeFile(file);
    const { result, records } = await importOne(file);
    expect(result).toMatchObject({ format: "xlsx", records: 2, skippedTotal: 0 });
    expect(result.mapping).toMatchObject({ text: "Comentariu", id: "ID", date: "Data", source: "Pagina" });
    expect(records.map((r) => [r.id, r.date, r.source, r.origin.line])).toEqual([
      ["x1", "2025-03-14", "Pagina A", 2],
      ["x2", "2025-03-15", "Pagina B", 4],
    ]);
    expect(records[1]!.text).toBe("Școlile din județ au nevoie de profesori noi.");
  });

  it("refuses a damaged workbook with import:invalid_xlsx and writes nothing", async () => {
    const file = path.join(dir, "stricat.xlsx");
    await writeFile(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 0x41)]));
    const { results, failures } = await importFiles([file], options());
    expect(results).toEqual([]);
    expect(failures[0]?.error.code).toBe("import:invalid_xlsx");
    expect(await rawListing()).toEqual([]);
  });

  it("reads yt-dlp --write-comments info.json: one document per comment, linked with &lc=", async () => {
    const { result, records } = await importOne(fixture("dezbatere.info.json"));
    expect(result).toMatchObject({ format: "youtube", name: "dezbatere", records: 2 });
    expect(result.skipped.empty_text).toEqual({ count: 1, where: [3] });
    expect(records[0]).toMatchObject({
      id: "UgxCOMMENT1",
      text: "Foarte bună dezbaterea, păcat că a durat atât de puțin.",
      source: "Canalul Dezbaterilor",
      platform: "youtube",
      date: "2025-03-11",
      url: "https://www.youtube.com/watch?v=abcDEF12345&lc=UgxCOMMENT1",
      title: "Dezbatere fictivă despre bugetul județului",
      author: "@spectator_unu",
      likes: 12,
      videoId: "abcDEF12345",
    });
    expect(records[0]!.parentId).toBeUndefined();
    expect(records[1]!.parentId).toBe("UgxCOMMENT1");
  });
});

describe("refused inputs", () => {
  it("refuses an empty file with import:empty and writes nothing", async () => {
    const file = path.join(dir, "gol.csv");
    await writeFile(file, "");
    const err = await rejection(inspectFile(file));
    expect(err.code).toBe("import:empty");
    expect(err.message).toBe("Fișierul „gol.csv” este gol.");
    const whitespace = path.join(dir, "spatii.txt");
    await writeFile(whitespace, "\n \n\t\n");
    expect((await rejection(inspectFile(whitespace))).code).toBe("import:empty");
  });

  it("refuses binary files (NUL bytes, spreadsheets) with import:binary", async () => {
    const file = path.join(dir, "date.csv");
    await writeFile(file, Buffer.from([0x69, 0x64, 0x00, 0x01, 0x02, 0x74, 0x65, 0x78, 0x74]));
    const err = await rejection(inspectFile(file));
    expect(err.code).toBe("import:binary");
    expect(err.message).toContain("pare binar");
    const xls = path.join(dir, "tabel.xls");
    await writeFile(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(64, 0x41)]));
    const spreadsheet = await rejection(inspectFile(xls));
    expect(spreadsheet.code).toBe("import:binary");
    expect(spreadsheet.message).toContain("Salvați foaia de calcul ca .xlsx sau CSV");
    const zip = path.join(dir, "arhiva.zip");
    await writeFile(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 0x41)]));
    expect((await rejection(inspectFile(zip))).code).toBe("import:binary");
  });

  it("refuses an unknown format with import:unknown_format", async () => {
    const err = await rejection(inspectFile(fixture("note.xyz")));
    expect(err.code).toBe("import:unknown_format");
    expect(err.message).toContain("nu este recunoscut");
    const xml = path.join(dir, "pagina.xml");
    await writeFile(xml, "<html><body><p>Nu e flux</p></body></html>");
    expect((await rejection(inspectFile(xml))).code).toBe("import:unknown_format");
  });

  it("stamps the files of one run with one import time, so clean puts them in name order", async () => {
    const zeta = path.join(dir, "zeta.jsonl");
    const alfa = path.join(dir, "alfa.jsonl");
    await writeFile(zeta, `${JSON.stringify({ id: "z1", text: "Un text destul de lung din zeta." })}\n`);
    await writeFile(alfa, `${JSON.stringify({ id: "a1", text: "Un text destul de lung din alfa." })}\n`);
    // No `now` given: the run takes its own, once.
    const { results, failures } = await importFiles([zeta, alfa], { corpusDir: dir });
    expect(failures).toEqual([]);
    const stamps = await Promise.all(
      results.map(async (r) => (await readRecords(r.output)).map((record) => record.importedAt)),
    );
    expect(new Set(stamps.flat()).size).toBe(1);
  });

  it("writes nothing at all when one of several inputs is refused", async () => {
    const empty = path.join(dir, "gol.jsonl");
    await writeFile(empty, "");
    const { results, failures } = await importFiles([fixture("comentarii-vot.csv"), empty], options());
    expect(results).toEqual([]);
    expect(failures.map((f) => f.error.code)).toEqual(["import:empty"]);
    expect(await rawListing()).toEqual([]);
  });

  it("the CLI prints the Romanian error and exits with 1", async () => {
    const file = path.join(dir, "gol.csv");
    await writeFile(file, "");
    const errors: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.join(" "));
    });
    const previous = process.env.CORPUS_DIR;
    process.env.CORPUS_DIR = dir;
    try {
      expect(await importCommand.run([file, fixture("note.xyz")])).toBe(1);
      expect(await importCommand.run([])).toBe(2);
    } finally {
      process.env.CORPUS_DIR = previous;
      log.mockRestore();
      error.mockRestore();
    }
    expect(errors.join("\n")).toContain("✖ gol.csv: Fișierul „gol.csv” este gol.");
    expect(errors.join("\n")).toContain("✖ note.xyz: Formatul fișierului „note.xyz” nu este recunoscut");
    expect(await rawListing()).toEqual([]);
  });

  it("the CLI imports into CORPUS_DIR/raw and prints a summary per file", async () => {
    const { code, lines } = await importCli([fixture("malformat.csv"), "--platform", "forum"]);
    expect(code).toBe(0);
    const out = lines.join("\n");
    expect(out).toContain("malformat.csv");
    expect(out).toContain("înregistrări importate: 3; sărite: 1 — rând CSV invalid: 1 (linia 3)");
    expect(out).toContain("codificare: utf-8");
    const records = await readRecords(path.join(dir, "raw", "malformat.jsonl"));
    expect(records.every((r) => r.platform === "forum")).toBe(true);
  });
});

describe("atomic output", () => {
  it("a failed import leaves the previous raw/ file untouched and no temporary file", async () => {
    const rawDir = path.join(dir, "raw");
    const target = path.join(rawDir, "mare.jsonl");
    const big = path.join(dir, "mare.csv");
    const rows = ["id,text"];
    for (let i = 0; i < 30_000; i += 1)
      rows.push(`${i},Comentariul numărul ${i} despre bugetul orașului și transport`);
    await writeFile(big, rows.join("\n") + "\n");
    await importOne(big);
    const before = await readFile(target, "utf8");

    await writeFile(big, rows.map((r) => r.replace("bugetul", "taxele")).join("\n") + "\n");
    const controller = new AbortController();
    let calls = 0;
    const err = await rejection(
      importFile(
        await inspectFile(big),
        options({
          signal: controller.signal,
          // Abort once several chunks (and so several flushes to the temporary file) have gone by.
          onProgress: () => {
            calls += 1;
            if (calls === 4) controller.abort();
          },
        }),
      ),
    );
    expect(err.code).toBe("import:aborted");
    expect(await readFile(target, "utf8")).toBe(before);
    expect(await readdir(rawDir)).toEqual(["mare.jsonl"]);
  });

  it("the writer shows nothing until commit, and abort removes its temporary file", async () => {
    const target = path.join(dir, "out", "x.jsonl");
    const writer = await AtomicJsonlWriter.open(target);
    await writer.write({ a: 1 });
    expect(await readdir(path.join(dir, "out"))).not.toContain("x.jsonl");
    await writer.abort();
    expect(await readdir(path.join(dir, "out"))).toEqual([]);

    const second = await AtomicJsonlWriter.open(target);
    await second.write({ a: 2 });
    await second.commit();
    expect(await readFile(target, "utf8")).toBe('{"a":2}\n');
    expect(await readdir(path.join(dir, "out"))).toEqual(["x.jsonl"]);
  });

  it("gives two inputs with the same base name distinct outputs", async () => {
    const other = path.join(dir, "comentarii.csv");
    await writeFile(other, "id,text\n1,Un comentariu venit din alt fișier cu același nume.\n");
    const { results } = await importFiles([fixture("comentarii.jsonl"), other], options());
    expect(results.map((r) => path.basename(r.output))).toEqual(["comentarii.jsonl", "comentarii-2.jsonl"]);
  });
});

describe("dates", () => {
  it("normalises the common export formats to YYYY-MM-DD", () => {
    expect(normalizeDate("2025-03-14T22:30:00+02:00")).toBe("2025-03-14");
    expect(normalizeDate("14.03.2025")).toBe("2025-03-14");
    expect(normalizeDate("14/03/2025 10:00")).toBe("2025-03-14");
    expect(normalizeDate("2025/3/4")).toBe("2025-03-04");
    expect(normalizeDate("20250314")).toBe("2025-03-14");
    expect(normalizeDate(1741910400)).toBe("2025-03-14");
    expect(normalizeDate("1741910400000")).toBe("2025-03-14");
    expect(normalizeDate("Fri, 14 Mar 2025 10:00:00 +0200")).toBe("2025-03-14");
    expect(normalizeDate("14 martie 2025")).toBe("2025-03-14");
    expect(normalizeDate("March 14, 2025")).toBe("2025-03-14");
  });

  it("rejects what is not a real date", () => {
    expect(normalizeDate("31.04.2025")).toBeUndefined();
    expect(normalizeDate("ieri")).toBeUndefined();
    expect(normalizeDate(42)).toBeUndefined();
    expect(normalizeDate("")).toBeUndefined();
  });
});

describe("the importer's warnings", () => {
  // Repeated ids, a row without a date, and a byte that is not UTF-8 (read as UTF-8 on request).
  const WARNED_CSV = Buffer.concat([
    Buffer.from(
      "id,text,date\n" +
        "1,Primarul a promis asfalt nou pe strada principală până la toamnă.,2025-03-01\n" +
        "1,Consiliul local a votat bugetul după o ședință lungă.,2025-03-02\n" +
        "2,Școala din sat are acoperiș nou",
    ),
    Buffer.from([0xff]),
    Buffer.from(" de anul acesta.,\n"),
  ]);

  it("gives them as codes with their figures", async () => {
    const file = path.join(dir, "avertismente.csv");
    await writeFile(file, WARNED_CSV);
    const { result } = await importOne(file, { encoding: "utf-8" });
    expect(result.warnings).toEqual([
      { code: "repeated_ids" },
      { code: "undecodable_chars", count: 1, encoding: "utf-8", adviseEncodingFlag: true },
      { code: "imputed_dates", count: 1, date: "2025-04-01" },
    ]);
  });

  it("the CLI says them in its language: Romanian as before, English with --lang en", async () => {
    const file = path.join(dir, "avertismente.csv");
    await writeFile(file, WARNED_CSV);
    const summary = async (...flags: string[]) => {
      const { code, lines } = await importCli([file, "--encoding", "utf-8", ...flags]);
      expect(code).toBe(0);
      // The import's day is the clock's: named here by its shape.
      return lines
        .filter((line) => /^ {2}(atenție|warning): /.test(line))
        .map((line) => line.replace(/\(\d{4}-\d{2}-\d{2}\)$/, "(YYYY-MM-DD)"));
    };
    expect(await summary()).toEqual([
      "  atenție: coloana de id are valori repetate; id-urile au fost generate",
      "  atenție: 1 caracter nu a putut fi decodat cu UTF-8; verificați codificarea (--encoding)",
      "  atenție: 1 înregistrare fără dată validă a primit data importului (YYYY-MM-DD)",
    ]);
    expect(await summary("--lang", "en")).toEqual([
      "  warning: the id column has repeated values; the ids were generated",
      "  warning: 1 character could not be decoded with UTF-8; check the encoding (--encoding)",
      "  warning: 1 record without a valid date got the import's date (YYYY-MM-DD)",
    ]);
  });

  it("names a record that splits into more than MANY_FRAGMENTS fragments, with the count the index will make", async () => {
    const sentence = (n: number) => `Propoziția numărul ${n} spune ceva despre bugetul local al orașului. `;
    const huge = Array.from({ length: 9000 }, (_, n) => sentence(n)).join("");
    const long = Array.from({ length: 300 }, (_, n) => sentence(n)).join("");
    const file = path.join(dir, "lung.jsonl");
    await writeFile(
      file,
      [
        { id: "scurt", text: "Un comentariu scurt despre primărie.", date: "2025-03-01" },
        { id: "lipit", title: "Toate articolele", text: huge, date: "2025-03-01" },
        { id: "lung", text: long, date: "2025-03-01" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n",
    );
    const { result, records } = await importOne(file);
    const fragments = chunkRecord(records.find((r) => r.id === "lipit")!).length;
    expect(fragments).toBeGreaterThan(MANY_FRAGMENTS);
    expect(chunkRecord(records.find((r) => r.id === "lung")!).length).toBeGreaterThan(1);
    expect(result.warnings).toEqual([
      {
        code: "many_fragments",
        count: 1,
        threshold: MANY_FRAGMENTS,
        records: [{ id: "lipit", title: "Toate articolele", fragments }],
      },
    ]);
  });
});

describe("a JSON file too large to read whole, said in English", () => {
  it("writes its sizes as English does, on the page and in the CLI", () => {
    const params = {
      file: "x.json",
      size: "312,5 MB",
      format: "JSON",
      limit: "256 MB",
      sizeEn: "312.5 MB",
      limitEn: "256 MB",
    };
    expect(formatMessage("corpus:whole_file_too_large", "en", params)).toContain("is 312.5 MB;");
    expect(formatMessage("corpus:whole_file_too_large", "ro", params)).toContain("are 312,5 MB;");
  });
});
