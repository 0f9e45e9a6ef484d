// One document taken out of the corpus (DELETE /api/corpus/documents/:id) against a real server (a temp corpus, real
// SQLite, real hnswlib, the real worker thread): the chat and the page's search found it before and do not after, the
// rest of its collection stays, the index is updated (no vector computed), its lines leave raw/ too and its text's
// fingerprint goes into the removal ledger (no later clean brings it back, nor the copy an earlier clean had dropped as
// its duplicate, nor the same file imported again) and go to removed/; an unknown id is 404, a removal while another corpus job runs or waits is 409
// (two requests at once too: the second finds the first's job),
// and a removal whose new index does not open commits nothing (the opener is damaged as in corpusUnopenable.test.ts).
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import { INDEX_FILES, indexDir } from "../../corpus/pipeline/indexFormat";
import type { CorpusJobResponse, CorpusStatus } from "../../contract/corpusPage";
import type { DocumentsPage } from "../../contract/corpusExplore";
import {
  askChat,
  corpusApi,
  importUpload,
  uploadCorpusFile,
  waitForImport,
  windows1250Csv,
} from "../support/corpus";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { errorCode, HttpSession } from "../support/session";
import { ZAVOIENI_QUESTION, ZAVOIENI_ROWS } from "../fixtures/corpusPage";

const armed = vi.hoisted(() => ({ value: false, opened: 0 }));

vi.mock("../../corpus/retrieval/hybrid", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../corpus/retrieval/hybrid")>();
  return {
    ...real,
    openRetriever: async (options: Parameters<typeof real.openRetriever>[0]) => {
      if (armed.value) {
        // The staged index's bm25.json replaced by a damaged one (never written through a link into the real index).
        armed.opened += 1;
        const file = path.join(indexDir(options.corpusDir), INDEX_FILES.bm25);
        writeFileSync(`${file}.damaged`, readFileSync(file, "utf8").slice(0, 100));
        renameSync(`${file}.damaged`, file);
      }
      return real.openRetriever(options);
    },
  };
});

/** The real corpus folder's raw and cleaned files and index manifest, byte for byte. */
function snapshot(corpusDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["raw", "cleaned", "index"]) {
    const dir = path.join(corpusDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort())
      if (name.endsWith(".jsonl") || name.endsWith(".json"))
        files[`${sub}/${name}`] = readFileSync(path.join(dir, name), "utf8");
  }
  return files;
}

