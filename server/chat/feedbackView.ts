// The rows and the summary of GET /api/chat/feedback from the stored ratings joined with their answers
// (Storage.listRatedAnswers): who rated by name, the model and temperature as the answer's chat:done recorded them
// (nothing is guessed for an answer that recorded none), then the query's filters and the summary per model.
import {
  ANSWER_EXCERPT_CHARS,
  ChatFeedbackResponseSchema,
  localDay,
  summarizeByModel,
  type ChatFeedbackQuery,
  type ChatFeedbackResponse,
  type ChatFeedbackRow,
  type Rater,
} from "../../contract/chatFeedback";
import { LOCAL_USER, type SessionUser } from "../../contract/auth";
import type { RatedAnswer } from "../storage/types";

function raterOf(userId: string, names: ReadonlyMap<string, string>): Rater {
  if (userId === LOCAL_USER.id) return { id: userId, name: LOCAL_USER.name, guest: false };
  if (userId.startsWith("guest-")) return { id: userId, name: null, guest: true };
  return { id: userId, name: names.get(userId) ?? null, guest: false };
}

/** The answer's first characters, cut at a word when one ends near the limit. */
function excerpt(text: string): { text: string; cut: boolean } {
  if (text.length <= ANSWER_EXCERPT_CHARS) return { text, cut: false };
  const head = text.slice(0, ANSWER_EXCERPT_CHARS);
  const space = head.lastIndexOf(" ");
  return {
    text: `${(space > ANSWER_EXCERPT_CHARS * 0.8 ? head.slice(0, space) : head).trimEnd()}…`,
    cut: true,
  };
}

export function ratingRow(
  { feedback, answer, question, thread }: RatedAnswer,
  viewer: SessionUser,
  names: ReadonlyMap<string, string>,
): ChatFeedbackRow {
  const cut = answer ? excerpt(answer.text) : null;
  return {
    createdAt: feedback.createdAt,
    user: raterOf(feedback.userId, names),
    rating: feedback.value,
    comment: feedback.comment ?? null,
    messageId: feedback.messageId,
    threadId: thread?.id ?? null,
    threadTitle: thread?.title ?? null,
    threadExists: thread !== null,
    ownThread: thread !== null && (thread.userId ?? LOCAL_USER.id) === viewer.id,
    question,
    answerExcerpt: cut?.text ?? null,
    answerCut: cut?.cut ?? false,
    model: answer?.done?.model ?? null,
    temperature: answer?.done?.settings?.temperature ?? null,
  };
}

export function ratingsView(
  rated: readonly RatedAnswer[],
  query: ChatFeedbackQuery,
  viewer: SessionUser,
  names: ReadonlyMap<string, string>,
): ChatFeedbackResponse {
  const all = rated.map((r) => ratingRow(r, viewer, names));
  const rows = all.filter(
    (row) =>
      (!query.model || row.model === query.model) &&
      (!query.rating || row.rating === query.rating) &&
      (!query.user || row.user.id === query.user) &&
      (!query.from || localDay(row.createdAt, query.tzOffset) >= query.from) &&
      (!query.to || localDay(row.createdAt, query.tzOffset) <= query.to),
  );
  const users = new Map(all.map((row) => [row.user.id, row.user]));
  const models = new Set(all.flatMap((row) => (row.model ? [row.model] : [])));
  // Checked against the contract on the way out, as the client checks it on the way in.
  return ChatFeedbackResponseSchema.parse({
    rows,
    summary: summarizeByModel(rows),
    models: [...models].sort(),
    users: [...users.values()].sort((a, b) => (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff")),
  });
}
