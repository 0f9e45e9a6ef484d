// bench:cluster — a class on one deployment, side by side in one run on loopback: C socket.io clients × T offline turns
// against one instance on SQLite (the default), against two instances on PostgreSQL + Redis, and against two instances
// behind a balancer of which one is killed (SIGKILL) mid-run. The servers run as `npm start` runs them (the bundle in
// dist/), each a child process; the clients run in another (bench/clusterLoad.ts). Afterwards every thread is read back
// to count what was lost or doubled. Prints a summary, then one JSON line.
// Options: --clients 200 --turns 10 --think-ms 250; --setups single,shared,killed (which to run; the ratio needs the
// first two; `through-redis` adds two instances whose Redis adapter is as it comes, REDIS_SOCKET_EVENTS, the baseline
// of server/cluster/localFirst.ts; shared and through-redis run in the order given); --records FILE (every client's
// turns as JSON, for a closer look); --profile DIR (each instance writes a V8 CPU profile there, `--cpu-prof`, and is
// stopped with SIGTERM so that it can). PostgreSQL and Redis:
// TEST_DATABASE_URL / TEST_REDIS_URL, or started here in a temp dir when installed.
import { fork } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import type { StoredMessage } from "../contract/threads";
import { bundleServer } from "../server/prestart";
import { startBalancer } from "../tests/support/balancer";
import { startChildServer, type ChildServer } from "../tests/support/childServer";
import {
  startPostgres,
  startRedis,
  type RunningService,
  type ServiceRecord,
} from "../tests/support/services";
import type { ClientRecord, LoadCommand, LoadMessage } from "./clusterLoad";
import { processCpuMs } from "./procStats";
import { summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    turns: { type: "string", default: "10" },
    "think-ms": { type: "string", default: "250" },
    setups: { type: "string", default: "single,shared,killed" },
    profile: { type: "string" },
    records: { type: "string" },
  },
});
const SETUPS = new Set(values.setups.split(","));
const PROFILE_DIR = values.profile ? path.resolve(values.profile) : null;
const CLIENTS = Number(values.clients);
const TURNS = Number(values.turns);
const THINK_MS = Number(values["think-ms"]);

interface Instance extends ChildServer {
  /** The end of a setup: SIGKILL, or SIGTERM when profiling (a profile is written at a clean exit only). */
  stop(): Promise<void>;
}

/** An instance as `npm start` runs it (the bundle), optionally profiled. */
async function startInstance(dir: string, env: Record<string, string>, name: string): Promise<Instance> {
  const profile = PROFILE_DIR ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(PROFILE_DIR, name)}`] : [];
  const server = await startChildServer(
    dir,
    { OFFLINE_STREAM_DELAY_MS: "0", LOG_LEVEL: "error", INSTANCE_STALE_MS: "3000", ...env },
    { nodeArgs: [...profile, "--enable-source-maps", "dist/server.mjs"], echoStderr: true },
  );
  return { ...server, stop: () => server.kill(PROFILE_DIR ? "SIGTERM" : "SIGKILL") };
}

/** Runs the clients in a child process; `onProgress` hears how many turns have ended so far. */
function runLoad(command: LoadCommand, onProgress?: (turns: number) => void): Promise<ClientRecord[]> {
  const child = fork(path.join(ROOT, "bench", "clusterLoad.ts"), [], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.on("message", (message: LoadMessage) => {
      if ("progress" in message) onProgress?.(message.progress);
      else resolve(message.result);
    });
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the load process exited ${code}`));
    });
    child.send(command);
  });
}

interface Audit {
  turns: number;
  done: number;
  errors: number;
  /** Turns whose instance died under them: stored as interrupted, not lost. */
  interrupted: number;
  /** A sent question or an acknowledged answer missing from its thread. */
  lost: number;
  /** A question or an answer stored more than once. */
  doubled: number;
}

