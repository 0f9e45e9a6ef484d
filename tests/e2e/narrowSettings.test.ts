// The chat's settings ("Setări") on a phone: the popover with the model, the platform chips, the sources and the
// date range fits the screen at 390 and 320 pixels, nothing in it wider than the screen or cut off on the right.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

/** Every element of the open settings that reaches past the screen's edges or past the popover's own box. */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const body = document.querySelector(".settings-body");
    if (!body) return ["no settings"];
    const edge = body.getBoundingClientRect();
    const out: string[] = [];
    if (body.scrollWidth > body.clientWidth + 1) out.push(`popover scrolls sideways ${body.scrollWidth}`);
    if (edge.left < 0 || edge.right > window.innerWidth + 0.5) out.push(`popover ${edge.left}–${edge.right}`);
    for (const el of body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > edge.right + 0.5 || r.left < edge.left - 0.5)
        out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return out;
  });
}

describe.skipIf(!hasChromium)("browser: the chat's settings on a phone", () => {
  const suite = browserSuite();

  for (const width of [390, 320]) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`at ${width} px (${colorScheme}), the settings with their filters fit the screen`, async () => {
        const { page, context, errors } = await openPage(suite.browser, suite.server.url, {
          viewport: { width, height: 844 },
          colorScheme,
        });
        await page.getByTestId("chat-input").waitFor();
        await page.getByTestId("settings").locator("summary").click();
        await expect
          .poll(() => page.getByTestId("filter-platform").count(), { timeout: 10_000 })
          .toBeGreaterThan(2);
        // A date range chosen (inverted, as a hurried reader does), which adds its note and the clear button.
        await page.getByTestId("filter-date-from").fill("2026-01-01");
        await page.getByTestId("filter-date-to").fill("2024-01-01");
        await page.getByTestId("filter-platform").first().check();
        expect(await cutOff(page)).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await context.close();
      }, 60_000);
    }
  }
});
