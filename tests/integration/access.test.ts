// Access control against the real app: sessions in SQLite, real scrypt hashes, socket.io with the session cookie.
// No session: 401 and a coded connect_error; each role's rights over REST and the socket; another user's thread is
// "not found"; the access code; login throttling; the cookie's flags; logout ending the session and its sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeResponse, Role } from "../../contract/auth";
import type { Thread } from "../../contract/threads";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { LOGIN_FAILS_PER_NAME } from "../../server/limits/loginThrottle";
import { record, send, startTestServer, type TestServer, type TestSocket } from "../support/server";
import { errorCode, HttpSession, type ConnectError } from "../support/session";
import path from "node:path";

const PASSWORDS: Record<string, string> = {
  ana: "parola-ana-1",
  ion: "parola-ion-1",
  admin: "parola-admin-1",
};
const ROLES: Record<string, Role> = { ana: "member", ion: "member", admin: "admin" };

async function addUsers(server: TestServer): Promise<void> {
  const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  for (const [username, password] of Object.entries(PASSWORDS)) {
    await store.addUser({ username, role: ROLES[username]!, passwordHash: await hashPassword(password) });
  }
  await store.close();
}

/** Sends a message and waits for its turn to end; returns the thread id. */
async function chat(socket: TestSocket, text: string, threadId?: string) {
  const rec = record(socket);
  const ack = await send(socket, { text, ...(threadId ? { threadId } : {}) });
  if (!ack.ok) return ack;
  await rec.finished;
  return ack;
}

let ipCounter = 10;
/** A session from an address of its own, so that one test's throttling does not reach another's. */
const freshSession = (server: TestServer, lang: "ro" | "en" = "ro") =>
  new HttpSession(server.url, `198.51.100.${ipCounter++}`, lang);

async function signedIn(server: TestServer, username: string): Promise<HttpSession> {
  const session = freshSession(server);
  const res = await session.login({ username, password: PASSWORDS[username]! });
  expect(res.status).toBe(200);
  return session;
}

