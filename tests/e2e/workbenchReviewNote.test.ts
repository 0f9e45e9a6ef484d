// The review's note in a real browser: keys typed in it are text (no label picked, no row saved, Enter a new line),
// Ctrl+Enter saves the label with the note (with fields left empty, once the card named them and Ctrl+Enter came
// again), Esc gives the keys back to the labels, and the row comes back with its note. Enter with no label says why.
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
    "is typed without the label keys, saved with Ctrl+Enter (asked again with fields empty) and read back on the row",
    { timeout: 60_000 },
    async () => {
      const datasetId = await createDatasetInPage(
        page,
        "note.csv",
        numberedCsv(4, "n", "Pensiile cresc iar"),
      );
      await openLabelling(page, "Ion");

      const { card, idx } = await readyUnsavedCard(page);
      const saved = page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`);
      const live = page.getByTestId("review-save-live");
      // Enter with no label chosen saves nothing, and says so.
      await page.keyboard.press("Enter");
      await page.getByTestId("review-nothing-chosen").waitFor();
      expect(await live.innerText()).toContain("Nu s-a salvat nimic: nu ați ales nicio etichetă.");
      // ton: negativ with its key; the focus moves on to populism, and the pick answers what the card said.
      await page.keyboard.press("2");
      const chosen = () => chosenLabels(page);
      expect(await chosen()).toEqual(["ton:negativ"]);
      await page.getByTestId("review-nothing-chosen").waitFor({ state: "detached" });
      // ↓ twice: the field cursor on people-centrism.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      const cursor = () => page.locator('.wb-field-row[aria-current="true"]').getAttribute("data-field");
      expect(await cursor()).toBe("popor_central");

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
      expect(await page.getByTestId("review-incomplete").count()).toBe(0);

      // Ctrl+Enter with four fields empty: the card names them, the field cursor goes to the first, the typing stays
      // in the note, and nothing is saved.
      const fieldSaid = await page.getByTestId("review-field-live").textContent();
      await page.keyboard.press("Control+Enter");
      await page.getByTestId("review-incomplete").waitFor();
      // Said once: the field the cursor moved to is not said over the question.
      expect(await page.getByTestId("review-field-live").textContent()).toBe(fieldSaid);
      expect(await live.innerText()).toBe(
        "Necompletate: Populism, Anti-elitism, Popor central, Temă. Ctrl+Enter (⌘+Enter) încă o dată salvează așa; sau alegeți-le.",
      );
      expect(await cursor()).toBe("populism");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(
        "review-note",
      );
      expect(await page.getByTestId("review-save").innerText()).toBe("Salvează așa");
      expect(await card.getAttribute("data-saved")).toBe("false");
      const stored = async () =>
        (
          (await (
            await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
          ).json()) as LabelsResponse
        ).labels;
      expect(await stored()).toEqual([]);

      // Ctrl+Enter once more, nothing changed: saved as it is.
      await page.keyboard.press("Control+Enter");
      await saved.waitFor();
      await page.getByTestId("review-incomplete").waitFor({ state: "detached" });
      expect((await stored()).map((l) => [l.idx, l.labels, l.note])).toEqual([
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
