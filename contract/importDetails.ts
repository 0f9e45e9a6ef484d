// The importer's details as values: what a file is or why it was refused (a binary signature, an unknown format, an
// encoding that does not read, no record), the advice for a binary file, and how a reader read a file (a CSV's
// delimiter and header, one object per line…). A code and its figures are defined once here and said in Romanian or
// in English by one function a language, as contract/importWarnings.ts does for the warnings. The coded errors carry
// both wordings (`detail`, `detailEn`), filled from the code; before, the English came from regular expressions over
// the Romanian, which let through the details they did not know ("7 octeți fără caracter în această codificare").
import { z } from "zod";
import type { Lang } from "./lang";
import { formatNumber } from "./numbers";
import { countWith } from "./plural";

const Count = z.number().int().positive();

/** Why a record of an input was not imported (the importer's readers). */
export const ImportSkipReasonSchema = z.enum(["csv_malformed", "json_malformed", "not_object", "empty_text"]);
export type ImportSkipReason = z.infer<typeof ImportSkipReasonSchema>;

/** A skip reason as the import's summary and its no-record error say it. */
export const IMPORT_SKIP_LABELS: Record<Lang, Record<ImportSkipReason, string>> = {
  ro: {
    csv_malformed: "rând CSV invalid",
    json_malformed: "linie JSON invalidă",
    not_object: "element care nu e obiect",
    empty_text: "text gol",
  },
  en: {
    csv_malformed: "invalid CSV row",
    json_malformed: "invalid JSON line",
    not_object: "item that is not an object",
    empty_text: "empty text",
  },
};

/** A file's first bytes that say it is not text. */
export const BinarySignatureSchema = z.enum(["pdf", "zip", "gzip", "png", "jpeg", "old_office", "sqlite"]);
export type BinarySignature = z.infer<typeof BinarySignatureSchema>;

/** An extension as the file has it ("" when it has none). */
const Extension = z.string();

export const ImportDetailSchema = z.discriminatedUnion("code", [
  /** Binary (detect.ts): the first bytes are a known binary format's. */
  z.object({ code: z.literal("binary_signature"), signature: BinarySignatureSchema }).strict(),
  /** Binary: a NUL byte among the first bytes. */
  z.object({ code: z.literal("nul_bytes") }).strict(),
  /** Binary: more than 5% control characters among the first bytes. */
  z.object({ code: z.literal("control_chars") }).strict(),
  /** The guessed code page leaves bytes without a character (U+FFFD): a UTF-8 file with a stray byte, for one. */
  z.object({ code: z.literal("undefined_bytes"), count: Count }).strict(),
  /** Decoded with the guessed code page, letters with diacritics come in long runs: another script. */
  z.object({ code: z.literal("diacritic_runs") }).strict(),
  /** A .json file (or one that starts with "{") whose content is not JSON. */
  z.object({ code: z.literal("not_json") }).strict(),
  /** An XML file whose root is none of a feed's. */
  z.object({ code: z.literal("xml_without_feed_root") }).strict(),
  /** A .xlsx name on a file that is not a ZIP archive. */
  z.object({ code: z.literal("xlsx_not_workbook") }).strict(),
  /** XML or HTML content under another extension, not a feed. */
  z.object({ code: z.literal("markup_not_feed"), extension: Extension }).strict(),
  /** Neither the extension nor the content says a format. */
  z.object({ code: z.literal("unknown_content"), extension: Extension }).strict(),
  /** A whole JSON document that is neither a yt-dlp export nor a list of records. */
  z.object({ code: z.literal("json_without_records") }).strict(),
  /** An XML document (or a fetched feed) with nothing in it. */
  z.object({ code: z.literal("empty_document") }).strict(),
  /** A parser's or the network's own words (JSON.parse, the XML parser, exceljs, ECONNREFUSED), quoted as they were. */
  z.object({ code: z.literal("quoted"), text: z.string() }).strict(),
  /** The input held no record at all. */
  z.object({ code: z.literal("no_records_found") }).strict(),
  /** Every record was skipped: how many, by reason. */
  z
    .object({
      code: z.literal("records_skipped"),
      count: Count,
      reasons: z.array(z.object({ reason: ImportSkipReasonSchema, count: Count }).strict()).min(1),
    })
    .strict(),
  /** A fetched address answered with an HTML page, not a feed. */
  z.object({ code: z.literal("html_page") }).strict(),
  /** A fetched address answered with something whose root is none of a feed's. */
  z.object({ code: z.literal("no_feed_root") }).strict(),
  /** The annotation page's upload: a .xlsx name on a file that is not a ZIP archive. */
  z.object({ code: z.literal("xlsx_without_zip") }).strict(),
  /** The annotation page's upload: a ZIP archive under another name than .xlsx. */
  z.object({ code: z.literal("zip_not_xlsx") }).strict(),
  /** The annotation page's upload: a format the corpus reads but that is not a table (json, txt, feed). */
  z.object({ code: z.literal("not_a_table"), format: z.string().min(1) }).strict(),
  /** The annotation page's upload: no row with text; the skipped lines by reason (the dataset's own codes), if any. */
  z
    .object({
      code: z.literal("no_rows"),
      skipped: z.array(z.object({ reason: z.string().min(1), count: Count }).strict()),
    })
    .strict(),
]);
export type ImportDetail = z.infer<typeof ImportDetailSchema>;
export type ImportDetailCode = ImportDetail["code"];
/** One detail of the given code. */
export type ImportDetailOf<C extends ImportDetailCode> = Extract<ImportDetail, { code: C }>;

