// The Agreement page's "Acord pe dovezi" / "Evidence agreement" section, rendered from the server's own report
// (computeAgreement on people's labels and evidence spans): F1 per pair and field with the rows it rests on, the mean
// over pairs, the note on too few rows in κ's words, the classmates named together under blind review; no section
// when nobody marked evidence.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  REVIEW_FIELDS,
  type AgreementReport,
  type EvidenceSpan,
  type ReviewField,
} from "../../contract/workbench";
import { computeAgreement } from "../../server/workbench/agreement";
import type { AgreementData } from "../../server/workbench/store";
import { I18nProvider } from "../../client/src/i18nContext";
import { AgreementView } from "../../client/src/components/workbench/AgreementView";
import { pageRun } from "../support/workbenchStore";

const state: { report?: AgreementReport } = {};
vi.mock("../../client/src/components/workbench/useAgreement", () => ({
  useAgreement: () => ({ report: state.report, loading: false }),
}));

type Labels = (string | null)[];

/** ana marks 0–6 and ion 3–12 for the tone on each of `n` rows (F1 0.4 a row); eva labels them and marks nothing. */
function data(n: number, marked = true): AgreementData {
  const tones = Array.from({ length: n }, (_, i) => ["negativ", "pozitiv", "neutru"][i % 3]!);
  const columns = (ton: Labels) =>
    Object.fromEntries(
      REVIEW_FIELDS.map((f) => [f, f === "ton" ? ton : new Array<string | null>(n).fill(null)]),
    ) as Record<ReviewField, Labels>;
  const marks = (start: number, end: number): EvidenceSpan[][] =>
    Array.from({ length: n }, () => [{ start, end, field: "ton" }]);
  return {
    idxs: Array.from({ length: n }, (_, i) => i),
    humans: { ana: columns(tones), ion: columns(tones), eva: columns(tones) },
    models: { "offline:lexicon": [columns(tones)] },
    gold: columns(new Array<string | null>(n).fill(null)),
    adjudicated: columns(new Array<string | null>(n).fill(null)),
    evidence: marked ? { ana: marks(0, 6), ion: marks(3, 12) } : {},
  };
}

async function render(lang: "ro" | "en", input: AgreementData, viewer?: string): Promise<string> {
  const report = await computeAgreement(input, { resamples: 0, seed: 42, ...(viewer ? { viewer } : {}) });
  state.report = { runId: "run-1", datasetId: "ds-1", items: "all", ...report };
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <AgreementView run={pageRun({ models: ["offline:lexicon"] })} freshness="0" />
    </I18nProvider>,
  );
}

/** The section's markup. */
const section = (html: string) => {
  const start = html.indexOf('data-testid="agreement-evidence"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
};

/** The markup of the pair a × b's row. */
const pairRow = (html: string, a: string, b: string) => {
  const start = html.indexOf(`data-testid="agreement-evidence-pair" data-a="${a}" data-b="${b}"`);
  expect(start, `${a} × ${b}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</tr>", start));
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the Agreement page's evidence agreement", () => {
  it("shows F1 per pair and per field with the rows it rests on, and the mean over pairs, in Romanian", async () => {
    const html = section(await render("ro", data(12)));
    expect(html).toContain("<h3>Acord pe dovezi</h3>");
    expect(html).toContain('<th scope="col" data-column="all">Toate dovezile</th>');
    expect(html).toContain('<th scope="col" data-column="ton">Ton</th>');
    // Only the tone has evidence: no column for the other fields or the whole label.
    expect(html).not.toContain('data-column="populism"');
    expect(html).not.toContain('data-column="label"');
    const anaIon = pairRow(html, "human:ana", "human:ion");
    expect(anaIon).toContain("ana × ion");
    expect(anaIon).toContain('data-column="ton" data-value="0.4" data-rows="12"');
    expect(anaIon).toContain('0,40 <span class="hint">n = 12</span>');
    // eva marked nothing: every row ana marked counts 0 for that pair.
    expect(pairRow(html, "human:ana", "human:eva")).toContain('0,00 <span class="hint">n = 12</span>');
    expect(html).toContain("Media perechilor (3)");
    expect(html).toContain('data-value="0.1333" data-rows="12"');
    expect(html).not.toContain('data-testid="agreement-evidence-few"');
    expect(html).toContain('data-testid="agreement-evidence-chart"');
  });

  it("says in English, and in κ's words, when a figure rests on fewer than 10 rows", async () => {
    const html = section(await render("en", data(3)));
    expect(html).toContain("<h3>Evidence agreement</h3>");
    expect(html).toContain('<th scope="col" data-column="all">All evidence</th>');
    expect(pairRow(html, "human:ana", "human:ion")).toContain(
      '0.40 <span class="hint">too few rows (n = 3)</span>',
    );
    expect(html).toContain('data-testid="agreement-evidence-few"');
    expect(html).toContain(
      "Too few rows with evidence for a firm figure (n = 3): figures hold from 10 rows up",
    );
    const ro = section(await render("ro", data(3)));
    expect(ro).toContain('0,40 <span class="hint">prea puține rânduri (n = 3)</span>');
    expect(ro).toContain("Prea puține rânduri cu dovezi pentru un acord sigur (n = 3)");
  });

  it("names the classmates together under blind review", async () => {
    const html = section(await render("ro", data(12), "ana"));
    expect(pairRow(html, "human:ana", "peers")).toContain("ana × colegii (2)");
    expect(html).not.toMatch(/\bion\b|\beva\b/);
  });

  it("has no section when nobody marked evidence, nor from a server that sends none", async () => {
    const html = await render("ro", data(12, false));
    expect(html).toContain('data-testid="agreement"');
    expect(html).not.toContain("agreement-evidence");
    const { evidence: _evidence, ...older } = data(12);
    expect(await render("en", older)).not.toContain("agreement-evidence");
  });
});
