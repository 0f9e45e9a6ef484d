// The catalog of the index in use, opened read-only: pages of documents with the chat's filters, full-text search
// with highlights, one document whole, the overview and the collections. Queries are synchronous (better-sqlite3)
// and bounded (indexed filters, a page at a time), so that they never hold the event loop long.
import Database from "better-sqlite3";
import type { Annotation } from "../../../contract/annotation";
import type { CorpusRecord } from "../../../contract/corpus";
import { CORPUS_LIMITS, type CollectionSummary } from "../../../contract/corpusPage";
import {
  type AnnotationLabels,
  type CorpusDocument,
  type CorpusOverview,
  type DocumentHit,
  type DocumentsPage,
  type DocumentsQuery,
} from "../../../contract/corpusExplore";
import { LEXICON_MODEL } from "../../annotation/annotators";
import { ftsQuery, HIT_CLOSE, HIT_OPEN, leadSegment, markedSegments } from "./fts";
import { CATALOG_VERSION, META, type DocRow } from "./schema";

type Filter = Pick<DocumentsQuery, "platform" | "source" | "collection" | "dateFrom" | "dateTo">;

function labelsOf(row: Pick<DocRow, "ton" | "populism" | "tema">): AnnotationLabels | null {
  if (!row.ton || row.tema === null || row.populism === null) return null;
  return {
    ton: row.ton as AnnotationLabels["ton"],
    populism: row.populism === 1,
    tema: row.tema as AnnotationLabels["tema"],
  };
}

/** A catalog row as the corpus record it was made from (without the record's other fields, kept in `meta`). */
function recordOf(row: DocRow): CorpusRecord {
  return {
    id: row.id,
    text: row.text,
    source: row.source,
    platform: row.platform,
    date: row.date,
    ...(row.date_imputed ? { dateImputed: true } : {}),
    url: row.url,
    ...(row.title ? { title: row.title } : {}),
    lang: row.lang,
  };
}

/** WHERE conditions (on alias d) and their values for the chat's filters; platform and source ignore case. */
function whereFilters(filter: Filter): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  const list = (column: string, items: string[] | undefined, lower: boolean) => {
    if (!items?.length) return;
    sql.push(`${column} IN (${items.map(() => "?").join(", ")})`);
    values.push(...items.map((v) => (lower ? v.toLowerCase() : v)));
  };
  list("d.platform_key", filter.platform, true);
  list("d.source_key", filter.source, true);
  list("d.collection", filter.collection, false);
  // A filter on dates means the documents' own dates: one dated with the import day matches no date filter.
  if (filter.dateFrom || filter.dateTo) sql.push("d.date_imputed = 0");
  if (filter.dateFrom) {
    sql.push("d.date >= ?");
    values.push(filter.dateFrom);
  }
  if (filter.dateTo) {
    // Inclusive on the day: any time on dateTo passes.
    sql.push("d.date < ?");
    values.push(`${filter.dateTo}\uffff`);
  }
  return { sql, values };
}

const HIT_COLUMNS =
  "d.id, d.collection, d.source, d.platform, d.date, d.date_imputed, d.url, d.title, d.chars, d.ton, d.populism, d.tema";
// Undated documents (dated with the import day) come after the dated ones, newest or oldest first alike.
const BY_DATE = { newest: "d.date_imputed, d.date DESC", oldest: "d.date_imputed, d.date ASC" } as const;

type HitRow = Pick<
  DocRow,
  | "id"
  | "collection"
  | "source"
  | "platform"
  | "date"
  | "date_imputed"
  | "url"
  | "title"
  | "chars"
  | "ton"
  | "populism"
  | "tema"
> & { snippet: string };

function toHit(row: HitRow, marked: boolean): DocumentHit {
  return {
    id: row.id,
    collection: row.collection,
    source: row.source,
    platform: row.platform,
    date: row.date,
    ...(row.date_imputed ? { dateImputed: true as const } : {}),
    url: row.url,
    ...(row.title ? { title: row.title } : {}),
    snippet: marked ? markedSegments(row.snippet) : leadSegment(row.snippet, CORPUS_LIMITS.snippetChars),
    chars: row.chars,
    labels: labelsOf(row),
  };
}

export class CorpusCatalog {
  private readonly db: Database.Database;
  readonly corpusHash: string;
  readonly builtAt: string;
  readonly documents: number;

