// The REST call of the "Evaluări din chat" page: GET /api/chat/feedback, its answer checked against the contract.
import { ChatFeedbackResponseSchema, type ChatFeedbackResponse } from "../../contract/chatFeedback";
import { request } from "./api";
import { feedbackQueryString, type FeedbackFilters } from "./state/chatFeedback";

export async function fetchChatFeedback(
  filters: FeedbackFilters,
  signal?: AbortSignal,
): Promise<ChatFeedbackResponse> {
  const body = await request<unknown>(
    "GET",
    `/api/chat/feedback${feedbackQueryString(filters)}`,
    undefined,
    signal,
  );
  return ChatFeedbackResponseSchema.parse(body);
}
