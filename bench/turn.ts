// bench:turn — N chat turns over socket.io against the real server with the offline models, side by side
// with the same turns run in-process (runTurn without socket.io), plus start-up time with an existing index
// next to Node's own start-up (the floor). Prints a summary, then one JSON line.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { openRuntime } from "../server/bootstrap";
import { runTurn } from "../server/chat/runTurn";
import { loadConfig } from "../server/config";
import { openCheckpointer } from "../server/storage/checkpointer";
import { SqliteStorage } from "../server/storage/sqlite";
import { bundleServer } from "../server/prestart";
import { startRemoteFakes } from "./remote";
import { summarize } from "./stats";

const N = Number(process.env.BENCH_TURNS ?? 200);
const QUESTIONS = [
  "Ce spun oamenii despre pensiile speciale?",
  "Cum este discutată diaspora în campania electorală?",
  "Ce nemulțumiri există legate de prețul energiei?",
  "ce se zice despre coruptie in justitie",
  "Sunt taxele prea mari pentru firmele mici?",
  "Cum sunt văzute salariile din educație?",
];
const noop = () => {};

/** Milliseconds from spawning a command until a line matching `ready` appears on its stdout. */
function timeUntilReady(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        const ms = performance.now() - t0;
        child.kill("SIGTERM");
        resolve(ms);
      }
    });
    child.on("exit", (code) => {
      if (!ready.test(out)) reject(new Error(`${cmd} exited ${code} before ready: ${out}`));
    });
  });
}

async function main(): Promise<void> {
  const config = { ...loadConfig(), PORT: 0, LOG_LEVEL: "silent" as const, OFFLINE_STREAM_DELAY_MS: 0 };
  const runtime = await openRuntime({ config, buildIfMissing: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-"));
  // As `npm start` runs it (SQLite storage and checkpointer); the socket.io client runs in a child process, as a
  // browser runs elsewhere.
  const storage = new SqliteStorage(path.join(dataDir, "echochamber.db"));
  const checkpointer = openCheckpointer(dataDir);
  const app = createApp({ ...runtime, storage, checkpointer });
  await new Promise<void>((resolve) => app.http.listen(0, "127.0.0.1", resolve));
  const remote = await startRemoteFakes();
  const client = await remote.client(`http://127.0.0.1:${app.port()}`);

  const overSocket = { ttft: [] as number[], total: [] as number[] };
  const inProcess = { ttft: [] as number[], total: [] as number[] };

  for (let i = 0; i < N + 10; i++) {
    const q = QUESTIONS[i % QUESTIONS.length]!;
    const s = await client.turn(q);
    const t0 = performance.now();
    let ttft = NaN;
    await runTurn(
      runtime,
      { messageId: `bench-${i}`, question: q },
      {
        step: noop,
        sources: noop,
        annotation: noop,
        token: () => {
          if (Number.isNaN(ttft)) ttft = performance.now() - t0;
        },
      },
    );
    const total = performance.now() - t0;
    if (i < 10) continue; // warm-up
    overSocket.ttft.push(s.ttft);
    overSocket.total.push(s.total);
    inProcess.ttft.push(ttft);
    inProcess.total.push(total);
  }
  await remote.close();
  await app.close();
  await storage.close();

  // `npm start` runs the bundle that prestart writes; time it against Node printing a line (the floor).
  await bundleServer();
  const env = { ...process.env, PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  const startup: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 5; i++) {
    startup.push(await timeUntilReady(process.execPath, ["dist/server.mjs"], env, /gata în/));
    floor.push(await timeUntilReady(process.execPath, ["-e", "console.log('ready')"], env, /ready/));
  }
  rmSync(dataDir, { recursive: true, force: true });

  const result = {
    bench: "turn",
    turns: N,
    chunks: runtime.retriever.size,
    socket: { firstTokenMs: summarize(overSocket.ttft), totalMs: summarize(overSocket.total) },
    inProcess: { firstTokenMs: summarize(inProcess.ttft), totalMs: summarize(inProcess.total) },
    startupMs: { server: summarize(startup), nodeFloor: summarize(floor) },
    goals: { turnP95Ms: 50, startupMs: 3000 },
  };
  console.log(
    `turns over socket.io: first token p50 ${result.socket.firstTokenMs.p50} ms, p95 ${result.socket.firstTokenMs.p95} ms; total p50 ${result.socket.totalMs.p50} ms, p95 ${result.socket.totalMs.p95} ms`,
  );
  console.log(
    `same turns in-process: first token p95 ${result.inProcess.firstTokenMs.p95} ms; total p95 ${result.inProcess.totalMs.p95} ms`,
  );
  console.log(
    `start-up with an existing index: p50 ${result.startupMs.server.p50} ms (Node printing one line: ${result.startupMs.nodeFloor.p50} ms)`,
  );
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
