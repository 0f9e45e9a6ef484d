// The corpus page's job panel with a job running and others queued, as the tester found it after a restart: the
// panel shows the running job by its file's name (not the newest, queued import), marked when a restart made the
// server run it again, with its Stop, and the queue under it by name, each with its own Cancel. Rendered without a
// browser, in both languages.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CorpusImportRecord, CorpusStatus } from "../../contract/corpusPage";
import type { Job } from "../../contract/workbench";
import { JobPanel } from "../../client/src/components/corpus/JobPanel";
import { I18nProvider } from "../../client/src/i18nContext";
import { jobBoard, type JobBoard } from "../../client/src/state/corpusImport";

afterEach(() => vi.unstubAllGlobals());

function job(id: string, status: Job["status"], createdAt: string): Job {
  return {
    id,
    kind: "corpus-import",
    status,
    params: { importId: id },
    progress: {
      total: 4000,
      done: 1840,
      failed: 0,
      etaS: status === "running" ? 154 : null,
      stages: [
        { name: "import", done: 1000, total: 1000 },
        { name: "clean", done: 1000, total: 1000 },
        { name: "index", done: 460, total: 1000 },
      ],
    },
    error: null,
    origin: "page",
    owner: status === "running" ? "server-2" : null,
    heartbeatAt: null,
    stopRequested: false,
    createdAt,
    updatedAt: createdAt,
    startedAt: status === "running" ? createdAt : null,
    finishedAt: null,
  };
}

const record = (
  id: string,
  fileName: string,
  extra: Partial<CorpusImportRecord> = {},
): CorpusImportRecord => ({
  id,
  jobId: id,
  op: "import",
  collection: fileName.replace(/\.csv$/, ""),
  fileName,
  status: "queued",
  createdAt: "2026-12-07T04:00:00.000Z",
  finishedAt: null,
  error: null,
  ...extra,
});

const huge = job("huge", "running", "2026-12-07T04:00:00.000Z");
const fb = job("fb", "queued", "2026-12-07T04:01:00.000Z");
const extra = job("extra", "queued", "2026-12-07T04:02:00.000Z");
const hugeRecord = record("huge", "huge.csv", { status: "running", resumedAt: "2026-12-07T04:05:00.000Z" });

/** The status after the restart: huge.csv taken over, fb.csv and extra.csv waiting. */
const status = {
  activeJob: huge,
  activeRecord: hugeRecord,
  queuedJobs: [
    { record: record("fb", "fb.csv"), job: fb },
    { record: record("extra", "extra.csv"), job: extra },
  ],
} as unknown as CorpusStatus;

/** The page after a reload: every job heard over the socket, the newest import (queued) read from the history. */
const board = (): JobBoard => jobBoard({ extra, fb, huge }, status, record("extra", "extra.csv"));

function render(panel: JobBoard, lang: "ro" | "en"): string {
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => (k === "echochamber.lang" ? lang : null),
    setItem() {},
  });
  return renderToStaticMarkup(
    <I18nProvider>
      <JobPanel
        job={panel.current!.job}
        record={panel.current!.record}
        queued={panel.queued}
        onStop={() => undefined}
      />
    </I18nProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}

describe("the corpus job panel with a queue", () => {
  it("shows the running job by its file's name, the queue in the order it runs, each by name", () => {
    const { current, queued } = board();
    expect(current?.job.id).toBe("huge");
    expect(current?.record?.fileName).toBe("huge.csv");
    expect(current?.record?.resumedAt).toBeDefined();
    expect(queued.map((e) => e.record?.fileName)).toEqual(["fb.csv", "extra.csv"]);
  });

  it("names the running job, says it was resumed after a restart, and offers Stop and a Cancel per queued job", () => {
    const ro = render(board(), "ro");
    expect(ro).toContain("Import: huge.csv (reluat după repornire)");
    expect(ro).toContain("încă ~");
    expect(ro).toContain("Oprește");
    expect(ro).toMatch(/La rând.*Import: fb\.csv Anulează.*Import: extra\.csv Anulează/);
    expect(ro).not.toContain("În așteptare");
    const en = render(board(), "en");
    expect(en).toContain("Import: huge.csv (resumed after a restart)");
    expect(en).toMatch(/Waiting.*Import: fb\.csv Cancel.*Import: extra\.csv Cancel/);
  });

  it("a job that was never interrupted is not marked resumed", () => {
    const plain = jobBoard({ huge, fb }, { ...status, activeRecord: record("huge", "huge.csv") }, undefined);
    const ro = render(plain, "ro");
    expect(ro).toContain("Import: huge.csv");
    expect(ro).not.toContain("reluat");
  });

  it("with nothing running or queued, shows the latest job's outcome", () => {
    const done = { ...huge, status: "done" as const };
    const latest = record("huge", "huge.csv", { status: "done" });
    const { current, queued } = jobBoard({ huge: done }, undefined, latest);
    expect(current?.job.status).toBe("done");
    expect(current?.record?.fileName).toBe("huge.csv");
    expect(queued).toEqual([]);
  });

  it("a document's removal that found no raw record says so, and that only a changed version of the text may come back", () => {
    const done = { ...huge, status: "done" as const, finishedAt: huge.createdAt };
    const removal = (extra: Partial<CorpusImportRecord>) =>
      jobBoard(
        { huge: done },
        undefined,
        record("huge", "x", { op: "remove-document", collection: "sat", document: { id: "sat2" }, ...extra }),
      );
    const warned = removal({ status: "done", rawNotFound: true });
    expect(render(warned, "ro")).toContain(
      "documentul nu a fost găsit în fișierul importat al colecției (a fost modificat?). Curățările următoare îi lasă deoparte textul; doar o variantă schimbată a textului poate reveni.",
    );
    expect(render(warned, "en")).toMatch(
      /the document was not found in the collection(&#x27;|')s imported file \(was it edited\?\)\. Later cleans leave its text out; only a changed version of the text may come back\./,
    );
    expect(render(removal({ status: "done" }), "ro")).not.toContain("poate reveni");
  });
});
