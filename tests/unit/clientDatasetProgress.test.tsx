// The class's progress on a shared data set, as its owner sees it under the share box, rendered without a browser:
// one row per person with rows labelled of the set's rows (Romanian plurals: "20 de rânduri") and a bar, the last
// save in the page's language, adjudications only where there are any, most rows first; its CSV and file name; the
// server's grouping of the stored labels; and no table for a member, or for a data set that is not shared.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  emptyImportReport,
  type DatasetProgress,
  type DatasetSummary,
  type HumanReviewLabel,
} from "../../contract/workbench";
import { ProgressTable } from "../../client/src/components/workbench/DatasetProgress";
import { DatasetView } from "../../client/src/components/workbench/DatasetView";
import { I18nProvider } from "../../client/src/i18nContext";
import { progressCsv, progressFileName, progressRows } from "../../client/src/state/datasetProgress";
import { datasetProgress } from "../../server/workbench/datasetProgress";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const label = (annotator: string, idx: number, updatedAt: string): HumanReviewLabel => ({
  datasetId: "ds-1",
  idx,
  annotator,
  labels: { ton: "negativ" },
  note: null,
  status: "labelled",
  blind: true,
  codebookVersion: "1",
  createdAt: updatedAt,
  updatedAt,
});

// 20 rows: Ana labelled 12 (last on 3 May), Ion 3, the teacher none but adjudicated 2.
const stored = {
  labels: [
    ...Array.from({ length: 12 }, (_, i) => label("ana", i, `2025-05-0${1 + (i % 3)}T09:00:00.000Z`)),
    ...[4, 5, 6].map((i) => label("ion", i, "2025-05-02T15:30:00.000Z")),
  ],
  adjudications: [label("prof", 4, "2025-05-04T08:00:00.000Z"), label("prof", 5, "2025-05-04T07:00:00.000Z")],
};

const progress: DatasetProgress = datasetProgress({ id: "ds-1", rows: 20 }, stored);

describe("the server's grouping of the stored labels", () => {
  it("counts each person's rows, adjudications and last save, most rows labelled first", () => {
    expect(progress).toEqual({
      datasetId: "ds-1",
      rows: 20,
      adjudications: 2,
      annotators: [
        {
          annotator: "ana",
          labelled: 12,
          skipped: 0,
          unsure: 0,
          adjudicated: 0,
          lastActivity: "2025-05-03T09:00:00.000Z",
        },
        {
          annotator: "ion",
          labelled: 3,
          skipped: 0,
          unsure: 0,
          adjudicated: 0,
          lastActivity: "2025-05-02T15:30:00.000Z",
        },
        {
          annotator: "prof",
          labelled: 0,
          skipped: 0,
          unsure: 0,
          adjudicated: 2,
          lastActivity: "2025-05-04T08:00:00.000Z",
        },
      ],
    });
  });

  it("orders ties by name and a page's unsorted answer by rows labelled", () => {
    const tied = datasetProgress(
      { id: "x", rows: 2 },
      {
        labels: [label("zoe", 0, "2025-01-01T00:00:00.000Z"), label("Ștefan", 1, "2025-01-01T00:00:00.000Z")],
        adjudications: [],
      },
    );
    expect(tied.annotators.map((a) => a.annotator)).toEqual(["Ștefan", "zoe"]);
    const reversed = { ...progress, annotators: [...progress.annotators].reverse() };
    expect(progressRows(reversed).map((r) => [r.annotator, r.share])).toEqual([
      ["ana", 0.6],
      ["ion", 0.15],
      ["prof", 0],
    ]);
  });
});

