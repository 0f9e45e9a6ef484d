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

/** A human correction of an annotation: gold for `evaluate`, exported by `export-labels`. */
export interface HumanLabel {
  id: string;
  /** The assistant message whose turn showed the annotation. */
  messageId: string;
  /** "message" for the user's message, otherwise the source (chunk) id. */
  target: string;
  /** The text that was annotated. */
  text: string;
  annotation: Annotation;
  /** The model whose annotation was corrected, if any. */
  correctedModel?: string;
  /** Who corrected it (a name typed in the UI, or "anonim"). */
  annotator: string;
  codebookVersion: string;
  createdAt: string;
}

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
