// Threads, their messages, feedback and human labels as the REST API sends them and storage keeps them.
import type { Annotation } from "./annotation";
import type { StoredAttachment } from "./attachments";
import type { Source } from "./corpus";
import type { DoneEvent } from "./protocol";

export interface Thread {
  id: string;
  title: string;
  /**
   * The user it belongs to ("local" with AUTH=off): a member sees their own threads, an admin every one. Always set
   * by the server; absent only in a thread the client shows before the server's list arrives.
   */
  userId?: string;
  /**
   * Whose it is, in an admin's list of everyone's threads (absent on the admin's own): an account by its name, or a
   * guest of the access code (guests have no stored name).
   */
  owner?: { kind: "user"; name: string } | { kind: "guest" };
  createdAt: string;
  updatedAt: string;
}

/**
 * "streaming": the answer is being written (saved as it streams); "interrupted": the server stopped before it ended
 * (a crash or a kill), so the text is what had been said by then.
 */
export type MessageStatus = "done" | "stopped" | "error" | "streaming" | "interrupted";

export interface StoredMessage {
  id: string;
  threadId: string;
  role: "user" | "assistant";
  text: string;
  createdAt: string;
  status: MessageStatus;
  /**
   * For a user message sent by "regenerate" (or an edited question): the answer it replaces as a new version of that
   * turn. Every version stays stored; contract/answerVersions.ts reads them as a tree.
   */
  regenerates?: string;
  /**
   * For a user message: the answer it was asked after (its parent in the thread's tree). Messages from before it
   * carry none and follow the message stored before them.
   */
  follows?: string;
  /** For a user message: the texts attached to it (their text is left out of GET /api/threads/:id). */
  attachments?: StoredAttachment[];
  /** For a user message: its annotation. */
  annotation?: { annotation: Annotation; model: string } | null;
  /** For an assistant message: what the turn produced. */
  sources?: Source[];
  done?: Omit<DoneEvent, "messageId">;
  /** For an assistant message: the codebook version its annotations (the question's and the sources') follow. */
  codebookVersion?: string;
}

export interface Feedback {
  messageId: string;
  value: "up" | "down";
  comment?: string;
}

/** A rating as stored: who gave it and when. */
export interface StoredFeedback extends Feedback {
  userId: string;
  createdAt: string;
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
  /** Who corrected it: the account's name when AUTH=users, otherwise a name typed in the UI, or "anonim". */
  annotator: string;
  /** The user it belongs to ("local" with AUTH=off; absent in labels exported by older versions). */
  userId?: string;
  codebookVersion: string;
  createdAt: string;
}
