// The PostgreSQL thread search inside SQL (server/storage/postgres.ts searchThreads, migration 16: the folded texts in
// messages.text_fold and threads.title_fold, server/db/searchFold.ts): it finds exactly what the in-Node scan it
// replaced finds (the same threads, the same excerpts) for queries with diacritics, cedillas, decomposed letters, runs
// of white space, LIKE's own characters, its escape and quotes, and queries of several words (in one message or
// several, a quoted phrase); a database made before it has its rows folded by the background folder
// (server/db/foldBackfill.ts); rows an older instance
// writes without a fold are still found, a query's words spread over them and over folded rows; and without pg_trgm
// (a managed database that refuses the extension) the migration goes on without the index, says so once, and the
// search still works.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldForSearch } from "../../contract/threadSearch";
import type { StoredMessage } from "../../contract/threads";
import { SearchFolder } from "../../server/db/foldBackfill";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool } from "../../server/db/postgres";
import { hasSearchTrgmIndex } from "../../server/db/searchFold";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import type { PgStorage } from "../../server/storage/postgres";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";

const services = await classServices();

let n = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)).toISOString();

const TEXTS = [
  "Ce spune ȚARA despre pensiile speciale?",
  "O ţară (cu sedilă) şi o tara fără diacritice.",
  'Spitalele  din\nIași au primit 50% din bani; a_b și "ghilimele", l\'ora, c:\\cale\\spre și 100 %.',
  "Dezbaterea despre autostrăzi, a doua zi după vot.",
  "Un text cu litere descompuse: t\u0326ara s\u0326i s\u0326coala, ﬁnanțe.",
  "Influența (UE) asupra „PL”-ului: 25% în 2025, #ue 🔥ue x_ue жue, completă.",
];

const QUERIES = [
  "țara",
  "TARA",
  "ţară",
  "t\u0326ara",
  "şi o tara",
  "spitalele din iasi",
  "spitalele  din   iași",
  "50%",
  "5_%",
  "%",
  "_",
  "a_b",
  "a%b",
  '"ghilimele"',
  "l'ora",
  "c:\\cale",
  "\\",
  "scoala",
  "finanțe",
  "conversația 3",
  "Conversația",
  "nicăieri",
  "pensiile speciale",
  "speciale ŢARA",
  "tara oarecare",
  "Iași 50% a_b",
  '"din bani" spitalele',
  '"bani din"',
  "e\\s 100",
  "tara ta",
  'oarecare "cu sedilă',
  "tara nicăieri",
  "speciale pensiile despre ȚARA spune ce",
  // Under three characters: only where a word starts.
  "ue",
  "UE pl",
  "25",
  "0%",
  "nt",
  "ue influenta",
  '"ue"',
];

/** Threads and messages written the way the stores write them (folded text included, for the new code). */
async function fill(storage: Stores["storage"]): Promise<void> {
  for (const [i, text] of TEXTS.entries()) {
    const thread = await storage.createThread(`Conversația ${i}`, i === 4 ? "ion" : "ana");
    const add = (m: Omit<StoredMessage, "id" | "threadId" | "createdAt" | "status">) =>
      storage.addMessage({ ...m, id: `m${n}`, threadId: thread.id, createdAt: at(), status: "done" });
    await add({ role: "user", text: "O întrebare oarecare." });
    await add({ role: "assistant", text });
    await add({ role: "user", text: `Și încă o dată: ${text}` });
  }
}

/** Each query searched both ways, for one person and for everyone: [query, inSql, inNode]. */
async function bothWays(storage: PgStorage) {
  const out: [string, unknown, unknown][] = [];
  for (const q of QUERIES)
    for (const filter of [{ userId: "ana" }, {}]) {
      out.push([
        q,
        await storage.searchThreads(q, filter, "sql"),
        await storage.searchThreads(q, filter, "node"),
      ]);
    }
  return out;
}