describe("access with AUTH=users", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    await addUsers(server);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("answers 401 without a session, keeps /api/health open, and refuses the socket with a coded error", async () => {
    const anonymous = freshSession(server, "en");
    const threads = await anonymous.get("/api/threads");
    expect(threads.status).toBe(401);
    expect(threads.body).toMatchObject({
      error: { code: "auth:required", message: "Please sign in to continue." },
    });
    expect((await anonymous.get("/api/models")).status).toBe(401);
    expect((await anonymous.get("/api/health")).status).toBe(200);
    const me = (await anonymous.get("/api/auth/me")).body as MeResponse;
    expect(me).toMatchObject({ mode: "users", user: null, logins: { code: false, users: true } });

    const refused = await anonymous.socket().then(
      () => null,
      (err: ConnectError) => err,
    );
    expect(refused?.data).toEqual({ code: "auth:required", message: "Please sign in to continue." });
  });

  it("logs in with a name and password into an HTTP-only, SameSite session cookie, Secure behind HTTPS", async () => {
    const session = freshSession(server);
    const wrong = await session.login({ username: "ana", password: "nu-e-parola" });
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe("auth:invalid");
    // Said of what was tried: a name and a password, no access code in this deployment.
    expect((wrong.body as { error: { message: string } }).error.message).toBe(
      "Numele sau parola nu sunt corecte.",
    );
    expect(session.cookie).toBeUndefined();

    const ok = await session.login({ username: "ANA", password: PASSWORDS.ana! });
    expect(ok.status).toBe(200);
    expect((ok.body as MeResponse).user).toMatchObject({ name: "ana", role: "member", kind: "user" });
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^echochamber\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(((await session.get("/api/auth/me")).body as MeResponse).user?.name).toBe("ana");

    // Behind a TLS-terminating proxy (trusted by TRUST_PROXY), the cookie is Secure.
    const overHttps = freshSession(server);
    const res = await overHttps.request(
      "POST",
      "/api/auth/login",
      { username: "ion", password: PASSWORDS.ion },
      { "x-forwarded-proto": "https" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
  });

  it("gives each role its rights over REST and the socket", async () => {
    const member = await signedIn(server, "ana");
    const annotate = await member.post("/api/annotate", { texts: ["Hoții de la putere ne fură pensiile!"] });
    expect(annotate.status).toBe(200);
    expect((await member.get("/api/workbench/datasets")).status).toBe(200);
    expect((await member.get("/api/compare/suites")).status).toBe(200);
    expect((await member.get("/api/labels")).status).toBe(200);

    const guest = freshSession(server);
    // AUTH=users has no access code.
    const code = await guest.login({ code: "orice-cod" });
    expect(code.status).toBe(400);
    expect(errorCode(code)).toBe("auth:login_disabled");
  });

  it("shows a member their own threads, an admin every thread, and another's thread to nobody else (404)", async () => {
    const ana = await signedIn(server, "ana");
    const ion = await signedIn(server, "ion");
    const admin = await signedIn(server, "admin");
    const anaSocket = await ana.socket();
    const sent = await chat(anaSocket, "Ce se spune despre pensiile speciale?");
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const { threadId, messageId } = sent.data;

    const listed = (s: HttpSession) =>
      s.get("/api/threads").then((r) => (r.body as { threads: Thread[] }).threads.map((t) => t.id));
    expect(await listed(ana)).toContain(threadId);
    expect(await listed(ion)).not.toContain(threadId);
    expect(await listed(admin)).toContain(threadId);
    // The admin's list says whose it is; Ana's own list needs no such label.
    const threadIn = async (s: HttpSession) =>
      ((await s.get("/api/threads")).body as { threads: Thread[] }).threads.find((t) => t.id === threadId);
    expect((await threadIn(admin))?.owner).toEqual({ kind: "user", name: "ana" });
    expect((await threadIn(ana))?.owner).toBeUndefined();

    const byId = await ion.get(`/api/threads/${threadId}`);
    expect(byId.status).toBe(404);
    expect(errorCode(byId)).toBe("thread:not_found");
    // The same answer as an id that never existed: nothing to learn by probing.
    expect((await ion.get("/api/threads/00000000-0000-0000-0000-000000000000")).body).toEqual(byId.body);
    for (const res of [
      await ion.request("PATCH", `/api/threads/${threadId}`, { title: "furat" }),
      await ion.request("DELETE", `/api/threads/${threadId}`),
      await ion.get(`/api/threads/${threadId}/export?format=md`),
    ])
      expect(res.status).toBe(404);
    const feedback = await ion.post("/api/feedback", { messageId, value: "down" });
    expect(errorCode(feedback)).toBe("chat:not_found");

    // Nor can another user continue it over the socket.
    const ionSocket = await ion.socket();
    const hijack = await send(ionSocket, { threadId, text: "Și eu vreau să scriu aici." });
    expect(hijack).toMatchObject({ ok: false, error: { code: "thread:not_found" } });

    const mine = await ana.get(`/api/threads/${threadId}`);
    expect(mine.status).toBe(200);
    expect((mine.body as { thread: Thread }).thread.userId).toBe(
      ((await ana.get("/api/auth/me")).body as MeResponse).user?.id,
    );
    expect((await admin.get(`/api/threads/${threadId}`)).status).toBe(200);
    anaSocket.disconnect();
    ionSocket.disconnect();
  }, 60_000);

  it("names a chat correction's annotator by the account, whatever the page typed", async () => {
    const ana = await signedIn(server, "ana");
    const socket = await ana.socket();
    const sent = await chat(socket, "Hoții de la putere ne fură pensiile!");
    if (!sent.ok) throw new Error("the turn did not start");
    const label = await ana.post("/api/labels", {
      messageId: sent.data.messageId,
      target: "message",
      annotator: "altcineva",
      annotation: {
        ton: "negativ",
        populism: true,
        anti_elitism: true,
        popor_central: true,
        tema: "pensii",
        tinta: "guvernul",
        incredere: 0.9,
        justificare: "Test.",
      },
    });
    expect(label.status).toBe(201);
    expect((label.body as { label: { annotator: string } }).label.annotator).toBe("ana");
    const ionLabels = (await (await signedIn(server, "ion")).get("/api/labels")).body as {
      labels: unknown[];
    };
    expect(ionLabels.labels).toEqual([]);
    socket.disconnect();
  }, 60_000);

  it("keeps a member's workbench data sets, runs and jobs theirs; an admin sees them, another member gets 404", async () => {
    const ana = await signedIn(server, "ana");
    const ion = await signedIn(server, "ion");
    const admin = await signedIn(server, "admin");
    const created = await ana.post("/api/workbench/datasets/from-corpus", {
      name: "Pensii (Ana)",
      sample: { size: 5, seed: 1 },
    });
    expect(created.status).toBe(201);
    const datasetId = (created.body as { dataset: { id: string } }).dataset.id;
    const run = await ana.post("/api/workbench/runs", { datasetId, models: ["offline:lexicon"] });
    expect(run.status).toBe(202);
    const { run: started, job } = run.body as { run: { id: string }; job: { id: string } };

    const ids = (s: HttpSession) =>
      s
        .get("/api/workbench/datasets")
        .then((r) => (r.body as { datasets: { id: string }[] }).datasets.map((d) => d.id));
    expect(await ids(ana)).toContain(datasetId);
    expect(await ids(ion)).not.toContain(datasetId);
    expect(await ids(admin)).toContain(datasetId);
    for (const route of [
      `/api/workbench/datasets/${datasetId}`,
      `/api/workbench/runs/${started.id}`,
      `/api/workbench/runs/${started.id}/results`,
      `/api/workbench/jobs/${job.id}`,
    ]) {
      expect((await ion.get(route)).status, route).toBe(404);
      expect((await admin.get(route)).status, route).toBe(200);
    }
    const jobs = (s: HttpSession) =>
      s.get("/api/workbench/jobs").then((r) => (r.body as { jobs: { id: string }[] }).jobs.map((j) => j.id));
    expect(await jobs(ion)).not.toContain(job.id);
    expect(await jobs(ana)).toContain(job.id);
    expect((await ion.request("DELETE", `/api/workbench/datasets/${datasetId}`)).status).toBe(404);
  }, 60_000);

  it("lets every member see, label and compare a data set shared with the class; its management stays with its owner", async () => {
    const admin = await signedIn(server, "admin");
    const ion = await signedIn(server, "ion");
    const created = await admin.post("/api/workbench/datasets/from-corpus", {
      name: "Clasa: pensii",
      sample: { size: 6, seed: 2 },
    });
    expect(created.status).toBe(201);
    const dataset = (created.body as { dataset: { id: string; shared: boolean; canManage?: boolean } })
      .dataset;
    expect(dataset).toMatchObject({ shared: false, canManage: true });
    const datasetId = dataset.id;
    const base = `/api/workbench/datasets/${datasetId}`;
    const listed = (s: HttpSession) =>
      s
        .get("/api/workbench/datasets")
        .then(
          (r) => (r.body as { datasets: { id: string; shared: boolean; canManage?: boolean }[] }).datasets,
        )
        .then((all) => all.find((d) => d.id === datasetId));
    expect(await listed(ion)).toBeUndefined();
    expect((await ion.get(base)).status).toBe(404);
    // Only the owner or an admin shares it: a member who cannot see it learns nothing.
    expect((await ion.request("PUT", `${base}/shared`, { shared: true })).status).toBe(404);
    expect(errorCode(await admin.request("PUT", `${base}/shared`, { shared: "da" }))).toBe("input:invalid");
    expect((await admin.request("PUT", `${base}/shared`, { shared: true, extra: 1 })).status).toBe(400);

    const shared = await admin.request("PUT", `${base}/shared`, { shared: true });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ id: datasetId, shared: true, canManage: true });
    expect(await listed(ion)).toMatchObject({ shared: true, canManage: false });
    expect((await ion.get(base)).body).toMatchObject({ dataset: { shared: true, canManage: false } });

    const run = await admin.post("/api/workbench/runs", { datasetId, models: ["offline:lexicon"] });
    expect(run.status).toBe(202);
    const { run: started, job } = run.body as { run: { id: string }; job: { id: string } };
    // Ion follows the admin's run (the job's read route), but may not stop it.
    for (let i = 0; i < 200; i++) {
      const state = (await ion.get(`/api/workbench/jobs/${job.id}`)).body as { status: string };
      if (state.status === "done" || state.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(((await ion.get(`/api/workbench/jobs/${job.id}`)).body as { status: string }).status).toBe("done");
    const ionJobs = (await ion.get("/api/workbench/jobs")).body as { jobs: { id: string }[] };
    expect(ionJobs.jobs.map((j) => j.id)).toContain(job.id);
    expect((await ion.post(`/api/workbench/jobs/${job.id}/resume`)).status).toBe(404);

    // Ion labels a row blind; the admin labels it too.
    const label = await ion.request("PUT", `${base}/items/0/labels?blind=1`, {
      annotator: "altcineva",
      labels: { ton: "negativ", populism: true },
    });
    expect(label.status).toBe(200);
    expect(label.body).toMatchObject({ annotator: "ion", blind: true });
    await admin.request("PUT", `${base}/items/0/labels?blind=1`, {
      annotator: "admin",
      labels: { ton: "negativ", populism: false },
    });
    const agreement = await ion.get(`/api/workbench/runs/${started.id}/agreement?resamples=0`);
    expect(agreement.status).toBe(200);
    const coders = (agreement.body as { coders: { kind: string; name: string }[] }).coders;
    expect(coders).toContainEqual(expect.objectContaining({ kind: "human", name: "ion" }));
    // Held to blind review, a member reads no classmate's figures by name; one classmate alone is left out, since
    // "together" would be that person (server/workbench/peerAgreement.ts).
    expect(coders.map((c) => c.name)).not.toContain("admin");
    expect(coders.map((c) => c.name)).not.toContain("peers");
    const owners = (await admin.get(`/api/workbench/runs/${started.id}/agreement?resamples=0`)).body as {
      coders: { kind: string; name: string }[];
    };
    expect(owners.coders).toContainEqual(expect.objectContaining({ kind: "human", name: "ion" }));
    expect(owners.coders).toContainEqual(expect.objectContaining({ kind: "human", name: "admin" }));
    for (const route of [
      `/api/workbench/runs/${started.id}/results`,
      `/api/workbench/runs/${started.id}/queue?annotator=ion`,
    ])
      expect((await ion.get(route)).status, route).toBe(200);

    // What stays with the owner: delete, redraw the sample, adjudicate, unshare.
    for (const [method, route, body] of [
      ["DELETE", base, undefined],
      ["PUT", `${base}/review-sample`, { size: 3, seed: 9 }],
      ["PUT", `${base}/items/0/adjudication`, { adjudicator: "ion", labels: { ton: "negativ" } }],
      ["PUT", `${base}/shared`, { shared: false }],
    ] as const) {
      const res = await ion.request(method, route, body);
      expect(res.status, `${method} ${route}`).toBe(404);
      expect(errorCode(res)).toBe("dataset:not_found");
    }
    expect((await admin.get(base)).status).toBe(200);

    // Unshared, it is the admin's alone again, runs and jobs included.
    expect((await admin.request("PUT", `${base}/shared`, { shared: false })).body).toMatchObject({
      shared: false,
    });
    expect(await listed(ion)).toBeUndefined();
    for (const route of [base, `/api/workbench/runs/${started.id}`, `/api/workbench/jobs/${job.id}`])
      expect((await ion.get(route)).status, route).toBe(404);
  }, 60_000);

  it(`throttles logins: after ${LOGIN_FAILS_PER_NAME} wrong passwords even the right one waits (429, retry-after)`, async () => {
    const attacker = freshSession(server);
    for (let i = 0; i < LOGIN_FAILS_PER_NAME; i++) {
      expect((await attacker.login({ username: "admin", password: `greșit-${i}` })).status).toBe(401);
    }
    const blocked = await attacker.login({ username: "admin", password: PASSWORDS.admin! });
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe("auth:throttled");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(attacker.cookie).toBeUndefined();
    // The account itself is not locked for everyone: the admin, elsewhere, still gets in.
    expect((await freshSession(server).login({ username: "admin", password: PASSWORDS.admin! })).status).toBe(
      200,
    );
  }, 60_000);

  it(`tries at most ${LOGIN_FAILS_PER_NAME} passwords for a name, even sent all at once`, async () => {
    const attacker = freshSession(server);
    const guesses = Array.from({ length: 24 }, (_, i) => (i === 23 ? PASSWORDS.admin! : `greșit-${i}`));
    const statuses = (
      await Promise.all(guesses.map((password) => attacker.login({ username: "admin", password })))
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_FAILS_PER_NAME);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(24 - LOGIN_FAILS_PER_NAME);
    expect(statuses).not.toContain(200);
    expect(attacker.cookie).toBeUndefined();
  }, 60_000);

  it("ends the session at logout: the cookie stops working and its sockets are closed", async () => {
    const ana = await signedIn(server, "ana");
    const socket = await ana.socket();
    const closed = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    const cookie = ana.cookie;
    const out = await ana.post("/api/auth/logout");
    expect(out.status).toBe(204);
    expect(await closed).toBe("io server disconnect");
    ana.cookie = cookie;
    expect((await ana.get("/api/threads")).status).toBe(401);
    await expect(ana.socket()).rejects.toMatchObject({ data: { code: "auth:required" } });
  });

  it("refuses a write and a socket from another origin, and accepts the app's own", async () => {
    const ana = await signedIn(server, "ana");
    const foreign = await ana.request(
      "POST",
      "/api/feedback",
      { messageId: "x", value: "up" },
      {
        origin: "http://evil.example",
      },
    );
    expect(foreign.status).toBe(403);
    expect(errorCode(foreign)).toBe("auth:origin");
    const own = await ana.request(
      "POST",
      "/api/feedback",
      { messageId: "x", value: "up" },
      {
        origin: server.url,
      },
    );
    expect(errorCode(own)).toBe("chat:not_found");
    await expect(ana.socket({ origin: "http://evil.example" })).rejects.toMatchObject({
      data: { code: "auth:origin" },
    });
  });
});

describe("access with AUTH=code", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ AUTH: "code", AUTH_CODE: "pensii-2026", TRUST_PROXY: "loopback" });
    await addUsers(server);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("lets the access code in as a guest who may chat only", async () => {
    const guest = freshSession(server, "en");
    const wrong = await guest.login({ code: "pensii-2025" });
    expect(errorCode(wrong)).toBe("auth:invalid_code");
    expect((wrong.body as { error: { message: string } }).error.message).toBe(
      "The access code is not correct.",
    );
    const ok = await guest.login({ code: " pensii-2026 " });
    expect(ok.status).toBe(200);
    const me = ok.body as MeResponse;
    expect(me).toMatchObject({ mode: "code", user: { role: "guest", kind: "guest" } });
    expect(me.user?.name).toMatch(/^Invitat /);

    const socket = await guest.socket();
    const sent = await chat(socket, "Ce spun oamenii despre pensii?");
    expect(sent.ok).toBe(true);
    expect((await guest.get("/api/threads")).status).toBe(200);

    for (const [method, route, body] of [
      ["POST", "/api/annotate", { texts: ["Un text."] }],
      ["GET", "/api/workbench/datasets", undefined],
      ["GET", "/api/compare/suites", undefined],
      ["POST", "/api/compare/chat", {}],
      ["GET", "/api/labels", undefined],
    ] as const) {
      const res = await guest.request(method, route, body);
      expect(res.status, `${method} ${route}`).toBe(403);
      expect(res.body).toMatchObject({
        error: {
          code: "auth:forbidden",
          message: "Your account (guest) has no access to this part of the app.",
        },
      });
    }
    // The workbench's live jobs are not for guests either.
    const jobs = await new Promise((resolve) => socket.emit("job:subscribe", {}, resolve));
    expect(jobs).toMatchObject({ ok: false, error: { code: "auth:forbidden" } });
    socket.disconnect();
  }, 60_000);

  it("gives each guest their own threads, and keeps named logins for the presenter", async () => {
    const first = freshSession(server);
    const second = freshSession(server);
    await first.login({ code: "pensii-2026" });
    await second.login({ code: "pensii-2026" });
    const socket = await first.socket();
    const sent = await chat(socket, "Ce cer protestatarii?");
    if (!sent.ok) throw new Error("the turn did not start");
    expect((await second.get(`/api/threads/${sent.data.threadId}`)).status).toBe(404);

    const admin = freshSession(server);
    expect((await admin.login({ username: "admin", password: PASSWORDS.admin! })).status).toBe(200);
    expect((await admin.get(`/api/threads/${sent.data.threadId}`)).status).toBe(200);
    socket.disconnect();
  }, 60_000);
});

