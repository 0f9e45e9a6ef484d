// The counts of an import report and of a failed run, rendered without a browser: each noun in the form its number
// asks for ("1 rând", "2 rânduri", "20 de rânduri"; "1 row", "2 rows"), in Romanian and English, and a report
// stored before the page worded the counts itself does not say them twice.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyImportReport, type ImportReport } from "../../contract/workbench";
import { ImportReportView } from "../../client/src/components/workbench/ImportReportView";
import { RunProgress } from "../../client/src/components/workbench/RunProgress";
import { I18nProvider } from "../../client/src/i18nContext";
import { countOf, NOUNS } from "../../client/src/plural";
import { finishedModel, pageJob, pageRun } from "../support/workbenchStore";

function render(node: ReactElement, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  // The markup without tags, as a person reads it.
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>).replace(/<[^>]+>/g, "");
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A report with `n` of everything worth pointing out. */
function report(n: number): ImportReport {
  return {
    ...emptyImportReport(50),
    skipped: { empty_text: { count: 12 + n, lines: Array.from({ length: 12 + n }, (_, i) => i + 2) } },
    skippedTotal: 12 + n,
    goldUnmapped: { tema: { count: n, values: ["altceva"] } },
    invalidChars: n,
    duplicateIds: n,
  };
}

const shown = (n: number, lang: "ro" | "en") => render(<ImportReportView report={report(n)} />, lang);

describe("the import report's counts", () => {
  it("say one, a few and many in Romanian", () => {
    const one = shown(1, "ro");
    expect(one).toContain("Temă: 1 rând fără gold");
    expect(one).toContain("1 caracter nedecodabil: probabil codificarea este greșită");
    expect(one).toContain("Sufix (#2, #3…) adăugat la 1 id repetat.");
    expect(one).toContain("și încă 1 rând");
    const two = shown(2, "ro");
    expect(two).toContain("Temă: 2 rânduri fără gold");
    expect(two).toContain("2 caractere nedecodabile:");
    expect(two).toContain("adăugat la 2 id-uri repetate.");
    expect(two).toContain("și încă 2 rânduri");
    const many = shown(20, "ro");
    expect(many).toContain("Temă: 20 de rânduri fără gold");
    expect(many).toContain("20 de caractere nedecodabile:");
    expect(many).toContain("adăugat la 20 de id-uri repetate.");
    expect(many).toContain("și încă 20 de rânduri");
  });

  it("say one and many in English", () => {
    const one = shown(1, "en");
    expect(one).toContain("Topic: 1 row without gold");
    expect(one).toContain("1 undecodable character: the encoding is probably wrong");
    expect(one).toContain("Suffix (#2, #3…) added to 1 repeated id.");
    expect(one).toContain("and another 1 line");
    const two = shown(2, "en");
    expect(two).toContain("Topic: 2 rows without gold");
    expect(two).toContain("2 undecodable characters:");
    expect(two).toContain("added to 2 repeated ids.");
    expect(two).toContain("and another 2 lines");
  });

  it("shows a count an older import also stored as a warning once", () => {
    const old = {
      ...report(3),
      warnings: [
        "3 caractere nu au putut fi decodate; verificați codificarea",
        "3 id-uri repetate au primit „#2”, „#3”",
        "Altceva de spus",
      ],
    };
    const html = render(<ImportReportView report={old} />, "ro");
    expect(html).not.toContain("au putut fi decodate");
    expect(html).not.toContain("au primit");
    expect(html).toContain("Altceva de spus");
    expect(html).toContain("3 caractere nedecodabile");
  });
});

describe("a run whose every row failed", () => {
  const failed = (n: number, lang: "ro" | "en") =>
    render(
      <RunProgress
        run={pageRun({})}
        job={pageJob([
          finishedModel(n, n, { failures: [{ code: "provider:auth", message: "HTTP 401", count: n }] }),
        ])}
        onJob={() => {}}
      />,
      lang,
    );

  it("counts its failures in words", () => {
    expect(failed(1, "ro")).toContain("Toate adnotările au eșuat (1 eșec).");
    expect(failed(20, "ro")).toContain("Toate adnotările au eșuat (20 de eșecuri).");
    expect(failed(1, "en")).toContain("All annotations failed (1 failure).");
    expect(failed(3, "en")).toContain("All annotations failed (3 failures).");
  });
});

describe("the nouns the report counts with", () => {
  it("take the Romanian 'de' from 20 on", () => {
    expect(countOf(19, NOUNS.repeatedId, "ro")).toBe("19 id-uri repetate");
    expect(countOf(20, NOUNS.undecodableChar, "ro")).toBe("20 de caractere nedecodabile");
    expect(countOf(1, NOUNS.fileLine, "en")).toBe("1 line");
  });
});
