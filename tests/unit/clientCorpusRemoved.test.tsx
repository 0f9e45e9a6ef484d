// The corpus page's "Deleted documents" panel rendered without a browser, in both languages: its heading counts the
// deleted documents, each row names the document and its collection with "Put back" (or, with its lines gone from
// corpus/removed, "Take out of the ledger" and why), disabled while a corpus job runs; the deletion's confirmation
// points to the panel, not to the command line; the job panel names a restore.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusImportRecord, RemovedDocumentsResponse } from "../../contract/corpusPage";
import type { Job } from "../../contract/workbench";
import { JobPanel } from "../../client/src/components/corpus/JobPanel";
import { RemovedList } from "../../client/src/components/corpus/RemovedDocuments";
import { corpusEn, corpusRo } from "../../client/src/i18nCorpus";
import { I18nProvider } from "../../client/src/i18nContext";

afterEach(() => vi.unstubAllGlobals());

const removed: RemovedDocumentsResponse = {
  total: 2,
  documents: [
    {
      collection: "zavoieni",
      id: "z1",
      title: "Fântâna promisă",
      removedAt: "2026-12-07T10:00:00.000Z",
      restorable: true,
    },
    { collection: "sat", id: "s4", removedAt: "2026-12-06T10:00:00.000Z", restorable: false },
  ],
};

function html(lang: "ro" | "en", node: () => React.ReactElement): string {
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => (k === "echochamber.lang" ? lang : null),
    setItem() {},
  });
  return renderToStaticMarkup(<I18nProvider>{node()}</I18nProvider>);
}
const text = (markup: string) => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const list = (lang: "ro" | "en", busy = false) =>
  html(lang, () => <RemovedList removed={removed} busy={busy} onRestore={() => undefined} />);

describe("the deleted documents panel", () => {
  it("counts them and names each with its collection and a Put back button, in Romanian", () => {
    const markup = list("ro");
    expect(markup).toContain('data-testid="corpus-removed"');
    expect(markup).toMatch(/data-testid="corpus-removed-item" data-id="z1" data-collection="zavoieni"/);
    expect(markup).toMatch(/data-testid="corpus-removed-item" data-id="s4" data-collection="sat"/);
    expect(markup.match(/data-testid="corpus-removed-restore"/g)).toHaveLength(2);
    const ro = text(markup);
    expect(ro).toContain("Documente șterse (2)");
    expect(ro).toMatch(/Fântâna promisă colecția zavoieni · șters .* Pune înapoi/);
    expect(ro).toMatch(/s4 colecția sat · șters .*nu poate fi pus înapoi.* Scoate din registru/);
    expect(markup).toContain('aria-label="Pune înapoi documentul „Fântâna promisă” în colecția „zavoieni”"');
  });

  it("in English", () => {
    const en = text(list("en"));
    expect(en).toContain("Deleted documents (2)");
    expect(en).toMatch(/Fântâna promisă collection zavoieni · deleted .* Put back/);
    expect(en).toMatch(/s4 collection sat · deleted .*cannot be put back.* Take out of the ledger/);
  });

  it("disables the buttons while a corpus job runs, and says none is deleted when the ledger is empty", () => {
    expect(
      list("ro", true).match(
        /<button[^>]*disabled=""[^>]*data-testid="corpus-removed-restore"|<button[^>]*data-testid="corpus-removed-restore"[^>]*disabled=""/g,
      ),
    ).toHaveLength(2);
    const empty = html("ro", () => (
      <RemovedList removed={{ total: 0, documents: [] }} busy={false} onRestore={() => undefined} />
    ));
    expect(text(empty)).toContain("Documente șterse (0)");
    expect(text(empty)).toContain("Niciun document șters.");
  });

  it("warns of the ledger's unreadable lines, counted, in both languages; no warning without any", () => {
    const withBroken = (lang: "ro" | "en", unreadable: number) =>
      html(lang, () => (
        <RemovedList removed={{ ...removed, unreadable }} busy={false} onRestore={() => undefined} />
      ));
    const ro = withBroken("ro", 3);
    expect(ro).toMatch(/data-testid="corpus-removed-unreadable" data-count="3"/);
    expect(text(ro)).toContain(
      "Atenție: 3 rânduri din registrul ștergerilor (corpus/removed.jsonl) nu pot fi citite",
    );
    expect(text(withBroken("ro", 20))).toContain("Atenție: 20 de rânduri din registrul ștergerilor");
    expect(text(withBroken("ro", 1))).toContain("Atenție: un rând din registrul ștergerilor");
    expect(text(withBroken("en", 2))).toContain(
      "Warning: 2 lines of the removal ledger (corpus/removed.jsonl) cannot be read",
    );
    expect(text(withBroken("en", 1))).toContain("Warning: a line of the removal ledger");
    expect(withBroken("ro", 0)).not.toContain("corpus-removed-unreadable");
    expect(list("ro")).not.toContain("corpus-removed-unreadable");
    // The panel opens itself to show the warning; folded otherwise.
    const details = (markup: string) => /<details[^>]*>/.exec(markup)![0];
    expect(details(ro)).toContain('open=""');
    expect(details(withBroken("ro", 0))).not.toContain("open");
  });

  it("the deletion's confirmation points to the panel, not to the command line", () => {
    expect(corpusRo["corpus.explore.confirmDelete"]).toContain("„Documente șterse”");
    expect(corpusRo["corpus.explore.confirmDelete"]).not.toContain("npm run cli");
    expect(corpusEn["corpus.explore.confirmDelete"]).toContain('"Deleted documents"');
    expect(corpusEn["corpus.explore.confirmDelete"]).not.toContain("npm run cli");
  });

  it("the job panel names a restore and says how it ended", () => {
    const job: Job = {
      id: "r1",
      kind: "corpus-import",
      status: "done",
      params: { importId: "r1" },
      progress: { total: 2, done: 2, failed: 0, etaS: null, stages: [] },
      error: null,
      origin: "page",
      owner: null,
      heartbeatAt: null,
      stopRequested: false,
      createdAt: "2026-12-07T10:00:00.000Z",
      updatedAt: "2026-12-07T10:00:02.000Z",
      startedAt: "2026-12-07T10:00:00.000Z",
      finishedAt: "2026-12-07T10:00:02.000Z",
    } as Job;
    const record = {
      id: "r1",
      jobId: "r1",
      op: "restore-document",
      collection: "zavoieni",
      document: { id: "z1", title: "Fântâna promisă" },
      status: "done",
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    } as CorpusImportRecord;
    const ro = text(html("ro", () => <JobPanel job={job} record={record} onStop={() => undefined} />));
    expect(ro).toContain("Punerea înapoi a documentului „Fântâna promisă”");
    expect(ro).toContain("Documentul apare din nou în listă și în răspunsuri.");
    const en = text(html("en", () => <JobPanel job={job} record={record} onStop={() => undefined} />));
    expect(en).toContain("Putting the document &quot;Fântâna promisă&quot; back");
  });
});
