// A data set's annotation guidelines against the real app (AUTH=users, SQLite): the owner writes them (Markdown,
// trimmed, an empty text clears them), every member who reads the shared data set reads them with it, blind review
// or not; a member who writes is refused with a code in their language, as is a text over the limit; the methods
// paragraph says the annotators had them and when they last changed, and the XLSX export carries their text. An
// SQLite file from before the guidelines opens and takes them.
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GUIDELINES_MAX_CHARS,
  type DatasetResponse,
  type GuidelinesResponse,
  type Job,
  type MethodsResponse,
  type UploadPreview,
} from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";
import { uploadFile } from "../support/rest";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const WB = "/api/workbench";
const USERS = {
  prof: { password: "parola-prof-1", role: "member" },
  ana: { password: "parola-ana-1", role: "member" },
  ion: { password: "parola-ion-1", role: "member" },
  dir: { password: "parola-dir-1", role: "admin" },
} as const;
const CSV = ["id,text", "c1,Hoții de la putere ne fură pensiile!", "c2,Bravo pentru noul spital."].join("\n");
const GUIDE =
  "## Populism\n\nMarcați **da** doar când textul opune poporul unei elite.\n\n- ironia: după sens";

let server: TestServer;
const s = {} as Record<keyof typeof USERS, HttpSession>;
let datasetId: string;