/** Every code, in the schema's order. */
export const IMPORT_DETAIL_CODES: readonly ImportDetailCode[] = ImportDetailSchema.options.map(
  (option) => option.shape.code.value,
);

/** What to do instead with a binary file, by its extension: a spreadsheet or a document. */
export const ImportHintSchema = z.enum(["spreadsheet", "document"]);
export type ImportHint = z.infer<typeof ImportHintSchema>;

/** A CSV's delimiter. */
export const CsvDelimiterSchema = z.enum([",", ";", "\t", "|"]);

/** How a reader read a file, for the summary and the preview. */
export const FormatDetailSchema = z.discriminatedUnion("code", [
  z.object({ code: z.literal("csv"), delimiter: CsvDelimiterSchema, header: z.boolean() }).strict(),
  z.object({ code: z.literal("xlsx_first_sheet") }).strict(),
  z.object({ code: z.literal("jsonl") }).strict(),
  z.object({ code: z.literal("paragraphs") }).strict(),
  z.object({ code: z.literal("json_list") }).strict(),
  z.object({ code: z.literal("yt_dlp") }).strict(),
  z.object({ code: z.literal("feed"), kind: z.enum(["RSS 2.0", "RSS 1.0", "Atom"]) }).strict(),
]);
export type FormatDetail = z.infer<typeof FormatDetailSchema>;
export type FormatDetailCode = FormatDetail["code"];
export type FormatDetailOf<C extends FormatDetailCode> = Extract<FormatDetail, { code: C }>;

export const FORMAT_DETAIL_CODES: readonly FormatDetailCode[] = FormatDetailSchema.options.map(
  (option) => option.shape.code.value,
);

function unknownCode(value: never): never {
  throw new Error(`unknown importer detail ${JSON.stringify(value)}`);
}

const inRomanian = (n: number) => formatNumber(n, "ro");
const inEnglish = (n: number) => formatNumber(n, "en");

const SIGNATURES: Record<Lang, Record<BinarySignature, string>> = {
  ro: {
    pdf: "PDF",
    zip: "arhivă ZIP, de ex. .xlsx sau .docx",
    gzip: "arhivă gzip",
    png: "imagine PNG",
    jpeg: "imagine JPEG",
    old_office: "document Office vechi, de ex. .xls sau .doc",
    sqlite: "bază de date SQLite",
  },
  en: {
    pdf: "a PDF",
    zip: "a ZIP archive, e.g. .xlsx or .docx",
    gzip: "a gzip archive",
    png: "a PNG image",
    jpeg: "a JPEG image",
    old_office: "an old Office document, e.g. .xls or .doc",
    sqlite: "an SQLite database",
  },
};

