// The top bar on a phone with AUTH=users, in Chromium's mobile emulation (touch, no sideways scroll): the account and
// the settings (language, theme, the accounts page, logout) sit behind one menu button, nothing is wider than the
// screen at 390 and 320 pixels, every control is tapped where it is, and the logo never covers the account's name.
// On a wide screen the same controls stay in the bar itself.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addAccounts } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { focusedTestId, hasChromium } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const PASSWORD = "parola-de-test-1";
const ACCOUNTS = [
  { username: "prof", role: "admin" as const },
  { username: "ana", role: "member" as const },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box, String(locator)).not.toBeNull();
  return box!;
}

/** The control is on the screen and is what a tap at its centre reaches (nothing covers it). */
async function expectTappable(page: Page, locator: Locator, width: number): Promise<void> {
  const box = await boxOf(locator);
  expect(box.x, String(locator)).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, String(locator)).toBeLessThanOrEqual(width);
  const onTop = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect(onTop, String(locator)).toBe(true);
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!hasChromium)("browser: the top bar on a phone", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });

  beforeAll(async () => {
    await addAccounts(
      suite.server.dir,
      ACCOUNTS.map((account) => ({ ...account, password: PASSWORD })),
    );
  }, 120_000);

  async function signedIn(
    username: string,
    viewport: { width: number; height: number },
    phone: boolean,
  ): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await suite.browser.newContext({
      viewport,
      locale: "ro-RO",
      colorScheme: "light",
      ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
    });
    await page.goto(suite.server.url);
    await page.getByTestId("login-username").fill(username);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("chat-input").waitFor();
    return { page, context, errors };
  }

  for (const width of [390, 320]) {
    for (const { username, role } of ACCOUNTS) {
      it(`at ${width} px, as ${role}: nothing overflows, the menu holds every control and each one works`, async () => {
        const { page, context, errors } = await signedIn(username, { width, height: 844 }, true);
        try {
          expect(await overflow(page)).toBeLessThanOrEqual(0);
          // Closed, the menu's controls are neither seen nor reached with Tab.
          const lang = page.getByTestId("lang-en");
          expect(await lang.isVisible()).toBe(false);
          const menu = page.getByTestId("header-menu");
          await expectTappable(page, menu, width);
          expect(await menu.getAttribute("aria-expanded")).toBe("false");
          await menu.tap();
          expect(await menu.getAttribute("aria-expanded")).toBe("true");
          expect(await overflow(page)).toBeLessThanOrEqual(0);

          const controls = ["account-name", "logout", "lang-ro", "lang-en", "theme-toggle"];
          if (role === "admin") controls.push("nav-accounts");
          for (const id of controls) await expectTappable(page, page.getByTestId(id), width);
          // The logo and the account's name never share pixels (the name used to slide under the logo).
          const logo = await boxOf(page.locator(".topbar .logo"));
          expect(overlaps(logo, await boxOf(page.getByTestId("account-name")))).toBe(false);
          expect(await page.getByTestId("account-name").innerText()).toBe(username);
          expect.soft(await accessibilityViolations(page)).toEqual([]);

          await lang.tap();
          await expect
            .poll(() => page.getByTestId("chat-input").getAttribute("placeholder"))
            .toContain("Write a question");
          expect(await page.getByTestId("lang-en").getAttribute("aria-pressed")).toBe("true");
          await page.getByTestId("theme-toggle").tap();
          expect(await page.getAttribute("html", "data-theme")).toBe("dark");
          expect(await overflow(page)).toBeLessThanOrEqual(0);
          expect.soft(await accessibilityViolations(page)).toEqual([]);

          // Esc closes the menu and gives the focus back to its button.
          await page.getByTestId("theme-toggle").focus();
          await page.keyboard.press("Escape");
          await expect.poll(() => lang.isVisible()).toBe(false);
          expect(await menu.getAttribute("aria-expanded")).toBe("false");
          expect(await focusedTestId(page)).toBe("header-menu");
          // A tap elsewhere closes it too.
          await menu.tap();
          await lang.waitFor();
          await page.getByTestId("chat-input").tap();
          await expect.poll(() => lang.isVisible()).toBe(false);
          if (role === "admin") {
            // The accounts page, opened from the menu, leaves the menu closed behind it.
            await menu.tap();
            await page.getByTestId("nav-accounts").tap();
            await page.getByTestId("accounts-table").waitFor();
            expect(await menu.getAttribute("aria-expanded")).toBe("false");
            expect(await lang.isVisible()).toBe(false);
            expect(await overflow(page)).toBeLessThanOrEqual(0);
          }
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  it("in a plain 390 px window the page does not shift sideways when the last control is clicked", async () => {
    const { page, context } = await signedIn("prof", { width: 390, height: 844 }, false);
    try {
      await page.getByTestId("header-menu").click();
      await page.getByTestId("theme-toggle").click();
      expect(await page.getAttribute("html", "data-theme")).toBe("dark");
      expect(await page.evaluate(() => window.scrollX)).toBe(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  it("with the keyboard: Enter opens the menu, Tab walks into it, and Tab past its last control closes it", async () => {
    const { page, context } = await signedIn("ana", { width: 390, height: 844 }, false);
    try {
      const menu = page.getByTestId("header-menu");
      await menu.focus();
      await page.keyboard.press("Enter");
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      await page.keyboard.press("Tab");
      expect(await focusedTestId(page)).toBe("logout");
      for (const id of ["lang-ro", "lang-en", "theme-toggle"]) {
        await page.keyboard.press("Tab");
        expect(await focusedTestId(page)).toBe(id);
      }
      await page.keyboard.press("Tab");
      await expect.poll(() => page.getByTestId("lang-en").isVisible()).toBe(false);
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
    } finally {
      await context.close();
    }
  });

  for (const width of [1280, 901]) {
    it(`at ${width} px the controls stay in the bar, with no menu button, and nothing overflows`, async () => {
      const { page, context } = await signedIn("prof", { width, height: 800 }, false);
      try {
        expect(await page.getByTestId("header-menu").isVisible()).toBe(false);
        for (const id of ["account-name", "nav-accounts", "logout", "lang-en", "theme-toggle"]) {
          await expectTappable(page, page.getByTestId(id), width);
        }
        const logo = await boxOf(page.locator(".topbar .logo"));
        expect(overlaps(logo, await boxOf(page.getByTestId("account-name")))).toBe(false);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await page.getByTestId("lang-en").click();
        await expect
          .poll(() => page.getByTestId("chat-input").getAttribute("placeholder"))
          .toContain("Write a question");
      } finally {
        await context.close();
      }
    });
  }
});
