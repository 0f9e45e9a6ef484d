// What access control keeps: accounts (AUTH=users) and sessions (every mode but off), behind one interface whose
// every method returns a promise: SQLite now (./sqliteStore.ts), PostgreSQL when a class shares a deployment.
import type { Role } from "../../contract/auth";

export interface UserRecord {
  id: string;
  username: string;
  role: Role;
  /** scrypt, as written by ./passwords.ts (algorithm, parameters, salt and hash in one string). */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredSession {
  /** express-session's session, as JSON. */
  data: string;
  /** Milliseconds since the epoch; an expired session is never returned. */
  expiresAt: number;
}

/** Asks a removal or demotion to leave at least one admin (the accounts page does; the CLI may remove the last). */
export interface AdminGuard {
  keepAnAdmin: true;
}

export interface AuthStore {
  /** Adds an account; null when the name is taken (names compare case-insensitively). */
  addUser(user: { username: string; role: Role; passwordHash: string }): Promise<UserRecord | null>;
  findUser(username: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Removes the account and its sessions; false when there was none. With `keepAnAdmin`, an admin is removed only
   * while another admin remains, checked in the same transaction as the change (AppError `account:last_admin`), so
   * that two admins removing each other at once from two instances cannot leave the class without one.
   */
  removeUser(username: string, guard?: AdminGuard): Promise<boolean>;
  /**
   * Changes the password and/or role and ends the account's sessions; null when there is no such account. With
   * `keepAnAdmin`, an admin's demotion is refused as above.
   */
  updateUser(
    username: string,
    change: { passwordHash?: string; role?: Role },
    guard?: AdminGuard,
  ): Promise<UserRecord | null>;

  getSession(sid: string): Promise<StoredSession | null>;
  /** Inserts or replaces a session; `userId` lets an account's sessions be ended together. */
  setSession(sid: string, userId: string, session: StoredSession): Promise<void>;
  destroySession(sid: string): Promise<void>;
  /** Deletes expired sessions; returns how many. */
  pruneSessions(now: number): Promise<number>;
  close(): Promise<void>;
}
