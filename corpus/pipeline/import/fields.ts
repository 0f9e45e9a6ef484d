// Which column (CSV) or key (JSON) holds the text, id, date, title, url...: command-line flags first, then
// common names in Romanian and English, then the values themselves (the longest text, dates, links).
import type { ImportWarning } from "../../../contract/importWarnings";
import { canonicalPlatform } from "../../../contract/platformAliases";
import { foldDiacritics } from "../../../contract/text";
import { normalizeDate } from "./dates";
import { ImportError } from "./errors";
import type { ColumnFlags, FieldMapping, PartialDoc } from "./types";

/** Lower-case, no diacritics, letters and digits only: "Text_Comentariu" and "textcomentariu" meet. */
export function normalizeColumnName(name: string): string {
  return foldDiacritics(name).replace(/[^a-z0-9]/g, "");
}

// Names in order of preference; compared after normalizeColumnName.
const NAMES = {
  text: [
    "text",
    "textul",
    "textcomentariu",
    "comentariu",
    "comentariul",
    "comment",
    "commenttext",
    "comentariutext",
    "message",
    "mesaj",
    "body",
    "content",
    "continut",
    "fulltext",
    "textdisplay",
    "textoriginal",
    "tweet",
    "post",
    "postare",
    "postaretext",
    "posttext",
    "messagetext",
    "textmesaj",
    "articol",
    "article",
    "description",
    "descriere",
    "comentarii",
    "comments",
  ],
  id: [
    "id",
    "commentid",
    "idcomentariu",
    "comentariuid",
    "postid",
    "messageid",
    "tweetid",
    "cid",
    "docid",
    "documentid",
    "recordid",
    "guid",
    "uid",
  ],
  date: [
    "date",
    "data",
    "datetime",
    "timestamp",
    "createdat",
    "createdtime",
    "created",
    "publishedat",
    "published",
    "publishdate",
    "pubdate",
    "datapublicarii",
    "datapostarii",
    "datacomentariu",
    "dataora",
    "timeparsed",
    "uploaddate",
    "time",
    "updated",
    "zi",
  ],
  title: ["title", "titlu", "subject", "subiect", "headline", "titluarticol", "videotitle", "titlulvideo"],
  url: [
    "url",
    "link",
    "permalink",
    "href",
    "adresa",
    "posturl",
    "commenturl",
    "webpageurl",
    "linkcomentariu",
  ],
  source: [
    "source",
    "sursa",
    "channel",
    "canal",
    "page",
    "pagina",
    "publicatie",
    "outlet",
    "publisher",
    "uploader",
  ],
  platform: ["platform", "platforma", "retea", "reteasociala", "network"],
  author: ["author", "autor", "user", "username", "utilizator", "authorname", "numeautor"],
} as const;

/**
 * The names a text column goes by, normalized: what chooseMapping picks first, and what makes a CSV's first row a
 * header (csv.ts), so that a column the corpus import and the workbench would take by its name is never read as data.
 */
export const TEXT_COLUMN_NAMES: readonly string[] = NAMES.text;

// Words that mark a text column inside longer names ("text_postare", "comment_body").
const TEXT_WORDS = ["text", "coment", "comment", "mesaj", "message", "continut", "content", "body"];

type Field = keyof typeof NAMES;

function stringValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function nonEmpty(values: unknown[]): unknown[] {
  return values.filter((v) => v !== undefined && v !== null && v !== "");
}

function share(values: unknown[], test: (v: unknown) => boolean): number {
  const present = nonEmpty(values);
  return present.length === 0 ? 0 : present.filter(test).length / present.length;
}

const isUrl = (v: unknown) => typeof v === "string" && /^\s*(https?:\/\/|www\.)\S+\s*$/i.test(v);
const isDate = (v: unknown) => normalizeDate(v) !== undefined;
const isNumeric = (v: unknown) =>
  typeof v === "number" || (typeof v === "string" && /^\s*-?\d+([.,]\d+)?\s*$/.test(v));

function averageLength(values: unknown[]): number {
  const strings = nonEmpty(values)
    .map(stringValue)
    .filter((s): s is string => s !== undefined);
  return strings.length === 0 ? 0 : strings.reduce((n, s) => n + s.length, 0) / strings.length;
}

/**
 * Resolves a flag to a column: its exact name, a name equal up to case and diacritics, or a 1-based
 * index ("3") when no column has that name.
 */
function resolveFlag(flag: string, columns: string[], flagName: string, file: string): string {
  if (columns.includes(flag)) return flag;
  const wanted = normalizeColumnName(flag);
  const byName = columns.find((c) => normalizeColumnName(c) === wanted);
  if (byName) return byName;
  if (/^\d+$/.test(flag)) {
    const index = Number(flag) - 1;
    if (index >= 0 && index < columns.length) return columns[index]!;
  }
  throw new ImportError("import:column_missing", {
    column: flag,
    flag: flagName,
    file,
    available: columns.join(", ") || "(niciuna)",
  });
}

