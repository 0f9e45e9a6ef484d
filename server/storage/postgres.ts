// The PostgreSQL implementation of Storage (DATABASE_URL): threads, messages, feedback and labels on the shared pool,
// so that every instance of a class deployment reads what any other wrote. An answer being streamed carries its
// instance's id, so that only answers whose instance stopped beating are marked interrupted (./presence.ts).
import { randomUUID } from "node:crypto";
import type { Feedback, HumanLabel, StoredFeedback, StoredMessage, Thread } from "../../contract/threads";
import { inTransaction, type PgPool } from "../db/postgres";
import type { FeedbackRow, LabelRow, MessageRow, RatedAnswerRow, ThreadRow } from "./rows";
import { ratedAnswersSql, toFeedback, toLabel, toMessage, toRatedAnswer, toThread } from "./rows";
import { termConditions } from "./pgSearchTerms";
import type { OwnerFilter, RatedAnswer, Storage } from "./types";
import {
  foldForSearch,
  foundHit,
  queryTerms,
  searchHit,
  type SearchableMessage,
  type ThreadSearchHit,
} from "../../contract/threadSearch";

/** Threads read a page at a time by the search in Node, so that it stops reading once it has its hits. */
const SEARCH_PAGE = 100;

/** "sql": the folded texts compared inside PostgreSQL; "node": every message read and folded in this process. */
export type PgSearchWay = "sql" | "node";

/** The messages of several threads, by thread, in the order read. */
function byThreadId(
  rows: readonly (SearchableMessage & { thread_id: string })[],
): Map<string, SearchableMessage[]> {
  const byThread = new Map<string, SearchableMessage[]>();
  for (const m of rows) {
    const list = byThread.get(m.thread_id);
    if (list) list.push(m);
    else byThread.set(m.thread_id, [m]);
  }
  return byThread;
}

const MESSAGE_COLUMNS = "id, thread_id, role, text, created_at, status, extra";

export interface PgStorageOptions {
  /** This instance's id (the owner written on the answers it streams). */
  instanceId: string;
  /** An instance that has not beaten for this long is gone: its streaming answers are interrupted. */
  staleMs: number;
}

export class PgStorage implements Storage {
  constructor(
    private readonly pool: PgPool,
    private readonly options: PgStorageOptions,
  ) {}

  async createThread(title: string, userId: string): Promise<Thread> {
    const now = new Date().toISOString();
    const thread = { id: randomUUID(), title, userId, createdAt: now, updatedAt: now };
    await this.pool.query(
      "INSERT INTO threads (id, title, user_id, created_at, updated_at, title_fold) VALUES ($1, $2, $3, $4, $4, $5)",
      [thread.id, title, userId, now, foldForSearch(title)],
    );
    return thread;
  }

  async getThread(id: string): Promise<Thread | null> {
    const { rows } = await this.pool.query<ThreadRow>({
      name: "thread-get",
      // Columns named: a prepared `*` would fail on a connection that outlives a migration adding one.
      text: "SELECT id, title, user_id, created_at, updated_at FROM threads WHERE id = $1",
      values: [id],
    });
    return rows[0] ? toThread(rows[0]) : null;
  }

  async listThreads({ userId, limit = 100 }: OwnerFilter & { limit?: number } = {}): Promise<Thread[]> {
    const { rows } = await this.pool.query<ThreadRow>(
      "SELECT id, title, user_id, created_at, updated_at FROM threads WHERE ($1::text IS NULL OR user_id = $1) ORDER BY updated_at DESC LIMIT $2",
      [userId ?? null, limit],
    );
    return rows.map(toThread);
  }

