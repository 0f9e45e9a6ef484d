// The corpus page's server side, measured in one run (npm run bench:corpus-page):
//  - a 100,000-row CSV uploaded through the API (multipart, streamed) and imported by one job (import → clean →
//    index, committed, then the catalog, in the corpus worker thread) until the chat cites the one document only
//    that file holds (goal < 60 s, as the CLI pipeline does today: bench:ingest), and until the job is done;
//  - offline chat turns while that job runs next to the same turns on the idle server before it (goal: turn p95
//    < 100 ms while indexing; the README's offline turn figure without), one every 100 ms, as a class would send.
// The server runs as `npm start` runs it (the bundle in dist/, with the corpus worker's own bundle), in a child
// process; the chat client is another child process (bench/remote.ts), as a browser is another machine. Prints a
// summary and one JSON object as its last line.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import type { CorpusJobResponse, CorpusPreview } from "../contract/corpusPage";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/protocol";
import type { Job } from "../contract/workbench";
import { csvRecord, csvStart } from "../server/export/csv";
import { bundleServer } from "../server/prestart";
import { startRemoteFakes, type ClientTurn, type RemoteClient } from "./remote";
import { summarize } from "./stats";
import { generateComments } from "./synthetic";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const IDLE_TURNS = Number(process.env.BENCH_TURNS ?? 100);
/** A turn starts this long after the previous one began (10 a second: a class asking at once), idle and during. */
const TURN_INTERVAL_MS = Number(process.env.BENCH_TURN_INTERVAL_MS ?? 100);
const IMPORT_GOAL_S = 60;
const TURN_GOAL_MS = 100;

/** The one document only the uploaded file holds, and the question it answers. */
const MARKER_ID = "bench-marker";
const MARKER_TEXT =
  "Voluntarii asociației Izvorul Limpede au reparat fântâna veche de pe ulița Zărneștilor și au pus o placă nouă.";
const MARKER_QUESTION = "Ce au reparat voluntarii asociației Izvorul Limpede pe ulița Zărneștilor?";
const QUESTIONS = [
  "Ce spun oamenii despre pensiile speciale?",
  "Cum comentează lumea scumpirea energiei?",
  "Ce cred cetățenii despre corupția din primării?",
  "Ce părere au oamenii despre spitalele noi?",
  "Ce se discută despre taxele locale?",
];

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function writeCsv(file: string, rows: number): number {
  const comments = generateComments(rows - 1, { seed: 2026 });
  const columns = ["id", "text", "date", "platform", "source", "url"];
  const parts = [csvStart(columns)];
  for (const c of comments) parts.push(csvRecord([c.id, c.text, c.date, c.platform, c.source, c.url]));
  parts.push(csvRecord([MARKER_ID, MARKER_TEXT, "2025-03-03", "facebook", "Pagina Zărnești", ""]));
  const text = parts.join("");
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/API_KEY|BASE_URL|^MODEL_|^PORT$/.test(key)) delete env[key];
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/server.mjs"], {
    cwd: REPO,
    env: {
      ...env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
      CORPUS_DIR: path.join(dir, "corpus"),
      DATA_DIR: path.join(dir, "data"),
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

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body;
}

/**
 * Turns one after the other, each starting TURN_INTERVAL_MS after the previous began, until `until()` or `count`;
 * `ask` may put another question in a turn's place (and is told what came back).
 */
