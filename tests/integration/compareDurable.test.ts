// Comparisons outlive the process that ran them and are seen by every instance: two app instances on one SQLite file
// (and two servers on one PostgreSQL database) answer each other's runs, a stop pressed on either reaches the one that
// runs it, and a server closed or killed mid-run leaves its answers behind, shown by the next server as interrupted.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareRunResponse, CompareStartResponse } from "../../contract/compare";
import { instanceGone, pidNamespace } from "../../server/cluster/presence";
import { SqliteRunStore } from "../../server/compare/sqliteRunStore";
import { parseSuite } from "../../server/compare/suite";
import type { ResultRow } from "../../server/compare/runner";
import { startChildServer, type ChildServer } from "../support/childServer";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startTestServer, tempCorpus, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

const services = await classServices();

/** Ten short prompt cases: ten answers per model and temperature. */
const SUITE = {
  name: "Suită lentă",
  cases: Array.from({ length: 10 }, (_, i) => ({
    id: `c${i + 1}`,
    criterion: "romana",
    prompt: `Ce se întâmplă cu pensiile în anul ${2030 + i}?`,
    sources: ["Guvernul a anunțat că pensiile vor fi indexate cu cinci procente."],
    assert: [{ type: "language" }],
  })),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: unknown): Promise<CompareStartResponse> {
  const res = await fetch(`${url}/api/compare`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as CompareStartResponse;
}

async function read(url: string, runId: string, query = "", lang = "ro"): Promise<CompareRunResponse> {
  const res = await fetch(`${url}/api/compare/${runId}${query}`, { headers: { "accept-language": lang } });
  expect(res.status).toBe(200);
  return (await res.json()) as CompareRunResponse;
}

/** Polls through `url` until `until` holds (the run's end by default). */
async function pollUntil(
  url: string,
  runId: string,
  until: (run: CompareRunResponse) => boolean = (run) => run.status !== "running",
  timeoutMs = 30_000,
): Promise<CompareRunResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await read(url, runId, "?cases=0");
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} (${run.progress.done})`);
    await sleep(50);
  }
}

/** An answer as the runner stores it. */
function answerRow(caseId: string, text: string): ResultRow {
  return {
    caseId,
    criterion: "romana",
    kind: "prompt",
    model: "openai-compatible:rapid",
    temperature: 0,
    run: 1,
    status: "ok",
    pass: true,
    score: 1,
    text,
    annotation: null,
    latencyMs: 150,
    ttftMs: 150,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    finishReason: "stop",
    refused: false,
    jsonValid: null,
    assertions: [{ type: "language", pass: true, score: 1, reason: "română" }],
    error: null,
  };
}

const answers = (run: CompareRunResponse) => (run.cases ?? []).flatMap((c) => c.answers);

describe("comparisons shared by two app instances on one SQLite file, and across a restart", () => {
  let fake: FakeServer;
  const dir = tempCorpus();
  const servers: TestServer[] = [];
  let env: Record<string, string>;
  const start = async () => {
    const server = await startTestServer(env, dir, { keepDir: true });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ text: "Pensiile vor fi indexate cu cinci procente [1].", delayMs: 150 });
    env = {
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      MODEL_PRIMARY: "openai-compatible:rapid",
      MODEL_FALLBACK: "",
      // A run whose instance is silent for 1.5 s is interrupted; a running one beats every 0.5 s.
      INSTANCE_STALE_MS: "1500",
    };
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the poll of a run started on one instance from the other, to the same end and files", async () => {
    const [a, b] = [await start(), await start()];
    const { runId, total } = await post(a.url, {
      models: ["offline:extractive", "offline:lexicon"],
      temperatures: [0],
    });
    const polled = await pollUntil(b.url, runId);
    expect(polled.status).toBe("done");
    expect(polled.progress).toEqual({ done: total, total });
    const [fromA, fromB] = [await read(a.url, runId), await read(b.url, runId)];
    expect(fromB).toEqual(fromA);
    expect(answers(fromB)).toHaveLength(total);
    expect(fromB.results?.recommendation?.primary).toBe("offline:extractive");
    const csv = await (await fetch(`${b.url}/api/compare/${runId}/report?format=csv`)).text();
    expect(parseCsv(csv, { columns: true, bom: true })).toHaveLength(total);
    // A run's answers while it runs, read through the other instance, already show on it.
    const slow = await post(a.url, { models: ["openai-compatible:rapid"], suite: SUITE, temperatures: [0] });
    const midway = await pollUntil(b.url, slow.runId, (run) => run.progress.done >= 2);
    expect(midway.status).toBe("running");
    expect(midway.results?.models[0]?.model).toBe("openai-compatible:rapid");
    expect(answers(await read(b.url, slow.runId)).length).toBeGreaterThanOrEqual(2);
    await pollUntil(a.url, slow.runId);
  }, 60_000);

  it("stops a run on one instance when its stop reaches the other, keeping the answers made", async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const { runId, total } = await post(a.url, {
      models: ["openai-compatible:rapid"],
      suite: SUITE,
      temperatures: [0],
    });
    await pollUntil(b.url, runId, (run) => run.progress.done >= 1);
    const res = await fetch(`${b.url}/api/compare/${runId}`, { method: "DELETE" });
    expect(res.status).toBe(202);
    const ended = await pollUntil(b.url, runId, undefined, 10_000);
    expect(ended.status).toBe("done");
    expect(ended.results?.interrupted).toBe(true);
    expect(ended.progress.done).toBeLessThan(total);
    expect(answers(await read(a.url, runId))).toHaveLength(ended.progress.done);
  }, 30_000);

  it("shows a run whose server was closed mid-run as interrupted, with its answers shown and downloadable", async () => {
    const a = servers[0]!;
    const { runId, total } = await post(a.url, {
      models: ["openai-compatible:rapid"],
      suite: SUITE,
      temperatures: [0],
    });
    await pollUntil(a.url, runId, (run) => run.progress.done >= 2);
    for (const server of servers.splice(0)) await server.close();

    const next = await start();
    const run = await read(next.url, runId);
    expect(run.status).toBe("interrupted");
    expect(run.progress.done).toBeGreaterThanOrEqual(2);
    expect(run.progress.done).toBeLessThan(total);
    expect(answers(run)).toHaveLength(run.progress.done);
    expect(answers(run).every((a) => a.status === "ok")).toBe(true);
    expect(run.results).toMatchObject({ interrupted: true, recommendation: null });
    expect(run.results?.models[0]?.model).toBe("openai-compatible:rapid");
    expect(run.request.suite.name).toBe("Suită lentă");
    const csv = await fetch(`${next.url}/api/compare/${runId}/report?format=csv`);
    expect(csv.status).toBe(200);
    expect(parseCsv(await csv.text(), { columns: true, bom: true })).toHaveLength(run.progress.done);
    const md = await (await fetch(`${next.url}/api/compare/${runId}/report?format=md`)).text();
    expect(md).toContain("openai-compatible:rapid");
  }, 60_000);

  /** What a SIGKILL leaves: each run "running", owned by a process that beats no more, with `rows` stored at `at`. */
  async function leaveRunning(owners: Record<string, string>, rows: ResultRow[], at: string): Promise<void> {
    const store = new SqliteRunStore(path.join(dir, "data", "echochamber.db"));
    const suite = parseSuite(SUITE);
    for (const [id, owner] of Object.entries(owners)) {
      await store.create({
        id,
        userId: "local",
        owner,
        total: 10,
        now: at,
        request: {
          suite,
          models: ["openai-compatible:rapid"],
          runs: 1,
          temperatures: [0],
          concurrency: 1,
          timeoutMs: 1000,
        },
      });
      await store.addRows(id, owner, 0, rows, rows.length, at);
    }
    await store.close();
  }

  it("marks a run left running by a killed server interrupted once its heartbeat is stale, with its answers", async () => {
    // Two answers stored a minute ago.
    const old = new Date(Date.now() - 60_000).toISOString();
    const rows = ["c1", "c2"].map((caseId) => answerRow(caseId, `Răspunsul la ${caseId} [1].`));
    await leaveRunning({ ucis: "un-proces-mort" }, rows, old);

    const run = await read(servers[0]!.url, "ucis", "", "en");
    expect(run.status).toBe("interrupted");
    expect(run.progress).toEqual({ done: 2, total: 10 });
    expect(answers(run).map((a) => a.text)).toEqual(rows.map((r) => r.text));
    expect(run.finishedAt).toBe(old);
  }, 30_000);

  it("marks a run interrupted at once when its server was killed on this machine, however fresh its heartbeat", async () => {
    // A server killed and started again within INSTANCE_STALE_MS: its last heartbeat is a moment ago, but its
    // process is gone. An owner on another machine, beating as recently, is left running.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    expect(pidNamespace()).toMatch(/^\d+$/);
    const owners = {
      "ucis-acum": `${os.hostname()}-${dead}-a1b2c3-ns${pidNamespace()}`,
      altundeva: `alt-calculator-4242-a1b2c3-ns${pidNamespace()}`,
      // The same host name and pid, in another container's process table: not known to be gone.
      "alt-container": `${os.hostname()}-${dead}-a1b2c3-ns1`,
    };
    await leaveRunning(owners, [answerRow("c1", "Răspunsul [1].")], new Date().toISOString());
    expect(instanceGone(owners["ucis-acum"])).toBe(true);
    const killed = await read(servers[0]!.url, "ucis-acum", "", "ro");
    expect(killed.status).toBe("interrupted");
    expect(killed.progress).toEqual({ done: 1, total: 10 });
    expect((await read(servers[0]!.url, "altundeva", "", "ro")).status).toBe("running");
    expect((await read(servers[0]!.url, "alt-container", "", "ro")).status).toBe("running");
  }, 30_000);
});

describe("a stored comparison is its owner's and the admins' only, on every instance", () => {
  const dir = tempCorpus();
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a member's run through the other instance to them and an admin, and to no other member", async () => {
    const env = { AUTH: "users", TRUST_PROXY: "loopback" };
    for (let i = 0; i < 2; i++) servers.push(await startTestServer(env, dir, { keepDir: true }));
    const [a, b] = servers as [TestServer, TestServer];
    const accounts = new SqliteAuthStore(path.join(dir, "data", "echochamber.db"));
    for (const [username, role] of [
      ["ana", "member"],
      ["ion", "member"],
      ["sef", "admin"],
    ] as const) {
      await accounts.addUser({ username, role, passwordHash: await hashPassword(`parola-${username}-1`) });
    }
    await accounts.close();
    const login = async (server: TestServer, username: string, ip: string) => {
      const session = new HttpSession(server.url, ip);
      expect((await session.login({ username, password: `parola-${username}-1` })).status).toBe(200);
      return session;
    };
    const ana = await login(a, "ana", "198.51.100.1");
    const anaOnB = await login(b, "ana", "198.51.100.1");
    const ion = await login(b, "ion", "198.51.100.2");
    const sef = await login(b, "sef", "198.51.100.3");
    const started = await ana.post("/api/compare", { models: ["offline:extractive"], temperatures: [0] });
    expect(started.status).toBe(202);
    const runId = (started.body as CompareStartResponse).runId;
    const deadline = Date.now() + 30_000;
    let seen = await anaOnB.get(`/api/compare/${runId}?cases=0`);
    while ((seen.body as CompareRunResponse).status === "running" && Date.now() < deadline) {
      await sleep(50);
      seen = await anaOnB.get(`/api/compare/${runId}?cases=0`);
    }
    expect(seen.status).toBe(200);
    expect((seen.body as CompareRunResponse).status).toBe("done");
    expect((await sef.get(`/api/compare/${runId}`)).status).toBe(200);
    for (const route of [`/api/compare/${runId}`, `/api/compare/${runId}/report?format=csv`]) {
      const other = await ion.get(route);
      expect(other.status).toBe(404);
      expect((other.body as { error: { code: string } }).error.code).toBe("compare:not_found");
    }
    expect((await ion.request("DELETE", `/api/compare/${runId}`)).status).toBe(404);
  }, 60_000);
});

describe.skipIf(!services.databaseUrl)(
  titled("two servers on PostgreSQL answer each other's comparisons", services, !services.databaseUrl),
  () => {
    const dir = tempCorpus();
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    const servers: ChildServer[] = [];

    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
      // Each has a DATA_DIR of its own, as on two machines: only the database carries a run from one to the other.
      for (const data of ["data-a", "data-b"]) {
        servers.push(
          await startChildServer(dir, { DATABASE_URL: database.url, DATA_DIR: path.join(dir, data) }),
        );
      }
    }, 180_000);
    afterAll(async () => {
      for (const server of servers) await server.kill();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("polls a run started on one server through the other to its end, with the same answers and files", async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const { runId, total } = await post(a.url, {
        models: ["offline:extractive", "offline:lexicon"],
        temperatures: [0],
      });
      const polled = await pollUntil(b.url, runId);
      expect(polled.status).toBe("done");
      expect(polled.progress).toEqual({ done: total, total });
      const [fromA, fromB] = [await read(a.url, runId), await read(b.url, runId)];
      expect(fromB).toEqual(fromA);
      expect(answers(fromB)).toHaveLength(total);
      const csv = await (await fetch(`${b.url}/api/compare/${runId}/report?format=csv`)).text();
      expect(parseCsv(csv, { columns: true, bom: true })).toHaveLength(total);
    }, 60_000);
  },
);
