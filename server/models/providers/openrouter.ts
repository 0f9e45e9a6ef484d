// OpenRouter (`openrouter:meta-llama/llama-3.3-70b-instruct:free`, OPENROUTER_API_KEY): Chat Completions, with the
// attribution headers OpenRouter asks of apps.
import { DEFAULT_BASE_URLS } from "./client";
import { openAIFamily } from "./openaiLike";

const ATTRIBUTION = { "HTTP-Referer": "EchoChamber", "X-Title": "EchoChamber" };

export const client = openAIFamily((config) => ({
  baseURL: config.OPENROUTER_BASE_URL ?? DEFAULT_BASE_URLS.openrouter,
  apiKey: config.OPENROUTER_API_KEY ?? "",
  headers: ATTRIBUTION,
}));
