// The corpus page's document browser as pure functions: the query (full text, the chat's filters, a collection, an
// order, a page) and its address for GET /api/corpus/documents, the page's range, and the chat's filters taken over.
import { CORPUS_LIMITS } from "../../../contract/corpusPage";
import type { Filters } from "../../../contract/settings";

export type ExploreSort = "relevance" | "newest" | "oldest";

export interface ExploreQuery {
  q: string;
  platform: string[];
  source: string[];
  collection: string[];
  dateFrom: string;
  dateTo: string;
  /** Empty: relevance when there is a query, newest first otherwise. */
  sort: ExploreSort | "";
  offset: number;
  limit: number;
}

export const PAGE_SIZE = 20;

export const initialExplore: ExploreQuery = {
  q: "",
  platform: [],
  source: [],
  collection: [],
  dateFrom: "",
  dateTo: "",
  sort: "",
  offset: 0,
  limit: PAGE_SIZE,
};

/** The query string of GET /documents (only what is set). */
export function documentsSearch(query: ExploreQuery): string {
  const params = new URLSearchParams();
  const q = query.q.trim().slice(0, CORPUS_LIMITS.maxQueryChars);
  if (q) params.set("q", q);
  for (const p of query.platform) params.append("platform", p);
  for (const s of query.source) params.append("source", s);
  for (const c of query.collection) params.append("collection", c);
  if (query.dateFrom) params.set("dateFrom", query.dateFrom);
  if (query.dateTo) params.set("dateTo", query.dateTo);
  if (query.sort) params.set("sort", query.sort);
  if (query.offset > 0) params.set("offset", String(query.offset));
  params.set("limit", String(query.limit));
  return params.toString();
}

/** A change of what is searched starts again at the first page; a change of page keeps the rest. */
export function withChange(query: ExploreQuery, change: Partial<Omit<ExploreQuery, "offset">>): ExploreQuery {
  return { ...query, ...change, offset: 0 };
}

export function pageAt(query: ExploreQuery, direction: 1 | -1, total: number): ExploreQuery {
  const offset = Math.min(Math.max(0, query.offset + direction * query.limit), Math.max(0, total - 1));
  return { ...query, offset: offset - (offset % query.limit) };
}

/** "21–40 of 57" as numbers; from is 0 when there is nothing. */
export function pageRange(
  offset: number,
  shown: number,
  total: number,
): { from: number; to: number; total: number } {
  return { from: shown > 0 ? offset + 1 : 0, to: offset + shown, total };
}

/** The chat's filters as a browser query (the same platforms, sources and dates). */
export function fromChatFilters(query: ExploreQuery, filters: Filters | undefined): ExploreQuery {
  return withChange(query, {
    platform: filters?.platform ?? [],
    source: filters?.source ?? [],
    dateFrom: filters?.dateFrom ?? "",
    dateTo: filters?.dateTo ?? "",
  });
}

/** Whether any filter (not the text) narrows the query. */
export function hasFilters(query: ExploreQuery): boolean {
  return (
    query.platform.length + query.source.length + query.collection.length > 0 ||
    query.dateFrom !== "" ||
    query.dateTo !== ""
  );
}
