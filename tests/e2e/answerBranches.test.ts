// Browser test of editing an older question (a branch, as in Open WebUI and ChatGPT): turn 1 of 3 edited shows at 2/2
// with no later turns, paging to 1/2 brings turns 2 and 3 back, a question asked there continues that branch, and a
// reload reads the thread the same way (the branch with the newest message first).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const QUESTIONS = ["Ce spun oamenii despre pensiile speciale?", "Și despre taxe?", "Și despre salarii?"];

describe.skipIf(!hasChromium)("browser: editing an older question makes a branch", () => {
  const suite = browserSuite();

  async function askAndWait(page: Page, text: string): Promise<void> {
    const before = await page.getByTestId("message-assistant").count();
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 })
      .toBe(before + 1);
    await expectDone(page);
  }
  async function expectDone(page: Page): Promise<void> {
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
  }
  const label = (page: Page) => page.getByTestId("answer-version-label").innerText();
  const questionsShown = (page: Page) =>
    page.getByTestId("message-user").locator(".user-text").allInnerTexts();

  it("turn 1 of 3 edited is at 2/2 alone; 1/2 has turns 2 and 3; a question there continues it; a reload agrees", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    for (const q of QUESTIONS) await askAndWait(page, q);
    const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
    expect(await page.getByTestId("answer-version-label").count()).toBe(0);

    // Edit the first question: the box says it becomes a new version of that question.
    await page.getByTestId("message-user").first().hover();
    await page.getByTestId("edit-message").first().click();
    expect(await page.locator(".edit-hint").innerText()).toContain("versiune nouă a acestei întrebări");
    expect(await page.getByTestId("edit-send").innerText()).toBe("Salvează și trimite");
    await page.getByTestId("edit-input").fill("Ce spun oamenii despre pensii?");
    await page.getByTestId("edit-send").click();
    await expect.poll(() => label(page), { timeout: 10_000 }).toBe("2/2");
    await expectDone(page);
    expect(await questionsShown(page)).toEqual(["Ce spun oamenii despre pensii?"]);
    expect(await page.getByTestId("message-assistant").count()).toBe(1);

    // Paging back to the first version brings its later turns back.
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(() => label(page)).toBe("1/2");
    expect(await questionsShown(page)).toEqual(QUESTIONS);
    expect(await page.getByTestId("message-assistant").count()).toBe(3);

    // A reload shows the branch with the newest message (the edit), and pages the same way.
    await page.reload();
    await expect.poll(() => label(page), { timeout: 10_000 }).toBe("2/2");
    expect(await questionsShown(page)).toEqual(["Ce spun oamenii despre pensii?"]);
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(() => label(page)).toBe("1/2");
    expect(await questionsShown(page)).toEqual(QUESTIONS);

    // A question asked on the first version's branch continues it, and stays in view after a reload.
    await askAndWait(page, "Și despre școli?");
    expect(await questionsShown(page)).toEqual([...QUESTIONS, "Și despre școli?"]);
    expect(await label(page)).toBe("1/2");
    const stored = (
      (await (await fetch(`${suite.server.url}/api/threads/${threadId}`)).json()) as {
        messages: StoredMessage[];
      }
    ).messages;
    const third = stored.filter((m) => m.role === "assistant")[2]!;
    expect(stored.at(-2)).toMatchObject({ role: "user", text: "Și despre școli?", follows: third.id });
    await page.reload();
    await expect.poll(() => label(page), { timeout: 10_000 }).toBe("1/2");
    expect(await questionsShown(page)).toEqual([...QUESTIONS, "Și despre școli?"]);
    await page.getByTestId("answer-version-next").click();
    await expect.poll(() => label(page)).toBe("2/2");
    expect(await questionsShown(page)).toEqual(["Ce spun oamenii despre pensii?"]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
