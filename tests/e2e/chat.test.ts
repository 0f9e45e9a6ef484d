import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { tempCorpus } from "../support/server";

const XSS_DOC = {
  id: "xss-1",
  text: 'Comentariu despre autostrada Moldovei <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> și despre drumuri.',
  source: "Test XSS",
  platform: "forum",
  date: "2025-05-05",
  url: "javascript:window.__xss=3",
  lang: "ro",
};

/** The shipped corpus with XSS_DOC added. */
function corpusWithXssDoc(): string {
  const dir = tempCorpus();
  mkdirSync(path.join(dir, "corpus", "cleaned"), { recursive: true });
  appendFileSync(path.join(dir, "corpus", "cleaned", "xss.jsonl"), JSON.stringify(XSS_DOC) + "\n");
  return dir;
}

describe.skipIf(!hasChromium)("browser: the chat page", () => {
  const suite = browserSuite({ dir: corpusWithXssDoc });
  let page: Page;

  async function ask(text: string): Promise<void> {
    page = await suite.browser.newPage();
    await page.goto(suite.server.url);
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-input").press("Enter");
  }

  it("streams an answer with citations, steps, sources and the message's annotation badge", async () => {
    await ask("Ce spun oamenii despre pensiile speciale?");
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(async () => (await answer.innerText()).length, { timeout: 10_000 }).toBeGreaterThan(40);
    await expect.poll(() => page.getByTestId("citation").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("step").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("annotation-badge").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("message-user").innerText()).toContain("pensiile speciale");
    await page.getByTestId("citation").first().click();
    await expect.poll(() => page.getByTestId("source-panel").isVisible()).toBe(true);
    // An answer with its steps, sources and the open source panel, as a screen reader or a keyboard meets it.
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it("keeps the message being written across a reload, and forgets it once sent", async () => {
    page = await suite.browser.newPage();
    await page.goto(suite.server.url);
    const input = page.getByTestId("chat-input");
    await input.fill("Ce spun comentariile despre taxa pe stâlp");
    await page.reload();
    await expect
      .poll(() => input.inputValue(), { timeout: 10_000 })
      .toBe("Ce spun comentariile despre taxa pe stâlp");
    await input.press("Enter");
    await expect.poll(() => input.inputValue()).toBe("");
    await page.reload();
    await page.getByTestId("message-user").first().waitFor({ timeout: 10_000 });
    expect(await input.inputValue()).toBe("");
    await page.close();
  });

  it("keeps HTML in a message and in a corpus document inert", async () => {
    await ask('autostrada Moldovei <img src=x onerror="window.__xss=9">');
    await expect.poll(() => page.getByTestId("citation").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The planted document is among the sources; open every citation so its text and link render too.
    expect(await page.getByText("Test XSS").count()).toBeGreaterThan(0);
    const citations = await page.getByTestId("citation").all();
    for (const c of citations) await c.click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(await page.locator("script:not([src]):not([type])").count()).toBe(0);
    expect(await page.locator("a[href^='javascript:']").count()).toBe(0);
    await page.close();
  });
});
