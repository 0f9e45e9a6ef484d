// What the corpus page says at the end of a document's restore and of an import's clean, rendered without a browser in
// both languages: a restored document that came back under another id (`sat1~2`, its own taken meanwhile) is named
// so in the job panel, and the cleaning report warns of the removal ledger's lines the clean could not read, with the
// count's noun in the right form. Neither says anything when there is nothing to say.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CleanView, CorpusImportRecord } from "../../contract/corpusPage";
import type { Job } from "../../contract/workbench";
import { CleanReport } from "../../client/src/components/corpus/CleanReport";
import { JobPanel } from "../../client/src/components/corpus/JobPanel";
import { I18nProvider } from "../../client/src/i18nContext";

afterEach(() => vi.unstubAllGlobals());

function render(node: ReactElement, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => (k === "echochamber.lang" ? lang : null),
    setItem() {},
  });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

/** The text of the element with this data-testid (tags out, entities read), or null when there is none. */
function testIdText(html: string, testId: string): string | null {
  const match = new RegExp(`<p[^>]*data-testid="${testId}"[^>]*>(.*?)</p>`).exec(html);
  if (!match) return null;
  return match[1]!
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
}

const done: Job = {
  id: "r1",
  kind: "corpus-import",
  status: "done",
  params: { importId: "r1" },
  progress: { total: 4, done: 4, failed: 0, etaS: null },
  error: null,
  origin: "page",
  owner: null,
  heartbeatAt: null,
  stopRequested: false,
  createdAt: "2026-12-08T00:00:00.000Z",
  updatedAt: "2026-12-08T00:00:02.000Z",
  startedAt: "2026-12-08T00:00:00.000Z",
  finishedAt: "2026-12-08T00:00:02.000Z",
};

const restore = (extra: Partial<CorpusImportRecord> = {}): CorpusImportRecord => ({
  id: "r1",
  jobId: "r1",
  op: "restore-document",
  collection: "sat",
  document: { id: "sat1" },
  status: "done",
  createdAt: done.createdAt,
  finishedAt: done.finishedAt,
  error: null,
  ...extra,
});

describe("the job panel after a restore", () => {
  const panel = (record: CorpusImportRecord, lang: "ro" | "en") =>
    render(<JobPanel job={done} record={record} onStop={() => undefined} />, lang);

  it("names the id a renamed document came back with, and the id that was taken", () => {
    const renamed = restore({ restoredId: "sat1~2" });
    expect(testIdText(panel(renamed, "ro"), "corpus-job-restored-as")).toBe(
      "Documentul a revenit ca „sat1~2”: id-ul „sat1” era luat între timp.",
    );
    expect(testIdText(panel(renamed, "en"), "corpus-job-restored-as")).toBe(
      'The document came back as "sat1~2": the id "sat1" had been taken in the meantime.',
    );
  });

  it("says nothing of an id when the document came back with its own", () => {
    expect(panel(restore(), "ro")).not.toContain("corpus-job-restored-as");
    expect(panel(restore(), "ro")).toContain("Documentul apare din nou în listă și în răspunsuri.");
  });
});

describe("the job panel after the catalog was prepared (a first visit)", () => {
  it("says the documents can be explored, not that the chat answers from new ones", () => {
    const catalog = restore({ op: "catalog", collection: "", document: undefined });
    const ro = render(<JobPanel job={done} record={catalog} onStop={() => undefined} />, "ro");
    expect(ro).toContain("Documentele corpusului pot fi explorate mai jos.");
    expect(ro).not.toContain("documentele noi");
    const en = render(<JobPanel job={done} record={catalog} onStop={() => undefined} />, "en");
    expect(en).toContain("The corpus&#x27;s documents can be explored below.");
  });
});

describe("the cleaning report and the removal ledger's unreadable lines", () => {
  const clean = (ledgerUnreadable?: number): CleanView => ({
    read: 3,
    kept: 3,
    dropped: 0,
    reasons: {
      empty: 0,
      too_short: 0,
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
    corpus: { read: 3, kept: 3, dropped: 0 },
    ...(ledgerUnreadable !== undefined ? { ledgerUnreadable } : {}),
  });
  const report = (ledgerUnreadable: number | undefined, lang: "ro" | "en") =>
    render(
      <CleanReport
        record={{ ...restore(), op: "import", document: undefined, clean: clean(ledgerUnreadable) }}
      />,
      lang,
    );
  const warning = (n: number | undefined, lang: "ro" | "en") =>
    testIdText(report(n, lang), "corpus-clean-ledger-unreadable");

  it("warns of them, in either language, the count's noun in the right form", () => {
    expect(warning(1, "ro")).toBe(
      "Atenție: un rând din registrul ștergerilor (corpus/removed.jsonl) nu poate fi citit (nu e JSON sau nu are forma unei intrări): curățarea l-a sărit, deci nu ține niciun text deoparte. A rămas în fișier; corectați-l sau ștergeți-l de mână.",
    );
    expect(warning(3, "ro")).toMatch(/^Atenție: 3 rânduri din registrul ștergerilor .* nu pot fi citite/);
    expect(warning(20, "ro")).toMatch(/^Atenție: 20 de rânduri din registrul ștergerilor/);
    expect(warning(1, "en")).toMatch(
      /^Warning: a line of the removal ledger \(corpus\/removed\.jsonl\) cannot be read .* the clean skipped it/,
    );
    expect(warning(2, "en")).toBe(
      "Warning: 2 lines of the removal ledger (corpus/removed.jsonl) cannot be read (not JSON, or not an entry's shape): the clean skipped them, so they keep no text out. They are still in the file; fix or delete them by hand.",
    );
    expect(report(2, "ro")).toContain('data-count="2"');
  });

  it("says nothing when every line was read, or in a report made before they were counted", () => {
    expect(warning(0, "ro")).toBeNull();
    expect(warning(undefined, "en")).toBeNull();
  });
});
