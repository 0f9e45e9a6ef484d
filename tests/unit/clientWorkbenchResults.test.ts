// The results table's data without a browser: the query sent for filters and sort, the window of pages the
// virtualiser reads (which pages to fetch, stale pages refreshed in place, answers for old filters dropped), one
// row's model cells, and the page's place in the address.
import { describe, expect, it } from "vitest";
import {
  ResultsQuerySchema,
  type ResultRow,
  type ResultsPage,
  type RowAnnotation,
} from "../../contract/workbench";
import {
  defaultFilters,
  emptyWindow,
  labelOptions,
  modelCells,
  pagesToLoad,
  resultsQuery,
  rowAt,
  sortBy,
  toggleFlag,
  windowReducer,
  type ResultsWindow,
} from "../../client/src/state/resultsWindow";
import {
  locationFromSearch,
  openDataset,
  openRun,
  urlWithLocation,
} from "../../client/src/state/workbenchNav";
import { pageFromSearch, urlWithPage } from "../../client/src/state/compare";

function annotation(
  model: string,
  repeat: number,
  labels: RowAnnotation["labels"],
  over: Partial<RowAnnotation> = {},
): RowAnnotation {
  return {
    model,
    repeat,
    labels,
    confidence: 0.8,
    tinta: null,
    justificare: "Ton critic.",
    dovezi: ["hoții"],
    error: null,
    codebookVersion: "1.0.0",
    temperature: 0,
    olderCodebook: false,
    createdAt: "2025-05-01T10:00:00Z",
    ...over,
  };
}

function row(idx: number, annotations: RowAnnotation[] | null = []): ResultRow {
  return {
    idx,
    itemId: `r${idx}`,
    text: `text ${idx}`,
    textLength: 6,
    meta: {},
    gold: {},
    annotations,
    flags: {
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: 0.8,
      failed: 0,
      done: 1,
      priority: 0,
      reviewers: [],
      adjudicated: false,
      inSample: false,
    },
  };
}

function page(offset: number, count: number, total: number): ResultsPage {
  return {
    runId: "run-1",
    total,
    offset,
    rows: Array.from({ length: count }, (_, i) => row(offset + i)),
    datasetRows: total,
    complete: total,
  };
}

describe("the results query", () => {
  it("leaves defaults out and is accepted by the server's schema", () => {
    expect(resultsQuery(defaultFilters, 0, 200)).toBe("offset=0&limit=200");
    const filters = {
      ...toggleFlag(toggleFlag(defaultFilters, "low_confidence"), "models_disagree"),
      label: "ton:negativ",
      labelModel: "offline:lexicon",
      field: "ton" as const,
      minConfidence: 0.5,
      q: "  pensii ",
      sort: "confidence" as const,
      order: "desc" as const,
    };
    const query = resultsQuery(filters, 400, 200, { annotator: "Ana", blind: true });
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(params).toEqual({
      offset: "400",
      limit: "200",
      label: "ton:negativ",
      labelModel: "offline:lexicon",
      filter: "models_disagree,low_confidence",
      field: "ton",
      minConfidence: "0.5",
      q: "pensii",
      sort: "confidence",
      order: "desc",
      annotator: "Ana",
      blind: "1",
    });
    expect(ResultsQuerySchema.safeParse(params).success).toBe(true);
  });

  it("keeps flags in the contract's order however they were toggled, and toggles them off", () => {
    const f = toggleFlag(toggleFlag(defaultFilters, "unreviewed"), "failed");
    expect(f.flags).toEqual(["failed", "unreviewed"]);
    expect(toggleFlag(f, "failed").flags).toEqual(["unreviewed"]);
  });

  it("flips the order on the sorted column and starts priority with the highest", () => {
    expect(sortBy(defaultFilters, "idx").order).toBe("desc");
    expect(sortBy(defaultFilters, "priority")).toMatchObject({ sort: "priority", order: "desc" });
  });

  it("offers every label of every field, each one the server's label filter accepts", () => {
    const options = labelOptions();
    expect(options).toContainEqual({ value: "tema:coruptie", field: "tema", label: "coruptie" });
    expect(options).toContainEqual({ value: "populism:true", field: "populism", label: "true" });
    for (const o of options) expect(ResultsQuerySchema.safeParse({ label: o.value }).success).toBe(true);
  });
});

