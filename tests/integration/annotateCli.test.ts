// The annotate, evaluate and export-labels commands as a user runs them (child processes), against a local
// OpenAI-compatible server: a run killed with SIGKILL resumes with every row exactly once, the cache saves calls, a
// failing row is recorded, 429s are waited out; evaluate reads a mapped gold file; export-labels reads SQLite.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { annotateFile, type AnnotateFileOptions } from "../../server/annotation/annotateFile";
import { readOutput } from "../../server/annotation/files";
import { CODEBOOK_VERSION, type Annotation } from "../../contract/annotation";
import { SqliteStorage } from "../../server/storage/sqlite";
import {
  startFakeOpenAI,
  type FakeServer,
  type OpenAIChatBody,
  type RecordedRequest,
} from "../support/fakeOpenAI";
import { testConfig } from "../support/fixtures";
import { classServices, freshDatabase } from "../support/classServices";
import { openStores } from "../../server/storage/open";
import { createLogger } from "../../server/log";
import type { HumanLabel } from "../../contract/threads";
import { startTestServer } from "../support/server";

const services = await classServices();
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const MODEL = "openai-compatible:fals-adnotator";

const VALID: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "pensii",
  tinta: "Guvernul",
  incredere: 0.8,
  justificare: "Ton negativ față de guvern, fără apel la popor.",
  dovezi: ["Guvernul"],
};

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let fake: FakeServer;
let dir = "";

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/API_KEY|BASE_URL|^MODEL_|^DATA_DIR$|^TEMPERATURE$/.test(key)) delete env[key];
  }
  return {
    ...env,
    LOG_LEVEL: "silent",
    DATA_DIR: path.join(dir, "data"),
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    ...extra,
  };
}

/** Starts `npm run cli -- <args>` the way the script does (tsx), without npm in between. */
function startCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const runCli = (args: string[], env?: NodeJS.ProcessEnv) => startCli(args, env).done;

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] ?? "{}") as Record<string, unknown>;
}

/** The text a chat request asked to annotate (the first user message, without the <text> fence). */
function requestedText(request: RecordedRequest): string {
  const body = request.body as OpenAIChatBody;
  const user = body.messages?.find((m) => m.role === "user");
  return typeof user?.content === "string" ? user.content.replace(/<\/?text>/g, "").trim() : "";
}

function writeInput(
  name: string,
  count: number,
  text = (i: number) => `Comentariul ${i}: Guvernul taie pensiile`,
) {
  const file = path.join(dir, name);
  const lines = ["id,text", ...Array.from({ length: count }, (_, i) => `c${i},"${text(i)}"`)];
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Two human corrections made in the chat, as export-labels and evaluate --gold-labels read them. */
const CORRECTIONS: HumanLabel[] = [
  correction("l1", "Primul text", "pozitiv", "2026-01-01T10:00:00.000Z"),
  correction("l2", "Al doilea text", "neutru", "2026-01-01T11:00:00.000Z"),
];

function correction(id: string, text: string, ton: Annotation["ton"], at: string): HumanLabel {
  return {
    id,
    messageId: "m1",
    target: "message",
    text,
    annotation: { ...VALID, ton },
    correctedModel: "offline:lexicon",
    annotator: "Ana",
    codebookVersion: "1.0.0",
    createdAt: at,
  };
}

/** A model's annotations of the two corrected texts: one agrees with the people (pozitiv), one does not. */
function annotationsOfCorrectedTexts(): string {
  const file = path.join(dir, "adnotari.jsonl");
  const rows = [
    { id: "a", text: "Primul text", ...VALID, ton: "pozitiv" },
    { id: "b", text: "Al doilea text", ...VALID, ton: "negativ" },
  ];
  const meta = { model: "m", codebook_version: "1.0.0", temperature: 0, run: 1, error: null };
  writeFileSync(file, rows.map((r) => JSON.stringify({ ...r, ...meta })).join("\n") + "\n");
  return file;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ json: VALID });
  dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-annotate-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

