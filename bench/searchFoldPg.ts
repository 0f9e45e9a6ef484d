// `npm run bench:search-fold-pg [-- --messages N]`: what migration 16 (the thread search's folded texts,
// server/db/searchFold.ts) costs a class deployment's upgrade on a database of N messages (200,000 by default, in
// threads of 20): its time, while it locks messages and threads, before (every row folded inside the migration's
// transaction) and now (the columns, indexes and triggers only), and the background folder's pass that folds the rows
// afterwards while the instance serves (server/db/foldBackfill.ts), in rows a second. Both on copies of one database
// (CREATE DATABASE … TEMPLATE). Then, everything folded, the folder's later passes (one every 5 minutes, finding
// nothing): the threads read's blocks and time (EXPLAIN ANALYZE) and a whole pass, without migration 17's partial
// index of the titles still to fold and with it, and what migration 17 takes. PostgreSQL: TEST_DATABASE_URL's
// server, or one started here in a temp dir. Prints JSON (last line); exits non-zero if a fold differs from
// foldForSearch's.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { foldForSearch } from "../contract/threadSearch";
import { FOLD_TABLES, SearchFolder, unfoldedBatch } from "../server/db/foldBackfill";
import { migrate, type Migration } from "../server/db/migrate";
import { MIGRATIONS } from "../server/db/migrations";
import { openPool, type PgClient, type PgPool } from "../server/db/postgres";
import { addFoldUpkeep, FOLD_BATCH } from "../server/db/searchFold";
import { createLogger } from "../server/log";
import { startPostgres, type RunningService } from "../tests/support/services";

const { values } = parseArgs({ options: { messages: { type: "string", default: "200000" } } });
const MESSAGES = Number(values.messages);
const PER_THREAD = 20;

const WORDS =
  "guvernul pensiile speciale țara școala spitalele Iași București dezbaterea autostrăzi vot parlamentul bugetul ".split(
    " ",
  );