  /**
   * The person's threads that hold every term of the query (each in the title or in any message), newest first, found
   * inside PostgreSQL: each message's and title's text is stored folded (text_fold, title_fold: folded in Node by
   * foldForSearch when written, as SQLite folds them) and compared with LIKE a term at a time (a term under three
   * characters also with a pattern, only where a word starts: ./pgSearchTerms.ts), through the trigram
   * index where pg_trgm could be created (migration 16, server/db/searchFold.ts). Only each hit's message holding the
   * most terms is read back, for its excerpt, made here (foundHit). A thread with rows not folded (every row of a
   * database migrated to 16 until the background folder, server/db/foldBackfill.ts, reaches it; one inserted by an older
   * instance during a rolling restart, or updated by it: a trigger empties the fold of a text changed without it) is
   * read whole and matched here (searchHit). `way: "node"` is the search this replaced, every message read and folded
   * here (bench/threadSearch.ts).
   */
  async searchThreads(
    query: string,
    { userId, limit = 30 }: OwnerFilter & { limit?: number } = {},
    way: PgSearchWay = "sql",
  ): Promise<ThreadSearchHit[]> {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    if (way === "node") return this.searchThreadsInNode(terms, userId, limit);
    // Each term's condition, its parameters after a query's own (./pgSearchTerms.ts: a short term where a word starts).
    const candidates = termConditions(terms, 5);
    const holdsAll = terms
      .map(
        (_, k) => `(title_fold IS NULL OR ${candidates.holds("title_fold", k)}
          OR EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND ${candidates.holds("m.text_fold", k)}))`,
      )
      .join(" AND ");
    const inBest = termConditions(terms, 2);
    const unfolded = "EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.text_fold IS NULL)";
    const hits: ThreadSearchHit[] = [];
    let after: { updatedAt: string; id: string } | undefined;
    while (hits.length < limit) {
      const page = limit - hits.length;
      // The candidates: every term in the title or a message, or rows not folded yet (matched below, in Node).
      const { rows: threads } = await this.pool.query<ThreadRow & { unfolded: boolean }>(
        `SELECT id, title, user_id, created_at, updated_at, (title_fold IS NULL OR ${unfolded}) AS unfolded
         FROM threads t
         WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR (updated_at, id) < ($2, $3))
           AND (${unfolded} OR (${holdsAll}))
         ORDER BY updated_at DESC, id DESC LIMIT $4`,
        [userId ?? null, after?.updatedAt ?? null, after?.id ?? "", page, ...candidates.params],
      );
      if (threads.length === 0) break;
      const folded = threads.filter((t) => !t.unfolded).map((t) => t.id);
      const partial = threads.filter((t) => t.unfolded).map((t) => t.id);
      // Each folded thread's message holding the most terms (the first such in its order); the others' every message.
      const held = terms.map((_, k) => `(${inBest.holds("text_fold", k)})::int`).join(" + ");
      const { rows: best } = await this.pool.query<SearchableMessage & { thread_id: string }>(
        `SELECT DISTINCT ON (thread_id) id, thread_id, role, text FROM (
           SELECT id, thread_id, role, text, created_at, seq, ${held} AS held FROM messages
           WHERE thread_id = ANY($1::text[])) m
         WHERE held > 0 ORDER BY thread_id, held DESC, created_at, seq`,
        [folded, ...inBest.params],
      );
      const { rows: whole } = partial.length
        ? await this.pool.query<SearchableMessage & { thread_id: string }>(
            "SELECT id, thread_id, role, text FROM messages WHERE thread_id = ANY($1::text[]) ORDER BY created_at, seq",
            [partial],
          )
        : { rows: [] };
      const bestOf = new Map(best.map((m) => [m.thread_id, m]));
      const messagesOf = byThreadId(whole);
      for (const row of threads) {
        const hit = row.unfolded
          ? searchHit(toThread(row), messagesOf.get(row.id) ?? [], terms)
          : foundHit(toThread(row), bestOf.get(row.id), terms);
        if (hit && hits.length < limit) hits.push(hit);
      }
      if (threads.length < page) break;
      const last = threads[threads.length - 1]!;
      after = { updatedAt: last.updated_at, id: last.id };
    }
    return hits;
  }

  /** The person's threads read newest first, a page at a time, and every message folded here (before migration 16). */
  private async searchThreadsInNode(
    terms: readonly string[],
    userId: string | undefined,
    limit: number,
  ): Promise<ThreadSearchHit[]> {
    const hits: ThreadSearchHit[] = [];
    let after: { updatedAt: string; id: string } | undefined;
    while (hits.length < limit) {
      // Keyset paging, (updated_at, id) below the last page's last: a thread touched meanwhile is not read twice.
      const { rows: threads } = await this.pool.query<ThreadRow>(
        `SELECT id, title, user_id, created_at, updated_at FROM threads
         WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR (updated_at, id) < ($2, $3))
         ORDER BY updated_at DESC, id DESC LIMIT $4`,
        [userId ?? null, after?.updatedAt ?? null, after?.id ?? "", SEARCH_PAGE],
      );
      if (threads.length === 0) break;
      const { rows: messages } = await this.pool.query<SearchableMessage & { thread_id: string }>(
        "SELECT id, thread_id, role, text FROM messages WHERE thread_id = ANY($1::text[]) ORDER BY created_at, seq",
        [threads.map((t) => t.id)],
      );
      const byThread = byThreadId(messages);
      for (const row of threads) {
        const hit = searchHit(toThread(row), byThread.get(row.id) ?? [], terms);
        if (hit && hits.length < limit) hits.push(hit);
      }
      if (threads.length < SEARCH_PAGE) break;
      const last = threads[threads.length - 1];
      after = { updatedAt: last.updated_at, id: last.id };
    }
    return hits;
  }

  async renameThread(id: string, title: string): Promise<Thread | null> {
    const { rows } = await this.pool.query<ThreadRow>(
      `UPDATE threads SET title = $2, updated_at = $3, title_fold = $4 WHERE id = $1
       RETURNING id, title, user_id, created_at, updated_at`,
      [id, title, new Date().toISOString(), foldForSearch(title)],
    );
    return rows[0] ? toThread(rows[0]) : null;
  }

