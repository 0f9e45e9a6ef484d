// The SQLite implementation of Storage (better-sqlite3, WAL), in DATA_DIR/echochamber.db by default.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Feedback, Storage, StoredMessage, Thread } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS threads (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  role TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, extra TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_thread ON messages(thread_id, created_at);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, value TEXT NOT NULL, comment TEXT, created_at TEXT NOT NULL
);`;

interface MessageRow {
  id: string;
  thread_id: string;
  role: "user" | "assistant";
  text: string;
  created_at: string;
  status: StoredMessage["status"];
  extra: string;
}

interface ThreadRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

const toThread = (r: ThreadRow): Thread => ({ id: r.id, title: r.title, createdAt: r.created_at, updatedAt: r.updated_at });

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
  }

  createThread(title: string): Thread {
    const now = new Date().toISOString();
    const thread = { id: randomUUID(), title, createdAt: now, updatedAt: now };
    this.db
      .prepare("INSERT INTO threads (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)")
      .run(thread.id, thread.title, now, now);
    return thread;
  }

  getThread(id: string): Thread | null {
    const row = this.db.prepare("SELECT * FROM threads WHERE id = ?").get(id) as ThreadRow | undefined;
    return row ? toThread(row) : null;
  }

  listThreads(limit = 100): Thread[] {
    const rows = this.db.prepare("SELECT * FROM threads ORDER BY updated_at DESC LIMIT ?").all(limit) as ThreadRow[];
    return rows.map(toThread);
  }

  addMessage(m: StoredMessage): void {
    const { id, threadId, role, text, createdAt, status, ...extra } = m;
    const tx = this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO messages (id, thread_id, role, text, created_at, status, extra) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(id, threadId, role, text, createdAt, status, JSON.stringify(extra));
      this.db.prepare("UPDATE threads SET updated_at = ? WHERE id = ?").run(createdAt, threadId);
    });
    tx();
  }

  listMessages(threadId: string): StoredMessage[] {
    const rows = this.db
      .prepare("SELECT * FROM messages WHERE thread_id = ? ORDER BY created_at, rowid")
      .all(threadId) as MessageRow[];
    return rows.map((r) => ({
      id: r.id,
      threadId: r.thread_id,
      role: r.role,
      text: r.text,
      createdAt: r.created_at,
      status: r.status,
      ...(JSON.parse(r.extra) as Partial<StoredMessage>),
    }));
  }

  addFeedback(f: Feedback): void {
    this.db
      .prepare("INSERT INTO feedback (message_id, value, comment, created_at) VALUES (?, ?, ?, ?)")
      .run(f.messageId, f.value, f.comment ?? null, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