describe("removing one document from the corpus", () => {
  let server: TestServer;
  let socket: TestSocket;
  let corpusDir: string;
  const search = async (q: string) =>
    (await corpusApi<DocumentsPage>(server.url, "GET", `/documents?q=${encodeURIComponent(q)}`)).body;
  const status = async () => (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
  /** The Zăvoieni documents a search finds (the shipped corpus has its own). */
  const zavoieni = async (q: string) =>
    (await search(q)).documents.map((d) => d.id).filter((id) => /^z\d+$/.test(id));

  beforeAll(async () => {
    server = await startTestServer();
    socket = await server.connect();
    corpusDir = server.config.CORPUS_DIR;
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", windows1250Csv(ZAVOIENI_ROWS))).body;
    const imported = await importUpload(server.url, preview.uploadId, { platform: "facebook" });
    if (imported.job?.status !== "done") throw new Error(JSON.stringify(imported.job));
  }, 90_000);

  afterAll(async () => {
    socket?.disconnect();
    await server?.close();
  });

  it("an unknown id is 404 corpus:document_not_found, in the asker's language", async () => {
    const ro = await corpusApi<{ error: { code: string; message: string } }>(
      server.url,
      "DELETE",
      "/documents/nu-exista",
    );
    expect(ro.status).toBe(404);
    expect(ro.body.error).toMatchObject({
      code: "corpus:document_not_found",
      message: "Documentul nu există în corpus.",
    });
    const en = await corpusApi<{ error: { message: string } }>(
      server.url,
      "DELETE",
      "/documents/nu-exista",
      undefined,
      {
        "accept-language": "en",
      },
    );
    expect(en.body.error.message).toBe("The document is not in the corpus.");
  });

  it("is refused with 409 corpus:busy while another corpus job runs or waits, and nothing is queued", async () => {
    const release = await lockCorpus(corpusDir);
    let rebuild: CorpusJobResponse | undefined;
    try {
      rebuild = (await corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild")).body;
      const refused = await corpusApi<{ error: { code: string; message: string } }>(
        server.url,
        "DELETE",
        "/documents/z1",
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe("corpus:busy");
      expect(refused.body.error.message).toMatch(/O altă schimbare a corpusului/);
      const { body } = await corpusApi<{ imports: { op: string }[] }>(server.url, "GET", "/imports");
      expect(body.imports.filter((r) => r.op === "remove-document")).toEqual([]);
    } finally {
      await release();
    }
    expect((await waitForImport(server.url, rebuild!.record.id)).job?.status).toBe("done");
  }, 90_000);

  it("a removal whose new index does not open fails and leaves the corpus, the index and the answers as they were", async () => {
    const before = snapshot(corpusDir);
    const version = (await status()).version;
    armed.value = true;
    let done: CorpusJobResponse;
    try {
      const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/documents/z1");
      expect(started.status).toBe(202);
      done = await waitForImport(server.url, started.body.record.id);
    } finally {
      armed.value = false;
    }
    expect(armed.opened).toBe(1);
    expect(done.job?.status).toBe("failed");
    expect(done.job?.error?.code).toBe("corpus:new_index_unreadable");
    expect(snapshot(corpusDir)).toEqual(before);
    expect(readdirSync(corpusDir).filter((n) => n.startsWith(".staging-"))).toEqual([]);
    expect((await status()).version).toBe(version);
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).toContain("z1");
  }, 90_000);

  it("takes the document out (two requests at once: one job, the other 409 corpus:busy): the chat and the search no longer find it, the rest of its collection stays", async () => {
    const asked = await askChat(socket, ZAVOIENI_QUESTION);
    expect(asked.sources.map((s) => s.docId)).toContain("z1");
    expect((await search("promis fântână")).documents.map((d) => d.id)).toContain("z1");
    const chunks = (await status()).chunks;

    const jobsOfKind = async () =>
      (await corpusApi<{ imports: { op: string }[] }>(server.url, "GET", "/imports")).body.imports.filter(
        (r) => r.op === "remove-document",
      ).length;
    const before = await jobsOfKind();
    // Two clicks at once (a double click, two tabs): one job, the other refused as busy. Called on the service in one
    // tick: over HTTP the second request often reaches it only after the first has queued its job.
    const both = await Promise.allSettled([0, 1].map(() => server.app.corpus.startRemoveDocument("z1")));
    const refused = both.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "corpus:busy" });
    const queued = both.find((r) => r.status === "fulfilled");
    if (!queued) throw new Error("neither removal was queued");
    const started = { body: queued.value };
    expect(started.body.record).toMatchObject({
      op: "remove-document",
      collection: "zavoieni",
      document: { id: "z1" },
    });
    expect(await jobsOfKind()).toBe(before + 1);
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    // The previous index updated without its chunk: nothing embedded.
    expect(done.record.index).toMatchObject({ removed: 1, added: 0, embedded: 0, rebuilt: true });

    const after = await askChat(socket, ZAVOIENI_QUESTION);
    expect(after.sources.map((s) => s.docId)).not.toContain("z1");
    expect(after.sources.map((s) => s.docId)).toContain("z2");
    expect((await search("promis fântână")).documents.map((d) => d.id)).not.toContain("z1");
    expect((await corpusApi(server.url, "GET", "/documents/z1")).status).toBe(404);
    const now = await status();
    expect(now.chunks).toBe(chunks - 1);
    expect(now.collections.find((c) => c.name === "zavoieni")).toMatchObject({
      documents: 3,
      lastImport: { fileName: "zavoieni.csv" },
    });

    // Out of raw/ and cleaned/, kept aside in removed/.
    const cleaned = readFileSync(path.join(corpusDir, "cleaned", "zavoieni.jsonl"), "utf8");
    expect(cleaned).not.toContain('"id":"z1"');
    expect(cleaned).toContain('"id":"z2"');
    const raw = readFileSync(path.join(corpusDir, "raw", "zavoieni.jsonl"), "utf8");
    expect(raw).not.toContain('"z1"');
    expect(raw).toContain('"z2"');
    const aside = readdirSync(path.join(corpusDir, "removed")).find((n) =>
      n.endsWith("-zavoieni-document.jsonl"),
    );
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(corpusDir, "removed", aside!), "utf8")).toContain('"z1"');
    expect((await corpusApi(server.url, "DELETE", "/documents/z1")).status).toBe(404);
  }, 90_000);

  it("does not come back when the corpus is cleaned again (another import)", async () => {
    const rows = [
      ["id", "text", "data"],
      [
        "m1",
        "Locuitorii din Valea Mierlei au plantat o sută de tei pe malul pârâului, lângă moara veche.",
        "03.03.2025",
      ],
    ];
    const preview = (await uploadCorpusFile(server.url, "mierla.csv", windows1250Csv(rows))).body;
    const imported = await importUpload(server.url, preview.uploadId);
    expect(imported.job?.status).toBe("done");
    expect((await search("promis fântână")).documents.map((d) => d.id)).not.toContain("z1");
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).not.toContain("z1");
  }, 90_000);

  it("a copy that the first clean dropped as its duplicate does not take its place at the next clean", async () => {
    // z3 repeats z2 in capitals: the import's clean kept z2 and dropped z3 as an exact duplicate.
    expect(await zavoieni("stricată")).toEqual(["z2"]);
    const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/documents/z2");
    expect((await waitForImport(server.url, started.body.record.id)).job?.status).toBe("done");
    const ledger = readFileSync(path.join(corpusDir, "removed.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { collection: string; id: string; job?: string });
    expect(ledger.map((e) => [e.collection, e.id])).toEqual([
      ["zavoieni", "z1"],
      ["zavoieni", "z2"],
    ]);
    expect(ledger[1]!.job).toBe(started.body.record.jobId);

    // Another import cleans every collection again: z3 stays out, counted as removed in the corpus's clean report.
    const rows = [
      ["id", "text", "data"],
      ["p1", "La Valea Mierlei s-a deschis o bibliotecă nouă în clădirea fostei primării.", "04.03.2025"],
    ];
    const preview = (await uploadCorpusFile(server.url, "povesti.csv", windows1250Csv(rows))).body;
    expect((await importUpload(server.url, preview.uploadId)).job?.status).toBe("done");
    expect(await zavoieni("stricată")).toEqual([]);
    expect(readFileSync(path.join(corpusDir, "cleaned", "zavoieni.jsonl"), "utf8")).not.toContain('"z3"');
    const report = JSON.parse(readFileSync(path.join(corpusDir, "cleaned", "report.json"), "utf8")) as {
      files: { name: string; droppedBy: Record<string, number> }[];
    };
    expect(report.files.find((f) => f.name === "zavoieni")?.droppedBy).toMatchObject({
      removed: 1,
      exact_duplicate: 0,
    });
  }, 90_000);

  it("stays out when the same file is imported again: the import's report counts it as removed earlier", async () => {
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", windows1250Csv(ZAVOIENI_ROWS))).body;
    const again = await importUpload(server.url, preview.uploadId, { platform: "facebook" });
    expect(again.job?.status).toBe("done");
    expect(again.record.unchanged).toBeUndefined();
    expect((await search("promis fântână")).documents.map((d) => d.id)).not.toContain("z1");
    expect(await zavoieni("stricată")).toEqual([]);
    const clean = again.record.clean!;
    // z1 and z2 deleted, z3 the copy of z2.
    expect(clean.reasons.removed).toBe(3);
    expect(clean.reasons.exact_duplicate).toBe(0);
    expect(clean.examples.removed?.map((e) => [e.id, e.removed?.id])).toEqual([
      ["z1", "z1"],
      ["z2", "z2"],
      ["z3", "z2"],
    ]);
  }, 90_000);
});

