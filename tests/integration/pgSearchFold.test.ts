// The thread search's folded texts on PostgreSQL filled in the background (server/db/foldBackfill.ts), not by
// migration 16 (server/db/searchFold.ts): the migration leaves a database's rows unfolded and the search finds them
// all the same; the folder folds them a batch at a time, never with the fold of a text changed since it read it, stops
// with the stores, and works on one instance at a time; the trigram index is made at a server's start where missing
// and made again where an interrupted build left it invalid; the search finds the same before and after. Each table's
// rows still to fold are read through a partial index of their own (messages: migration 16; threads: migration 17,
// which a database whose index was made by hand runs all the same).
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { foldForSearch } from "../../contract/threadSearch";
import { FOLD_TABLES, SearchFolder, unfoldedBatch } from "../../server/db/foldBackfill";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool, type PgPool } from "../../server/db/postgres";
import { hasSearchTrgmIndex, searchTrgmIndexState } from "../../server/db/searchFold";
import { createLogger } from "../../server/log";
import { openStores } from "../../server/storage/open";
import type { PgStorage } from "../../server/storage/postgres";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";

const services = await classServices();

const TEXTS = [
  "Ce spune ȚARA despre pensiile speciale?",
  "O ţară (cu sedilă) şi o tara fără diacritice.",
  "Spitalele din Iași au primit 50% din bani.",
  "Dezbaterea despre autostrăzi, a doua zi după vot.",
  "Litere descompuse: t\u0326ara s\u0326i s\u0326coala.",
];
const QUERIES = [
  "țara",
  "ţară",
  "spitalele iasi",
  "50%",
  "scoala",
  "conversația 3",
  "autostrazi vot",
  "nicăieri",
];

const quiet = createLogger({ LOG_LEVEL: "silent" });

/** A database with rows written before migration 16 (no fold anywhere), then migrated to the last migration. */
async function oldDatabase(url: string): Promise<void> {
  const pool = openPool(url);
  try {
    await migrate(
      pool,
      MIGRATIONS.filter((m) => m.version <= 15),
    );
    let n = 0;
    for (const [i, text] of TEXTS.entries()) {
      const at = (k: number) => new Date(Date.UTC(2026, 0, 1, 0, i, k)).toISOString();
      await pool.query(
        "INSERT INTO threads (id, title, user_id, created_at, updated_at) VALUES ($1, $2, 'ana', $3, $3)",
        [`t${i}`, `Conversația ${i}`, at(0)],
      );
      for (const [k, m] of ["O întrebare oarecare.", text, `Și încă o dată: ${text}`].entries())
        await pool.query(
          `INSERT INTO messages (id, thread_id, role, text, created_at, status, extra)
           VALUES ($1, $2, $3, $4, $5, 'done', '{}')`,
          [`m${String(n++).padStart(2, "0")}`, `t${i}`, k === 1 ? "assistant" : "user", m, at(k + 1)],
        );
    }
    await migrate(pool, MIGRATIONS);
  } finally {
    await pool.end();
  }
}

async function folds(pool: PgPool) {
  const messages = await pool.query<{ id: string; text: string; text_fold: string | null }>(
    "SELECT id, text, text_fold FROM messages ORDER BY id",
  );
  const threads = await pool.query<{ id: string; title: string; title_fold: string | null }>(
    "SELECT id, title, title_fold FROM threads ORDER BY id",
  );
  return { messages: messages.rows, threads: threads.rows };
}

async function searches(storage: PgStorage) {
  const out: unknown[] = [];
  for (const q of QUERIES) out.push(await storage.searchThreads(q, { userId: "ana" }));
  return out;
}

