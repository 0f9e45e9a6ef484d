// The corpus page after a researcher's mistakes, rendered without a browser in both languages: a failed import's
// error said in the page's language now (not the one it was made in), "unchanged" only for the same file again, a
// collection being imported shown as such, and the errors the page keeps said again from their code.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusImportRecord, CorpusStatus } from "../../contract/corpusPage";
import type { Job } from "../../contract/workbench";
import { ApiError } from "../../client/src/api";
import { Collections } from "../../client/src/components/corpus/Collections";
import { JobPanel } from "../../client/src/components/corpus/JobPanel";
import { I18nProvider } from "../../client/src/i18nContext";
import { keptError } from "../../client/src/keptError";
import { inLanguage } from "../../contract/errors";

function render(node: ReactElement, lang: "ro" | "en"): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => vi.unstubAllGlobals());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

function job(status: Job["status"], error: Job["error"] = null): Job {
  return {
    id: "j",
    kind: "corpus-import",
    status,
    params: { importId: "j" },
    progress: { total: 1000, done: 0, failed: 0, etaS: null, stages: [] },
    error,
    origin: "page",
    owner: null,
    heartbeatAt: null,
    stopRequested: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:01.000Z",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:03.000Z",
  };
}

const record = (extra: Partial<CorpusImportRecord> = {}): CorpusImportRecord => ({
  id: "j",
  jobId: "j",
  op: "import",
  collection: "broken",
  fileName: "broken.jsonl",
  status: "done",
  createdAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:03.000Z",
  ...extra,
});

/** As the server stores it: the message in Romanian, the code and the values both languages need. */
const ALL_DROPPED = {
  code: "corpus:all_dropped",
  message: "Curățarea a eliminat toate cele 4 înregistrări din „broken.jsonl” (text prea scurt: 4), …",
  params: {
    file: "broken.jsonl",
    records: "toate cele 4 înregistrări",
    recordsEn: "all 4 records",
    reasons: "text prea scurt: 4",
    reasonsEn: "text too short: 4",
    hint: "Textul a fost citit din coloana „platform”: verificați ce coloană este Text.",
    hintEn: 'The text was read from the column "platform": check which column is Text.',
  },
};

describe("a corpus job's outcome", () => {
  it("says a failure in the page's language, whichever language it was made in", () => {
    const failed = job("failed", ALL_DROPPED);
    const en = text(render(<JobPanel job={failed} record={record()} onStop={() => {}} />, "en"));
    expect(en).toContain(
      'The import failed: Cleaning dropped all 4 records of "broken.jsonl" (text too short: 4), so nothing was ' +
        'imported. The text was read from the column "platform": check which column is Text.',
    );
    const ro = text(render(<JobPanel job={failed} record={record()} onStop={() => {}} />, "ro"));
    expect(ro).toContain(
      "Importul a eșuat: Curățarea a eliminat toate cele 4 înregistrări din „broken.jsonl”",
    );
  });

  it("says 'unchanged' only for the same file again; another file that cleans the same says so", () => {
    const same = text(
      render(<JobPanel job={job("done")} record={record({ unchanged: true })} onStop={() => {}} />, "ro"),
    );
    expect(same).toContain("Nicio schimbare: același fișier, cu aceleași setări, era deja în corpus.");
    const index = {
      documents: 4,
      chunks: 4,
      added: 0,
      changed: 0,
      removed: 0,
      embedded: 0,
      reused: 4,
      ms: 0,
    };
    const cleanedSame = record({ index: { ...index, rebuilt: false } });
    const other = text(render(<JobPanel job={job("done")} record={cleanedSame} onStop={() => {}} />, "en"));
    expect(other).toContain("Once cleaned, the corpus holds the same documents as before");
    expect(other).not.toContain("same file");
    const rebuilt = text(
      render(
        <JobPanel
          job={job("done")}
          record={record({ index: { ...index, rebuilt: true } })}
          onStop={() => {}}
        />,
        "ro",
      ),
    );
    expect(rebuilt).toContain("Conversația răspunde acum și din documentele noi.");
  });
});

describe("the collections table during an import", () => {
  it("shows a collection whose page import is running as being imported, not as one the CLI made", () => {
    const status = {
      documents: 1,
      chunks: 1,
      embedder: "offline",
      builtAt: null,
      version: 2,
      activeJob: null,
      activeRecord: null,
      queuedJobs: [],
      catalog: "building",
      limits: { maxUploadBytes: 1, feedTimeoutMs: 1, feedMaxBytes: 1 },
      collections: [
        {
          name: "mare",
          documents: 0,
          sources: [],
          platforms: [],
          dateMin: null,
          dateMax: null,
          imported: true,
          importing: { id: "i1", fileName: "mare.csv" },
        },
      ],
    } satisfies CorpusStatus;
    const ro = text(render(<Collections status={status} busy onRemove={() => undefined} />, "ro"));
    expect(ro).toContain("se importă din mare.csv…");
    expect(ro).not.toContain("importată (CLI)");
    const en = text(render(<Collections status={status} busy onRemove={() => undefined} />, "en"));
    expect(en).toContain("being imported from mare.csv…");
  });
});

describe("an error the page keeps", () => {
  it("is kept as its code and said again in the language the page has now", () => {
    const kept = keptError(
      new ApiError(422, {
        code: "corpus:empty",
        message: 'The file "empty.csv" is empty.',
        params: { file: "empty.csv" },
      }),
    );
    expect(inLanguage(kept, "ro")).toBe("Fișierul „empty.csv” este gol.");
    expect(inLanguage(kept, "en")).toBe('The file "empty.csv" is empty.');
    // A code the contract does not know (the network, another server) keeps the words it came with.
    expect(inLanguage(keptError(new Error("Failed to fetch")), "ro")).toBe("Failed to fetch");
  });
});
