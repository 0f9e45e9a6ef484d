// The corpus page's "Deleted documents" against a real server (a temp corpus, real SQLite, real hnswlib, the real
// worker thread): GET /removed lists a deleted document, POST /removed/:id/restore is 202 and a job that puts it back
// (the search and the chat find it again with its id, the list no longer has it); an id the ledger does not hold is
// 404 corpus:document_not_found in the asker's language, a restore while another corpus job runs or waits is 409
// corpus:busy (two requests at once too: the second finds the first's job), and a member is refused with 403. The
// ledger's unreadable lines are counted in the list and in the next import's cleaning report.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import {
  RemovedDocumentsResponseSchema,
  type CorpusJobResponse,
  type RemovedDocumentsResponse,
} from "../../contract/corpusPage";
import { LEDGER_FILE } from "../../corpus/pipeline/removalLedger";
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

type ErrorBody = { error: { code: string; message: string } };

describe("putting a deleted document back", () => {
  let server: TestServer;
  let socket: TestSocket;
  const search = async (q: string) =>
    (await corpusApi<DocumentsPage>(server.url, "GET", `/documents?q=${encodeURIComponent(q)}`)).body;
  const removed = async () => (await corpusApi<RemovedDocumentsResponse>(server.url, "GET", "/removed")).body;

  beforeAll(async () => {
    server = await startTestServer();
    socket = await server.connect();
    const preview = (await uploadCorpusFile(server.url, "zavoieni.csv", windows1250Csv(ZAVOIENI_ROWS))).body;
    const imported = await importUpload(server.url, preview.uploadId, { platform: "facebook" });
    if (imported.job?.status !== "done") throw new Error(JSON.stringify(imported.job));
    const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/documents/z1");
    if ((await waitForImport(server.url, started.body.record.id)).job?.status !== "done")
      throw new Error("the removal failed");
  }, 90_000);

  afterAll(async () => {
    socket?.disconnect();
    await server?.close();
  });

  it("lists the deleted document, restorable", async () => {
    expect(await removed()).toMatchObject({
      total: 1,
      documents: [{ collection: "zavoieni", id: "z1", restorable: true }],
      unreadable: 0,
    });
  });

  it("counts the ledger's unreadable lines beside the documents (the contract's optional field)", async () => {
    const ledger = path.join(server.dir, "corpus", LEDGER_FILE);
    appendFileSync(ledger, '{ "collection": "zavoieni", stricat\n{"id":"fara-colectie"}\n');
    const body = await removed();
    expect(RemovedDocumentsResponseSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ total: 1, unreadable: 2, documents: [{ id: "z1" }] });
  });

  it("an id the ledger does not hold is 404 corpus:document_not_found, in the asker's language", async () => {
    const ro = await corpusApi<ErrorBody>(server.url, "POST", "/removed/z2/restore", {});
    expect(ro.status).toBe(404);
    expect(ro.body.error).toMatchObject({
      code: "corpus:document_not_found",
      message: "Documentul nu este printre documentele șterse (poate a fost deja pus înapoi).",
    });
    const en = await corpusApi<ErrorBody>(
      server.url,
      "POST",
      "/removed/z2/restore",
      {},
      { "accept-language": "en" },
    );
    expect(en.status).toBe(404);
    expect(en.body.error.message).toBe(
      "The document is not among the deleted documents (it may have been put back already).",
    );
  });

  it("is refused with 409 corpus:busy while another corpus job runs or waits, and nothing is queued", async () => {
    const release = await lockCorpus(server.config.CORPUS_DIR);
    let rebuild: CorpusJobResponse | undefined;
    try {
      rebuild = (await corpusApi<CorpusJobResponse>(server.url, "POST", "/rebuild")).body;
      const refused = await corpusApi<ErrorBody>(server.url, "POST", "/removed/z1/restore", {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe("corpus:busy");
      const { body } = await corpusApi<{ imports: { op: string }[] }>(server.url, "GET", "/imports");
      expect(body.imports.filter((r) => r.op === "restore-document")).toEqual([]);
    } finally {
      await release();
    }
    expect((await waitForImport(server.url, rebuild!.record.id)).job?.status).toBe("done");
  }, 90_000);

  it("is 202 and a job that puts it back (two requests at once: one job, the other 409 corpus:busy): the search and the chat find it again, the list no longer has it", async () => {
    expect((await search("promis fântână")).documents.map((d) => d.id)).not.toContain("z1");
    const jobsOfKind = async () =>
      (await corpusApi<{ imports: { op: string }[] }>(server.url, "GET", "/imports")).body.imports.filter(
        (r) => r.op === "restore-document",
      ).length;
    const before = await jobsOfKind();
    // Two clicks at once (a double click, two tabs): one job, the other request refused as busy.
    const both = await Promise.all(
      [0, 1].map(() =>
        corpusApi<CorpusJobResponse & ErrorBody>(server.url, "POST", "/removed/z1/restore", {}),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    const started = both.find((r) => r.status === 202)!;
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe("corpus:busy");
    expect(await jobsOfKind()).toBe(before + 1);
    expect(started.body.record).toMatchObject({
      op: "restore-document",
      collection: "zavoieni",
      document: { id: "z1" },
    });
    const done = await waitForImport(server.url, started.body.record.id);
    expect(done.job?.status).toBe("done");
    expect(done.record.index).toMatchObject({ added: 1, removed: 0 });
    expect((await search("promis fântână")).documents.map((d) => d.id)).toContain("z1");
    expect((await corpusApi(server.url, "GET", "/documents/z1")).status).toBe(200);
    const { sources } = await askChat(socket, ZAVOIENI_QUESTION);
    expect(sources.map((s) => s.docId)).toContain("z1");
    // The broken lines stay in the ledger when the restore takes z1's entry out.
    expect(await removed()).toEqual({ total: 0, documents: [], unreadable: 2 });
    expect((await corpusApi(server.url, "POST", "/removed/z1/restore", {})).status).toBe(404);
  }, 90_000);

  it("an import's cleaning report counts the ledger's unreadable lines, for the page to warn", async () => {
    const rows = [
      ["id", "text"],
      ["l1", "Primăria din Lunca Mare a promis un pod nou peste pârâu până la sfârșitul anului."],
    ];
    const preview = (await uploadCorpusFile(server.url, "lunca.csv", windows1250Csv(rows))).body;
    const imported = await importUpload(server.url, preview.uploadId);
    expect(imported.job?.status).toBe("done");
    // The record as the page reads it (GET /imports/:id): the two broken lines appended above, still in the ledger.
    expect(imported.record.clean).toMatchObject({ kept: 1, ledgerUnreadable: 2 });
  }, 90_000);
});

describe("who may see and restore deleted documents: the corpus role, as for a deletion", () => {
  let server: TestServer;
  let admin: HttpSession;
  let member: HttpSession;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    await auth.addUser({ username: "dir", role: "admin", passwordHash: await hashPassword("parola-dir-1") });
    await auth.addUser({ username: "ana", role: "member", passwordHash: await hashPassword("parola-ana-1") });
    await auth.close();
    admin = new HttpSession(server.url, "198.51.100.90", "ro");
    member = new HttpSession(server.url, "198.51.100.91", "ro");
    expect((await admin.login({ username: "dir", password: "parola-dir-1" })).status).toBe(200);
    expect((await member.login({ username: "ana", password: "parola-ana-1" })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("a member is refused with 403; an admin reaches the routes", async () => {
    const list = await member.get("/api/corpus/removed");
    expect(list.status).toBe(403);
    expect(errorCode(list)).toBe("auth:forbidden");
    const refused = await member.request("POST", "/api/corpus/removed/of-0001/restore", {});
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe("auth:forbidden");
    expect((await admin.get("/api/corpus/removed")).body).toEqual({ total: 0, documents: [], unreadable: 0 });
    const unknown = await admin.request("POST", "/api/corpus/removed/of-0001/restore", {});
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe("corpus:document_not_found");
  }, 60_000);
});
