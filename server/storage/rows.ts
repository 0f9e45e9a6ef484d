// The rows of the threads, messages, feedback and labels tables as both Storage implementations read them
// (sqlite.ts, postgres.ts), and the records of contract/threads.ts they become.
import type { Feedback, HumanLabel, StoredFeedback, StoredMessage, Thread } from "../../contract/threads";

export interface MessageRow {
  id: string;
  thread_id: string;
  role: "user" | "assistant";
  text: string;
  created_at: string;
  status: StoredMessage["status"];
  extra: string;
}

export interface ThreadRow {
  id: string;
  title: string;
  user_id: string;
  created_at: string;
  updated_at: string;
}

export interface FeedbackRow {
  message_id: string;
  value: Feedback["value"];
  comment: string | null;
  user_id: string;
  created_at: string;
}

export interface LabelRow {
  id: string;
  message_id: string;
  target: string;
  text: string;
  annotation: string;
  corrected_model: string | null;
  annotator: string;
  user_id: string;
  codebook_version: string;
  created_at: string;
}

export const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  threadId: r.thread_id,
  role: r.role,
  text: r.text,
  createdAt: r.created_at,
  status: r.status,
  ...(JSON.parse(r.extra) as Partial<StoredMessage>),
});

export const toThread = (r: ThreadRow): Thread => ({
  id: r.id,
  title: r.title,
  userId: r.user_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toFeedback = (r: FeedbackRow): StoredFeedback => ({
  messageId: r.message_id,
  value: r.value,
  comment: r.comment ?? undefined,
  userId: r.user_id,
  createdAt: r.created_at,
});

export const toLabel = (r: LabelRow): HumanLabel => ({
  id: r.id,
  messageId: r.message_id,
  target: r.target,
  text: r.text,
  annotation: JSON.parse(r.annotation) as HumanLabel["annotation"],
  correctedModel: r.corrected_model ?? undefined,
  annotator: r.annotator,
  userId: r.user_id,
  codebookVersion: r.codebook_version,
  createdAt: r.created_at,
});
