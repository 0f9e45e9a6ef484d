// The presenter's join card against the real app: GET /api/present/join. An admin gets the addresses the room opens
// and, with AUTH=code, the access code; a guest of that code and a member are refused (403 present:forbidden, in their
// language), so the code never reaches a student's page; with AUTH=users there is no code; the local user with
// AUTH=off reads it, and a server listening on every interface (HOST=0.0.0.0) names the machine's network addresses,
// the one the presenter opened first. Behind a trusted proxy the forwarded origin (with its port) comes first; without
// TRUST_PROXY forwarded headers are ignored. The answer is never cached: it carries the code.
import { get } from "node:http";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JoinInfoSchema } from "../../contract/presentJoin";
import { rankedAddresses } from "../../server/http/joinInfo";
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

/** A GET with its own Host header, which fetch does not send (it writes the URL's). */
function getWithHost(
  server: TestServer,
  path: string,
  host: string,
): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    get({ hostname, port, path, headers: { host } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    }).on("error", reject);
  });
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
    // It carries the access code: no browser or proxy may keep it.
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("puts first the public address the trusted proxy says the presenter opened, with its port when it has one", async () => {
    const prof = new HttpSession(server.url, "198.51.100.11");
    expect((await prof.login({ username: "prof", password: "parola-prof-1" })).status).toBe(200);
    for (const [forwarded, origin] of [
      ["echo.liceu.ro", "https://echo.liceu.ro"],
      ["echo.liceu.ro:8443", "https://echo.liceu.ro:8443"],
    ] as const) {
      const res = await prof.request("GET", "/api/present/join", undefined, {
        "x-forwarded-host": forwarded,
        "x-forwarded-proto": "https",
      });
      expect(res.status).toBe(200);
      expect(JoinInfoSchema.parse(res.body).urls[0]).toBe(origin);
    }
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
    const proxied = await prof.request("GET", "/api/present/join", undefined, {
      "x-forwarded-host": "echo.liceu.ro",
      "x-forwarded-proto": "https",
    });
    expect(JoinInfoSchema.parse(proxied.body).urls).toEqual(["https://echo.liceu.ro"]);
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
      .filter((a) => a.family === "IPv4" && !a.internal && !a.address.startsWith("169.254."))
      .map((a) => `http://${a.address}:${portOf(server)}`);
    // A machine with no network at all still gets an address (its own, which the card says the room cannot open).
    // Their order is the ranking's (tests/unit/joinUrls.test.ts); here, that every one is there, once.
    expect([...info.urls].sort()).toEqual(
      lan.length ? [...new Set(lan)].sort() : [`http://127.0.0.1:${portOf(server)}`],
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("ignores forwarded headers without TRUST_PROXY", async () => {
    const res = await new HttpSession(server.url).request("GET", "/api/present/join", undefined, {
      "x-forwarded-host": "echo.liceu.ro",
      "x-forwarded-proto": "https",
    });
    expect(res.status).toBe(200);
    const { urls } = JoinInfoSchema.parse(res.body);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.join(" ")).not.toContain("echo.liceu.ro");
  });

  // This machine's own non-loopback addresses other than the one ranked first: opening the page through one of them
  // (its Host header) puts it first. A machine with a single address has nothing to reorder.
  const ranked = rankedAddresses(networkInterfaces());
  const others = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter(
      (a) => !a.internal && !/^(169\.254\.|fe[89ab][0-9a-f]:)/i.test(a.address) && a.address !== ranked[0],
    );
  it.skipIf(others.length === 0)(
    "puts first the machine's address the presenter opened the page through",
    async () => {
      for (const other of others) {
        const host = other.family === "IPv6" ? `[${other.address}]` : other.address;
        const res = await getWithHost(server, "/api/present/join", `${host}:${portOf(server)}`);
        expect(res.status).toBe(200);
        expect(JoinInfoSchema.parse(res.body).urls[0]).toBe(`http://${host}:${portOf(server)}`);
      }
    },
  );
});
