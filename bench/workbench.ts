// The workbench's server side, measured against baselines in one run (npm run bench:workbench):
//  - a 10,000-row CSV uploaded and parsed into a data set over REST (rows/s) next to csv-parse reading the same file;
//  - offline:lexicon over those rows through the job system (pool, batch engine, store, progress events) next to the
//    bare annotator in a loop (the job machinery's overhead; goal ≤ 20 %);
//  - the server's memory during a 100,000-row job (goal: grows by < 200 MB; rows stream, they are not held whole);
//  - offline chat turns while that job runs next to the same turns on an idle server (the job must not starve chat).
// The server runs as `npm start` runs it, in a child process whose resident memory is read from /proc.
// UI part (--ui): the results table's longest main-thread task while scrolling 10,000 rows and while progress events
// arrive (goal < 50 ms), against rendering every row; bench/workbenchUi.ts, the page alone against a stand-in server.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import type { DatasetResponse, Job, RunResponse, UploadPreview } from "../contract/workbench";
import { annotateLexicon } from "../server/models/offline/lexicon";
import { LEXICON_MODEL } from "../server/annotation/annotators";
import { SqliteWorkbenchStore } from "../server/workbench/sqlite";
import { lexiconOutcomes } from "../server/workbench/lexiconWorker/outcomes";
import { CODEBOOK_VERSION } from "../contract/annotation";
import { residentMb, threadCpuSeconds } from "./procStats";
import { summarize } from "./stats";
import { agreementBench } from "./workbenchAgreement";
import { runWorkbenchUiBench } from "./workbenchUi";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const UPLOAD_ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const MEMORY_ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 100_000);
const CHAT_TURNS = Number(process.env.BENCH_TURNS ?? 40);
/** Rounds of the lexicon comparison; the medians are reported (a shared machine's timings wander). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const OVERHEAD_GOAL = 0.2;
const MEMORY_GOAL_MB = 200;

const OPENINGS = [
  "Guvernul",
  "Poporul",
  "Ministrul Sănătății",
  "Primăria",
  "Românii de rând",
  "Parlamentul",
  "Profesorii",
];
const MIDDLES = [
  "ne fură pensiile",
  "a anunțat o nouă taxă",
  "nu e bine deloc",
  "a făcut o treabă foarte bună",
  "cere salarii mai mari",
  "mută ședința pe joi",
  "e plin de hoți și trădători",
];
const ENDINGS = ["!", ".", "?", " 😡", "... bravo!", ", încă o scumpire la curent.", " Mulțumim frumos."];

function comment(i: number): string {
  return `${OPENINGS[i % 7]} ${MIDDLES[Math.floor(i / 7) % 7]}${ENDINGS[Math.floor(i / 49) % 7]} (nr. ${i})`;
}

/** Comments numbered from `from`: each measurement gets texts no earlier one saw (the lexicon caches tokens). */
function comments(rows: number, from: number): string[] {
  return Array.from({ length: rows }, (_, i) => comment(from + i));
}

function writeCsv(file: string, rows: number, from = 0): void {
  const lines = ["id,text,eticheta"];
  for (let i = 0; i < rows; i++) lines.push(`c${i},"${comment(from + i)}",${i % 3}`);
  writeFileSync(file, lines.join("\n") + "\n");
}

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(dir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/API_KEY|BASE_URL|^MODEL_|^PORT$/.test(key)) delete env[key];
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (NODE_OPTIONS refuses those flags).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], {
    cwd: REPO,
    env: {
      ...env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      CORPUS_DIR: path.join(dir, "corpus"),
      DATA_DIR: path.join(dir, "data"),
      WORKBENCH_MAX_ROWS: String(Math.max(MEMORY_ROWS, UPLOAD_ROWS)),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (process.env.SCRATCH_SERVER_OUT) process.stderr.write(chunk);
      const match = /rulează pe (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  /** The server's main thread alone (the rest: the lexicon worker, the garbage collector's and libuv's threads). */
  mainThreadCpuSeconds?: number;
}

/** Wall and CPU time of work done in this process. */
async function timed(work: () => Promise<void> | void): Promise<Timing> {
  const cpu = threadCpuSeconds(process.pid);
  const started = performance.now();
  await work();
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: threadCpuSeconds(process.pid) - cpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * fetch, tried once more when the connection breaks before an answer (a keep-alive connection the server closed just as
 * the request went out: a race of HTTP/1.1 itself, not the server's doing).
 */
async function send(url: string, init: () => RequestInit): Promise<Response> {
  try {
    return await fetch(url, init());
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return fetch(url, init());
  }
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body;
}

async function createDataset(url: string, file: string): Promise<{ datasetId: string; seconds: number }> {
  const started = performance.now();
  const bytes = new Uint8Array(readFileSync(file));
  const form = () => {
    const data = new FormData();
    data.append("file", new Blob([bytes]), path.basename(file));
    return data;
  };
  const preview = await json<UploadPreview>(
    await send(`${url}/api/workbench/uploads`, () => ({ method: "POST", body: form() })),
  );
  const created = await json<DatasetResponse>(
    await send(`${url}/api/workbench/datasets`, () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        uploadId: preview.uploadId,
        mapping: {
          text: "text",
          id: "id",
          gold: [
            { field: "ton", column: "eticheta", values: { "0": "negativ", "1": "neutru", "2": "pozitiv" } },
          ],
        },
      }),
    })),
  );
  return { datasetId: created.dataset.id, seconds: (performance.now() - started) / 1000 };
}

