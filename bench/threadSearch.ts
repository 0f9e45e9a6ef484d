// `npm run bench:thread-search`: the sidebar's search over one person's conversations (GET /api/threads/search) on
// SQLite, 1,000 threads × 20 messages (questions of a line, answers of about 1,200 characters made of the shipped
// corpus's texts), by the store's trigram index of the messages' folded text (server/storage/sqliteSearch.ts) side
// by side with the scan it replaced (every message folded in SQL by search_fold and compared with instr), on the same
// database in one run. Timed per query: words that many threads hold (both stop at the 30 newest), words one old
// thread holds, words no thread holds, and a two-letter query (which the index cannot serve: both scan). Also the
// cost the index adds to writing an answer, and the database's size. Prints JSON (last line); both ways must find the
// same threads with the same excerpts, or it exits non-zero.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { statementCache } from "../server/sqliteFile";
import { SqliteStorage } from "../server/storage/sqlite";
import { indexMessage } from "../server/storage/sqliteSearch";
import { summarize } from "./stats";

const THREADS = 1000;
const MESSAGES = 20;
const REPEATS = 15;
const USER = "ana";

const QUERIES = {
  manyThreads: "pensiile",
  oneOldThread: "țara zăpăcită",
  noThread: "nicăieri în arhivă",
  twoLetters: "zq",
};

/** The shipped corpus's texts, in a fixed order: the material of the answers. */
function corpusTexts(): string[] {
  const dir = path.join(import.meta.dirname, "..", "corpus", "cleaned");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(dir, f), "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { text: string }).text),
    );
}

/** A deterministic sequence (a linear congruential generator), so every run searches the same database. */
function numbers(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

async function fill(storage: SqliteStorage): Promise<number[]> {
  const texts = corpusTexts();
  const next = numbers(7);
  const pick = () => texts[Math.floor(next() * texts.length)] ?? "";
  const writeMs: number[] = [];
  for (let t = 0; t < THREADS; t++) {
    const thread = await storage.createThread(`Conversația ${t}`, USER);
    for (let m = 0; m < MESSAGES; m++) {
      const user = m % 2 === 0;
      let text = user ? `Ce spun textele despre ${pick().split(" ").slice(0, 8).join(" ")}?` : "";
      while (!user && text.length < 1200) text += `${pick()} [${text.length % 5}] `;
      // One old thread only holds these words (with other diacritics and case than the query).
      if (t === 3 && m === 11) text += " O ŢARĂ ZĂPĂCITĂ de promisiuni.";
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, t * MESSAGES + m)).toISOString();
      const start = performance.now();
      await storage.addMessage({
        id: `${thread.id}-${m}`,
        threadId: thread.id,
        role: user ? "user" : "assistant",
        text,
        createdAt,
        status: "done",
      });
      if (!user) writeMs.push(performance.now() - start);
    }
  }
  return writeMs;
}

async function time(run: () => Promise<unknown>): Promise<ReturnType<typeof summarize>> {
  for (let i = 0; i < 2; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-search-"));
  const file = path.join(dir, "echochamber.db");
  const storage = new SqliteStorage(file);
  const answerWriteMs = summarize(await fill(storage));
  const searches: Record<
    string,
    { index: ReturnType<typeof summarize>; scan: ReturnType<typeof summarize>; hits: number }
  > = {};
  let same = true;
  for (const [name, q] of Object.entries(QUERIES)) {
    const filter = { userId: USER, limit: 30 };
    const byIndex = await storage.searchThreads(q, filter, "index");
    const byScan = await storage.searchThreads(q, filter, "scan");
    if (JSON.stringify(byIndex) !== JSON.stringify(byScan)) {
      same = false;
      console.error(`${name}: the index and the scan found different threads`);
    }
    searches[name] = {
      // The two-letter query: what the store does by default (the scan), beside the scan.
      index: await time(() => storage.searchThreads(q, filter, name === "twoLetters" ? undefined : "index")),
      scan: await time(() => storage.searchThreads(q, filter, "scan")),
      hits: byScan.length,
    };
  }
  await storage.close();
  const databaseMB = Math.round((statSync(file).size / 1e6) * 10) / 10;
  // The index's share of a write: an answer's entry made again (what saving a streamed answer does), timed alone, in
  // one transaction (the commit is the write's, index or not).
  const db = new Database(file);
  const sql = statementCache(db);
  const answers = db
    .prepare("SELECT id, text FROM messages WHERE role = 'assistant' ORDER BY rowid LIMIT 500")
    .all() as { id: string; text: string }[];
  const entryMs: number[] = [];
  db.transaction(() => {
    for (const { id, text } of answers) {
      const start = performance.now();
      indexMessage(sql, id, text);
      entryMs.push(performance.now() - start);
    }
  })();
  // The index's share of the file: the database without it.
  db.exec("DROP TABLE messages_fold; VACUUM");
  const withoutIndexMB = Math.round((statSync(file).size / 1e6) * 10) / 10;
  db.close();
  const out = {
    bench: "thread-search",
    threads: THREADS,
    messages: THREADS * MESSAGES,
    databaseMB,
    withoutIndexMB,
    sameHits: same,
    searchMs: searches,
    answerWriteMs,
    indexEntryMs: summarize(entryMs),
  };
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${out.messages} messages in ${THREADS} threads, ${out.databaseMB} MB; same hits both ways: ${same}`,
  );
  for (const [name, s] of Object.entries(searches))
    console.log(`${name} (${s.hits} threads): index p50 ${s.index.p50} ms, scan p50 ${s.scan.p50} ms`);
  console.log(
    `writing an answer: p50 ${answerWriteMs.p50} ms, of which its index entry p50 ${out.indexEntryMs.p50} ms`,
  );
  console.log(JSON.stringify(out));
  if (!same) process.exitCode = 1;
}

await main();
