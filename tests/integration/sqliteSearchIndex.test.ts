// The SQLite thread search's trigram index of the messages' folded text (server/storage/sqliteSearch.ts): it finds
// exactly what the scan it replaced finds (the same threads, the same excerpts) for queries with diacritics, cedillas,
// white space runs, FTS5 syntax and quotes, and of several words (some too short for the index, some in another
// message than the others, a quoted phrase, a quote left open); it follows edits and deletions (a deleted message's rowid taken by a new
// one finds nothing old); and a database made before it, or written by an earlier version since, has its messages
// indexed when it is opened.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { SqliteStorage } from "../../server/storage/sqlite";

const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-search-index-"));
let n = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)).toISOString();
const message = (threadId: string, text: string, role: StoredMessage["role"] = "user"): StoredMessage => ({
  id: `m${n}`,
  threadId,
  role,
  text,
  createdAt: at(),
  status: "done",
});

/** The rows of the index that hold the folded query, read through a connection of the test's own. */
function indexRows(file: string, foldedQuery: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare("SELECT count(*) AS n FROM messages_fold WHERE messages_fold MATCH ?")
      .get(`"${foldedQuery}"`) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

describe("the SQLite thread search's index", () => {
  const file = path.join(dir, "a.db");
  let storage: SqliteStorage;

  beforeAll(async () => {
    storage = new SqliteStorage(file);
    const texts = [
      "Ce spune ȚARA despre pensiile speciale?",
      "O ţară (cu sedilă) şi o tara fără diacritice.",
      'Spitalele  din\nIași au primit 50% din bani; a_b și "ghilimele" AND OR NEAR(x y) * ^col:',
      "Dezbaterea despre autostrăzi, a doua zi după vot.",
      "Un text cu litere descompuse: t\u0326ara s\u0326i s\u0326coala.",
    ];
    for (const [i, text] of texts.entries()) {
      const thread = await storage.createThread(`Conversația ${i}`, i === 4 ? "ion" : "ana");
      await storage.addMessage(message(thread.id, "O întrebare oarecare."));
      await storage.addMessage(message(thread.id, text, "assistant"));
    }
  });

  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every message's folded text in the index", () => {
    expect(indexRows(file, "tara")).toBe(3);
    expect(indexRows(file, "spitalele din iasi")).toBe(1);
  });

  it("finds the same threads, with the same excerpts, as the scan", async () => {
    const queries = [
      "tara",
      "ȚARĂ",
      "ţară (cu",
      "spitalele din iasi",
      "DIN   IAȘI",
      "50%",
      "a_b",
      "%",
      '"ghilimele"',
      "AND OR",
      "NEAR(x y)",
      "* ^col:",
      "ara",
      "scoala",
      "întrebare oarecare",
      "conversația 3",
      "nimic de găsit",
      "ta",
      "speciale ŢARA",
      "tara oarecare",
      "tara ta",
      "ta oarecare",
      "Iași 50% a_b",
      '"din bani" spitalele',
      '"bani din"',
      'oarecare "cu sedilă',
      'NEAR "x y)',
      "tara nimic",
      // More words than the statements kept compiled are for.
      "speciale pensiile despre ȚARA spune ce",
      "speciale pensiile despre tara spune ce nimic",
      // Under three characters, only where a word starts, beside terms the index serves.
      "ar",
      "ce ta",
      "0%",
      "spitalele 50",
    ];
    for (const q of queries)
      for (const filter of [{ userId: "ana" }, {}, { userId: "ana", limit: 2 }]) {
        const byScan = await storage.searchThreads(q, filter, "scan");
        expect(await storage.searchThreads(q, filter, "index"), `${q} ${JSON.stringify(filter)}`).toEqual(
          byScan,
        );
        expect(await storage.searchThreads(q, filter), q).toEqual(byScan);
      }
    expect((await storage.searchThreads("tara", {}, "index")).length).toBe(3);
    expect((await storage.searchThreads("speciale pensiile despre tara spune ce", {})).length).toBe(1);
  });

  it("follows an edited answer and forgets a deleted thread, even when a new message takes its rowid", async () => {
    const thread = await storage.createThread("De șters", "ana");
    const answer = message(thread.id, "Un cuvânt rar: zăpăceală.", "assistant");
    await storage.addMessage(answer);
    expect((await storage.searchThreads("zapaceala", {}, "index")).map((h) => h.thread.id)).toEqual([
      thread.id,
    ]);
    await storage.saveMessage({ ...answer, text: "Textul s-a schimbat: hărmălaie." });
    expect(await storage.searchThreads("zapaceala", {}, "index")).toEqual([]);
    expect((await storage.searchThreads("harmalaie", {}, "index")).map((h) => h.thread.id)).toEqual([
      thread.id,
    ]);

    expect(await storage.deleteThread(thread.id)).toBe(true);
    // The deleted message's entry goes with it (the trigger), not left to take space.
    expect(indexRows(file, "harmalaie")).toBe(0);
    const next = await storage.createThread("Alta", "ana");
    // The newest rowid was the deleted message's: SQLite gives it to the next message.
    await storage.addMessage(message(next.id, "Altceva cu totul.", "assistant"));
    expect(await storage.searchThreads("harmalaie", {}, "index")).toEqual([]);
    expect(indexRows(file, "harmalaie")).toBe(0);
  });

  it("indexes the messages of a database made before the index when it opens it", async () => {
    const old = path.join(dir, "old.db");
    const first = new SqliteStorage(old);
    const thread = await first.createThread("Veche", "ana");
    await first.addMessage(message(thread.id, "Despre pensiile speciale ale magistraților.", "assistant"));
    await first.close();
    // As an earlier version left it: no index.
    const db = new Database(old);
    db.exec("DROP TRIGGER messages_fold_delete; DROP TABLE messages_fold");
    db.close();

    const reopened = new SqliteStorage(old);
    try {
      expect(indexRows(old, "magistratilor")).toBe(1);
      expect((await reopened.searchThreads("MAGISTRAȚILOR", {}, "index")).map((h) => h.thread.id)).toEqual([
        thread.id,
      ]);
    } finally {
      await reopened.close();
    }
  });

  it("remakes the index on open when messages were written without it (an earlier version run on the file again)", async () => {
    const file = path.join(dir, "downgraded.db");
    const first = new SqliteStorage(file);
    const thread = await first.createThread("Înainte", "ana");
    await first.addMessage(message(thread.id, "Despre pensiile speciale.", "assistant"));
    await first.close();
    // An earlier version writes a message: its table has no index to keep, so the index misses the row.
    const db = new Database(file);
    db.prepare(
      "INSERT INTO messages (id, thread_id, role, text, created_at, status, extra) VALUES (?, ?, 'assistant', ?, ?, 'done', '{}')",
    ).run("scris-fara-index", thread.id, "Un răspuns despre autostrăzile Moldovei.", at());
    db.close();
    expect(indexRows(file, "autostrazile moldovei")).toBe(0);

    const reopened = new SqliteStorage(file);
    try {
      expect(indexRows(file, "autostrazile moldovei")).toBe(1);
      expect(indexRows(file, "pensiile speciale")).toBe(1);
      expect((await reopened.searchThreads("Moldovei", {}, "index")).map((h) => h.thread.id)).toEqual([
        thread.id,
      ]);
    } finally {
      await reopened.close();
    }
  });
});