describe("annotate", () => {
  it("survives SIGKILL mid-run: a second run does only the rest and every row is in the output exactly once", async () => {
    fake.setDefault({ json: VALID, delayMs: 40 });
    const input = writeInput("comentarii.csv", 300);
    const out = path.join(dir, "adnotari.jsonl");
    const args = ["annotate", input, "--model", MODEL, "--out", out, "--concurrency", "4", "--json"];

    const first = startCli(args);
    // Kill it once a good part, but not all, of the rows are written.
    for (let waited = 0; waited < 30_000; waited += 20) {
      if (existsSync(out) && readFileSync(out, "utf8").split("\n").length > 80) break;
      await sleep(20);
    }
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const afterKill = readOutput(out, "jsonl").rows.length;
    expect(afterKill).toBeGreaterThanOrEqual(80);
    expect(afterKill).toBeLessThan(300);

    await sleep(100); // calls that were in flight reach the fake and are answered to nobody
    const requestsBefore = fake.requests.length;
    fake.setDefault({ json: VALID });
    const second = await runCli(args);
    expect(second.code).toBe(0);
    const summary = lastJson(second.stdout);
    expect(summary).toMatchObject({ rows: 300, skipped: afterKill, written: 300 - afterKill, errors: 0 });
    // The second run asked the model only for rows it had no answer for (a cached answer costs no call).
    expect(fake.requests.length - requestsBefore).toBe(
      (summary.written as number) - (summary.cached as number),
    );

    const rows = readOutput(out, "jsonl").rows;
    const ids = rows.map((r) => r.id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 300 }, (_, i) => `c${i}`)));
    for (const row of rows) {
      expect(row).toMatchObject({
        model: MODEL,
        codebook_version: CODEBOOK_VERSION,
        temperature: 0,
        run: 1,
        error: null,
      });
    }
  }, 90_000);

  // The next tests call the command's core in-process (the same code, without a 3-second process start each).
  const annotateInProcess = (input: string, out: string, extra: Partial<AnnotateFileOptions> = {}) =>
    annotateFile({
      input,
      output: out,
      model: MODEL,
      config: testConfig({ DATA_DIR: path.join(dir, "data"), OPENAI_COMPATIBLE_BASE_URL: fake.url }),
      ...extra,
    });

  it("serves a second run into a new output from the cache: the provider gets no new request", async () => {
    const input = writeInput("comentarii.csv", 12);
    const first = await annotateInProcess(input, path.join(dir, "a.jsonl"));
    expect(first).toMatchObject({ written: 12, cached: 0 });
    const requests = fake.requests.length;
    expect(requests).toBe(12);

    const second = await annotateInProcess(input, path.join(dir, "b.csv"));
    expect(second).toMatchObject({ written: 12, cached: 12 });
    expect(fake.requests.length).toBe(requests);
    const csv = readOutput(path.join(dir, "b.csv"), "csv").rows;
    expect(csv).toHaveLength(12);
    expect(csv[0]).toMatchObject({
      ton: "negativ",
      cached: "true",
      model: MODEL,
      codebook_version: CODEBOOK_VERSION,
    });

    // --runs 2: run 1 is the cached single run, run 2 is a call of its own.
    const runs = await annotateInProcess(input, path.join(dir, "c.jsonl"), { runs: 2 });
    expect(runs).toMatchObject({ total: 24, written: 24, cached: 12 });
    expect(fake.requests.length).toBe(requests + 12);
    // Another temperature is another cache entry.
    const warmer = await annotateInProcess(input, path.join(dir, "d.jsonl"), { temperature: 0.7 });
    expect(warmer).toMatchObject({ written: 12, cached: 0, temperature: 0.7 });
    expect(fake.requests.length).toBe(requests + 24);
  }, 60_000);

  it("records a row the model fails with its error code and annotates the others", async () => {
    fake.setDefault((request) =>
      requestedText(request).includes("EȘEC") ? { fault: "invalid_json" } : { json: VALID },
    );
    const input = writeInput("comentarii.csv", 6, (i) =>
      i === 3 ? "Acest rând produce EȘEC" : `Comentariul ${i}`,
    );
    const out = path.join(dir, "out.jsonl");
    const result = await annotateInProcess(input, out);
    expect(result).toMatchObject({ written: 6, errors: 1, errorsByCode: { "provider:invalid_output": 1 } });
    const rows = readOutput(out, "jsonl").rows;
    const failed = rows.find((r) => r.id === "c3")!;
    expect(failed).toMatchObject({
      text: "Acest rând produce EȘEC",
      ton: null,
      error: "provider:invalid_output",
    });
    expect(rows.filter((r) => r.error === null)).toHaveLength(5);

    // A rerun keeps the recorded error; --retry-errors tries that row again and leaves it once in the file.
    fake.setDefault({ json: VALID });
    expect(await annotateInProcess(input, out)).toMatchObject({ skipped: 6, written: 0 });
    const retried = await annotateInProcess(input, out, { retryErrors: true });
    expect(retried).toMatchObject({ skipped: 5, written: 1, errors: 0 });
    const final = readOutput(out, "jsonl").rows;
    expect(final).toHaveLength(6);
    expect(final.every((r) => r.error === null)).toBe(true);
  }, 60_000);

  it("waits out 429s with Retry-After, lowers its concurrency, and finishes every row", async () => {
    fake.script(...Array.from({ length: 4 }, () => ({ fault: "429" as const, retryAfterHeader: "0.3" })));
    const input = writeInput("comentarii.csv", 20);
    const out = path.join(dir, "out.jsonl");
    const started = Date.now();
    const summary = await annotateInProcess(input, out, { concurrency: 4 });
    expect(summary).toMatchObject({ written: 20, errors: 0 });
    expect(summary.rateLimited).toBeGreaterThanOrEqual(4);
    expect(summary.lowestConcurrency).toBeLessThan(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readOutput(out, "jsonl").rows.filter((r) => r.error === null)).toHaveLength(20);
    expect(fake.requests.length).toBe(24);
  }, 60_000);

  it("stops with a clear error when the provider refuses the key, leaving the rows for a later run", async () => {
    fake.setDefault({ fault: "auth" });
    const input = writeInput("comentarii.csv", 10);
    const out = path.join(dir, "out.jsonl");
    const summary = await annotateInProcess(input, out, { concurrency: 2 });
    expect(summary.fatal?.code).toBe("provider:auth");
    expect(summary.remaining).toBe(10);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(readOutput(out, "jsonl").rows).toHaveLength(0);
  }, 60_000);

  it("annotates offline with the lexicon and explains a missing text column", async () => {
    const input = path.join(dir, "in.jsonl");
    writeFileSync(input, `${JSON.stringify({ id: 1, mesaj: "Poporul e sătul de hoții de la putere!" })}\n`);
    const out = path.join(dir, "out.csv");
    const missing = await runCli(["annotate", input, "--model", "offline:lexicon", "--out", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("mesaj");
    const ok = await runCli([
      "annotate",
      input,
      "--model",
      "offline:lexicon",
      "--out",
      out,
      "--text-col",
      "mesaj",
      "--json",
    ]);
    expect(ok.code).toBe(0);
    const [row] = readOutput(out, "csv").rows;
    expect(row).toMatchObject({
      id: "1",
      ton: "negativ",
      populism: "true",
      model: "offline:lexicon",
      temperature: "",
    });
  }, 60_000);
});

