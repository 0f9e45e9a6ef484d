// The SQLite implementation of Storage (better-sqlite3, WAL), in DATA_DIR/echochamber.db by default.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Feedback, HumanLabel, StoredFeedback, StoredMessage, Thread } from "../../contract/threads";
import type { FeedbackRow, LabelRow, MessageRow, RatedAnswerRow, ThreadRow } from "./rows";
import { ratedAnswersSql, toFeedback, toLabel, toMessage, toRatedAnswer, toThread } from "./rows";
import type { OwnerFilter, RatedAnswer, Storage } from "./types";
import { foldForSearch, holdsTerm, type ThreadSearchHit } from "../../contract/threadSearch";
import { ensureSearchIndex, indexMessage, searchThreadsSqlite, type SearchWay } from "./sqliteSearch";
import { addColumnIfMissing, openSqliteFile, statementCache } from "../sqliteFile";

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
);
CREATE UNIQUE INDEX IF NOT EXISTS feedback_message ON feedback(message_id);
CREATE TABLE IF NOT EXISTS labels (
  id TEXT PRIMARY KEY, message_id TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL, annotation TEXT NOT NULL,
  corrected_model TEXT, annotator TEXT NOT NULL, codebook_version TEXT NOT NULL, created_at TEXT NOT NULL
);`;

/**
 * Columns added after the first release, added in place to a database made by an earlier version. Rows from before
 * users existed belong to the local user (AUTH=off), whom an admin sees.
 */
const OWNER = "user_id TEXT NOT NULL DEFAULT 'local'";
function migrate(db: Database.Database): void {
  addColumnIfMissing(db, "threads", "user_id", OWNER);
  addColumnIfMissing(db, "feedback", "user_id", OWNER);
  addColumnIfMissing(db, "labels", "user_id", OWNER);
  db.exec("CREATE INDEX IF NOT EXISTS threads_user ON threads(user_id, updated_at)");
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  /** Statements are compiled once (the SQL texts are constants); a chat turn then only binds and steps. */
  private readonly sql: (text: string) => Database.Statement;

  constructor(file: string) {
    // No fsync per commit: a chat turn writes twice.
    this.db = openSqliteFile(file, { fastCommits: true, foreignKeys: true });
    this.db.exec(SCHEMA);
    migrate(this.db);
    // Search folds in SQL with the very function the excerpt uses (contract/threadSearch.ts), so the two agree.
    this.db.function("search_fold", { deterministic: true }, (text) => foldForSearch(String(text ?? "")));
    // Whether a folded text holds a folded term as the contract finds it (a short term only where a word starts).
    this.db.function("search_holds", { deterministic: true }, (folded, term) =>
      holdsTerm(String(folded ?? ""), String(term ?? "")) ? 1 : 0,
    );
    ensureSearchIndex(this.db);
    this.sql = statementCache(this.db);
  }

  async createThread(title: string, userId: string): Promise<Thread> {
    const now = new Date().toISOString();
    const thread = { id: randomUUID(), title, userId, createdAt: now, updatedAt: now };
    this.sql("INSERT INTO threads (id, title, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(
      thread.id,
      thread.title,
      userId,
      now,
      now,
    );
    return thread;
  }

  async getThread(id: string): Promise<Thread | null> {
    const row = this.sql("SELECT * FROM threads WHERE id = ?").get(id) as ThreadRow | undefined;
    return row ? toThread(row) : null;
  }

  async listThreads({ userId, limit = 100 }: OwnerFilter & { limit?: number } = {}): Promise<Thread[]> {
    const rows = (
      userId === undefined
        ? this.sql("SELECT * FROM threads ORDER BY updated_at DESC LIMIT ?").all(limit)
        : this.sql("SELECT * FROM threads WHERE user_id = ? ORDER BY updated_at DESC LIMIT ?").all(
            userId,
            limit,
          )
    ) as ThreadRow[];
    return rows.map(toThread);
  }

  /**
   * Every term of the query in the title or a message: titles folded in SQL (search_fold), messages through their
   * folded text's trigram index (./sqliteSearch.ts); `way: "scan"` forces the scan it replaced (the benchmark and the
   * test that both find the same).
   */
  async searchThreads(
    query: string,
    filter: OwnerFilter & { limit?: number } = {},
    way?: SearchWay,
  ): Promise<ThreadSearchHit[]> {
    return searchThreadsSqlite(
      { cached: this.sql, once: (text) => this.db.prepare(text) },
      query,
      filter,
      way,
    );
  }

  async renameThread(id: string, title: string): Promise<Thread | null> {
    this.sql("UPDATE threads SET title = ?, updated_at = ? WHERE id = ?").run(
      title,
      new Date().toISOString(),
      id,
    );
    return await this.getThread(id);
  }

  async deleteThread(id: string): Promise<boolean> {
    return this.sql("DELETE FROM threads WHERE id = ?").run(id).changes > 0;
  }

  async getMessage(id: string): Promise<StoredMessage | null> {
    const row = this.sql("SELECT * FROM messages WHERE id = ?").get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  async addMessage(m: StoredMessage): Promise<void> {
    const { id, threadId, role, text, createdAt, status, ...extra } = m;
    const tx = this.db.transaction(() => {
      this.sql(
        "INSERT INTO messages (id, thread_id, role, text, created_at, status, extra) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(id, threadId, role, text, createdAt, status, JSON.stringify(extra));
      indexMessage(this.sql, id, text);
      this.sql("UPDATE threads SET updated_at = ? WHERE id = ?").run(createdAt, threadId);
    });
    tx();
  }

  async saveMessage(m: StoredMessage): Promise<void> {
    const { id, threadId, role, text, createdAt, status, ...extra } = m;
    const tx = this.db.transaction(() => {
      this.sql(
        "INSERT INTO messages (id, thread_id, role, text, created_at, status, extra) VALUES (?, ?, ?, ?, ?, ?, ?) " +
          "ON CONFLICT(id) DO UPDATE SET text = excluded.text, status = excluded.status, extra = excluded.extra",
      ).run(id, threadId, role, text, createdAt, status, JSON.stringify(extra));
      indexMessage(this.sql, id, text);
      this.sql("UPDATE threads SET updated_at = ? WHERE id = ?").run(new Date().toISOString(), threadId);
    });
    tx();
  }

  async interruptStreaming(): Promise<number> {
    return this.sql("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").run().changes;
  }

  async listMessages(threadId: string): Promise<StoredMessage[]> {
    const rows = this.sql("SELECT * FROM messages WHERE thread_id = ? ORDER BY created_at, rowid").all(
      threadId,
    ) as MessageRow[];
    return rows.map(toMessage);
  }

  async addFeedback(f: Feedback, userId: string): Promise<void> {
    // One rating per answer: a later rating or comment replaces the earlier one.
    this.sql(
      "INSERT INTO feedback (message_id, value, comment, user_id, created_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT(message_id) DO UPDATE SET value = excluded.value, comment = excluded.comment, " +
        "user_id = excluded.user_id, created_at = excluded.created_at",
    ).run(f.messageId, f.value, f.comment ?? null, userId, new Date().toISOString());
  }

  async listFeedback({ userId }: OwnerFilter = {}): Promise<StoredFeedback[]> {
    const rows = (
      userId === undefined
        ? this.sql("SELECT * FROM feedback ORDER BY id").all()
        : this.sql("SELECT * FROM feedback WHERE user_id = ? ORDER BY id").all(userId)
    ) as FeedbackRow[];
    return rows.map(toFeedback);
  }

  async listRatedAnswers({ userId }: OwnerFilter = {}): Promise<RatedAnswer[]> {
    const rows = this.sql(ratedAnswersSql("rowid", "@userId")).all({
      userId: userId ?? null,
    }) as RatedAnswerRow[];
    return rows.map(toRatedAnswer);
  }

  async addLabel(l: HumanLabel): Promise<void> {
    this.sql(
      "INSERT INTO labels (id, message_id, target, text, annotation, corrected_model, annotator, user_id, codebook_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      l.id,
      l.messageId,
      l.target,
      l.text,
      JSON.stringify(l.annotation),
      l.correctedModel ?? null,
      l.annotator,
      l.userId ?? "local",
      l.codebookVersion,
      l.createdAt,
    );
  }

  async listLabels({ userId }: OwnerFilter = {}): Promise<HumanLabel[]> {
    const rows = (
      userId === undefined
        ? this.sql("SELECT * FROM labels ORDER BY created_at, rowid").all()
        : this.sql("SELECT * FROM labels WHERE user_id = ? ORDER BY created_at, rowid").all(userId)
    ) as LabelRow[];
    return rows.map(toLabel);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
