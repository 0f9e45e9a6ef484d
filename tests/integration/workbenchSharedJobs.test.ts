// A member's all-jobs subscription with AUTH=users, two accounts, against the real app (SQLite, socket.io with the
// session cookie): it hears the jobs on a data set shared with them, as GET /jobs lists them, from the moment the
// data set is shared and until it is unshared, and never a job on a data set they cannot read.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer, type TestSocket } from "../support/server";
import { jobRoom } from "../../server/workbench/jobRooms";
import { HttpSession } from "../support/session";
import { recordJobs } from "../support/workbench";

const PASSWORDS = { ana: "parola-ana-1", ion: "parola-ion-1" } as const;
type Name = keyof typeof PASSWORDS;

let server: TestServer;
let ipCounter = 40;

beforeAll(async () => {
  server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
  const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, password] of Object.entries(PASSWORDS))
    await store.addUser({ username, role: "member", passwordHash: await hashPassword(password) });
  await store.close();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function signedIn(username: Name): Promise<HttpSession> {
  const session = new HttpSession(server.url, `198.51.100.${ipCounter++}`, "ro");
  expect((await session.login({ username, password: PASSWORDS[username] })).status).toBe(200);
  return session;
}

function subscribeAll(socket: TestSocket): Promise<Job[]> {
  return new Promise((resolve, reject) =>
    socket.emit("job:subscribe", {}, (ack) =>
      ack.ok ? resolve(ack.data.jobs) : reject(new Error(ack.error.code)),
    ),
  );
}

async function dataset(owner: HttpSession, name: string): Promise<string> {
  const created = await owner.post("/api/workbench/datasets/from-corpus", {
    name,
    sample: { size: 4, seed: 1 },
  });
  expect(created.status).toBe(201);
  return (created.body as { dataset: { id: string } }).dataset.id;
}

async function run(owner: HttpSession, datasetId: string): Promise<string> {
  const started = await owner.post("/api/workbench/runs", { datasetId, models: ["offline:lexicon"] });
  expect(started.status).toBe(202);
  return (started.body as { job: { id: string } }).job.id;
}

const share = (owner: HttpSession, datasetId: string, shared: boolean) =>
  owner.request("PUT", `/api/workbench/datasets/${datasetId}/shared`, { shared });

describe("a member's live jobs on data sets shared with them", () => {
  it("hears jobs on a shared data set while it is shared, and none on one they cannot read", async () => {
    const ana = await signedIn("ana");
    const ion = await signedIn("ion");
    const open = await dataset(ana, "Clasa: pensii");
    const own = await dataset(ana, "Al Anei");

    // Ion follows every job before the data set is shared; Ana follows hers, to know when each ends.
    const ionSocket = await ion.socket();
    const anaSocket = await ana.socket();
    const heard = recordJobs(ionSocket);
    const anaHeard = recordJobs(anaSocket);
    expect(await subscribeAll(ionSocket)).toEqual([]);
    await subscribeAll(anaSocket);
    expect((await share(ana, open, true)).status).toBe(200);

    // A job on Ana's unshared data set first, then one on the shared one: Ion's socket hears them in this order,
    // so by the time the second has ended he would have heard the first.
    const hidden = await run(ana, own);
    await anaHeard.until(hidden, ["done"]);
    const visible = await run(ana, open);
    await anaHeard.until(visible, ["done"]);
    const ended = await heard.until(visible, ["done"], 10_000);
    expect(ended.params.datasetId).toBe(open);
    const ionJobs = new Set([...heard.statuses.map((j) => j.id), ...heard.progress.map((p) => p.jobId)]);
    expect(ionJobs.has(hidden)).toBe(false);

    // What the subscription's snapshot holds is what GET /jobs lists for him: the shared data set's job only.
    const listed = ((await ion.get("/api/workbench/jobs")).body as { jobs: Job[] }).jobs.map((j) => j.id);
    const again = await ion.socket();
    const snapshot = (await subscribeAll(again)).map((j) => j.id);
    expect(snapshot).toEqual(listed);
    expect(snapshot).toContain(visible);
    expect(snapshot).not.toContain(hidden);

    // Ion also follows the shared data set's job by its id, as the page does for a run he opens.
    await new Promise((resolve) => again.emit("job:subscribe", { jobId: visible }, resolve));
    const following = async () =>
      (await server.app.io.in(jobRoom(visible)).fetchSockets()).map((socket) => socket.id);
    expect(await following()).toContain(again.id);

    // Unshared, its next job is Ana's alone again: neither of Ion's sockets hears it, nor does he still follow the
    // one he opened by id (GET /jobs/:id is 404 for him now).
    const heardAgain = recordJobs(again);
    expect((await share(ana, open, false)).status).toBe(200);
    expect(await following()).not.toContain(again.id);
    expect((await ion.get(`/api/workbench/jobs/${visible}`)).status).toBe(404);
    const later = await run(ana, open);
    await anaHeard.until(later, ["done"]);
    // A job Ion may read (his own, on a data set of his) ends after it: by then he would have heard Ana's.
    const his = await run(ion, await dataset(ion, "Al lui Ion"));
    await heard.until(his, ["done"], 10_000);
    await heardAgain.until(his, ["done"], 10_000);
    for (const rec of [heard, heardAgain]) {
      expect(rec.statuses.some((j) => j.id === later)).toBe(false);
      expect(rec.progress.some((p) => p.jobId === later)).toBe(false);
    }
    for (const socket of [ionSocket, anaSocket, again]) socket.disconnect();
  }, 60_000);
});
