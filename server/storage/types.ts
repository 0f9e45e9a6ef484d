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
  listMessages(threadId: string): StoredMessage[];
  getMessage(id: string): StoredMessage | null;
  /** Stores the rating of an answer; a later call for the same message replaces it. */
  addFeedback(feedback: Feedback): void;
  listFeedback(): (Feedback & { createdAt: string })[];
  addLabel(label: HumanLabel): void;
  listLabels(): HumanLabel[];
  close(): void;
}