describe("evaluate", () => {
  it("maps SART-like gold values, prints a Markdown report and one JSON object as the last line", async () => {
    const annotations = path.join(dir, "adnotari.jsonl");
    const row = (id: string, run: number, ton: string, populism: boolean, error: string | null = null) =>
      JSON.stringify({
        id,
        text: `text ${id}`,
        ton: error ? null : ton,
        populism: error ? null : populism,
        anti_elitism: error ? null : populism,
        popor_central: error ? null : populism,
        tema: error ? null : "altele",
        model: "m",
        codebook_version: CODEBOOK_VERSION,
        temperature: 0,
        run,
        error,
      });
    writeFileSync(
      annotations,
      [
        row("1", 1, "negativ", true),
        row("2", 1, "negativ", false),
        row("3", 1, "neutru", false),
        row("4", 1, "pozitiv", false),
        row("5", 1, "", false, "provider:empty"),
        row("6", 1, "furios", false),
        row("1", 2, "negativ", true),
        row("2", 2, "neutru", false),
        row("3", 2, "neutru", false),
        row("4", 2, "pozitiv", false),
      ].join("\n") + "\n",
    );
    const gold = path.join(dir, "aur.csv");
    writeFileSync(
      gold,
      "id,text,Label,pop\n1,text 1,0,da\n2,text 2,0,nu\n3,text 3,2,nu\n4,text 4,2,nu\n5,text 5,1,nu\n6,text 6,1,nu\n7,text 7,1,nu\n",
    );
    const report = path.join(dir, "raport.md");
    const result = await runCli([
      "evaluate",
      annotations,
      "--gold",
      gold,
      "--map-gold",
      "ton=Label,populism=pop",
      "--gold-values",
      "ton:0=negativ,1=neutru,2=pozitiv",
      "--report",
      report,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("## Acord cu etichetele gold");
    expect(readFileSync(report, "utf8")).toContain("κ Cohen");
    const json = lastJson(result.stdout);
    // Gold items 1-6 have annotations (7 has none). ton, run 1: 1 ✓, 2 ✓, 3 ✗ (neutru vs pozitiv), 4 ✓,
    // 5 invalid (refusal), 6 invalid ("furios") → accuracy 3/6.
    expect(json).toMatchObject({ n: 6, missing: 1 });
    const fields = json.fields as Record<
      string,
      { n: number; accuracy: number; invalid: number; confusion: Record<string, Record<string, number>> }
    >;
    expect(fields.ton).toMatchObject({ n: 6, accuracy: 0.5, invalid: 2 });
    expect(fields.ton!.confusion.pozitiv).toMatchObject({ pozitiv: 1, neutru: 1 });
    expect(fields.ton!.confusion.neutru).toMatchObject({ "(invalid)": 2 });
    // populism: 1 true/true, 2-4 false/false, 5 invalid, 6 false/false → 5/6.
    expect(fields.populism!.accuracy).toBeCloseTo(5 / 6, 4);
    expect(json.invalid).toMatchObject({ rows: 10, refusal: 1, invalidEnum: 1, invalid: 2 });
    // Runs 1 and 2 agree on items 1, 3, 4 and differ on 2 (negativ / neutru): identical 3/4.
    const runs = json.runs as { runs: number; fields: Record<string, { items: number; identical: number }> };
    expect(runs.runs).toBe(2);
    expect(runs.fields.ton).toMatchObject({ items: 4, identical: 0.75 });
  }, 60_000);

  it("uses the human corrections stored in SQLite as gold (--gold-labels), matched by text", async () => {
    const storage = new SqliteStorage(path.join(dir, "data", "echochamber.db"));
    for (const label of CORRECTIONS) await storage.addLabel(label);
    await storage.close();

    const exported = await runCli(["export-labels", "--format", "csv"]);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split("\n");
    expect(lines[0]).toContain("id,text,ton,populism");
    expect(lines[0]).toContain("annotator,created_at,corrected_model,codebook_version");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("Primul text,pozitiv");
    expect(lines[1]).toContain("Ana,2026-01-01T10:00:00.000Z,offline:lexicon,1.0.0");

    const out = path.join(dir, "etichete.jsonl");
    const toFile = await runCli(["export-labels", "--out", out]);
    expect(toFile.code).toBe(0);
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      rows.map((r) => [r.id, r.text, r.ton, r.annotator, r.corrected_model, r.codebook_version]),
    ).toEqual([
      ["l1", "Primul text", "pozitiv", "Ana", "offline:lexicon", "1.0.0"],
      ["l2", "Al doilea text", "neutru", "Ana", "offline:lexicon", "1.0.0"],
    ]);

    const args = ["evaluate", annotationsOfCorrectedTexts(), "--gold-labels", "--fields", "ton", "--json"];
    const evaluated = await runCli(args);
    expect(evaluated.code).toBe(0);
    const json = lastJson(evaluated.stdout);
    expect(json).toMatchObject({ n: 2, fields: { ton: { accuracy: 0.5 } } });
    expect(json.gold).toEqual(["etichete umane (SQLite, 2)"]);
  }, 60_000);

  it.skipIf(!services.databaseUrl)(
    "reads the corrections from PostgreSQL on a class deployment (DATABASE_URL), for export-labels and evaluate alike",
    async () => {
      const database = await freshDatabase(services.databaseUrl!);
      try {
        const config = testConfig({ DATABASE_URL: database.url });
        const stores = await openStores(config, createLogger({ LOG_LEVEL: "silent" }), { role: "server" });
        for (const label of CORRECTIONS) await stores.storage.addLabel(label);
        await stores.close();
        const env = cliEnv({ DATABASE_URL: database.url });

        const exported = await runCli(["export-labels", "--format", "csv"], env);
        expect(exported.code).toBe(0);
        expect(exported.stdout.trim().split("\n")).toHaveLength(3);
        expect(exported.stdout).toContain("Primul text,pozitiv");

        const args = [
          "evaluate",
          annotationsOfCorrectedTexts(),
          "--gold-labels",
          "--fields",
          "ton",
          "--json",
        ];
        const evaluated = await runCli(args, env);
        expect(evaluated.code).toBe(0);
        const json = lastJson(evaluated.stdout);
        expect(json).toMatchObject({ n: 2, fields: { ton: { accuracy: 0.5 } } });
        expect(json.gold).toEqual(["etichete umane (PostgreSQL, 2)"]);
        // Nothing was read from DATA_DIR's SQLite file: the CLI did not even create it.
        expect(existsSync(path.join(dir, "data", "echochamber.db"))).toBe(false);
      } finally {
        await database.drop();
      }
    },
    60_000,
  );
});

describe("POST /api/annotate with a provider that fails one text", () => {
  it("annotates the others with the provider and that one with the next model, saying which made what", async () => {
    fake.setDefault((request) => {
      const body = request.body as OpenAIChatBody;
      const system = body.messages?.find((m) => m.role === "system")?.content;
      // The codebook is the system prompt.
      if (typeof system !== "string" || !system.includes("codebook-ul EchoChamber")) return { fault: "500" };
      return requestedText(request).includes("EȘEC") ? { rawContent: "nu pot adnota" } : { json: VALID };
    });
    const server = await startTestServer({ MODEL_FALLBACK: MODEL, OPENAI_COMPATIBLE_BASE_URL: fake.url });
    try {
      const response = await fetch(`${server.url}/api/annotate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ texts: ["Guvernul taie pensiile", "Acest text produce EȘEC"], model: MODEL }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        model: string;
        temperature: number;
        results: {
          model: string;
          codebookVersion: string;
          temperature: number | null;
          error: unknown;
          annotation: Annotation | null;
        }[];
        fallbacks: { model: string; reason: string; texts: number }[];
      };
      expect(body).toMatchObject({ model: MODEL, temperature: 0 });
      expect(body.results[0]).toMatchObject({
        model: MODEL,
        codebookVersion: CODEBOOK_VERSION,
        temperature: 0,
        error: null,
        annotation: VALID,
      });
      expect(body.results[1]).toMatchObject({ model: "offline:lexicon", temperature: null, error: null });
      expect(body.fallbacks).toEqual([{ model: MODEL, reason: "provider:invalid_output", texts: 1 }]);
      const temperatures = fake.requests.map((r) => (r.body as { temperature?: number }).temperature);
      expect(temperatures.every((t) => t === 0)).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});
