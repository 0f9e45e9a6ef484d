// Storage behind one small interface, so that SQLite (the default) can be swapped for PostgreSQL when a
// whole class shares one deployment (DESIGN.md, "When a class outgrows one machine").
import type { Annotation } from "../annotation/schema";
import type { DoneEvent, Source } from "../protocol";

export interface Thread {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export type MessageStatus = "done" | "stopped" | "error";

export interface StoredMessage {
  id: string;
  threadId: string;
  role: "user" | "assistant";
  text: string;
  createdAt: string;
  status: MessageStatus;
  /** For a user message: its annotation. */
  annotation?: { annotation: Annotation; model: string } | null;
  /** For an assistant message: what the turn produced. */
  sources?: Source[];
  done?: Omit<DoneEvent, "messageId">;
}

export interface Feedback {
  messageId: string;
  value: "up" | "down";
  comment?: string;
}

export interface Storage {
  createThread(title: string): Thread;
  getThread(id: string): Thread | null;
  listThreads(limit?: number): Thread[];
  addMessage(message: StoredMessage): void;
  listMessages(threadId: string): StoredMessage[];
  addFeedback(feedback: Feedback): void;
  close(): void;
}
