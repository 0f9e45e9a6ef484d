// Evidence spans marked with the keyboard only, in a real browser: V puts a word cursor on the row's text (an
// application region that takes the focus), ←/→ and Shift+→ select two words, a digit or S typed there neither labels
// nor skips the row, Enter marks the words (listed, highlighted), ↓ changes the field, ← at the start says so (again
// on the next ←), words selected with the mouse move it, Tab or a click elsewhere ends it with nothing marked, Esc
// gives the keys back to the card, whose keys then label and save the row with the spans (read back through the API).
// The button "Marchează cu tastatura" enters the same way with Enter, and Enter on a remove button removes that span
// rather than saving the row.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse } from "../../contract/workbench";
import { accessibilityViolations } from "../support/accessibility";
import { focusedTestId, hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { createDatasetInPage, openLabelling, readyUnsavedCard, selectWords } from "../support/labelling";

const TEXT = "Hoții de la guvern ne fură pensiile";

describe.skipIf(!hasChromium)("browser: evidence spans marked with the keyboard", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "selects words with the keys, marks them, and saves them with the label",
    { timeout: 90_000 },
    async () => {
      const rows = ["id,text", ...Array.from({ length: 2 }, (_, i) => `k${i},${TEXT} ${i}`)];
      const datasetId = await createDatasetInPage(page, "dovezi-taste.csv", rows.join("\n"));
      // Enter leaves the name field: the keys are the card's from here on.
      await openLabelling(page, "Ion");
      const { idx } = await readyUnsavedCard(page);

      const region = page.getByTestId("review-evidence-text");
      const live = page.getByTestId("review-evidence-keys-live");
      const cursor = () =>
        page
          .getByTestId("review-evidence-cursor")
          .allInnerTexts()
          .then((t) => t.join(""));
      const focused = async () => (await focusedTestId(page)) ?? "body";
      const marks = page.getByTestId("review-evidence-span");
      const chosen = page.locator('[data-testid="review-label"][aria-pressed="true"]');

      // V: the text takes the focus, a named application region, the first word under the cursor and said.
      await page.keyboard.press("v");
      await expect.poll(focused).toBe("review-evidence-text");
      expect(await region.getAttribute("role")).toBe("application");
      expect(await region.getAttribute("aria-label")).toBe("Textul rândului, marcare de dovezi cu tastatura");
      await expect.poll(() => live.textContent()).toBe("Selectat: „Hoții”");
      expect(await live.getAttribute("aria-atomic")).toBe("true");
      expect(await page.getByTestId("review-evidence-keys-hint").textContent()).toContain("Enter marchează");

      // Two words on, then one more with Shift: „la guvern”.
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await expect.poll(cursor).toBe("la");
      await page.keyboard.press("Shift+ArrowRight");
      await expect.poll(cursor).toBe("la guvern");
      await expect.poll(() => live.textContent()).toBe("Selectat: „la guvern”");

      // Keys typed in the cursor are not the card's: no label, no skip, the row stays.
      await page.keyboard.press("2");
      await page.keyboard.press("s");
      expect(await chosen.count()).toBe(0);
      expect(await page.getByTestId("review-item").getAttribute("data-idx")).toBe(idx);
      expect(await page.getByTestId("review-item").getAttribute("data-saved")).toBe("false");
      await expect.poll(cursor).toBe("la guvern");

      // Enter marks them for the whole label (the field chosen), and the cursor stays on.
      await page.keyboard.press("Enter");
      await expect.poll(() => marks.allInnerTexts()).toEqual(["la guvern"]);
      expect(await page.getByTestId("review-evidence-list").textContent()).toContain("„la guvern”");
      await expect.poll(() => live.textContent()).toBe("Marcat ca dovadă pentru toată eticheta: „la guvern”");
      expect(await focused()).toBe("review-evidence-text");

      // ↓ three times: anti-elitism (the same field list as the mouse's); Home: „Hoții”. ← there says the text's start,
      // and says it again on the next ← (the region's text differs by a no-break space, so a screen reader repeats it).
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
      expect(await page.getByTestId("review-evidence-field").inputValue()).toBe("anti_elitism");
      await page.keyboard.press("Home");
      await expect.poll(cursor).toBe("Hoții");
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => live.textContent()).toBe("Începutul textului. Selectat: „Hoții”");
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => live.textContent()).toBe("Începutul textului. Selectat: „Hoții”\u00a0");
      expect(await cursor()).toBe("Hoții");
      await page.keyboard.press("Enter");
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "la guvern"]);
      // The region, its cursor over a highlight and the live region pass axe (WCAG 2.1 A/AA, best practices).
      expect(await accessibilityViolations(page)).toEqual([]);

      // Tab leaves the cursor as it leaves a field: the focus on the next control (the field list), the region no
      // longer an application, the cursor and the hint gone, nothing more marked.
      const ended = async () => {
        expect(await region.getAttribute("role")).toBeNull();
        expect(await region.getAttribute("tabindex")).toBeNull();
        expect(await page.getByTestId("review-evidence-cursor").count()).toBe(0);
        expect(await page.getByTestId("review-evidence-keys-hint").count()).toBe(0);
        expect(await live.textContent()).toBe("");
        expect(await marks.allInnerTexts()).toEqual(["Hoții", "la guvern"]);
      };
      await page.keyboard.press("Tab");
      await expect.poll(focused).toBe("review-evidence-field");
      await ended();
      // Back with the mouse on the button (over the words it left), then a click elsewhere on the card (a listed span's
      // words): the cursor ends, the focus is the page's, and the card's keys label the row again.
      await page.getByTestId("review-evidence-keys").click();
      await expect.poll(focused).toBe("review-evidence-text");
      await expect.poll(cursor).toBe("Hoții");
      // Words selected with the mouse while the cursor is on become the cursor's, and are said.
      await selectWords(page, "ne fură");
      await expect.poll(cursor).toBe("ne fură");
      await expect.poll(() => live.textContent()).toBe("Selectat: „ne fură”");
      expect(await focused()).toBe("review-evidence-text");
      await page
        .getByTestId("review-evidence-list")
        .locator("li")
        .first()
        .click({ position: { x: 4, y: 4 } });
      await expect.poll(focused).toBe("body");
      await ended();
      await page.keyboard.press("2");
      expect(await chosen.count()).toBe(1);
      expect(await page.getByTestId("review-item").getAttribute("data-saved")).toBe("false");

      // V once more, then Esc: the cursor goes, the focus back to the page, whose keys label (populism da) and save
      // (Enter twice: the first names the three fields left empty).
      await page.keyboard.press("v");
      await expect.poll(focused).toBe("review-evidence-text");
      await page.keyboard.press("Escape");
      await expect.poll(focused).toBe("body");
      await ended();
      await page.keyboard.press("1");
      expect(await chosen.count()).toBe(2);
      await page.keyboard.press("Enter");
      await page.getByTestId("review-incomplete").waitFor();
      await page.keyboard.press("Enter");
      await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      const labels = (await (
        await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
      ).json()) as LabelsResponse;
      expect(labels.labels.map((l) => [l.idx, l.labels, l.evidence])).toEqual([
        [
          Number(idx),
          { ton: "negativ", populism: "true" },
          [
            { start: 0, end: 5, field: "anti_elitism" },
            { start: 9, end: 18 },
          ],
        ],
      ]);

      // The button, reached as Tab would: Enter on it enters the cursor (it does not save the row); Esc comes back to it.
      await page.getByTestId("review-evidence-keys").focus();
      await page.keyboard.press("Enter");
      await expect.poll(focused).toBe("review-evidence-text");
      // The row's text ends with its number („… pensiile 1”): End, then a word back.
      await page.keyboard.press("End");
      await page.keyboard.press("ArrowLeft");
      await expect.poll(cursor).toBe("pensiile");
      await page.keyboard.press("Enter");
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "la guvern", "pensiile"]);
      await page.keyboard.press("Escape");
      await expect.poll(focused).toBe("review-evidence-keys");

      // Tab to the last span's remove button; Enter removes it (not a save), and the focus goes to the one before.
      for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
        "Șterge dovada „pensiile” (Anti-elitism)",
      );
      await page.keyboard.press("Enter");
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "la guvern"]);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toBe("Șterge dovada „la guvern”");
      // Back to what is saved: nothing to save, the row unchanged.
      expect(await page.getByTestId("review-item").getAttribute("data-saved")).toBe("true");
      expect(await page.getByTestId("review-item").getAttribute("data-idx")).toBe(idx);
      expect(errors).toEqual([]);
    },
  );
});
