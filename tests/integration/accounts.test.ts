// The "Conturi" page's REST against the real app with AUTH=users: an admin lists, adds (generated passwords, once),
// resets, changes roles and removes accounts; a member and other modes are refused; an admin keeps their own account
// and the last admin; a reset or a removal ends the account's sessions and sockets, and only the new password works.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_ACCOUNTS_PER_REQUEST,
  type AccountsResponse,
  type AddAccountsResponse,
  type ChangeAccountResponse,
} from "../../contract/accounts";
import type { Role } from "../../contract/auth";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

/** The users CLI's alphabet (no look-alikes), 14 characters. */
const GENERATED = /^[a-km-np-zA-HJ-NP-Z2-9]{14}$/;

let ipCounter = 10;
const freshSession = (server: TestServer, lang: "ro" | "en" = "ro") =>
  new HttpSession(server.url, `198.51.100.${ipCounter++}`, lang);

async function addAccount(server: TestServer, username: string, role: Role, password: string): Promise<void> {
  const store = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
  await store.addUser({ username, role, passwordHash: await hashPassword(password) });
  await store.close();
}

async function signedIn(
  server: TestServer,
  username: string,
  password: string,
  lang: "ro" | "en" = "ro",
): Promise<HttpSession> {
  const session = freshSession(server, lang);
  const res = await session.login({ username, password });
  expect(res.status).toBe(200);
  return session;
}

const patch = (s: HttpSession, name: string, body: unknown) =>
  s.request("PATCH", `/api/accounts/${encodeURIComponent(name)}`, body);
const remove = (s: HttpSession, name: string) =>
  s.request("DELETE", `/api/accounts/${encodeURIComponent(name)}`);

