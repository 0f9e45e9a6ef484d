// Storage behind one small interface, so that SQLite (the default) can be swapped for PostgreSQL when a
// whole class shares one deployment (DESIGN.md, "When a class outgrows one machine").
import type { Feedback, HumanLabel, StoredMessage, Thread } from "../../contract/threads";

export interface Storage {
  createThread(title: string): Thread;
  getThread(id: string): Thread | null;
  listThreads(limit?: number): Thread[];
  renameThread(id: string, title: string): Thread | null;
  /** Deletes the thread and its messages; false when it did not exist. */
  deleteThread(id: string): boolean;
  addMessage(message: StoredMessage): void;
  /**
   * Inserts the message, or replaces the stored one with the same id (its text, status and the rest; not its thread,
   * role or creation time): an answer is saved as it streams, then once more when it ends.
   */
  saveMessage(message: StoredMessage): void;
  /**
   * Marks every message still "streaming" as "interrupted" and returns how many there were. Called at start-up: the
   * process that streamed them is gone (one server process a database; see docs/decisions.md).
   */
  interruptStreaming(): number;
  listMessages(threadId: string): StoredMessage[];
  getMessage(id: string): StoredMessage | null;
  /** Stores the rating of an answer; a later call for the same message replaces it. */
  addFeedback(feedback: Feedback): void;
  listFeedback(): (Feedback & { createdAt: string })[];
  addLabel(label: HumanLabel): void;
  listLabels(): HumanLabel[];
  close(): void;
}
