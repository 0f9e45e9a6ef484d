// "Etichetele mele" in a real browser against the real server: a student labels a row (populism "da" without its two
// dimensions: the card warns and saves all the same), reloads the page, opens their own labels, finds the row with the
// saved labels chosen, changes one and saves again (expecting the stored version, so no 409), and the data set's labels
// hold the new value, one label for the row.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse } from "../../contract/workbench";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { chosenLabels, createDatasetInPage, numberedCsv, readyUnsavedCard } from "../support/labelling";

describe.skipIf(!hasChromium)("browser: going back to one's own labels", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  const named = async () => {
    const input = page.getByTestId("review-annotator");
    if ((await input.inputValue()) !== "ion") {
      await input.fill("ion");
      await input.press("Enter");
    }
  };

  it("corrects a label after a reload from 'Etichetele mele'", { timeout: 90_000 }, async () => {
    const datasetId = await createDatasetInPage(
      page,
      "ale-mele.csv",
      numberedCsv(5, "c", "Hoții ne fură pensiile"),
    );
    await page.getByTestId("dataset-label").click();
    await page.getByTestId("label-view").waitFor();
    await named();
    await expect.poll(() => page.getByTestId("review-mode-mine").innerText()).toBe("Etichetele mele (0)");

    // ton negativ (2), populism da (1), anti-elitism nu (2), popor central nu (2), tema pensii (1): the codebook's
    // rule is broken, the card says so, and the label is saved all the same.
    const { idx } = await readyUnsavedCard(page);
    for (const key of ["2", "1", "2", "2", "1"]) await page.keyboard.press(key);
    expect(await page.getByTestId("review-codebook-warning").innerText()).toContain(
      "populism „da” cere anti-elitism „da” și popor central „da”",
    );
    await page.keyboard.press("Enter");
    await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
    await expect.poll(() => page.getByTestId("review-mode-mine").innerText()).toBe("Etichetele mele (1)");

    const stored = async () =>
      (
        (await (
          await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
        ).json()) as LabelsResponse
      ).labels.map((l) => [l.idx, l.annotator, l.labels]);
    const first = {
      ton: "negativ",
      populism: "true",
      anti_elitism: "false",
      popor_central: "false",
      tema: "pensii",
    };
    expect(await stored()).toEqual([[Number(idx), "ion", first]]);

    // After a reload the priority queue skips the row; "Etichetele mele" has it, with the saved labels chosen.
    await page.reload();
    await page.getByTestId("label-view").waitFor();
    await named();
    await page.locator('[data-testid="review-item"]').first().waitFor();
    expect(await page.getByTestId("review-item").getAttribute("data-idx")).not.toBe(idx);
    await expect.poll(() => page.getByTestId("review-mode-mine").innerText()).toBe("Etichetele mele (1)");
    await page.getByTestId("review-mode-mine").click();
    const mine = page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`);
    await mine.waitFor();
    expect(await mine.innerText()).toContain("eticheta dvs.");
    await expect
      .poll(() => chosenLabels(page))
      .toEqual(["ton:negativ", "populism:true", "anti_elitism:false", "popor_central:false", "tema:pensii"]);
    await page.getByTestId("review-codebook-warning").waitFor();

    // populism: nu; the warning goes, and the save replaces the label (its version is the stored one: no conflict).
    await page.locator('[data-testid="review-label"][data-field="populism"][data-value="false"]').click();
    await page.getByTestId("review-codebook-warning").waitFor({ state: "detached" });
    expect(await page.getByTestId("review-item").getAttribute("data-saved")).toBe("false");
    await page.getByTestId("review-save").click();
    await mine.waitFor();
    expect(await page.getByTestId("label-conflict").count()).toBe(0);
    await expect.poll(() => stored()).toEqual([[Number(idx), "ion", { ...first, populism: "false" }]]);
    await expect.poll(() => page.getByTestId("review-mode-mine").innerText()).toBe("Etichetele mele (1)");
    expect(errors).toEqual([]);
  });
  it(
    "keeps the person's place in the queue when the guidelines are saved while they label",
    { timeout: 90_000 },
    async () => {
      await page.goto(`${suite.server.url}/?page=annotate`);
      await page.getByTestId("workbench-page").waitFor();
      await createDatasetInPage(page, "ghid-nou.csv", numberedCsv(6, "g", "Elitele ne mint"));
      await page.getByTestId("dataset-label").click();
      await page.getByTestId("label-view").waitFor();
      await named();
      await page.locator('[data-testid="review-item"]').waitFor();
      const first = await page.getByTestId("review-item").getAttribute("data-idx");
      // Two rows on, past the queue's first row.
      await page.getByTestId("review-next").click();
      await page.getByTestId("review-next").click();
      const third = page.locator('[data-testid="review-item"]');
      await expect.poll(() => third.getAttribute("data-idx")).not.toBe(first);
      const idx = await third.getAttribute("data-idx");
      const position = await third.locator(".wb-review-head .hint").innerText();
      expect(position).toMatch(/^3 din /);

      // The teacher fixes the guidelines on the same page: the card stays on that row, at that place.
      await page.getByTestId("dataset-guidelines-edit").fill("## Populism\n\nPoporul contra elitei.");
      await page.getByTestId("dataset-guidelines-save").click();
      await page.getByTestId("dataset-guidelines-saved").waitFor();
      await page.getByTestId("guidelines-panel").waitFor();
      // A label saved now (a round trip after the guidelines' save) goes to that row, once it is read.
      expect((await readyUnsavedCard(page)).idx).toBe(idx);
      for (const key of ["2", "2", "2", "2", "1"]) await page.keyboard.press(key);
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="review-item"][data-saved="true"]').waitFor();
      expect(await page.getByTestId("review-item").getAttribute("data-idx")).toBe(idx);
      expect(await third.locator(".wb-review-head .hint").innerText()).toBe(position);
      expect(errors).toEqual([]);
    },
  );
});