async function turns(
  client: RemoteClient,
  until: () => boolean,
  count = Infinity,
  ask?: { question(): string | null; answered(turn: ClientTurn): void },
): Promise<ClientTurn[]> {
  const done: ClientTurn[] = [];
  for (let i = 0; i < count && !until(); i++) {
    const started = performance.now();
    const other = ask?.question() ?? null;
    const turn = await client.turn(other ?? QUESTIONS[i % QUESTIONS.length]!);
    if (other) ask?.answered(turn);
    done.push(turn);
    const wait = TURN_INTERVAL_MS - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return done;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-corpus-"));
  cpSync(path.join(REPO, "corpus", "cleaned"), path.join(dir, "corpus", "cleaned"), { recursive: true });
  const csv = path.join(dir, "comentarii-bench.csv");
  const bytes = writeCsv(csv, ROWS);
  const load = () => Math.round(os.loadavg()[0]! * 100) / 100;
  await bundleServer();
  const loadBefore = load();
  const server = await startServer(dir);
  const remote = await startRemoteFakes();
  const socket: ClientSocket = connect(server.url, { transports: ["websocket"] });
  try {
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await new Promise<void>((resolve) => socket.emit("job:subscribe", {}, () => resolve()));
    const client = await remote.client(server.url);
    await turns(client, () => false, 5); // warm-up
    const idle = await turns(client, () => false, IDLE_TURNS);

    const t0 = performance.now();
    const form = new FormData();
    form.append("file", await openAsBlob(csv), "comentarii-bench.csv");
    const preview = await json<CorpusPreview>(
      await fetch(`${server.url}/api/corpus/uploads`, { method: "POST", body: form }),
    );
    const uploadS = (performance.now() - t0) / 1000;
    const started = await json<CorpusJobResponse>(
      await fetch(`${server.url}/api/corpus/imports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uploadId: preview.uploadId }),
      }),
    );
    const jobId = started.record.jobId;
    let finished: Job | null = null;
    const stageEnds: Record<string, number> = {};
    socket.on("job:progress", (e) => {
      if (e.jobId !== jobId) return;
      // The worker's first word: the thread has started and loaded its modules.
      if (stageEnds.workerStarted === undefined && (e.progress.stages ?? []).some((s) => s.done > 0)) {
        stageEnds.workerStarted = Math.round((performance.now() - t0) / 100) / 10;
      }
      for (const stage of e.progress.stages ?? []) {
        if (stage.total > 0 && stage.done >= stage.total && stageEnds[stage.name] === undefined) {
          stageEnds[stage.name] = Math.round((performance.now() - t0) / 100) / 10;
        }
      }
    });
    const jobEnded = new Promise<Job>((resolve) =>
      socket.on("job:status", (e) => {
        if (e.job.id === jobId && (e.job.status === "done" || e.job.status === "failed")) resolve(e.job);
      }),
    );
    void jobEnded.then((job) => (finished = job));
    // The chat switches when the new index is committed (its catalog is built after): from then on the paced
    // turns ask the one question only the new file answers, until it is cited.
    const since = () => (performance.now() - t0) / 1000;
    let switchedS = NaN;
    let citedS = NaN;
    socket.on("corpus:changed", () => {
      if (Number.isNaN(switchedS)) switchedS = since();
    });
    const during = await turns(client, () => finished !== null, Infinity, {
      question: () => (!Number.isNaN(switchedS) && Number.isNaN(citedS) ? MARKER_QUESTION : null),
      answered: (turn) => {
        if (turn.sources.includes(MARKER_ID) && Number.isNaN(citedS)) citedS = since();
      },
    });
    const job = await jobEnded;
    if (job.status !== "done") throw new Error(`import failed: ${job.error?.message}`);
    const jobS = (performance.now() - t0) / 1000;
    for (let attempt = 0; attempt < 50 && Number.isNaN(citedS); attempt++) {
      const turn = await client.turn(MARKER_QUESTION);
      if (turn.sources.includes(MARKER_ID)) {
        citedS = (performance.now() - t0) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const loadAfter = load();

    const idleTotal = summarize(idle.map((t) => t.total));
    const idleTtft = summarize(idle.map((t) => t.ttft));
    const duringTotal = summarize(during.map((t) => t.total));
    const duringTtft = summarize(during.map((t) => t.ttft));
    const record = await json<CorpusJobResponse>(
      await fetch(`${server.url}/api/corpus/imports/${started.record.id}`),
    );
    const out = {
      bench: "corpus-page",
      rows: ROWS,
      megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
      uploadS: Math.round(uploadS * 10) / 10,
      jobS: Math.round(jobS * 10) / 10,
      switchedS: Math.round(switchedS * 10) / 10,
      untilCitedS: Math.round(citedS * 10) / 10,
      stagesDoneAtS: stageEnds,
      kept: record.record.clean?.kept ?? null,
      chunks: record.record.index?.chunks ?? null,
      turnsIdle: { n: idle.length, totalMs: idleTotal, ttftMs: idleTtft },
      turnsDuringImport: { n: during.length, totalMs: duringTotal, ttftMs: duringTtft },
      goals: {
        untilCitedUnder60s: citedS < IMPORT_GOAL_S,
        turnP95Under100msWhileIndexing: duringTotal.p95 < TURN_GOAL_MS,
      },
      loadAverage1m: { before: loadBefore, after: loadAfter },
      cores: os.availableParallelism(),
    };
    console.log(
      [
        `bench:corpus-page — ${ROWS.toLocaleString("en")} rows (${out.megabytes} MB CSV), load ${loadBefore} → ${loadAfter}`,
        `  upload ${out.uploadS} s; the chat switched at ${out.switchedS} s and cites the file at ${out.untilCitedS} s (goal < ${IMPORT_GOAL_S} s); job done (catalog built) at ${out.jobS} s (stages done at ${JSON.stringify(stageEnds)})`,
        `  kept ${out.kept} documents, ${out.chunks} chunks in the index`,
        `  chat turns idle: n ${idle.length}, total p50 ${idleTotal.p50} / p95 ${idleTotal.p95} ms, first token p95 ${idleTtft.p95} ms`,
        `  chat turns during the import: n ${during.length}, total p50 ${duringTotal.p50} / p95 ${duringTotal.p95} ms (goal < ${TURN_GOAL_MS}), first token p95 ${duringTtft.p95} ms, max ${duringTotal.max} ms`,
      ].join("\n"),
    );
    console.log(JSON.stringify(out));
  } finally {
    socket.disconnect();
    await remote.close();
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
