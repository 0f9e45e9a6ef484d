// Browser test of the settings panel's period: a backwards range is refused beside its fields (RO, then EN), not
// applied — the filter chip keeps its count and the answer is made with the filters applied before — and each
// answer's details say the settings it used.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

describe.skipIf(!hasChromium)("browser: a backwards date range in the settings", () => {
  const suite = browserSuite();

  const openSettings = (page: Page) => page.getByTestId("settings").locator("summary").click();

  it("is refused beside the fields and not applied; the answer says the filters it used", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await openSettings(page);
    await page.getByTestId("filter-date-from").fill("2024-01-01");
    await expect.poll(() => page.getByTestId("filter-count").innerText()).toContain("1");
    await page.getByTestId("filter-date-to").fill("2023-01-01");
    const error = page.getByTestId("filter-date-error");
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.innerText()).toBe(
      "Data „până la” (2023-01-01) este înaintea datei „de la” (2024-01-01). Perioada nu se aplică până nu o corectați.",
    );
    expect(await page.getByTestId("filter-date-to").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("filter-count").innerText()).toContain("1");

    await page.keyboard.press("Escape");
    await page.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await page.getByTestId("chat-input").press("Enter");
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
    const stored = (await (await fetch(`${suite.server.url}/api/threads/${threadId}`)).json()) as {
      messages: StoredMessage[];
    };
    expect(stored.messages[1]?.done?.settings?.filters).toEqual({ dateFrom: "2024-01-01" });
    expect(await answer.getByTestId("answer-settings").innerText()).toContain("filtre: date: 2024-01-01 – …");

    // Corrected, the range applies; reversed again on the English page, it is refused in English.
    await openSettings(page);
    await page.getByTestId("filter-date-to").fill("2025-12-31");
    await expect.poll(() => page.getByTestId("filter-count").innerText()).toContain("2");
    expect(await page.getByTestId("filter-date-error").count()).toBe(0);
    await page.keyboard.press("Escape");
    await page.getByTestId("lang-en").click();
    await openSettings(page);
    await page.getByTestId("filter-date-from").fill("2026-01-01");
    await expect.poll(() => page.getByTestId("filter-date-error").isVisible()).toBe(true);
    expect(await page.getByTestId("filter-date-error").innerText()).toBe(
      "The “to” date (2025-12-31) is before the “from” date (2026-01-01). The period is not applied until you correct it.",
    );
    expect(await page.getByTestId("filter-count").innerText()).toContain("2");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
