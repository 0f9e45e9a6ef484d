// In the browser, each fallback shows in the steps the moment it happens, with its branch: the answer's model fails
// and its fallback row appears (and the fallback's answer streams) while the annotator beside it still hangs; the
// annotator's own fallback row comes when its deadline passes, and leaves the answer alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../server/config";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { BranchGateway, geminiKind, openAIKind, routed, type RoutedFake } from "../support/chatTurn";
import { startFakeGemini } from "../support/fakeGemini";
import { startFakeOpenAI } from "../support/fakeOpenAI";

const ANSWERER = "openai-compatible:answer-a";
const ANNOTATOR = "ollama:annotate-b";
const FALLBACK = "google-genai:gemini-2.5-flash";
const FALLBACK_TEXT = "Răspunsul modelului de rezervă despre pensii [1].";
const ANNOTATOR_DEADLINE_MS = 4000;

describe.skipIf(!hasChromium)("browser: fallbacks in the steps, per branch", () => {
  let answerer: RoutedFake;
  let annotator: RoutedFake;
  let fallback: RoutedFake;

  // Registered before the suite's hooks: the fakes start before the server and close after it.
  beforeAll(async () => {
    answerer = routed(await startFakeOpenAI(), openAIKind, "nefolosit");
    annotator = routed(await startFakeOpenAI(), openAIKind, "nefolosit");
    fallback = routed(await startFakeGemini(), geminiKind, FALLBACK_TEXT);
    answerer.setDefault("answer", { fault: "500" });
    annotator.setDefault("annotate", { fault: "hang" });
  });
  afterAll(async () => {
    await answerer?.fake.close();
    await annotator?.fake.close();
    await fallback?.fake.close();
  });

  const suite = browserSuite({
    env: () => ({
      MODEL_PRIMARY: ANSWERER,
      MODEL_FALLBACK: `${ANNOTATOR},${FALLBACK}`,
      OPENAI_COMPATIBLE_BASE_URL: answerer.fake.url,
      OLLAMA_BASE_URL: annotator.fake.url,
      GOOGLE_GENAI_BASE_URL: fallback.fake.url,
      GOOGLE_API_KEY: "AIza-browser-test",
      FIRST_TOKEN_TIMEOUT_MS: String(ANNOTATOR_DEADLINE_MS),
    }),
    server: {
      gateway: (config: Config) =>
        new BranchGateway(config, {
          answer: [ANSWERER, FALLBACK, "offline:extractive"],
          annotate: [ANNOTATOR, FALLBACK, "offline:lexicon"],
        }),
    },
  });

  it("shows the answer's fallback at once, beside a still-running annotation, then the annotator's", async () => {
    const { page, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await page.getByTestId("chat-input").press("Enter");
    const started = Date.now();
    const answerFallback = page.locator('[data-testid="step"][data-step="fallback"][data-node="answer"]');
    const annotateFallback = page.locator('[data-testid="step"][data-step="fallback"][data-node="annotate"]');
    const annotating = page.locator('[data-testid="step"][data-step="annotate"][data-state="running"]');
    await expect.poll(() => answerFallback.count(), { timeout: ANNOTATOR_DEADLINE_MS - 500 }).toBe(1);
    // The fallback's answer streams while the annotator still hangs: nothing of the annotate branch has failed yet.
    const answer = page.getByTestId("message-assistant").last();
    await expect
      .poll(() => answer.innerText(), { timeout: ANNOTATOR_DEADLINE_MS - 500 })
      .toContain("Răspunsul modelului de rezervă");
    expect(Date.now() - started).toBeLessThan(ANNOTATOR_DEADLINE_MS);
    expect(await annotating.count()).toBe(1);
    expect(await annotateFallback.count()).toBe(0);
    expect(await answerFallback.textContent()).toContain(ANSWERER);
    // Then the annotator's deadline passes: its fallback row, and the answer left as it was.
    await expect.poll(() => annotateFallback.count(), { timeout: ANNOTATOR_DEADLINE_MS + 5000 }).toBe(1);
    // Read as text content, not as rendered text: the turn may end at once (the lexicon annotates in no time),
    // and a finished turn's step list folds away, leaving its rows without rendered text.
    await expect.poll(() => annotateFallback.textContent(), { timeout: 5000 }).toContain(ANNOTATOR);
    await expect
      .poll(() => page.getByTestId("annotation-badge").count(), { timeout: 5000 })
      .toBeGreaterThan(0);
    expect(await answer.innerText()).toContain("Răspunsul modelului de rezervă");
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
