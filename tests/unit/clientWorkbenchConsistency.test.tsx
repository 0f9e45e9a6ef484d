// The workbench says one thing one way: an offline run's temperature, counts with their noun, the labels' order,
// intervals, costs of offline models. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EstimateResponse, RowAnnotation } from "../../contract/workbench";
import { EstimateTable } from "../../client/src/components/workbench/RunForm";
import { AnnotationList } from "../../client/src/components/workbench/ItemPanel";
import { RunProgress } from "../../client/src/components/workbench/RunProgress";
import { I18nProvider } from "../../client/src/i18nContext";
import { temperatureText } from "../../server/workbench/methods";
import { adjudicationCountText } from "../../client/src/state/adjudication";
import { problemText } from "../../client/src/components/workbench/MappingForm";
import { translate } from "../../client/src/i18n";
import { workbenchRo } from "../../client/src/i18nWorkbench";
import {
  IDLE_SHARE,
  shareFailed,
  shareSaved,
  shownShare,
  startShare,
} from "../../client/src/state/datasetShare";
import { finishedModel, pageJob, pageRun } from "../support/workbenchStore";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function annotation(fields: Partial<RowAnnotation>): RowAnnotation {
  return {
    model: "offline:lexicon",
    repeat: 1,
    labels: { ton: "negativ" },
    confidence: 0.5,
    tinta: null,
    justificare: null,
    dovezi: [],
    error: null,
    codebookVersion: "1",
    temperature: null,
    olderCodebook: false,
    createdAt: "2025-05-01T10:00:00.000Z",
    ...fields,
  };
}

describe("an offline run's temperature", () => {
  const offlineRun = pageRun({ models: ["offline:lexicon"], temperature: 0 });
  const job = pageJob([finishedModel(6, 0)]);

  it("reads “— (offline)” in the run's footer and in the review panel, in both languages", () => {
    for (const lang of ["ro", "en"] as const) {
      const word = lang === "ro" ? "temperatură" : "temperature";
      const footer = render(<RunProgress run={offlineRun} job={job} onJob={() => {}} />, lang);
      expect(footer).toContain(`${word} — (offline)`);
      expect(footer).not.toContain(`${word} 0`);
      const panel = render(<AnnotationList annotations={[annotation({})]} />, lang);
      expect(panel).toContain(`${word} — (offline)`);
    }
    // The methods paragraph says the same in words, and why the export's cell is empty.
    expect(temperatureText(offlineRun).ro).toContain("coloana temperature a exportului este goală");
  });

  it("shows a model's temperature in the language's number form", () => {
    const run = pageRun({ models: ["openai:gpt-4o-mini", "offline:lexicon"], temperature: 0.7 });
    expect(render(<RunProgress run={run} job={job} onJob={() => {}} />)).toContain("temperatură 0,7");
    const panel = render(
      <AnnotationList annotations={[annotation({ model: "openai:gpt-4o-mini", temperature: 0.7 })]} />,
    );
    expect(panel).toContain("temperatură 0,7");
  });
});

describe("counts on the workbench say their noun in the form the number asks for", () => {
  it("counts the rows to adjudicate with “rânduri” and Romanian's “de” from twenty", () => {
    expect(adjudicationCountText(0, 0, "ro")).toBe(
      "0 rânduri de adjudecat din 0 cu dezacord sau etichete nesigure.",
    );
    expect(adjudicationCountText(8, 8, "ro")).toBe(
      "8 rânduri de adjudecat din 8 cu dezacord sau etichete nesigure.",
    );
    expect(adjudicationCountText(1, 3, "ro")).toBe(
      "1 rând de adjudecat din 3 cu dezacord sau etichete nesigure.",
    );
    expect(adjudicationCountText(20, 25, "ro")).toBe(
      "20 de rânduri de adjudecat din 25 cu dezacord sau etichete nesigure.",
    );
    expect(adjudicationCountText(1, 3, "en")).toBe(
      "1 row to adjudicate of 3 with disagreement or an unsure label.",
    );
    expect(adjudicationCountText(8, 8, "en")).toBe(
      "8 rows to adjudicate of 8 with disagreement or an unsure label.",
    );
  });

  it("says the metadata limit with “de” (30 de coloane)", () => {
    const problem = { key: "mapping.tooManyMeta", limit: 30 } as const;
    expect(problemText(problem, (key, params) => translate("ro", key, params), "ro")).toBe(
      "Cel mult 30 de coloane de metadate.",
    );
    expect(problemText(problem, (key, params) => translate("en", key, params), "en")).toBe(
      "At most 30 metadata columns.",
    );
  });

  it("leaves no Romanian text with a bare number before a plural noun", () => {
    // A number placeholder followed by a plural noun reads "20 rânduri" instead of "20 de rânduri": such counts go
    // through countOf, which writes the noun with the number.
    const bare = Object.entries(workbenchRo).filter(([, text]) =>
      /\{\w+\} (rânduri|modele|coloane|reeșantionări|texte|valori|linii|adnotări|eșecuri|tokeni)\b/.test(
        text,
      ),
    );
    expect(bare).toEqual([]);
  });
});

