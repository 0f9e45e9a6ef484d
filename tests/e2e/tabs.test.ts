// Two tabs of one browser on the same thread: a turn asked in one appears in the other without a reload, and a rename
// or a deletion in one reaches the other's thread list (and its open thread).
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

describe.skipIf(!hasChromium)("browser: two tabs on one thread", () => {
  const suite = browserSuite();
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  let errors: string[] = [];

  async function answers(page: Page): Promise<number> {
    return page.getByTestId("message-assistant").count();
  }

  beforeAll(async () => {
    ({ page: first, context, errors } = await openPage(suite.browser, suite.server.url));
  }, 120_000);

  it("shows a turn asked in the other tab, answer and all, without a reload", async () => {
    await first.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await first.getByTestId("chat-input").press("Enter");
    await expect.poll(() => first.getByTestId("citation").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The second tab opens the thread's address, as a person does with "open in a new tab".
    second = await context.newPage();
    second.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    await second.goto(first.url());
    await expect.poll(() => answers(second), { timeout: 10_000 }).toBe(1);

    await first.bringToFront();
    await first.getByTestId("chat-input").fill("Și despre autostrada Moldovei?");
    await first.getByTestId("chat-input").press("Enter");
    await expect.poll(() => answers(second), { timeout: 15_000 }).toBe(2);
    await expect
      .poll(() => second.getByTestId("message-user").last().innerText(), { timeout: 10_000 })
      .toContain("autostrada Moldovei");
    await expect
      .poll(async () => (await second.getByTestId("message-assistant").last().innerText()).length, {
        timeout: 15_000,
      })
      .toBeGreaterThan(40);
    // And back: the second tab asks, the first sees it.
    await second.bringToFront();
    await second.getByTestId("chat-input").fill("Ce se spune despre taxe?");
    await second.getByTestId("chat-input").press("Enter");
    await expect.poll(() => answers(first), { timeout: 15_000 }).toBe(3);
  });

  it("a regenerate in one tab shows in the other as a new version of the same turn", async () => {
    await first.bringToFront();
    const regenerate = first.getByTestId("regenerate");
    await expect.poll(() => regenerate.count(), { timeout: 15_000 }).toBe(1);
    await regenerate.click();
    for (const page of [first, second]) {
      await expect
        .poll(() => page.getByTestId("answer-version-label").innerText(), { timeout: 15_000 })
        .toBe("2/2");
      expect(await answers(page)).toBe(3);
    }
    await expect
      .poll(() => second.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
  });

  it("a rename in one tab reaches the other's thread list, and a deletion its open thread", async () => {
    // The tab a person works in is in front (a background tab's animation frames wait, and so do clicks there).
    await first.bringToFront();
    await first.getByTestId("thread-menu").first().click();
    await first.getByTestId("thread-rename").click();
    await first.getByTestId("thread-rename-input").fill("Pensii, din primul tab");
    await first.getByTestId("thread-rename-save").click();
    await expect
      .poll(() => second.getByTestId("thread-item").first().innerText(), { timeout: 10_000 })
      .toContain("Pensii, din primul tab");

    await first.getByTestId("thread-menu").first().click();
    await first.getByTestId("thread-delete").click();
    await first.getByTestId("thread-delete-confirm").click();
    await expect.poll(() => second.getByTestId("thread-item").count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => answers(second), { timeout: 10_000 }).toBe(0);
    // It says the thread was deleted, not that it does not exist.
    await expect
      .poll(() => second.locator(".notice").innerText(), { timeout: 10_000 })
      .toContain("Conversația a fost ștearsă în alt tab.");
  });

  it("threw nothing in either page", () => {
    expect(errors).toEqual([]);
  });
});
