// The importer's and the clean step's coded errors (Romanian messages for the CLI) as the app's coded errors, so
// that the corpus page says what is wrong in the UI's language. Details the importer writes in Romanian get their
// English wording from a small table; one it does not know is shown as it is.
import { AppError, isErrorCode, type ErrorCode } from "../../contract/errors";

const IMPORT_CODES: Record<string, ErrorCode> = {
  "import:not_found": "upload:not_found",
  "import:empty": "corpus:empty",
  "import:binary": "corpus:binary",
  "import:unknown_format": "corpus:wrong_type",
  "import:too_large": "corpus:whole_file_too_large",
  "import:invalid_json": "corpus:invalid_file",
  "import:invalid_xml": "corpus:invalid_file",
  "import:invalid_xlsx": "corpus:invalid_file",
  "import:column_missing": "corpus:column_missing",
  "import:no_text_column": "corpus:no_text_column",
  "import:no_records": "corpus:no_records",
  "import:encoding": "corpus:encoding",
  "import:encoding_unknown": "corpus:encoding_unknown",
};

// Details the importer writes (detect.ts, index.ts, feed.ts), in English.
const DETAILS_EN: [RegExp, string][] = [
  [/^arhivă ZIP, de ex\. \.xlsx sau \.docx$/, "a ZIP archive, e.g. .xlsx or .docx"],
  [/^arhivă gzip$/, "a gzip archive"],
  [/^imagine PNG$/, "a PNG image"],
  [/^imagine JPEG$/, "a JPEG image"],
  [/^document Office vechi, de ex\. \.xls sau \.doc$/, "an old Office document, e.g. .xls or .doc"],
  [/^bază de date SQLite$/, "an SQLite database"],
  [/^conține octeți NUL$/, "it holds NUL bytes"],
  [/^prea multe caractere de control$/, "too many control characters"],
  [/^conținutul nu este JSON$/, "the content is not JSON"],
  [/^XML fără rădăcină <rss>, <feed> sau <rdf:RDF>$/, "XML without an <rss>, <feed> or <rdf:RDF> root"],
  [
    /^extensia .+, conținut XML\/HTML care nu e flux RSS\/Atom$/,
    "XML/HTML content that is not an RSS/Atom feed",
  ],
  [
    /^extensia .+ și conținutul nu indică un format cunoscut$/,
    "neither the extension nor the content says a known format",
  ],
  [/^extensia \.xlsx, dar conținutul nu este un registru Excel$/, "a .xlsx name, but not an Excel workbook"],
  [/^nicio înregistrare găsită$/, "no record found"],
  [/^JSON fără listă .+$/, 'JSON without a "comments" list (yt-dlp) or a list of records'],
  [/^(\d+) înregistr(are sărită|ări sărite).*$/, "$1 record(s) skipped"],
  [/^document HTML$/, "an HTML page"],
  [/^document gol$/, "an empty document"],
];

/** A detail of the importer's in English (as it is, when the table does not know it). */
export function detailInEnglish(detail: string): string {
  for (const [pattern, english] of DETAILS_EN)
    if (pattern.test(detail)) return detail.replace(pattern, english);
  return detail;
}

/** The app's error for an error code and parameters that came from the importer, the clean step or the app. */
export function corpusError(code: string, params: Record<string, string | number>): AppError {
  const mapped = IMPORT_CODES[code];
  if (mapped) {
    const detail = String(params.detail ?? "");
    return new AppError(mapped, { ...params, detail, detailEn: detailInEnglish(detail) });
  }
  if (isErrorCode(code)) return new AppError(code, params);
  return new AppError("internal", params);
}