describe("who may delete a document: the corpus role, as for a collection", () => {
  let server: TestServer;
  let admin: HttpSession;
  let member: HttpSession;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    await auth.addUser({ username: "dir", role: "admin", passwordHash: await hashPassword("parola-dir-1") });
    await auth.addUser({ username: "ana", role: "member", passwordHash: await hashPassword("parola-ana-1") });
    await auth.close();
    admin = new HttpSession(server.url, "198.51.100.80", "ro");
    member = new HttpSession(server.url, "198.51.100.81", "ro");
    expect((await admin.login({ username: "dir", password: "parola-dir-1" })).status).toBe(200);
    expect((await member.login({ username: "ana", password: "parola-ana-1" })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("a member is refused with 403 and nothing is queued; an admin reaches the route", async () => {
    const refused = await member.request("DELETE", "/api/corpus/documents/of-0001");
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe("auth:forbidden");
    const imports = await admin.get("/api/corpus/imports");
    expect(
      (imports.body as { imports: { op: string }[] }).imports.filter((r) => r.op === "remove-document"),
    ).toEqual([]);
    const unknown = await admin.request("DELETE", "/api/corpus/documents/nu-exista");
    expect(errorCode(unknown)).toMatch(/^corpus:(document_not_found|catalog_missing)$/);
  }, 60_000);
});
