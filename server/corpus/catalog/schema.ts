// The catalog of an index: a SQLite file (index/catalog.db) written once, next to the index it describes and swapped
// in with it, holding every indexed document (whole text, metadata, the offline:lexicon annotation made at index
// time), a full-text index (FTS5, diacritics folded) and the overview's figures. The corpus page browses, searches
// and draws it; the chat never reads it.

/** The file inside the index folder. */
export const CATALOG_FILE = "catalog.db";
/**
 * 2: date_imputed marks documents dated with the import day (no date of their own), and the overview counts them
 * apart. 1: documents, FTS5 over title and text, meta with the overview and the collections.
 */
export const CATALOG_VERSION = 2;

export const CATALOG_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  collection TEXT NOT NULL,
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,
  platform TEXT NOT NULL,
  platform_key TEXT NOT NULL,
  date TEXT NOT NULL,
  date_imputed INTEGER NOT NULL DEFAULT 0,
  url TEXT NOT NULL,
  title TEXT,
  lang TEXT NOT NULL,
  text TEXT NOT NULL,
  chars INTEGER NOT NULL,
  meta TEXT NOT NULL,
  hash TEXT NOT NULL,
  ton TEXT,
  populism INTEGER,
  tema TEXT,
  annotation TEXT
);
CREATE VIRTUAL TABLE docs_fts USING fts5(
  title, text, content='docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);`;

/** Indexes made after the rows are in (faster than keeping them up to date row by row). */
export const CATALOG_INDEXES = `
CREATE INDEX docs_date ON docs(date);
CREATE INDEX docs_source ON docs(source_key, date);
CREATE INDEX docs_platform ON docs(platform_key, date);
CREATE INDEX docs_collection ON docs(collection, date);`;

/** Keys of the meta table. */
export const META = {
  version: "version",
  corpusHash: "corpus_hash",
  builtAt: "built_at",
  lexiconVersion: "lexicon_version",
  documents: "documents",
  overview: "overview",
  collections: "collections",
} as const;

/** A row of docs as queries read it. */
export interface DocRow {
  rowid: number;
  id: string;
  collection: string;
  source: string;
  platform: string;
  date: string;
  /** 1: the date is the import day (CorpusRecord.dateImputed). */
  date_imputed: number;
  url: string;
  title: string | null;
  lang: string;
  text: string;
  chars: number;
  meta: string;
  hash: string;
  ton: string | null;
  populism: number | null;
  tema: string | null;
  annotation: string | null;
}
