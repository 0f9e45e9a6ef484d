// What the local-first wrapper (server/cluster/localFirst.ts) costs while Redis answers: one socket.io server with
// connection state recovery, socket.emit to one client, through socket.io's Redis streams adapter as it comes and
// through the wrapper, side by side on one Redis (TEST_REDIS_URL, or one started here), alternating which goes first.
// Measured: the latency of spaced events (emit → client, a token every 2 ms) and the time for a burst. Then, with Redis
// frozen (SIGSTOP, only for a Redis started here), the wrapper's latency of spaced events.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io as connect } from "socket.io-client";
import { localFirst, REDIS_WAIT_MS } from "../server/cluster/localFirst";
import type { RedisClient } from "../server/cluster/redis";
import { startRedis } from "../tests/support/services";
import { summarize } from "./stats";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "6" },
    spaced: { type: "string", default: "300" },
    burst: { type: "string", default: "5000" },
  },
});
const ROUNDS = Number(values.rounds);
const SPACED = Number(values.spaced);
const BURST = Number(values.burst);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  emitter: ServerSocket;
  /** Resolves when the client has `n` events in all; `at` holds each one's arrival time. */
  received(n: number): Promise<void>;
  at: number[];
  close(): Promise<void>;
}

async function rig(url: string, wrapped: boolean): Promise<Rig> {
  const client = createClient({ url });
  client.on("error", () => undefined);
  await client.connect();
  const streams = createAdapter(client, {
    streamName: `bench-${Math.random().toString(36).slice(2)}`,
    onlyPlaintext: true,
  });
  const http = createServer();
  const io = new Server(http, {
    connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
    adapter: wrapped ? localFirst(streams, client as unknown as RedisClient, quiet) : streams,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
  const port = (http.address() as { port: number }).port;
  const connected = new Promise<ServerSocket>((resolve) => io.once("connection", resolve));
  const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"] });
  const emitter = await connected;
  const at: number[] = [];
  let wanted = Infinity;
  let reached: () => void = () => undefined;
  socket.on("t", () => {
    at.push(performance.now());
    if (at.length >= wanted) reached();
  });
  return {
    emitter,
    at,
    received(n) {
      wanted = n;
      return at.length >= n ? Promise.resolve() : new Promise((resolve) => (reached = resolve));
    },
    async close() {
      socket.disconnect();
      await io.close();
      await client.quit().catch(() => undefined);
    },
  };
}

/** Latency of each of SPACED events sent 2 ms apart, in ms. */
async function spaced(r: Rig): Promise<number[]> {
  const sent: number[] = [];
  const start = r.at.length;
  for (let i = 0; i < SPACED; i++) {
    sent.push(performance.now());
    r.emitter.emit("t", { i, text: "cuvânt " });
    await sleep(2);
  }
  await r.received(start + SPACED);
  return sent.map((t, i) => r.at[start + i]! - t);
}

/** Time for BURST events sent at once to arrive, in ms. */
async function burst(r: Rig): Promise<number> {
  const start = r.at.length;
  const t0 = performance.now();
  for (let i = 0; i < BURST; i++) r.emitter.emit("t", { i, text: "cuvânt " });
  await r.received(start + BURST);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const own = process.env.TEST_REDIS_URL ? null : await startRedis();
  const url = process.env.TEST_REDIS_URL || own!.url;
  const latency = { raw: [] as number[], wrapped: [] as number[] };
  const bursts = { raw: [] as number[], wrapped: [] as number[] };
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const order: Array<"raw" | "wrapped"> = round % 2 ? ["wrapped", "raw"] : ["raw", "wrapped"];
      for (const kind of order) {
        const r = await rig(url, kind === "wrapped");
        const lat = await spaced(r);
        const ms = await burst(r);
        await r.close();
        // Round 0 warms both up and is not counted.
        if (round === 0) continue;
        latency[kind].push(...lat);
        bursts[kind].push(ms);
      }
    }
    let frozen: ReturnType<typeof summarize> | null = null;
    if (own?.record.kind === "redis") {
      const r = await rig(url, true);
      process.kill(own.record.pid, "SIGSTOP");
      try {
        frozen = summarize(await spaced(r));
      } finally {
        process.kill(own.record.pid, "SIGCONT");
      }
      await r.close();
    }
    const result = {
      rounds: ROUNDS,
      spacedEvents: SPACED,
      burstEvents: BURST,
      latencyMs: { raw: summarize(latency.raw), wrapped: summarize(latency.wrapped) },
      burstMs: { raw: summarize(bursts.raw), wrapped: summarize(bursts.wrapped) },
      burstRatioP50: +(summarize(bursts.wrapped).p50 / summarize(bursts.raw).p50).toFixed(2),
      frozenRedisLatencyMs: frozen,
    };
    const f = (s: ReturnType<typeof summarize>) => `p50 ${s.p50}, p95 ${s.p95}, max ${s.max} ms`;
    console.log(`socket.emit → client, one every 2 ms: streams adapter ${f(result.latencyMs.raw)}`);
    console.log(`                                     local-first     ${f(result.latencyMs.wrapped)}`);
    console.log(
      `${BURST} at once: streams adapter p50 ${result.burstMs.raw.p50} ms, local-first p50 ${result.burstMs.wrapped.p50} ms (×${result.burstRatioP50})`,
    );
    if (frozen)
      console.log(
        `Redis frozen (SIGSTOP), local-first: ${f(frozen)} (the first ones wait ${REDIS_WAIT_MS} ms for Redis)`,
      );
    console.log(JSON.stringify(result));
  } finally {
    await own?.stop();
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
