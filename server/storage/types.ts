// Storage behind one small interface, so that SQLite (the default) can be swapped for PostgreSQL when a
// whole class shares one deployment (DESIGN.md, "When a class outgrows one machine"). Every method returns a
// promise: SQLite answers at once (better-sqlite3 is synchronous inside), a database server over the network.
import type { Feedback, HumanLabel, StoredFeedback, StoredMessage, Thread } from "../../contract/threads";
import type { ThreadSearchHit } from "../../contract/threadSearch";

/** Whose rows to list: one user's, or (no userId) everyone's, for an admin. */
export interface OwnerFilter {
  userId?: string;
}

/**
 * A rating with what it rated, for the teacher's view (GET /api/chat/feedback): the answer and its thread while they
 * exist (deleting a thread deletes its messages, not their ratings), and the question the answer answers (the message
 * stored just before it, when that is a question: the pairing of contract/answerVersions.ts).
 */
export interface RatedAnswer {
  feedback: StoredFeedback;
  answer: StoredMessage | null;
  question: string | null;
  thread: Thread | null;
}

export interface Storage {
  createThread(title: string, userId: string): Promise<Thread>;
  getThread(id: string): Promise<Thread | null>;
  /** Newest first. */
  listThreads(filter?: OwnerFilter & { limit?: number }): Promise<Thread[]>;
  /**
   * The threads holding every term of `query` (its words and "quoted phrases", contract/threadSearch.ts's queryTerms;
   * each in the title or any message; case and diacritics folded, plain text: no wildcards), newest first, each with
   * an excerpt of its message holding the most terms.
   */
  searchThreads(query: string, filter?: OwnerFilter & { limit?: number }): Promise<ThreadSearchHit[]>;
  renameThread(id: string, title: string): Promise<Thread | null>;
  /** Deletes the thread and its messages; false when it did not exist. */
  deleteThread(id: string): Promise<boolean>;
  addMessage(message: StoredMessage): Promise<void>;
  /**
   * Inserts the message, or replaces the stored one with the same id (its text, status and the rest; not its thread,
   * role or creation time): an answer is saved as it streams, then once more when it ends.
   */
  saveMessage(message: StoredMessage): Promise<void>;
  /**
   * Marks every message still "streaming" as "interrupted" and returns how many there were. Called at start-up: the
   * process that streamed them is gone (one server process a database; see docs/decisions.md).
   */
  interruptStreaming(): Promise<number>;
  listMessages(threadId: string): Promise<StoredMessage[]>;
  getMessage(id: string): Promise<StoredMessage | null>;
  /** Stores the rating of an answer; a later call for the same message replaces it. */
  addFeedback(feedback: Feedback, userId: string): Promise<void>;
  listFeedback(filter?: OwnerFilter): Promise<StoredFeedback[]>;
  /** The ratings with their answers, questions and threads, newest rating first. */
  listRatedAnswers(filter?: OwnerFilter): Promise<RatedAnswer[]>;
  addLabel(label: HumanLabel): Promise<void>;
  listLabels(filter?: OwnerFilter): Promise<HumanLabel[]>;
  close(): Promise<void>;
}