describe.skipIf(!services.databaseUrl)(
  titled("the search's folded texts filled in the background on PostgreSQL", services, !services.databaseUrl),
  () => {
    const databases: Awaited<ReturnType<typeof freshDatabase>>[] = [];
    const pools: PgPool[] = [];
    const fresh = async () => {
      const database = await freshDatabase(services.databaseUrl!);
      databases.push(database);
      await oldDatabase(database.url);
      const pool = openPool(database.url);
      pools.push(pool);
      return { url: database.url, pool };
    };
    afterAll(async () => {
      for (const pool of pools) await pool.end();
      for (const database of databases) await database.drop();
    });

    it("migration 16 leaves the rows unfolded, the search finds them, and finds the same once the folder ran", async () => {
      const { url, pool } = await fresh();
      const before = await folds(pool);
      expect(before.messages).toHaveLength(TEXTS.length * 3);
      // Nothing folded inside the migration's transaction (which locked both tables while it lasted).
      for (const row of before.messages) expect(row.text_fold).toBeNull();
      for (const row of before.threads) expect(row.title_fold).toBeNull();
      const stores = await openStores(testConfig({ DATABASE_URL: url }), quiet, { role: "cli" });
      try {
        const storage = stores.storage as PgStorage;
        const unfolded = await searches(storage);
        for (const [k, q] of QUERIES.entries())
          expect(unfolded[k], q).toEqual(await storage.searchThreads(q, { userId: "ana" }, "node"));
        expect((unfolded[0] as { thread: { id: string } }[]).map((h) => h.thread.id)).toEqual([
          "t4",
          "t1",
          "t0",
        ]);

        const lines: string[] = [];
        const folder = new SearchFolder(
          pool,
          createLogger({ LOG_LEVEL: "info" }, (line) => lines.push(line)),
          { batch: 4 },
        );
        expect(await folder.run()).toEqual({ messages: 15, threads: 5, skipped: 0, index: "not tried" });
        expect(lines.filter((l) => l.includes("folded texts written"))).toHaveLength(1);
        const after = await folds(pool);
        for (const row of after.messages) expect(row.text_fold).toBe(foldForSearch(row.text));
        for (const row of after.threads) expect(row.title_fold).toBe(foldForSearch(row.title));
        expect(await searches(storage)).toEqual(unfolded);
        // Nothing left: a pass finds nothing and says nothing.
        expect(await folder.run()).toEqual({ messages: 0, threads: 0, skipped: 0, index: "not tried" });
        expect(lines.filter((l) => l.includes("folded texts written"))).toHaveLength(1);
      } finally {
        await stores.close();
      }
    });

    it("reads each table's rows still to fold through a partial index of its own (threads: migration 17, idempotent)", async () => {
      const { pool } = await fresh();
      const plan = async (table: string) => {
        const client = await pool.connect();
        try {
          // Five threads: the planner would scan them whatever the indexes; what matters is which index it can use.
          await client.query("BEGIN");
          await client.query("SET LOCAL enable_seqscan = off");
          const spec = FOLD_TABLES.find((t) => t.table === table)!;
          const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${unfoldedBatch(spec)}`, [null, 500]);
          return JSON.stringify(rows[0]["QUERY PLAN"]);
        } finally {
          await client.query("ROLLBACK");
          client.release();
        }
      };
      expect(await plan("messages")).toContain('"Index Name":"messages_unfolded"');
      expect(await plan("threads")).toContain('"Index Name":"threads_unfolded"');
      const { rows } = await pool.query(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'threads_unfolded'",
      );
      expect(rows[0].indexdef).toMatch(/ON public\.threads USING btree \(id\) WHERE \(title_fold IS NULL\)/);
      // Idempotent: run again on a database that has the index (made by hand, or by an earlier try), it changes nothing.
      const other = await freshDatabase(services.databaseUrl!);
      databases.push(other);
      const handMade = openPool(other.url);
      pools.push(handMade);
      await migrate(
        handMade,
        MIGRATIONS.filter((m) => m.version <= 16),
      );
      await handMade.query("CREATE INDEX threads_unfolded ON threads(id) WHERE title_fold IS NULL");
      expect((await migrate(handMade, MIGRATIONS)).applied).toEqual(["17_threads-unfolded"]);
      const up = MIGRATIONS.find((m) => m.version === 17)!.up;
      await handMade.query(up as string);
      const { rows: again } = await handMade.query(
        "SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'threads' AND indexdef LIKE '%title_fold IS NULL%'",
      );
      expect(again[0].n).toBe(1);
    });

    it("does not write the fold of a text changed between its read and its write", async () => {
      const { pool } = await fresh();
      const folder = new SearchFolder(pool, quiet, {
        batch: 4,
        afterRead: async (table, ids) => {
          if (table !== "messages" || ids[0] !== "m00") return;
          // An older instance's save (the fold not named) and this version's save (the fold with it), meanwhile.
          await pool.query("UPDATE messages SET text = 'Altceva, despre brânză.' WHERE id = 'm01'");
          await pool.query("UPDATE messages SET text = 'Școala nouă', text_fold = $1 WHERE id = 'm02'", [
            foldForSearch("Școala nouă"),
          ]);
        },
      });
      expect(await folder.run()).toMatchObject({ messages: 13, threads: 5, skipped: 2 });
      const byId = new Map((await folds(pool)).messages.map((r) => [r.id, r]));
      expect(byId.get("m01")).toMatchObject({ text: "Altceva, despre brânză.", text_fold: null });
      expect(byId.get("m02")).toMatchObject({ text: "Școala nouă", text_fold: foldForSearch("Școala nouă") });
      // The next pass folds the changed row as it is now.
      expect(await folder.run()).toMatchObject({ messages: 1, threads: 0, skipped: 0 });
      for (const row of (await folds(pool)).messages) expect(row.text_fold).toBe(foldForSearch(row.text));
    });

    it("writes nothing once stopped, even mid-pass", async () => {
      const { pool } = await fresh();
      let stopping: Promise<void> | undefined;
      const folder = new SearchFolder(pool, quiet, {
        batch: 2,
        afterRead: async () => {
          stopping ??= folder.stop();
        },
      });
      await folder.run();
      await stopping;
      const after = await folds(pool);
      for (const row of after.messages) expect(row.text_fold).toBeNull();
      for (const row of after.threads) expect(row.title_fold).toBeNull();
      expect(await folder.run()).toBeNull();
    });

    it("folds on one instance at a time: a second folder skips its pass while the first holds the lock", async () => {
      const { url, pool } = await fresh();
      const other = openPool(url);
      pools.push(other);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let reading!: () => void;
      const started = new Promise<void>((resolve) => (reading = resolve));
      const first = new SearchFolder(pool, quiet, {
        afterRead: async () => {
          reading();
          await held;
        },
      });
      const second = new SearchFolder(other, quiet);
      const running = first.run();
      await started;
      expect(await second.run()).toBeNull();
      release();
      expect(await running).toMatchObject({ messages: 15, threads: 5 });
      // Once the first is done, the second may pass (and finds nothing left).
      expect(await second.run()).toMatchObject({ messages: 0, threads: 0 });
    });

    it("makes the trigram index at a server's start where it is missing, and again where a build left it invalid", async () => {
      const { url, pool } = await fresh();
      // As in a database whose pg_trgm was installed after migration 16 ran without it.
      await pool.query("DROP INDEX messages_text_fold_trgm");
      expect(await hasSearchTrgmIndex(pool)).toBe(false);
      const lines: string[] = [];
      const stores = await openStores(
        testConfig({ DATABASE_URL: url }),
        createLogger({ LOG_LEVEL: "info" }, (line) => lines.push(line)),
        { role: "server" },
      );
      try {
        stores.startUpkeep?.();
        await vi.waitFor(async () => expect(await hasSearchTrgmIndex(pool)).toBe(true), { timeout: 20_000 });
        await vi.waitFor(() => expect(lines.some((l) => l.includes("trigram index made"))).toBe(true));
        const storage = stores.storage as PgStorage;
        for (const q of QUERIES)
          expect(await storage.searchThreads(q, { userId: "ana" }), q).toEqual(
            await storage.searchThreads(q, { userId: "ana" }, "node"),
          );
      } finally {
        await stores.close();
      }
      // A CREATE INDEX CONCURRENTLY that failed halfway leaves its index, invalid (here: duplicates for a unique one).
      await pool.query("DROP INDEX messages_text_fold_trgm");
      await expect(
        pool.query("CREATE UNIQUE INDEX CONCURRENTLY messages_text_fold_trgm ON messages (role)"),
      ).rejects.toThrow();
      expect(await searchTrgmIndexState(pool)).toBe("invalid");
      const folder = new SearchFolder(pool, quiet);
      expect(await folder.run({ index: true })).toMatchObject({ index: "rebuilt" });
      expect(await searchTrgmIndexState(pool)).toBe("valid");
      const { rows } = await pool.query(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'messages_text_fold_trgm'",
      );
      expect(rows[0].indexdef).toContain("gin_trgm_ops");
      expect(await folder.run({ index: true })).toMatchObject({ index: "present" });
    });

    it("makes the index again at a later pass, not only at the start (a build another instance's restart cancelled)", async () => {
      const { pool } = await fresh();
      const folder = new SearchFolder(pool, quiet, { everyMs: 200 });
      folder.start();
      try {
        // The first pass (the start's) over: run() while one runs is that one.
        await folder.run();
        expect(await hasSearchTrgmIndex(pool)).toBe(true);
        await pool.query("DROP INDEX messages_text_fold_trgm");
        await vi.waitFor(async () => expect(await hasSearchTrgmIndex(pool)).toBe(true), { timeout: 20_000 });
      } finally {
        await folder.stop();
      }
    });

    it("says once, at a server's start, that the index cannot be made where pg_trgm is refused", async () => {
      const database = await freshDatabase(services.databaseUrl!);
      databases.push(database);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(`CREATE FUNCTION refuse_extension() RETURNS event_trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'permission denied to create extension' USING ERRCODE = '42501'; END $$`);
        await admin.query(
          "CREATE EVENT TRIGGER no_extensions ON ddl_command_start WHEN TAG IN ('CREATE EXTENSION') EXECUTE FUNCTION refuse_extension()",
        );
      } finally {
        await admin.end();
      }
      const pool = openPool(database.url);
      pools.push(pool);
      await migrate(pool, MIGRATIONS);
      const lines: string[] = [];
      const folder = new SearchFolder(
        pool,
        createLogger({ LOG_LEVEL: "info" }, (line) => lines.push(line)),
      );
      expect(await folder.run({ index: true })).toMatchObject({ index: "refused" });
      expect(await folder.run({ index: true })).toMatchObject({ index: "refused" });
      expect(lines.filter((l) => l.includes("pg_trgm"))).toHaveLength(1);
      expect(await hasSearchTrgmIndex(pool)).toBe(false);
    });
  },
);
