// `npm run bench:compare-history`: the list of past comparisons (GET /api/compare) on SQLite, side by side with the
// query it replaced. A class's database: 3 people × 100 finished comparisons, each run's request holding a suite of
// 60 cases with long prompts and sources (about 0.3 MB of JSON a run). Timed: one admin page of 20 (everyone's) and
// one person's page of 20, by the store's list (an index on created_at; the page's ids first, then only their documents
// read) and by the baseline, the query and database as they were (no such index; the documents of every matching run
// read before the limit). Prints JSON.
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { summarize as summarizeRun } from "../server/compare/summary";
import { parseSuite } from "../server/compare/suite";
import { SqliteRunStore } from "../server/compare/sqliteRunStore";
import { timeRepeated } from "./stats";

const PEOPLE = 3;
const RUNS_EACH = 100;
const CASES = 60;
const REPEATS = 30;

const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-history-"));
const file = path.join(dir, "echochamber.db");

const long = (i: number, what: string) =>
  `${what} ${i}: ${"Guvernul a anunțat indexarea pensiilor. ".repeat(60)}`;
const suite = parseSuite({
  name: "Suita clasei",
  cases: Array.from({ length: CASES }, (_, i) => ({
    id: `c${i}`,
    criterion: "romana",
    prompt: long(i, "Întrebarea"),
    sources: [long(i, "Sursa")],
    assert: [{ type: "language" }],
  })),
});
const models = ["offline:extractive", "offline:lexicon"];
const results = summarizeRun({
  suite,
  models,
  runs: 1,
  temperatures: [0],
  concurrency: 1,
  timeoutMs: 1000,
  startedAt: "2026-12-01T00:00:00.000Z",
  finishedAt: "2026-12-01T00:01:00.000Z",
  interrupted: false,
  warmups: [],
  rows: [],
});

async function fill(): Promise<void> {
  const store = new SqliteRunStore(file);
  let n = 0;
  for (let person = 0; person < PEOPLE; person++) {
    for (let i = 0; i < RUNS_EACH; i++, n++) {
      const id = `run-${String(n).padStart(4, "0")}`;
      const now = new Date(Date.UTC(2026, 11, 1, 0, 0, n)).toISOString();
      await store.create({
        id,
        userId: `user-${person}`,
        owner: "bench",
        total: CASES * models.length,
        now,
        request: { suite, models, runs: 1, temperatures: [0], concurrency: 1, timeoutMs: 1000 },
      });
      await store.finish(id, "bench", { status: "done", results, done: CASES * models.length }, now);
    }
  }
  await store.close();
}

/** The list as it was: every matching run's documents read, then the limit. */
const BASELINE = (byUser: boolean) => `SELECT id, user_id, status, done, total, created_at, finished_at,
    json_extract(request, '$.suite.id') AS suite_id, json_extract(request, '$.suite.name') AS suite_name,
    json_extract(request, '$.suite.nameEn') AS suite_name_en, json_array_length(request, '$.suite.cases') AS cases,
    json_extract(request, '$.models') AS models, json_extract(request, '$.runs') AS runs,
    json_extract(request, '$.temperatures') AS temperatures, json_extract(results, '$.interrupted') AS stopped,
    json_extract(results, '$.recommendation.primary') AS best,
    json_extract(results, '$.recommendation.ranking') AS ranking
  FROM compare_runs ${byUser ? "WHERE user_id = ?" : ""} ORDER BY created_at DESC, id DESC LIMIT ?`;

const time = (run: () => Promise<unknown> | unknown) => timeRepeated(run, { warmup: 3, repeats: REPEATS });

async function main(): Promise<void> {
  await fill();
  const store = new SqliteRunStore(file);
  // The baseline on the database as it was: a copy without the index on created_at the store now makes.
  const before = path.join(dir, "before.db");
  copyFileSync(file, before);
  const db = new Database(before);
  db.exec("DROP INDEX IF EXISTS compare_runs_created");
  const adminBaseline = db.prepare(BASELINE(false));
  const personBaseline = db.prepare(BASELINE(true));
  const out = {
    bench: "compare-history",
    runs: PEOPLE * RUNS_EACH,
    databaseMB: Math.round((statSync(file).size / 1e6) * 10) / 10,
    adminPageOf20Ms: {
      store: await time(() => store.list({ limit: 20 })),
      baseline: await time(() => adminBaseline.all(20)),
    },
    personPageOf20Ms: {
      store: await time(() => store.list({ userId: "user-1", limit: 20 })),
      baseline: await time(() => personBaseline.all("user-1", 20)),
    },
  };
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const line = (name: string, t: { store: { p50: number }; baseline: { p50: number } }) =>
    `${name}: store p50 ${t.store.p50} ms, before p50 ${t.baseline.p50} ms`;
  console.log(`${out.runs} runs, ${out.databaseMB} MB`);
  console.log(line("admin page of 20", out.adminPageOf20Ms));
  console.log(line("person's page of 20", out.personPageOf20Ms));
  console.log(JSON.stringify(out));
}

await main();
