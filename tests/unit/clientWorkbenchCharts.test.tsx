// The charts' confusion matrix on the tester's run: a data set with gold on tone, offline:lexicon run twice, nobody's
// label yet. The report is the server's own (computeAgreement), the view the page's (ChartsView), so the test holds
// the two sides together: gold is no rater and is in no pair, and the matrix must still be drawn.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { REVIEW_FIELDS, type AgreementReport, type ReviewField } from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import { I18nProvider } from "../../client/src/i18nContext";
import { ChartsView } from "../../client/src/components/workbench/ChartsView";
import { pageRun } from "../support/workbenchStore";

const state: { report?: AgreementReport } = {};
vi.mock("../../client/src/components/workbench/useAgreement", () => ({
  useAgreement: () => ({ report: state.report, loading: false }),
}));

const n = 40;
const tones = ["negativ", "neutru", "pozitiv"];
const gold = Array.from({ length: n }, (_, i) => tones[i % 3]!);
const lexicon = gold.map((v, i) => (i < 4 ? "neutru" : v));
const columns = (ton?: string[]) =>
  Object.fromEntries(
    REVIEW_FIELDS.map((f) => [f, f === "ton" && ton ? ton : new Array(n).fill(null)]),
  ) as Record<ReviewField, (string | null)[]>;

function render(lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <ChartsView run={pageRun({ models: ["offline:lexicon"], repeats: 2 })} freshness="0" />
    </I18nProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the charts' confusion matrix, model × gold", () => {
  beforeAll(async () => {
    const report = await computeAgreement(
      {
        idxs: Array.from({ length: n }, (_, i) => i),
        humans: {},
        models: { "offline:lexicon": [columns(lexicon), columns(lexicon)] },
        gold: columns(gold),
        adjudicated: columns(),
      },
      { resamples: 0, seed: 42 },
    );
    state.report = { runId: "run-1", datasetId: "ds-1", items: "all", ...report };
  });

  it("draws lexicon against gold on a run nobody has labelled, named in the UI's language", () => {
    const ro = render("ro");
    const figure = ro.slice(ro.indexOf('data-kind="confusion"'), ro.indexOf('data-kind="stability"'));
    expect(figure).toContain('data-testid="wb-heatmap"');
    expect(figure).toContain('aria-pressed="true">model × om / gold / adjudecare</button>');
    expect(figure).toContain("↓ gold<br/>→ offline:lexicon");
    // 37 of 40 on the diagonal: of the first four rows, which the lexicon called neutral, one was neutral in gold.
    expect(figure).toContain("acord observat 93% din 40 de rânduri");
    expect(figure).toContain('title="negativ → neutru: 2 (14%)"');
    expect(figure).not.toContain("Nu există încă");
    const en = render("en");
    expect(en).toContain('aria-pressed="true">model × person / gold / adjudication</button>');
  });
});
