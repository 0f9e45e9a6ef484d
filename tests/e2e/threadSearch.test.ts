// Searching one's conversations in the browser: the sidebar's box asks the server (GET /api/threads/search) and lists
// the threads whose messages hold the words (every one, in any order; a quoted phrase whole), even when the title
// says something else, with the matching message's excerpt under the title; a search that finds nothing says so; a
// result opens its thread at the message that matched, scrolled into view, flashed and its words marked.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { record, send } from "../support/server";

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

    await page.getByTestId("thread-search").fill('"PENSIILE speciale ale" MAGISTRATILOR');
    const result = page.locator(`[data-testid="thread-search-result"][data-thread-id="${first}"]`);
    await result.waitFor({ timeout: 10_000 });
    expect(await result.locator(".thread-title").innerText()).toBe("Seminar 3");
    expect(await result.getByTestId("thread-search-excerpt").locator("mark").allInnerTexts()).toEqual([
      "pensiile speciale ale",
      "magistraților",
    ]);

    // Two words, the other way round and not side by side: both required, each marked.
    await page.getByTestId("thread-search").fill("magistratilor   OAMENII");
    await expect
      .poll(() => result.getByTestId("thread-search-excerpt").locator("mark").allInnerTexts(), {
        timeout: 10_000,
      })
      .toEqual(["oamenii", "magistraților"]);

    await result.locator(".thread-open").click();
    await expect
      .poll(() => page.getByTestId("message-user").first().innerText(), { timeout: 10_000 })
      .toContain("pensiile speciale");
    expect(new URL(page.url()).searchParams.get("thread")).toBe(first);
    const marked = () =>
      page.evaluate(() => [...(CSS.highlights.get("search-hit") ?? [])].map((r) => r.toString()));
    await expect.poll(marked, { timeout: 5_000 }).toEqual(["oamenii", "magistraților"]);
  });

  it("opens a long thread at the message that matched, in view, with the words marked", async () => {
    // Ten turns, asked over a socket of the test's own (the same local user): the match is the second question, far
    // above the end the thread opens at.
    const socket = await suite.server.connect();
    let threadId: string | undefined;
    for (let i = 0; i < 10; i++) {
      const text =
        i === 1
          ? "Ce se spune despre autostrăzile din Moldova și despre AUTOSTRAZILE promise?"
          : `Întrebarea ${i}: ce spun comentariile despre pensiile speciale și despre spitale?`;
      const { finished } = record(socket);
      const ack = await send(socket, { text, ...(threadId ? { threadId } : {}) });
      if (!ack.ok) throw new Error(ack.error.message);
      threadId = ack.data.threadId;
      await finished;
    }
    socket.disconnect();
    const { messages } = (await (await fetch(`${suite.server.url}/api/threads/${threadId}`)).json()) as {
      messages: { id: string; text: string }[];
    };
    const target = messages.find((m) => m.text.includes("autostrăzile"))!;

    await page.getByTestId("new-thread").click();
    await page.reload();
    await page.getByTestId("thread-search").fill("autostrazile");
    const result = page.locator(`[data-testid="thread-search-result"][data-thread-id="${threadId}"]`);
    await result.waitFor({ timeout: 10_000 });
    const snippet = result.getByTestId("thread-search-snippet");
    expect(await snippet.getAttribute("data-message-id")).toBe(target.id);
    expect(await snippet.locator("mark").allInnerTexts()).toEqual(["autostrăzile", "AUTOSTRAZILE"]);

    await result.locator(".thread-open").click();
    const hit = page.getByTestId("message-search-hit");
    await hit.waitFor({ timeout: 10_000 });
    const article = page.locator(`[data-question-id="${target.id}"]`);
    expect(await article.getByTestId("message-search-hit").count()).toBe(1);
    expect(await page.getByTestId("message-user").count()).toBe(10);
    // In the conversation's view, not at its end.
    const inView = () =>
      hit.evaluate((el) => {
        const box = el.closest(".message-scroll")!.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;
      });
    await expect.poll(inView, { timeout: 5_000 }).toBe(true);
    const marked = () =>
      page.evaluate(() => [...(CSS.highlights.get("search-hit") ?? [])].map((r) => r.toString()));
    await expect.poll(marked, { timeout: 5_000 }).toEqual(["autostrăzile", "AUTOSTRAZILE"]);
    expect(new URL(page.url()).searchParams.get("thread")).toBe(threadId);
  }, 120_000);

  it("pages a turn back to the earlier version that matched before bringing it into view", async () => {
    await page.getByTestId("new-thread").click();
    await ask("Ce se spune despre cormoranii din deltă?");
    const threadId = new URL(page.url()).searchParams.get("thread")!;
    await page.getByTestId("message-user").first().hover();
    await page.getByTestId("edit-message").first().click();
    await page.getByTestId("edit-input").fill("Ce se spune despre pelicani?");
    await page.getByTestId("edit-send").click();
    const label = () => page.getByTestId("answer-version-label").innerText();
    await expect.poll(label, { timeout: 10_000 }).toBe("2/2");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");

    await page.getByTestId("new-thread").click();
    await page.getByTestId("thread-search").fill("cormoranii");
    const result = page.locator(`[data-testid="thread-search-result"][data-thread-id="${threadId}"]`);
    await result.waitFor({ timeout: 10_000 });
    await result.locator(".thread-open").click();
    await page.getByTestId("message-search-hit").waitFor({ timeout: 10_000 });
    expect(await label()).toBe("1/2");
    expect(await page.getByTestId("message-search-hit").innerText()).toContain("cormoranii din deltă");
  }, 120_000);

  it("says so when no thread holds the words", async () => {
    await page.getByTestId("thread-search").fill("zzqq nimic");
    await page.getByTestId("thread-search-empty").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("thread-search-empty").innerText()).toContain("„zzqq nimic”");
    expect(await page.getByTestId("thread-search-result").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
