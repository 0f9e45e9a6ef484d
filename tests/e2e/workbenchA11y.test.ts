// The results table and the review of a run, for a screen reader and under axe (WCAG 2.1 A/AA and best practices),
// in the light and the dark theme and at phone width: the sorted column says so on its header, the "hidden until you
// save" note is readable, and each field's label buttons are a group named by the field, with the field in focus
// marked and announced as the keys move it.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetResponse, Job, RunResponse, UploadPreview } from "../../contract/workbench";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { api, upload } from "../support/workbench";

const ROWS = 6;
const TEXTS = [
  "Hoții de la putere ne fură pensiile, iar poporul plătește!",
  "Guvernul a anunțat indexarea pensiilor de la 1 ianuarie.",
];

const VIEWS = [
  { name: "light", viewport: { width: 1280, height: 900 }, colorScheme: "light" as const },
  { name: "dark", viewport: { width: 1280, height: 900 }, colorScheme: "dark" as const },
  { name: "390 px", viewport: { width: 390, height: 844 }, colorScheme: "light" as const },
];

/** The review's fields as the page names them in Romanian, in order. */
const FIELDS = [
  ["ton", "Ton"],
  ["populism", "Populism"],
  ["anti_elitism", "Anti-elitism"],
  ["popor_central", "Popor central"],
  ["tema", "Temă"],
] as const;

describe.skipIf(!hasChromium)("browser: the results table and the review, for assistive technology", () => {
  const suite = browserSuite();
  let address = "";

  beforeAll(async () => {
    const csv = ["id,text", ...Array.from({ length: ROWS }, (_, i) => `r${i},${TEXTS[i % 2]} (nr. ${i})`)];
    const preview = await upload<UploadPreview>(suite.server.url, "a11y.csv", csv.join("\n"));
    const created = await api<DatasetResponse>(suite.server.url, "POST", "/datasets", {
      uploadId: preview.body.uploadId,
      mapping: { text: "text", id: "id" },
    });
    const datasetId = created.body.dataset.id;
    const { body: run } = await api<RunResponse>(suite.server.url, "POST", "/runs", {
      datasetId,
      models: ["offline:lexicon"],
    });
    for (let i = 0; i < 200; i++) {
      const { body } = await api<{ job: Job }>(suite.server.url, "GET", `/runs/${run.run.id}`);
      if (body.job.status === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    address = `${suite.server.url}/?page=annotate&dataset=${datasetId}&run=${run.run.id}`;
  }, 120_000);

  const sortState = (page: Page, testId: string) =>
    page.getByTestId(testId).evaluate((button) => ({
      button: button.getAttribute("aria-sort"),
      header: button.closest('[role="columnheader"]')?.getAttribute("aria-sort") ?? null,
    }));

  for (const { name, viewport, colorScheme } of VIEWS) {
    it(`results (${name}): the sorted column's header carries aria-sort, and axe finds nothing`, async () => {
      const { page, context, errors } = await openPage(suite.browser, address, { viewport, colorScheme });
      try {
        await page.getByTestId("results-row").first().waitFor();
        expect(await sortState(page, "results-sort-idx")).toEqual({ button: null, header: "ascending" });
        expect(await sortState(page, "results-sort-priority")).toEqual({ button: null, header: null });
        expect(await accessibilityViolations(page)).toEqual([]);
        await page.getByTestId("results-sort-priority").click();
        await expect
          .poll(() => sortState(page, "results-sort-priority"))
          .toEqual({
            button: null,
            header: "descending",
          });
        expect(await sortState(page, "results-sort-idx")).toEqual({ button: null, header: null });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`review (${name}): the withheld note is readable and axe finds nothing`, async () => {
      const { page, context, errors } = await openPage(suite.browser, `${address}&view=review`, {
        viewport,
        colorScheme,
      });
      try {
        await page.getByTestId("review-annotator").fill("Ana");
        await page.getByTestId("review-annotator").press("Enter");
        await page.getByTestId("review-item").waitFor();
        await expect.poll(() => page.getByTestId("review-models").getAttribute("data-withheld")).toBe("true");
        expect(await page.getByTestId("review-models").innerText()).toContain(
          "Ascunse până când salvați eticheta dvs.",
        );
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("review: each field's buttons are a group named by the field; the field in focus is marked and announced", async () => {
    const { page, context, errors } = await openPage(suite.browser, `${address}&view=review`);
    try {
      await page.getByTestId("review-annotator").fill("Ana");
      await page.getByTestId("review-annotator").press("Enter");
      // Read whole: a label key pressed while the row loads chooses nothing.
      await page.locator('[data-testid="review-item"]:not([aria-busy])').waitFor();
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      for (const [field, label] of FIELDS) {
        const group = page.getByRole("group", { name: label, exact: true });
        expect(await group.count(), label).toBe(1);
        const values = await group
          .getByTestId("review-label")
          .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-field")));
        expect(values.length, label).toBeGreaterThan(1);
        expect(new Set(values), label).toEqual(new Set([field]));
      }
      const current = () =>
        page
          .locator('[role="group"][aria-current="true"]')
          .evaluateAll((groups) =>
            groups.map((g) => g.querySelector("[data-field]")?.getAttribute("data-field")),
          );
      const live = page.getByTestId("review-field-live");
      expect(await live.getAttribute("aria-live")).toBe("polite");
      expect(await current()).toEqual(["ton"]);

      await page.keyboard.press("ArrowDown");
      await expect.poll(current).toEqual(["populism"]);
      await expect.poll(() => live.innerText()).toBe("Câmp: Populism");
      // A key sets the field in focus and moves on: both are said.
      await page.keyboard.press("2");
      await expect.poll(current).toEqual(["anti_elitism"]);
      await expect.poll(() => live.innerText()).toBe("Populism: nu. Câmp: Anti-elitism");
      expect(
        await page
          .locator('[data-testid="review-label"][data-field="populism"][data-value="false"]')
          .getAttribute("aria-pressed"),
      ).toBe("true");
      await page.keyboard.press("ArrowUp");
      await expect.poll(() => live.innerText()).toBe("Câmp: Populism");

      await page.getByTestId("lang-en").click();
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => live.innerText()).toBe("Field: Anti-elitism");
      expect(await page.getByRole("group", { name: "People-centrism", exact: true }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
