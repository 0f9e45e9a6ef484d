// "Sar peste" / "Nu sunt sigur(ă)" in a real browser: S on a row saves it skipped (no labels) and the next row comes;
// "Nu sunt sigur(ă)" pressed with a label saves it unsure; both statuses are stored, and ← back on the skipped row says
// it was skipped.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse } from "../../contract/workbench";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { createDatasetInPage, numberedCsv, openLabelling, readyUnsavedCard } from "../support/labelling";

describe.skipIf(!hasChromium)("browser: skipping a row and marking one unsure", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it("skips with S, saves an unsure label, and stores both statuses", { timeout: 60_000 }, async () => {
    const datasetId = await createDatasetInPage(page, "sar.csv", numberedCsv(4, "s", "Bravo guvernul"));
    await openLabelling(page, "Ion");

    const { idx: first } = await readyUnsavedCard(page);
    await expect.poll(() => page.getByTestId("review-skip").isEnabled()).toBe(true);
    await page.keyboard.press("s");
    // The next row comes.
    await expect.poll(() => page.getByTestId("review-item").getAttribute("data-idx")).not.toBe(first);
    const second = (await page.getByTestId("review-item").getAttribute("data-idx")) ?? "";
    await expect.poll(() => page.getByTestId("review-unsure").isEnabled()).toBe(true);
    await page.keyboard.press("2");
    // Enter on "Nu sunt sigur(ă)" presses it: the card's own Enter (save, or ask about the empty fields) does not take it.
    await page.getByTestId("review-unsure").focus();
    await page.keyboard.press("Enter");
    expect(await page.getByTestId("review-unsure").getAttribute("aria-pressed")).toBe("true");
    // Only ton chosen: the first click names the fields left empty, the second saves as it is.
    await page.getByTestId("review-save").click();
    await page.getByTestId("review-incomplete").waitFor();
    await page.getByTestId("review-save").click();
    await page.locator(`[data-testid="review-item"][data-idx="${second}"][data-saved="true"]`).waitFor();

    const labels = (await (
      await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
    ).json()) as LabelsResponse;
    expect(labels.labels.map((l) => [l.idx, l.status, l.labels]).sort()).toEqual(
      [
        [Number(first), "skipped", {}],
        [Number(second), "unsure", { ton: "negativ" }],
      ].sort(),
    );

    // Back on the skipped row, the card says so and offers no second skip.
    await page.keyboard.press("ArrowLeft");
    await page.locator(`[data-testid="review-item"][data-idx="${first}"]`).waitFor();
    await page.getByTestId("review-skipped").waitFor();
    expect(await page.getByTestId("review-skip").isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