/** Reads every client's thread back and checks each sent question and acknowledged answer is there exactly once. */
async function audit(url: string, records: ClientRecord[]): Promise<Audit> {
  const result: Audit = { turns: 0, done: 0, errors: 0, interrupted: 0, lost: 0, doubled: 0 };
  for (const record of records) {
    const turns = record.turns;
    result.turns += turns.length;
    result.done += turns.filter((t) => t.outcome === "done").length;
    result.errors += turns.filter((t) => t.outcome === "error").length;
    result.interrupted += turns.filter((t) => t.outcome === "interrupted" || t.outcome === "unacked").length;
    if (!record.threadId) {
      result.lost += turns.filter((t) => t.outcome !== "unacked").length;
      continue;
    }
    const response = await fetch(`${url}/api/threads/${record.threadId}`);
    const messages = response.ok ? ((await response.json()) as { messages: StoredMessage[] }).messages : [];
    const questions = new Map<string, number>();
    for (const m of messages) if (m.role === "user") questions.set(m.text, (questions.get(m.text) ?? 0) + 1);
    const answers = new Map<string, StoredMessage>(
      messages.filter((m) => m.role === "assistant").map((m) => [m.id, m]),
    );
    for (const t of turns) {
      const count = questions.get(t.text) ?? 0;
      // A question whose send never got its ack may or may not have been stored; one that was acked must be.
      if (count === 0 && t.outcome !== "unacked") result.lost++;
      if (count > 1) result.doubled += count - 1;
      if (t.messageId && !answers.has(t.messageId)) result.lost++;
      if (t.outcome === "done" && answers.get(t.messageId!)?.status !== "done") result.lost++;
    }
    const ids = messages.map((m) => m.id);
    result.doubled += ids.length - new Set(ids).size;
  }
  return result;
}

function figures(records: ClientRecord[]) {
  const turns = records.flatMap((r) => r.turns);
  const total = turns.map((t) => t.totalMs).filter((x): x is number => x !== null);
  const first = turns.map((t) => t.firstTokenMs).filter((x): x is number => x !== null);
  // When the clients got connected (the load waits for all of them before the first question).
  const connected = summarize(records.map((r) => r.connectedMs));
  // Every client's first turn, all asked within one think time of fresh instances, apart from the steady turns after.
  const opening = records.map((r) => r.turns[0]?.totalMs).filter((x): x is number => x != null);
  const later = records
    .flatMap((r) => r.turns.slice(1))
    .map((t) => t.totalMs)
    .filter((x): x is number => x !== null);
  return {
    turn: summarize(total),
    firstToken: summarize(first),
    firstTurns: summarize(opening),
    laterTurns: summarize(later),
    connectedMs: connected,
  };
}

interface SetupRun {
  records: ClientRecord[];
  seconds: number;
  /** CPU time used over the run (user + system, /proc), ms: the instances together, PostgreSQL, Redis; null unknown. */
  cpuMs: CpuUse;
  audit: Audit;
}

/** The PostgreSQL and Redis started here, whose CPU time can be read (not those of TEST_DATABASE_URL/TEST_REDIS_URL). */
function serviceMeters(
  started: (RunningService & { record?: ServiceRecord })[],
): Record<string, () => number | null> {
  const meters: Record<string, () => number | null> = {};
  for (const service of started) {
    const record = service.record;
    if (record?.kind === "redis") meters.redis = () => processCpuMs(record.pid);
    if (record?.kind === "postgres") {
      meters.postgres = () => {
        const pid = Number(
          readFileSync(path.join(record.dir, "data", "postmaster.pid"), "utf8").split("\n")[0],
        );
        return processCpuMs(pid, true);
      };
    }
  }
  return meters;
}

interface CpuUse {
  instances: number | null;
  postgres?: number | null;
  redis?: number | null;
}

/**
 * Starts measuring the CPU time of the instances and services; the function returned ends it. CPU time per turn says
 * where a setup's work goes (instances, PostgreSQL, Redis), and moves less with what else runs on the machine than
 * the latencies do (it still moves: the single instance's swung 12.7–18.9 ms a turn on the shared 2-core machine).
 */
function measureCpu(instances: Instance[], services: Record<string, () => number | null>): () => CpuUse {
  const read = (): CpuUse => {
    const each = instances.map((i) => processCpuMs(i.child.pid));
    const use: CpuUse = {
      instances: each.some((x) => x === null) ? null : each.reduce<number>((a, x) => a + x!, 0),
    };
    for (const [name, meter] of Object.entries(services)) use[name as "postgres" | "redis"] = meter();
    return use;
  };
  const before = read();
  return () => {
    const after = read();
    const delta = (k: keyof CpuUse) => {
      const [b, a] = [before[k], after[k]];
      return b === null || b === undefined || a === null || a === undefined ? null : a - b;
    };
    const use: CpuUse = { instances: delta("instances") };
    if ("postgres" in before) use.postgres = delta("postgres");
    if ("redis" in before) use.redis = delta("redis");
    return use;
  };
}

/** CPU time per turn, ms, by part (instances, postgres, redis) and in total; null where unknown. */
function cpuPerTurn(run: SetupRun): Record<string, number | null> {
  const perTurn = (x: number | null | undefined) =>
    x === null || x === undefined ? null : Math.round((x / Math.max(1, run.audit.turns)) * 100) / 100;
  const parts = Object.fromEntries(Object.entries(run.cpuMs).map(([k, v]) => [k, perTurn(v)]));
  const values = Object.values(parts);
  const total = values.some((x) => x === null)
    ? null
    : Math.round(values.reduce<number>((a, x) => a + x!, 0) * 100) / 100;
  return { ...parts, total };
}