/** Migration 16 as it was: every row folded in its transaction, before the indexes and triggers. */
async function foldedInside(client: PgClient): Promise<void> {
  await client.query("ALTER TABLE messages ADD COLUMN text_fold TEXT");
  await client.query("ALTER TABLE threads ADD COLUMN title_fold TEXT");
  for (const [table, source, target] of [
    ["messages", "text", "text_fold"],
    ["threads", "title", "title_fold"],
  ] as const) {
    let after = "";
    for (;;) {
      const { rows } = await client.query<{ id: string; value: string }>(
        `SELECT id, ${source} AS value FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, FOLD_BATCH],
      );
      if (rows.length === 0) break;
      await client.query(
        `UPDATE ${table} SET ${target} = f.fold FROM unnest($1::text[], $2::text[]) AS f(id, fold) WHERE ${table}.id = f.id`,
        [rows.map((r) => r.id), rows.map((r) => foldForSearch(r.value))],
      );
      after = rows[rows.length - 1]!.id;
    }
  }
  await addFoldUpkeep(client);
}

/** A later pass of the folder, nothing left to fold: the threads read's plan figures, and whole passes (median ms). */
async function idlePass(
  pool: PgPool,
): Promise<{ threadsReadBlocks: number; threadsReadMs: number; passMs: number }> {
  const threads = FOLD_TABLES.find((t) => t.table === "threads")!;
  const { rows } = await pool.query<{
    "QUERY PLAN": [{ Plan: Record<string, number>; "Execution Time": number }];
  }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${unfoldedBatch(threads)}`, [null, FOLD_BATCH]);
  const [explained] = rows[0]!["QUERY PLAN"];
  const folder = new SearchFolder(pool, createLogger({ LOG_LEVEL: "silent" }));
  const passes: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    await folder.run();
    passes.push(performance.now() - t0);
  }
  passes.sort((a, b) => a - b);
  return {
    threadsReadBlocks: explained.Plan["Shared Hit Blocks"]! + explained.Plan["Shared Read Blocks"]!,
    threadsReadMs: Math.round(explained["Execution Time"] * 100) / 100,
    passMs: Math.round(passes[3]! * 10) / 10,
  };
}

async function main(): Promise<void> {
  let started: RunningService | null = null;
  const server = process.env.TEST_DATABASE_URL || ((started = await startPostgres()), started.url);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const names = ["template", "before", "after"].map((k) => `ec_bench_fold_${k}_${process.pid}`);
  const urlOf = (name: string) => {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const [template, before, after] = names as [string, string, string];
  try {
    await admin.query(`CREATE DATABASE ${template}`);
    const pool = openPool(urlOf(template));
    await migrate(
      pool,
      MIGRATIONS.filter((m) => m.version <= 15),
    );
    const threads = Math.ceil(MESSAGES / PER_THREAD);
    await pool.query(
      `INSERT INTO threads (id, title, user_id, created_at, updated_at)
       SELECT 't' || lpad(i::text, 7, '0'), 'Conversația ' || i || ' despre ' || ($1::text[])[1 + i % 12], 'u' || (i % 30),
         '2026-01-01', '2026-01-01' FROM generate_series(1, $2) i`,
      [WORDS, threads],
    );
    await pool.query(
      `INSERT INTO messages (id, thread_id, role, text, created_at, status, extra)
       SELECT 'm' || lpad(i::text, 8, '0'), 't' || lpad((1 + i / $3)::text, 7, '0'),
         CASE WHEN i % 2 = 0 THEN 'user' ELSE 'assistant' END,
         (SELECT string_agg(($1::text[])[1 + (i * 7 + k * 13) % 12], ' ') FROM generate_series(1, 40 + i % 40) k),
         '2026-01-01', 'done', '{}' FROM generate_series(0, $2 - 1) i`,
      [WORDS, MESSAGES, PER_THREAD],
    );
    await pool.query("VACUUM ANALYZE");
    await pool.end();
    for (const name of [before, after]) await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);

    const migrationMs = async (name: string, up: Migration["up"]) => {
      const p = openPool(urlOf(name));
      try {
        const t0 = performance.now();
        await migrate(p, [
          ...MIGRATIONS.filter((m) => m.version <= 15),
          { version: 16, name: "search-fold", up },
        ]);
        return Math.round(performance.now() - t0);
      } finally {
        await p.end();
      }
    };
    const beforeMs = await migrationMs(before, foldedInside);
    const afterMs = await migrationMs(after, MIGRATIONS.find((m) => m.version === 16)!.up);

    const p = openPool(urlOf(after));
    let folded = true;
    let folder: { ms: number; rowsPerSecond: number; messages: number; threads: number };
    const laterPass: Record<string, Awaited<ReturnType<typeof idlePass>>> = {};
    let migration17Ms = 0;
    try {
      const t0 = performance.now();
      const report = await new SearchFolder(p, createLogger({ LOG_LEVEL: "silent" })).run();
      const ms = performance.now() - t0;
      const rows = (report?.messages ?? 0) + (report?.threads ?? 0);
      folder = {
        ms: Math.round(ms),
        rowsPerSecond: Math.round(rows / (ms / 1000)),
        messages: report?.messages ?? 0,
        threads: report?.threads ?? 0,
      };
      const { rows: sample } = await p.query<{ text: string; text_fold: string | null }>(
        "SELECT text, text_fold FROM messages TABLESAMPLE SYSTEM (1)",
      );
      for (const r of sample) if (r.text_fold !== foldForSearch(r.text)) folded = false;
      const { rows: left } = await p.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM messages WHERE text_fold IS NULL",
      );
      if (left[0]!.n > 0) folded = false;
      await p.query("VACUUM ANALYZE");
      laterPass.without17 = await idlePass(p);
      const t0m = performance.now();
      await migrate(p, MIGRATIONS);
      migration17Ms = Math.round(performance.now() - t0m);
      await p.query("ANALYZE threads");
      laterPass.with17 = await idlePass(p);
    } finally {
      await p.end();
    }
    const out = {
      bench: "search-fold-pg",
      messages: MESSAGES,
      threads,
      migration16Ms: { foldingInside: beforeMs, columnsOnly: afterMs },
      folder,
      migration17Ms,
      laterPass,
      folded,
    };
    console.log(
      `${MESSAGES} messages: migration 16 ${beforeMs} ms folding inside its transaction, ${afterMs} ms now; the background folder ${folder.ms} ms (${folder.rowsPerSecond} rows/s); every row folded: ${folded}`,
    );
    const { without17: a, with17: b } = laterPass;
    console.log(
      `a later pass, nothing to fold: the threads read ${a?.threadsReadBlocks} blocks ${a?.threadsReadMs} ms without migration 17, ${b?.threadsReadBlocks} blocks ${b?.threadsReadMs} ms with it (${migration17Ms} ms to migrate); a whole pass ${a?.passMs} ms, ${b?.passMs} ms`,
    );
    console.log(JSON.stringify(out));
    if (!folded) process.exitCode = 1;
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await started?.stop();
  }
}

await main();
