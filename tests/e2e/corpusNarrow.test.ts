// The corpus page on a phone and across the app's tabs, in a real browser: at 390 px nothing is wider than the screen
// (the collections table's hidden "Elimină" header label used to sit outside its scrolling box and widen the page to
// 644 px), a document opens as a full-screen sheet over the list that Esc closes back at the reader's place, and an
// uploaded file's preview with the mapping typed for it is still there after a visit to another tab.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { focusedCorpusResult, focusedTestId, hasChromium, openPage, windowBox } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { windows1250Csv } from "../support/corpus";
import { ZAVOIENI_ROWS } from "../fixtures/corpusPage";

const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

describe.skipIf(!hasChromium)(
  "browser: the corpus page on a phone and across tabs",
  { timeout: 120_000 },
  () => {
    const files = mkdtempSync(path.join(os.tmpdir(), "echochamber-corpus-narrow-"));
    const csv = path.join(files, "zavoieni.csv");
    writeFileSync(csv, windows1250Csv(ZAVOIENI_ROWS));

    const suite = browserSuite();

    afterAll(async () => {
      rmSync(files, { recursive: true, force: true });
    });

    it("at 390 px nothing is wider than the screen: the collections table and a preview scroll in their boxes", async () => {
      const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`, {
        viewport: { width: 390, height: 844 },
      });
      try {
        const table = page.getByTestId("corpus-collections");
        await expect.poll(() => table.isVisible(), { timeout: 20_000 }).toBe(true);
        expect(await page.locator('[data-testid="corpus-collections"] th .sr-only').count()).toBeGreaterThan(
          0,
        );
        expect(await pageWidth(page)).toBeLessThanOrEqual(390);
        await page.getByTestId("corpus-upload").setInputFiles(csv);
        await expect
          .poll(() => page.getByTestId("corpus-preview").isVisible(), { timeout: 15_000 })
          .toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(390);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("at 390 px a document opens as a sheet over the list; Esc closes it where the reader was, on its result", async () => {
      const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`, {
        viewport: { width: 390, height: 844 },
      });
      try {
        const results = page.getByTestId("corpus-result");
        await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(20);
        const last = results.last();
        const id = await last.getAttribute("data-id");
        const opener = last.locator("button.corpus-result");
        await opener.scrollIntoViewIfNeeded();
        const before = await windowBox(opener);
        await opener.click();

        // The sheet covers the window, with its heading focused and a close button in sight.
        await expect.poll(() => focusedTestId(page), { timeout: 10_000 }).toBe("corpus-doc-title");
        const doc = page.getByTestId("corpus-doc");
        await expect.poll(() => doc.locator(".corpus-doc-text").count(), { timeout: 10_000 }).toBe(1);
        const sheet = await windowBox(doc);
        expect(sheet).toMatchObject({ top: 0, left: 0, right: 390, bottom: 844 });
        const close = await windowBox(page.getByTestId("corpus-doc-close"));
        expect(close.top).toBeGreaterThanOrEqual(0);
        expect(close.right).toBeLessThanOrEqual(390);
        // What is under the sheet is out of reach: the result that opened it is not the element at its place.
        expect(
          await page.evaluate(
            ({ x, y }) => document.elementFromPoint(x, y)?.closest("[data-testid=corpus-doc]") !== null,
            { x: before.left + 10, y: before.top + 10 },
          ),
        ).toBe(true);
        expect(await pageWidth(page)).toBeLessThanOrEqual(390);
        expect.soft(await accessibilityViolations(page)).toEqual([]);

        // Esc from inside the document (its last control) closes it: back at the same place, on the same result.
        await doc.locator("a[href], summary, button").last().focus();
        await page.keyboard.press("Escape");
        expect(await doc.count()).toBe(0);
        expect(await focusedCorpusResult(page)).toBe(id);
        expect((await windowBox(opener)).top).toBeCloseTo(before.top, 0);

        // The close button does the same.
        await opener.click();
        await expect.poll(() => focusedTestId(page), { timeout: 10_000 }).toBe("corpus-doc-title");
        await page.getByTestId("corpus-doc-close").click();
        expect(await doc.count()).toBe(0);
        expect(await focusedCorpusResult(page)).toBe(id);
        expect((await windowBox(opener)).top).toBeCloseTo(before.top, 0);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("keeps the uploaded file's preview and the mapping typed for it when the person visits another tab", async () => {
      const { page, context, errors } = await openPage(suite.browser, suite.server.url);
      try {
        await page.getByTestId("nav-corpus").click();
        await page.getByTestId("corpus-upload").setInputFiles(csv);
        const preview = page.getByTestId("corpus-preview");
        await expect.poll(() => preview.isVisible(), { timeout: 15_000 }).toBe(true);
        await page.getByTestId("corpus-platform").fill("facebook");
        await page.getByTestId("corpus-source").fill("Pagina Zăvoieni");
        await page.getByTestId("corpus-text-col").selectOption("comentariu");

        await page.getByTestId("nav-chat").click();
        await page.getByTestId("chat-input").waitFor();
        expect(await preview.count()).toBe(0);
        await page.getByTestId("nav-corpus").click();

        await expect.poll(() => preview.isVisible(), { timeout: 15_000 }).toBe(true);
        expect(await preview.innerText()).toContain("zavoieni.csv");
        expect(await page.getByTestId("corpus-platform").inputValue()).toBe("facebook");
        expect(await page.getByTestId("corpus-source").inputValue()).toBe("Pagina Zăvoieni");
        expect(await page.getByTestId("corpus-text-col").inputValue()).toBe("comentariu");
        // The kept draft still imports.
        await page.getByTestId("corpus-import").click();
        await expect
          .poll(() => page.getByTestId("corpus-job").getAttribute("data-status"), { timeout: 90_000 })
          .toBe("done");
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
