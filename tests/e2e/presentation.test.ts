// Presentation mode on a 1280 × 800 projector: everything larger at each offered size, the thread list folded away
// and brought back, an answer with its source panel that fits the width, kept through a reload of that tab only.
// With an access code, the presenter's join card ("Cum intrați"): the address, the code and the QR code full screen,
// accessible in both themes, closed by Esc; a guest of the code has no such button.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addAccounts } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { legibility } from "../support/legibility";

/** The text size the page's body is drawn at, in CSS pixels. */
async function bodyFontSize(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
}

/** Whether the message box is shorter than its own content (a line cut in half). */
async function inputClipped(page: Page): Promise<boolean> {
  return page.getByTestId("chat-input").evaluate((el) => el.scrollHeight > el.clientHeight + 1);
}

/** How far the page is wider than the window (0 when nothing needs a sideways scroll). */
async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe.skipIf(!hasChromium)("browser: presentation mode", () => {
  const suite = browserSuite();
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, context, errors } = await openPage(suite.browser, suite.server.url));
    await page.getByTestId("chat-input").waitFor();
  }, 120_000);

  it("makes the text larger and folds the thread list away, then gives both back", async () => {
    const app = page.locator(".app");
    expect(await app.getAttribute("data-sidebar")).toBe("open");
    expect(await bodyFontSize(page)).toBe(18);

    await page.getByTestId("present-toggle").click();
    await expect.poll(() => bodyFontSize(page)).toBe(27);
    expect(await page.getByTestId("present-toggle").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("present-scale").innerText()).toBe("150%");
    expect(await app.getAttribute("data-sidebar")).toBe("closed");
    expect(await page.locator(".tagline").isVisible()).toBe(false);
    // The empty input grows with the text size: its line is not clipped (it kept the height measured at 100%).
    await expect.poll(() => inputClipped(page)).toBe(false);

    await page.getByTestId("present-larger").click();
    await expect.poll(() => inputClipped(page)).toBe(false);
    await expect.poll(() => bodyFontSize(page)).toBe(31.5);
    await page.getByTestId("present-smaller").click();
    await page.getByTestId("present-smaller").click();
    await expect.poll(() => bodyFontSize(page)).toBe(22.5);
    expect(await page.getByTestId("present-smaller").isDisabled()).toBe(true);

    await page.getByTestId("present-toggle").click();
    await expect.poll(() => bodyFontSize(page)).toBe(18);
    expect(await app.getAttribute("data-sidebar")).toBe("open");
    expect(await page.getByTestId("present-larger").count()).toBe(0);
  });

  it("shows an answer and its source panel at every size without a sideways scroll", async () => {
    await page.getByTestId("present-toggle").click();
    const input = page.getByTestId("chat-input");
    await input.fill("Ce spun oamenii despre pensiile speciale?");
    await input.press("Enter");
    await expect.poll(() => page.getByTestId("citation").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId("echo-chart").waitFor({ timeout: 15_000 });
    // The sources' platform and date and the echo chamber chart's labels are read from the back of the room: at
    // least three quarters of the text's size, and dark enough (7:1) for a projector that washes contrast out.
    const small = await legibility(page, ".source-meta, .echo-label, .echo-value, .echo .count");
    expect(small.count).toBeGreaterThan(5);
    expect(small.minSizeRatio).toBeGreaterThanOrEqual(0.75);
    expect(small.minContrast).toBeGreaterThanOrEqual(7);
    await page.getByTestId("citation").first().click();
    await expect.poll(() => page.getByTestId("source-panel").isVisible()).toBe(true);
    for (let size = 0; size < 4; size++) {
      if (size > 0) await page.getByTestId("present-larger").click();
      expect(
        await overflowX(page),
        `at ${await page.getByTestId("present-scale").innerText()}`,
      ).toBeLessThanOrEqual(0);
      expect(await input.isVisible()).toBe(true);
    }
    expect(await page.getByTestId("present-larger").isDisabled()).toBe(true);
    expect(await page.getByTestId("present-scale").innerText()).toBe("200%");
    // The large page as a screen reader meets it: the switch and the size buttons are named.
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it("stays on through a reload of its tab, and another tab opens at the normal size", async () => {
    await page.reload();
    await page.getByTestId("chat-input").waitFor();
    expect(await bodyFontSize(page)).toBe(36);
    expect(await page.locator(".app").getAttribute("data-sidebar")).toBe("closed");
    const other = await context.newPage();
    await other.goto(suite.server.url);
    await other.getByTestId("chat-input").waitFor();
    expect(await bodyFontSize(other)).toBe(18);
    expect(await other.getByTestId("present-toggle").getAttribute("aria-pressed")).toBe("false");
    await other.close();
  });

  it("threw nothing in the page", () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)("browser: the presenter's join card", () => {
  const CODE = "pensii-2026";
  const suite = browserSuite({ env: { AUTH: "code", AUTH_CODE: CODE } });

  beforeAll(async () => {
    await addAccounts(suite.server.dir, [{ username: "prof", role: "admin", password: "parola-prof-1" }]);
  }, 120_000);

  it("shows the presenter the address, the code and a QR code, passes axe in both themes, and closes with Esc", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("login-username").fill("prof");
    await page.getByTestId("login-password").fill("parola-prof-1");
    await page.getByTestId("login-account-submit").click();
    await page.getByTestId("chat-input").waitFor();
    // Only in presentation mode.
    expect(await page.getByTestId("present-join").count()).toBe(0);
    await page.getByTestId("present-toggle").click();

    const themes: string[] = [];
    for (const pass of [1, 2]) {
      if (pass === 2) await page.getByTestId("theme-toggle").click();
      const theme = await page.evaluate(
        () =>
          document.documentElement.dataset.theme ??
          (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"),
      );
      themes.push(theme);
      await page.getByTestId("present-join").click();
      const card = page.getByTestId("present-join-card");
      await card.waitFor();
      await page.getByTestId("present-join-url").waitFor();
      expect(await page.getByTestId("present-join-url").innerText()).toBe(suite.server.url);
      expect(await page.getByTestId("present-join-code").innerText()).toBe(CODE);
      expect(await page.getByTestId("present-join-qr").evaluate((el) => el.tagName.toLowerCase())).toBe(
        "svg",
      );
      // Full screen: the card covers the window, and the QR code is large enough to scan from a row back.
      const box = (await card.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(1280 - 1);
      expect((await page.getByTestId("present-join-qr").boundingBox())!.width).toBeGreaterThanOrEqual(200);
      expect.soft(await accessibilityViolations(page), theme).toEqual([]);
      if (pass === 1) {
        await page.getByTestId("present-join-close").click();
      } else {
        await page.keyboard.press("Escape");
      }
      await expect.poll(() => card.count()).toBe(0);
    }
    expect(themes.sort()).toEqual(["dark", "light"]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("offers a guest of the code no join card", async () => {
    const { page, context } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("login-code").fill(CODE);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("present-toggle").click();
    await page.getByTestId("present-larger").waitFor();
    expect(await page.getByTestId("present-join").count()).toBe(0);
    expect(await page.content()).not.toContain(CODE);
    await context.close();
  }, 60_000);
});
