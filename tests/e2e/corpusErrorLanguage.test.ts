// The corpus page's kept errors follow the language switch, in a real browser: a refused upload (an empty file, a
// binary one) made in English is said in Romanian once the page is switched, without uploading it again. The page
// used to keep the server's words, so "The file "empty.csv" is empty." stayed English on the Romanian page.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

describe.skipIf(!hasChromium)(
  "browser: the corpus page's errors in the language switched to",
  { timeout: 120_000 },
  () => {
    const suite = browserSuite();
    const files = mkdtempSync(path.join(os.tmpdir(), "echochamber-corpus-lang-"));
    const empty = path.join(files, "empty.csv");
    writeFileSync(empty, "");
    const binary = path.join(files, "poza.csv");
    writeFileSync(binary, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 1)]));

    afterAll(() => {
      rmSync(files, { recursive: true, force: true });
    });

    it("an upload refused in English is said in Romanian after the switch, and back", async () => {
      const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`);
      try {
        const error = page.getByTestId("corpus-error");
        await page.getByTestId("lang-en").click();
        await page.getByTestId("corpus-upload").setInputFiles(empty);
        await expect.poll(() => error.isVisible(), { timeout: 15_000 }).toBe(true);
        expect(await error.innerText()).toBe('The file "empty.csv" is empty.');
        await page.getByTestId("lang-ro").click();
        await expect.poll(() => error.innerText(), { timeout: 5_000 }).toBe("Fișierul „empty.csv” este gol.");

        await page.getByTestId("corpus-upload").setInputFiles([]);
        await page.getByTestId("corpus-upload").setInputFiles(binary);
        await expect.poll(() => error.innerText(), { timeout: 15_000 }).toContain("pare binar");
        await page.getByTestId("lang-en").click();
        await expect.poll(() => error.innerText(), { timeout: 5_000 }).toContain("looks binary");
        // The browser logs each refused upload (422); nothing else went wrong.
        expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
