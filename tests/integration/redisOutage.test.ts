// A class deployment's instance (`npm start`'s server, a child process, REDIS_URL set) whose Redis goes away while
// it streams an answer: stopped (the process exits, as `systemctl stop redis` does) or frozen (SIGSTOP: the
// connection stays open and nothing answers, as on a lost network). The client connected to that instance gets the
// rest of the answer and its end while Redis is away; once Redis is back, events carry stream offsets again and a
// client whose connection drops for a moment is recovered with the missed tokens, nothing lost or doubled. Rate limits
// are on, as in a class deployment with accounts: a question asked while Redis is away is counted and answered, not
// held by a count that waits for Redis.
// This file runs a Redis of its own (the run's shared one serves other files at once).
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io as connect } from "socket.io-client";
import type { HealthResponse } from "../../contract/api";
import type { StoredMessage } from "../../contract/threads";
import { startChildServer, type ChildServer } from "../support/childServer";
import { redisPrefix } from "../support/classServices";
import { send, tempCorpus, type TestSocket } from "../support/server";
import { redisServerBinary, startRedis, stopDescribed, type ServiceRecord } from "../support/services";

const QUESTION = "Ce spun comentariile despre pensiile speciale și despre corupție?";
/** A stream entry's id, which the server appends to an event when connection state recovery is on. */
const OFFSET = /^\d+-\d+$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
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

/** A turn as the client saw it: its text, how it ended, and the last argument of each of its events (the offset). */
async function ask(socket: TestSocket, text: string, threadId?: string) {
  const ack = await Promise.race([
    send(socket, { text, ...(threadId ? { threadId } : {}) }),
    sleep(20_000).then(() => {
      throw new Error("timed out waiting for the question's ack");
    }),
  ]);
  if (!ack.ok) throw new Error(ack.error.message);
  const turn = {
    ...ack.data,
    text: "",
    tokens: 0,
    ended: "" as "" | "done" | "error",
    lastArgs: [] as unknown[],
  };
  socket.on("chat:token", (e) => {
    if (e.messageId !== turn.messageId) return;
    turn.text += e.text;
    turn.tokens++;
  });
  socket.on("chat:done", (e) => {
    if (e.messageId === turn.messageId) turn.ended = "done";
  });
  socket.on("chat:error", (e) => {
    if (e.messageId === turn.messageId) turn.ended = "error";
  });
  socket.onAny((_event, payload: { messageId?: string }, ...rest: unknown[]) => {
    if (payload?.messageId === turn.messageId) turn.lastArgs.push(rest.at(-1));
  });
  return turn;
}

