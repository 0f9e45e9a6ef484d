// Labels per row (overlap) on the page, rendered without a browser: the owner's select beside sharing and blind review
// (everyone, or 1..50 labels with Romanian plurals), none for a member; the labelling form's line "Mai aveți 14
// rânduri de etichetat; celelalte au deja 3 etichete" and its done state; the class's progress "412 din 600 de
// rânduri au 3 etichete" with a bar; and the review queue's reducer, which after a save replaces the rows held ahead
// with the server's rows that still need labels, keeping those behind.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  emptyImportReport,
  type DatasetProgress,
  type DatasetSummary,
  type QueueResponse,
} from "../../contract/workbench";
import {
  DatasetOverlap,
  overlapOf,
  overlapValue,
} from "../../client/src/components/workbench/DatasetOverlap";
import { ProgressTable } from "../../client/src/components/workbench/DatasetProgress";
import { DatasetView } from "../../client/src/components/workbench/DatasetView";
import { OverlapNote } from "../../client/src/components/workbench/ReviewParts";
import { I18nProvider } from "../../client/src/i18nContext";
import { progressCsv } from "../../client/src/state/datasetProgress";
import { initialReviewState, reviewReducer, type ReviewState } from "../../client/src/state/review";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const dataset = (over: Partial<DatasetSummary>): DatasetSummary => ({
  id: "ds-1",
  name: "Clasa: pensii",
  source: "corpus",
  sourceFile: "corpus",
  format: "corpus",
  encoding: "utf-8",
  rows: 600,
  bytes: 0,
  createdAt: "2025-05-01T10:00:00.000Z",
  mapping: { text: "text" },
  goldFields: [],
  metaColumns: [],
  reviewSample: { size: 50, seed: 1 },
  report: emptyImportReport(600),
  shared: true,
  blindReview: true,
  ...over,
});

const view = (d: DatasetSummary) =>
  render(
    <DatasetView
      reportOpen={false}
      dataset={d}
      runs={[]}
      jobs={{}}
      selectedRun={undefined}
      models={undefined}
      onOpenRun={() => {}}
      onStarted={() => {}}
      onDataset={() => {}}
      onDeleted={() => {}}
    />,
  );

describe("the owner's labels per row", () => {
  it("is a select beside sharing: everyone by default, then 1..50 labels with their plurals", () => {
    const html = render(<DatasetOverlap dataset={dataset({ canManage: true })} onDataset={() => {}} />);
    expect(html).toContain('data-testid="dataset-overlap"');
    expect(html).toContain("Etichete pe rând");
    expect(html).toMatch(/<option value="" selected="">toți etichetează toate rândurile<\/option>/);
    expect(html).toContain('<option value="1">1 etichetă</option>');
    expect(html).toContain('<option value="3">3 etichete</option>');
    expect(html).toContain('<option value="20">20 de etichete</option>');
    expect(html).toContain('<option value="50">50 de etichete</option>');
    expect(html).not.toContain('<option value="51"');
    const three = render(
      <DatasetOverlap dataset={dataset({ canManage: true, overlap: 3 })} onDataset={() => {}} />,
      "en",
    );
    expect(three).toMatch(/<option value="3" selected="">3 labels<\/option>/);
    expect(three).toContain("everyone labels every row");
    expect(overlapOf(overlapValue(null))).toBeNull();
    expect(overlapOf(overlapValue(7))).toBe(7);
  });

  it("is in the data set's view for whoever manages it, not for a member", () => {
    expect(view(dataset({ canManage: true }))).toContain('data-testid="dataset-overlap"');
    expect(view(dataset({ canManage: false }))).not.toContain('data-testid="dataset-overlap"');
  });
});

const noteState = (over: Partial<ReviewState>): ReviewState => ({
  ...initialReviewState(),
  overlap: 3,
  full: 412,
  remaining: 14,
  total: 550,
  ...over,
});