async function withDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `ec_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

type KilledRun = { records: ClientRecord[]; killedAt: number | null; audit: Audit };

/** Prints a line per setup run, the ratio, and the JSON line. */
function report(
  single: SetupRun | null,
  shared: SetupRun | null,
  killed: KilledRun | null,
  throughRedis: SetupRun | null = null,
): void {
  const load = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const cpuText = (cpu: Record<string, number | null>) =>
    `; CPU a turn ${cpu.total ?? "?"} ms (` +
    Object.entries(cpu)
      .filter(([k]) => k !== "total")
      .map(([k, v]) => `${k} ${v ?? "?"}`)
      .join(", ") +
    ")";
  const line = (
    name: string,
    f: ReturnType<typeof figures>,
    au: Audit,
    cpu?: Record<string, number | null>,
  ) =>
    `${name}: turn p50 ${f.turn.p50} ms, p95 ${f.turn.p95} ms (clients' first turns p50 ${f.firstTurns.p50}, later turns p95 ${f.laterTurns.p95}); ` +
    `first token p50 ${f.firstToken.p50}, p95 ${f.firstToken.p95} ms; ` +
    `${au.done}/${au.turns} done, ${au.errors} errors, ${au.interrupted} interrupted, ${au.lost} lost, ${au.doubled} doubled; ` +
    `clients connected by p50 ${f.connectedMs.p50} / max ${f.connectedMs.max} ms` +
    (cpu ? cpuText(cpu) : "") +
    "\n";
  const a = single && figures(single.records);
  const b = shared && figures(shared.records);
  const c = killed && figures(killed.records);
  if (single && a)
    process.stdout.write(line("one instance, SQLite         ", a, single.audit, cpuPerTurn(single)));
  if (shared && b)
    process.stdout.write(line("two instances, PG + Redis    ", b, shared.audit, cpuPerTurn(shared)));
  const t = throughRedis && figures(throughRedis.records);
  if (throughRedis && t)
    process.stdout.write(
      line("two, adapter as it comes     ", t, throughRedis.audit, cpuPerTurn(throughRedis)),
    );
  if (killed && c) process.stdout.write(line("two, one killed mid-run      ", c, killed.audit));
  const ratioOf = (f: ReturnType<typeof figures> | null) =>
    a && f ? Math.round((f.turn.p95 / a.turn.p95) * 100) / 100 : null;
  const ratio = ratioOf(b);
  const throughRedisRatio = ratioOf(t);
  const [singleCpu, sharedCpu] = [single && cpuPerTurn(single).total, shared && cpuPerTurn(shared).total];
  const cpuRatio = singleCpu && sharedCpu ? Math.round((sharedCpu / singleCpu) * 100) / 100 : null;
  process.stdout.write(
    `p95 ratio (shared / single): ${ratio ?? "—"} (goal ≤ 1.5); CPU a turn, shared / single: ${cpuRatio ?? "—"}; ` +
      (throughRedis ? `p95 ratio with the adapter as it comes: ${throughRedisRatio ?? "—"}; ` : "") +
      `killed after ${killed?.killedAt ?? "—"} turns; load average ${load.join(", ")}\n`,
  );
  const reconnects = killed?.records.reduce((n, r) => n + r.reconnects, 0) ?? null;
  const run = (r: SetupRun, f: ReturnType<typeof figures>) => ({
    ...f,
    ...r.audit,
    seconds: Math.round(r.seconds * 10) / 10,
    cpuMsPerTurn: cpuPerTurn(r),
  });
  const audits = [single?.audit, shared?.audit, throughRedis?.audit, killed?.audit].filter((x): x is Audit =>
    Boolean(x),
  );
  process.stdout.write(
    JSON.stringify({
      bench: "cluster",
      clients: CLIENTS,
      turns: TURNS,
      thinkMs: THINK_MS,
      single: single && a ? run(single, a) : null,
      shared: shared && b ? run(shared, b) : null,
      throughRedis: throughRedis && t ? run(throughRedis, t) : null,
      killed: killed && c ? { ...c, ...killed.audit, killedAfterTurns: killed.killedAt, reconnects } : null,
      p95Ratio: ratio,
      p95RatioThroughRedis: throughRedisRatio,
      cpuRatio,
      goals: {
        noErrorsLostDoubled: audits.every((x) => x.errors === 0 && x.lost === 0 && x.doubled === 0),
        p95WithinOneAndAHalf: ratio === null ? null : ratio <= 1.5,
      },
      loadAverage: load,
    }) + "\n",
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `bench:cluster — ${CLIENTS} clients × ${TURNS} offline turns, think time ${THINK_MS} ms\n`,
  );
  await bundleServer();
  const started: (RunningService & { record?: ServiceRecord })[] = [];
  const databaseServer =
    process.env.TEST_DATABASE_URL || (started.push(await startPostgres()), started.at(-1)!.url);
  const redisUrl = process.env.TEST_REDIS_URL || (started.push(await startRedis()), started.at(-1)!.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-cluster-"));
  cpSync(path.join(ROOT, "corpus", "cleaned"), path.join(dir, "corpus", "cleaned"), { recursive: true });
  const instances: Instance[] = [];
  const command = (urls: string[]): LoadCommand => ({
    urls,
    clients: CLIENTS,
    turns: TURNS,
    thinkMs: THINK_MS,
    startedAt: 0,
  });
  try {
    // 1. One instance, SQLite: the default. It also builds the corpus index the others use.
    const single = await startInstance(dir, { DATA_DIR: path.join(dir, "single") }, "single");
    instances.push(single);
    let singleRun: SetupRun | null = null;
    if (SETUPS.has("single")) {
      const t1 = performance.now();
      const cpu = measureCpu([single], {});
      const records = await runLoad(command([single.url]));
      const seconds = (performance.now() - t1) / 1000;
      const cpuMs = cpu();
      singleRun = { records, seconds, cpuMs, audit: await audit(single.url, records) };
    }
    await single.stop();

    // 2. Two instances, PostgreSQL + Redis, the clients split between them: as `npm start` runs them ("shared"), and
    // with the Redis streams adapter as it comes ("through-redis", REDIS_SOCKET_EVENTS), in the order --setups names.
    const runShared = (label: string, events: string) =>
      withDatabase(databaseServer, async (databaseUrl): Promise<SetupRun> => {
        const env = {
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          REDIS_PREFIX: `bench-${label}-${Date.now()}`,
          REDIS_SOCKET_EVENTS: events,
        };
        const pair = [
          await startInstance(dir, env, `${label}-a`),
          await startInstance(dir, env, `${label}-b`),
        ];
        instances.push(...pair);
        const t0 = performance.now();
        const cpu = measureCpu(pair, serviceMeters(started));
        const records = await runLoad(command(pair.map((i) => i.url)));
        const seconds = (performance.now() - t0) / 1000;
        const cpuMs = cpu();
        const result = { records, seconds, cpuMs, audit: await audit(pair[0]!.url, records) };
        for (const instance of pair) await instance.stop();
        return result;
      });
    let shared: SetupRun | null = null;
    let throughRedis: SetupRun | null = null;
    for (const setup of values.setups.split(",")) {
      if (setup === "shared") shared = await runShared("shared", "local-first");
      if (setup === "through-redis") throughRedis = await runShared("through-redis", "through-redis");
    }

    // 3. The same behind a balancer, one instance killed when 40% of the turns have ended.
    const killed = !SETUPS.has("killed")
      ? null
      : await withDatabase(databaseServer, async (databaseUrl) => {
          const env = {
            DATABASE_URL: databaseUrl,
            REDIS_URL: redisUrl,
            REDIS_PREFIX: `bench-kill-${Date.now()}`,
          };
          const pair = [await startInstance(dir, env, "killed-a"), await startInstance(dir, env, "killed-b")];
          instances.push(...pair);
          const balancer = await startBalancer(pair.map((i) => i.port));
          let killedAt: number | null = null;
          const records = await runLoad(command([balancer.url]), (turns) => {
            if (killedAt === null && turns >= 0.4 * CLIENTS * TURNS) {
              killedAt = turns;
              void pair[1]!.kill();
            }
          });
          // The survivor marks the dead one's answers interrupted once its silence exceeds INSTANCE_STALE_MS.
          await new Promise((resolve) => setTimeout(resolve, 4000));
          const result = { records, killedAt, audit: await audit(pair[0]!.url, records) };
          await balancer.close();
          for (const instance of pair) await instance.stop();
          return result;
        });

    report(singleRun, shared, killed, throughRedis);
    if (values.records) {
      const records = {
        single: singleRun?.records,
        shared: shared?.records,
        throughRedis: throughRedis?.records,
        killed: killed?.records,
      };
      writeFileSync(values.records, JSON.stringify(records));
    }
  } finally {
    for (const instance of instances) await instance.kill();
    for (const service of started) await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:cluster failed: ${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
