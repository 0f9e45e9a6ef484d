// Searching one's conversations in the browser: the sidebar's box asks the server (GET /api/threads/search) and lists
// the threads whose messages hold the words, even when the title says something else, with the matching message's
// excerpt under the title; a search that finds nothing says so; a result opens its thread.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

describe.skipIf(!hasChromium)("browser: searching the threads' messages", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
    await page.getByTestId("chat-input").waitFor();
  }, 120_000);

  async function ask(text: string): Promise<string> {
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .not.toBe("streaming");
    await expect.poll(() => new URL(page.url()).searchParams.get("thread")).not.toBeNull();
    return new URL(page.url()).searchParams.get("thread")!;
  }

  it("finds a thread by a word of its question, whatever its title, and opens it", async () => {
    const first = await ask("Ce spun oamenii despre pensiile speciale ale magistraților?");
    const renamed = await fetch(`${suite.server.url}/api/threads/${first}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Seminar 3" }),
    });
    expect(renamed.status).toBe(200);
    await page.getByTestId("new-thread").click();
    await ask("Ce se spune despre autostrada Moldovei?");
    await page.reload();
    await page.getByTestId("thread-search").waitFor();

    await page.getByTestId("thread-search").fill("PENSIILE speciale ale MAGISTRATILOR");
    const result = page.locator(`[data-testid="thread-search-result"][data-thread-id="${first}"]`);
    await result.waitFor({ timeout: 10_000 });
    expect(await result.locator(".thread-title").innerText()).toBe("Seminar 3");
    expect(await result.getByTestId("thread-search-excerpt").locator("mark").innerText()).toBe(
      "pensiile speciale ale magistraților",
    );

    await result.locator(".thread-open").click();
    await expect
      .poll(() => page.getByTestId("message-user").first().innerText(), { timeout: 10_000 })
      .toContain("pensiile speciale");
    expect(new URL(page.url()).searchParams.get("thread")).toBe(first);
  });

  it("says so when no thread holds the words", async () => {
    await page.getByTestId("thread-search").fill("zzqq nimic");
    await page.getByTestId("thread-search-empty").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("thread-search-empty").innerText()).toContain("„zzqq nimic”");
    expect(await page.getByTestId("thread-search-result").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
