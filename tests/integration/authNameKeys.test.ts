// An accounts file made before names had keys (SQLite, where "Ștefan" and "ștefan" could be two accounts): opened by
// this version, both stay, each found by its exact name, and no third spelling can be added.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { backfillKeys } from "../../server/db/usernameKey";

const dir = mkdtempSync(path.join(tmpdir(), "echochamber-auth-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("account name keys", () => {
  it("give the older of two names equal but for case the plain key, the newer one of its own", () => {
    const keys = backfillKeys(
      [
        { id: "a", username: "Ștefan" },
        { id: "b", username: "ștefan" },
        { id: "c", username: "Ana" },
      ],
      (key) => key === "ana",
    );
    expect(keys).toEqual([
      { id: "a", key: "ștefan" },
      { id: "b", key: "ștefan\u0000b" },
      { id: "c", key: "ana\u0000c" },
    ]);
  });

  it("upgrade an old SQLite file that has both spellings, keeping both accounts", async () => {
    const file = path.join(dir, "old.db");
    const old = new Database(file);
    old.exec(`CREATE TABLE users (
      id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
      password_hash TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    const insert = old.prepare("INSERT INTO users VALUES (?, ?, 'member', ?, ?, ?)");
    insert.run("u1", "Ștefan", "h1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    insert.run("u2", "ștefan", "h2", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z");
    old.close();

    const store = new SqliteAuthStore(file);
    expect((await store.findUser("Ștefan"))?.id).toBe("u1");
    expect((await store.findUser("ștefan"))?.id).toBe("u2");
    expect((await store.findUser("ȘTEFAN"))?.id).toBe("u1");
    expect(await store.addUser({ username: "ȘTEFAN", role: "member", passwordHash: "h3" })).toBeNull();
    expect(await store.removeUser("ștefan")).toBe(true);
    expect((await store.listUsers()).map((u) => u.id)).toEqual(["u1"]);
    await store.close();
    // Opened again (the next start), nothing changes.
    const again = new SqliteAuthStore(file);
    expect((await again.findUser("ștefan"))?.id).toBe("u1");
    await again.close();
  });
});
