// A workbench data set by keywords in a real browser: Explore's search for "pensii" is handed to the "Adnotare" page's
// corpus form, which opens with the words, counts the same texts Explore found before anything is made, and builds
// the data set of exactly those texts, described with its words; words that match nothing are said so, in place.
import { describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

describe.skipIf(!hasChromium)("browser: a corpus data set by keywords", { timeout: 120_000 }, () => {
  const suite = browserSuite();

  it("goes from Explore's search to the form, counts the same texts, and builds the data set of them", async () => {
    const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`);
    try {
      await page.getByTestId("corpus-search").fill("pensii");
      const total = page.getByTestId("corpus-results-total");
      // The catalog is built at the first visit: the results come once it is ready.
      await expect
        .poll(async () => Number((await total.getAttribute("data-total")) ?? 0), { timeout: 60_000 })
        .toBeGreaterThan(3);
      await expect.poll(() => page.url()).toContain("corpus-q=pensii");
      const found = Number(await total.getAttribute("data-total"));

      await page.getByTestId("corpus-explore-to-dataset").click();
      await page.getByTestId("workbench-page").waitFor();
      expect(await page.getByTestId("corpus-query").inputValue()).toBe("pensii");
      // The draft is read once: the address no longer holds it.
      expect(page.url()).not.toContain("corpusDraft");
      const count = page.getByTestId("corpus-query-count");
      await expect.poll(() => count.innerText(), { timeout: 10_000 }).toBe(`${found} de texte se potrivesc.`);

      await page.getByRole("checkbox", { name: "Eșantion aleator" }).uncheck();
      await page.getByTestId("corpus-create").click();
      const view = page.getByTestId("dataset-view");
      await view.waitFor();
      expect(await view.innerText()).toContain(`${found} de rânduri`);
      expect(await view.innerText()).toContain("corpus (cuvinte: „pensii”)");

      await page.getByTestId("dataset-choose").click();
      await page.getByTestId("dataset-new-corpus").click();
      await page.getByTestId("corpus-query").fill("ornitorinc");
      await expect
        .poll(() => count.innerText(), { timeout: 10_000 })
        .toBe("Niciun text nu se potrivește: încercați alte cuvinte sau mai puține filtre.");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
