// OpenAI itself (`openai:gpt-4o-mini`, OPENAI_API_KEY): ChatOpenAI, which reaches the Responses API for the models
// that OpenAI serves only there.
import { DEFAULT_BASE_URLS } from "./client";
import { openAIFamily, responsesModel } from "./openaiLike";

export const client = openAIFamily(
  (config) => ({
    baseURL: config.OPENAI_BASE_URL ?? DEFAULT_BASE_URLS.openai,
    apiKey: config.OPENAI_API_KEY ?? "",
  }),
  responsesModel,
);