describe("the class's progress table", () => {
  it("shows each person's rows of the set with Romanian plurals, a bar and the last save, most rows first", () => {
    const html = render(<ProgressTable progress={progress} datasetName="Clasa: pensii" />);
    const rows = [...html.matchAll(/data-testid="dataset-progress-row" data-annotator="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(rows).toEqual(["ana", "ion", "prof"]);
    expect(html).toContain("12 din 20 de rânduri");
    expect(html).toContain("3 din 20 de rânduri");
    expect(html).toContain("3 persoane · setul are 20 de rânduri");
    expect(html).toContain('style="width:60%"');
    expect(html).toContain(">Adjudecări<");
    expect(html).toContain("Ultima activitate");
    // The last save in the page's locale (Romanian month names).
    expect(html).toMatch(/3 mai 2025/);
    expect(html).toContain('data-testid="dataset-progress-csv"');
  });

  it("speaks English on the English page, and has no adjudications column where nobody adjudicated", () => {
    const none = datasetProgress(
      { id: "ds-1", rows: 1 },
      { labels: [label("ana", 0, "2025-05-03T09:00:00.000Z")], adjudications: [] },
    );
    const html = render(<ProgressTable progress={none} datasetName="fb" />, "en");
    expect(html).toContain("1 of 1 row");
    expect(html).toContain("1 person · the set has 1 row");
    expect(html).toContain("Last activity");
    expect(html).toMatch(/3 May 2025/);
    expect(html).not.toContain("Adjudications");
  });

  it("says so when nobody has labelled yet, with no CSV to download", () => {
    const html = render(
      <ProgressTable
        progress={datasetProgress({ id: "ds-1", rows: 20 }, { labels: [], adjudications: [] })}
        datasetName="fb"
      />,
    );
    expect(html).toContain("Nimeni nu a etichetat încă vreun rând din acest set.");
    expect(html).not.toContain("dataset-progress-row");
    expect(html).not.toContain("dataset-progress-csv");
  });
});

describe("the table's CSV", () => {
  it("holds the table as shown, figures a spreadsheet reads, names safe from formulas", () => {
    const risky = {
      ...progress,
      annotators: [
        ...progress.annotators,
        { annotator: "=HYPERLINK(1)", labelled: 1, adjudicated: 0, lastActivity: "2025-05-01T00:00:00.000Z" },
      ],
    };
    expect(progressCsv(risky, "ro")).toBe(
      "\ufeff" +
        [
          "persoana,randuri_etichetate,randuri_total,procent,adjudecari,ultima_activitate",
          "ana,12,20,60,0,2025-05-03T09:00:00.000Z",
          "ion,3,20,15,0,2025-05-02T15:30:00.000Z",
          "'=HYPERLINK(1),1,20,5,0,2025-05-01T00:00:00.000Z",
          "prof,0,20,0,2,2025-05-04T08:00:00.000Z",
        ].join("\n") +
        "\n",
    );
    const none = datasetProgress(
      { id: "ds-1", rows: 3 },
      { labels: [label("ana", 0, "2025-05-03T09:00:00.000Z")], adjudications: [] },
    );
    expect(progressCsv(none, "en").split("\n")[0]).toBe(
      "\ufeffannotator,rows_labelled,rows_total,percent,last_activity",
    );
    expect(progressCsv(none, "en").split("\n")[1]).toBe("ana,1,3,33.3,2025-05-03T09:00:00.000Z");
  });

  it("is named after the data set and the day, as the run's export", () => {
    const day = new Date("2026-12-07T10:00:00.000Z");
    expect(progressFileName("Clasa: pensii", day)).toBe("Clasa-pensii-progres-2026-12-07.csv");
    expect(progressFileName("fb.csv", day)).toBe("fb-progres-2026-12-07.csv");
    expect(progressFileName("::", day)).toBe("progres-2026-12-07.csv");
  });
});

const dataset = (over: Partial<DatasetSummary>): DatasetSummary => ({
  id: "ds-1",
  name: "Clasa: pensii",
  source: "corpus",
  sourceFile: "corpus",
  format: "corpus",
  encoding: "utf-8",
  rows: 20,
  bytes: 0,
  createdAt: "2025-05-01T10:00:00.000Z",
  mapping: { text: "text" },
  goldFields: [],
  metaColumns: [],
  reviewSample: { size: 5, seed: 1 },
  report: emptyImportReport(20),
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

describe("where the data set's page shows it", () => {
  it("under the share box of a shared data set its viewer manages, after the sharing checkbox", () => {
    const html = view(dataset({ canManage: true }));
    expect(html).toContain('data-testid="dataset-progress"');
    expect(html).toContain("Progresul clasei");
    expect(html.indexOf('data-testid="dataset-progress"')).toBeGreaterThan(
      html.indexOf('data-testid="dataset-shared"'),
    );
  });

  it("not for a member who labels it, nor before it is shared", () => {
    expect(view(dataset({ canManage: false }))).not.toContain("dataset-progress");
    expect(view(dataset({ canManage: true, shared: false }))).not.toContain("dataset-progress");
  });
});
