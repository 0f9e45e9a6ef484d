// The class's progress on a shared data set, against the real app (AUTH=users, SQLite): a teacher shares a 4-row data
// set, two members label some rows and the teacher adjudicates one; GET /datasets/:id/progress gives the owner and an
// admin one line per person (rows labelled, adjudications, last save), most rows first, and refuses a member who reads
// the set (403, in their language) and a user who cannot read it (404).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetProgressSchema, type DatasetResponse, type UploadPreview } from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
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
const CSV = [
  "id,text",
  "c1,Hoții de la putere ne fură pensiile!",
  "c2,Bravo pentru noul spital din Sibiu.",
  "c3,Guvernul a anunțat indexarea pensiilor.",
  "c4,Politicienii sunt niște mincinoși.",
].join("\n");

let server: TestServer;
const s = {} as Record<keyof typeof USERS, HttpSession>;
let datasetId: string;
let privateId: string;

async function createDataset(name: string): Promise<string> {
  const uploaded = await uploadFile<UploadPreview>(`${server.url}${WB}/uploads`, `${name}.csv`, CSV, {
    cookie: s.prof.cookie!,
    "x-forwarded-for": s.prof.ip,
  });
  expect(uploaded.status).toBe(201);
  const created = await s.prof.post(`${WB}/datasets`, {
    uploadId: uploaded.body.uploadId,
    name,
    mapping: { text: "text", id: "id" },
  });
  expect(created.status).toBe(201);
  return (created.body as DatasetResponse).dataset.id;
}

async function label(who: keyof typeof USERS, idx: number, route: "labels" | "adjudication" = "labels") {
  const body =
    route === "labels"
      ? { annotator: who, labels: { ton: "negativ" } }
      : { adjudicator: who, labels: { ton: "negativ" } };
  const saved = await s[who].request("PUT", `${WB}/datasets/${datasetId}/items/${idx}/${route}`, body);
  expect(saved.status).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, { password, role }] of Object.entries(USERS))
    await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
  await auth.close();
  let ip = 90;
  for (const name of Object.keys(USERS) as (keyof typeof USERS)[]) {
    s[name] = new HttpSession(server.url, `198.51.100.${ip++}`, name === "ion" ? "en" : "ro");
    expect((await s[name].login({ username: name, password: USERS[name].password })).status).toBe(200);
  }
  datasetId = await createDataset("Clasa: progres");
  privateId = await createDataset("Al profesorului");
  expect((await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
    200,
  );
  // Ion labels three rows (one twice: a change is still one row), Ana one, the teacher adjudicates row 0.
  for (const idx of [0, 1, 2, 1]) await label("ion", idx);
  await label("ana", 3);
  await label("prof", 0, "adjudication");
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("GET /datasets/:id/progress", () => {
  it("gives the owner one line per person: rows labelled of all rows, adjudications, last save; most rows first", async () => {
    const res = await s.prof.get(`${WB}/datasets/${datasetId}/progress`);
    expect(res.status).toBe(200);
    const progress = DatasetProgressSchema.parse(res.body);
    expect(progress).toMatchObject({ datasetId, rows: 4, adjudications: 1 });
    expect(
      progress.annotators.map(({ annotator, labelled, adjudicated }) => [annotator, labelled, adjudicated]),
    ).toEqual([
      ["ion", 3, 0],
      ["ana", 1, 0],
      ["prof", 0, 1],
    ]);
    for (const a of progress.annotators) expect(Number.isNaN(Date.parse(a.lastActivity))).toBe(false);
  });

  it("gives an admin the same table", async () => {
    const res = await s.dir.get(`${WB}/datasets/${datasetId}/progress`);
    expect(res.status).toBe(200);
    expect(DatasetProgressSchema.parse(res.body).annotators).toHaveLength(3);
  });

  it("refuses a member who reads the shared set (403, in their language), whether or not blind review holds them", async () => {
    const refused = await s.ion.get(`${WB}/datasets/${datasetId}/progress`);
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe("dataset:progress_forbidden");
    expect((refused.body as { error: { message: string } }).error.message).toContain("class's progress");
    expect(
      (await s.prof.request("PUT", `${WB}/datasets/${datasetId}/blind-review`, { blindReview: false }))
        .status,
    ).toBe(200);
    const open = await s.ana.get(`${WB}/datasets/${datasetId}/progress`);
    expect(open.status).toBe(403);
    expect((open.body as { error: { message: string } }).error.message).toContain("Progresul clasei");
  });

  it("says 'not found' to a member for a data set that is not shared", async () => {
    const res = await s.ana.get(`${WB}/datasets/${privateId}/progress`);
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe("dataset:not_found");
  });
});
