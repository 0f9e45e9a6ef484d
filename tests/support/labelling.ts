// The steps the workbench's browser tests share to reach a row to label: a small CSV uploaded and made a data set
// from the page, its labelling opened under a name, and the next row not yet labelled, once it is read whole. A card
// appears before its row is read (it says "se încarcă" and is aria-busy); keys pressed then choose nothing, so a test
// that labels with keys waits for the card to be ready, as a person waits for the text.
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** Uploads `csv` from the page (text column "text"), makes the data set and returns its id; its view is open. */
export async function createDatasetInPage(page: Page, fileName: string, csv: string): Promise<string> {
  await page.getByTestId("dataset-new-upload").click();
  await page
    .getByTestId("dataset-upload")
    .setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByTestId("dataset-mapping").waitFor();
  await page.getByTestId("dataset-text-col").selectOption("text");
  await page.getByTestId("dataset-create").click();
  await page.getByTestId("dataset-view").waitFor();
  return (await page.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";
}

/** `id,text` with `n` rows `${prefix}${i},${text} (nr. ${i})`. */
export function numberedCsv(n: number, prefix: string, text: string): string {
  return ["id,text", ...Array.from({ length: n }, (_, i) => `${prefix}${i},${text} (nr. ${i})`)].join("\n");
}

/** Opens the open data set's own labelling (no run) and gives the reviewer's name. */
export async function openLabelling(page: Page, annotator: string): Promise<void> {
  await page.getByTestId("dataset-label").click();
  await page.getByTestId("label-view").waitFor();
  await page.getByTestId("review-annotator").fill(annotator);
  await page.getByTestId("review-annotator").press("Enter");
}

/** The card on screen when it shows a row not yet labelled by this person, read whole; and its row's index. */
export async function readyUnsavedCard(page: Page): Promise<{ card: Locator; idx: string }> {
  const card = page.locator('[data-testid="review-item"][data-saved="false"]:not([aria-busy])');
  await card.waitFor();
  return { card, idx: (await card.getAttribute("data-idx")) ?? "" };
}

/** The labels chosen on the card, as `field:value`. */
export const chosenLabels = (page: Page): Promise<string[]> =>
  page
    .locator('[data-testid="review-label"][aria-pressed="true"]')
    .evaluateAll((buttons) =>
      buttons.map((b) => `${b.getAttribute("data-field")}:${b.getAttribute("data-value")}`),
    );

/** Selects `words` in the card's text with the mouse, as a person would. */
export async function selectWords(page: Page, words: string) {
  const box = await page.locator(".wb-review-card .wb-full-text").evaluate((p, w) => {
    const text = p.textContent ?? "";
    const start = text.indexOf(w);
    // The text node and offset where a character of the whole text lies (the text may be cut by highlights).
    const at = (offset: number) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      let seen = 0;
      while (node && seen + (node.textContent ?? "").length < offset) {
        seen += (node.textContent ?? "").length;
        node = walker.nextNode();
      }
      return { node: node!, offset: offset - seen };
    };
    const range = document.createRange();
    const a = at(start);
    const b = at(start + w.length);
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    const rects = range.getClientRects();
    const first = rects[0]!;
    const last = rects[rects.length - 1]!;
    return {
      x1: first.left + 1,
      y1: first.top + first.height / 2,
      x2: last.right - 1,
      y2: last.top + last.height / 2,
    };
  }, words);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString().trim())).toBe(words);
}
