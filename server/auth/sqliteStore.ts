// The SQLite AuthStore: accounts and sessions in the app's database file (DATA_DIR/echochamber.db), on a connection of
// their own, so that the CLI (`users add`) and a running server can both write (WAL; a writer waits for the other).
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { accountName } from "../../contract/accounts";
import type { Role } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { toSession, toUser, type SessionRow, type UserRow } from "./rows";
import { backfillKeys, staleKeys, usernameKey } from "../db/usernameKey";
import type { AdminGuard, AuthStore, StoredSession, UserRecord } from "./store";
import { addColumnIfMissing, openSqliteFile } from "../sqliteFile";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT PRIMARY KEY, user_id TEXT NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);`;

/**
 * Gives a file made before `username_key` existed its keys (./usernameKey.ts), then makes the key unique; keys an
 * earlier rule made are made again.
 */
function addUsernameKeys(db: Database.Database): void {
  // In one write transaction: the CLI and a server opening the same file at once add the column once.
  db.transaction(() => {
    addColumnIfMissing(db, "users", "username_key", "username_key TEXT");
    const missing = db
      .prepare("SELECT id, username FROM users WHERE username_key IS NULL ORDER BY created_at, id")
      .all() as { id: string; username: string }[];
    const taken = db.prepare("SELECT 1 FROM users WHERE username_key = ?");
    const set = db.prepare("UPDATE users SET username_key = ? WHERE id = ?");
    for (const { id, key } of backfillKeys(missing, (k) => taken.get(k) !== undefined)) set.run(key, id);
    db.exec("CREATE UNIQUE INDEX IF NOT EXISTS users_username_key ON users(username_key)");
    // Keys made before they folded the cedilla letters: "şerban" is found by "șerban" too from now on.
    const all = db
      .prepare("SELECT id, username, username_key AS key FROM users ORDER BY created_at, id")
      .all() as {
      id: string;
      username: string;
      key: string | null;
    }[];
    for (const { id, key } of staleKeys(all, (k) => taken.get(k) !== undefined)) set.run(key, id);
  }).immediate();
}

export class SqliteAuthStore implements AuthStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqliteFile(file, { fastCommits: true });
    this.db.exec(SCHEMA);
    addUsernameKeys(this.db);
  }

  async addUser(user: { username: string; role: Role; passwordHash: string }): Promise<UserRecord | null> {
    const now = new Date().toISOString();
    const id = randomUUID();
    const inserted = this.db
      .prepare(
        "INSERT INTO users (id, username, username_key, role, password_hash, created_at, updated_at) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      )
      .run(
        id,
        accountName(user.username),
        usernameKey(user.username),
        user.role,
        user.passwordHash,
        now,
        now,
      );
    return inserted.changes > 0 ? this.getUser(id) : null;
  }

  async findUser(username: string): Promise<UserRecord | null> {
    // The exact name first: of two accounts from before the keys, each is found by its own spelling.
    const row = this.db
      .prepare(
        "SELECT * FROM users WHERE username = ? COLLATE BINARY OR username_key = ? " +
          "ORDER BY username = ? COLLATE BINARY DESC LIMIT 1",
      )
      .get(username, usernameKey(username), username) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare("SELECT * FROM users ORDER BY username_key").all() as UserRow[]).map(toUser);
  }

  async removeUser(username: string, guard?: AdminGuard): Promise<boolean> {
    const user = await this.findUser(username);
    if (!user) return false;
    // IMMEDIATE: the write lock is taken before the check, so another process on this file waits for both.
    this.db
      .transaction(() => {
        if (guard && user.role === "admin") this.assertAnotherAdmin(user);
        this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(user.id);
        this.db.prepare("DELETE FROM users WHERE id = ?").run(user.id);
      })
      .immediate();
    return true;
  }

  /** Inside a write transaction: refuses when no admin but `user` is left. */
  private assertAnotherAdmin(user: UserRecord): void {
    const other = this.db
      .prepare("SELECT 1 FROM users WHERE role = 'admin' AND id <> ? LIMIT 1")
      .get(user.id);
    if (!other) throw new AppError("account:last_admin", { name: user.username });
  }

  async updateUser(
    username: string,
    change: { passwordHash?: string; role?: Role },
    guard?: AdminGuard,
  ): Promise<UserRecord | null> {
    const user = await this.findUser(username);
    if (!user) return null;
    this.db
      .transaction(() => {
        if (guard && user.role === "admin" && change.role && change.role !== "admin")
          this.assertAnotherAdmin(user);
        this.db
          .prepare("UPDATE users SET password_hash = ?, role = ?, updated_at = ? WHERE id = ?")
          .run(
            change.passwordHash ?? user.passwordHash,
            change.role ?? user.role,
            new Date().toISOString(),
            user.id,
          );
        this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(user.id);
      })
      .immediate();
    return this.getUser(user.id);
  }

  async getSession(sid: string): Promise<StoredSession | null> {
    const row = this.db
      .prepare("SELECT data, expires_at FROM sessions WHERE sid = ? AND expires_at > ?")
      .get(sid, Date.now()) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async setSession(sid: string, userId: string, session: StoredSession): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?) " +
          "ON CONFLICT(sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at",
      )
      .run(sid, userId, session.data, session.expiresAt);
  }

  async destroySession(sid: string): Promise<void> {
    this.db.prepare("DELETE FROM sessions WHERE sid = ?").run(sid);
  }

  async pruneSessions(now: number): Promise<number> {
    return this.db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
