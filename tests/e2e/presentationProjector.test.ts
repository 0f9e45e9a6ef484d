// Presentation mode on a projector of 1280 × 720 CSS pixels (1920 × 1080 at 150% zoom): the answer gets most of the
// screen at the default size (150%) and the largest (200%), the composer's placeholder is not cut, and "jump to
// latest" covers no line of the conversation, also with a source panel open.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const VIEWPORT = { width: 1280, height: 720 };

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The conversation's visible height, and whether the placeholder fits its box. */
async function measure(
  page: Page,
): Promise<{ messages: number; placeholderCut: boolean; inputCut: boolean }> {
  return page.evaluate(() => {
    const box = document.querySelector(".message-scroll") as HTMLElement;
    const input = document.querySelector("[data-testid=chat-input]") as HTMLTextAreaElement;
    return {
      messages: box.getBoundingClientRect().height,
      placeholderCut: input.scrollWidth > input.clientWidth + 1,
      inputCut: input.scrollHeight > input.clientHeight + 1,
    };
  });
}

/** The boxes of the visible lines of text in the conversation (each line's own rectangle, clipped to the view). */
async function visibleLines(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const scroll = document.querySelector(".message-scroll") as HTMLElement;
    const view = scroll.getBoundingClientRect();
    const lines: Box[] = [];
    const walker = document.createTreeWalker(scroll, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) {
        if (r.width < 1 || r.bottom <= view.top || r.top >= view.bottom) continue;
        // A line half out of sight counts by its visible part: the box clips the rest.
        lines.push({
          top: Math.max(r.top, view.top),
          bottom: Math.min(r.bottom, view.bottom),
          left: r.left,
          right: r.right,
        });
      }
    }
    return lines;
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

async function jumpButtonCovers(page: Page): Promise<Box[]> {
  const box = await page.getByTestId("jump-latest").evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
  return (await visibleLines(page)).filter((line) => overlaps(line, box));
}

async function ask(page: Page, text: string, answers: number): Promise<void> {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
  await page
    .locator("[data-testid=message-assistant][data-status=done]")
    .nth(answers - 1)
    .waitFor({ timeout: 30_000 });
}

describe.skipIf(!hasChromium)("browser: presentation mode on a 1280 × 720 projector", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url, { viewport: VIEWPORT }));
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("present-toggle").click();
    await ask(page, "Ce spun oamenii despre pensiile speciale?", 1);
    await ask(page, "Și despre salariul minim?", 2);
  }, 120_000);

  it("gives the conversation most of the screen at 150% and at 200%, the input's placeholder whole", async () => {
    for (const scale of ["150%", "200%"]) {
      while ((await page.getByTestId("present-scale").innerText()) !== scale) {
        await page.getByTestId("present-larger").click();
      }
      await page.getByTestId("chat-input").fill("");
      const at = await measure(page);
      // At 200% the tester measured 262 of 720 px (two lines of an answer), at 150% 375.
      expect(at.messages, `conversation at ${scale}`).toBeGreaterThanOrEqual(0.55 * VIEWPORT.height);
      expect(at.placeholderCut, `placeholder at ${scale}`).toBe(false);
      expect(at.inputCut, `placeholder's lines at ${scale}`).toBe(false);
      // The settings stay within reach, at the presenter's size.
      expect(await page.getByTestId("settings").isVisible()).toBe(true);
    }
  });

  it("puts 'jump to latest' over no line of the conversation, also beside an open source panel", async () => {
    for (const scale of ["200%", "150%"]) {
      while ((await page.getByTestId("present-scale").innerText()) !== scale) {
        await page.getByTestId("present-smaller").click();
      }
      for (const panel of [false, true]) {
        if (panel) {
          await page.getByTestId("citation").last().click();
          await page.getByTestId("source-panel").waitFor();
        }
        // A few lines up from the end: the newest lines are out of sight, the button shows.
        await page.locator(".message-scroll").evaluate((el) => el.scrollBy(0, -200));
        await page.getByTestId("jump-latest").waitFor();
        if (process.env.SCREENSHOT)
          await page.screenshot({ path: `/tmp/projector-${parseInt(scale)}-${panel}.png` });
        expect(await jumpButtonCovers(page), `at ${scale}, panel ${panel}`).toEqual([]);
        const at = await measure(page);
        expect(at.inputCut, `placeholder's lines at ${scale}, panel ${panel}`).toBe(false);
        expect(at.messages, `conversation at ${scale}, panel ${panel}`).toBeGreaterThanOrEqual(
          0.55 * VIEWPORT.height,
        );
        await page.getByTestId("jump-latest").click();
        await expect.poll(() => page.getByTestId("jump-latest").count()).toBe(0);
      }
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByTestId("source-panel").count()).toBe(0);
    }
  });

  it("threw nothing in the page", () => {
    expect(errors).toEqual([]);
  });
});
