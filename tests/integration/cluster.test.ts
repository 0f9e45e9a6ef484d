// A class deployment for real: two instances of `npm start`'s server (child processes) on one PostgreSQL and one Redis,
// sharing DATA_DIR and CORPUS_DIR as instances on one machine do, a client on each. A thread written through one is
// read and continued through the other; a stop sent through the other stops the turn; an instance killed (SIGKILL)
// mid-answer leaves its clients to reconnect, through a load balancer, to the survivor, where the thread goes on with
// nothing lost or doubled; a workbench job it was running is taken over and finished by the survivor.
import { execFile } from "node:child_process";
import { appendFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect } from "socket.io-client";
import type { HealthResponse } from "../../contract/api";
import type { CorpusStatus } from "../../contract/corpusPage";
import { readManifest } from "../../corpus/pipeline/buildIndex";
import type { StoredMessage } from "../../contract/threads";
import type { Job, ResultsPage } from "../../contract/workbench";
import { SAVE_INTERVAL_MS } from "../../server/chat/answerRecorder";
import { instanceParts } from "../../server/cluster/presence";
import { openPool } from "../../server/db/postgres";
import { startBalancer, type Balancer } from "../support/balancer";
import { startChildServer, type ChildServer } from "../support/childServer";
import { classServices, freshDatabase, redisPrefix, titled } from "../support/classServices";
import { corpusApi } from "../support/corpus";
import type { FakeServer } from "../support/fakeOpenAI";
import { send, tempCorpus, type TestSocket } from "../support/server";
import { annotatorCalls, commentsDataset, startFakeAnnotator, startFakeRun } from "../support/takeover";
import { api, recordJobs, subscribe } from "../support/workbench";