async function runLexicon(
  url: string,
  socket: ClientSocket,
  datasetId: string,
): Promise<{ jobId: string; done: Promise<number> }> {
  const started = performance.now();
  const { job } = await json<RunResponse>(
    await send(`${url}/api/workbench/runs`, () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ datasetId, models: ["offline:lexicon"] }),
    })),
  );
  const done = new Promise<number>((resolve, reject) => {
    const listener = (e: { job: Job }) => {
      if (e.job.id !== job.id || (e.job.status !== "done" && e.job.status !== "failed")) return;
      socket.off("job:status", listener);
      if (e.job.status === "failed") reject(new Error(e.job.error?.message));
      else resolve((performance.now() - started) / 1000);
    };
    socket.on("job:status", listener);
  });
  return { jobId: job.id, done };
}

/** One offline chat turn: milliseconds to its first token. */
function chatTurn(socket: ClientSocket, i: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let messageId = "";
    let first = -1;
    const onToken = (e: { messageId: string }) => {
      if (e.messageId === messageId && first < 0) first = performance.now() - started;
    };
    const onDone = (e: { messageId: string }) => {
      if (e.messageId !== messageId) return;
      socket.off("chat:token", onToken);
      socket.off("chat:done", onDone);
      resolve(first);
    };
    socket.on("chat:token", onToken);
    socket.on("chat:done", onDone);
    socket.emit("chat:send", { text: `Ce spun comentariile despre pensii? (${i})` }, (ack) => {
      if (!ack.ok) reject(new Error(ack.error.message));
      else messageId = ack.data.messageId;
    });
  });
}

async function chatTurns(socket: ClientSocket, n: number, until?: () => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n && (!until || !until()); i++) times.push(await chatTurn(socket, i));
  return times;
}

/**
 * The second baseline: the bare annotator plus the same store writes (a fresh SQLite file, 500 rows a transaction),
 * in this process, without the job machinery (runner, pool, slices, pages, progress). What the job adds over this is
 * the machinery itself; what this adds over the bare loop is the price of keeping every row durably.
 */
async function annotateAndStore(file: string, texts: string[]): Promise<Timing> {
  const store = new SqliteWorkbenchStore(file);
  const datasetId = await store.beginDataset({
    name: "baseline",
    source: "cli",
    sourceFile: "baseline",
    format: "csv",
    encoding: "utf-8",
    bytes: 0,
    mapping: { text: "text" },
    contentHash: null,
  });
  for (let i = 0; i < texts.length; i += 500) {
    const items = texts
      .slice(i, i + 500)
      .map((text, j) => ({ idx: i + j, itemId: `c${i + j}`, text, meta: {}, gold: {} }));
    await store.addItems(datasetId, items);
  }
  const run = await store.createRun({
    datasetId,
    jobId: "baseline",
    models: [LEXICON_MODEL],
    temperature: 0,
    repeats: 1,
    codebookVersion: CODEBOOK_VERSION,
    promptHashes: {},
    origin: "cli",
  });
  // The job writes up to 1,000 outcomes a transaction (runJob.ts); so does this loop, with the outcomes the job's
  // threads and main thread make between them (lexiconOutcomes: the dictionary, the JSON, the labels), on one thread.
  const timing = await timed(async () => {
    for (let i = 0; i < texts.length; i += 1000) {
      const rows = texts.slice(i, i + 1000).map((text, j) => ({ idx: i + j, text, repeats: [1] }));
      await store.saveOutcomes(run.id, lexiconOutcomes(rows, "baseline"));
    }
  });
  await store.close();
  return timing;
}

/**
 * The page's part (bench/workbenchUi.ts): the table in Chromium. It serves the page from a stand-in of this server
 * (same contract, generated rows, progress at a fixed rate), so the figures are the page's alone, not the server's.
 */
async function uiPart(_url: string) {
  return runWorkbenchUiBench((text) => process.stdout.write(text));
}

