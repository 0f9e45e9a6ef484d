// The importer's details as codes (contract/importDetails.ts): every code, the advice for a binary file and every
// reader's format description is said in both languages, the Romanian as the importer has always written it (the
// CLI's output, the stored errors), the English with no Romanian left.
import { describe, expect, it } from "vitest";
import {
  detailParams,
  FORMAT_DETAIL_CODES,
  formatDetailEn,
  formatDetailRo,
  FormatDetailSchema,
  formatDetailText,
  IMPORT_DETAIL_CODES,
  importDetailEn,
  importDetailRo,
  ImportDetailSchema,
  importDetailText,
  importHintText,
  ImportHintSchema,
  type FormatDetail,
  type FormatDetailCode,
  type FormatDetailOf,
  type ImportDetail,
  type ImportDetailCode,
  type ImportDetailOf,
} from "../../contract/importDetails";

/** Examples of every code, with counts in each Romanian plural form (1, 2–19, 20+, a thousand and more). */
const EXAMPLES: { [C in ImportDetailCode]: ImportDetailOf<C>[] } = {
  binary_signature: (["pdf", "zip", "gzip", "png", "jpeg", "old_office", "sqlite"] as const).map(
    (signature) => ({
      code: "binary_signature" as const,
      signature,
    }),
  ),
  nul_bytes: [{ code: "nul_bytes" }],
  control_chars: [{ code: "control_chars" }],
  undefined_bytes: [1, 7, 20, 1234].map((count) => ({ code: "undefined_bytes" as const, count })),
  diacritic_runs: [{ code: "diacritic_runs" }],
  not_json: [{ code: "not_json" }],
  xml_without_feed_root: [{ code: "xml_without_feed_root" }],
  xlsx_not_workbook: [{ code: "xlsx_not_workbook" }],
  markup_not_feed: [
    { code: "markup_not_feed", extension: ".htm" },
    { code: "markup_not_feed", extension: "" },
  ],
  unknown_content: [
    { code: "unknown_content", extension: ".dat" },
    { code: "unknown_content", extension: "" },
  ],
  json_without_records: [{ code: "json_without_records" }],
  empty_document: [{ code: "empty_document" }],
  quoted: [{ code: "quoted", text: "Unexpected token } in JSON at position 12" }],
  no_records_found: [{ code: "no_records_found" }],
  records_skipped: [
    { code: "records_skipped", count: 1, reasons: [{ reason: "empty_text", count: 1 }] },
    {
      code: "records_skipped",
      count: 1257,
      reasons: [
        { reason: "csv_malformed", count: 3 },
        { reason: "json_malformed", count: 4 },
        { reason: "not_object", count: 20 },
        { reason: "empty_text", count: 1230 },
      ],
    },
  ],
  html_page: [{ code: "html_page" }],
  no_feed_root: [{ code: "no_feed_root" }],
  xlsx_without_zip: [{ code: "xlsx_without_zip" }],
  zip_not_xlsx: [{ code: "zip_not_xlsx" }],
  not_a_table: [{ code: "not_a_table", format: "txt" }],
  no_rows: [
    { code: "no_rows", skipped: [] },
    { code: "no_rows", skipped: [{ reason: "csv_malformed", count: 1234 }] },
  ],
};
const ALL: ImportDetail[] = IMPORT_DETAIL_CODES.flatMap((code): ImportDetail[] => EXAMPLES[code]);

const FORMAT_EXAMPLES: { [C in FormatDetailCode]: FormatDetailOf<C>[] } = {
  csv: ([",", ";", "\t", "|"] as const).flatMap((delimiter) => [
    { code: "csv" as const, delimiter, header: true },
    { code: "csv" as const, delimiter, header: false },
  ]),
  xlsx_first_sheet: [{ code: "xlsx_first_sheet" }],
  jsonl: [{ code: "jsonl" }],
  paragraphs: [{ code: "paragraphs" }],
  json_list: [{ code: "json_list" }],
  yt_dlp: [{ code: "yt_dlp" }],
  feed: [
    { code: "feed", kind: "RSS 2.0" },
    { code: "feed", kind: "RSS 1.0" },
    { code: "feed", kind: "Atom" },
  ],
};
const ALL_FORMATS: FormatDetail[] = FORMAT_DETAIL_CODES.flatMap(
  (code): FormatDetail[] => FORMAT_EXAMPLES[code],
);

// Letters only Romanian has here, and words of the Romanian wordings that English does not use (not "document",
// "text", "format", "control", "invalid" or "date", which both languages write).
const ROMANIAN_LETTERS = /[ăâîșşțţĂÂÎȘŞȚŢ„”]/;
const ROMANIAN_WORDS =
  /\b(de|sau|cu|fără|și|nu|este|un|o|conține|prea|multe|caractere|octet|octeți|caracter|codificare|litere|diacritice|șiruri|lungi|ca|alt|alfabet|conținutul|rădăcină|extensia|dar|registru|conținut|care|flux|indică|cunoscut|listă|înregistrări|înregistrare|gol|nicio|găsită|sărite|sărită|rând|invalidă|linie|obiect|pagină|arhivă|doar|acceptat|niciun|imagine|bază|vechi|delimitator|virgulă|punct|bară|verticală|antet|foaie|prima|primul|antetul|pe|paragraf|obiecte|foaia|calcul|salvați|importați-o|exportați|documentul)\b/i;

