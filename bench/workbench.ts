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
import { toStoredOutcome } from "../server/workbench/runJob";
import { CODEBOOK_VERSION } from "../contract/annotation";
import { summarize } from "./stats";
import { runWorkbenchUiBench } from "./workbenchUi";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const UPLOAD_ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const MEMORY_ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 100_000);
const CHAT_TURNS = Number(process.env.BENCH_TURNS ?? 40);
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

function writeCsv(file: string, rows: number): void {
  const lines = ["id,text,eticheta"];
  for (let i = 0; i < rows; i++) lines.push(`c${i},"${comment(i)}",${i % 3}`);
  writeFileSync(file, lines.join("\n") + "\n");
}

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(dir: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/API_KEY|BASE_URL|^MODEL_|^PORT$/.test(key)) delete env[key];
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
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
      const match = /rulează pe (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
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
async function annotateAndStore(dir: string, texts: string[]): Promise<number> {
  const store = new SqliteWorkbenchStore(path.join(dir, "baseline.db"));
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
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 500) {
    const outcomes = texts.slice(i, i + 500).map((text, j) =>
      toStoredOutcome(
        {
          item: { id: String(i + j), text, run: 1 },
          annotation: annotateLexicon(text),
          model: LEXICON_MODEL,
          codebookVersion: CODEBOOK_VERSION,
          temperature: null,
          ms: 0,
          cached: false,
          repaired: false,
          attempts: 1,
          error: null,
        },
        "baseline",
      ),
    );
    await store.saveOutcomes(run.id, outcomes);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return seconds;
}

/**
 * The page's part (bench/workbenchUi.ts): the table in Chromium. It serves the page from a stand-in of this server
 * (same contract, generated rows, progress at a fixed rate), so the figures are the page's alone, not the server's.
 */
async function uiPart(_url: string) {
  return runWorkbenchUiBench((text) => process.stdout.write(text));
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

    // 2. The lexicon through the job system, next to the bare annotator over the same texts.
    const texts = Array.from({ length: UPLOAD_ROWS }, (_, i) => comment(i));
    for (const t of texts.slice(0, 2000)) annotateLexicon(t); // warm the lexicon's tables
    const bareStarted = performance.now();
    for (const t of texts) annotateLexicon(t);
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    const storedSeconds = await annotateAndStore(dir, texts);
    // Warm the server's lexicon and job path the way the bare loop was warmed, on a small data set of the same rows.
    const warm = path.join(dir, "warm.csv");
    writeCsv(warm, 2000);
    await (
      await runLexicon(server.url, socket, (await createDataset(server.url, warm)).datasetId)
    ).done;
    const jobSeconds = await (await runLexicon(server.url, socket, uploaded.datasetId)).done;

    // 3. Chat turns on the idle server, then memory and chat turns during a 100,000-row job.
    await chatTurns(socket, 5);
    const idleTurns = await chatTurns(socket, CHAT_TURNS);
    const big = await createDataset(server.url, large);
    const baseline = rssMb(server.child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid!))), 100);
    const bigRun = await runLexicon(server.url, socket, big.datasetId);
    let finished = false;
    const bigSeconds = bigRun.done.then((s) => {
      finished = true;
      return s;
    });
    const busyTurns = await chatTurns(socket, CHAT_TURNS, () => finished);
    const memorySeconds = await bigSeconds;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(server.child.pid!));

    const overhead = jobSeconds / bareSeconds - 1;
    const machinery = jobSeconds / storedSeconds - 1;
    const result = {
      upload: {
        rows: UPLOAD_ROWS,
        seconds: Math.round(uploaded.seconds * 1000) / 1000,
        rowsPerS: Math.round(UPLOAD_ROWS / uploaded.seconds),
        csvParseRowsPerS: Math.round(parsed.length / parseSeconds),
      },
      lexicon: {
        rows: UPLOAD_ROWS,
        jobSeconds: Math.round(jobSeconds * 1000) / 1000,
        bareSeconds: Math.round(bareSeconds * 1000) / 1000,
        annotateAndStoreSeconds: Math.round(storedSeconds * 1000) / 1000,
        overhead: Math.round(overhead * 1000) / 1000,
        machineryOverhead: Math.round(machinery * 1000) / 1000,
        goal: OVERHEAD_GOAL,
        ok: overhead <= OVERHEAD_GOAL,
      },
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
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      `upload + parse of ${UPLOAD_ROWS} rows: ${result.upload.rowsPerS} rows/s (${result.upload.seconds} s); csv-parse alone ${result.upload.csvParseRowsPerS} rows/s`,
    );
    console.log(
      `offline:lexicon over ${UPLOAD_ROWS} rows: job ${result.lexicon.jobSeconds} s vs bare ${result.lexicon.bareSeconds} s → overhead ${pct(overhead)} (goal ≤ ${pct(OVERHEAD_GOAL)}); ` +
        `vs annotate + the same store writes ${result.lexicon.annotateAndStoreSeconds} s → the job machinery adds ${pct(machinery)}`,
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
