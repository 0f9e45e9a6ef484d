// Labelling a data set before any run, as the "Adnotare" page shows it, rendered without a browser: the data set's
// "Label" button, the run-less review (no models, no blind switch, the sample-then-rest queue), its place in the
// address, and a run's review that starts on the sample when its priority queue is empty.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyImportReport, type DatasetSummary, type QueueResponse } from "../../contract/workbench";
import { DatasetView } from "../../client/src/components/workbench/DatasetView";
import { LabelView } from "../../client/src/components/workbench/LabelView";
import { sampleHasRows } from "../../client/src/components/workbench/ReviewView";
import { I18nProvider } from "../../client/src/i18nContext";
import {
  locationFromSearch,
  openLabelling,
  openRun,
  urlWithLocation,
} from "../../client/src/state/workbenchNav";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const dataset: DatasetSummary = {
  id: "ds-1",
  name: "Comentarii 12",
  source: "upload",
  sourceFile: "comentarii.csv",
  format: "csv",
  encoding: "utf-8",
  rows: 12,
  bytes: 900,
  createdAt: "2025-05-01T10:00:00.000Z",
  mapping: { text: "text" },
  goldFields: [],
  metaColumns: [],
  reviewSample: { size: 12, seed: 42 },
  report: emptyImportReport(12),
  shared: false,
  blindReview: true,
};

const datasetView = (lang: "ro" | "en", onLabel?: () => void) =>
  render(
    <DatasetView
      reportOpen={false}
      dataset={dataset}
      runs={[]}
      jobs={{}}
      selectedRun={undefined}
      models={undefined}
      onOpenRun={() => {}}
      onStarted={() => {}}
      onDataset={() => {}}
      onDeleted={() => {}}
      {...(onLabel ? { onLabel } : {})}
    />,
    lang,
  );

const labelView = (lang: "ro" | "en", annotator = "ana") =>
  render(
    <LabelView
      dataset={dataset}
      annotator={annotator}
      onAnnotator={() => {}}
      knownNames={["ana"]}
      onSaved={() => {}}
      onClose={() => {}}
    />,
    lang,
  );

describe("a data set's Label button", () => {
  it("is offered before any run, in Romanian and English", () => {
    const ro = datasetView("ro", () => {});
    expect(ro).toMatch(/data-testid="dataset-label"[^>]*>Etichetați</);
    expect(ro).toContain("Etichetați rândurile înaintea oricărui model");
    expect(datasetView("en", () => {})).toMatch(/data-testid="dataset-label"[^>]*>Label</);
    expect(datasetView("ro")).not.toContain('data-testid="dataset-label"');
  });
});

describe("the run-less review", () => {
  it("has the name, the sample-then-rest queue and no blind switch nor models", () => {
    const ro = labelView("ro");
    expect(ro).toContain('data-testid="label-view"');
    expect(ro).toContain("Etichetare: Comentarii 12");
    expect(ro).toContain('data-testid="review-annotator"');
    expect(ro).toMatch(/data-testid="review-mode-priority"[^>]*>Eșantionul, apoi restul</);
    expect(ro).toContain("Nicio rulare încă: întâi eșantionul aleator");
    expect(ro).not.toContain('data-testid="review-blind"');
    expect(ro).not.toContain("Prioritate");
    const en = labelView("en");
    expect(en).toContain("Labelling: Comentarii 12");
    expect(en).toMatch(/data-testid="review-mode-priority"[^>]*>Sample, then the rest</);
    expect(en).toContain("No run yet: first the random sample kept apart");
  });

  it("asks for a name before any row", () => {
    expect(labelView("ro", " ")).toContain("Scrieți-vă numele mai sus");
    expect(labelView("en", "")).toContain("Write your name above");
  });
});

describe("the labelling's place in the address", () => {
  it("is view=label with no run, and a run opened from it opens on its review", () => {
    expect(locationFromSearch("?page=annotate&dataset=ds1&view=label")).toEqual({
      datasetId: "ds1",
      view: "label",
    });
    expect(locationFromSearch("?page=annotate&dataset=ds1&run=r1&view=label")).toEqual({
      datasetId: "ds1",
      view: "label",
    });
    const labelling = openLabelling({ datasetId: "ds1", runId: "r1", view: "charts" });
    expect(labelling).toEqual({ datasetId: "ds1", view: "label" });
    expect(urlWithLocation("http://h/?page=annotate&run=r1", labelling)).toBe(
      "/?page=annotate&dataset=ds1&view=label",
    );
    expect(openRun(labelling, "r2")).toEqual({ datasetId: "ds1", runId: "r2", view: "review" });
  });
});

describe("a run's review on a small data set", () => {
  const queue = (over: Partial<QueueResponse>): QueueResponse => ({
    runId: "r1",
    annotator: "ana",
    mode: "priority",
    items: [],
    remaining: 0,
    total: 0,
    ...over,
  });
  const stubSample = (remaining: number) => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify(queue({ mode: "sample", remaining, total: 12 })), { status: 200 });
    });
    return asked;
  };

  it("starts on the sample when the priority queue is empty and the sample has rows left, once", async () => {
    const asked = stubSample(12);
    const checked = { current: false };
    expect(await sampleHasRows(queue({}), "r1", "ana", undefined, checked)).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("/runs/r1/queue?annotator=ana&mode=sample");
    expect(await sampleHasRows(queue({}), "r1", "ana", undefined, checked)).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it("asks again when the sample's answer never came (the load was aborted)", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new DOMException("aborted", "AbortError");
    });
    const checked = { current: false };
    await expect(sampleHasRows(queue({}), "r1", "ana", undefined, checked)).rejects.toThrow();
    expect(checked.current).toBe(false);
    const asked = stubSample(12);
    expect(await sampleHasRows(queue({}), "r1", "ana", undefined, checked)).toBe(true);
    expect(asked).toHaveLength(1);
    expect(checked.current).toBe(true);
  });

  it("stays on priority when it has rows, or when the sample is done too", async () => {
    const asked = stubSample(0);
    const busy = queue({ items: [{ idx: 3, itemId: "3", priority: 2, reasons: ["failed"] }], total: 1 });
    expect(await sampleHasRows(busy, "r1", "ana", undefined, { current: false })).toBe(false);
    expect(asked).toHaveLength(0);
    expect(await sampleHasRows(queue({}), "r1", "ana", undefined, { current: false })).toBe(false);
    expect(asked).toHaveLength(1);
  });
});
