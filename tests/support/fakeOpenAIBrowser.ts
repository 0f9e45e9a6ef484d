// A browser test against the chat's real server whose models are a local OpenAI-compatible fake: the fake with its
// default script, a test server (temporary corpus, built client) pointed at it, and Chromium.
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { startFakeOpenAI, type FakeScript, type FakeServer } from "./fakeOpenAI";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "./server";

export interface FakeOpenAIBrowser {
  openai: FakeServer;
  server: TestServer;
  browser: Browser;
}

/**
 * Starts the three; `env` names the models (OPENAI_COMPATIBLE_BASE_URL is set to the fake's). A start that fails
 * half-way closes what it had started before it rejects.
 */
export async function startFakeOpenAIBrowser(
  script: FakeScript,
  env: Record<string, string>,
): Promise<FakeOpenAIBrowser> {
  const started: Partial<FakeOpenAIBrowser> = {};
  try {
    const openai = (started.openai = await startFakeOpenAI());
    openai.setDefault(script);
    started.server = await startTestServer({ ...env, OPENAI_COMPATIBLE_BASE_URL: openai.url }, tempCorpus(), {
      clientDir: CLIENT_DIR,
    });
    started.browser = await launchBrowser();
    return { openai, server: started.server, browser: started.browser };
  } catch (err) {
    await closeFakeOpenAIBrowser(started);
    throw err;
  }
}

/** Closes what was started, the browser first. */
export async function closeFakeOpenAIBrowser(started: Partial<FakeOpenAIBrowser>): Promise<void> {
  await started.browser?.close();
  await started.server?.close();
  await started.openai?.close();
}
