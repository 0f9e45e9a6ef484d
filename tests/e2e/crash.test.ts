// Browser test of a server killed (SIGKILL) mid-answer and started again: the page reconnects by itself and shows
// the answer as far as it had been said, marked interrupted, with regenerate at hand.
import { rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { hasChromium, launchBrowser, openPage, readableWords } from "../support/browser";
import { startChildServer, type ChildServer } from "../support/childServer";
import { tempCorpus } from "../support/server";

/** What a page logs while its server is down: failed reconnects, not faults of the page. */
const RECONNECTING = /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/;

describe.skipIf(!hasChromium)("browser: the server dies mid-answer", () => {
  const dir = tempCorpus();
  const servers: ChildServer[] = [];
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const answer = (page: Page) => page.getByTestId("message-assistant").last();
  const answerText = async (page: Page) => (await answer(page).getByTestId("answer-text").innerText()).trim();

  it("shows what had been said, marked interrupted, and regenerates it", async () => {
    const first = await startChildServer(dir, { OFFLINE_STREAM_DELAY_MS: "100" });
    servers.push(first);
    const { page, context, errors } = await openPage(browser, first.url);
    await page.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await page.getByTestId("chat-input").press("Enter");
    await expect.poll(async () => (await answerText(page)).length, { timeout: 15_000 }).toBeGreaterThan(40);
    await first.kill("SIGKILL");
    // Nothing goes on writing the answer now: the page does not say it does, once its reconnect has failed.
    const note = answer(page).getByTestId("interrupted");
    await expect.poll(() => note.innerText(), { timeout: 10_000 }).toContain("Serverul nu răspunde");
    expect(await note.innerText()).not.toContain("continuă pe server");

    const second = await startChildServer(dir, { PORT: String(first.port) });
    servers.push(second);
    await expect
      .poll(() => answer(page).getAttribute("data-status"), { timeout: 20_000 })
      .toBe("interrupted");
    const marker = answer(page).getByTestId("answer-interrupted");
    expect(await marker.innerText()).toContain("Întrerupt");
    expect(await answer(page).getByTestId("regenerate").count()).toBe(1);

    const threadId = new URL(page.url()).searchParams.get("thread");
    const stored = (
      (await (await fetch(`${second.url}/api/threads/${threadId}`)).json()) as {
        messages: StoredMessage[];
      }
    ).messages;
    expect(stored.map((m) => m.status)).toEqual(["done", "interrupted"]);
    expect(readableWords(await answerText(page))).toEqual(readableWords(stored[1]?.text ?? ""));
    expect(stored[1]?.text.length).toBeGreaterThan(0);

    await answer(page).getByTestId("regenerate").click();
    // The new answer is a second version of the turn: it takes the interrupted one's place, which stays a page back.
    const label = () => page.getByTestId("answer-version-label").innerText();
    await expect.poll(label, { timeout: 10_000 }).toBe("2/2");
    await expect.poll(() => answer(page).getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    expect(await page.getByTestId("message-assistant").count()).toBe(1);
    expect(await page.getByTestId("answer-interrupted").count()).toBe(0);
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(label).toBe("1/2");
    expect(await page.getByTestId("answer-interrupted").count()).toBe(1);
    expect(errors.filter((e) => !RECONNECTING.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