/** A detail in Romanian, as the importer has written it (counts grouped as Romanian writes them: "1.234"). */
export function importDetailRo(detail: ImportDetail): string {
  switch (detail.code) {
    case "binary_signature":
      return SIGNATURES.ro[detail.signature];
    case "nul_bytes":
      return "conține octeți NUL";
    case "control_chars":
      return "prea multe caractere de control";
    case "undefined_bytes":
      return `${countWith(detail.count, ["octet", "octeți"], "ro", inRomanian)} fără caracter în această codificare`;
    case "diacritic_runs":
      return "litere cu diacritice în șiruri lungi, ca într-un alt alfabet";
    case "not_json":
      return "conținutul nu este JSON";
    case "xml_without_feed_root":
      return "XML fără rădăcină <rss>, <feed> sau <rdf:RDF>";
    case "xlsx_not_workbook":
      return "extensia .xlsx, dar conținutul nu este un registru Excel";
    case "markup_not_feed":
      return `extensia „${detail.extension || "(fără)"}”, conținut XML/HTML care nu e flux RSS/Atom`;
    case "unknown_content":
      return `extensia „${detail.extension || "(fără)"}” și conținutul nu indică un format cunoscut`;
    case "json_without_records":
      return "JSON fără listă „comments” (yt-dlp) și fără listă de înregistrări";
    case "empty_document":
      return "document gol";
    case "quoted":
      return detail.text;
    case "no_records_found":
      return "nicio înregistrare găsită";
    case "records_skipped": {
      const count = countWith(detail.count, ["înregistrare sărită", "înregistrări sărite"], "ro", inRomanian);
      const reasons = detail.reasons
        .map((r) => `${IMPORT_SKIP_LABELS.ro[r.reason]} (${inRomanian(r.count)})`)
        .join(", ");
      return `${count}: ${reasons}`;
    }
    case "html_page":
      return "o pagină HTML";
    case "no_feed_root":
      return "fără rădăcină <rss>, <feed> sau <rdf:RDF>";
    case "xlsx_without_zip":
      return "XLSX fără arhivă ZIP";
    case "zip_not_xlsx":
      return "arhivă ZIP; doar .xlsx este acceptat";
    case "not_a_table":
      return `format ${detail.format}`;
    case "no_rows":
      return detail.skipped.length === 0
        ? "niciun rând"
        : detail.skipped.map((s) => `${s.reason} × ${inRomanian(s.count)}`).join(", ");
    default:
      return unknownCode(detail);
  }
}

/** A detail in English (counts grouped as English writes them: "1,234"). */
export function importDetailEn(detail: ImportDetail): string {
  switch (detail.code) {
    case "binary_signature":
      return SIGNATURES.en[detail.signature];
    case "nul_bytes":
      return "it holds NUL bytes";
    case "control_chars":
      return "too many control characters";
    case "undefined_bytes":
      return `${countWith(detail.count, ["byte", "bytes"], "en", inEnglish)} with no character in this encoding`;
    case "diacritic_runs":
      return "letters with diacritics in long runs, as in another alphabet";
    case "not_json":
      return "the content is not JSON";
    case "xml_without_feed_root":
      return "XML without an <rss>, <feed> or <rdf:RDF> root";
    case "xlsx_not_workbook":
      return "a .xlsx name, but not an Excel workbook";
    case "markup_not_feed":
      return `the extension "${detail.extension || "(none)"}", XML/HTML content that is not an RSS/Atom feed`;
    case "unknown_content":
      return `the extension "${detail.extension || "(none)"}": neither it nor the content says a known format`;
    case "json_without_records":
      return 'JSON without a "comments" list (yt-dlp) or a list of records';
    case "empty_document":
      return "an empty document";
    case "quoted":
      return detail.text;
    case "no_records_found":
      return "no record found";
    case "records_skipped": {
      const count = countWith(detail.count, ["record skipped", "records skipped"], "en", inEnglish);
      const reasons = detail.reasons
        .map((r) => `${IMPORT_SKIP_LABELS.en[r.reason]} (${inEnglish(r.count)})`)
        .join(", ");
      return `${count}: ${reasons}`;
    }
    case "html_page":
      return "an HTML page";
    case "no_feed_root":
      return "no <rss>, <feed> or <rdf:RDF> root";
    case "xlsx_without_zip":
      return "an XLSX name without a ZIP archive";
    case "zip_not_xlsx":
      return "a ZIP archive; only .xlsx is accepted";
    case "not_a_table":
      return `${detail.format} format`;
    case "no_rows":
      return detail.skipped.length === 0
        ? "no row"
        : detail.skipped.map((s) => `${s.reason} × ${inEnglish(s.count)}`).join(", ");
    default:
      return unknownCode(detail);
  }
}

