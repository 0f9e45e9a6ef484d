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

/**
 * The browser's query in the page's address, so that a reload or a shared link shows the same documents: prefixed
 * names, because the address keeps other pages' places too (?thread=, ?dataset=).
 */
const ADDRESS = {
  q: "corpus-q",
  platform: "corpus-platform",
  source: "corpus-source",
  collection: "corpus-collection",
  dateFrom: "corpus-from",
  dateTo: "corpus-to",
  sort: "corpus-sort",
  offset: "corpus-offset",
} as const;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const SORTS: readonly string[] = ["relevance", "newest", "oldest"];

/** The query the address holds (absurd values ignored), else the initial one. */
export function exploreFromSearch(search: string): ExploreQuery {
  const params = new URLSearchParams(search);
  const list = (name: string) =>
    params
      .getAll(name)
      .map((v) => v.trim())
      .filter((v) => v !== "" && v.length <= 200)
      .slice(0, 20);
  const day = (name: string) => {
    const value = params.get(name) ?? "";
    return DAY_RE.test(value) ? value : "";
  };
  const sort = params.get(ADDRESS.sort) ?? "";
  const offset = Number(params.get(ADDRESS.offset) ?? 0);
  return {
    ...initialExplore,
    q: (params.get(ADDRESS.q) ?? "").slice(0, CORPUS_LIMITS.maxQueryChars),
    platform: list(ADDRESS.platform),
    source: list(ADDRESS.source),
    collection: list(ADDRESS.collection),
    dateFrom: day(ADDRESS.dateFrom),
    dateTo: day(ADDRESS.dateTo),
    sort: SORTS.includes(sort) ? (sort as ExploreSort) : "",
    offset: Number.isInteger(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0,
  };
}

/** The address with the query in it (only what is set; the rest of the address kept). Returns path + search + hash. */
export function urlWithExplore(href: string, query: ExploreQuery): string {
  const url = new URL(href);
  for (const name of Object.values(ADDRESS)) url.searchParams.delete(name);
  const q = query.q.trim();
  if (q) url.searchParams.set(ADDRESS.q, q);
  for (const p of query.platform) url.searchParams.append(ADDRESS.platform, p);
  for (const s of query.source) url.searchParams.append(ADDRESS.source, s);
  for (const c of query.collection) url.searchParams.append(ADDRESS.collection, c);
  if (query.dateFrom) url.searchParams.set(ADDRESS.dateFrom, query.dateFrom);
  if (query.dateTo) url.searchParams.set(ADDRESS.dateTo, query.dateTo);
  if (query.sort) url.searchParams.set(ADDRESS.sort, query.sort);
  if (query.offset > 0) url.searchParams.set(ADDRESS.offset, String(query.offset));
  return `${url.pathname}${url.search}${url.hash}`;
}
