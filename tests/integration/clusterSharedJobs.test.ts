// Live jobs on a shared data set across a class deployment: two instances of `npm start`'s server with AUTH=users on
// one PostgreSQL and one Redis. Sharing and unsharing through one instance change what a member connected to the
// other hears live (socket.io's Redis adapter carries the room changes), so a member hears the jobs on a data set
// shared with them and, once it is unshared, no more of them.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../contract/workbench";
import { hashPassword } from "../../server/auth/passwords";
import { createLogger } from "../../server/log";
import { openStores } from "../../server/storage/open";
import { startChildServer, type ChildServer } from "../support/childServer";
import { classServices, freshDatabase, redisPrefix, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";
import { tempCorpus, type TestSocket } from "../support/server";
import { HttpSession } from "../support/session";
import { recordJobs } from "../support/workbench";

const services = await classServices();
const skip = !services.databaseUrl || !services.redisUrl;
const PASSWORD = "parola-clasei-1";

function subscribeAll(socket: TestSocket): Promise<Job[]> {
  return new Promise((resolve, reject) =>
    socket.emit("job:subscribe", {}, (ack) =>
      ack.ok ? resolve(ack.data.jobs) : reject(new Error(ack.error.code)),
    ),
  );
}

describe.skipIf(skip)(titled("shared data sets' jobs across two instances", services, skip), () => {
  const dir = tempCorpus();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: ChildServer[] = [];

  beforeAll(async () => {
    database = await freshDatabase(services.databaseUrl!);
    const env = {
      AUTH: "users",
      SESSION_SECRET: "secret-al-clasei-".padEnd(40, "x"),
      TRUST_PROXY: "loopback",
      DATABASE_URL: database.url,
      REDIS_URL: services.redisUrl!,
      REDIS_PREFIX: redisPrefix(),
      LOG_LEVEL: "warn",
    };
    // The first creates the schema and builds the corpus index; the second finds both.
    servers.push(await startChildServer(dir, env));
    servers.push(await startChildServer(dir, env));
    const stores = await openStores(testConfig(env), createLogger({ LOG_LEVEL: "silent" }), { role: "cli" });
    try {
      for (const username of ["ana", "ion"])
        await stores.auth!.addUser({ username, role: "member", passwordHash: await hashPassword(PASSWORD) });
    } finally {
      await stores.close();
    }
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await server.kill();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets a member on one instance hear a data set's jobs while its owner on the other shares it", async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const ana = new HttpSession(a.url, "198.51.100.21");
    const ion = new HttpSession(b.url, "198.51.100.22");
    for (const [session, username] of [
      [ana, "ana"],
      [ion, "ion"],
    ] as const)
      expect((await session.login({ username, password: PASSWORD })).status).toBe(200);
    const created = await ana.post("/api/workbench/datasets/from-corpus", {
      name: "Clasa: pensii",
      sample: { size: 4, seed: 1 },
    });
    expect(created.status).toBe(201);
    const datasetId = (created.body as { dataset: { id: string } }).dataset.id;
    const run = async () => {
      const started = await ana.post("/api/workbench/runs", { datasetId, models: ["offline:lexicon"] });
      expect(started.status).toBe(202);
      return (started.body as { job: { id: string } }).job.id;
    };
    const share = async (shared: boolean) =>
      expect(
        (await ana.request("PUT", `/api/workbench/datasets/${datasetId}/shared`, { shared })).status,
      ).toBe(200);

    // Ion, on B, follows every job before Ana, on A, shares the data set.
    const ionSocket = await ion.socket();
    const anaSocket = await ana.socket();
    const heard = recordJobs(ionSocket);
    const anaHeard = recordJobs(anaSocket);
    expect(await subscribeAll(ionSocket)).toEqual([]);
    await subscribeAll(anaSocket);
    await share(true);
    const shared = await run();
    expect((await heard.until(shared, ["done"], 30_000)).params.datasetId).toBe(datasetId);

    // Unshared through A, B's socket leaves the data set's room: the next job there is Ana's alone. Ion's own job,
    // started after it ended, is heard: by then he would have heard hers.
    await share(false);
    const hidden = await run();
    await anaHeard.until(hidden, ["done"], 30_000);
    const own = await ion.post("/api/workbench/datasets/from-corpus", {
      name: "Al lui Ion",
      sample: { size: 2, seed: 1 },
    });
    const ownRun = await ion.post("/api/workbench/runs", {
      datasetId: (own.body as { dataset: { id: string } }).dataset.id,
      models: ["offline:lexicon"],
    });
    await heard.until((ownRun.body as { job: { id: string } }).job.id, ["done"], 30_000);
    expect(heard.statuses.some((j) => j.id === hidden)).toBe(false);
    expect(heard.progress.some((p) => p.jobId === hidden)).toBe(false);
    ionSocket.disconnect();
    anaSocket.disconnect();
  }, 120_000);
});
