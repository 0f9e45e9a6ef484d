// A researcher's own file on the corpus page with a mapping mistake, against a real server (a temp corpus, real
// SQLite, hnswlib and the worker thread): a Text column whose values cleaning drops every one of fails the import with
// the reasons counted, in the asker's language, and commits nothing (no empty collection); the right mapping then
// imports; only the same file with the same settings is "unchanged"; a collection being imported shows as such, not
// as one the CLI made; and removing a collection without documents changes nothing else.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusJobResponse, CorpusStatus } from "../../contract/corpusPage";
import { corpusApi, importUpload, uploadCorpusFile, waitForImport } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";

const GOOD = [
  {
    id: "b1",
    text: "Primăria din Vădeni a promis că repară podul de lemn până la sfârșitul verii.",
    platform: "facebook",
    date: "2025-04-01",
  },
  {
    id: "b2",
    text: "Locuitorii din Vădeni spun că apa curentă lipsește de trei zile în tot satul.",
    platform: "forum",
    date: "2025-04-02",
  },
  {
    id: "b3",
    text: "Consilierii locali din Vădeni au votat bugetul pentru noua grădiniță a comunei.",
    platform: "facebook",
    date: "2025-04-03",
  },
  {
    id: "b4",
    text: "Elevii școlii din Vădeni au câștigat concursul județean de matematică anul acesta.",
    platform: "stiri",
    date: "2025-04-04",
  },
];
/** Four good lines and two broken ones (a JSON line cut short, one that is not JSON at all). */
const BROKEN_JSONL = [
  ...GOOD.slice(0, 2).map((r) => JSON.stringify(r)),
  '{"id": "b5", "text": "Rând tăiat la jumăt',
  ...GOOD.slice(2).map((r) => JSON.stringify(r)),
  "nu e JSON",
].join("\n");
const CSV = ["id,text,platform,date", ...GOOD.map((r) => `${r.id},"${r.text}",${r.platform},${r.date}`)].join(
  "\n",
);