function expectEnglish(en: string, what: unknown): void {
  expect(en, JSON.stringify(what)).not.toMatch(ROMANIAN_LETTERS);
  expect(en, JSON.stringify(what)).not.toMatch(ROMANIAN_WORDS);
}

describe("the importer's details, as codes", () => {
  it("has examples of every code, each valid by the schema", () => {
    for (const code of IMPORT_DETAIL_CODES) expect(EXAMPLES[code].length, code).toBeGreaterThan(0);
    for (const detail of ALL) expect(ImportDetailSchema.parse(detail)).toEqual(detail);
    for (const code of FORMAT_DETAIL_CODES) expect(FORMAT_EXAMPLES[code].length, code).toBeGreaterThan(0);
    for (const detail of ALL_FORMATS) expect(FormatDetailSchema.parse(detail)).toEqual(detail);
  });

  it("says every detail in English with no Romanian letter or word left, and in Romanian", () => {
    for (const detail of ALL) {
      const en = importDetailEn(detail);
      expectEnglish(en, detail);
      expect(importDetailText(detail, "en")).toBe(en);
      const ro = importDetailRo(detail);
      expect(importDetailText(detail, "ro")).toBe(ro);
      expect(detailParams(detail)).toEqual({ detail: ro, detailEn: en });
      // Words of its own (a parser's message) are the same in both; every other detail has a Romanian wording.
      if (detail.code !== "quoted") expect(ro, JSON.stringify(detail)).not.toBe(en);
    }
  });

  it("says every advice for a binary file and every format description in English, with no Romanian", () => {
    for (const hint of ImportHintSchema.options) {
      expectEnglish(importHintText(hint, "en"), hint);
      expect(importHintText(hint, "ro")).not.toBe(importHintText(hint, "en"));
    }
    for (const detail of ALL_FORMATS) {
      const en = formatDetailEn(detail);
      expectEnglish(en, detail);
      expect(formatDetailText(detail, "en")).toBe(en);
      expect(formatDetailText(detail, "ro")).toBe(formatDetailRo(detail));
    }
  });

  it("writes the Romanian byte for byte as the importer did, counts grouped as Romanian writes them", () => {
    const ro = (detail: ImportDetail) => importDetailRo(detail);
    expect(ro({ code: "binary_signature", signature: "pdf" })).toBe("PDF");
    expect(ro({ code: "binary_signature", signature: "zip" })).toBe("arhivă ZIP, de ex. .xlsx sau .docx");
    expect(ro({ code: "binary_signature", signature: "png" })).toBe("imagine PNG");
    expect(ro({ code: "binary_signature", signature: "old_office" })).toBe(
      "document Office vechi, de ex. .xls sau .doc",
    );
    expect(ro({ code: "nul_bytes" })).toBe("conține octeți NUL");
    expect(ro({ code: "control_chars" })).toBe("prea multe caractere de control");
    expect(ro({ code: "undefined_bytes", count: 7 })).toBe("7 octeți fără caracter în această codificare");
    expect(ro({ code: "undefined_bytes", count: 1234 })).toBe(
      "1.234 de octeți fără caracter în această codificare",
    );
    expect(ro({ code: "diacritic_runs" })).toBe(
      "litere cu diacritice în șiruri lungi, ca într-un alt alfabet",
    );
    expect(ro({ code: "not_json" })).toBe("conținutul nu este JSON");
    expect(ro({ code: "xml_without_feed_root" })).toBe("XML fără rădăcină <rss>, <feed> sau <rdf:RDF>");
    expect(ro({ code: "xlsx_not_workbook" })).toBe(
      "extensia .xlsx, dar conținutul nu este un registru Excel",
    );
    expect(ro({ code: "markup_not_feed", extension: ".htm" })).toBe(
      "extensia „.htm”, conținut XML/HTML care nu e flux RSS/Atom",
    );
    expect(ro({ code: "unknown_content", extension: "" })).toBe(
      "extensia „(fără)” și conținutul nu indică un format cunoscut",
    );
    expect(ro({ code: "json_without_records" })).toBe(
      "JSON fără listă „comments” (yt-dlp) și fără listă de înregistrări",
    );
    expect(ro({ code: "empty_document" })).toBe("document gol");
    expect(ro({ code: "no_records_found" })).toBe("nicio înregistrare găsită");
    expect(ro({ code: "records_skipped", count: 3, reasons: [{ reason: "empty_text", count: 3 }] })).toBe(
      "3 înregistrări sărite: text gol (3)",
    );
    expect(
      ro({
        code: "records_skipped",
        count: 1235,
        reasons: [
          { reason: "csv_malformed", count: 1 },
          { reason: "empty_text", count: 1234 },
        ],
      }),
    ).toBe("1.235 de înregistrări sărite: rând CSV invalid (1), text gol (1.234)");
    expect(ro({ code: "html_page" })).toBe("o pagină HTML");
    expect(ro({ code: "no_feed_root" })).toBe("fără rădăcină <rss>, <feed> sau <rdf:RDF>");
    expect(ro({ code: "xlsx_without_zip" })).toBe("XLSX fără arhivă ZIP");
    expect(ro({ code: "zip_not_xlsx" })).toBe("arhivă ZIP; doar .xlsx este acceptat");
    expect(ro({ code: "not_a_table", format: "json" })).toBe("format json");
    expect(ro({ code: "no_rows", skipped: [] })).toBe("niciun rând");
    expect(ro({ code: "no_rows", skipped: [{ reason: "csv_malformed", count: 2 }] })).toBe(
      "csv_malformed × 2",
    );
    expect(importHintText("spreadsheet", "ro")).toBe(
      "Salvați foaia de calcul ca .xlsx sau CSV (UTF-8) și importați-o.",
    );
    expect(importHintText("document", "ro")).toBe("Exportați documentul ca text (.txt, UTF-8).");
    expect(formatDetailRo({ code: "csv", delimiter: ";", header: true })).toBe(
      "delimitator punct și virgulă, cu antet",
    );
    expect(formatDetailRo({ code: "csv", delimiter: "\t", header: false })).toBe(
      "delimitator tab, fără antet",
    );
    expect(formatDetailRo({ code: "xlsx_first_sheet" })).toBe("prima foaie, primul rând e antetul");
    expect(formatDetailRo({ code: "jsonl" })).toBe("un obiect pe linie");
    expect(formatDetailRo({ code: "paragraphs" })).toBe("un document pe paragraf");
    expect(formatDetailRo({ code: "json_list" })).toBe("listă de obiecte");
    expect(formatDetailRo({ code: "yt_dlp" })).toBe("yt-dlp --write-comments");
    expect(formatDetailRo({ code: "feed", kind: "RSS 2.0" })).toBe("RSS 2.0");
  });

  it("writes the English the pages showed, and the details the regular expressions missed", () => {
    const en = (detail: ImportDetail) => importDetailEn(detail);
    expect(en({ code: "binary_signature", signature: "png" })).toBe("a PNG image");
    expect(en({ code: "nul_bytes" })).toBe("it holds NUL bytes");
    expect(en({ code: "undefined_bytes", count: 7 })).toBe("7 bytes with no character in this encoding");
    expect(en({ code: "undefined_bytes", count: 1 })).toBe("1 byte with no character in this encoding");
    expect(en({ code: "undefined_bytes", count: 1234 })).toBe(
      "1,234 bytes with no character in this encoding",
    );
    expect(en({ code: "diacritic_runs" })).toBe(
      "letters with diacritics in long runs, as in another alphabet",
    );
    expect(en({ code: "records_skipped", count: 3, reasons: [{ reason: "empty_text", count: 3 }] })).toBe(
      "3 records skipped: empty text (3)",
    );
    expect(en({ code: "zip_not_xlsx" })).toBe("a ZIP archive; only .xlsx is accepted");
    expect(en({ code: "no_rows", skipped: [] })).toBe("no row");
    expect(en({ code: "no_rows", skipped: [{ reason: "csv_malformed", count: 1234 }] })).toBe(
      "csv_malformed × 1,234",
    );
    expect(formatDetailEn({ code: "csv", delimiter: ";", header: true })).toBe(
      "semicolon-delimited, with a header",
    );
    expect(formatDetailEn({ code: "csv", delimiter: "\t", header: false })).toBe(
      "tab-delimited, without a header",
    );
    expect(formatDetailEn({ code: "paragraphs" })).toBe("one document per paragraph");
    expect(formatDetailEn({ code: "xlsx_first_sheet" })).toBe("first sheet, the first row is the header");
  });

  it("refuses a detail without its figures, or of a code it does not know", () => {
    expect(ImportDetailSchema.safeParse({ code: "undefined_bytes" }).success).toBe(false);
    expect(ImportDetailSchema.safeParse({ code: "undefined_bytes", count: 0 }).success).toBe(false);
    expect(ImportDetailSchema.safeParse({ code: "binary_signature", signature: "exe" }).success).toBe(false);
    expect(ImportDetailSchema.safeParse({ code: "no_such_detail" }).success).toBe(false);
    expect(FormatDetailSchema.safeParse({ code: "csv", delimiter: ":", header: true }).success).toBe(false);
  });
});