/** A lexicon job on a data set: wall time from the request to the `done` event, and the server's CPU time meanwhile. */
async function jobTiming(server: Server, socket: ClientSocket, datasetId: string): Promise<Timing> {
  const pid = server.child.pid!;
  const [cpu, mainCpu] = [threadCpuSeconds(pid), threadCpuSeconds(pid, true)];
  const seconds = await (await runLexicon(server.url, socket, datasetId)).done;
  return {
    seconds,
    cpuSeconds: threadCpuSeconds(pid) - cpu,
    mainThreadCpuSeconds: threadCpuSeconds(pid, true) - mainCpu,
  };
}

/**
 * Rounds of: the bare annotator over 10,000 new texts (in this process), annotate + the same store writes over another
 * 10,000 (a fresh SQLite file), and a job over a third 10,000 uploaded to the server. Every measurement sees texts no
 * earlier one saw, so that none profits from the lexicon's token cache; both processes are warmed the same way first.
 */
async function lexiconRounds(dir: string, server: Server, socket: ClientSocket) {
  const warm = path.join(dir, "warm.csv");
  writeCsv(warm, 2000, 90_000_000);
  for (const text of comments(2000, 91_000_000)) annotateLexicon(text);
  await jobTiming(server, socket, (await createDataset(server.url, warm)).datasetId);

  const rounds: { bare: Timing; stored: Timing; job: Timing }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const from = (round + 1) * 3 * UPLOAD_ROWS;
    const bareTexts = comments(UPLOAD_ROWS, from);
    const bare = await timed(() => {
      for (const text of bareTexts) annotateLexicon(text);
    });
    const stored = await annotateAndStore(
      path.join(dir, `baseline-${round}.db`),
      comments(UPLOAD_ROWS, from + UPLOAD_ROWS),
    );
    const file = path.join(dir, `round-${round}.csv`);
    writeCsv(file, UPLOAD_ROWS, from + 2 * UPLOAD_ROWS);
    const job = await jobTiming(server, socket, (await createDataset(server.url, file)).datasetId);
    rounds.push({ bare, stored, job });
  }
  const ms = (values: number[]) => Math.round(median(values) * 1000) / 1000;
  const summary = (pick: (r: (typeof rounds)[number]) => Timing): Timing => ({
    seconds: ms(rounds.map((r) => pick(r).seconds)),
    cpuSeconds: ms(rounds.map((r) => pick(r).cpuSeconds)),
    ...(pick(rounds[0]!).mainThreadCpuSeconds === undefined
      ? {}
      : { mainThreadCpuSeconds: ms(rounds.map((r) => pick(r).mainThreadCpuSeconds!)) }),
  });
  const bare = summary((r) => r.bare);
  const stored = summary((r) => r.stored);
  const job = summary((r) => r.job);
  const ratio = (a: number, b: number) => Math.round((a / b - 1) * 1000) / 1000;
  const overhead = ratio(job.seconds, bare.seconds);
  return {
    rows: UPLOAD_ROWS,
    rounds: ROUNDS,
    job,
    bare,
    annotateAndStore: stored,
    overhead,
    cpuOverhead: ratio(job.cpuSeconds, bare.cpuSeconds),
    machineryOverhead: ratio(job.seconds, stored.seconds),
    machineryCpuOverhead: ratio(job.cpuSeconds, stored.cpuSeconds),
    goal: OVERHEAD_GOAL,
    ok: overhead <= OVERHEAD_GOAL,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-workbench-"));
  cpSync(path.join(REPO, "corpus", "cleaned"), path.join(dir, "corpus", "cleaned"), { recursive: true });
  const small = path.join(dir, "comentarii-10k.csv");
  const large = path.join(dir, "comentarii-100k.csv");
  writeCsv(small, UPLOAD_ROWS);
  writeCsv(large, MEMORY_ROWS);
  const server = await startServer(dir);
  const socket: ClientSocket = connect(server.url, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  await new Promise<void>((resolve) => socket.emit("job:subscribe", {}, () => resolve()));
  try {
    // 1. Upload and parse, next to csv-parse alone on the same bytes.
    const parseStarted = performance.now();
    const parsed = parse(readFileSync(small), { columns: true }) as unknown[];
    const parseSeconds = (performance.now() - parseStarted) / 1000;
    const uploaded = await createDataset(server.url, small);

    // 2. The lexicon through the job system, next to the bare annotator and to annotate + the same store writes.
    const lexicon = await lexiconRounds(dir, server, socket);

    // 4. The agreement view on the first 10,000-row data set, and the review flow while it is recomputed.
    const agreement = await agreementBench(
      server.url,
      uploaded.datasetId,
      UPLOAD_ROWS,
      send,
      async (runId) => {
        for (;;) {
          const { job } = await json<RunResponse>(
            await send(`${server.url}/api/workbench/runs/${runId}`, () => ({})),
          );
          if (job.status === "done") return;
          if (job.status === "failed") throw new Error(job.error?.message);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    );

    // 3. Chat turns on the idle server, then memory and chat turns during a 100,000-row job.
    await chatTurns(socket, 5);
    const idleTurns = await chatTurns(socket, CHAT_TURNS);
    const big = await createDataset(server.url, large);
    const baseline = residentMb(server.child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMb(server.child.pid!))), 100);
    const bigRun = await runLexicon(server.url, socket, big.datasetId);
    let finished = false;
    const bigSeconds = bigRun.done.then((s) => {
      finished = true;
      return s;
    });
    const busyTurns = await chatTurns(socket, CHAT_TURNS, () => finished);
    const memorySeconds = await bigSeconds;
    clearInterval(sampler);
    peak = Math.max(peak, residentMb(server.child.pid!));

    const result = {
      upload: {
        rows: UPLOAD_ROWS,
        seconds: Math.round(uploaded.seconds * 1000) / 1000,
        rowsPerS: Math.round(UPLOAD_ROWS / uploaded.seconds),
        csvParseRowsPerS: Math.round(parsed.length / parseSeconds),
      },
      lexicon,
      agreement,
      memory: {
        rows: MEMORY_ROWS,
        jobSeconds: Math.round(memorySeconds * 100) / 100,
        baselineMb: Math.round(baseline),
        peakMb: Math.round(peak),
        growthMb: Math.round(peak - baseline),
        goalMb: MEMORY_GOAL_MB,
        ok: peak - baseline < MEMORY_GOAL_MB,
      },
      chat: {
        idleFirstTokenMs: summarize(idleTurns),
        duringJobFirstTokenMs: summarize(busyTurns),
      },
      ui: process.argv.includes("--ui") ? await uiPart(server.url) : null,
      load: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
    const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
    console.log(
      `upload + parse of ${UPLOAD_ROWS} rows: ${result.upload.rowsPerS} rows/s (${result.upload.seconds} s); csv-parse alone ${result.upload.csvParseRowsPerS} rows/s`,
    );
    const ms = (x: number) => `${Math.round(x * 1000)} ms`;
    console.log(
      `offline:lexicon over ${UPLOAD_ROWS} rows (median of ${ROUNDS} rounds): job ${ms(lexicon.job.seconds)} (CPU ${ms(lexicon.job.cpuSeconds)}, of which the main thread ${ms(lexicon.job.mainThreadCpuSeconds ?? 0)}), ` +
        `bare annotator ${ms(lexicon.bare.seconds)} (CPU ${ms(lexicon.bare.cpuSeconds)}), annotate + the same store writes ${ms(lexicon.annotateAndStore.seconds)} (CPU ${ms(lexicon.annotateAndStore.cpuSeconds)})`,
    );
    console.log(
      `  overhead vs bare: wall ${pct(lexicon.overhead)}, CPU ${pct(lexicon.cpuOverhead)} (goal ≤ ${pct(OVERHEAD_GOAL)}); ` +
        `the job machinery alone (vs annotate + store): wall ${pct(lexicon.machineryOverhead)}, CPU ${pct(lexicon.machineryCpuOverhead)}`,
    );
    console.log(
      `agreement on ${agreement.rows} rows (lexicon ×2, ${agreement.labels} people's labels, 1,000 resamples): cold ${agreement.coldMs} ms, ` +
        `asked again ${agreement.repeatMs} ms, after one more label ${agreement.afterLabelMs} ms; the review queue meanwhile p50 ${agreement.queueDuringRecomputeMs.p50} / max ${agreement.queueDuringRecomputeMs.max} ms ` +
        `(idle p50 ${agreement.queueIdleMs.p50} / max ${agreement.queueIdleMs.max} ms)`,
    );
    console.log(
      `${MEMORY_ROWS}-row job in ${result.memory.jobSeconds} s: server RSS ${result.memory.baselineMb} → ${result.memory.peakMb} MB (+${result.memory.growthMb} MB; goal < ${MEMORY_GOAL_MB} MB)`,
    );
    console.log(
      `chat first token: idle p50 ${result.chat.idleFirstTokenMs.p50} / p95 ${result.chat.idleFirstTokenMs.p95} ms; during the job p50 ${result.chat.duringJobFirstTokenMs.p50} / p95 ${result.chat.duringJobFirstTokenMs.p95} ms (${busyTurns.length} turns)`,
    );
    console.log(`load average ${result.load.join(", ")}`);
    console.log(JSON.stringify(result));
  } finally {
    socket.disconnect();
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
