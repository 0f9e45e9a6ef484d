// Browser tests of a slow stream (OFFLINE_STREAM_DELAY_MS): the answer arrives word by word, stop really
// stops it on the server, and a connection dropped mid-stream (recovered or not) ends with the thread the
// server stored, nothing shown twice, nothing lost.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { hasChromium, openPage, readableWords } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { CLIENT_DIR, startTestServer, type TestServer } from "../support/server";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";

describe.skipIf(!hasChromium)("browser: streaming, stop and reconnect", () => {
  // 80 ms a word: the answer (about 100 words) streams for 8 s, long enough that a dropped connection lands
  // mid-stream on a loaded machine.
  const suite = browserSuite({ env: { OFFLINE_STREAM_DELAY_MS: "80" } });

  async function ask(page: Page, text = QUESTION): Promise<void> {
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-input").press("Enter");
  }

  const answer = (page: Page) => page.getByTestId("message-assistant").last();
  const answerText = async (page: Page) => (await answer(page).getByTestId("answer-text").innerText()).trim();

  async function storedThread(page: Page, on: TestServer = suite.server): Promise<StoredMessage[]> {
    const threadId = new URL(page.url()).searchParams.get("thread");
    expect(threadId).toBeTruthy();
    const res = await fetch(`${on.url}/api/threads/${threadId}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: StoredMessage[] }).messages;
  }

  it("streams the answer progressively, then settles with its steps and model", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await ask(page);
    const lengths: number[] = [];
    await expect
      .poll(
        async () => {
          // Streaming text, not the "working…" line shown before the first token.
          if (
            (await answer(page).getAttribute("data-status")) === "streaming" &&
            (await answer(page).locator(".thinking").count()) === 0
          ) {
            const n = (await answerText(page)).length;
            if (n > 0 && n !== lengths.at(-1)) lengths.push(n);
          }
          return lengths.length;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(4);
    // Text only grows while streaming (a fallback would clear it, and none happens here).
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    expect(await answer(page).locator("[data-testid=step][data-state=running]").count()).toBe(0);
    expect(await answer(page).innerText()).toContain("offline:extractive");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("leaves an answer being written for another thread, asks there, and finds the first answer whole on return", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await ask(page);
    await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
    const first = new URL(page.url()).searchParams.get("thread");
    await page.getByTestId("new-thread").click();
    await ask(page, "Ce se spune despre diaspora?");
    await expect.poll(() => page.getByTestId("message-assistant").count()).toBe(1);
    expect(await page.getByTestId("message-user").last().getAttribute("data-status")).toBe("sent");
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");

    await page.locator(`[data-testid=thread-item][data-thread-id="${first}"] .thread-open`).click();
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    const stored = await storedThread(page);
    expect(stored.map((m) => [m.role, m.status])).toEqual([
      ["user", "done"],
      ["assistant", "done"],
    ]);
    expect(readableWords(await answerText(page))).toEqual(readableWords(stored[1]?.text ?? ""));
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  describe("stop", () => {
    // Stopping races the end of the answer: at 40 ms a word it is over in about 4 s, which a loaded machine
    // (a CI run with every test file in parallel) can spend between seeing the text and pressing the key.
    // Here a word takes 250 ms, so the answer lasts about 25 s and the stop always lands mid-stream.
    let slow: TestServer;
    beforeAll(async () => {
      slow = await startTestServer({ OFFLINE_STREAM_DELAY_MS: "250" }, undefined, { clientDir: CLIENT_DIR });
    }, 120_000);
    afterAll(async () => {
      await slow?.close();
    });

    it("stops a long answer: status stopped, no more text, the server freed at once, the partial text stored", async () => {
      const { page, context, errors } = await openPage(suite.browser, slow.url);
      await ask(page);
      await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(30);
      await page.getByTestId("stop").click();
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");
      const atStop = await answerText(page);
      await page.waitForTimeout(800);
      expect(await answerText(page)).toBe(atStop);
      expect(await page.getByTestId("stop").count()).toBe(0);

      const stored = await storedThread(page, slow);
      const reply = stored.find((m) => m.role === "assistant");
      expect(reply?.status).toBe("stopped");
      expect(readableWords(atStop)).toEqual(readableWords(reply?.text ?? ""));

      // The model call really ended on the server: a new message is accepted right away (not "busy") and
      // streams; stopping it ends the test without waiting the 25 s out.
      await ask(page, "Și despre diaspora?");
      await expect.poll(() => page.getByTestId("message-assistant").count()).toBe(2);
      await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.getByTestId("message-user").last().getAttribute("data-status")).toBe("sent");
      await page.getByTestId("stop").click();
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");
      expect(errors).toEqual([]);
      await context.close();
    }, 40_000);

    it("Esc pressed the moment the answer appears stops it (before the page has run its effects)", async () => {
      const { page, context } = await openPage(suite.browser, slow.url);
      await page.evaluate(() => {
        const watch = new MutationObserver(() => {
          if (!document.querySelector("[data-testid=message-assistant]")) return;
          watch.disconnect();
          document.activeElement?.dispatchEvent(
            new KeyboardEvent("keydown", { key: "Escape", bubbles: true }),
          );
        });
        watch.observe(document.body, { childList: true, subtree: true });
      });
      await ask(page);
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");
      await context.close();
    }, 40_000);

    it("a language switched while the answer is written applies to the next question, with no reload", async () => {
      const { page, context, errors } = await openPage(suite.browser, slow.url);
      await ask(page, "Cum este discutată diaspora în campania electorală?");
      await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(30);
      await page.getByTestId("lang-en").click();
      // The answer begun in Romanian goes on as it began (not cut by the switch); the reader then stops it.
      expect(await answer(page).getAttribute("data-status")).toBe("streaming");
      expect(await answerText(page)).toContain("Răspuns extractiv (offline");
      await page.getByTestId("stop").click();
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");

      await ask(page, "What about the pensions?");
      await expect.poll(() => page.getByTestId("message-assistant").count()).toBe(2);
      await expect.poll(async () => (await answerText(page)).length, { timeout: 15_000 }).toBeGreaterThan(60);
      expect(await answerText(page)).toContain("Extractive answer (offline");
      expect(await answerText(page)).not.toContain("Răspuns extractiv");
      await page.getByTestId("stop").click();
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it("Esc stops the answer too", async () => {
      const { page, context } = await openPage(suite.browser, slow.url);
      await ask(page);
      await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(10);
      await page.keyboard.press("Escape");
      await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 5_000 }).toBe("stopped");
      await context.close();
    }, 40_000);
  });

  async function dropMidStream(forgetSessions: boolean): Promise<void> {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await ask(page);
    await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
    // The network drops under the page: the server closes the transport as a dead Wi-Fi would.
    for (const socket of suite.server.app.io.sockets.sockets.values()) socket.conn.close();
    if (forgetSessions) {
      // ...and the server cannot resume the session (as after its own restart): no replay of missed events.
      (suite.server.app.io.of("/").adapter as unknown as { sessions: Map<string, unknown> }).sessions.clear();
    }
    await expect.poll(() => page.getByTestId("interrupted").count(), { timeout: 3_000 }).toBe(1);
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    await expect.poll(() => page.getByTestId("connection").count(), { timeout: 5_000 }).toBe(0);

    expect(await page.getByTestId("message-user").count()).toBe(1);
    expect(await page.getByTestId("message-assistant").count()).toBe(1);
    expect(await page.getByTestId("interrupted").count()).toBe(0);
    const stored = await storedThread(page);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
    // Word for word what the server stored: no token twice, none missing.
    expect(readableWords(await answerText(page))).toEqual(readableWords(stored[1]?.text ?? ""));
    expect(errors).toEqual([]);

    // The thread goes on: the next question lands in the same thread.
    await ask(page, "Și despre diaspora?");
    await expect.poll(() => page.getByTestId("message-assistant").count()).toBe(2);
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    expect((await storedThread(page)).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    await context.close();
  }

  it("a connection dropped mid-stream reconnects and the stream goes on, nothing twice, nothing lost", async () => {
    await dropMidStream(false);
  }, 90_000);

  it("a reconnect the server cannot resume shows the answer it stored meanwhile, once", async () => {
    await dropMidStream(true);
  }, 90_000);

  it("a question sent while the page is still connecting waits for the connection, then is answered", async () => {
    // A slow school network: the server lets the page's socket in only after 2.5 s.
    let holdMs = 2_500;
    suite.server.app.io.use((_socket, next) => void setTimeout(next, holdMs));
    const { page, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("chat-input").waitFor();
    expect(await page.getByTestId("connection").count()).toBe(1);
    await ask(page);
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
    expect(await page.getByTestId("message-user").count()).toBe(1);
    expect(await page.locator(".notice").count()).toBe(0);
    holdMs = 0;
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
