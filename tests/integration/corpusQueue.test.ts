// Corpus jobs queued behind a running one, as a person sees them on the page: the status and the history name the
// running job by its file (not the newest, queued one), with the queue under it in the order it will run; a restart
// takes the running job over and the status says it was resumed; a queued job cancelled (the workbench's stop) is
// never run, while the others are. The running job is held at its start by the corpus folder's writer lock, which
// the test takes, so nothing here depends on timing.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import { SqliteJobStore } from "../../server/jobs/sqliteJobStore";
import type {
  CorpusImportsResponse,
  CorpusJobResponse,
  CorpusPreview,
  CorpusStatus,
} from "../../contract/corpusPage";
import type { Job } from "../../contract/workbench";
import { corpusApi, uploadCorpusFile, waitForImport } from "../support/corpus";
import { startTestServer, tempCorpus, type TestServer } from "../support/server";
import { jsonRequest } from "../support/rest";

/** Texts of each file, unlike each other's (the clean step would drop repeats across collections). */
const TEXTS: Record<string, string[]> = {
  "huge.csv": [
    "Primarul din Zăvoieni a promis o fântână nouă pentru școala satului, spun părinții.",
    "Drumul județean spre Zăvoieni a fost asfaltat abia după trei ani de plângeri ale șoferilor.",
  ],
  "fb.csv": [
    "Pe pagina de Facebook a comunei, oamenii se plâng că autobuzul spre oraș nu mai vine dimineața.",
    "Consilierii locali au votat bugetul pentru sala de sport, deși jumătate dintre ei lipseau.",
  ],
  "extra.csv": [
    "Biblioteca orășenească a primit trei sute de cărți noi de la o fundație din Cluj.",
    "Medicul de familie din sat pleacă la pensie și nimeni nu s-a anunțat să îi ia locul.",
  ],
};
const rows = (fileName: string) =>
  `id,comentariu\n${TEXTS[fileName]!.map((text, i) => `${fileName}-${i},"${text}"`).join("\n")}\n`;

