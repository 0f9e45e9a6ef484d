// Durable jobs across a crash, with the server as a user runs it (a child process): a run is killed with SIGKILL
// mid-way, the server restarts on the same DATA_DIR, takes the job over and finishes it, and every row is stored
// exactly once. A run started with the CLI (`annotate --store`) writes to the same store and shows on the page.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetsResponse, Job, ResultsPage } from "../../contract/workbench";
import type { FakeServer } from "../support/fakeOpenAI";
import { tempCorpus, type TestSocket } from "../support/server";
import { annotatorCalls, commentsDataset, startFakeAnnotator, startFakeRun } from "../support/takeover";
import { api, download, recordJobs, subscribe } from "../support/workbench";
import { writeFileSync } from "node:fs";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const ROWS = 60;

let fake: FakeServer;
let dir = "";
const children: ChildProcess[] = [];

function env(): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(base))
    if (/API_KEY|BASE_URL|^MODEL_|^DATA_DIR$|^CORPUS_DIR$|^PORT$/.test(key)) delete base[key];
  return {
    ...base,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    CORPUS_DIR: path.join(dir, "corpus"),
    DATA_DIR: path.join(dir, "data"),
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    WORKBENCH_CONCURRENCY: "2",
    WORKBENCH_JOB_STALE_MS: "1000",
  };
}

/** Starts `npm start`'s server entry (through tsx, without the build step) and resolves with its URL. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: REPO,
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /rulează pe (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!/rulează pe/.test(out)) reject(new Error(`server exited ${code}: ${err}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  fake = await startFakeAnnotator(60);
  dir = tempCorpus();
});

afterAll(async () => {
  await Promise.all(children.map(killed));
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a job across a server crash", () => {
  it("is taken over after SIGKILL and a restart on the same DATA_DIR, and finishes without duplicates", async () => {
    const first = await startServer();
    const created = await commentsDataset(first.url, first.url, ROWS);
    const { run, job } = await startFakeRun(first.url, created.body.dataset.id);
    // Kill it once some, but not all, rows are stored.
    let done = 0;
    for (let waited = 0; waited < 30_000 && done < 12; waited += 50) {
      done = (await api<Job>(first.url, "GET", `/jobs/${job.id}`)).body.progress.done;
      await sleep(50);
    }
    expect(done).toBeGreaterThanOrEqual(12);
    await killed(first.child);
    const callsBefore = fake.requests.length;
    expect(callsBefore).toBeLessThan(ROWS);

    const second = await startServer();
    const socket: TestSocket = connect(second.url, { transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const events = recordJobs(socket);
    const [snapshot] = await subscribe(socket, job.id);
    expect(snapshot!.id).toBe(job.id);
    const finished =
      snapshot!.status === "done" ? snapshot! : await events.until(job.id, ["done", "failed"], 60_000);
    expect(finished.status).toBe("done");
    expect(finished.progress).toMatchObject({ total: ROWS, done: ROWS, failed: 0 });
    socket.disconnect();

    const page = await api<ResultsPage>(second.url, "GET", `/runs/${run.id}/results?limit=500`);
    expect(page.body).toMatchObject({ total: ROWS, complete: ROWS });
    const jsonl = await download(second.url, `/runs/${run.id}/export?format=jsonl`);
    const ids = jsonl.bytes
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { item_id: string }).item_id);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    // Rows stored before the crash were not asked again; at most the calls in flight at the kill were repeated.
    const calls = annotatorCalls(fake);
    expect(calls).toBeGreaterThanOrEqual(ROWS);
    expect(calls).toBeLessThanOrEqual(ROWS + 4);

    // A CLI run on the same DATA_DIR shows on the page while the server runs.
    const socket2: TestSocket = connect(second.url, { transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve) => socket2.once("connect", () => resolve()));
    const cliEvents = recordJobs(socket2);
    await subscribe(socket2);
    const input = path.join(dir, "din-cli.csv");
    writeFileSync(input, "id,text\na,Hoții ne fură pensiile\nb,Bravo pentru spitalul nou\n");
    const cli = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "server/cli/main.ts",
        "annotate",
        input,
        "--model",
        "offline:lexicon",
        "--store",
        "--json",
      ],
      {
        cwd: REPO,
        env: env(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    children.push(cli);
    let stdout = "";
    cli.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => cli.on("close", resolve));
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      jobId: string;
      datasetId: string;
      status: string;
    };
    expect(summary.status).toBe("done");
    const seen = await cliEvents.until(summary.jobId, ["done"], 10_000);
    expect(seen.origin).toBe("cli");
    const datasets = await api<DatasetsResponse>(second.url, "GET", "/datasets");
    expect(datasets.body.datasets.find((d) => d.id === summary.datasetId)).toMatchObject({
      source: "cli",
      rows: 2,
    });
    socket2.disconnect();
  }, 120_000);
});
