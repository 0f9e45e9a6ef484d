// A data set shared with the class, as the "Adnotare" page shows it, rendered without a browser: the list's badge,
// and the sharing checkbox (with delete, redraw and the adjudication tab) only for a viewer the server says may manage it,
// and only where there are accounts to share with (not with AUTH=off).
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthMode, SessionUser } from "../../contract/auth";
import {
  emptyImportReport,
  encodeCorpusSelection,
  type DatasetSummary,
  type Job,
} from "../../contract/workbench";
import { AnnotatorField } from "../../client/src/components/workbench/AnnotatorField";
import { DatasetList } from "../../client/src/components/workbench/DatasetList";
import { DatasetView } from "../../client/src/components/workbench/DatasetView";
import { RunProgress } from "../../client/src/components/workbench/RunProgress";
import { RunView } from "../../client/src/components/workbench/RunView";
import { I18nProvider } from "../../client/src/i18nContext";
import { finishedModel, pageJob, pageRun } from "../support/workbenchStore";

// The access gate's mode as the server would say it (GET /api/auth/me); a class deployment unless a test says otherwise.
const access = vi.hoisted(() => ({ mode: "users" as AuthMode, user: undefined as SessionUser | undefined }));
vi.mock("../../client/src/AccessGate", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../client/src/AccessGate")>();
  return {
    ...real,
    useAccess: () => ({
      ...real.useAccess(),
      mode: access.mode,
      ...(access.user ? { user: access.user } : {}),
    }),
  };
});

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
  access.mode = "users";
  access.user = undefined;
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
  shared: false,
  blindReview: true,
  ...over,
});

const view = (d: DatasetSummary, lang: "ro" | "en" = "ro") =>
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
    lang,
  );

describe("a data set shared with the class", () => {
  it("carries a badge in the list, and only the shared one does", () => {
    const html = render(
      <DatasetList
        datasets={[dataset({ id: "a", shared: true }), dataset({ id: "b", name: "Al meu" })]}
        selectedId={undefined}
        onOpen={() => {}}
        loading={false}
      />,
    );
    expect(html.match(/data-testid="dataset-shared-badge"/g)).toHaveLength(1);
    expect(html).toContain(">partajat<");
    expect(
      render(
        <DatasetList
          datasets={[dataset({ shared: true })]}
          selectedId={undefined}
          onOpen={() => {}}
          loading={false}
        />,
        "en",
      ),
    ).toContain(">shared<");
  });

  it("offers its owner the checkbox, ticked when shared, with delete and redraw", () => {
    const html = view(dataset({ shared: true, canManage: true }));
    expect(html).toMatch(/<input type="checkbox" data-testid="dataset-shared"[^>]*checked=""/);
    expect(html).toContain("Partajat cu clasa: membrii îl pot vedea, eticheta și compara");
    expect(html).toContain("Șterge setul de date");
    expect(html).toContain("Trage alt eșantion");
    const unshared = view(dataset({ canManage: true }), "en");
    expect(unshared).toContain("Shared with the class: members can see, label and compare it");
    expect(unshared).not.toMatch(/data-testid="dataset-shared"[^>]*checked/);
  });

  it("offers no checkbox with AUTH=off, where there are no accounts to share with, but keeps delete and redraw", () => {
    access.mode = "off";
    const html = view(dataset({ canManage: true }));
    expect(html).toContain('data-testid="dataset-view"');
    expect(html).not.toContain('data-testid="dataset-shared"');
    expect(html).not.toContain("Partajat cu clasa");
    expect(html).toContain("Șterge setul de date");
    expect(html).toContain("Trage alt eșantion");
    access.mode = "code";
    expect(view(dataset({ canManage: true }))).toContain('data-testid="dataset-shared"');
  });

  it("shows a member who does not own it neither the checkbox nor delete nor redraw", () => {
    const html = view(dataset({ shared: true, canManage: false }));
    expect(html).toContain('data-testid="dataset-view"');
    expect(html).not.toContain('data-testid="dataset-shared"');
    expect(html).not.toContain("Șterge setul de date");
    expect(html).not.toContain("Trage alt eșantion");
  });
});

const run = pageRun({ models: ["offline:lexicon"] });
const job = pageJob([finishedModel(1, 0, { model: "offline:lexicon" })]);

const runView = (
  canAdjudicate: boolean | undefined,
  blindByOwner?: boolean,
  view: "review" | "results" = "review",
) =>
  render(
    <RunView
      run={run}
      job={job}
      view={view}
      onView={() => {}}
      onJob={() => {}}
      annotator="ion"
      onAnnotator={() => {}}
      knownNames={[]}
      blind
      onBlind={() => {}}
      labelsVersion={0}
      onLabelsChanged={() => {}}
      currentCodebook="1"
      {...(canAdjudicate === undefined ? {} : { canAdjudicate })}
      {...(blindByOwner === undefined ? {} : { blindByOwner })}
    />,
  );