  /**
   * The messages first, then the thread, in one transaction: the order in which an answer being saved on another
   * instance takes its locks (its message row, then its thread's time). Deleting the thread alone would lock the thread
   * and then, cascading, the message row being saved: the two would wait on each other until PostgreSQL broke the
   * deadlock by failing one, the deletion or the answer (tests/integration/storageContract.test.ts).
   */
  async deleteThread(id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query("DELETE FROM messages WHERE thread_id = $1", [id]);
      const { rowCount } = await client.query("DELETE FROM threads WHERE id = $1", [id]);
      return (rowCount ?? 0) > 0;
    });
  }

  async getMessage(id: string): Promise<StoredMessage | null> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`,
      [id],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** The message's row values, its owner (this instance while it streams) and its folded text (for the search). */
  private values(m: StoredMessage): unknown[] {
    const { id, threadId, role, text, createdAt, status, ...extra } = m;
    const owner = status === "streaming" ? this.options.instanceId : null;
    return [id, threadId, role, text, createdAt, status, JSON.stringify(extra), owner, foldForSearch(text)];
  }

  async addMessage(m: StoredMessage): Promise<void> {
    // One statement, one round trip: the message and its thread's time together. Named, as every statement of a chat
    // turn: each connection parses and plans it once (a turn's PostgreSQL time, bench:cluster, docs/deploy.md).
    await this.pool.query({
      name: "message-add",
      text: `WITH added AS (
         INSERT INTO messages (id, thread_id, role, text, created_at, status, extra, owner, text_fold)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING thread_id)
       UPDATE threads SET updated_at = $5 WHERE id = (SELECT thread_id FROM added)`,
      values: this.values(m),
    });
  }

  async saveMessage(m: StoredMessage): Promise<void> {
    await this.pool.query({
      name: "message-save",
      text: `WITH saved AS (
         INSERT INTO messages (id, thread_id, role, text, created_at, status, extra, owner, text_fold)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET text = excluded.text, status = excluded.status, extra = excluded.extra,
           owner = excluded.owner, text_fold = excluded.text_fold
         RETURNING thread_id)
       UPDATE threads SET updated_at = $10 WHERE id = (SELECT thread_id FROM saved)`,
      values: [...this.values(m), new Date().toISOString()],
    });
  }

  /**
   * Marks as interrupted the answers still streaming whose instance is gone: it has not beaten within staleMs (by the
   * database's clock), or it was never registered. This instance's own answers are never touched.
   */
  async interruptStreaming(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `UPDATE messages SET status = 'interrupted', owner = NULL
       WHERE status = 'streaming' AND (owner IS NULL OR (owner <> $1 AND NOT EXISTS (
         SELECT 1 FROM instances i WHERE i.id = messages.owner
           AND i.heartbeat_at > now() - make_interval(secs => $2::double precision / 1000))))`,
      [this.options.instanceId, this.options.staleMs],
    );
    return rowCount ?? 0;
  }

  async listMessages(threadId: string): Promise<StoredMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 ORDER BY created_at, seq`,
      [threadId],
    );
    return rows.map(toMessage);
  }

  async addFeedback(f: Feedback, userId: string): Promise<void> {
    // One rating per answer: a later rating or comment replaces the earlier one.
    await this.pool.query(
      `INSERT INTO feedback (message_id, value, comment, user_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (message_id) DO UPDATE SET value = excluded.value, comment = excluded.comment,
         user_id = excluded.user_id, created_at = excluded.created_at`,
      [f.messageId, f.value, f.comment ?? null, userId, new Date().toISOString()],
    );
  }

  async listFeedback({ userId }: OwnerFilter = {}): Promise<StoredFeedback[]> {
    const { rows } = await this.pool.query<FeedbackRow>(
      `SELECT message_id, value, comment, user_id, created_at FROM feedback
       WHERE ($1::text IS NULL OR user_id = $1) ORDER BY id`,
      [userId ?? null],
    );
    return rows.map(toFeedback);
  }

  async listRatedAnswers({ userId }: OwnerFilter = {}): Promise<RatedAnswer[]> {
    const { rows } = await this.pool.query<RatedAnswerRow>(ratedAnswersSql("seq", "$1::text"), [
      userId ?? null,
    ]);
    return rows.map(toRatedAnswer);
  }

  async addLabel(l: HumanLabel): Promise<void> {
    await this.pool.query(
      `INSERT INTO labels (id, message_id, target, text, annotation, corrected_model, annotator, user_id,
         codebook_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
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
      ],
    );
  }

  async listLabels({ userId }: OwnerFilter = {}): Promise<HumanLabel[]> {
    const { rows } = await this.pool.query<LabelRow>(
      "SELECT * FROM labels WHERE ($1::text IS NULL OR user_id = $1) ORDER BY created_at, seq",
      [userId ?? null],
    );
    return rows.map(toLabel);
  }

  /** The pool is shared by the instance's stores; whoever opened it closes it (./open.ts). */
  async close(): Promise<void> {}
}