/** A detail in the given language. */
export function importDetailText(detail: ImportDetail, lang: Lang): string {
  return lang === "en" ? importDetailEn(detail) : importDetailRo(detail);
}

/** A coded error's `detail` (Romanian) and `detailEn`, from one detail. */
export function detailParams(detail: ImportDetail): { detail: string; detailEn: string } {
  return { detail: importDetailRo(detail), detailEn: importDetailEn(detail) };
}

const HINTS: Record<Lang, Record<ImportHint, string>> = {
  ro: {
    spreadsheet: "Salvați foaia de calcul ca .xlsx sau CSV (UTF-8) și importați-o.",
    document: "Exportați documentul ca text (.txt, UTF-8).",
  },
  en: {
    spreadsheet: "Save the spreadsheet as .xlsx or CSV (UTF-8) and import that.",
    document: "Export the document as text (.txt, UTF-8).",
  },
};

/** The advice for a binary file in the given language. */
export function importHintText(hint: ImportHint, lang: Lang): string {
  return HINTS[lang][hint];
}

const DELIMITERS: Record<Lang, Record<z.infer<typeof CsvDelimiterSchema>, string>> = {
  ro: { ",": "virgulă", ";": "punct și virgulă", "\t": "tab", "|": "bară verticală" },
  en: { ",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar" },
};

/** How a reader read a file, in Romanian ("delimitator punct și virgulă, cu antet", "un obiect pe linie"). */
export function formatDetailRo(detail: FormatDetail): string {
  switch (detail.code) {
    case "csv":
      return `delimitator ${DELIMITERS.ro[detail.delimiter]}, ${detail.header ? "cu" : "fără"} antet`;
    case "xlsx_first_sheet":
      return "prima foaie, primul rând e antetul";
    case "jsonl":
      return "un obiect pe linie";
    case "paragraphs":
      return "un document pe paragraf";
    case "json_list":
      return "listă de obiecte";
    case "yt_dlp":
      return "yt-dlp --write-comments";
    case "feed":
      return detail.kind;
    default:
      return unknownCode(detail);
  }
}

/** How a reader read a file, in English ("semicolon-delimited, with a header", "one object per line"). */
export function formatDetailEn(detail: FormatDetail): string {
  switch (detail.code) {
    case "csv":
      return `${DELIMITERS.en[detail.delimiter]}-delimited, ${detail.header ? "with" : "without"} a header`;
    case "xlsx_first_sheet":
      return "first sheet, the first row is the header";
    case "jsonl":
      return "one object per line";
    case "paragraphs":
      return "one document per paragraph";
    case "json_list":
      return "a list of objects";
    case "yt_dlp":
      return "yt-dlp --write-comments";
    case "feed":
      return detail.kind;
    default:
      return unknownCode(detail);
  }
}

/** How a reader read a file, in the given language. */
export function formatDetailText(detail: FormatDetail, lang: Lang): string {
  return lang === "en" ? formatDetailEn(detail) : formatDetailRo(detail);
}
