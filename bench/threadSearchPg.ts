// `npm run bench:thread-search-pg`: the sidebar's search over one person's conversations (GET /api/threads/search) on
// PostgreSQL, 1,000 threads × 20 messages (bench/threadSearchData.ts, the same as bench:thread-search's), by LIKE on the
// stored folded text inside PostgreSQL (server/storage/postgres.ts searchThreads, migration 16) side by side with the
// scan it replaced (every message of the person's threads read into Node and folded there), on the same database in
// one run: with the trigram index (pg_trgm), then without it (a managed database that refuses the extension: the
// folded texts scanned inside PostgreSQL). Also the time to write an answer with and without the index, and the
// sizes. PostgreSQL: TEST_DATABASE_URL's server, or one started here in a temp dir (as bench:cluster does). Prints JSON
// (last line); both ways must find the same threads with the same excerpts, or it exits non-zero.
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { StoredMessage } from "../contract/threads";
import { parseConfig } from "../server/config";
import { SEARCH_TRGM_INDEX } from "../server/db/searchFold";
import { createLogger } from "../server/log";
import { openStores } from "../server/storage/open";
import type { PgStorage } from "../server/storage/postgres";
import { startPostgres, type RunningService } from "../tests/support/services";
import { summarize, timeRepeated, type Summary } from "./stats";
import { fillThreads, MESSAGES, QUERIES, THREADS, USER } from "./threadSearchData";

const REPEATS = 15;
const REWRITES = 500;

const time = (run: () => Promise<unknown> | unknown) => timeRepeated(run, { warmup: 2, repeats: REPEATS });

const mb = (bytes: string | number) => Math.round((Number(bytes) / 1e6) * 10) / 10;

async function main(): Promise<void> {
  let started: RunningService | null = null;
  const server = process.env.TEST_DATABASE_URL || ((started = await startPostgres()), started.url);
  const name = `ec_bench_search_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = {
    url: url.toString(),
    drop: () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
  const stores = await openStores(
    parseConfig({ LOG_LEVEL: "warn", DATABASE_URL: database.url }),
    createLogger({ LOG_LEVEL: "warn" }),
    { role: "cli" },
  );
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const storage = stores.storage as PgStorage;
    const writeWithIndexMs = summarize(await fillThreads(storage));
    await client.query("VACUUM ANALYZE messages");
    await client.query("VACUUM ANALYZE threads");
    const sizes = async () => {
      const { rows } = await client.query<{ table: string; index: string | null; fold: string }>(
        `SELECT pg_total_relation_size('messages') AS table, pg_relation_size(to_regclass($1)) AS index,
           (SELECT sum(pg_column_size(text_fold)) FROM messages) AS fold`,
        [SEARCH_TRGM_INDEX],
      );
      return {
        messagesMB: mb(rows[0]!.table),
        trgmIndexMB: mb(rows[0]!.index ?? 0),
        textFoldMB: mb(rows[0]!.fold),
      };
    };
    const withIndexSizes = await sizes();
    const answers = (
      await client.query<{ id: string }>(
        "SELECT id FROM messages WHERE role = 'assistant' ORDER BY seq LIMIT $1",
        [REWRITES],
      )
    ).rows.map((r) => r.id);
    /** An answer saved again (what saving a streamed answer does): its row, its fold and its index entry written. */
    const rewrite = async (): Promise<Summary> => {
      const samples: number[] = [];
      for (const id of answers) {
        const m = (await storage.getMessage(id)) as StoredMessage;
        const start = performance.now();
        await storage.saveMessage({ ...m, text: `${m.text} ` });
        samples.push(performance.now() - start);
      }
      return summarize(samples);
    };
    let same = true;
    const searchAll = async () => {
      const out: Record<string, { sql: Summary; node: Summary; hits: number }> = {};
      for (const [name, q] of Object.entries(QUERIES)) {
        const filter = { userId: USER, limit: 30 };
        const inSql = await storage.searchThreads(q, filter, "sql");
        const inNode = await storage.searchThreads(q, filter, "node");
        if (JSON.stringify(inSql) !== JSON.stringify(inNode)) {
          same = false;
          console.error(`${name}: the SQL search and the in-Node scan found different threads`);
        }
        out[name] = {
          sql: await time(() => storage.searchThreads(q, filter, "sql")),
          node: await time(() => storage.searchThreads(q, filter, "node")),
          hits: inNode.length,
        };
      }
      return out;
    };
    const withIndex = await searchAll();
    const answerWriteWithIndexMs = await rewrite();
    await client.query(`DROP INDEX ${SEARCH_TRGM_INDEX}`);
    await client.query("VACUUM ANALYZE messages");
    const withoutIndex = await searchAll();
    const answerWriteWithoutIndexMs = await rewrite();
    const out = {
      bench: "thread-search-pg",
      threads: THREADS,
      messages: THREADS * MESSAGES,
      ...withIndexSizes,
      sameHits: same,
      searchMs: { withTrgmIndex: withIndex, withoutTrgmIndex: withoutIndex },
      fillAnswerWriteMs: writeWithIndexMs,
      answerRewriteMs: { withTrgmIndex: answerWriteWithIndexMs, withoutTrgmIndex: answerWriteWithoutIndexMs },
    };
    console.log(
      `${out.messages} messages in ${THREADS} threads; messages ${out.messagesMB} MB, of which trigram index ${out.trgmIndexMB} MB, folded text ${out.textFoldMB} MB; same hits both ways: ${same}`,
    );
    for (const [label, searches] of Object.entries(out.searchMs))
      for (const [name, s] of Object.entries(searches))
        console.log(
          `${label} ${name} (${s.hits} threads): SQL p50 ${s.sql.p50} ms, in Node p50 ${s.node.p50} ms`,
        );
    console.log(
      `saving an answer again: p50 ${answerWriteWithIndexMs.p50} ms with the trigram index, ${answerWriteWithoutIndexMs.p50} ms without`,
    );
    console.log(JSON.stringify(out));
    if (!same) process.exitCode = 1;
  } finally {
    await client.end();
    await stores.close();
    await database.drop();
    await admin.end();
    await started?.stop();
  }
}

await main();