describe("account management with AUTH=users", () => {
  let server: TestServer;
  let admin: HttpSession;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    await addAccount(server, "prof", "admin", "parola-prof-1");
    await addAccount(server, "ana", "member", "parola-ana-1");
    admin = await signedIn(server, "prof", "parola-prof-1");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("lists the accounts with role and dates, never a password hash", async () => {
    const res = await admin.get("/api/accounts");
    expect(res.status).toBe(200);
    const { accounts } = res.body as AccountsResponse;
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ["ana", "member"],
      ["prof", "admin"],
    ]);
    expect(Object.keys(accounts[0]!).sort()).toEqual(["createdAt", "id", "role", "updatedAt", "username"]);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt/);
  });

  it("adds several accounts at once, with a generated password each that logs in; a taken name is said, not replaced", async () => {
    const res = await admin.post("/api/accounts", {
      usernames: ["elev01", "Elev02", "ELEV01", "ana"],
      role: "member",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = res.body as AddAccountsResponse;
    expect(body.created.map((c) => [c.username, c.role])).toEqual([
      ["elev01", "member"],
      ["Elev02", "member"],
    ]);
    expect(body.existing).toEqual(["ana"]);
    for (const { password } of body.created) expect(password).toMatch(GENERATED);
    expect(body.created[0]!.password).not.toBe(body.created[1]!.password);

    const elev = await signedIn(server, "Elev02", body.created[1]!.password);
    expect(((await elev.get("/api/auth/me")).body as { user: { role: string } }).user.role).toBe("member");
    // Passwords are shown once: the list never has them.
    expect(JSON.stringify((await admin.get("/api/accounts")).body)).not.toContain(body.created[0]!.password);
    // The old account kept its password.
    await signedIn(server, "ana", "parola-ana-1");
  });

  it("refuses bad names and too long a list with a message in the asker's language", async () => {
    const english = await signedIn(server, "prof", "parola-prof-1", "en");
    const bad = await english.post("/api/accounts", { usernames: ["bun", "cu spatiu", "x"] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: {
        code: "account:invalid_name",
        message: expect.stringMatching(/^Invalid account names: cu spatiu, x\./),
      },
    });
    const many = Array.from({ length: MAX_ACCOUNTS_PER_REQUEST + 1 }, (_, i) => `elev${i}`);
    const tooMany = await admin.post("/api/accounts", { usernames: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      error: {
        code: "account:too_many",
        message: expect.stringContaining(`Cel mult ${MAX_ACCOUNTS_PER_REQUEST}`),
      },
    });
    expect(errorCode(await patch(admin, "ana", {}))).toBe("input:invalid");
    // Nothing was made.
    const names = ((await admin.get("/api/accounts")).body as AccountsResponse).accounts.map(
      (a) => a.username,
    );
    expect(names).not.toContain("bun");
  });

  it("resets a password: the new one works, the old one does not, and the account's session and sockets end", async () => {
    await addAccount(server, "ion", "member", "parola-ion-1");
    const ion = await signedIn(server, "ion", "parola-ion-1");
    const socket = await ion.socket();
    const closed = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    const res = await patch(admin, "ion", { resetPassword: true });
    expect(res.status).toBe(200);
    const { account, password } = res.body as ChangeAccountResponse;
    expect(account).toMatchObject({ username: "ion", role: "member" });
    expect(password).toMatch(GENERATED);
    expect(await closed).toBe("io server disconnect");
    expect(errorCode(await ion.get("/api/threads"))).toBe("auth:required");

    const old = await freshSession(server).login({ username: "ion", password: "parola-ion-1" });
    expect(errorCode(old)).toBe("auth:invalid");
    await signedIn(server, "ion", password!);
  });

  it("changes a role without a new password", async () => {
    await addAccount(server, "maria", "member", "parola-maria-1");
    const res = await patch(admin, "maria", { role: "guest" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ account: { username: "maria", role: "guest" } });
    expect((res.body as ChangeAccountResponse).password).toBeUndefined();
    const maria = await signedIn(server, "maria", "parola-maria-1");
    expect(errorCode(await maria.get("/api/workbench/datasets"))).toBe("auth:forbidden");
  });

  it("removes an account: its session and sockets end, it can no longer log in", async () => {
    await addAccount(server, "vlad", "member", "parola-vlad-1");
    const vlad = await signedIn(server, "vlad", "parola-vlad-1");
    const socket = await vlad.socket();
    const closed = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    expect((await remove(admin, "vlad")).status).toBe(204);
    expect(await closed).toBe("io server disconnect");
    expect(errorCode(await vlad.get("/api/threads"))).toBe("auth:required");
    expect(errorCode(await freshSession(server).login({ username: "vlad", password: "parola-vlad-1" }))).toBe(
      "auth:invalid",
    );
    const gone = await remove(admin, "vlad");
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({
      error: { code: "account:not_found", message: "Contul „vlad” nu există." },
    });
  });

  it("keeps the last admin, and an admin's own account, from being removed, demoted or reset", async () => {
    const sole = await remove(admin, "prof");
    expect(sole.status).toBe(409);
    expect(errorCode(sole)).toBe("account:last_admin");
    expect(errorCode(await patch(admin, "prof", { role: "member" }))).toBe("account:last_admin");

    await addAccount(server, "dir", "admin", "parola-dir-1");
    const self = await remove(admin, "prof");
    expect(self.status).toBe(409);
    expect(errorCode(self)).toBe("account:self");
    expect(errorCode(await patch(admin, "prof", { role: "member" }))).toBe("account:self");
    expect(errorCode(await patch(admin, "prof", { resetPassword: true }))).toBe("account:self");
    // Still signed in, still an admin; another admin may be demoted and removed.
    expect((await admin.get("/api/accounts")).status).toBe(200);
    expect((await patch(admin, "dir", { role: "member" })).status).toBe(200);
    expect((await remove(admin, "dir")).status).toBe(204);
  });

  it("refuses a member (403) and a visitor without a session (401)", async () => {
    const ana = await signedIn(server, "ana", "parola-ana-1");
    for (const res of [
      await ana.get("/api/accounts"),
      await ana.post("/api/accounts", { usernames: ["intrus"] }),
      await patch(ana, "prof", { resetPassword: true }),
      await remove(ana, "prof"),
    ]) {
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe("auth:forbidden");
    }
    expect((await freshSession(server).get("/api/accounts")).status).toBe(401);
  });
});

describe("account management in the other modes", () => {
  it("is not there with AUTH=off nor AUTH=code (404), even for an admin", async () => {
    const off = await startTestServer();
    try {
      const res = await new HttpSession(off.url).get("/api/accounts");
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe("account:unavailable");
    } finally {
      await off.close();
    }
    const code = await startTestServer({ AUTH: "code", AUTH_CODE: "cod-1234", TRUST_PROXY: "loopback" });
    try {
      await addAccount(code, "prof", "admin", "parola-prof-1");
      const prof = await signedIn(code, "prof", "parola-prof-1");
      const res = await prof.post("/api/accounts", { usernames: ["elev"] });
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe("account:unavailable");
    } finally {
      await code.close();
    }
  }, 60_000);
});