describe("a run of a data set shared by someone else", () => {
  it("keeps review and agreement but drops the adjudication tab", () => {
    const member = runView(false);
    expect(member).toContain('data-testid="view-review"');
    expect(member).toContain('data-testid="view-agreement"');
    expect(member).not.toContain('data-testid="view-adjudicate"');
    expect(runView(undefined)).toContain('data-testid="view-adjudicate"');
  });
});

describe("someone else's run on a shared data set", () => {
  const running = { ...job, status: "running", finishedAt: null } as Job;
  const progress = (canControl: boolean | undefined) =>
    render(
      <RunProgress
        run={run}
        job={running}
        onJob={() => {}}
        {...(canControl === undefined ? {} : { canControl })}
      />,
    );

  it("shows its progress without Stop to a member who did not start it", () => {
    expect(progress(false)).not.toContain('data-testid="run-stop"');
    expect(progress(false)).toContain('data-testid="run-progress"');
    expect(progress(undefined)).toContain('data-testid="run-stop"');
  });
});

describe("a data set drawn from the corpus", () => {
  it("describes its selection in the page's language, and an older data set's sentence as it is", () => {
    const drawn = dataset({ sourceFile: encodeCorpusSelection({ filters: { platform: ["stiri"] } }) });
    expect(view(drawn)).toContain("corpus (platforme: Știri)");
    expect(view(drawn, "en")).toContain("corpus (platforms: News)");
    expect(view(dataset({ sourceFile: "corpus (platforme: stiri)" }), "en")).toContain(
      "corpus (platforme: stiri)",
    );
  });
});

describe("blind review chosen by the data set's owner", () => {
  it("offers its owner the blind review checkbox beside sharing, ticked by default", () => {
    const html = view(dataset({ shared: true, canManage: true }));
    expect(html).toMatch(/<input type="checkbox" data-testid="dataset-blind"[^>]*checked=""/);
    expect(html).toContain("Revizuire oarbă pentru clasă");
    const off = view(dataset({ shared: true, canManage: true, blindReview: false }), "en");
    expect(off).toContain("Blind review for the class");
    expect(off).not.toMatch(/data-testid="dataset-blind"[^>]*checked/);
    expect(view(dataset({ shared: true, canManage: false }))).not.toContain('data-testid="dataset-blind"');
  });

  it("shows a member held to it Mod orb ticked and disabled with the reason, and no export links", () => {
    const held = runView(false, true);
    expect(held).toMatch(/<input type="checkbox" data-testid="review-blind" disabled="" checked=""\/>/);
    expect(held).toContain("Profesorul a ales revizuirea oarbă");
    expect(held).toContain('data-testid="export-blind"');
    expect(held).not.toContain('data-testid="export-csv"');
    const free = runView(false, false);
    expect(free).not.toMatch(/data-testid="review-blind"[^>]*disabled/);
    expect(free).not.toContain("Profesorul a ales revizuirea oarbă");
    expect(free).toContain('data-testid="export-csv"');
  });

  it("does not tell a member held to it that the first rows are the ones the models disagree on", () => {
    expect(runView(false, true)).not.toContain("modelele sau rulările nu sunt de acord");
    expect(runView(false, true)).toContain("rândurile vin în ordinea lor");
    expect(runView(false, false)).toContain("modelele sau rulările nu sunt de acord");
  });

  it("offers a member held to it no sort or filter by what the models said", () => {
    const held = runView(false, true, "results");
    expect(held).toContain('data-testid="results-sort"');
    expect(held).not.toMatch(
      /value="priority:desc"|value="confidence:asc"|data-filter="models_disagree"|data-filter="low_confidence"/,
    );
    expect(held).toContain('data-filter="unreviewed"');
    const free = runView(false, false, "results");
    expect(free).toContain('value="priority:desc"');
    expect(free).toContain('data-filter="models_disagree"');
  });
});

describe("the annotator's name", () => {
  const field = () => render(<AnnotatorField annotator="Altcineva" onAnnotator={() => {}} knownNames={[]} />);

  it("is the account's, read-only, with accounts on (the server saves labels under the account)", () => {
    access.user = { id: "u-ion", name: "ion", role: "member", kind: "user" };
    const html = field();
    expect(html).toMatch(
      /data-testid="review-annotator"[^>]*value="ion"[^>]*readOnly=""|readOnly=""[^>]*value="ion"/,
    );
    expect(html).not.toContain("Altcineva");
    expect(html).toContain("Etichetele se salvează pe numele contului dvs.");
  });

  it("is typed freely without accounts", () => {
    access.mode = "off";
    const html = field();
    expect(html).toContain('value="Altcineva"');
    expect(html).not.toContain("readOnly");
  });
});
