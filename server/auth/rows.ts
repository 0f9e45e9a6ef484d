// The rows of the users and sessions tables as both AuthStores read them (sqliteStore.ts, pgStore.ts), and the
// records they become.
import type { Role } from "../../contract/auth";
import type { StoredSession, UserRecord } from "./store";

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What a session lookup selects. */
export interface SessionRow {
  data: string;
  expires_at: number;
}

export const toSession = (r: SessionRow): StoredSession => ({ data: r.data, expiresAt: r.expires_at });
