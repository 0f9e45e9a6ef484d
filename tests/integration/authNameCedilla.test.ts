// An account name with the legacy cedilla letters (ş ţ, from a class list pasted out of an old document) is kept with
// the comma-below letters a Romanian keyboard types, so its student logs in typing "ș"; and an account kept before this
// rule, with the cedilla and a key that has it, is found by either spelling after the next start, on SQLite and on a
// real PostgreSQL migrated before the rule.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountNameKey, splitAccountNames, uniqueAccountNames } from "../../contract/accounts";
import { reviewNames } from "../../client/src/state/accounts";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { migrate } from "../../server/db/migrate";
import { MIGRATIONS } from "../../server/db/migrations";
import { openPool } from "../../server/db/postgres";
import { staleKeys } from "../../server/db/usernameKey";
import { createLogger } from "../../server/log";
import { openStores, type Stores } from "../../server/storage/open";
import { classServices, freshDatabase, titled } from "../support/classServices";
import { testConfig } from "../support/fixtures";

const services = await classServices();
const logger = createLogger({ LOG_LEVEL: "silent" });
const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-auth-cedilla-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("account names with the cedilla letters", () => {
  it("are one account with the comma-below spelling, and the page says so as the list is typed", () => {
    expect(accountNameKey("şerbana")).toBe(accountNameKey("Șerbana"));
    expect(accountNameKey("Ţurcanu")).toBe("țurcanu");
    expect(uniqueAccountNames(["şerbana", "Șerbana", "ana"])).toEqual(["șerbana", "ana"]);
    expect(splitAccountNames("ţara; ţara")).toEqual(["țara"]);
    // The hint for a full name is written with the letters the account will have.
    expect(reviewNames("şerban ţurcanu").invalid).toEqual([
      { name: "șerban țurcanu", problem: "space", hint: "șerban.țurcanu" },
    ]);
    // Keys made by the earlier rule are made again, unless another account holds the new key.
    expect(
      staleKeys(
        [
          { id: "a", username: "şerbana", key: "şerbana" },
          { id: "b", username: "ţara", key: "ţara" },
          { id: "c", username: "ana", key: "ana" },
          { id: "d", username: "ştefan", key: "ştefan\u0000d" },
        ],
        (key) => key === "țara",
      ),
    ).toEqual([{ id: "a", key: "șerbana" }]);
  });

  it("are kept with comma-below letters on SQLite, and an older account is found by either spelling", async () => {
    const file = path.join(dir, "old.db");
    const old = new Database(file);
    old.exec(`CREATE TABLE users (
      id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
      password_hash TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, username_key TEXT)`);
    old
      .prepare("INSERT INTO users VALUES ('u1', 'şerbana', 'member', 'h1', ?, ?, 'şerbana')")
      .run("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    old.close();

    const store = new SqliteAuthStore(file);
    try {
      expect((await store.findUser("șerbana"))?.id).toBe("u1");
      expect((await store.findUser("şerbana"))?.id).toBe("u1");
      // Not a second account under the other spelling.
      expect(await store.addUser({ username: "Șerbana", role: "member", passwordHash: "h2" })).toBeNull();
      const added = await store.addUser({ username: "ţurcanu", role: "member", passwordHash: "h3" });
      expect(added?.username).toBe("țurcanu");
      expect((await store.findUser("Țurcanu"))?.id).toBe(added?.id);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!services.databaseUrl)(
  titled("account names with the cedilla letters on PostgreSQL", services, !services.databaseUrl),
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      database = await freshDatabase(services.databaseUrl!);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("find an account kept before the rule by either spelling after the migration", async () => {
      const pool = openPool(database.url);
      try {
        await migrate(
          pool,
          MIGRATIONS.filter((m) => m.version <= 11),
        );
        await pool.query(
          `INSERT INTO users (id, username, username_key, role, password_hash, created_at, updated_at)
           VALUES ('u1', 'şerbana', 'şerbana', 'member', 'h1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        );
      } finally {
        await pool.end();
      }
      let stores: Stores | undefined;
      try {
        stores = await openStores(testConfig({ DATABASE_URL: database.url }), logger, { role: "cli" });
        const auth = stores.auth!;
        expect((await auth.findUser("șerbana"))?.id).toBe("u1");
        expect((await auth.findUser("ŞERBANA"))?.id).toBe("u1");
        expect(await auth.addUser({ username: "Șerbana", role: "member", passwordHash: "h2" })).toBeNull();
        const added = await auth.addUser({ username: "ţurcanu", role: "member", passwordHash: "h3" });
        expect(added?.username).toBe("țurcanu");
      } finally {
        await stores?.close();
      }
    });
  },
);
