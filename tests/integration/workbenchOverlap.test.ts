// Labels per row (overlap) against the real app (AUTH=users, SQLite): the owner (or an admin) sets k on a shared data
// set, a member is refused with a code in their language, a k that is not a whole number 1..50 is refused saying the
// bounds; a member's queue then leaves out rows k classmates labelled (a count, never whose), keeps the review sample
// and never loses a row the member labelled; two members who save a row's last slot at once are both kept; the
// owner's progress says how many rows reached k; the methods paragraph says the setting and what came of it.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  DatasetProgress,
  DatasetResponse,
  DatasetSummary,
  ItemDetail,
  Job,
  LabelsResponse,
  MethodsResponse,
  QueueResponse,
  UploadPreview,
} from "../../contract/workbench";
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
  dan: { password: "parola-dan-1", role: "member" },
  eva: { password: "parola-eva-1", role: "member" },
  dir: { password: "parola-dir-1", role: "admin" },
} as const;
type Who = keyof typeof USERS;
const TEXTS = [
  "Hoții de la putere ne fură pensiile!",
  "Bravo pentru noul spital.",
  "Poporul știe mai bine decât ei.",
  "Ședința de consiliu a fost amânată.",
  "Elita coruptă ne vinde țara.",
  "Un proiect bun pentru școli.",
];
const CSV = ["id,text", ...TEXTS.map((t, i) => `c${i},${t}`)].join("\n");

let server: TestServer;
const s = {} as Record<Who, HttpSession>;
let datasetId: string;
let sampleIdx: number;

const setOverlap = (who: HttpSession, overlap: unknown) =>
  who.request("PUT", `${WB}/datasets/${datasetId}/overlap`, { overlap });
const label = (who: Who, idx: number) =>
  s[who].request("PUT", `${WB}/datasets/${datasetId}/items/${idx}/labels`, {
    annotator: who,
    labels: { ton: "negativ" },
  });
