// The rows of the threads, messages, feedback and labels tables as both Storage implementations read them
// (sqlite.ts, postgres.ts), and the records of contract/threads.ts they become.
import type { Feedback, HumanLabel, StoredFeedback, StoredMessage, Thread } from "../../contract/threads";
import type { RatedAnswer } from "./types";

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

/** A row of the rated-answers query: the rating, its answer's columns (a_*), its thread's (t_*) and its question's (q_*). */
export interface RatedAnswerRow extends FeedbackRow {
  a_id: string | null;
  a_thread_id: string | null;
  a_role: MessageRow["role"] | null;
  a_text: string | null;
  a_created_at: string | null;
  a_status: MessageRow["status"] | null;
  a_extra: string | null;
  t_title: string | null;
  t_user_id: string | null;
  t_created_at: string | null;
  t_updated_at: string | null;
  q_role: MessageRow["role"] | null;
  q_text: string | null;
}

/**
 * The SELECT of the rated-answers query, one text for both databases but for the column that keeps the order of
 * insertion (`rowid` in SQLite, `seq` in PostgreSQL); the owner filter is appended by each.
 */
export function ratedAnswersSql(order: "rowid" | "seq", ownerParam: string): string {
  return `SELECT f.message_id, f.value, f.comment, f.user_id, f.created_at,
  a.id AS a_id, a.thread_id AS a_thread_id, a.role AS a_role, a.text AS a_text, a.created_at AS a_created_at,
  a.status AS a_status, a.extra AS a_extra,
  t.title AS t_title, t.user_id AS t_user_id, t.created_at AS t_created_at, t.updated_at AS t_updated_at,
  q.role AS q_role, q.text AS q_text
FROM feedback f
LEFT JOIN messages a ON a.id = f.message_id
LEFT JOIN threads t ON t.id = a.thread_id
LEFT JOIN messages q ON q.id = (
  SELECT p.id FROM messages p WHERE p.thread_id = a.thread_id
    AND (p.created_at < a.created_at OR (p.created_at = a.created_at AND p.${order} < a.${order}))
  ORDER BY p.created_at DESC, p.${order} DESC LIMIT 1)
WHERE (${ownerParam} IS NULL OR f.user_id = ${ownerParam})
ORDER BY f.created_at DESC, f.id DESC`;
}

export const toRatedAnswer = (r: RatedAnswerRow): RatedAnswer => {
  const answer =
    r.a_id === null
      ? null
      : toMessage({
          id: r.a_id,
          thread_id: r.a_thread_id!,
          role: r.a_role!,
          text: r.a_text!,
          created_at: r.a_created_at!,
          status: r.a_status!,
          extra: r.a_extra!,
        });
  return {
    feedback: toFeedback(r),
    answer,
    question: r.q_role === "user" ? r.q_text : null,
    thread:
      answer && r.t_title !== null
        ? toThread({
            id: answer.threadId,
            title: r.t_title,
            user_id: r.t_user_id!,
            created_at: r.t_created_at!,
            updated_at: r.t_updated_at!,
          })
        : null,
  };
};