const guidelinesOf = async (who: HttpSession) => {
  const res = await who.get(`${WB}/datasets/${datasetId}`);
  expect(res.status).toBe(200);
  return (res.body as DatasetResponse).guidelines;
};
const write = (who: HttpSession, text: unknown) =>
  who.request("PUT", `${WB}/datasets/${datasetId}/guidelines`, { text });

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, { password, role }] of Object.entries(USERS))
    await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
  await auth.close();
  let ip = 120;
  for (const name of Object.keys(USERS) as (keyof typeof USERS)[]) {
    s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, name === "ion" ? "en" : "ro");
    expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
  }
  const uploaded = await uploadFile<UploadPreview>(`${server.url}${WB}/uploads`, "clasa.csv", CSV, {
    cookie: s.prof.cookie!,
    "x-forwarded-for": s.prof.ip,
  });
  expect(uploaded.status).toBe(201);
  const created = await s.prof.post(`${WB}/datasets`, {
    uploadId: uploaded.body.uploadId,
    name: "Clasa: populism",
    mapping: { text: "text", id: "id" },
  });
  expect(created.status).toBe(201);
  expect((created.body as DatasetResponse).guidelines).toBeNull();
  datasetId = (created.body as DatasetResponse).dataset.id;
  expect((await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
    200,
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("a data set's annotation guidelines", () => {
  it("are written by the owner, trimmed, stamped with who and when, and read by every member with the data set", async () => {
    const before = Date.now();
    const res = await write(s.prof, `\n  ${GUIDE}  \n`);
    expect(res.status).toBe(200);
    const { guidelines } = res.body as GuidelinesResponse;
    expect(guidelines).toMatchObject({ text: GUIDE, updatedBy: "prof" });
    expect(Date.parse(guidelines!.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
    // Ana and Ion are held to the owner's blind review (on by default): it holds back labels, not the guidelines.
    const seen = ((await s.ana.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset;
    expect(seen.blindForViewer).toBe(true);
    expect(await guidelinesOf(s.ana)).toEqual(guidelines);
    expect(await guidelinesOf(s.ion)).toEqual(guidelines);
    expect(await guidelinesOf(s.dir)).toEqual(guidelines);
  });

  it("refuse a member who writes them: 403 with its code, in the member's language; nothing changes", async () => {
    const stored = await guidelinesOf(s.prof);
    const ana = await write(s.ana, "Ghidul meu");
    expect(ana.status).toBe(403);
    expect(errorCode(ana)).toBe("dataset:guidelines_forbidden");
    expect((ana.body as { error: { message: string } }).error.message).toContain("Ghidul de adnotare");
    const ion = await write(s.ion, "");
    expect(ion.status).toBe(403);
    expect((ion.body as { error: { message: string } }).error.message).toContain(
      "Only whoever made this data set",
    );
    expect(await guidelinesOf(s.prof)).toEqual(stored);
  });

  it("may be written by an admin, and are not found for whoever cannot read the data set", async () => {
    const res = await write(s.dir, `${GUIDE}\n\n(văzut de direcțiune)`);
    expect(res.status).toBe(200);
    expect((res.body as GuidelinesResponse).guidelines?.updatedBy).toBe("dir");
    expect(
      (await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: false })).status,
    ).toBe(200);
    const hidden = await write(s.ana, "x");
    expect(hidden.status).toBe(404);
    expect(errorCode(hidden)).toBe("dataset:not_found");
    expect((await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
      200,
    );
    expect((await write(s.prof, GUIDE)).status).toBe(200);
  });

  it("over the limit are refused with a clear message (length and limit), and kept as they were", async () => {
    const stored = await guidelinesOf(s.prof);
    const long = "a".repeat(GUIDELINES_MAX_CHARS + 1);
    const res = await write(s.prof, long);
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe("dataset:guidelines_too_long");
    expect((res.body as { error: { message: string } }).error.message).toBe(
      "Ghidul de adnotare este prea lung: 20.001 caractere, iar limita este 20.000. Scurtați-l sau mutați exemplele lungi într-un document separat.",
    );
    expect(await guidelinesOf(s.prof)).toEqual(stored);
    // With "de" where Romanian wants it, and in English when asked.
    const more = "c".repeat(GUIDELINES_MAX_CHARS + 20);
    expect(((await write(s.prof, more)).body as { error: { message: string } }).error.message).toContain(
      "20.020 de caractere",
    );
    const en = await s.prof.request(
      "PUT",
      `${WB}/datasets/${datasetId}/guidelines`,
      { text: more },
      {
        "accept-language": "en",
      },
    );
    expect((en.body as { error: { message: string } }).error.message).toBe(
      "The annotation guidelines are too long: 20,020 characters, and the limit is 20,000. Shorten them or move long examples to a separate document.",
    );
    // Exactly at the limit (spaces around do not count) is fine; a body that is not text is input:invalid.
    expect((await write(s.prof, ` ${"b".repeat(GUIDELINES_MAX_CHARS)} `)).status).toBe(200);
    const wrong = await write(s.prof, 42);
    expect(wrong.status).toBe(400);
    expect(errorCode(wrong)).toBe("input:invalid");
    expect((await write(s.prof, GUIDE)).status).toBe(200);
  });

  it("are said in the methods paragraph (when they last changed, labels saved before) and exported on the XLSX's 'ghid' sheet", async () => {
    const saved = await s.ana.request("PUT", `${WB}/datasets/${datasetId}/items/0/labels`, {
      annotator: "ana",
      labels: { populism: true },
    });
    expect(saved.status).toBe(200);
    const started = await s.prof.post(`${WB}/runs`, { datasetId, models: ["offline:lexicon"] });
    expect(started.status).toBe(202);
    const runId = (started.body as { run: { id: string } }).run.id;
    for (let i = 0; ; i++) {
      const job = ((await s.prof.get(`${WB}/runs/${runId}`)).body as { job: Job }).job;
      if (job.status === "done") break;
      expect(job.status === "failed" || i > 400).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const guidelines = (await guidelinesOf(s.prof))!;
    const when = `${guidelines.updatedAt.slice(0, 10)} ${guidelines.updatedAt.slice(11, 16)} UTC`;
    let methods = (await s.prof.get(`${WB}/runs/${runId}/methods`)).body as MethodsResponse;
    expect(methods.ro).toContain(
      `Adnotatorii umani au avut ghidul de adnotare al setului (${GUIDE.length} de caractere, modificat ultima dată pe ${when} de prof; textul este în foaia „ghid” a exportului XLSX), pe lângă codebook.`,
    );
    expect(methods.en).toContain(`last changed on ${when} by prof`);
    expect(methods.ro).not.toContain("înainte de această modificare");
    // Changed after Ana's label: the paragraph says her label came before.
    expect((await write(s.prof, `${GUIDE}\n- sarcasmul: ca ironia`)).status).toBe(200);
    methods = (await s.prof.get(`${WB}/runs/${runId}/methods`)).body as MethodsResponse;
    expect(methods.ro).toContain("Singura etichetă a fost salvată înainte de această modificare.");
    expect(methods.en).toContain("The only label was saved before that change.");

    const res = await fetch(`${server.url}${WB}/runs/${runId}/export?format=xlsx`, {
      headers: { cookie: s.prof.cookie!, "x-forwarded-for": s.prof.ip },
    });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("ghid");
    expect(sheet).toBeDefined();
    const cells: string[] = [];
    sheet!.eachRow({ includeEmpty: true }, (row) => cells.push(String(row.getCell(1).value ?? "")));
    expect(cells[0]).toBe("updated_at");
    expect(sheet!.getRow(2).getCell(2).value).toBe("prof");
    expect(cells.slice(3).join("\n")).toBe(`${GUIDE}\n- sarcasmul: ca ironia`);
  });

  it("are cleared by an empty text: none with the data set, none in the methods paragraph", async () => {
    const res = await write(s.prof, "   \n ");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ guidelines: null });
    expect(await guidelinesOf(s.ana)).toBeNull();
  });
});

describe("an SQLite file from before the guidelines", () => {
  it("opens with its data sets, reads no guidelines, and then keeps them", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-guidelines-"));
    try {
      const file = path.join(dir, "echochamber.db");
      const old = new Database(file);
      old.exec(`
        CREATE TABLE wb_datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL,
          format TEXT NOT NULL, encoding TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0,
          mapping TEXT NOT NULL, report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL, user_id TEXT NOT NULL DEFAULT 'local', shared INTEGER NOT NULL DEFAULT 0,
          blind_review INTEGER NOT NULL DEFAULT 1);
        INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping, committed, created_at)
          VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 0, '{"text":"text"}', 1, '2025-01-01T00:00:00Z');
      `);
      old.close();
      const store = new SqliteWorkbenchStore(file);
      expect(await store.getDataset("d1")).toMatchObject({ id: "d1", name: "Comentarii" });
      expect(await store.getGuidelines("d1")).toBeNull();
      const saved = await store.setGuidelines("d1", "Ghid", "prof");
      expect(saved).toMatchObject({ guidelines: { text: "Ghid", updatedBy: "prof" } });
      expect(await store.getGuidelines("d1")).toEqual(saved && saved.guidelines);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
