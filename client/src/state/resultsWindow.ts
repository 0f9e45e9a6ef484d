// The results table's data: the filters and sort as a query for GET /runs/:id/results, and a cache of pages
// of rows that the virtualised table reads by index — only the pages near what is on screen are fetched, so
// 10,000 rows cost what one screen costs. While a run is running, pages are marked stale and refetched in
// place (the old rows stay on screen meanwhile). No React, no fetch.
import {
  RESULT_FILTERS,
  REVIEW_FIELDS,
  REVIEW_FIELD_VALUES,
  type ResultRow,
  type ResultsPage,
  type ReviewField,
  type RowAnnotation,
} from "../../../contract/workbench";

export type ResultFilter = (typeof RESULT_FILTERS)[number];
export type ResultSort = "idx" | "confidence" | "priority";

export interface ResultsFilters {
  /** "" or "field:value", e.g. "ton:negativ". */
  label: string;
  /** "" = any model. */
  labelModel: string;
  flags: ResultFilter[];
  /** "" = disagreement on any field. */
  field: ReviewField | "";
  minConfidence: number;
  q: string;
  sort: ResultSort;
  order: "asc" | "desc";
}

export const DEFAULT_MIN_CONFIDENCE = 0.6;

export const defaultFilters: ResultsFilters = {
  label: "",
  labelModel: "",
  flags: [],
  field: "",
  minConfidence: DEFAULT_MIN_CONFIDENCE,
  q: "",
  sort: "idx",
  order: "asc",
};

/** Rows fetched per request (the contract allows up to 500; 200 is a few screens and a small response). */
export const PAGE_ROWS = 200;

export function toggleFlag(filters: ResultsFilters, flag: ResultFilter): ResultsFilters {
  const flags = filters.flags.includes(flag)
    ? filters.flags.filter((f) => f !== flag)
    : RESULT_FILTERS.filter((f) => f === flag || filters.flags.includes(f));
  return { ...filters, flags };
}

/** Clicking the sorted column flips the order; another column sorts by it, most telling first. */
export function sortBy(filters: ResultsFilters, sort: ResultSort): ResultsFilters {
  if (filters.sort === sort) return { ...filters, order: filters.order === "asc" ? "desc" : "asc" };
  // Low confidence and high priority are what a person looks for first.
  return { ...filters, sort, order: sort === "priority" ? "desc" : "asc" };
}

export function activeFilterCount(filters: ResultsFilters): number {
  return (filters.label ? 1 : 0) + filters.flags.length + (filters.q.trim() ? 1 : 0);
}

/** Every label of every review field, as the label filter's options ("ton:negativ"). */
export function labelOptions(): { value: string; field: ReviewField; label: string }[] {
  return REVIEW_FIELDS.flatMap((field) =>
    REVIEW_FIELD_VALUES[field].map((label) => ({ value: `${field}:${label}`, field, label })),
  );
}

export interface ReviewerQuery {
  annotator?: string;
  blind?: boolean;
}

/** The query string of GET /runs/:id/results for one page; defaults are left out. */
export function resultsQuery(
  filters: ResultsFilters,
  offset: number,
  limit: number,
  reviewer: ReviewerQuery = {},
): string {
  const params = new URLSearchParams();
  params.set("offset", String(offset));
  params.set("limit", String(limit));
  if (filters.label) params.set("label", filters.label);
  if (filters.label && filters.labelModel) params.set("labelModel", filters.labelModel);
  if (filters.flags.length) params.set("filter", filters.flags.join(","));
  if (filters.field) params.set("field", filters.field);
  if (filters.minConfidence !== DEFAULT_MIN_CONFIDENCE)
    params.set("minConfidence", String(filters.minConfidence));
  if (filters.q.trim()) params.set("q", filters.q.trim().slice(0, 200));
  if (filters.sort !== "idx") params.set("sort", filters.sort);
  if (filters.order !== "asc") params.set("order", filters.order);
  if (reviewer.annotator?.trim()) params.set("annotator", reviewer.annotator.trim());
  if (reviewer.blind) params.set("blind", "1");
  return params.toString();
}

// ---- The window of pages ----

export interface ResultsWindow {
  /** Which run, filters and reviewer the pages belong to; a page for another key is dropped. */
  key: string;
  /** Rows matching the filters; null until the first page came. */
  total: number | null;
  datasetRows: number | null;
  complete: number | null;
  pages: Record<number, ResultRow[]>;
  loading: Record<number, true>;
  stale: Record<number, true>;
  /** Pages whose last fetch failed: not asked again until the next refresh (no retry storm). */
  failed: Record<number, true>;
  error: string | null;
}

