// Browser test of copying an answer: "Copiază cu surse" puts the answer and its numbered sources on the clipboard,
// "Copiază" the answer alone, from the keyboard too; on a page without the clipboard API (plain http in a room)
// both buttons are there and copy through the fallback, and a refused copy says so.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const QUESTION = "Ce spun oamenii despre pensiile speciale?";

describe.skipIf(!hasChromium)("browser: copying an answer with its sources", () => {
  const suite = browserSuite();

  async function askAndWait(page: Page): Promise<StoredMessage> {
    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 30_000,
      })
      .toBe("done");
    const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
    const res = await fetch(`${suite.server.url}/api/threads/${threadId}`);
    const { messages } = (await res.json()) as { messages: StoredMessage[] };
    const answer = messages.find((m) => m.role === "assistant");
    expect(answer?.sources?.length).toBeGreaterThan(0);
    return answer!;
  }

  it("copies the answer with 'Surse:' and its cited sources, and the answer alone, by keyboard", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.server.url });
    const stored = await askAndWait(page);
    const answer = page.getByTestId("message-assistant").last();

    const withSources = answer.getByRole("button", { name: "Copiază cu surse" });
    await withSources.focus();
    await page.keyboard.press("Enter");
    // ("✓ Copiat" shows on the button for a moment: not asserted, a loaded machine may miss it.)
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain("Surse:");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.startsWith(stored.text.trim())).toBe(true);
    expect(copied).toContain("\n\nSurse:\n");
    expect(copied).toMatch(/^\[1\] \S/m);
    // Every listed number is one the answer cites (or, citing none, one of its sources).
    const listed = [...copied.matchAll(/^\[(\d+)\] /gm)].map((m) => Number(m[1]));
    expect(Math.max(...listed)).toBeLessThanOrEqual(stored.sources!.length);
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    await answer.getByTestId("copy-answer").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(stored.text);
    expect(await answer.getByTestId("copy-failed").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("copies through the fallback on a page without the clipboard API, and says when copying failed", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.server.url });
    // What a plain-http page on a LAN is: not a secure context, no navigator.clipboard.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
      Object.defineProperty(window, "isSecureContext", { get: () => false, configurable: true });
    });
    await page.reload();
    expect(await page.evaluate(() => "clipboard" in navigator && navigator.clipboard !== undefined)).toBe(
      false,
    );
    await askAndWait(page);
    const answer = page.getByTestId("message-assistant").last();
    expect(await answer.getByTestId("copy-answer").count()).toBe(1);

    // Another tab, with the clipboard API, empties the browser's clipboard and then reads what the copy command wrote.
    const reader = await context.newPage();
    await reader.goto(suite.server.url);
    await reader.evaluate(() => navigator.clipboard.writeText("gol"));
    await answer.getByTestId("copy-with-sources").click();
    await expect.poll(() => reader.evaluate(() => navigator.clipboard.readText())).not.toBe("gol");
    const copied = await reader.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("\n\nSurse:\n");
    expect(copied).toMatch(/^\[1\] \S/m);
    await reader.close();

    // A browser that refuses the copy command too: the page says so, in Romanian.
    await page.evaluate(() => {
      document.execCommand = () => false;
    });
    await answer.getByTestId("copy-with-sources").click();
    await expect
      .poll(() => answer.getByTestId("copy-failed").innerText())
      .toBe("Nu s-a putut copia. Selectați textul răspunsului și apăsați Ctrl+C.");
    expect(errors).toEqual([]);
    await context.close();
  });
});