describe("the cost estimate of offline models", () => {
  const lexicon = {
    model: "offline:lexicon",
    calls: 80,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    pricing: "local",
  } as const;
  const estimate = (models: EstimateResponse["models"]): EstimateResponse => ({
    datasetId: "ds-1",
    rows: 80,
    repeats: 1,
    models,
    total: models.reduce(
      (t, m) => ({
        calls: t.calls + m.calls,
        inputTokens: t.inputTokens + m.inputTokens,
        outputTokens: t.outputTokens + m.outputTokens,
        costUsd: t.costUsd + m.costUsd,
      }),
      { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    ),
    basis: { charsPerToken: 4, promptChars: 18498, overheadTokens: 40, outputTokens: 120 },
  });
  const cell = (html: string, testid: string) =>
    new RegExp(`data-testid="${testid}"[^>]*>(.*?)</(td|p)>`).exec(html)?.[1] ?? "";

  it("says “gratuit” in the total as in the row, and that offline models count no tokens", () => {
    const html = render(<EstimateTable estimate={estimate([lexicon])} />);
    expect(cell(html, "run-estimate-cost")).toBe("gratuit");
    expect(cell(html, "run-estimate-basis")).toBe(
      "Modelele offline rulează pe acest server: nu numără tokeni și nu costă nimic.",
    );
    expect(html).not.toContain("18.498");
    const en = render(<EstimateTable estimate={estimate([lexicon])} />, "en");
    expect(cell(en, "run-estimate-cost")).toBe("free");
    expect(cell(en, "run-estimate-basis")).toContain("count no tokens");
  });

  it("keeps the token basis, with its nouns, beside a priced model, and adds the offline note", () => {
    const priced = {
      model: "openai:gpt-4o-mini",
      calls: 80,
      inputTokens: 400000,
      outputTokens: 9600,
      costUsd: 0.0658,
      pricing: "table",
    } as const;
    const html = render(<EstimateTable estimate={estimate([priced, lexicon])} />);
    expect(cell(html, "run-estimate-cost")).not.toBe("gratuit");
    const basis = cell(html, "run-estimate-basis");
    expect(basis).toContain("promptul codebook-ului (18.498 de caractere) și 40 de tokeni de încadrare");
    expect(basis).toContain("răspunsul are cam 120 de tokeni");
    expect(basis).toContain("Modelele offline nu numără tokeni (0 în tabel)");
    const en = cell(render(<EstimateTable estimate={estimate([priced])} />, "en"), "run-estimate-basis");
    expect(en).toContain("codebook prompt (18,498 characters) and 40 tokens of framing");
    expect(en).not.toContain("Offline");
  });
});

describe("the class settings' checkboxes while a change is saved", () => {
  const stored = { shared: false, blindReview: true };

  it("tick at once, ignore a second click until the server answers, and keep the server's answer", () => {
    const saving = startShare(IDLE_SHARE, "shared", true)!;
    expect(shownShare(stored, saving)).toEqual({ shared: true, blindReview: true });
    // The second click (the box is disabled, but a click may already be on its way) changes nothing.
    expect(startShare(saving, "shared", false)).toBeNull();
    expect(startShare(saving, "blindReview", false)).toBeNull();
    expect(shownShare({ ...stored, shared: true }, shareSaved())).toEqual({
      shared: true,
      blindReview: true,
    });
  });

  it("go back to the stored value when the save fails, and name the setting that failed", () => {
    const failed = shareFailed(startShare(IDLE_SHARE, "blindReview", false)!);
    expect(failed).toEqual({ pending: null, failed: "blindReview" });
    expect(shownShare(stored, failed)).toEqual(stored);
    expect(startShare(failed, "shared", true)).toEqual({
      pending: { setting: "shared", value: true },
      failed: null,
    });
  });
});
