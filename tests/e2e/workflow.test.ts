// Browser tests of what a researcher does around the answers: open a citation, correct an annotation (stored
// as a human label), rate an answer, find the thread again after a reload and a server restart, rename,
// export and delete it, regenerate and edit, filter the corpus, switch to English, and use it on a phone.
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import type { HumanLabel, StoredMessage, Thread } from "../../contract/threads";
import { platformName } from "../../client/src/corpusNames";
import { SqliteStorage } from "../../server/storage/sqlite";
import { hasChromium, launchBrowser, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "../support/server";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";

describe.skipIf(!hasChromium)("browser: the researcher's workflow", () => {
  const suite = browserSuite();

  async function askAndWait(page: Page, text = QUESTION): Promise<void> {
    const before = await page.getByTestId("message-assistant").count();
    await page.getByTestId("chat-input").fill(text);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 })
      .toBe(before + 1);
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
  }

  const threadIdOf = (page: Page) => new URL(page.url()).searchParams.get("thread") ?? "";

  async function api<T>(pathname: string): Promise<T> {
    const res = await fetch(`${suite.server.url}${pathname}`);
    expect(res.ok).toBe(true);
    return (await res.json()) as T;
  }

  it("opens a citation in the side panel with the passage, its metadata and annotation; arrows move between sources", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page);
    const citation = page.getByTestId("citation").first();
    const n = Number(await citation.getAttribute("data-n"));
    await citation.click();
    const panel = page.getByTestId("source-panel");
    await expect.poll(() => panel.isVisible()).toBe(true);
    const thread = await api<{ messages: StoredMessage[] }>(`/api/threads/${threadIdOf(page)}`);
    const source = thread.messages[1]?.sources?.[n - 1];
    expect(source).toBeDefined();
    expect(await panel.getByTestId("source-passage").innerText()).toBe(source?.text.trim());
    const panelText = await panel.innerText();
    // The platform by its name (the page is in Romanian), not its id.
    expect(panelText).toContain(platformName("ro", source!.meta.platform));
    expect(panelText).toContain(source?.meta.date);
    expect(await panel.getByTestId("annotation-badge").getAttribute("data-tone")).toBe(
      source?.annotation?.ton,
    );
    // The echo chart counts the same passages the list shows.
    const chart = page.getByTestId("echo-chart");
    expect(await chart.isVisible()).toBe(true);
    const negative = thread.messages[1]?.sources?.filter((s) => s.annotation?.ton === "negativ").length ?? 0;
    if (negative > 0)
      expect(await chart.locator("rect[data-tone=negativ]").getAttribute("data-count")).toBe(
        String(negative),
      );
    const count = thread.messages[1]?.sources?.length ?? 0;
    if (n < count) {
      await panel.getByRole("button", { name: "Sursa următoare" }).click();
      expect(await panel.getByTestId("source-passage").innerText()).toBe(
        thread.messages[1]?.sources?.[n]?.text.trim(),
      );
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    // The focus is back on the citation that opened the panel, not lost to the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("citation");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("corrects a source's annotation: stored as a human label, shown as corrected with the model's original kept", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page);
    await page.getByTestId("citation").first().click();
    const card = page.getByTestId("source-panel").getByTestId("annotation-badge");
    const originalTone = await card.getAttribute("data-tone");
    const newTone = originalTone === "pozitiv" ? "neutru" : "pozitiv";
    await card.getByTestId("annotation-edit").click();
    await card.getByTestId("label-ton").selectOption(newTone);
    await card.getByTestId("label-anti-elitism").setChecked(true);
    await card.getByTestId("label-popor-central").setChecked(true);
    expect(await card.getByTestId("label-populism").isChecked()).toBe(true);
    await card.getByTestId("label-annotator").fill("Ana Pop");
    await card.getByTestId("label-save").click();

    await expect.poll(() => card.getAttribute("data-corrected")).toBe("true");
    expect(await card.getAttribute("data-tone")).toBe(newTone);
    expect(await card.getByTestId("label-corrected").innerText()).toContain("corectat de Ana Pop");
    expect(await card.getByTestId("annotation-original").innerText()).toContain("offline:lexicon");

    const { labels } = await api<{ labels: HumanLabel[] }>("/api/labels");
    const mine = labels.find((l) => l.annotator === "Ana Pop");
    expect(mine).toMatchObject({
      target: expect.stringContaining("#"),
      annotation: { ton: newTone, populism: true, anti_elitism: true, popor_central: true },
      correctedModel: "offline:lexicon",
    });
    const answerId = await page.getByTestId("message-assistant").getAttribute("data-message-id");
    expect(mine?.messageId).toBe(answerId);

    // After a reload the card still shows the correction, and the name is remembered for the next one.
    await page.reload();
    await expect.poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 }).toBe(1);
    const row = page.locator(`[data-source-id="${mine?.target}"]`).getByTestId("annotation-badge");
    await expect.poll(() => row.getAttribute("data-corrected")).toBe("true");
    await page.getByTestId("message-user").getByTestId("annotation-badge").locator("button").first().click();
    await page.getByTestId("message-user").getByTestId("annotation-edit").click();
    expect(await page.getByTestId("message-user").getByTestId("label-annotator").inputValue()).toBe(
      "Ana Pop",
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("rates an answer with a comment, stored by the server and confirmed in the UI", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page);
    const answerId = await page.getByTestId("message-assistant").getAttribute("data-message-id");
    await page.getByTestId("feedback-down").click();
    await page.getByTestId("feedback-comment").fill("Lipsesc sursele oficiale.");
    await page.getByTestId("feedback-submit").click();
    await expect
      .poll(() => page.getByTestId("feedback-status").innerText())
      .toContain("comentariul au fost salvate");
    expect(await page.getByTestId("feedback-down").getAttribute("aria-pressed")).toBe("true");

    const storage = new SqliteStorage(path.join(suite.server.dir, "data", "echochamber.db"));
    try {
      const mine = (await storage.listFeedback()).filter((f) => f.messageId === answerId);
      expect(mine.at(-1)).toMatchObject({ value: "down", comment: "Lipsesc sursele oficiale." });
    } finally {
      await storage.close();
    }
    // The rating is still shown after a reload.
    await page.reload();
    await expect
      .poll(() => page.getByTestId("feedback-down").getAttribute("aria-pressed"), { timeout: 10_000 })
      .toBe("true");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("finds the thread after a reload, with its messages; renames, exports and deletes it", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page);
    await askAndWait(page, "Și despre diaspora?");
    const threadId = threadIdOf(page);
    expect(threadId).not.toBe("");
    const before = await page.getByTestId("message-assistant").last().getByTestId("answer-text").innerText();

    await page.reload();
    await expect.poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId("message-user").count()).toBe(2);
    expect(await page.getByTestId("message-assistant").last().getByTestId("answer-text").innerText()).toBe(
      before,
    );
    const item = page.locator(`[data-testid=thread-item][data-thread-id="${threadId}"]`);
    expect(await item.getAttribute("aria-current")).toBe("page");
    expect(await item.innerText()).toContain("Ce spun oamenii");

    // A new conversation, then back to this one from the list.
    await page.getByTestId("new-thread").click();
    await expect.poll(() => page.getByTestId("starter").count()).toBe(4);
    expect(threadIdOf(page)).toBe("");
    await item.locator(".thread-open").click();
    await expect.poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 }).toBe(2);
    expect(threadIdOf(page)).toBe(threadId);

    await item.getByTestId("thread-menu").click();
    const mdHref = await item.getByTestId("thread-export-md").getAttribute("href");
    // The page's language travels with the link (a download sends the browser's Accept-Language).
    expect(mdHref).toContain("lang=ro");
    const md = await fetch(`${suite.server.url}${mdHref}`);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(await md.text()).toContain("pensiile speciale");
    const jsonHref = await item.getByTestId("thread-export-json").getAttribute("href");
    expect(
      ((await (await fetch(`${suite.server.url}${jsonHref}`)).json()) as { thread: Thread }).thread.id,
    ).toBe(threadId);

    await item.getByTestId("thread-rename").click();
    await item.getByTestId("thread-rename-input").fill("Pensii speciale — seminar");
    await item.getByTestId("thread-rename-save").click();
    await expect.poll(() => item.innerText()).toContain("Pensii speciale — seminar");
    expect((await api<{ thread: Thread }>(`/api/threads/${threadId}`)).thread.title).toBe(
      "Pensii speciale — seminar",
    );
    await page.reload();
    await expect.poll(() => item.innerText(), { timeout: 10_000 }).toContain("Pensii speciale — seminar");

    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-delete").click();
    // Esc takes the question back (focus is on Cancel); the conversation stays.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")))
      .toBe("thread-delete-cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => item.getByTestId("thread-delete-confirm").count()).toBe(0);
    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-delete").click();
    await item.getByTestId("thread-delete-confirm").click();
    await expect.poll(() => item.count()).toBe(0);
    expect(await page.getByTestId("message-assistant").count()).toBe(0);
    expect(threadIdOf(page)).toBe("");
    expect((await fetch(`${suite.server.url}/api/threads/${threadId}`)).status).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  }, 40_000);

  it("deletes the open thread and, while the deletion is on its way, opens another: that one stays shown", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page, "Ce spun oamenii despre pensii?");
    const kept = threadIdOf(page);
    await page.getByTestId("new-thread").click();
    await askAndWait(page, "Ce se spune despre taxe?");
    const deleted = threadIdOf(page);
    expect(deleted).not.toBe(kept);
    // A slow network: the deletion takes a second and a half.
    await page.route(`**/api/threads/${deleted}`, async (route) => {
      if (route.request().method() === "DELETE") await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    });
    const item = page.locator(`[data-testid=thread-item][data-thread-id="${deleted}"]`);
    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-delete").click();
    await item.getByTestId("thread-delete-confirm").click();
    await page.locator(`[data-testid=thread-item][data-thread-id="${kept}"] .thread-open`).click();
    await expect.poll(() => page.getByTestId("message-assistant").count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId("message-assistant").count()).toBe(1);
    expect(threadIdOf(page)).toBe(kept);
    expect(errors).toEqual([]);
    await context.close();
  }, 40_000);

  it("regenerates the last answer as a new version, pages the versions, and an edit of the newest question is one more", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await askAndWait(page);
    const threadId = threadIdOf(page);
    const shownAnswer = () => page.getByTestId("message-assistant");
    const label = () => page.getByTestId("answer-version-label").innerText();
    const firstId = await shownAnswer().getAttribute("data-message-id");
    expect(await page.getByTestId("answer-version-label").count()).toBe(0);

    await page.getByTestId("regenerate").click();
    // The new version takes the old one's place: one question, one answer, and the switch.
    await expect.poll(label, { timeout: 10_000 }).toBe("2/2");
    await expect.poll(() => shownAnswer().getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    expect(await page.getByTestId("message-user").count()).toBe(1);
    expect(await shownAnswer().count()).toBe(1);
    const secondId = await shownAnswer().getAttribute("data-message-id");
    expect(secondId).not.toBe(firstId);

    // Paging back shows the first version (its own answer and sources), with regenerate (the last answer shown may be
    // regenerated, a version more of its turn); forward again.
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(label).toBe("1/2");
    expect(await shownAnswer().getAttribute("data-message-id")).toBe(firstId);
    expect(await shownAnswer().locator(".source-item").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("regenerate").count()).toBe(1);
    expect(await page.getByTestId("answer-version-prev").isDisabled()).toBe(true);
    expect(await page.getByTestId("answer-version-next").getAttribute("aria-label")).toBe(
      "Versiunea următoare a răspunsului",
    );
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("answer-version-next").click();
    await expect.poll(label).toBe("2/2");
    expect(await shownAnswer().getAttribute("data-message-id")).toBe(secondId);
    expect(await page.getByTestId("regenerate").count()).toBe(1);

    // A source opened in one version closes when the reader pages to another: it is no longer on the page.
    await shownAnswer().getByTestId("citation").first().click();
    await expect.poll(() => page.getByTestId("source-panel").count()).toBe(1);
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(label).toBe("1/2");
    await expect.poll(() => page.getByTestId("source-panel").count()).toBe(0);
    await page.getByTestId("answer-version-next").click();
    await expect.poll(label).toBe("2/2");

    // An edit of the newest question is a third version of the turn.
    await page.getByTestId("message-user").first().hover();
    await page.getByTestId("edit-message").first().click();
    await page.getByTestId("edit-input").fill("Ce spun oamenii despre taxe?");
    await page.getByTestId("edit-send").click();
    await expect.poll(label, { timeout: 10_000 }).toBe("3/3");
    await expect.poll(() => shownAnswer().getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    expect(await page.getByTestId("message-user").innerText()).toContain("despre taxe");
    const stored = await api<{ messages: StoredMessage[] }>(`/api/threads/${threadId}`);
    const questions = stored.messages.filter((m) => m.role === "user");
    expect(questions.map((m) => m.text)).toEqual([QUESTION, QUESTION, "Ce spun oamenii despre taxe?"]);
    expect(questions.map((m) => m.regenerates)).toEqual([undefined, firstId, secondId]);

    // A reload groups the thread the same way.
    await page.reload();
    await expect.poll(label, { timeout: 10_000 }).toBe("3/3");
    expect(await page.getByTestId("message-user").count()).toBe(1);
    await page.getByTestId("answer-version-prev").click();
    await expect.poll(label).toBe("2/3");
    expect(await page.getByTestId("message-user").innerText()).toContain(QUESTION);
    expect(threadIdOf(page)).toBe(threadId);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("filters the corpus by platform from the settings: every source of the answer is from it", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("settings").locator("summary").click();
    await page.locator("[data-testid=filter-platform][value=facebook]").check();
    await expect.poll(() => page.getByTestId("filter-count").innerText()).toContain("1");
    await page.keyboard.press("Escape");
    await askAndWait(page);
    const stored = await api<{ messages: StoredMessage[] }>(`/api/threads/${threadIdOf(page)}`);
    const platforms = stored.messages[1]?.sources?.map((s) => s.meta.platform) ?? [];
    expect(platforms.length).toBeGreaterThan(0);
    expect(new Set(platforms)).toEqual(new Set(["facebook"]));
    // The filter is remembered for the next visit.
    await page.reload();
    await expect.poll(() => page.getByTestId("filter-count").count(), { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("switches the interface to English and back, and the theme to dark", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    const input = page.getByTestId("chat-input");
    expect(await input.getAttribute("placeholder")).toContain("Scrieți");
    expect(await page.getAttribute("html", "lang")).toBe("ro");
    await page.getByTestId("lang-en").click();
    await expect.poll(() => input.getAttribute("placeholder")).toContain("Write a question");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getByTestId("new-thread").innerText()).toContain("New conversation");
    await askAndWait(page);
    // What the server writes reads in English too: the offline answer's framing (its quotes stay Romanian) and the
    // lexicon's justification of the question's annotation.
    const answer = page.getByTestId("message-assistant").last();
    expect(await answer.innerText()).toContain("Extractive answer (offline, without a language model)");
    expect(await answer.innerText()).not.toContain("Răspuns extractiv");
    const badge = page.locator('[data-testid="annotation-badge"][data-target="message"]').last();
    await badge.locator(".badge-summary").click();
    expect(await badge.locator(".badge-details").innerText()).toMatch(/(Positive|Negative|Neutral) tone: /);
    expect(await page.getByTestId("settings").innerText()).toContain("Settings");
    // Section titles are upper-cased by CSS.
    expect((await page.getByTestId("echo-chart").innerText()).toLowerCase()).toContain("echo chamber");
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.reload();
    await expect
      .poll(() => input.getAttribute("placeholder"), { timeout: 10_000 })
      .toContain("Write a question");
    await page.getByTestId("lang-ro").click();
    await expect.poll(() => input.getAttribute("placeholder")).toContain("Scrieți");
    // The theme switch too: dark, remembered over a reload.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByTestId("theme-toggle").click();
    expect(await page.getAttribute("html", "data-theme")).toBe("dark");
    expect(await background()).not.toBe(light);
    await page.reload();
    await expect.poll(() => page.getAttribute("html", "data-theme"), { timeout: 10_000 }).toBe("dark");
    await page.getByTestId("message-assistant").last().waitFor();
    // The dark theme's colours too (contrast).
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works on a phone: no sideways scroll, the thread list is a drawer, the source panel covers the chat", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url, {
      viewport: { width: 375, height: 812 },
    });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const list = page.getByTestId("thread-list");
    expect(await list.isVisible()).toBe(false);
    await askAndWait(page);
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.getByTestId("sidebar-toggle").click();
    await expect.poll(() => list.isVisible()).toBe(true);
    // The drawer slides in and then sits within the screen.
    await expect
      .poll(async () => {
        const box = await page.locator(".sidebar").boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 375;
      })
      .toBe(true);
    expect(await page.getByTestId("thread-item").count()).toBeGreaterThan(0);
    await page.keyboard.press("Escape");
    await expect.poll(() => list.isVisible()).toBe(false);

    await page.getByTestId("citation").first().click();
    const panel = await page.getByTestId("source-panel").boundingBox();
    expect(panel?.width).toBeGreaterThan(300);
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe.skipIf(!hasChromium)("browser: threads outlive the server", () => {
  it("a thread is back after the server restarts, in the list and with its messages", async () => {
    const dir = tempCorpus();
    const first = await startTestServer({}, dir, { clientDir: CLIENT_DIR });
    const browser = await launchBrowser();
    let second: TestServer | undefined;
    try {
      const { page, context } = await openPage(browser, first.url);
      await page.getByTestId("chat-input").fill(QUESTION);
      await page.getByTestId("chat-input").press("Enter");
      await expect
        .poll(() => page.getByTestId("message-assistant").getAttribute("data-status"), { timeout: 15_000 })
        .toBe("done");
      const threadId = new URL(page.url()).searchParams.get("thread");
      const text = await page.getByTestId("answer-text").innerText();
      await context.close();
      // The first server stops (its files stay: the second opens the same SQLite file and index).
      await first.app.close();

      second = await startTestServer({}, dir, { clientDir: CLIENT_DIR });
      const again = await openPage(browser, `${second.url}/?thread=${threadId}`);
      await expect
        .poll(() => again.page.getByTestId("message-assistant").count(), { timeout: 10_000 })
        .toBe(1);
      expect(await again.page.getByTestId("answer-text").innerText()).toBe(text);
      expect(
        await again.page.locator(`[data-testid=thread-item][data-thread-id="${threadId}"]`).count(),
      ).toBe(1);
      expect(again.errors).toEqual([]);
    } finally {
      await browser.close();
      // Removes the shared directory; the first server's SQLite handle goes with the test process.
      await second?.close();
    }
  }, 60_000);
});