describe("access with AUTH=off (the default)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("is the local admin without a login, and sets no cookie at all", async () => {
    const local = freshSession(server);
    const me = await local.get("/api/auth/me");
    expect(me.body).toEqual({
      mode: "off",
      user: { id: "local", name: "local", role: "admin", kind: "local" },
      logins: { code: false, users: false },
    });
    expect(me.headers.get("set-cookie")).toBeNull();
    expect((await local.get("/api/threads")).headers.get("set-cookie")).toBeNull();
    expect(errorCode(await local.login({ code: "x" }))).toBe("auth:login_disabled");
    const socket = await local.socket();
    expect((await chat(socket, "Ce se spune despre pensii?")).ok).toBe(true);
    socket.disconnect();
  }, 60_000);

  it("still refuses other sites' writes and sockets (a page elsewhere cannot drive the local app)", async () => {
    const local = freshSession(server);
    const res = await local.request("DELETE", "/api/threads/x", undefined, { origin: "https://rau.example" });
    expect(res.status).toBe(403);
    await expect(local.socket({ origin: "https://rau.example" })).rejects.toMatchObject({
      data: { code: "auth:origin" },
    });
  });

  it("answers a body too large and broken JSON with a coded error and no stack trace", async () => {
    const local = freshSession(server);
    const huge = await local.request("POST", "/api/feedback", `{"comment":"${"x".repeat(3_000_000)}"}`);
    expect(huge.status).toBe(413);
    expect(errorCode(huge)).toBe("input:body_too_large");
    const broken = await local.request("POST", "/api/feedback", "{nu e json");
    expect(broken.status).toBe(400);
    for (const res of [huge, broken])
      expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules/);
  });
});
