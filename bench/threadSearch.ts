// `npm run bench:thread-search`: the sidebar's search over one person's conversations (GET /api/threads/search) on
// SQLite, 1,000 threads × 20 messages (questions of a line, answers of about 1,200 characters made of the shipped
// corpus's texts), by the store's trigram index of the messages' folded text (server/storage/sqliteSearch.ts) side
// by side with the scan it replaced (every message folded in SQL by search_fold and compared with instr), on the same
// database in one run. Timed per query: a word that many threads hold (both stop at the 30 newest), two words each
// required (printed beside the one), a phrase one old thread holds, a phrase no thread holds, and a two-letter query
// (which the index cannot serve: both scan). Also the cost the index adds to writing an answer, and the database's
// size. Prints JSON (last line); both ways must find the same threads with the same excerpts, or it exits non-zero.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { statementCache } from "../server/sqliteFile";
import { SqliteStorage } from "../server/storage/sqlite";
import { indexMessage } from "../server/storage/sqliteSearch";
import { summarize, timeRepeated } from "./stats";
import { fillThreads, MESSAGES, QUERIES, THREADS, USER } from "./threadSearchData";

const REPEATS = 15;

const time = (run: () => Promise<unknown> | unknown) => timeRepeated(run, { warmup: 2, repeats: REPEATS });

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-bench-search-"));
  const file = path.join(dir, "echochamber.db");
  const storage = new SqliteStorage(file);
  const answerWriteMs = summarize(await fillThreads(storage));
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
      // The two-letter queries: what the store does by default (the scan), beside the scan.
      index: await time(() =>
        storage.searchThreads(q, filter, name.startsWith("twoLetters") ? undefined : "index"),
      ),
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
  const one = searches.manyThreads;
  const two = searches.twoWords;
  if (one && two)
    console.log(
      `one word vs two (index): p50 ${one.index.p50} vs ${two.index.p50} ms, p95 ${one.index.p95} vs ${two.index.p95} ms`,
    );
  console.log(
    `writing an answer: p50 ${answerWriteMs.p50} ms, of which its index entry p50 ${out.indexEntryMs.p50} ms`,
  );
  console.log(JSON.stringify(out));
  if (!same) process.exitCode = 1;
}

await main();
