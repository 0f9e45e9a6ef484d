// The corpus page over an index that exists but cannot be read, in a real browser: the page says so in the UI's
// language (a banner above everything else, with what to do) and its "Rebuild the index" button runs the rebuild as a
// corpus job, named as such, after which the banner is gone, the corpus has its documents again and the rebuild
// stays at hand, smaller, beside the index's build time (asking first, since every vector is computed again).
import { rmSync, truncateSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex, INDEX_FILES, indexDir } from "../../corpus/pipeline/buildIndex";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { tempCorpus } from "../support/server";

describe.skipIf(!hasChromium)(
  "browser: an index that cannot be read is rebuilt from the corpus page",
  { timeout: 120_000 },
  () => {
    let dir = "";
    // Registered before browserSuite's: the damaged index is there when the server starts.
    beforeAll(async () => {
      dir = tempCorpus();
      const corpusDir = path.join(dir, "corpus");
      await buildIndex({ corpusDir, embeddings: new HashEmbeddings(), embedderId: "offline:hash" });
      truncateSync(path.join(indexDir(corpusDir), INDEX_FILES.bm25), 100);
    }, 120_000);
    const suite = browserSuite({ dir: () => dir });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("shows the problem in the UI's language and the button rebuilds the index", async () => {
      const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`);
      try {
        const banner = page.getByTestId("corpus-index-problem");
        await expect.poll(() => banner.isVisible(), { timeout: 15_000 }).toBe(true);
        expect(await banner.innerText()).toMatch(/Indexul corpusului nu poate fi citit/);
        expect(await banner.innerText()).toMatch(/există, dar nu a putut fi citit \(SyntaxError/);
        await page.getByTestId("lang-en").click();
        await expect.poll(() => banner.innerText(), { timeout: 5_000 }).toMatch(/could not be read/);
        const button = banner.getByTestId("corpus-rebuild-index");
        expect(await button.innerText()).toBe("Rebuild the index");
        await page.getByTestId("lang-ro").click();
        await expect.poll(() => button.innerText(), { timeout: 5_000 }).toBe("Reconstruiește indexul");

        await button.click();
        const job = page.getByTestId("corpus-job");
        await expect.poll(() => job.getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
        expect(await job.locator("h3").innerText()).toBe("Reconstruirea indexului");
        // Only the stages a rebuild goes through: the index from scratch and the catalog.
        expect(
          await job.locator("[data-stage]").evaluateAll((els) => els.map((e) => e.dataset.stage)),
        ).toEqual(["index", "annotate"]);
        expect(await job.innerText()).toMatch(/indexul reconstruit/);

        await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
        const summary = page.getByTestId("corpus-summary");
        await expect
          .poll(async () => Number(await summary.getAttribute("data-documents")), { timeout: 15_000 })
          .toBeGreaterThan(0);
        expect(await summary.innerText()).not.toMatch(/ 0 fragmente/);
        // The rebuild stays at hand for a working index, beside its build time.
        const again = summary.getByTestId("corpus-rebuild-index");
        expect(await again.isVisible()).toBe(true);
        expect(await again.isEnabled()).toBe(true);

        // A working index is rebuilt after a confirmation that says what it costs.
        const version = Number(await summary.getAttribute("data-version"));
        let asked = "";
        page.once("dialog", (dialog) => {
          asked = dialog.message();
          void dialog.accept();
        });
        await again.click();
        await expect
          .poll(async () => Number(await summary.getAttribute("data-version")), { timeout: 90_000 })
          .toBe(version + 1);
        expect(asked).toMatch(
          /^Reconstruiți indexul de la zero\? Toți vectorii se calculează din nou \(\d+ de vectori\)/,
        );
        await expect.poll(() => job.getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