async function storedAnswer(url: string, threadId: string): Promise<StoredMessage> {
  const response = await fetch(`${url}/api/threads/${threadId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: StoredMessage[] }).messages.at(-1)!;
}

const redisHealth = async (url: string) =>
  ((await (await fetch(`${url}/api/health`)).json()) as HealthResponse).services.redis;

const skip = !redisServerBinary();

describe.skipIf(skip)(
  "an instance whose Redis goes away mid-answer" + (skip ? " (skipped: no redis-server)" : ""),
  () => {
    const dir = tempCorpus();
    let redis: ServiceRecord & { kind: "redis" };
    /** Where the run's teardown finds this Redis if the file ends before afterAll. */
    const recordFile = path.join(inject("servicesDir"), `redis-outage-${randomUUID().slice(0, 8)}.json`);
    let server: ChildServer;
    const sockets: TestSocket[] = [];

    let running = false;
    const runRedis = async (port?: number) => {
      redis = (await startRedis(port)).record as ServiceRecord & { kind: "redis" };
      writeFileSync(recordFile, JSON.stringify(redis));
      running = true;
    };
    const stopRedis = async () => {
      running = false;
      await stopDescribed(redis);
      rmSync(recordFile, { force: true });
    };
    /** Redis answering again, on its port (a test that failed with it away leaves it so for the next). */
    const redisBack = async () => {
      if (!running) await runRedis(Number(new URL(redis.url).port));
      process.kill(redis.pid, "SIGCONT");
      await until(async () => (await redisHealth(server.url)) === "ok", "Redis answering the instance again");
    };

    beforeAll(async () => {
      await runRedis();
      server = await startChildServer(dir, {
        REDIS_URL: redis.url,
        REDIS_PREFIX: redisPrefix(),
        // One word every 60 ms: an answer streams for seconds, long enough to take Redis away in the middle.
        OFFLINE_STREAM_DELAY_MS: "60",
        RATE_LIMIT_CHAT_PER_MIN: "20",
      });
    }, 120_000);

    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await server?.kill();
      if (redis) await stopRedis().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    /** Asks while Redis answers, takes Redis away after the first tokens, and checks the rest arrives meanwhile. */
    async function answerWhileAway(takeAway: () => Promise<void> | void) {
      const socket = await client(server.url);
      sockets.push(socket);
      const turn = await ask(socket, QUESTION);
      await until(() => turn.tokens > 0, "the first token");
      // Redis answers: the events carry the offsets that let a reconnecting client be recovered.
      expect(turn.lastArgs.some((arg) => typeof arg === "string" && OFFSET.test(arg))).toBe(true);
      await takeAway();
      const tokensBefore = turn.tokens;
      await until(() => turn.ended !== "", "the answer's end while Redis is away");
      expect(turn.ended).toBe("done");
      // Tokens still came after Redis went away, and the client has the answer the server stored.
      expect(turn.tokens).toBeGreaterThan(tokensBefore);
      const stored = await storedAnswer(server.url, turn.threadId);
      expect(stored).toMatchObject({ id: turn.messageId, status: "done" });
      expect(turn.text).toBe(stored.text);
      // Redis is still away as the instance sees it.
      expect(await redisHealth(server.url)).toBe("down");
      // The conversation goes on while Redis is away: a question in the same thread is answered too.
      const next = await ask(socket, "Și despre diaspora?", turn.threadId);
      await until(() => next.ended !== "", "the follow-up's end while Redis is away");
      expect(next.ended).toBe("done");
      expect(next.text).toBe((await storedAnswer(server.url, turn.threadId)).text);
      return { socket, turn: next };
    }

    /**
     * With Redis back: events carry offsets again, and a client whose connection drops while the rest of the answer is
     * written is recovered when it comes back, and given exactly what it missed.
     */
    async function recoversOnceBack() {
      const socket = await client(server.url);
      sockets.push(socket);
      const turn = await ask(socket, QUESTION);
      await until(
        () => turn.tokens > 1 && OFFSET.test(String(turn.lastArgs.at(-1))),
        "a token with its offset",
      );
      const dropped = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      // The transport drops (a lost Wi-Fi), and the client stays away until the answer is finished and stored.
      socket.io.engine.close();
      await dropped;
      await until(
        async () => (await storedAnswer(server.url, turn.threadId)).status === "done",
        "the stored answer",
      );
      const seenBefore = turn.text;
      const back = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.connect();
      await back;
      expect(socket.recovered).toBe(true);
      await until(() => turn.ended !== "", "the answer's end after the reconnection");
      expect(turn.ended).toBe("done");
      const stored = await storedAnswer(server.url, turn.threadId);
      expect(seenBefore.length).toBeLessThan(stored.text.length);
      expect(turn.text).toBe(stored.text);
    }

    it("streams the rest of the answer while Redis is stopped, and recovers connections once it is back", async () => {
      await redisBack();
      await answerWhileAway(stopRedis);
      await redisBack();
      await recoversOnceBack();
    }, 90_000);

    it("streams the rest of the answer while Redis is frozen (no answer on an open connection)", async () => {
      await redisBack();
      const { socket, turn } = await answerWhileAway(() => void process.kill(redis.pid, "SIGSTOP"));
      await redisBack();
      // The packets Redis was storing when it froze are in the stream now, and the client already has them: when its
      // connection drops, it is not recovered from its last offset before the outage (which would replay them), but
      // starts afresh, and its page reads the stored answer.
      const dropped = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      socket.io.engine.close();
      await dropped;
      const back = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.connect();
      await back;
      expect(socket.recovered).toBe(false);
      expect(turn.text).toBe((await storedAnswer(server.url, turn.threadId)).text);
      await recoversOnceBack();
    }, 90_000);
  },
);