  private constructor(db: Database.Database) {
    this.db = db;
    const meta = (key: string) =>
      db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key) as string | undefined;
    if (Number(meta(META.version)) !== CATALOG_VERSION)
      throw new Error(`catalog version ${meta(META.version)}`);
    this.corpusHash = meta(META.corpusHash) ?? "";
    this.builtAt = meta(META.builtAt) ?? "";
    this.documents = Number(meta(META.documents) ?? 0);
  }

  /** Opens a catalog file read-only; throws when it is missing, damaged or of another version. */
  static open(file: string): CorpusCatalog {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return new CorpusCatalog(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private meta<T>(key: string): T {
    return JSON.parse(
      this.db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key) as string,
    ) as T;
  }

  overview(): Omit<CorpusOverview, "annotationSources"> {
    return this.meta(META.overview);
  }

  collections(): CollectionSummary[] {
    return this.meta(META.collections);
  }

  /** A page of documents: by relevance when there is a query, else newest first. */
  documentsPage(query: DocumentsQuery): DocumentsPage {
    const { offset, limit } = query;
    const filters = whereFilters(query);
    const match = query.q ? ftsQuery(query.q) : null;
    if (!match) {
      const where = filters.sql.length ? `WHERE ${filters.sql.join(" AND ")}` : "";
      const order = `${query.sort === "oldest" ? BY_DATE.oldest : BY_DATE.newest}, d.rowid ASC`;
      const total = this.db
        .prepare(`SELECT count(*) FROM docs d ${where}`)
        .pluck()
        .get(...filters.values) as number;
      const rows = this.db
        .prepare(
          `SELECT ${HIT_COLUMNS}, substr(d.text, 1, ${CORPUS_LIMITS.snippetChars + 40}) AS snippet
           FROM docs d ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
        )
        .all(...filters.values, limit, offset) as HitRow[];
      return { total, offset, limit, documents: rows.map((r) => toHit(r, false)) };
    }
    const where = ["docs_fts MATCH ?", ...filters.sql].join(" AND ");
    const values = [match, ...filters.values];
    const total = this.db
      .prepare(`SELECT count(*) FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid WHERE ${where}`)
      .pluck()
      .get(...values) as number;
    const order =
      query.sort === "newest"
        ? `${BY_DATE.newest}, d.rowid`
        : query.sort === "oldest"
          ? `${BY_DATE.oldest}, d.rowid`
          : "rank";
    const rows = this.db
      .prepare(
        `SELECT ${HIT_COLUMNS}, snippet(docs_fts, -1, '${HIT_OPEN}', '${HIT_CLOSE}', '…', 40) AS snippet
         FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(...values, limit, offset) as HitRow[];
    return { total, offset, limit, documents: rows.map((r) => toHit(r, true)) };
  }

  /**
   * The whole records that `documentsPage` finds for `q` and the filters, after a rowid (0 first), in catalog order
   * (collection files in name order), a page at a time: a workbench data set drawn by keywords holds exactly what the
   * page's Explore finds. Paged so that the connection is free between pages.
   */
  matchingRecords(
    query: Filter & { q?: string },
    after: number,
    limit: number,
  ): { records: CorpusRecord[]; last: number } {
    const filters = whereFilters(query);
    const match = query.q ? ftsQuery(query.q) : null;
    // The CAST matters: a JS number is bound as a REAL, and FTS5 then ignores the rowid constraint.
    const sql = match
      ? `SELECT d.* FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid
         WHERE ${["docs_fts MATCH ?", "docs_fts.rowid > CAST(? AS INTEGER)", ...filters.sql].join(" AND ")}
         ORDER BY docs_fts.rowid LIMIT ?`
      : `SELECT d.* FROM docs d WHERE ${["d.rowid > ?", ...filters.sql].join(" AND ")} ORDER BY d.rowid LIMIT ?`;
    const rows = this.db
      .prepare(sql)
      .all(...(match ? [match] : []), after, ...filters.values, limit) as DocRow[];
    const records = rows.map(recordOf);
    return { records, last: rows.at(-1)?.rowid ?? after };
  }

  /** A document whole, its matches of `q` marked. */
  document(id: string, q?: string): CorpusDocument | null {
    const row = this.db.prepare("SELECT * FROM docs WHERE id = ?").get(id) as DocRow | undefined;
    if (!row) return null;
    const match = q ? ftsQuery(q) : null;
    let marked: string | undefined;
    if (match) {
      marked = this.db
        .prepare(
          // The CAST matters: a JS number is bound as a REAL, and FTS5 then ignores the rowid constraint.
          `SELECT highlight(docs_fts, 1, '${HIT_OPEN}', '${HIT_CLOSE}') FROM docs_fts
           WHERE docs_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
        )
        .pluck()
        .get(match, row.rowid) as string | undefined;
    }
    const annotation = row.annotation ? (JSON.parse(row.annotation) as Annotation) : null;
    return {
      id: row.id,
      collection: row.collection,
      source: row.source,
      platform: row.platform,
      date: row.date,
      ...(row.date_imputed ? { dateImputed: true as const } : {}),
      url: row.url,
      ...(row.title ? { title: row.title } : {}),
      lang: row.lang,
      text: marked ? markedSegments(marked) : [{ text: row.text }],
      chars: row.chars,
      meta: JSON.parse(row.meta) as Record<string, unknown>,
      annotation: annotation ? { annotation, model: LEXICON_MODEL } : null,
    };
  }

  /**
   * Whole records after a position (0 first), in catalog order (collection files in name order), for exports: read
   * a page at a time, so that the connection is free between pages (an open iterator would block other queries).
   */
  recordsAfter(
    after: number,
    limit: number,
    collection?: string,
  ): { records: Record<string, unknown>[]; last: number } {
    const rows = (
      collection
        ? this.db
            .prepare("SELECT * FROM docs WHERE rowid > ? AND collection = ? ORDER BY rowid LIMIT ?")
            .all(after, collection, limit)
        : this.db.prepare("SELECT * FROM docs WHERE rowid > ? ORDER BY rowid LIMIT ?").all(after, limit)
    ) as DocRow[];
    const records = rows.map((row) => ({
      ...recordOf(row),
      ...(JSON.parse(row.meta) as Record<string, unknown>),
    }));
    return { records, last: rows.at(-1)?.rowid ?? after };
  }

  /** False once closed (a new index's catalog replaced it, and requests that read it had their time). */
  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