/**
 * Chooses the column for each field from the column names and a sample of rows. Flags win; a date
 * column found by name must also hold dates (Romanian "data" is a date, English "data" is not); an id
 * column must be unique in the sample.
 */
export function chooseMapping(
  columns: string[],
  sample: Array<Record<string, unknown>>,
  flags: ColumnFlags,
  file: string,
): { mapping: FieldMapping; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const values = (column: string) => sample.map((row) => row[column]);
  const taken = new Set<string>();
  const byName = (field: Field, accept: (column: string) => boolean = () => true): string | undefined => {
    const normalized = columns.map(normalizeColumnName);
    for (const name of NAMES[field]) {
      const index = normalized.indexOf(name);
      if (index !== -1 && !taken.has(columns[index]!) && accept(columns[index]!)) return columns[index];
    }
    return undefined;
  };
  const pick = (
    field: Field,
    flag: string | undefined,
    flagName: string,
    accept?: (c: string) => boolean,
  ) => {
    const column = flag !== undefined ? resolveFlag(flag, columns, flagName, file) : byName(field, accept);
    if (column) taken.add(column);
    return column;
  };

  const textFlag =
    flags.textCol !== undefined ? resolveFlag(flags.textCol, columns, "--text-col", file) : undefined;
  if (textFlag) taken.add(textFlag);

  const id = pick("id", flags.idCol, "--id-col", (c) => {
    const present = nonEmpty(values(c)).map(String);
    return new Set(present).size === present.length;
  });
  if (flags.idCol === undefined && id === undefined && byName("id")) {
    warnings.push({ code: "repeated_ids" });
  }
  let date = pick("date", flags.dateCol, "--date-col", (c) => share(values(c), isDate) >= 0.5);
  let url = pick("url", flags.urlCol, "--url-col");
  const title = pick("title", flags.titleCol, "--title-col");
  const source = pick("source", undefined, "");
  const platform = pick("platform", undefined, "");
  const author = pick("author", undefined, "");

  const free = () => columns.filter((c) => !taken.has(c));
  if (!url && flags.urlCol === undefined) {
    url = free().find((c) => share(values(c), isUrl) >= 0.8);
    if (url) taken.add(url);
  }
  if (!date && flags.dateCol === undefined) {
    date = free().find((c) => share(values(c), (v) => isDate(v) && !isNumeric(v)) >= 0.8);
    if (date) taken.add(date);
  }

  let text = textFlag ?? byName("text");
  if (!text) {
    const normalized = (c: string) => normalizeColumnName(c);
    text = free().find(
      (c) => TEXT_WORDS.some((w) => normalized(c).includes(w)) && share(values(c), isNumeric) < 0.5,
    );
  }
  if (!text) {
    // The column with the longest values on average, among those that are mostly not numbers.
    let best: string | undefined;
    let bestLength = 0;
    for (const c of free()) {
      if (share(values(c), isNumeric) >= 0.5) continue;
      const length = averageLength(values(c));
      if (length > bestLength) {
        best = c;
        bestLength = length;
      }
    }
    text = best;
  }
  if (!text) {
    throw new ImportError("import:no_text_column", { file, available: columns.join(", ") || "(niciuna)" });
  }
  return { mapping: { text, id, date, title, url, source, platform, author }, warnings };
}

/** The trimmed text of a row's column; undefined when missing or blank. */
function cell(row: Record<string, unknown>, column: string | undefined): string | undefined {
  if (column === undefined) return undefined;
  const value = stringValue(row[column]);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Applies a mapping to one row; empty strings count as missing. */
export function mapRow(row: Record<string, unknown>, mapping: FieldMapping): PartialDoc {
  const doc: PartialDoc = { text: stringValue(row[mapping.text]) ?? "" };
  const id = cell(row, mapping.id);
  if (id) doc.id = id;
  if (mapping.date !== undefined) doc.date = row[mapping.date];
  const url = cell(row, mapping.url);
  if (url) doc.url = url;
  const title = cell(row, mapping.title);
  if (title) doc.title = title;
  const source = cell(row, mapping.source);
  if (source) doc.source = source;
  const platform = cell(row, mapping.platform);
  if (platform) doc.platform = canonicalPlatform(platform);
  const author = cell(row, mapping.author);
  if (author) doc.extra = { author };
  if (saysImputed(row.dateImputed ?? row.date_imputed)) doc.dateImputed = true;
  return doc;
}

/** An export's mark of an undated record, as JSON (true) or as a spreadsheet cell ("true", "1", "da"). */
function saysImputed(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === "string" && ["true", "1", "da", "yes"].includes(value.trim().toLowerCase());
}
