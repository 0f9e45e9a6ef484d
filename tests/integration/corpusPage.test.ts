// The corpus page over REST and socket.io against a real server (a temp corpus, real SQLite, real hnswlib, the real
// worker thread): a Windows-1250 CSV is previewed, imported by one job and read back as a cleaning report; the chat
// cites it without a restart; documents are searched with highlights and exported; the same file again changes
// nothing; a failed import leaves the corpus answering as before; a removed collection leaves the answers.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import type { CorpusJobResponse, CorpusStatus } from "../../contract/corpusPage";
import type { CorpusDocument, CorpusOverview, DocumentsPage } from "../../contract/corpusExplore";
import type { CorpusResponse } from "../../contract/api";
import {
  askChat,
  corpusApi,
  importUpload,
  recordCorpusJobs,
  uploadCorpusFile,
  waitForImport,
  windows1250Csv,
} from "../support/corpus";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { ZAVOIENI_QUESTION, ZAVOIENI_ROWS } from "../fixtures/corpusPage";

describe("corpus page: import, report, chat, explore, export, remove", () => {
  let server: TestServer;
  let socket: TestSocket;
  let imported: CorpusJobResponse;
  const csv = windows1250Csv(ZAVOIENI_ROWS);

  beforeAll(async () => {
    server = await startTestServer();
    socket = await server.connect();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("previews a Windows-1250 CSV: encoding, columns, a suggested mapping and the defaults", async () => {
    const res = await uploadCorpusFile(server.url, "zavoieni.csv", csv);
    expect(res.status).toBe(201);
    const preview = res.body;
    expect(preview).toMatchObject({
      fileName: "zavoieni.csv",
      format: "csv",
      encoding: "windows-1250",
      tabular: true,
      columns: ["id", "comentariu", "data", "pagina"],
      suggested: { text: "comentariu", id: "id", date: "data" },
      defaults: { collection: "zavoieni", platform: "import", sourceColumn: "pagina" },
    });
    expect(preview.rows[0]!.comentariu).toContain("„fântână”");
    expect(preview.rows).toHaveLength(10);
  });

  it("says the importer's warnings in the page's language", async () => {
    const repeated = "id,text\n1,Primul comentariu despre fântână.\n1,Al doilea comentariu despre fântână.\n";
    const ro = (await uploadCorpusFile(server.url, "repetate.csv", repeated)).body;
    expect(ro.warnings).toContain("coloana de id are valori repetate; id-urile au fost generate");
    const en = (await uploadCorpusFile(server.url, "repetate.csv", repeated, { "accept-language": "en" }))
      .body;
    expect(en.warnings).toContain("the id column has repeated values; the ids were generated");
    expect(en.warnings.join(" ")).not.toMatch(/coloana|valori/);
    // The codes the page says in its own language, the same whatever the asker's.
    expect(ro.codedWarnings).toEqual([{ code: "repeated_ids" }]);
    expect(en.codedWarnings).toEqual(ro.codedWarnings);
  });

  it("imports it in one job with a bar per stage, and reports the cleaning as a person reads it", async () => {
    const jobs = recordCorpusJobs(socket);
    await new Promise<void>((resolve) => socket.emit("job:subscribe", {}, () => resolve()));
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", csv)).body;
    imported = await importUpload(server.url, preview.uploadId, { platform: "facebook" });
    expect(imported.job?.status).toBe("done");
    for (const stage of ["import", "clean", "index", "annotate"]) expect(jobs.stages[stage]?.at(-1)).toBe(1);
    expect(jobs.statuses.some((j) => j.id === imported.job?.id && j.status === "running")).toBe(true);

    const { record } = imported;
    expect(record.import).toMatchObject({ records: 10, encoding: "windows-1250", format: "csv" });
    const clean = record.clean!;
    expect(clean).toMatchObject({ read: 10, kept: 4, dropped: 6 });
    expect(clean.reasons).toEqual({
      empty: 1,
      too_short: 1,
      exact_duplicate: 1,
      near_duplicate: 1,
      removed: 0,
      language: 1,
      noise: 1,
      invalid: 0,
    });
    expect(clean.byLanguage).toEqual({ eng: 1 });
    expect(clean.examples.too_short).toEqual([{ id: "z6", line: 7, text: "Prea scurt" }]);
    expect(clean.examples.exact_duplicate?.[0]).toMatchObject({ id: "z3", duplicateOf: "z2" });
    expect(clean.clusters).toEqual([
      {
        kept: {
          id: "z4",
          collection: "zavoieni",
          text: expect.stringContaining("Consiliul local din Zăvoieni"),
        },
        dropped: [expect.objectContaining({ id: "z5", text: expect.stringMatching(/\(actualizat\)$/) })],
      },
    ]);
    expect(clean.diacritics.fixed).toBe(4);
    expect(clean.diacritics.examples[0]).toMatchObject({ id: "z1" });
    expect(clean.diacritics.examples[0]!.before).toContain("şcoala");
    expect(clean.diacritics.examples[0]!.after).toContain("școala");
    expect(record.index).toMatchObject({ added: 4, removed: 0, rebuilt: true });
  });

  it("the chat answers from the new file without a restart, and its filters know the new source", async () => {
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).toContain("z1");
    const z1 = sources.find((s) => s.docId === "z1")!;
    expect(z1.meta).toMatchObject({ source: "Pagina Zăvoieni", platform: "facebook", date: "2025-03-14" });
    expect(z1.text).toContain("școala");
    const facets = (await corpusApi<CorpusResponse>(server.url, "GET", "")).body;
    expect(facets.sources.map((s) => s.value)).toContain("Pagina Zăvoieni");
    const status = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(status.version).toBe(2);
    expect(status.collections.find((c) => c.name === "zavoieni")).toMatchObject({
      documents: 4,
      imported: true,
      lastImport: { fileName: "zavoieni.csv" },
    });
  });

  it("finds documents with the chat's filters and full-text search, and marks the words found", async () => {
    const page = (
      await corpusApi<DocumentsPage>(
        server.url,
        "GET",
        "/documents?q=f%C3%A2nt%C3%A2na%20Z%C4%83voieni&platform=Facebook",
      )
    ).body;
    expect(page.total).toBe(3);
    expect(page.documents.map((d) => d.id).sort()).toEqual(["z1", "z10", "z2"]);
    const hits = page.documents.flatMap((d) =>
      d.snippet.filter((s) => s.hit).map((s) => s.text.toLowerCase()),
    );
    expect(hits).toEqual(expect.arrayContaining(["zăvoieni"]));
    expect(hits.some((h) => h.startsWith("fântân"))).toBe(true);

    const browse = (
      await corpusApi<DocumentsPage>(server.url, "GET", "/documents?collection=zavoieni&sort=oldest")
    ).body;
    expect(browse.documents.map((d) => d.id)).toEqual(["z1", "z2", "z4", "z10"]);
    const dated = (
      await corpusApi<DocumentsPage>(
        server.url,
        "GET",
        "/documents?collection=zavoieni&dateFrom=2025-03-16&dateTo=2025-03-16",
      )
    ).body;
    expect(dated.documents.map((d) => d.id)).toEqual(["z4"]);

    const doc = (await corpusApi<CorpusDocument>(server.url, "GET", "/documents/z1?q=f%C3%A2nt%C3%A2n%C4%83"))
      .body;
    expect(doc).toMatchObject({
      id: "z1",
      collection: "zavoieni",
      source: "Pagina Zăvoieni",
      platform: "facebook",
    });
    expect(doc.text.some((s) => s.hit && s.text === "fântână")).toBe(true);
    expect(doc.text.map((s) => s.text).join("")).toBe(
      "Primarul din Zăvoieni a promis o „fântână” nouă pentru școala satului, spun părinții.",
    );
    expect(doc.meta).toMatchObject({ origin: { file: "zavoieni.csv", line: 2 } });
    expect(doc.annotation?.model).toBe("offline:lexicon");
    expect(["pozitiv", "negativ", "neutru"]).toContain(doc.annotation?.annotation.ton);
    expect((await corpusApi(server.url, "GET", "/documents/nu-exista")).status).toBe(404);
  });

  it("draws the overview from the catalog: platforms, sources, months, lengths and the lexicon's labels", async () => {
    const overview = (await corpusApi<CorpusOverview>(server.url, "GET", "/overview")).body;
    expect(overview.documents).toBe(401);
    expect(overview.lengths.reduce((n, b) => n + b.count, 0)).toBe(401);
    expect(overview.byMonth.find((m) => m.month === "2025-03")?.count).toBeGreaterThanOrEqual(4);
    const zavoieni = overview.annotations?.bySource.find((s) => s.source === "Pagina Zăvoieni");
    expect(overview.annotations?.model).toBe("offline:lexicon");
    expect(zavoieni?.n).toBe(4);
    expect(zavoieni!.negativ + zavoieni!.neutru + zavoieni!.pozitiv).toBe(4);
    expect(overview.annotationSources[0]).toMatchObject({ id: "lexicon", rows: 401 });
  });

  it("downloads the cleaned corpus as JSON Lines and as a spreadsheet-safe CSV", async () => {
    const jsonl = await fetch(`${server.url}/api/corpus/export?format=jsonl&collection=zavoieni`);
    const lines = (await jsonl.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(["z1", "z2", "z4", "z10"]);
    expect(lines[0]).toMatchObject({ source: "Pagina Zăvoieni", lang: "ro", origin: { line: 2 } });
    const csvRes = await fetch(`${server.url}/api/corpus/export?format=csv&collection=zavoieni`);
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    const text = Buffer.from(await csvRes.arrayBuffer()).toString("utf8");
    expect(text.startsWith("\ufeffid,text,source")).toBe(true);
    expect(text).toContain(`z10,"'=SUM(A1) nu e o formulă`);
    const all = await fetch(`${server.url}/api/corpus/export?format=jsonl`);
    expect((await all.text()).trim().split("\n")).toHaveLength(401);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    const manifest = readFileSync(path.join(server.dir, "corpus", "index", "manifest.json"), "utf8");
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", csv)).body;
    const again = await importUpload(server.url, preview.uploadId, { platform: "facebook" });
    expect(again.job?.status).toBe("done");
    expect(again.record.unchanged).toBe(true);
    const after = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(after.version).toBe(before.version);
    expect(after.documents).toBe(before.documents);
    expect(readFileSync(path.join(server.dir, "corpus", "index", "manifest.json"), "utf8")).toBe(manifest);
  });

  it("a failed import leaves the corpus and the chat's index as they were, and says why in the UI's language", async () => {
    const before = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    const empty = (await uploadCorpusFile(server.url, "goale.jsonl", '{"text": ""}\n{"text": "   "}\n')).body;
    const started = await corpusApi<CorpusJobResponse>(server.url, "POST", "/imports", {
      uploadId: empty.uploadId,
    });
    const failed = await waitForImport(server.url, started.body.record.id);
    expect(failed.job?.status).toBe("failed");
    expect(failed.job?.error?.code).toBe("corpus:no_records");
    expect(failed.job?.error?.message).toContain("goale.jsonl");
    const english = await corpusApi<CorpusJobResponse>(
      server.url,
      "GET",
      `/imports/${started.body.record.id}`,
      undefined,
      {
        "accept-language": "en",
      },
    );
    expect(english.body.record.error?.message).toMatch(/holds no record with text/);
    const after = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(after.version).toBe(before.version);
    expect(after.collections.map((c) => c.name)).not.toContain("goale");
    expect(existsSync(path.join(server.dir, "corpus", "raw", "goale.jsonl"))).toBe(false);
    expect(readdirSync(path.join(server.dir, "corpus")).filter((n) => n.startsWith(".staging"))).toEqual([]);
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).toContain("z1");
  });

  it("removes a collection: its records leave the index and the answers, its files are kept aside", async () => {
    const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/collections/zavoieni");
    expect(started.status).toBe(202);
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    expect(done.record.index).toMatchObject({ removed: 4, embedded: 0 });
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).not.toContain("z1");
    const page = (await corpusApi<DocumentsPage>(server.url, "GET", "/documents?q=Z%C4%83voieni")).body;
    expect(page.total).toBe(0);
    expect(existsSync(path.join(server.dir, "corpus", "raw", "zavoieni.jsonl"))).toBe(false);
    const removed = readdirSync(path.join(server.dir, "corpus", "removed"));
    expect(removed.some((name) => name.endsWith("-zavoieni"))).toBe(true);
    expect((await corpusApi(server.url, "DELETE", "/collections/zavoieni")).status).toBe(404);
  });

  it("waits, and says so, while another change holds the corpus (another instance, the command line)", async () => {
    const waiting: string[] = [];
    socket.on("job:progress", (e) => {
      if (e.progress.waiting === "corpus_change") waiting.push(e.jobId);
    });
    await new Promise<void>((resolve) => socket.emit("job:subscribe", {}, () => resolve()));
    const corpusDir = path.join(server.dir, "corpus");
    const release = await lockCorpus(corpusDir);
    const before = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", csv)).body;
    const started = await corpusApi<CorpusJobResponse>(server.url, "POST", "/imports", {
      uploadId: preview.uploadId,
    });
    expect(started.status).toBe(202);
    try {
      await expect.poll(() => waiting.length, { timeout: 30_000 }).toBeGreaterThan(0);
      // A reloaded page reads the wait too, and nothing of the corpus has changed.
      const { body } = await corpusApi<CorpusJobResponse>(
        server.url,
        "GET",
        `/imports/${started.body.record.id}`,
      );
      expect(body.job).toMatchObject({ status: "running", progress: { waiting: "corpus_change" } });
      expect((await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body.version).toBe(before.version);
    } finally {
      await release();
    }
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    expect(done.job?.progress.waiting).toBeUndefined();
    expect(done.record.index).toMatchObject({ added: 4 });
  });
});
