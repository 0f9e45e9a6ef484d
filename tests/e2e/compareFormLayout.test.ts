// The compare form's row of options at 1280 × 720: the checks ("Suita mea", the rubric) are labelled at the fields'
// labels' size, centred on their line as the inputs are, and "Rulează comparația" at the inputs' height on the
// rubric check's line, apart from it.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  fontSize: number;
}

async function boxOf(page: Page, selector: string): Promise<Box> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      const fontSize = parseFloat(getComputedStyle(el).fontSize);
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, fontSize };
    });
}

const middle = (b: Box) => (b.top + b.bottom) / 2;

describe.skipIf(!hasChromium)("browser: the compare form's options at 1280 × 720", () => {
  const suite = browserSuite();
  let page: Page;

  beforeAll(async () => {
    ({ page } = await openPage(suite.browser, `${suite.server.url}/?page=compare`, {
      viewport: { width: 1280, height: 720 },
    }));
    await page.getByTestId("compare-page").waitFor();
    await page.locator('[data-testid="compare-suite"] option').first().waitFor({ state: "attached" });
  }, 120_000);

  it("labels the checks at the fields' labels' size", async () => {
    const label = await boxOf(page, ".compare-options .field > span");
    const own = await boxOf(page, '.compare-options .check:has([data-testid="suite-own"])');
    const rubric = await boxOf(page, '.compare-options .check:has([data-testid="compare-rubric-all"])');
    expect(own.fontSize).toBe(label.fontSize);
    expect(rubric.fontSize).toBe(label.fontSize);
  });

  it("puts the checks and the run button on their line at the inputs' height, the button apart from the rubric's check", async () => {
    if (process.env.SCREENSHOT) await page.screenshot({ path: "/tmp/compare-form.png" });
    const runs = await boxOf(page, '[data-testid="compare-runs"]');
    const run = await boxOf(page, '[data-testid="compare-run"]');
    const rubric = await boxOf(page, '.compare-options .check:has([data-testid="compare-rubric-all"])');
    const own = await boxOf(page, '.compare-options .check:has([data-testid="suite-own"])');
    // The checks stand on the inputs' line (to a pixel), so their texts share a baseline with the inputs'; the row
    // wraps at this width, and the button then shares the rubric check's line, at its height.
    expect(Math.abs(middle(own) - middle(runs))).toBeLessThanOrEqual(1);
    expect(Math.abs(middle(run) - middle(rubric))).toBeLessThanOrEqual(1);
    expect(run.bottom - run.top).toBeCloseTo(runs.bottom - runs.top, 0);
    // Not crammed against the check: at least a field's gap between them.
    expect(run.left - rubric.right).toBeGreaterThanOrEqual(12);
  });
});