describe.skipIf(!services.databaseUrl)(
  titled("the PostgreSQL thread search inside SQL", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    const opened: Stores[] = [];
    const open = async (url: string, lines: string[] = []) => {
      const logger = createLogger({ LOG_LEVEL: "info" }, (line) => lines.push(line));
      const stores = await openStores(testConfig({ DATABASE_URL: url }), logger, { role: "cli" });
      opened.push(stores);
      return stores;
    };
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      for (const stores of opened) await stores.close();
      await database?.drop();
    });

    it("folds the rows of a database made before it, and finds what the in-Node scan finds, excerpts included", async () => {
      // The rows as the previous version wrote them: no folded text anywhere.
      const pool = openPool(database.url);
      try {
        await migrate(
          pool,
          MIGRATIONS.filter((m) => m.version <= 15),
        );
        for (const [i, text] of TEXTS.entries()) {
          await pool.query(
            "INSERT INTO threads (id, title, user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
            [`t${i}`, `Conversația ${i}`, i === 4 ? "ion" : "ana", at()],
          );
          for (const [k, m] of ["O întrebare oarecare.", text, `Și încă o dată: ${text}`].entries())
            await pool.query(
              `INSERT INTO messages (id, thread_id, role, text, created_at, status, extra)
               VALUES ($1, $2, $3, $4, $5, 'done', '{}')`,
              [`t${i}-${k}`, `t${i}`, k === 1 ? "assistant" : "user", m, at()],
            );
        }
      } finally {
        await pool.end();
      }
      const stores = await open(database.url);
      const storage = stores.storage as PgStorage;
      // The migration leaves them unfolded (the search folds them itself meanwhile); the background folder folds them.
      const folding = openPool(database.url);
      try {
        expect(await new SearchFolder(folding, createLogger({ LOG_LEVEL: "silent" })).run()).toMatchObject({
          messages: TEXTS.length * 3,
          threads: TEXTS.length,
        });
      } finally {
        await folding.end();
      }
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ text: string; text_fold: string | null }>(
          "SELECT text, text_fold FROM messages",
        );
        expect(rows).toHaveLength(TEXTS.length * 3);
        for (const row of rows) expect(row.text_fold).toBe(foldForSearch(row.text));
        const titles = await client.query<{ title: string; title_fold: string }>(
          "SELECT title, title_fold FROM threads",
        );
        for (const row of titles.rows) expect(row.title_fold).toBe(foldForSearch(row.title));
        expect(await hasSearchTrgmIndex(client)).toBe(true);
      } finally {
        await client.end();
      }
      for (const [q, inSql, inNode] of await bothWays(storage)) expect(inSql, q).toEqual(inNode);
      const [hit] = await storage.searchThreads("tara", { userId: "ana" });
      expect(hit?.match).toMatchObject({ messageId: "t1-1", excerpt: TEXTS[1] });
      expect((await storage.searchThreads("e\\s", {})).map((h) => h.thread.id)).toEqual(["t2"]);
      expect((await storage.searchThreads("e\\s 100", {})).map((h) => h.thread.id)).toEqual(["t2"]);
      expect((await storage.searchThreads("e\\s 5_", {})).map((h) => h.thread.id)).toEqual([]);
      expect((await storage.searchThreads("5_%", {})).map((h) => h.thread.id)).toEqual([]);
    });

    it("writes the folded text with each message and title, and follows edits", async () => {
      const stores = await open(database.url);
      const storage = stores.storage as PgStorage;
      await fill(storage);
      for (const [q, inSql, inNode] of await bothWays(storage)) expect(inSql, q).toEqual(inNode);
      const thread = await storage.createThread("Fără nimic", "edit");
      const answer: StoredMessage = {
        id: `${thread.id}-a`,
        threadId: thread.id,
        role: "assistant",
        text: "început",
        createdAt: at(),
        status: "streaming",
      };
      await storage.saveMessage(answer);
      expect(await storage.searchThreads("Şcoală", { userId: "edit" })).toEqual([]);
      await storage.saveMessage({ ...answer, text: "început; apoi ŞCOALA  din sat", status: "done" });
      const [hit] = await storage.searchThreads("școala din", { userId: "edit" });
      expect(hit?.match?.messageId).toBe(answer.id);
      expect(await storage.searchThreads("început", { userId: "edit" })).toHaveLength(1);
      await storage.renameThread(thread.id, "Redenumită cu ŢARINĂ");
      expect((await storage.searchThreads("țarina", { userId: "edit" }))[0]?.thread.title).toBe(
        "Redenumită cu ŢARINĂ",
      );
    });

    it("finds the rows an older instance wrote without a fold, in the thread's order", async () => {
      const stores = await open(database.url);
      const storage = stores.storage as PgStorage;
      const thread = await storage.createThread("Vechi", "old");
      const later = await storage.createThread("Nouă", "old");
      for (const [id, threadId, text] of [
        ["o1", thread.id, "întâi nimic"],
        ["o2", thread.id, "apoi o bucată de brânză"],
        ["o3", thread.id, "și iar BRÂNZĂ"],
        ["o4", later.id, "brânza de azi"],
      ] as const)
        await storage.addMessage({ id, threadId, role: "user", text, createdAt: at(), status: "done" });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        // As the previous version writes them during a rolling restart: no fold.
        await client.query("UPDATE messages SET text_fold = NULL WHERE id IN ('o2', 'o4')");
        await client.query("UPDATE threads SET title_fold = NULL WHERE id = $1", [thread.id]);
      } finally {
        await client.end();
      }
      const hits = await storage.searchThreads("branza", { userId: "old" });
      expect(hits.map((h) => [h.thread.id, h.match?.messageId])).toEqual([
        [later.id, "o4"],
        [thread.id, "o2"],
      ]);
      expect(hits).toEqual(await storage.searchThreads("branza", { userId: "old" }, "node"));
      expect((await storage.searchThreads("vechi", { userId: "old" })).map((h) => h.thread.id)).toEqual([
        thread.id,
      ]);
      expect(await storage.searchThreads("nimic de găsit", { userId: "old" })).toEqual([]);
      // Words spread over rows with a fold and rows without one, and over a title without one.
      for (const [q, found] of [
        ["nimic branza", [[thread.id, "o1"]]],
        ["brânză VECHI", [[thread.id, "o2"]]],
        ["azi branza", [[later.id, "o4"]]],
        ["azi nimic", []],
      ] as const) {
        const inSql = await storage.searchThreads(q, { userId: "old" });
        expect(
          inSql.map((h) => [h.thread.id, h.match?.messageId]),
          q,
        ).toEqual(found);
        expect(inSql, q).toEqual(await storage.searchThreads(q, { userId: "old" }, "node"));
      }
    });

    it("finds the rows an older instance updated after the migration (an answer streaming, a title renamed)", async () => {
      const stores = await open(database.url);
      const storage = stores.storage as PgStorage;
      const thread = await storage.createThread("Început", "late");
      await storage.addMessage({
        id: "s1",
        threadId: thread.id,
        role: "assistant",
        text: "Început",
        createdAt: at(),
        status: "streaming",
      });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        // The previous version's save and rename: the text changes, the fold is not named.
        await client.query("UPDATE messages SET text = $1, status = 'done' WHERE id = 's1'", [
          "Început, apoi despre autostrăzi.",
        ]);
        await client.query("UPDATE threads SET title = $1 WHERE id = $2", ["Spitale", thread.id]);
      } finally {
        await client.end();
      }
      for (const q of ["autostrazi", "spitale"]) {
        const inSql = await storage.searchThreads(q, { userId: "late" });
        expect(
          inSql.map((h) => h.thread.id),
          q,
        ).toEqual([thread.id]);
        expect(inSql, q).toEqual(await storage.searchThreads(q, { userId: "late" }, "node"));
      }
      // The new code's own saves keep their fold: nothing is emptied.
      await storage.renameThread(thread.id, "Spitale și școli");
      const check = new pg.Client({ connectionString: database.url });
      await check.connect();
      try {
        const { rows } = await check.query("SELECT title_fold FROM threads WHERE id = $1", [thread.id]);
        expect(rows[0].title_fold).toBe(foldForSearch("Spitale și școli"));
      } finally {
        await check.end();
      }
    });

    it("goes on without the trigram index where pg_trgm cannot be created, says so once, and still searches", async () => {
      // A database that refuses CREATE EXTENSION, as a managed one does to its application's role.
      const plain = await freshDatabase(services.databaseUrl!);
      const admin = new pg.Client({ connectionString: plain.url });
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
      const url = new URL(plain.url);
      try {
        const lines: string[] = [];
        const stores = await open(url.toString(), lines);
        expect(lines.filter((l) => l.includes("pg_trgm"))).toHaveLength(1);
        const storage = stores.storage as PgStorage;
        await fill(storage);
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        expect(await hasSearchTrgmIndex(client)).toBe(false);
        await client.end();
        for (const [q, inSql, inNode] of await bothWays(storage)) expect(inSql, q).toEqual(inNode);
        expect((await storage.searchThreads("ţara", { userId: "ana" })).length).toBeGreaterThan(0);
        // Opened again: the migration is not run again, and nothing more is said.
        const again: string[] = [];
        await open(url.toString(), again);
        expect(again.filter((l) => l.includes("pg_trgm"))).toEqual([]);
      } finally {
        for (const stores of opened.splice(0)) await stores.close();
        await plain.drop();
      }
    });
  },
);