describe("the labelling form under labels per row", () => {
  it("says how many rows are left for this person and that the others have their labels", () => {
    const html = render(<OverlapNote state={noteState({})} name="ana" />);
    expect(html).toContain("Mai aveți 14 rânduri de etichetat; celelalte au deja 3 etichete.");
    expect(html).toContain('data-remaining="14"');
    expect(render(<OverlapNote state={noteState({ remaining: 1 })} name="ana" />)).toContain(
      "Mai aveți 1 rând de etichetat; celelalte au deja 3 etichete.",
    );
    expect(render(<OverlapNote state={noteState({ remaining: 20, overlap: 1 })} name="ana" />)).toContain(
      "Mai aveți 20 de rânduri de etichetat; celelalte au deja 1 etichetă.",
    );
    expect(render(<OverlapNote state={noteState({ full: 0 })} name="ana" />)).toContain(
      "Mai aveți 14 rânduri de etichetat; fiecare rând are nevoie de 3 etichete.",
    );
    expect(render(<OverlapNote state={noteState({ remaining: 1 })} name="ana" />, "en")).toContain(
      "1 row left for you to label; the others already have 3 labels.",
    );
  });

  it("says plainly when nothing is left, and nothing without an overlap, a name or in the sample", () => {
    const done = render(<OverlapNote state={noteState({ remaining: 0 })} name="ana" />);
    expect(done).toContain('data-testid="review-overlap-done"');
    expect(done).toContain(
      "Gata: nu mai aveți niciun rând de etichetat, celelalte au deja 3 etichete. Mulțumim!",
    );
    expect(render(<OverlapNote state={noteState({ overlap: null })} name="ana" />)).toBe("");
    expect(render(<OverlapNote state={noteState({})} name="" />)).toBe("");
    expect(render(<OverlapNote state={noteState({ mode: "sample" })} name="ana" />)).toBe("");
  });
});

describe("the class's progress under labels per row", () => {
  const progress: DatasetProgress = {
    datasetId: "ds-1",
    rows: 600,
    adjudications: 0,
    annotators: [
      { annotator: "ana", labelled: 40, adjudicated: 0, lastActivity: "2025-05-03T09:00:00.000Z" },
    ],
    overlap: 3,
    rowsAtOverlap: 412,
  };

  it("says how many rows reached k, with a bar, and keeps its CSV", () => {
    const html = render(<ProgressTable progress={progress} datasetName="Clasa" />);
    expect(html).toContain("412 din 600 de rânduri au 3 etichete");
    expect(html).toContain('data-testid="dataset-progress-overlap"');
    expect(html).toMatch(/wb-mini-bar[^>]*><span style="width:68\.6\d*%"/);
    expect(
      render(<ProgressTable progress={{ ...progress, rowsAtOverlap: 1 }} datasetName="Clasa" />),
    ).toContain("1 din 600 de rânduri are 3 etichete");
    expect(render(<ProgressTable progress={progress} datasetName="Clasa" />, "en")).toContain(
      "412 of 600 rows have 3 labels",
    );
    expect(progressCsv(progress, "ro").split("\n")[1]).toBe("ana,40,600,6.7,2025-05-03T09:00:00.000Z");
    const { overlap: _o, rowsAtOverlap: _r, ...plain } = progress;
    expect(render(<ProgressTable progress={plain} datasetName="Clasa" />)).not.toContain(
      "dataset-progress-overlap",
    );
  });
});

function queue(idxs: number[], over: Partial<QueueResponse> = {}): QueueResponse {
  return {
    runId: null,
    annotator: "ana",
    mode: "priority",
    items: idxs.map((idx) => ({ idx, itemId: `r${idx}`, priority: 0, reasons: ["rest"] })),
    remaining: idxs.length,
    total: 10,
    overlap: 1,
    full: 0,
    ...over,
  };
}

describe("the review queue after a save under labels per row", () => {
  it("keeps the rows up to the saved one and takes the server's rows after it, so the next row still needs labels", () => {
    let state = reviewReducer(initialReviewState(), {
      type: "review:queue",
      response: queue([0, 1, 2, 3]),
      append: false,
      asked: 20,
    });
    expect(state.overlap).toBe(1);
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    // Row 1 saved; meanwhile a classmate labelled row 2: the server's queue after row 1 is [3].
    state = reviewReducer(state, {
      type: "review:queueAhead",
      response: queue([3], { remaining: 1, full: 1 }),
      after: 1,
      asked: 20,
    });
    expect(state.entries.map((e) => e.idx)).toEqual([0, 1, 3]);
    expect(state.position).toBe(1);
    expect(state).toMatchObject({ remaining: 1, full: 1, exhausted: true });
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    expect(state.entries[state.position]?.idx).toBe(3);
  });

  it("resets the row on screen when the person had moved on to a row the answer removed", () => {
    let state = reviewReducer(initialReviewState(), {
      type: "review:queue",
      response: queue([0, 1, 2]),
      append: false,
      asked: 20,
    });
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    state = reviewReducer(state, {
      type: "review:queueAhead",
      response: queue([2]),
      after: 0,
      asked: 20,
    });
    expect(state.entries.map((e) => e.idx)).toEqual([0, 2]);
    expect(state.entries[state.position]?.idx).toBe(2);
    expect(state.item).toBeNull();
    // An answer for a row no longer held, or another mode, changes nothing.
    expect(
      reviewReducer(state, { type: "review:queueAhead", response: queue([5]), after: 9, asked: 20 }),
    ).toBe(state);
  });
});
