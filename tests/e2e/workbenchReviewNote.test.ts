// The review's note in a real browser: keys typed in it are text (no label picked, no row saved, Enter a new line),
// Ctrl+Enter saves the label with the note, Esc gives the keys back to the labels, and the row comes back with its note.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse } from "../../contract/workbench";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import {
  chosenLabels,
  createDatasetInPage,
  numberedCsv,
  openLabelling,
  readyUnsavedCard,
} from "../support/labelling";

describe.skipIf(!hasChromium)("browser: the note in the review", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "is typed without the label keys, saved with Ctrl+Enter and read back on the row",
    { timeout: 60_000 },
    async () => {
      const datasetId = await createDatasetInPage(
        page,
        "note.csv",
        numberedCsv(4, "n", "Pensiile cresc iar"),
      );
      await openLabelling(page, "Ion");

      const { card, idx } = await readyUnsavedCard(page);
      // ton: negativ with its key; the focus moves on to populism.
      await page.keyboard.press("2");
      const chosen = () => chosenLabels(page);
      expect(await chosen()).toEqual(["ton:negativ"]);

      const note = page.getByTestId("review-note");
      await note.click();
      await page.keyboard.type("1 2 m");
      await page.keyboard.press("Enter");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.type("ironie");
      expect(await note.inputValue()).toBe("1 2 m\nironie");
      // Typed keys picked nothing, moved nowhere, and Enter saved nothing.
      expect(await chosen()).toEqual(["ton:negativ"]);
      expect(await card.getAttribute("data-idx")).toBe(idx);
      expect(await page.getByTestId("review-item").getAttribute("data-saved")).toBe("false");
      expect(await page.getByTestId("review-note-count").innerText()).toContain("12 din 2.000 de caractere");

      await page.keyboard.press("Control+Enter");
      await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      const labels = (await (
        await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
      ).json()) as LabelsResponse;
      expect(labels.labels.map((l) => [l.idx, l.labels, l.note])).toEqual([
        [Number(idx), { ton: "negativ" }, "1 2 m\nironie"],
      ]);

      // Esc gives the keys back: Enter on the saved row goes on, ← comes back, the note is there again.
      await page.keyboard.press("Escape");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.getByTestId("review-item").getAttribute("data-idx")).not.toBe(idx);
      expect(await page.getByTestId("review-note").inputValue()).toBe("");
      await page.keyboard.press("ArrowLeft");
      await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      await expect.poll(() => page.getByTestId("review-note").inputValue()).toBe("1 2 m\nironie");
      expect(errors).toEqual([]);
    },
  );
});
