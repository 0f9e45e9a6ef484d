// What the "Adnotare" page shows where a new student would be misled, rendered without a browser: agreement
// figures on too few rows, a run whose rows failed, the codebook dialog (no developer notes; English says the
// codebook is Romanian), and counts with the right plural.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CodebookResponse, Job } from "../../contract/workbench";
import { CodebookDialog } from "../../client/src/components/workbench/CodebookDialog";
import { ForestPlot } from "../../client/src/components/workbench/Charts";
import { RunProgress } from "../../client/src/components/workbench/RunProgress";
import { I18nProvider } from "../../client/src/i18nContext";
import { countOf, NOUNS } from "../../client/src/plural";
import { methodsLanguage, MIN_AGREEMENT_ROWS, tooFewRows } from "../../client/src/state/agreementView";
import { Methods } from "../../client/src/components/workbench/AgreementView";
import { FieldTabs } from "../../client/src/components/workbench/ChartsView";
import { fieldName } from "../../client/src/labelWords";
import { translate } from "../../client/src/i18n";
import { REVIEW_FIELD_NAMES, REVIEW_FIELDS } from "../../contract/workbench";
import { codebookForDialog } from "../../client/src/state/codebookView";
import { CODEBOOK, codebookMarkdown } from "../../server/codebook/codebook";
import { finishedModel, pageJob, pageRun } from "../support/workbenchStore";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("agreement on too few rows", () => {
  it("names the row count instead of drawing κ at n = 1, and draws it from the minimum up", () => {
    expect(MIN_AGREEMENT_ROWS).toBe(10);
    expect(tooFewRows(1)).toBe(true);
    expect(tooFewRows(MIN_AGREEMENT_ROWS)).toBe(false);
    expect(tooFewRows(undefined)).toBe(false);
    const rows = [
      { key: "a", label: "Ana × offline:lexicon", estimate: { value: 0, low: 0, high: 0 }, n: 1 },
      { key: "b", label: "Ana × Ion", estimate: { value: 0.61, low: 0.4, high: 0.8 }, n: 40 },
    ];
    const html = render(<ForestPlot rows={rows} />);
    expect(html).toContain("prea puține rânduri (n = 1)");
    expect(html).not.toContain("0,00");
    expect(html).toContain("0,61");
    expect(render(<ForestPlot rows={rows.slice(0, 1)} />, "en")).toContain("too few rows (n = 1)");
  });
});

describe("the agreement page's field names and methods paragraph", () => {
  it("names each field in the verdict's words exactly as its tab does, in both languages", () => {
    for (const lang of ["ro", "en"] as const) {
      const html = render(<FieldTabs field="ton" onField={() => {}} />, lang);
      for (const field of REVIEW_FIELDS) {
        expect(html).toContain(
          `data-field="${field}" aria-pressed="${field === "ton"}">${REVIEW_FIELD_NAMES[field][lang]}</button>`,
        );
      }
    }
    expect(REVIEW_FIELD_NAMES.anti_elitism.en).toBe("Anti-elitism");
    expect(REVIEW_FIELD_NAMES.tema).toEqual({ ro: "Temă", en: "Topic" });
  });

  it("writes every field in sentence case, the same in the tabs, the review form and the gold select", () => {
    // The tester saw "Ton, Populism, anti-elitism, popor central, Temă": one style, in both languages.
    expect(REVIEW_FIELDS.map((f) => REVIEW_FIELD_NAMES[f].ro)).toEqual([
      "Ton",
      "Populism",
      "Anti-elitism",
      "Popor central",
      "Temă",
    ]);
    expect(REVIEW_FIELDS.map((f) => REVIEW_FIELD_NAMES[f].en)).toEqual([
      "Tone",
      "Populism",
      "Anti-elitism",
      "People-centrism",
      "Topic",
    ]);
    // fieldName is what the review form, the mapping's gold select, the tabs and the results name fields by.
    for (const lang of ["ro", "en"] as const) {
      const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
        translate(lang, key, params);
      for (const field of REVIEW_FIELDS) expect(fieldName(field, t)).toBe(REVIEW_FIELD_NAMES[field][lang]);
    }
  });

  it("shows the methods paragraph in the UI's language, and a pick of the other one only until the UI switches", () => {
    const methods = { ro: "Am adnotat 12 texte.", en: "We annotated 12 texts." };
    const en = render(<Methods runId="r1" freshness="0" initial={methods} />, "en");
    expect(en).toContain('lang="en">We annotated 12 texts.</p>');
    expect(en).not.toContain("Am adnotat");
    expect(render(<Methods runId="r1" freshness="0" initial={methods} />)).toContain(
      'lang="ro">Am adnotat 12 texte.</p>',
    );
    expect(methodsLanguage("en")).toBe("en");
    expect(methodsLanguage("en", { lang: "ro", under: "en" })).toBe("ro");
    // Picked Romanian under the Romanian UI, then switched the UI to English: English.
    expect(methodsLanguage("en", { lang: "ro", under: "ro" })).toBe("en");
  });
});

