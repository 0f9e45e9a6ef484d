// The access settings are validated at start with one message naming each bad variable; limits default to off
// without accounts and on with them; a database made before users existed opens with its rows the local user's.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hasRole } from "../../contract/auth";
import { ConfigError, DEFAULT_RATE_LIMITS, parseConfig } from "../../server/config";
import { hashPassword, verifyPassword } from "../../server/auth/passwords";
import { SqliteStorage } from "../../server/storage/sqlite";
import { openWorkbenchDb } from "../../server/workbench/sqlite/schema";
import { SqliteWorkbenchStore } from "../../server/workbench/sqlite";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("access configuration", () => {
  it("keeps local use as it was: AUTH=off, no limits, no budget", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      AUTH: "off",
      RATE_LIMIT_CHAT_PER_MIN: 0,
      RATE_LIMIT_API_PER_MIN: 0,
      DAILY_BUDGET_USD: 0,
      ALLOWED_ORIGINS: [],
      TRUST_PROXY: false,
    });
  });

  it("switches the rate limits on with accounts unless they are set, 0 included", () => {
    expect(parseConfig({ AUTH: "users" })).toMatchObject({
      RATE_LIMIT_CHAT_PER_MIN: DEFAULT_RATE_LIMITS.chat,
      RATE_LIMIT_API_PER_MIN: DEFAULT_RATE_LIMITS.api,
    });
    expect(parseConfig({ AUTH: "users", RATE_LIMIT_CHAT_PER_MIN: "0" }).RATE_LIMIT_CHAT_PER_MIN).toBe(0);
  });

  it("names every bad access variable in one message", () => {
    const found = problems({
      AUTH: "code",
      SESSION_SECRET: "scurt",
      ALLOWED_ORIGINS: "https://ok.example, https://cu.cale.example/app",
      DAILY_BUDGET_USD: "-1",
    });
    expect(found.join("\n")).toMatch(/AUTH_CODE: required when AUTH=code/);
    expect(found.join("\n")).toMatch(/SESSION_SECRET: at least 32 characters/);
    expect(found.join("\n")).toMatch(/ALLOWED_ORIGINS\.1: each origin is scheme:\/\/host\[:port\]/);
    expect(found.join("\n")).toMatch(/DAILY_BUDGET_USD/);
    expect(problems({ AUTH: "sometimes" }).join("\n")).toMatch(/AUTH/);
    expect(problems({ AUTH: "code", AUTH_CODE: "abc" }).join("\n")).toMatch(/AUTH_CODE: at least 6/);
  });

  it("reads TRUST_PROXY as Express does: false, true, a number of hops or addresses", () => {
    expect(parseConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
    expect(parseConfig({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
  });

  it("orders the roles: an admin may do what a member may, a member what a guest may", () => {
    expect(hasRole("admin", "member")).toBe(true);
    expect(hasRole("member", "guest")).toBe(true);
    expect(hasRole("guest", "member")).toBe(false);
    expect(hasRole("member", "admin")).toBe(false);
  });
});

describe("passwords", () => {
  it("hashes with scrypt and a salt of its own, and verifies only the right password", async () => {
    const a = await hashPassword("corect-parola");
    const b = await hashPassword("corect-parola");
    expect(a).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("corect-parola", a)).toBe(true);
    expect(await verifyPassword("corect-parolă", a)).toBe(false);
    expect(await verifyPassword("corect-parola", "md5$abc")).toBe(false);
  }, 30_000);
});

describe("a DATA_DIR of an earlier version", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("opens with its threads, feedback, labels and data sets, all the local user's", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-old-"));
    const file = path.join(dir, "echochamber.db");
    // The tables as the version before accounts made them.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE threads (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE messages (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        role TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, extra TEXT NOT NULL);
      CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, value TEXT NOT NULL,
        comment TEXT, created_at TEXT NOT NULL);
      CREATE UNIQUE INDEX feedback_message ON feedback(message_id);
      CREATE TABLE labels (id TEXT PRIMARY KEY, message_id TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,
        annotation TEXT NOT NULL, corrected_model TEXT, annotator TEXT NOT NULL, codebook_version TEXT NOT NULL,
        created_at TEXT NOT NULL);
      CREATE TABLE wb_datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL, source_file TEXT NOT NULL,
        format TEXT NOT NULL, encoding TEXT NOT NULL, bytes INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0,
        mapping TEXT NOT NULL, report TEXT, review_sample TEXT, content_hash TEXT, committed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL);
      INSERT INTO threads VALUES ('t1', 'Pensii', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
      INSERT INTO messages VALUES ('m1', 't1', 'user', 'Ce se spune?', '2025-01-01T00:00:00Z', 'done', '{}');
      INSERT INTO feedback (message_id, value, comment, created_at) VALUES ('m1', 'up', NULL, '2025-01-01T00:00:00Z');
      INSERT INTO labels VALUES ('l1', 'm1', 'message', 'Ce se spune?', '{"ton":"neutru","populism":false}', NULL,
        'Ana', '1.0.0', '2025-01-01T00:00:00Z');
      INSERT INTO wb_datasets (id, name, source, source_file, format, encoding, bytes, rows, mapping, committed, created_at)
        VALUES ('d1', 'Comentarii', 'upload', 'c.csv', 'csv', 'utf-8', 10, 0, '{"text":"text"}', 1, '2025-01-01T00:00:00Z');
    `);
    old.close();

    const storage = new SqliteStorage(file);
    expect(await storage.listThreads()).toEqual([expect.objectContaining({ id: "t1", userId: "local" })]);
    expect(await storage.listThreads({ userId: "local" })).toHaveLength(1);
    expect(await storage.listThreads({ userId: "ana" })).toEqual([]);
    expect(await storage.listMessages("t1")).toHaveLength(1);
    expect(await storage.listFeedback()).toEqual([
      expect.objectContaining({ messageId: "m1", userId: "local" }),
    ]);
    expect(await storage.listLabels()).toEqual([expect.objectContaining({ id: "l1", userId: "local" })]);
    // New rows carry their user.
    const mine = await storage.createThread("Al meu", "ana");
    expect(await storage.listThreads({ userId: "ana" })).toEqual([expect.objectContaining({ id: mine.id })]);
    await storage.close();

    const workbench = new SqliteWorkbenchStore(openWorkbenchDb(file));
    expect(await workbench.listDatasets()).toEqual([expect.objectContaining({ id: "d1", userId: "local" })]);
    expect(await workbench.listDatasets({ userId: "ana" })).toEqual([]);
    await workbench.close();
  });
});
