// The details the importer writes in Romanian (detect.ts, index.ts, feed.ts: what a file is,
// why it was refused), in English, for a page in English: the corpus page's and the annotation page's errors.
// The importer's warnings are codes, said in either language by contract/importWarnings.ts, not translated here.
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