const queueOf = async (who: Who, mode: "priority" | "sample" = "priority") => {
  const res = await s[who].get(`${WB}/datasets/${datasetId}/queue?annotator=${who}&mode=${mode}&limit=50`);
  expect(res.status).toBe(200);
  return res.body as QueueResponse;
};
const idxsOf = (q: QueueResponse) => q.items.map((i) => i.idx);

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, { password, role }] of Object.entries(USERS))
    await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
  await auth.close();
  let ip = 140;
  for (const name of Object.keys(USERS) as Who[]) {
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
    name: "Clasa: suprapunere",
    mapping: { text: "text", id: "id" },
    reviewSample: { size: 1, seed: 7 },
  });
  expect(created.status).toBe(201);
  datasetId = (created.body as DatasetResponse).dataset.id;
  expect((created.body as DatasetResponse).dataset.overlap).toBeNull();
  expect((await s.prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true })).status).toBe(
    200,
  );
  sampleIdx = idxsOf(await queueOf("prof", "sample"))[0]!;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("labels per row (overlap)", () => {
  it("are set by the owner and read by every member with the data set", async () => {
    const res = await setOverlap(s.prof, 2);
    expect(res.status).toBe(200);
    expect((res.body as DatasetSummary).overlap).toBe(2);
    const seen = ((await s.ana.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset;
    expect(seen.overlap).toBe(2);
    const listed = ((await s.ana.get(`${WB}/datasets`)).body as { datasets: DatasetSummary[] }).datasets;
    expect(listed.find((d) => d.id === datasetId)?.overlap).toBe(2);
  });

  it("refuse a member who sets them: 403 with its code, in the member's language; nothing changes", async () => {
    const ana = await setOverlap(s.ana, 1);
    expect(ana.status).toBe(403);
    expect(errorCode(ana)).toBe("dataset:overlap_forbidden");
    expect((ana.body as { error: { message: string } }).error.message).toContain("Câte etichete");
    const ion = await setOverlap(s.ion, null);
    expect(ion.status).toBe(403);
    expect((ion.body as { error: { message: string } }).error.message).toContain(
      "Only whoever made this data set",
    );
    expect(((await s.prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset.overlap).toBe(
      2,
    );
  });

  it("refuse a k that is not a whole number from 1 to 50, saying the bounds", async () => {
    for (const bad of [0, 51, 2.5, "3", -1]) {
      const res = await setOverlap(s.prof, bad);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe("dataset:overlap_invalid");
    }
    const ro = await setOverlap(s.prof, 0);
    expect((ro.body as { error: { message: string } }).error.message).toBe(
      "Numărul de etichete pe rând trebuie să fie un număr întreg de la 1 la 50, sau gol pentru „toți etichetează toate rândurile”.",
    );
    const missing = await s.prof.request("PUT", `${WB}/datasets/${datasetId}/overlap`, {});
    expect(errorCode(missing)).toBe("dataset:overlap_invalid");
    // An admin may set them, and 50 is allowed.
    expect((await setOverlap(s.dir, 50)).status).toBe(200);
    expect((await setOverlap(s.prof, 2)).status).toBe(200);
  });

  it("leave out of a member's queue the rows two classmates labelled, keep the sample, and keep a member's own row", async () => {
    const rest = [0, 1, 2, 3, 4, 5].filter((i) => i !== sampleIdx);
    const [full, half] = rest as [number, number];
    for (const who of ["ana", "ion"] as const) {
      expect((await label(who, full)).status).toBe(200);
      expect((await label(who, sampleIdx)).status).toBe(200);
    }
    expect((await label("ana", half)).status).toBe(200);
    const dan = await queueOf("dan");
    expect(idxsOf(dan)).toEqual([sampleIdx, ...rest.filter((i) => i !== full)]);
    expect(dan).toMatchObject({ remaining: 5, total: 6, full: 1, overlap: 2 });
    // A count only: nothing in Dan's queue says who labelled the row he does not get.
    expect(JSON.stringify(dan)).not.toContain("ana");
    // Ana's own rows are not in her queue, yet stay hers to see and edit.
    const ana = await queueOf("ana");
    expect(idxsOf(ana)).toEqual(rest.filter((i) => i !== full && i !== half));
    const mine = (await s.ana.get(`${WB}/datasets/${datasetId}/items/${full}?annotator=ana&blind=1`))
      .body as ItemDetail;
    expect(mine.mine?.labels).toEqual({ ton: "negativ" });
    expect((await label("ana", full)).status).toBe(200);
    // The queue's next row after a row goes on with rows that still need labels.
    const after = await s.dan.get(
      `${WB}/datasets/${datasetId}/queue?annotator=dan&after=${sampleIdx}&limit=50`,
    );
    expect(idxsOf(after.body as QueueResponse)).not.toContain(full);
  });

  it("keep both labels when two members save the last slot of a row at once", async () => {
    const rest = [0, 1, 2, 3, 4, 5].filter((i) => i !== sampleIdx);
    const half = rest[1]!;
    const [dan, eva] = await Promise.all([label("dan", half), label("eva", half)]);
    expect([dan.status, eva.status]).toEqual([200, 200]);
    const all = (await s.prof.get(`${WB}/datasets/${datasetId}/labels`)).body as LabelsResponse;
    expect(
      all.labels
        .filter((l) => l.idx === half)
        .map((l) => l.annotator)
        .sort(),
    ).toEqual(["ana", "dan", "eva"]);
    // The row left everyone else's queue.
    expect(idxsOf(await queueOf("dir"))).not.toContain(half);
  });

  it("show the owner how many rows reached k, and are said in the methods paragraph", async () => {
    const progress = (await s.prof.get(`${WB}/datasets/${datasetId}/progress`)).body as DatasetProgress;
    // The full row, the sample row and the row with three labels.
    expect(progress).toMatchObject({ rows: 6, overlap: 2, rowsAtOverlap: 3 });
    const started = await s.prof.post(`${WB}/runs`, { datasetId, models: ["offline:lexicon"] });
    expect(started.status).toBe(202);
    const runId = (started.body as { run: { id: string } }).run.id;
    for (let i = 0; ; i++) {
      const job = ((await s.prof.get(`${WB}/runs/${runId}`)).body as { job: Job }).job;
      if (job.status === "done") break;
      expect(job.status === "failed" || i > 400).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const methods = (await s.prof.get(`${WB}/runs/${runId}/methods`)).body as MethodsResponse;
    expect(methods.ro).toContain(
      "Proprietarul setului a cerut 2 etichete pe text: coada fiecărui adnotator a lăsat deoparte textele etichetate deja de 2 persoane; textele eșantionului aleator le-au primit toți adnotatorii.",
    );
    expect(methods.ro).toContain(
      "3 din 6 texte au ajuns la 2 etichete; cel mai puțin etichetat text are 0 etichete, iar mediana este de 1 etichetă pe text.",
    );
    expect(methods.en).toContain("3 of 6 texts reached 2 labels");
    // Two skips on a row nobody labelled are no labels: it has not reached 2, in the progress or the paragraph.
    const all = (await s.prof.get(`${WB}/datasets/${datasetId}/labels`)).body as LabelsResponse;
    const bare = [0, 1, 2, 3, 4, 5].find((i) => !all.labels.some((l) => l.idx === i))!;
    for (const who of ["dan", "eva"] as const) {
      const skipped = await s[who].request("PUT", `${WB}/datasets/${datasetId}/items/${bare}/labels`, {
        annotator: who,
        status: "skipped",
      });
      expect(skipped.status).toBe(200);
    }
    const again = (await s.prof.get(`${WB}/runs/${runId}/methods`)).body as MethodsResponse;
    expect(again.en).toContain("3 of 6 texts reached 2 labels");
    expect(again.en).toContain("the least labelled text has 0 labels");
    expect(
      ((await s.prof.get(`${WB}/datasets/${datasetId}/progress`)).body as DatasetProgress).rowsAtOverlap,
    ).toBe(3);
    // The run's own queue for a member held to blind review is the data set's: it leaves the full rows out too.
    const runQueue = (await s.dir.get(`${WB}/runs/${runId}/queue?annotator=dir&limit=50`))
      .body as QueueResponse;
    expect(runQueue.overlap).toBe(2);
  });

  it("are cleared with null: everyone labels every row again", async () => {
    const res = await setOverlap(s.prof, null);
    expect(res.status).toBe(200);
    expect((res.body as DatasetSummary).overlap).toBeNull();
    expect(await queueOf("dir")).toMatchObject({ remaining: 6, total: 6, full: 0, overlap: null });
  });
});
