// Platforms by their names and undated documents as "fără dată" / "no date", in both languages: the naming
// functions, a chat answer's sources and side panel, and the cleaning report's count. Rendered without a browser.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KNOWN_PLATFORMS, type Source } from "../../contract/corpus";
import type { CorpusImportRecord } from "../../contract/corpusPage";
import { CleanReport } from "../../client/src/components/corpus/CleanReport";
import { UndatedNote } from "../../client/src/components/corpus/Overview";
import { SourceList } from "../../client/src/components/SourceList";
import { SourcePanel } from "../../client/src/components/SourcePanel";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import { documentDate, PLATFORM_NAMES, platformName } from "../../client/src/corpusNames";
import type { AssistantMessage } from "../../client/src/state/messages";

function render(node: ReactElement, lang: "ro" | "en"): string {
  // Only the language is stored; the review's saved feedback and annotator are not.
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

const source = (id: string, platform: string, date: string, dateImputed?: true): Source => ({
  id: `${id}#0`,
  docId: id,
  text: "Un pasaj oarecare despre buget.",
  score: 1,
  meta: { source: `Sursa ${id}`, platform, date, url: "", ...(dateImputed ? { dateImputed } : {}) },
});

const answer: AssistantMessage = {
  role: "assistant",
  id: "m1",
  replyTo: "u1",
  text: "Răspuns [1][2][3].",
  replacedCount: 0,
  steps: [{ key: "retrieve-0", name: "retrieve", state: "done" }],
  sources: [
    source("a", "stiri", "2024-03-01"),
    source("b", "oficial", "2026-12-06", true),
    source("c", "mastodon", "2024-05-02"),
  ],
  sourceAnnotations: {},
  status: "done",
  stopRequested: false,
  fallbacks: [],
};

describe("platform names", () => {
  it("names every known platform in both languages and passes an unknown id through as it is", () => {
    for (const lang of ["ro", "en"] as const) {
      for (const id of KNOWN_PLATFORMS) expect(PLATFORM_NAMES[lang][id], `${lang} ${id}`).toBeTruthy();
    }
    expect(platformName("ro", "stiri")).toBe("Știri");
    expect(platformName("en", "stiri")).toBe("News");
    expect(platformName("ro", "oficial")).toBe("Surse oficiale");
    expect(platformName("en", "oficial")).toBe("Official sources");
    // Ids are matched without case, as the retriever's filters match them.
    expect(platformName("en", "Facebook")).toBe("Facebook");
    expect(platformName("ro", "mastodon")).toBe("mastodon");
  });

  it("says a document whose date is the import's has no date", () => {
    expect(documentDate("ro", { date: "2026-12-06T10:00:00Z", dateImputed: true })).toBe("fără dată");
    expect(documentDate("en", { date: "2026-12-06", dateImputed: true })).toBe("no date");
    expect(documentDate("ro", { date: "2024-03-01T08:00:00Z" })).toBe("2024-03-01");
  });
});

describe("an answer's sources", () => {
  it("show platform names and 'fără dată' in Romanian, never the ids or the import day", () => {
    const html = render(<SourceList message={answer} onOpen={() => undefined} />, "ro");
    expect(html).toContain("Știri · 2024-03-01");
    expect(html).toContain("Surse oficiale · fără dată");
    expect(html).toContain("mastodon · 2024-05-02");
    expect(html).not.toContain("2026-12-06");
    expect(html).not.toMatch(/>stiri|oficial ·/);
  });

  it("show them in English", () => {
    const html = render(<SourceList message={answer} onOpen={() => undefined} />, "en");
    expect(html).toContain("News · 2024-03-01");
    expect(html).toContain("Official sources · no date");
  });

  it("name the platform and the missing date in the side panel", () => {
    const panel = (lang: "ro" | "en") =>
      render(
        <SourcePanel message={answer} n={2} onSelect={() => undefined} onClose={() => undefined} />,
        lang,
      );
    expect(panel("ro")).toContain("<dd>Surse oficiale</dd>");
    expect(panel("ro")).toContain("<dd>fără dată</dd>");
    expect(panel("en")).toContain("<dd>Official sources</dd>");
    expect(panel("en")).toContain("<dd>no date</dd>");
    expect(panel("ro")).not.toContain("2026-12-06");
  });
});

describe("the cleaning report", () => {
  const record = (undated: number): CorpusImportRecord => ({
    id: "i1",
    jobId: "j1",
    op: "import",
    collection: "jurnal",
    status: "done",
    createdAt: "2026-12-06T10:00:00.000Z",
    finishedAt: "2026-12-06T10:00:05.000Z",
    clean: {
      read: 30,
      kept: 25,
      dropped: 5,
      reasons: {
        empty: 0,
        too_short: 5,
        exact_duplicate: 0,
        near_duplicate: 0,
        removed: 0,
        language: 0,
        noise: 0,
        invalid: 0,
      },
      byLanguage: {},
      examples: {},
      clusters: [],
      diacritics: { fixed: 0, examples: [] },
      changes: {},
      corpus: { read: 30, kept: 25, dropped: 5 },
      undated,
    },
  });

  it("counts the records read and the diacritics fixed with the noun's form ('din 30 de înregistrări')", () => {
    const ro = render(<CleanReport record={record(0)} />, "ro");
    expect(ro).toContain("Păstrate: 25 din 30 de înregistrări · eliminate: 5");
    expect(ro).toContain("cu virgulă): 0 înregistrări");
    expect(render(<CleanReport record={record(0)} />, "en")).toContain("Kept: 25 of 30 records · dropped: 5");
  });

  it("shows the texts removed earlier as a row of their own, each example naming the removed document", () => {
    const base = record(0);
    const removed: CorpusImportRecord = {
      ...base,
      clean: {
        ...base.clean!,
        dropped: 7,
        reasons: { ...base.clean!.reasons, removed: 2 },
        examples: {
          removed: [
            { id: "c3", line: 4, text: "Asfalt promis", removed: { id: "c1", title: "Asfaltul promis" } },
            { id: "c4", line: 5, text: "Alt text", removed: { id: "c2" } },
          ],
        },
      },
    };
    const ro = render(<CleanReport record={removed} />, "ro");
    expect(ro).toMatch(
      /<tr data-reason="removed"><th scope="row">Șters anterior<\/th><td><span class="corpus-count" data-count="2">2</,
    );
    expect(ro).toContain("șters anterior: „Asfaltul promis” (c1)");
    expect(ro).toContain("șters anterior: c2");
    const en = render(<CleanReport record={removed} />, "en");
    expect(en).toContain(">Removed earlier</th>");
    expect(en).toContain("removed earlier: &quot;Asfaltul promis&quot; (c1)");
    expect(en).toContain("removed earlier: c2");
    // A report recorded before the row existed (no `removed` count) shows it at 0.
    const { removed: _none, ...older } = base.clean!.reasons;
    const old = render(
      <CleanReport record={{ ...base, clean: { ...base.clean!, reasons: older } } as CorpusImportRecord} />,
      "ro",
    );
    expect(old).toContain('<tr data-reason="removed" class="muted">');
    expect(old).toContain('data-count="0"');
    expect(old).not.toContain("NaN");
  });

  it("counts the documents without a date, with the noun in the right form", () => {
    expect(render(<CleanReport record={record(20)} />, "ro")).toContain("20 de documente fără dată");
    expect(render(<CleanReport record={record(3)} />, "ro")).toContain("3 documente fără dată");
    expect(render(<CleanReport record={record(1)} />, "ro")).toContain("1 document fără dată");
    expect(render(<CleanReport record={record(2)} />, "en")).toContain("2 documents without a date");
    expect(render(<CleanReport record={record(0)} />, "ro")).not.toContain("corpus-report-undated");
  });

  it("names one skipped line in the singular, several in the plural", () => {
    const withSkips = (
      skipped: { reason: string; count: number; where: number[] }[],
    ): CorpusImportRecord => ({
      ...record(0),
      import: {
        records: 12,
        skipped,
        skippedTotal: skipped.reduce((sum, s) => sum + s.count, 0),
        format: "jsonl",
        formatDetail: "un obiect pe linie",
        encoding: "utf-8",
        encodingMethod: "ascii",
        warnings: [],
        dateImputed: 0,
        invalidChars: 0,
        bytes: 900,
      },
    });
    const one = withSkips([{ reason: "json_malformed", count: 1, where: [11] }]);
    expect(render(<CleanReport record={one} />, "ro")).toContain("linie JSON invalidă: 1 (rândul 11)");
    expect(render(<CleanReport record={one} />, "en")).toContain(": 1 (line 11)");
    const two = withSkips([{ reason: "json_malformed", count: 2, where: [11, 14] }]);
    expect(render(<CleanReport record={two} />, "ro")).toContain("linie JSON invalidă: 2 (rândurile 11, 14)");
    expect(render(<CleanReport record={two} />, "en")).toContain(": 2 (lines 11, 14)");
  });

  it("says the import's warnings, a record split into very many fragments named, in the page's language", () => {
    const warned: CorpusImportRecord = {
      ...record(0),
      import: {
        records: 1,
        skipped: [],
        skippedTotal: 0,
        format: "jsonl",
        formatDetail: "un obiect pe linie",
        encoding: "utf-8",
        encodingMethod: "utf8",
        warnings: ["1 înregistrare se împarte în peste 500 de fragmente: „site”: 3.510 fragmente; …"],
        codedWarnings: [
          { code: "many_fragments", count: 1, threshold: 500, records: [{ id: "site", fragments: 3510 }] },
        ],
        dateImputed: 0,
        invalidChars: 0,
        bytes: 3_200_000,
      },
    };
    const ro = render(<CleanReport record={warned} />, "ro");
    expect(ro).toContain('data-testid="corpus-report-warnings"');
    expect(ro).toContain("1 înregistrare se împarte în peste 500 de fragmente: „site”: 3.510 fragmente;");
    expect(render(<CleanReport record={warned} />, "en")).toContain(
      "1 record splits into more than 500 fragments: &quot;site&quot;: 3,510 fragments;",
    );
    // A record stored before the codes says its Romanian warnings as written.
    const { codedWarnings: _, ...uncoded } = warned.import!;
    expect(render(<CleanReport record={{ ...warned, import: uncoded }} />, "en")).toContain(
      "„site”: 3.510 fragmente",
    );
    expect(render(<CleanReport record={record(0)} />, "ro")).not.toContain("corpus-report-warnings");
  });
});

describe("the overview's note under a chart by month", () => {
  it("says how many undated documents the months leave out, and nothing when there are none", () => {
    const note = (count: number, lang: "ro" | "en") =>
      render(<UndatedNote count={count} text="corpus.overview.undatedMonths" testId="note" />, lang);
    expect(note(20, "ro")).toContain("În afara lunilor: 20 de documente fără dată");
    expect(note(1, "ro")).toContain("1 document fără dată");
    expect(note(2, "en")).toContain("Left out of the months: 2 documents without a date");
    expect(note(0, "ro")).toBe("");
  });
});
