// The details the importer writes in Romanian (detect.ts, index.ts, feed.ts: what a file is,
// why it was refused), in English, for a page in English: the corpus page's and the annotation page's errors.
import { formatNumber } from "../../../contract/numbers";
import { countWith } from "../../../contract/plural";

const inEnglish = (n: number) => formatNumber(n, "en");
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

/** The importer's warnings (corpus/pipeline/import: index.ts, fields.ts), which it writes in Romanian, in English. */
const WARNINGS_EN: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /^coloana de id are valori repetate; id-urile au fost generate$/,
    () => "the id column has repeated values; the ids were generated",
  ],
  [
    /^([\d.]+) (?:de )?caracter(?:e)? nu a(?:u)? putut fi decodat(?:e)? cu ([^;]+)(; verificați codificarea \(--encoding\))?$/,
    (m) =>
      `${countWith(Number(m[1].replace(/\./g, "")), ["character", "characters"], "en", inEnglish)} could not be decoded with ${m[2]}` +
      (m[3] ? "; check the encoding (--encoding)" : ""),
  ],
  [
    /^([\d.]+) (?:de )?înregistr(?:are|ări) fără dată validă a(?:u)? primit data importului \((.+)\)$/,
    (m) =>
      `${countWith(Number(m[1].replace(/\./g, "")), ["record", "records"], "en", inEnglish)} without a valid date got the import's date (${m[2]})`,
  ],
];

/**
 * A warning of the importer's in English (the CLI's --lang en, the corpus page in English); as it is when the tables
 * do not know it.
 */
export function warningInEnglish(warning: string): string {
  for (const [pattern, english] of WARNINGS_EN) {
    const match = pattern.exec(warning);
    if (match) return english(match);
  }
  return detailInEnglish(warning);
}

const DELIMITERS_EN: Record<string, string> = {
  virgulă: "comma",
  "punct și virgulă": "semicolon",
  tab: "tab",
  "bară verticală": "vertical bar",
};

const FORMAT_DETAILS_EN: Record<string, string> = {
  "un obiect pe linie": "one object per line",
  "un document pe paragraf": "one document per paragraph",
  "listă de obiecte": "a list of objects",
  "prima foaie, primul rând e antetul": "first sheet, the first row is the header",
};

/**
 * A reader's description of a format (readers.ts: "delimitator punct și virgulă, cu antet", "un obiect pe linie") in
 * English, for the preview of a page in English; a name that is the same in both ("RSS 2.0", "yt-dlp …") as it is.
 */
export function formatDetailInEnglish(detail: string): string {
  const csv = /^delimitator (.+), (cu|fără) antet$/.exec(detail);
  if (csv && DELIMITERS_EN[csv[1]!])
    return `${DELIMITERS_EN[csv[1]!]}-delimited, ${csv[2] === "cu" ? "with" : "without"} a header`;
  return FORMAT_DETAILS_EN[detail] ?? detail;
}
