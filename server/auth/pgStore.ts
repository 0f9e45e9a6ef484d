// The PostgreSQL AuthStore of a class deployment (DATABASE_URL): accounts and sessions in the shared database, so that
// a login made through one instance opens every other, and `users add` on any machine reaches them all.
import { randomUUID } from "node:crypto";
import { accountName } from "../../contract/accounts";
import type { Role } from "../../contract/auth";
import { AppError } from "../../contract/errors";
import { inTransaction, type PgClient, type PgPool } from "../db/postgres";
import { toSession, toUser, type SessionRow, type UserRow } from "./rows";
import type { AdminGuard, AuthStore, StoredSession, UserRecord } from "./store";
import { usernameKey } from "../db/usernameKey";

/**
 * The account a name ($1) means: by its key ($2), the exact name first (of two accounts from before the keys, each is
 * found by its own spelling; see ./usernameKey.ts).
 */
const BY_NAME =
  "(SELECT id FROM users WHERE username = $1 OR username_key = $2 ORDER BY (username = $1) DESC LIMIT 1)";

/**
 * Inside a transaction: when the account is an admin that `losesAdmin`, refuses unless another admin remains. The
 * admins' rows are locked first (FOR UPDATE), so that two such changes from two instances run one after the other
 * and the second sees what the first did (READ COMMITTED reads the rows again after the lock).
 */
async function assertAnotherAdmin(
  client: PgClient,
  username: string,
  losesAdmin: () => boolean,
): Promise<void> {
  const { rows } = await client.query<{ id: string; username: string }>(
    "SELECT id, username FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE",
  );
  const target = await client.query<{ id: string; role: string; username: string }>(
    `SELECT id, role, username FROM users WHERE id = ${BY_NAME}`,
    [username, usernameKey(username)],
  );
  const account = target.rows[0];
  if (!account || account.role !== "admin" || !losesAdmin()) return;
  if (!rows.some((r) => r.id !== account.id))
    throw new AppError("account:last_admin", { name: account.username });
}

export class PgAuthStore implements AuthStore {
  /** The pool belongs to the instance's stores (../storage/openPostgres.ts), which close it. */
  constructor(private readonly pool: PgPool) {}

  async addUser(user: { username: string; role: Role; passwordHash: string }): Promise<UserRecord | null> {
    const now = new Date().toISOString();
    const { rows } = await this.pool.query<UserRow>(
      `INSERT INTO users (id, username, username_key, role, password_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING RETURNING *`,
      [
        randomUUID(),
        accountName(user.username),
        usernameKey(user.username),
        user.role,
        user.passwordHash,
        now,
      ],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findUser(username: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT * FROM users WHERE id = ${BY_NAME}`, [
      username,
      usernameKey(username),
    ]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>("SELECT * FROM users WHERE id = $1", [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<UserRow>("SELECT * FROM users ORDER BY username_key");
    return rows.map(toUser);
  }

  async removeUser(username: string, guard?: AdminGuard): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      if (guard) await assertAnotherAdmin(client, username, () => true);
      const { rows } = await client.query<{ id: string }>(
        `DELETE FROM users WHERE id = ${BY_NAME} RETURNING id`,
        [username, usernameKey(username)],
      );
      if (!rows[0]) return false;
      await client.query("DELETE FROM sessions WHERE user_id = $1", [rows[0].id]);
      return true;
    });
  }

  async updateUser(
    username: string,
    change: { passwordHash?: string; role?: Role },
    guard?: AdminGuard,
  ): Promise<UserRecord | null> {
    return inTransaction(this.pool, async (client) => {
      if (guard)
        await assertAnotherAdmin(
          client,
          username,
          () => change.role !== undefined && change.role !== "admin",
        );
      const { rows } = await client.query<UserRow>(
        `UPDATE users SET password_hash = COALESCE($3, password_hash), role = COALESCE($4, role), updated_at = $5
         WHERE id = ${BY_NAME} RETURNING *`,
        [
          username,
          usernameKey(username),
          change.passwordHash ?? null,
          change.role ?? null,
          new Date().toISOString(),
        ],
      );
      if (!rows[0]) return null;
      // A new password or role ends the account's sessions everywhere.
      await client.query("DELETE FROM sessions WHERE user_id = $1", [rows[0].id]);
      return toUser(rows[0]);
    });
  }

  async getSession(sid: string): Promise<StoredSession | null> {
    const { rows } = await this.pool.query<SessionRow>(
      "SELECT data, expires_at FROM sessions WHERE sid = $1 AND expires_at > $2",
      [sid, Date.now()],
    );
    return rows[0] ? toSession(rows[0]) : null;
  }

  async setSession(sid: string, userId: string, session: StoredSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
         expires_at = excluded.expires_at`,
      [sid, userId, session.data, session.expiresAt],
    );
  }

  async destroySession(sid: string): Promise<void> {
    await this.pool.query("DELETE FROM sessions WHERE sid = $1", [sid]);
  }

  async pruneSessions(now: number): Promise<number> {
    const { rowCount } = await this.pool.query("DELETE FROM sessions WHERE expires_at <= $1", [now]);
    return rowCount ?? 0;
  }

  /** Nothing of its own to close: the pool is the stores'. */
  async close(): Promise<void> {}
}