describe("corpus jobs queued behind a running one", () => {
  const dir = tempCorpus();
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async () => (await corpusApi<CorpusStatus>(server!.url, "GET", "/status")).body;
  const job = async (importId: string) =>
    (await corpusApi<CorpusJobResponse>(server!.url, "GET", `/imports/${importId}`)).body.job;
  async function start(fileName: string): Promise<CorpusJobResponse> {
    const preview = await uploadCorpusFile<CorpusPreview>(server!.url, fileName, rows(fileName));
    expect(preview.status).toBe(201);
    const started = await corpusApi<CorpusJobResponse>(server!.url, "POST", "/imports", {
      uploadId: preview.body.uploadId,
    });
    expect(started.status).toBe(202);
    return started.body;
  }

  it("names the running job, lists the queue, marks a take-over after a restart, and never runs a cancelled job", async () => {
    server = await startTestServer({}, dir, { keepDir: true });
    // The catalog of the copied corpus is built first (a job of its own), so that only the imports are in the queue.
    await expect.poll(async () => (await status()).catalog, { timeout: 60_000 }).toBe("ready");
    const release = await lockCorpus(path.join(dir, "corpus"));
    let huge: CorpusJobResponse, fb: CorpusJobResponse, extra: CorpusJobResponse;
    try {
      huge = await start("huge.csv");
      // Running (waiting for the lock) before the next import is asked for.
      await expect
        .poll(async () => (await job(huge.record.id))?.progress.waiting, { timeout: 30_000 })
        .toBe("corpus_change");
      fb = await start("fb.csv");
      extra = await start("extra.csv");

      const before = await status();
      expect(before.activeJob).toMatchObject({ id: huge.record.jobId, status: "running" });
      expect(before.activeRecord).toMatchObject({ fileName: "huge.csv", status: "running" });
      expect(before.activeRecord?.resumedAt).toBeUndefined();
      expect(before.queuedJobs.map((q) => [q.record.fileName, q.job?.status])).toEqual([
        ["fb.csv", "queued"],
        ["extra.csv", "queued"],
      ]);
      const history = (await corpusApi<CorpusImportsResponse>(server.url, "GET", "/imports")).body.imports;
      expect(history.filter((r) => r.op === "import").map((r) => [r.fileName, r.status])).toEqual([
        ["extra.csv", "queued"],
        ["fb.csv", "queued"],
        ["huge.csv", "running"],
      ]);

      // A restart: the running job goes back to the queue and the next start takes it over first.
      await server.close();
      server = await startTestServer({}, dir, { keepDir: true });
      await expect
        .poll(async () => (await status()).activeJob?.progress.waiting, { timeout: 30_000 })
        .toBe("corpus_change");
      const after = await status();
      expect(after.activeJob).toMatchObject({ id: huge.record.jobId, status: "running" });
      expect(after.activeRecord).toMatchObject({ fileName: "huge.csv" });
      expect(after.activeRecord?.resumedAt).toEqual(expect.any(String));
      expect(after.queuedJobs.map((q) => q.record.fileName)).toEqual(["fb.csv", "extra.csv"]);

      // The queued extra.csv is cancelled: it stops at once.
      const stopped = await jsonRequest<Job>(
        `${server.url}/api/workbench/jobs/${extra.record.jobId}/stop`,
        "POST",
      );
      expect(stopped.status).toBe(200);
      expect(stopped.body.status).toBe("stopped");
      expect((await status()).queuedJobs.map((q) => q.record.fileName)).toEqual(["fb.csv"]);
    } finally {
      await release();
    }
    expect((await waitForImport(server.url, huge.record.id)).job?.status).toBe("done");
    expect((await waitForImport(server.url, fb.record.id)).job?.status).toBe("done");
    const cancelled = await corpusApi<CorpusJobResponse>(server.url, "GET", `/imports/${extra.record.id}`);
    expect(cancelled.body.job).toMatchObject({ status: "stopped", startedAt: null });
    expect(cancelled.body.record.status).toBe("stopped");
    const end = await status();
    expect(end.activeJob).toBeNull();
    expect(end.queuedJobs).toEqual([]);
    const names = end.collections.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["huge", "fb"]));
    expect(names).not.toContain("extra");
  }, 180_000);

  it("an import queued again by a shutdown and then cancelled does not leave its collection 'being imported'", async () => {
    await server?.close();
    const other = tempCorpus();
    try {
      server = await startTestServer({}, other, { keepDir: true });
      await expect.poll(async () => (await status()).catalog, { timeout: 60_000 }).toBe("ready");
      const release = await lockCorpus(path.join(other, "corpus"));
      let replacing: CorpusJobResponse;
      try {
        // Into a collection the corpus has, so that the collections table lists it.
        const preview = await uploadCorpusFile<CorpusPreview>(server.url, "fb.csv", rows("fb.csv"));
        replacing = (
          await corpusApi<CorpusJobResponse>(server.url, "POST", "/imports", {
            uploadId: preview.body.uploadId,
            collection: "stiri",
          })
        ).body;
        await expect
          .poll(async () => (await job(replacing.record.id))?.progress.waiting, { timeout: 30_000 })
          .toBe("corpus_change");
        expect((await status()).collections.find((c) => c.name === "stiri")?.importing).toBeDefined();
        // Shut down mid-job (back to the queue), and cancelled before any server takes it again.
        await server.close();
        server = undefined;
        const db = new Database(path.join(other, "data", "echochamber.db"));
        expect((await new SqliteJobStore(db).requestStop(replacing.record.jobId))?.job.status).toBe(
          "stopped",
        );
        db.close();
        server = await startTestServer({}, other, { keepDir: true });
        const after = await status();
        expect(after.activeJob).toBeNull();
        expect(after.collections.find((c) => c.name === "stiri")?.importing).toBeUndefined();
      } finally {
        await release();
      }
      expect((await job(replacing.record.id))?.status).toBe("stopped");
    } finally {
      await server?.close();
      server = undefined;
      rmSync(other, { recursive: true, force: true });
    }
  }, 180_000);
});
