// A browser suite against the chat's real server whose models are a local OpenAI-compatible fake: the fake with its
// default script, a test server (temporary corpus, built client) pointed at it, and Chromium.
import { afterAll, beforeAll } from "vitest";
import { browserSuite, type BrowserSuite } from "./browserSuite";
import { startFakeOpenAI, type FakeScript, type FakeServer } from "./fakeOpenAI";

export interface FakeOpenAIBrowserSuite extends BrowserSuite {
  readonly openai: FakeServer;
}

/**
 * Registers hooks that start the fake before the suite's server and close it after the suite's browser and server;
 * `env` names the models (OPENAI_COMPATIBLE_BASE_URL is set to the fake's).
 */
export function fakeOpenAIBrowserSuite(
  script: FakeScript,
  env: Record<string, string>,
): FakeOpenAIBrowserSuite {
  let openai: FakeServer | undefined;
  const started = (): FakeServer => {
    if (!openai)
      throw new Error("fakeOpenAIBrowserSuite: no fake (used before its beforeAll, or it failed to start)");
    return openai;
  };
  // Registered before browserSuite's hooks: vitest runs beforeAll hooks in order and afterAll hooks in reverse.
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    openai.setDefault(script);
  });
  afterAll(async () => {
    await openai?.close();
  });
  const suite = browserSuite({ env: () => ({ ...env, OPENAI_COMPATIBLE_BASE_URL: started().url }) });
  return {
    get openai() {
      return started();
    },
    get server() {
      return suite.server;
    },
    get browser() {
      return suite.browser;
    },
  };
}