const services = await classServices();
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const QUESTION = "Ce spun comentariile despre pensiile speciale și despre corupție?";
const ROWS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function readThread(url: string, threadId: string): Promise<StoredMessage[]> {
  const response = await fetch(`${url}/api/threads/${threadId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: StoredMessage[] }).messages;
}

function client(url: string, reconnect = false): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    transports: ["websocket"],
    reconnection: reconnect,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** Sends a question and collects its tokens; `done` resolves with the chat:done or chat:error that ends it. */
async function ask(socket: TestSocket, payload: Parameters<typeof send>[1]) {
  const ack = await send(socket, payload);
  if (!ack.ok) throw new Error(ack.error.message);
  const { messageId } = ack.data;
  const turn = { ...ack.data, text: "", ended: "" as "" | "done" | "error" };
  socket.on("chat:token", (e) => {
    if (e.messageId === messageId) turn.text += e.text;
  });
  const done = new Promise<void>((resolve) => {
    socket.on("chat:done", (e) => {
      if (e.messageId !== messageId) return;
      turn.ended = "done";
      resolve();
    });
    socket.on("chat:error", (e) => {
      if (e.messageId !== messageId) return;
      turn.ended = "error";
      resolve();
    });
  });
  return { turn, done };
}

const skip = !services.databaseUrl || !services.redisUrl;

describe.skipIf(skip)(titled("two instances on PostgreSQL and Redis", services, skip), () => {
  const dir = tempCorpus();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let fake: FakeServer;
  const servers: ChildServer[] = [];
  const sockets: TestSocket[] = [];
  let env: Record<string, string>;
  let a: ChildServer;
  let b: ChildServer;

  const start = async () => {
    const server = await startChildServer(dir, env);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await freshDatabase(services.databaseUrl!);
    fake = await startFakeAnnotator(80);
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: services.redisUrl!,
      REDIS_PREFIX: redisPrefix(),
      // One word every 60 ms: an answer streams for a few seconds, long enough to stop it or kill its instance.
      OFFLINE_STREAM_DELAY_MS: "60",
      INSTANCE_STALE_MS: "1500",
      INDEX_WATCH_MS: "300",
      WORKBENCH_JOB_STALE_MS: "1500",
      WORKBENCH_CONCURRENCY: "2",
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      LOG_LEVEL: "warn",
    };
    // The first builds the corpus index; then both run on it.
    a = await start();
    b = await start();
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) await server.kill();
    await fake?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves on both instances an index rebuilt by one writer in the shared corpus", async () => {
    const health = async (url: string) =>
      ((await (await fetch(`${url}/api/health`)).json()) as HealthResponse).corpus.chunks;
    const before = await health(a.url);
    expect(await health(b.url)).toBe(before);
    // Each instance reports the shared services it needs as answering.
    const services = await (await fetch(`${a.url}/api/health`)).json();
    expect(services).toMatchObject({ ok: true, services: { database: "ok", redis: "ok" } });
    const added = {
      id: "stiri-zmeuris",
      text: "Cooperativa zmeuriștilor din Argeș a cerut Guvernului scutiri de taxe pentru culesul din acest an.",
      source: "Știri (test)",
      platform: "news",
      date: "2026-12-01",
      lang: "ro",
    };
    appendFileSync(path.join(dir, "corpus", "cleaned", "stiri.jsonl"), `${JSON.stringify(added)}\n`);
    // The one writer: `npm run cli -- index`, while both instances serve.
    // Not execFileSync: a blocked event loop would not see the servers close idle keep-alive connections.
    await promisify(execFile)(process.execPath, ["--import", "tsx", "server/cli/main.ts", "index"], {
      cwd: REPO,
      env: {
        ...process.env,
        CORPUS_DIR: path.join(dir, "corpus"),
        EMBEDDINGS: "offline:hash",
        LOG_LEVEL: "warn",
      },
    });
    await until(
      async () => (await health(a.url)) > before && (await health(b.url)) > before,
      "the new index on both",
    );
    // The corpus page of either instance describes the index now served: its build time and document count.
    const manifest = (await readManifest(path.join(dir, "corpus")))!;
    for (const server of [a, b]) {
      const status = await corpusApi<CorpusStatus>(server.url, "GET", "/status");
      expect(status.body).toMatchObject({
        builtAt: manifest.builtAt,
        documents: manifest.documents,
        version: 2,
      });
    }
    for (const server of [a, b]) {
      const socket = await client(server.url);
      sockets.push(socket);
      const { turn, done } = await ask(socket, { text: "Ce au cerut zmeuriștii din Argeș?" });
      await done;
      expect(turn.ended).toBe("done");
      const stored = await readThread(server.url, turn.threadId);
      expect(JSON.stringify(stored.at(-1))).toContain("stiri-zmeuris");
    }
  }, 120_000);

  it("reads through one instance the thread written through the other, and continues it there", async () => {
    const onA = await client(a.url);
    const onB = await client(b.url);
    sockets.push(onA, onB);
    const first = await ask(onA, { text: QUESTION });
    await first.done;
    expect(first.turn.ended).toBe("done");
    const { threadId } = first.turn;

    const seen = await readThread(b.url, threadId);
    expect(seen.map((m) => [m.role, m.status])).toEqual([
      ["user", "done"],
      ["assistant", "done"],
    ]);
    expect(seen[1]!.text).toBe(first.turn.text);
    const threads = (await (await fetch(`${b.url}/api/threads`)).json()) as { threads: { id: string }[] };
    expect(threads.threads.map((t) => t.id)).toContain(threadId);

    // The conversation (LangGraph's checkpoint, on PostgreSQL) goes on through the other instance.
    const second = await ask(onB, { threadId, text: "Și despre diaspora?" });
    await second.done;
    expect(second.turn.ended).toBe("done");
    const after = await readThread(a.url, threadId);
    expect(after.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(new Set(after.map((m) => m.id)).size).toBe(4);
  }, 60_000);

  it("stops a turn running on one instance when the stop is sent through the other", async () => {
    const onA = await client(a.url);
    const onB = await client(b.url);
    sockets.push(onA, onB);
    const { turn, done } = await ask(onA, { text: QUESTION });
    await until(() => turn.text.length > 0, "the first token");
    const stop = await new Promise<unknown>((resolve) =>
      onB.emit("chat:stop", { messageId: turn.messageId }, resolve),
    );
    expect(stop).toEqual({ ok: true, data: { stopped: true } });
    await done;
    expect(turn.ended).toBe("done");
    const messages = await readThread(b.url, turn.threadId);
    expect(messages.at(-1)).toMatchObject({ id: turn.messageId, status: "stopped" });
    // An id that no instance runs is not found, on either.
    const unknown = await new Promise<unknown>((resolve) =>
      onB.emit("chat:stop", { messageId: turn.messageId }, resolve),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: "chat:not_found" } });
  }, 60_000);

  it("writes one answer at a time in a thread across instances; deleted through the other mid-answer, nothing of it is kept", async () => {
    const onA = await client(a.url);
    const onB = await client(b.url);
    sockets.push(onA, onB);
    const { turn, done } = await ask(onA, { text: QUESTION });
    await until(() => turn.text.length > 0, "the first token");
    // A second tab, on the other instance, cannot start a second answer in the thread.
    const refused = await send(onB, { threadId: turn.threadId, text: "Și despre diaspora?" });
    expect(refused).toMatchObject({ ok: false, error: { code: "chat:thread_busy" } });

    // Deleted through B while A writes the answer: A's turn is stopped, and the checkpoint it writes at its end
    // (PostgreSQL, shared) is deleted once it finds its thread gone.
    expect((await fetch(`${b.url}/api/threads/${turn.threadId}`, { method: "DELETE" })).status).toBe(204);
    await done;
    expect(turn.ended).toBe("done");
    expect((await fetch(`${a.url}/api/threads/${turn.threadId}`)).status).toBe(404);
    const pool = openPool(database.url, { max: 1 });
    try {
      const { rows } = await pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM checkpoints WHERE thread_id = $1",
        [turn.threadId],
      );
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it("moves a killed instance's client to the survivor, where the thread goes on with nothing lost or doubled", async () => {
    const balancer: Balancer = await startBalancer([a.port, b.port]);
    try {
      const socket = await client(balancer.url, true);
      sockets.push(socket);
      const landed = [...balancer.counts].find(([, n]) => n > 0)![0];
      const doomed = landed === a.port ? a : b;
      const survivor = doomed === a ? b : a;

      const { turn } = await ask(socket, { text: QUESTION });
      await until(() => turn.text.length > 0, "the first token");
      await sleep(SAVE_INTERVAL_MS * 2 + 200);
      expect(turn.ended).toBe("");
      const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      await doomed.kill("SIGKILL");
      const seenBeforeKill = turn.text;
      await disconnected;

      // The client reconnects by itself, through the balancer, to the survivor.
      await until(() => socket.connected, "the reconnection", 20_000);
      expect(balancer.counts.get(survivor.port)).toBeGreaterThan(0);
      // The survivor notices the dead instance's silence and marks its answer interrupted.
      await until(
        async () => (await readThread(survivor.url, turn.threadId)).at(-1)?.status === "interrupted",
        "the answer marked interrupted",
      );
      const stored = await readThread(survivor.url, turn.threadId);
      expect(stored.map((m) => [m.role, m.status])).toEqual([
        ["user", "done"],
        ["assistant", "interrupted"],
      ]);
      expect(stored[1]!.id).toBe(turn.messageId);
      expect(stored[1]!.text.length).toBeGreaterThan(0);
      expect(seenBeforeKill.startsWith(stored[1]!.text)).toBe(true);

      // The thread continues on the survivor: one more question and answer, the earlier ones unchanged.
      const next = await ask(socket, { threadId: turn.threadId, text: QUESTION });
      await next.done;
      expect(next.turn.ended).toBe("done");
      const after = await readThread(survivor.url, turn.threadId);
      expect(after.map((m) => [m.role, m.status])).toEqual([
        ["user", "done"],
        ["assistant", "interrupted"],
        ["user", "done"],
        ["assistant", "done"],
      ]);
      expect(new Set(after.map((m) => m.id)).size).toBe(4);
      expect(after[1]!.text).toBe(stored[1]!.text);
      // A new instance takes the dead one's place for the next test.
      if (doomed === a) a = await start();
      else b = await start();
    } finally {
      await balancer.close();
    }
  }, 120_000);

  it("finishes on the survivor a workbench job whose instance was killed, and shows it live on both", async () => {
    // The upload lands on one instance's disk (the shared DATA_DIR); the data set is made through the other.
    const created = await commentsDataset(a.url, b.url, ROWS);
    expect(created.status).toBe(201);
    const watchers = await Promise.all([client(a.url), client(b.url)]);
    sockets.push(...watchers);
    const events = watchers.map((socket) => recordJobs(socket));
    await Promise.all(watchers.map((socket) => subscribe(socket)));
    const { run, job } = await startFakeRun(a.url, created.body.dataset.id);

    let owner = "";
    await until(async () => {
      const current = (await api<Job>(b.url, "GET", `/jobs/${job.id}`)).body;
      owner = current.owner ?? "";
      return current.progress.done >= 8 && owner !== "";
    }, "some rows annotated");
    // Its owner's progress reached the sockets of both instances, live.
    for (const e of events)
      expect(e.progress.some((p) => p.jobId === job.id && p.progress.done > 0)).toBe(true);
    const ownerPid = instanceParts(owner)?.pid;
    const doomed = [a, b].find((s) => s.child.pid === ownerPid)!;
    expect(doomed).toBeDefined();
    const survivor = doomed === a ? b : a;
    const survivorEvents = events[doomed === a ? 1 : 0]!;
    await doomed.kill("SIGKILL");

    const finished = await survivorEvents.until(job.id, ["done", "failed"], 60_000);
    expect(finished.status).toBe("done");
    const ended = (await api<Job>(survivor.url, "GET", `/jobs/${job.id}`)).body;
    expect(ended).toMatchObject({ status: "done", progress: { total: ROWS, done: ROWS, failed: 0 } });
    const page = await api<ResultsPage>(survivor.url, "GET", `/runs/${run.id}/results?limit=500`);
    expect(page.body).toMatchObject({ total: ROWS, complete: ROWS });
    expect(page.body.rows.every((row) => row.annotations?.length === 1)).toBe(true);
    // Rows stored before the kill were not asked again: at most the calls in flight then were repeated.
    const calls = annotatorCalls(fake);
    expect(calls).toBeGreaterThanOrEqual(ROWS);
    expect(calls).toBeLessThanOrEqual(ROWS + 2);
  }, 120_000);
});
