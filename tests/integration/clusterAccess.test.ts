// Access and limits on a class deployment: two instances of `npm start`'s server (child processes) with AUTH=users on
// one PostgreSQL and one Redis. A login made through one instance holds on the other, over REST and the socket, and a
// logout through either ends it on both (sessions in PostgreSQL); accounts made by `users add` with DATABASE_URL log
// in everywhere; login throttling and chat rate limits count across the instances (Redis), so that spreading attempts
// over two instances buys nothing.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MeResponse } from "../../contract/auth";
import { hashPassword } from "../../server/auth/passwords";
import { command as usersCommand } from "../../server/cli/users";
import { createLogger } from "../../server/log";
import { LOGIN_FAILS_PER_NAME } from "../../server/limits/loginThrottle";
import { openStores } from "../../server/storage/open";
import { startChildServer, type ChildServer } from "../support/childServer";
import { classServices, freshDatabase, redisPrefix, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";
import { record, send, tempCorpus, type TestSocket } from "../support/server";
import { errorCode, HttpSession } from "../support/session";

const services = await classServices();
const skip = !services.databaseUrl || !services.redisUrl;
const CHAT_PER_MIN = 3;
const PASSWORD = "parola-ana-1";

/** Runs `users` in-process with the given environment; returns its exit code and what it printed. */
async function users(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return { code: await usersCommand.run(args), out };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}

async function turn(socket: TestSocket, text: string) {
  const rec = record(socket);
  const ack = await send(socket, { text });
  if (ack.ok) await rec.finished;
  return ack;
}

describe.skipIf(skip)(titled("two instances with accounts on PostgreSQL and Redis", services, skip), () => {
  const dir = tempCorpus();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: ChildServer[] = [];
  let a: ChildServer;
  let b: ChildServer;
  let env: Record<string, string>;
  /** The password `users add` generated for ion. */
  let ion: string | undefined;

  beforeAll(async () => {
    database = await freshDatabase(services.databaseUrl!);
    env = {
      AUTH: "users",
      // Both instances sign cookies with one secret, as behind one address they must.
      SESSION_SECRET: "secret-al-clasei-".padEnd(40, "x"),
      TRUST_PROXY: "loopback",
      DATABASE_URL: database.url,
      REDIS_URL: services.redisUrl!,
      REDIS_PREFIX: redisPrefix(),
      RATE_LIMIT_CHAT_PER_MIN: String(CHAT_PER_MIN),
      LOG_LEVEL: "warn",
    };
    // The first creates the schema and builds the corpus index; the second finds both.
    a = await startChildServer(dir, env);
    servers.push(a);
    b = await startChildServer(dir, env);
    servers.push(b);
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await server.kill();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps accounts made by the users CLI in PostgreSQL, where every instance finds them", async () => {
    const stores = await openStores(testConfig(env), createLogger({ LOG_LEVEL: "silent" }), {
      role: "cli",
    });
    try {
      await stores.auth!.addUser({
        username: "ana",
        role: "member",
        passwordHash: await hashPassword(PASSWORD),
      });
    } finally {
      await stores.close();
    }
    const added = await users(env, "add", "ion", "--role", "admin");
    expect(added.code).toBe(0);
    const listed = await users(env, "list", "--json");
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ username: "ana", role: "member" }),
      expect.objectContaining({ username: "ion", role: "admin" }),
    ]);
    ion = /ion\s*\S*\s*admin\s*\S*\s*([A-Za-z0-9]{14})/.exec(added.out)?.[1];
    expect(ion).toBeDefined();
    for (const server of [a, b]) {
      const session = new HttpSession(server.url, "198.51.100.7");
      expect((await session.login({ username: "ion", password: ion! })).status).toBe(200);
    }
  }, 60_000);

  it("holds a login made through one instance on the other, and ends it on both at logout", async () => {
    const onA = new HttpSession(a.url, "198.51.100.8");
    expect((await onA.login({ username: "ana", password: PASSWORD })).status).toBe(200);
    // The same browser, sent to the other instance by the balancer.
    const onB = new HttpSession(b.url, "198.51.100.8");
    onB.cookie = onA.cookie;
    expect(((await onB.get("/api/auth/me")).body as MeResponse).user).toMatchObject({
      name: "ana",
      role: "member",
      kind: "user",
    });
    const socket = await onB.socket();
    expect(socket.connected).toBe(true);
    const ack = await turn(socket, "Ce spun comentariile despre pensii?");
    expect(ack.ok).toBe(true);
    socket.disconnect();
    // A thread made through B belongs to ana on A too.
    const threads = (await onA.get("/api/threads")).body as { threads: { id: string }[] };
    expect(ack.ok && threads.threads.map((t) => t.id)).toContain(ack.ok ? ack.data.threadId : "");

    expect((await onB.post("/api/auth/logout")).status).toBeLessThan(300);
    const after = await onA.get("/api/threads");
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe("auth:required");
  }, 60_000);

  it(`throttles logins across instances: ${LOGIN_FAILS_PER_NAME} wrong passwords spread over both, then a wait`, async () => {
    const onA = new HttpSession(a.url, "198.51.100.9");
    const onB = new HttpSession(b.url, "198.51.100.9");
    for (let i = 0; i < LOGIN_FAILS_PER_NAME; i++) {
      const wrong = await (i % 2 ? onB : onA).login({ username: "ana", password: `greșită-${i}` });
      expect(wrong.status).toBe(401);
    }
    for (const session of [onA, onB]) {
      const refused = await session.login({ username: "ana", password: PASSWORD });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  }, 60_000);

  it(`counts a user's chat turns on both instances against one limit of ${CHAT_PER_MIN} a minute`, async () => {
    const sockets: TestSocket[] = [];
    try {
      for (const server of [a, b]) {
        const session = new HttpSession(server.url, "198.51.100.10");
        // ion has not chatted yet: the limit's count starts here.
        expect((await session.login({ username: "ion", password: ion! })).status).toBe(200);
        sockets.push(await session.socket());
      }
      const [onA, onB] = sockets as [TestSocket, TestSocket];
      expect((await turn(onA, "Ce spun comentariile despre pensii?")).ok).toBe(true);
      expect((await turn(onB, "Și despre corupție?")).ok).toBe(true);
      expect((await turn(onA, "Și despre diaspora?")).ok).toBe(true);
      const refused = await turn(onB, "Încă una despre pensii?");
      expect(refused).toMatchObject({ ok: false, error: { code: "limit:rate" } });
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  }, 90_000);
});
