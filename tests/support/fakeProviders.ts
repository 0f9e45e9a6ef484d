// The fake OpenAI-compatible and Gemini servers together, with a config that points every provider at them: what
// the provider and embedder tests share.
import { parseConfig, type Config } from "../../server/config";
import { startFakeGemini } from "./fakeGemini";
import { startFakeOpenAI, type FakeServer } from "./fakeOpenAI";

export interface FakeProviders {
  openai: FakeServer;
  gemini: FakeServer;
  /** Every provider's base URL on a fake (OpenAI, OpenRouter, Ollama and OpenAI-compatible on `openai`). */
  config: Config;
  /** Forgets queued replies and recorded requests on both. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeProviders(keys: Record<string, string>): Promise<FakeProviders> {
  const openai = await startFakeOpenAI();
  const gemini = await startFakeGemini();
  const config = parseConfig({
    ...keys,
    LOG_LEVEL: "silent",
    OPENAI_BASE_URL: openai.url,
    OPENROUTER_BASE_URL: openai.url,
    OLLAMA_BASE_URL: openai.url,
    OPENAI_COMPATIBLE_BASE_URL: openai.url,
    GOOGLE_GENAI_BASE_URL: gemini.url,
  });
  return {
    openai,
    gemini,
    config,
    reset: () => {
      openai.reset();
      gemini.reset();
    },
    close: async () => {
      await openai.close();
      await gemini.close();
    },
  };
}
