// The list of past comparisons (GET /api/compare) and the deletion of one (DELETE /api/compare/:runId?delete=1): a
// user sees their own runs newest first, another member none of them, an admin everyone's with whose each is; with
// AUTH=off the one local user sees every run; the query is checked and refused in the asker's language; a deleted
// run leaves the list, and a running one is not deleted.
import path from "node:path";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { type CompareRunResponse, type CompareStartResponse } from "../../contract/compare";
import { CompareHistoryResponseSchema, type CompareHistoryResponse } from "../../contract/compareHistory";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { startTestServer, tempCorpus, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

/** Two short cases the offline model answers from their source. */
const SUITE = {
  name: "Istoricul meu",
  nameEn: "My history",
  cases: ["Ce se întâmplă cu pensiile?", "Cine a anunțat indexarea?"].map((prompt, i) => ({
    id: `c${i + 1}`,
    criterion: "romana",
    prompt,
    sources: ["Guvernul a anunțat că pensiile vor fi indexate cu cinci procente."],
    assert: [{ type: "language" }],
  })),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(session: HttpSession, models = ["offline:extractive"]): Promise<string> {
  const started = await session.post("/api/compare", { models, suite: SUITE, temperatures: [0] });
  expect(started.status).toBe(202);
  return (started.body as CompareStartResponse).runId;
}

async function finished(session: HttpSession, runId: string): Promise<CompareRunResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = (await session.get(`/api/compare/${runId}?cases=0`)).body as CompareRunResponse;
    if (run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running`);
    await sleep(50);
  }
}

async function history(session: HttpSession, query = ""): Promise<CompareHistoryResponse> {
  const res = await session.get(`/api/compare${query}`);
  expect(res.status).toBe(200);
  // The response is what its schema says.
  return CompareHistoryResponseSchema.parse(res.body);
}

describe("the past comparisons with AUTH=off", () => {
  const dir = tempCorpus();
  let server: TestServer;
  let fake: FakeServer;
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the local user's runs newest first, in pages, in the asker's language, and deletes a finished one", async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ text: "Pensiile vor fi indexate [1].", delayMs: 4000 });
    server = await startTestServer(
      { OPENAI_COMPATIBLE_BASE_URL: fake.url, MODEL_PRIMARY: "openai-compatible:lent", MODEL_FALLBACK: "" },
      dir,
      { keepDir: true },
    );
    const ro = new HttpSession(server.url);
    const en = new HttpSession(server.url, "203.0.113.1", "en");
    expect(await history(ro)).toEqual({ runs: [], next: null });

    const older = await start(ro);
    await finished(ro, older);
    const newer = await start(ro);
    const done = await finished(ro, newer);
    const listed = await history(ro);
    expect(listed.runs.map((r) => r.runId)).toEqual([newer, older]);
    expect(listed.next).toBeNull();
    const item = listed.runs[0]!;
    expect(item).toMatchObject({
      runId: newer,
      status: "done",
      stopped: false,
      createdAt: done.createdAt,
      finishedAt: done.finishedAt,
      suite: { id: "inline", name: "Istoricul meu", cases: 2 },
      models: ["offline:extractive"],
      runs: 1,
      temperatures: [0],
      progress: { done: 2, total: 2 },
    });
    // One model: the recommendation names it, with its pass rate.
    expect(item.best).not.toBeNull();
    expect(item.best?.model).toBe(done.results?.recommendation?.primary);
    expect(item.best?.passRate).toBe(
      done.results?.recommendation?.ranking.find((r) => r.model === item.best?.model)?.passRate ?? null,
    );
    // The local user is everyone's admin but the runs are its own: no owner said.
    expect(item.owner).toBeUndefined();
    expect((await history(en)).runs[0]!.suite.name).toBe("My history");

    // Pages.
    const first = await history(ro, "?limit=1");
    expect(first.runs.map((r) => r.runId)).toEqual([newer]);
    // The place the page ends: the last run's creation and id.
    expect(first.next).toBe(`${first.runs[0]!.createdAt}~${newer}`);
    const second = await history(ro, `?limit=1&before=${encodeURIComponent(first.next!)}`);
    expect(second.runs.map((r) => r.runId)).toEqual([older]);
    expect(second.next).toBeNull();

    // A place that is none (an old client's run id) is refused, saying what `before` takes.
    const noPlace = await en.get(`/api/compare?before=${newer}`);
    expect(noPlace.status).toBe(400);
    expect((noPlace.body as { error: { message: string } }).error.message).toContain(
      'previous page\'s "next"',
    );

    // A bad query, refused in the asker's language.
    const badRo = await ro.get("/api/compare?limit=0");
    expect(badRo.status).toBe(400);
    expect((badRo.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "input:invalid",
    });
    expect((badRo.body as { error: { message: string } }).error.message).toContain("limit");
    const badEn = await en.get("/api/compare?limit=500");
    expect(badEn.status).toBe(400);
    expect((badEn.body as { error: { message: string } }).error.message).toMatch(/limit: .*100/);
    expect((badEn.body as { error: { message: string } }).error.message).not.toBe(
      (badRo.body as { error: { message: string } }).error.message,
    );

    // A running run shows as running, and is not deleted (the stop button stops it; a deletion waits for its end).
    const slow = await start(ro, ["openai-compatible:lent"]);
    const running = await history(ro);
    expect(running.runs[0]).toMatchObject({ runId: slow, status: "running", best: null });
    const refused = await en.request("DELETE", `/api/compare/${slow}?delete=1`);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string; message: string } }).error).toEqual({
      code: "compare:running",
      message: "The comparison is still running: stop it first, then you can delete it.",
    });
    expect((await ro.request("DELETE", `/api/compare/${slow}`)).status).toBe(202);
    const stopped = await finished(ro, slow);
    expect(stopped.status).toBe("done");
    expect((await history(ro)).runs[0]).toMatchObject({
      runId: slow,
      status: "done",
      stopped: true,
      best: null,
    });

    // A finished run deleted: gone from the list and from its address.
    const deleted = await ro.request("DELETE", `/api/compare/${older}?delete=1`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ runId: older, status: "done", deleted: true });
    expect((await history(ro)).runs.map((r) => r.runId)).toEqual([slow, newer]);
    expect((await ro.get(`/api/compare/${older}`)).status).toBe(404);
  }, 60_000);
});

describe("the past comparisons with accounts", () => {
  const dir = tempCorpus();
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists a member's runs to them and to an admin (saying whose), never to another member", async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" }, dir, { keepDir: true });
    const accounts = new SqliteAuthStore(path.join(dir, "data", "echochamber.db"));
    for (const [username, role] of [
      ["ana", "member"],
      ["ion", "member"],
      ["sef", "admin"],
    ] as const) {
      await accounts.addUser({ username, role, passwordHash: await hashPassword(`parola-${username}-1`) });
    }
    await accounts.close();
    const login = async (username: string, ip: string) => {
      const session = new HttpSession(server.url, ip);
      expect((await session.login({ username, password: `parola-${username}-1` })).status).toBe(200);
      return session;
    };
    const ana = await login("ana", "198.51.100.1");
    const ion = await login("ion", "198.51.100.2");
    const sef = await login("sef", "198.51.100.3");
    const anas = await start(ana);
    await finished(ana, anas);
    const sefs = await start(sef);
    await finished(sef, sefs);

    expect((await history(ana)).runs.map((r) => r.runId)).toEqual([anas]);
    expect((await history(ana)).runs[0]!.owner).toBeUndefined();
    expect(await history(ion)).toEqual({ runs: [], next: null });
    const all = await history(sef);
    expect(all.runs.map((r) => [r.runId, r.owner])).toEqual([
      [sefs, undefined],
      [anas, { kind: "user", name: "ana" }],
    ]);
    // Another member may not delete it either (it is "not found" to them); its owner may.
    const other = await ion.request("DELETE", `/api/compare/${anas}?delete=1`);
    expect(other.status).toBe(404);
    expect((await ana.request("DELETE", `/api/compare/${anas}?delete=1`)).status).toBe(200);
    expect((await history(sef)).runs.map((r) => r.runId)).toEqual([sefs]);
    // Without a session, no list.
    expect((await new HttpSession(server.url, "198.51.100.9").get("/api/compare")).status).toBe(401);
  }, 60_000);
});