export function emptyWindow(key: string): ResultsWindow {
  return {
    key,
    total: null,
    datasetRows: null,
    complete: null,
    pages: {},
    loading: {},
    stale: {},
    failed: {},
    error: null,
  };
}

export type WindowAction =
  | { type: "window:reset"; key: string }
  | { type: "window:loading"; key: string; pages: number[] }
  | { type: "window:loaded"; key: string; page: number; result: ResultsPage }
  | { type: "window:failed"; key: string; page: number; message: string }
  /** New outcomes arrived (progress, a saved label): every page is refetched when next in view. */
  | { type: "window:invalidate"; key: string };

const without = (record: Record<number, true>, page: number): Record<number, true> => {
  const { [page]: _dropped, ...rest } = record;
  return rest;
};

export function windowReducer(state: ResultsWindow, action: WindowAction): ResultsWindow {
  if (action.type === "window:reset") return action.key === state.key ? state : emptyWindow(action.key);
  if (action.key !== state.key) return state;
  switch (action.type) {
    case "window:loading": {
      const loading = { ...state.loading };
      for (const p of action.pages) loading[p] = true;
      return { ...state, loading };
    }
    case "window:loaded":
      return {
        ...state,
        total: action.result.total,
        datasetRows: action.result.datasetRows,
        complete: action.result.complete,
        pages: { ...state.pages, [action.page]: action.result.rows },
        loading: without(state.loading, action.page),
        stale: without(state.stale, action.page),
        failed: without(state.failed, action.page),
        error: null,
      };
    case "window:failed":
      return {
        ...state,
        loading: without(state.loading, action.page),
        failed: { ...state.failed, [action.page]: true },
        error: action.message,
      };
    case "window:invalidate": {
      const stale: Record<number, true> = {};
      for (const p of Object.keys(state.pages)) stale[Number(p)] = true;
      // Failed pages are tried again too.
      return { ...state, stale, failed: {} };
    }
  }
}

/**
 * Pages to fetch so that rows start..end (inclusive, what the virtualiser renders) are there: missing or stale
 * pages not already loading, the ones in view first. Before the total is known, the first page.
 */
export function pagesToLoad(
  state: ResultsWindow,
  start: number,
  end: number,
  pageRows = PAGE_ROWS,
): number[] {
  if (state.total === null) return state.loading[0] || state.failed[0] ? [] : [0];
  if (state.total === 0 || end < start) return [];
  const last = Math.min(end, state.total - 1);
  const pages: number[] = [];
  for (let p = Math.floor(Math.max(0, start) / pageRows); p <= Math.floor(last / pageRows); p++) {
    if (state.loading[p] || state.failed[p]) continue;
    if (!state.pages[p] || state.stale[p]) pages.push(p);
  }
  return pages;
}

export function rowAt(state: ResultsWindow, index: number, pageRows = PAGE_ROWS): ResultRow | undefined {
  return state.pages[Math.floor(index / pageRows)]?.[index % pageRows];
}

// ---- One row as the table shows it ----

export interface ModelCell {
  model: string;
  /** The first repeat's labels (what "models disagree" compares). */
  labels: Partial<Record<ReviewField, string>>;
  confidence: number | null;
  justification: string | null;
  evidence: string[];
  target: string | null;
  error: string | null;
  /** Outcomes of this model for the row, and whether its repeats gave the same labels. */
  repeats: number;
  repeatsAgree: boolean;
  olderCodebook: boolean;
}

const sameLabels = (a: RowAnnotation, b: RowAnnotation) =>
  REVIEW_FIELDS.every((f) => (a.labels[f] ?? "") === (b.labels[f] ?? ""));

/**
 * One cell per model of the run, in the run's order: undefined when the model has no outcome for the row yet;
 * null for the whole row when the labels are withheld (blind review).
 */
export function modelCells(row: ResultRow, models: readonly string[]): (ModelCell | undefined)[] | null {
  if (row.annotations === null) return null;
  return models.map((model) => {
    const mine = row.annotations!.filter((a) => a.model === model).sort((a, b) => a.repeat - b.repeat);
    const first = mine[0];
    if (!first) return undefined;
    const ok = mine.filter((a) => !a.error);
    return {
      model,
      labels: first.labels,
      confidence: first.confidence,
      justification: first.justificare,
      evidence: first.dovezi,
      target: first.tinta,
      error: first.error?.message ?? null,
      repeats: mine.length,
      repeatsAgree: ok.every((a) => sameLabels(a, ok[0]!)),
      olderCodebook: mine.some((a) => a.olderCodebook),
    };
  });
}

export type ConfidenceBand = "low" | "mid" | "high";

export function confidenceBand(confidence: number, low = DEFAULT_MIN_CONFIDENCE): ConfidenceBand {
  if (confidence < low) return "low";
  return confidence < 0.85 ? "mid" : "high";
}