const run = pageRun({ codebookVersion: CODEBOOK.version });

function finishedJob(done: number, failed: number): Job {
  const failures =
    failed > 0 ? { failures: [{ code: "provider:auth", message: "HTTP 401", count: failed }] } : {};
  return pageJob([finishedModel(done, failed, failures)]);
}

describe("a run whose rows failed", () => {
  it("looks failed when every row failed, and says why", () => {
    const html = render(<RunProgress run={run} job={finishedJob(6, 6)} onJob={() => {}} />);
    expect(html).toContain("status-failed");
    expect(html).not.toContain("status-done");
    expect(html).toContain("toate au eșuat");
    expect(html).toMatch(/data-testid="run-failures"/);
    expect(html).toContain("cheia API lipsește sau nu este acceptată");
  });

  it("warns when some rows failed, with the count in words", () => {
    const html = render(<RunProgress run={run} job={finishedJob(6, 2)} onJob={() => {}} />);
    expect(html).toContain("status-warn");
    expect(html).toContain("terminată cu 2 eșecuri");
    const one = render(<RunProgress run={run} job={finishedJob(6, 1)} onJob={() => {}} />, "en");
    expect(one).toContain("done with 1 failure");
  });

  it("says a stopped run's failures happened until it was stopped, not that it ended with them", () => {
    const stopped = (lang: "ro" | "en") =>
      render(
        <RunProgress
          run={run}
          job={pageJob(
            [finishedModel(6, 2, { failures: [{ code: "provider:auth", message: "HTTP 401", count: 2 }] })],
            {
              status: "stopped",
            },
          )}
          onJob={() => {}}
        />,
        lang,
      );
    expect(stopped("ro")).toContain("Rularea a fost oprită; până atunci, 2 eșecuri.");
    expect(stopped("ro")).not.toContain("s-a terminat");
    expect(stopped("en")).toContain("The run was stopped; until then, 2 failures.");
  });

  it("stays green without failures", () => {
    const html = render(<RunProgress run={run} job={finishedJob(6, 0)} onJob={() => {}} />);
    expect(html).toContain("status-done");
    expect(html).not.toContain("run-failures");
  });
});

describe("the codebook dialog", () => {
  const codebook = {
    version: CODEBOOK.version,
    title: CODEBOOK.title,
    markdown: codebookMarkdown(),
    fields: [],
    changelog: [],
  } as unknown as CodebookResponse;

  it("drops the generator note and the heading that repeats the dialog's title", () => {
    const shown = codebookForDialog(codebookMarkdown());
    expect(codebookMarkdown()).toContain("Fișier generat din");
    expect(shown).not.toContain("Fișier generat din");
    expect(shown).not.toContain("npx tsx");
    expect(shown).not.toMatch(/^# /m);
    expect(shown).toContain("## 1. Scop");
    const html = render(<CodebookDialog codebook={codebook} onClose={() => {}} />);
    expect(html.split(CODEBOOK.title).length - 1).toBe(1);
    expect(html).not.toContain("codebook-language");
  });

  it("says in English that the codebook is Romanian", () => {
    const html = render(<CodebookDialog codebook={codebook} onClose={() => {}} />, "en");
    expect(html).toContain('data-testid="codebook-language"');
    expect(html).toContain("written in Romanian");
  });
});

describe("counts with their noun", () => {
  it("uses Romanian's one / few / other forms and English's one / other", () => {
    expect(countOf(1, NOUNS.row, "ro")).toBe("1 rând");
    expect(countOf(2, NOUNS.row, "ro")).toBe("2 rânduri");
    expect(countOf(20, NOUNS.row, "ro")).toBe("20 de rânduri");
    expect(countOf(101, NOUNS.row, "ro")).toBe("101 rânduri");
    expect(countOf(60000, NOUNS.row, "ro")).toBe("60.000 de rânduri");
    expect(countOf(1, NOUNS.column, "ro")).toBe("1 coloană");
    expect(countOf(1, NOUNS.row, "en")).toBe("1 row");
    expect(countOf(1000, NOUNS.row, "en")).toBe("1,000 rows");
  });
});