describe("corpus page: a mapping mistake fails clearly and leaves the corpus as it was", () => {
  let server: TestServer;
  const corpusDir = () => path.join(server.dir, "corpus");
  const status = async (): Promise<CorpusStatus> =>
    (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("a Text column cleaning drops every record of fails, with the counts, in RO and EN, and commits nothing", async () => {
    const before = await status();
    const preview = (await uploadCorpusFile(server.url, "broken.jsonl", BROKEN_JSONL)).body;
    expect(preview.columns).toContain("platform");
    const failed = await importUpload(server.url, preview.uploadId, { mapping: { text: "platform" } });
    expect(failed.job?.status).toBe("failed");
    expect(failed.record.unchanged).not.toBe(true);
    expect(failed.job?.error?.code).toBe("corpus:all_dropped");
    expect(failed.job?.error?.message).toBe(
      "Curățarea a eliminat toate cele 4 înregistrări din „broken.jsonl” (text prea scurt: 4), deci nu s-a importat " +
        "nimic. Textul a fost citit din coloana „platform”: verificați ce coloană este Text.",
    );
    const english = await corpusApi<CorpusJobResponse>(
      server.url,
      "GET",
      `/imports/${failed.record.id}`,
      undefined,
      { "accept-language": "en" },
    );
    expect(english.body.record.error?.message).toBe(
      'Cleaning dropped all 4 records of "broken.jsonl" (text too short: 4), so nothing was imported. The text was ' +
        'read from the column "platform": check which column is Text.',
    );
    // The parameters come along, so that a page switched to the other language says it again.
    expect(english.body.job?.error?.params).toMatchObject({
      file: "broken.jsonl",
      reasonsEn: "text too short: 4",
    });

    const after = await status();
    expect(after.version).toBe(before.version);
    expect(after.collections.map((c) => c.name)).not.toContain("broken");
    expect(existsSync(path.join(corpusDir(), "raw", "broken.jsonl"))).toBe(false);
    expect(existsSync(path.join(corpusDir(), "cleaned", "broken.jsonl"))).toBe(false);
    expect(readdirSync(corpusDir()).filter((n) => n.startsWith(".staging"))).toEqual([]);
  });

  it("the same with a CSV whose Text is the date column; the right column then imports the four records", async () => {
    const preview = (await uploadCorpusFile(server.url, "vadeni.csv", CSV)).body;
    const failed = await importUpload(server.url, preview.uploadId, { mapping: { text: "date" } });
    expect(failed.job?.error?.code).toBe("corpus:all_dropped");
    expect(failed.job?.error?.message).toContain("„date”");
    expect((await status()).collections.map((c) => c.name)).not.toContain("vadeni");

    const again = (await uploadCorpusFile(server.url, "broken.jsonl", BROKEN_JSONL)).body;
    const done = await importUpload(server.url, again.uploadId, { mapping: { text: "text" } });
    expect(done.job?.status).toBe("done");
    expect(done.record.unchanged).not.toBe(true);
    expect(done.record.clean).toMatchObject({ read: 4, kept: 4 });
    expect((await status()).collections.find((c) => c.name === "broken")).toMatchObject({
      documents: 4,
      lastImport: { fileName: "broken.jsonl" },
    });
  });

  it("says 'unchanged' only for the same file with the same settings, not for another file that cleans the same", async () => {
    const settings = { collection: "twice", mapping: { text: "text" } };
    const first = (await uploadCorpusFile(server.url, "twice.csv", CSV.replaceAll("Vădeni", "Vădeni-Deal")))
      .body;
    expect((await importUpload(server.url, first.uploadId, settings)).job?.status).toBe("done");
    // One more row, too short to keep: another file, the same records once cleaned, so the index stays as it is.
    const longer = `${CSV.replaceAll("Vădeni", "Vădeni-Deal")}\nb9,scurt,facebook,2025-04-05`;
    const other = (await uploadCorpusFile(server.url, "twice.csv", longer)).body;
    const done = await importUpload(server.url, other.uploadId, settings);
    expect(done.job?.status).toBe("done");
    expect(done.record.index?.rebuilt).toBe(false);
    expect(done.record.unchanged).not.toBe(true);
    const same = (await uploadCorpusFile(server.url, "twice.csv", longer)).body;
    const unchanged = await importUpload(server.url, same.uploadId, settings);
    expect(unchanged.job?.status).toBe("done");
    expect(unchanged.record.unchanged).toBe(true);
  });

  it("a collection whose page import is still running shows as being imported, not as one the CLI made", async () => {
    // The state between the commit (the raw file in place) and the catalog: the import's record still running.
    writeFileSync(path.join(corpusDir(), "raw", "mare.jsonl"), `${JSON.stringify(GOOD[0])}\n`);
    // Its job runs on another instance (a fresh heartbeat there): "being imported" counts records of unfinished jobs.
    // Created and claimed with no timer between them, so this instance's runner never takes it.
    const jobs = server.app.workbench.jobs;
    const job = await jobs.create({
      kind: "corpus-import",
      params: { importId: "running-import" },
      origin: "page",
    });
    expect((await jobs.claim(job.id, "elsewhere", new Date(0).toISOString()))?.status).toBe("running");
    const running = await server.app.corpus.imports.create({
      id: "running-import",
      jobId: job.id,
      op: "import",
      collection: "mare",
      fileName: "mare.csv",
    });
    await server.app.corpus.imports.setStatus(running.id, "running");
    const row = (await status()).collections.find((c) => c.name === "mare");
    expect(row).toMatchObject({ imported: true, importing: { id: "running-import", fileName: "mare.csv" } });
    await server.app.corpus.imports.finish(running.id, { status: "failed" });
    await jobs.release(job.id, "elsewhere", "failed", null);
    expect((await status()).collections.find((c) => c.name === "mare")?.importing).toBeUndefined();
  });

  it("removing a collection without documents rebuilds nothing: the index, its catalog and the report stay", async () => {
    // As `npm run cli -- import` with a wrong --text-col and `clean` leave it: a raw file, an empty cleaned one.
    writeFileSync(
      path.join(corpusDir(), "raw", "goala.jsonl"),
      `${JSON.stringify({ ...GOOD[0], id: "g1", text: "facebook" })}\n`,
    );
    mkdirSync(path.join(corpusDir(), "cleaned"), { recursive: true });
    writeFileSync(path.join(corpusDir(), "cleaned", "goala.jsonl"), "");
    const before = await status();
    expect(before.collections.map((c) => c.name)).toContain("goala");
    const report = readFileSync(path.join(corpusDir(), "cleaned", "report.json"), "utf8");
    const catalog = statSync(path.join(corpusDir(), "index", "catalog.db")).mtimeMs;
    const manifest = readFileSync(path.join(corpusDir(), "index", "manifest.json"), "utf8");

    const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/collections/goala");
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    const after = await status();
    expect(after.collections.map((c) => c.name)).not.toContain("goala");
    expect(after.version).toBe(before.version);
    expect(after.documents).toBe(before.documents);
    expect(after.catalog).toBe("ready");
    expect(readFileSync(path.join(corpusDir(), "cleaned", "report.json"), "utf8")).toBe(report);
    expect(statSync(path.join(corpusDir(), "index", "catalog.db")).mtimeMs).toBe(catalog);
    expect(readFileSync(path.join(corpusDir(), "index", "manifest.json"), "utf8")).toBe(manifest);
    expect(existsSync(path.join(corpusDir(), "raw", "goala.jsonl"))).toBe(false);
    expect(readdirSync(path.join(corpusDir(), "removed")).some((n) => n.endsWith("-goala"))).toBe(true);
  });
});