describe("the window of pages", () => {
  const key = "run-1?offset=0&limit=200";
  const loaded = (state: ResultsWindow, p: number, total: number) =>
    windowReducer(state, {
      type: "window:loaded",
      key,
      page: p,
      result: page(p * 200, Math.min(200, total - p * 200), total),
    });

  it("asks for the first page first, then only the pages in view, never twice at once", () => {
    let state = emptyWindow(key);
    expect(pagesToLoad(state, 0, 30)).toEqual([0]);
    state = windowReducer(state, { type: "window:loading", key, pages: [0] });
    expect(pagesToLoad(state, 0, 30)).toEqual([]);
    state = loaded(state, 0, 10_000);
    expect(pagesToLoad(state, 0, 30)).toEqual([]);
    // Scrolled to rows 5,190–5,230 of 10,000: pages 25 and 26 only.
    expect(pagesToLoad(state, 5190, 5230)).toEqual([25, 26]);
    expect(pagesToLoad(state, 9990, 10_020)).toEqual([49]);
    expect(rowAt(state, 150)?.idx).toBe(150);
    expect(rowAt(state, 5200)).toBeUndefined();
  });

  it("keeps stale rows on screen and refetches them; a failed page waits for the next refresh", () => {
    let state = loaded(emptyWindow(key), 0, 500);
    state = windowReducer(state, { type: "window:invalidate", key });
    expect(rowAt(state, 3)?.idx).toBe(3);
    expect(pagesToLoad(state, 0, 30)).toEqual([0]);
    state = windowReducer(state, { type: "window:loading", key, pages: [1] });
    state = windowReducer(state, { type: "window:failed", key, page: 1, message: "HTTP 500" });
    expect(state.error).toBe("HTTP 500");
    expect(pagesToLoad(state, 190, 230)).toEqual([0]);
    state = windowReducer(state, { type: "window:invalidate", key });
    expect(pagesToLoad(state, 190, 230)).toEqual([0, 1]);
  });

  it("drops answers for other filters and starts over when the filters change", () => {
    const state = loaded(emptyWindow(key), 0, 500);
    expect(
      windowReducer(state, { type: "window:loaded", key: "other", page: 0, result: page(0, 10, 10) }),
    ).toBe(state);
    const reset = windowReducer(state, { type: "window:reset", key: "other" });
    expect(reset).toEqual(emptyWindow("other"));
    expect(windowReducer(state, { type: "window:reset", key })).toBe(state);
  });

  it("asks for nothing when no row matches", () => {
    const state = loaded(emptyWindow(key), 0, 0);
    expect(pagesToLoad(state, 0, 0)).toEqual([]);
  });
});

describe("a row's model cells", () => {
  it("gives one cell per model in the run's order, the first repeat's labels, and whether repeats agree", () => {
    const r = row(0, [
      annotation("b:m", 2, { ton: "negativ" }),
      annotation("b:m", 1, { ton: "neutru" }),
      annotation("a:m", 1, { ton: "negativ", populism: "true" }, { olderCodebook: true }),
    ]);
    const cells = modelCells(r, ["a:m", "b:m", "c:m"])!;
    expect(cells[0]).toMatchObject({
      model: "a:m",
      labels: { ton: "negativ", populism: "true" },
      repeats: 1,
      repeatsAgree: true,
      olderCodebook: true,
    });
    expect(cells[1]).toMatchObject({ labels: { ton: "neutru" }, repeats: 2, repeatsAgree: false });
    expect(cells[2]).toBeUndefined();
  });

  it("leaves failed repeats out of the agreement and says the row is withheld in blind mode", () => {
    const r = row(0, [
      annotation("a:m", 1, { ton: "negativ" }),
      annotation("a:m", 2, {}, { error: { code: "provider:timeout", message: "prea lent" } }),
    ]);
    expect(modelCells(r, ["a:m"])![0]).toMatchObject({ repeatsAgree: true, error: null });
    expect(modelCells(row(1, null), ["a:m"])).toBeNull();
  });
});

describe("the page's place in the address", () => {
  it("reads and writes data set, run and view, dropping a run without a data set", () => {
    expect(locationFromSearch("?page=annotate&dataset=ds1&run=r1&view=review")).toEqual({
      datasetId: "ds1",
      runId: "r1",
      view: "review",
    });
    expect(locationFromSearch("?run=r1&view=nonsense")).toEqual({ view: "results" });
    expect(
      urlWithLocation("http://h/?page=annotate&thread=t", { datasetId: "ds1", runId: "r1", view: "results" }),
    ).toBe("/?page=annotate&thread=t&dataset=ds1&run=r1");
    expect(urlWithLocation("http://h/?page=annotate&dataset=a&run=b&view=charts", { view: "charts" })).toBe(
      "/?page=annotate&view=charts",
    );
  });

  it("forgets the run when another data set opens, and keeps the view when a run opens", () => {
    const here = { datasetId: "ds1", runId: "r1", view: "agreement" as const };
    expect(openDataset(here, "ds2")).toEqual({ datasetId: "ds2", view: "agreement" });
    expect(openDataset(here, "ds1")).toBe(here);
    expect(openRun(here, "r2")).toEqual({ datasetId: "ds1", runId: "r2", view: "agreement" });
  });

  it("knows the annotate page beside chat and compare", () => {
    expect(pageFromSearch("?page=annotate")).toBe("annotate");
    expect(urlWithPage("http://h/?thread=t", "annotate")).toBe("/?thread=t&page=annotate");
  });
});
