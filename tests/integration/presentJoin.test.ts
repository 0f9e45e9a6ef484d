// The presenter's join card against the real app: GET /api/present/join. An admin gets the addresses the room opens
// and, with AUTH=code, the access code; a guest of that code and a member are refused (403 present:forbidden, in their
// language), so the code never reaches a student's page; with AUTH=users there is no code; the local user with
// AUTH=off reads it, and a server listening on every interface (HOST=0.0.0.0) names the machine's network addresses.
import { networkInterfaces } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JoinInfoSchema } from "../../contract/presentJoin";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const CODE = "pensii-2026";

async function addUser(server: TestServer, username: string, role: "admin" | "member", password: string) {
  const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  await auth.addUser({ username, role, passwordHash: await hashPassword(password) });
  await auth.close();
}

/** The port of a test server's address. */
const portOf = (server: TestServer) => new URL(server.url).port;

describe("GET /api/present/join with an access code", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "code", AUTH_CODE: CODE, TRUST_PROXY: "loopback" });
    await addUser(server, "prof", "admin", "parola-prof-1");
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("gives the presenter (an admin) the code and the address they opened, with its port", async () => {
    const prof = new HttpSession(server.url, "198.51.100.10");
    expect((await prof.login({ username: "prof", password: "parola-prof-1" })).status).toBe(200);
    const res = await prof.get("/api/present/join");
    expect(res.status).toBe(200);
    const info = JoinInfoSchema.parse(res.body);
    expect(info.auth).toBe("code");
    expect(info.code).toBe(CODE);
    // Behind a trusted proxy the address the presenter's browser used comes first.
    expect(info.urls[0]).toBe(server.url);
    for (const url of info.urls) expect(url).toMatch(new RegExp(`:${portOf(server)}$`));
  });

  it("refuses a guest of the code, in their language, and tells them no code", async () => {
    for (const [lang, words] of [
      ["ro", "doar un administrator"],
      ["en", "Only an admin"],
    ] as const) {
      const guest = new HttpSession(server.url, `198.51.100.2${lang === "ro" ? 1 : 2}`, lang);
      expect((await guest.login({ code: CODE })).status).toBe(200);
      const res = await guest.get("/api/present/join");
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe("present:forbidden");
      expect(JSON.stringify(res.body)).toContain(words);
      expect(JSON.stringify(res.body)).not.toContain(CODE);
    }
  });

  it("refuses a request without a session", async () => {
    const res = await new HttpSession(server.url, "198.51.100.30").get("/api/present/join");
    expect(res.status).toBe(401);
  });
});

describe("GET /api/present/join with accounts", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    await addUser(server, "prof", "admin", "parola-prof-1");
    await addUser(server, "ana", "member", "parola-ana-1");
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("has no code: people log in with their accounts", async () => {
    const prof = new HttpSession(server.url, "198.51.100.40");
    expect((await prof.login({ username: "prof", password: "parola-prof-1" })).status).toBe(200);
    const res = await prof.get("/api/present/join");
    expect(res.status).toBe(200);
    expect(JoinInfoSchema.parse(res.body)).toMatchObject({ auth: "users", code: null, urls: [server.url] });
  });

  it("refuses a member", async () => {
    const ana = new HttpSession(server.url, "198.51.100.41");
    expect((await ana.login({ username: "ana", password: "parola-ana-1" })).status).toBe(200);
    const res = await ana.get("/api/present/join");
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe("present:forbidden");
  });
});

describe("GET /api/present/join on every interface, without accounts", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ HOST: "0.0.0.0" });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("gives the local user the machine's network addresses with the port it answers on, and no code", async () => {
    const res = await new HttpSession(server.url).get("/api/present/join");
    expect(res.status).toBe(200);
    const info = JoinInfoSchema.parse(res.body);
    expect(info).toMatchObject({ auth: "off", code: null });
    const lan = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => a.family === "IPv4" && !a.internal)
      .map((a) => `http://${a.address}:${portOf(server)}`);
    // A machine with no network at all still gets an address (its own, which the card says the room cannot open).
    expect(info.urls).toEqual(lan.length ? [...new Set(lan)] : [`http://127.0.0.1:${portOf(server)}`]);
  });
});
