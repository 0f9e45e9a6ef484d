// Threads, their messages, feedback and human labels as the REST API sends them and storage keeps them.
import type { Annotation } from "./annotation";
import type { Source } from "./corpus";
import type { DoneEvent } from "./protocol";

export interface Thread {
  id: string;
  title: string;
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
