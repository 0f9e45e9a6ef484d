// Who has the corpus's catalog built by a keyword count (POST /api/workbench/datasets/from-corpus/count with `q`), with
// accounts on and the shipped corpus, whose catalog is built on its first visit: a member's count queues nothing and
// is told to ask the teacher (503 corpus:catalog_missing, in their language); an admin's count queues the build and is
// told to wait; a member counting while that build runs is told to wait too.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusImportsResponse } from "../../contract/corpusPage";
import type { UserError } from "../../contract/errors";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

const COUNT = "/api/workbench/datasets/from-corpus/count";

describe("a keyword count without a catalog: only the corpus role has it built", () => {
  let server: TestServer;
  let admin: HttpSession;
  let ana: HttpSession;
  let ion: HttpSession;
  const catalogJobs = async () =>
    ((await admin.get("/api/corpus/imports")).body as CorpusImportsResponse).imports.filter(
      (r) => r.op === "catalog",
    );
  const errorOf = (body: unknown) => (body as { error: UserError }).error;

  beforeAll(async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" });
    const auth = new SqliteAuthStore(path.join(server.dir, "data", "echochamber.db"));
    await auth.addUser({ username: "dir", role: "admin", passwordHash: await hashPassword("parola-dir-1") });
    await auth.addUser({ username: "ana", role: "member", passwordHash: await hashPassword("parola-ana-1") });
    await auth.addUser({ username: "ion", role: "member", passwordHash: await hashPassword("parola-ion-1") });
    await auth.close();
    admin = new HttpSession(server.url, "198.51.100.90", "ro");
    ana = new HttpSession(server.url, "198.51.100.91", "ro");
    ion = new HttpSession(server.url, "198.51.100.92", "en");
    expect((await admin.login({ username: "dir", password: "parola-dir-1" })).status).toBe(200);
    expect((await ana.login({ username: "ana", password: "parola-ana-1" })).status).toBe(200);
    expect((await ion.login({ username: "ion", password: "parola-ion-1" })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("a member's count queues no build and says to ask the teacher, in the member's language", async () => {
    const ro = await ana.request("POST", COUNT, { q: "pensii" });
    expect(ro.status).toBe(503);
    expect(errorOf(ro.body).code).toBe("corpus:catalog_missing");
    expect(errorOf(ro.body).message).toMatch(/Rugați profesorul/);
    const en = await ion.request("POST", COUNT, { q: "pensii" });
    expect(en.status).toBe(503);
    expect(errorOf(en.body).message).toMatch(/Ask the teacher/);
    expect(await catalogJobs()).toEqual([]);
  });

  it("a count without words still answers a member (the cleaned corpus, no catalog needed)", async () => {
    const res = await ana.request("POST", COUNT, { filters: { platform: ["stiri"] } });
    expect(res.status).toBe(200);
    expect((res.body as { matches: number }).matches).toBeGreaterThan(0);
    expect(await catalogJobs()).toEqual([]);
  });

  it("an admin's count queues the build and says to wait; a member's count meanwhile says to wait too", async () => {
    const res = await admin.request("POST", COUNT, { q: "pensii" });
    expect(res.status).toBe(503);
    expect(errorOf(res.body).message).toMatch(/se pregătesc/);
    expect(await catalogJobs()).toHaveLength(1);
    const member = await ana.request("POST", COUNT, { q: "pensii" });
    // Either still building (wait) or already built (counted): never "ask the teacher" once the build is under way.
    if (member.status === 503) expect(errorOf(member.body).message).toMatch(/se pregătesc/);
    else expect(member.status).toBe(200);
    expect(await catalogJobs()).toHaveLength(1);
  });
});
