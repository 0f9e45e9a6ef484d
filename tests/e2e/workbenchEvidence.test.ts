// Evidence spans in a real browser: words selected in the row's text are marked as evidence for a field (and others
// for the whole label), highlighted, one removed again with its button, saved with the label, and read back on the
// row; words marked on another row and not saved survive a reload; the adjudication and the results' row panel then
// show each person's spans highlighted beside their labels, and the results table marks the row people marked.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse, ResultsPage, RunResponse } from "../../contract/workbench";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { createDatasetInPage, openLabelling, readyUnsavedCard, selectWords } from "../support/labelling";

const TEXT = "Hoții de la guvern ne fură pensiile";
describe.skipIf(!hasChromium)("browser: evidence spans in the review", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];
  let datasetId = "";
  let labelled = 0;

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "marks selected words, removes one, saves the spans with the label and shows them again",
    { timeout: 90_000 },
    async () => {
      const rows = ["id,text", ...Array.from({ length: 2 }, (_, i) => `e${i},${TEXT} ${i}`)];
      datasetId = await createDatasetInPage(page, "dovezi.csv", rows.join("\n"));
      await openLabelling(page, "Ion");

      const { idx } = await readyUnsavedCard(page);
      labelled = Number(idx);
      const add = page.getByTestId("review-evidence-add");
      expect(await add.isDisabled()).toBe(true);

      // "Hoții" for anti-elitism, "guvern" and "pensiile" for the whole label.
      await page.getByTestId("review-evidence-field").selectOption("anti_elitism");
      await selectWords(page, "Hoții");
      await add.click();
      await page.getByTestId("review-evidence-field").selectOption("");
      await selectWords(page, "guvern");
      await add.click();
      await selectWords(page, "pensiile");
      await add.click();
      const marks = page.getByTestId("review-evidence-span");
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "guvern", "pensiile"]);
      // The last one goes again with its button.
      await page.getByTestId("review-evidence-remove").nth(2).click();
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "guvern"]);

      // Labels with their keys (ton negativ, populism da), then "Salvează" saves (twice: the first names the three
      // fields left empty).
      await page.locator("body").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("2");
      await page.keyboard.press("1");
      await page.getByTestId("review-save").click();
      await page.getByTestId("review-incomplete").waitFor();
      await page.getByTestId("review-save").click();
      await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      const labels = (await (
        await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
      ).json()) as LabelsResponse;
      expect(labels.labels.map((l) => [l.idx, l.evidence])).toEqual([
        [
          Number(idx),
          [
            { start: 0, end: 5, field: "anti_elitism" },
            { start: 12, end: 18 },
          ],
        ],
      ]);

      // Another row, then back: the saved spans are highlighted again.
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => page.getByTestId("review-item").getAttribute("data-idx")).not.toBe(idx);
      expect(await marks.count()).toBe(0);
      await page.keyboard.press("ArrowLeft");
      await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      await expect.poll(() => marks.allInnerTexts()).toEqual(["Hoții", "guvern"]);

      // On the other row, words marked and not saved survive a reload (after the page's warning), with the hint.
      await page.keyboard.press("ArrowRight");
      const { idx: otherIdx } = await readyUnsavedCard(page);
      await selectWords(page, "pensiile");
      await add.click();
      await expect.poll(() => marks.allInnerTexts()).toEqual(["pensiile"]);
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.type());
        void dialog.accept();
      });
      await page.reload();
      await page.getByTestId("label-view").waitFor();
      if (
        !(await page
          .getByTestId("review-item")
          .isVisible()
          .catch(() => false))
      ) {
        await page.getByTestId("review-annotator").fill("Ion");
        await page.getByTestId("review-annotator").press("Enter");
      }
      await page.locator(`[data-testid="review-item"][data-idx="${otherIdx}"]`).waitFor();
      await page.getByTestId("label-draft-restored").waitFor();
      await expect.poll(() => marks.allInnerTexts()).toEqual(["pensiile"]);
      expect(dialogs).toEqual(["beforeunload"]);
      // Removed again, nothing is left unsaved (the next page leaves without a warning).
      await page.getByTestId("review-evidence-remove").click();
      await expect.poll(() => marks.count()).toBe(0);
      expect(errors).toEqual([]);
    },
  );

  it(
    "shows each person's spans highlighted to the adjudicator and in the results' row panel, and marks the row in the table",
    { timeout: 90_000 },
    async () => {
      const api = (route: string, body: unknown, method = "POST") =>
        fetch(`${suite.server.url}/api/workbench${route}`, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const { run } = (await (
        await api("/runs", { datasetId, models: ["offline:lexicon"] })
      ).json()) as RunResponse;
      await expect
        .poll(async () => {
          const results = (await (
            await fetch(`${suite.server.url}/api/workbench/runs/${run.id}/results?limit=10`)
          ).json()) as ResultsPage;
          return results.complete;
        })
        .toBe(2);
      // Ana disagrees with Ion on the tone and marks "fură pensiile" for it.
      const start = TEXT.indexOf("fură");
      const saved = await api(
        `/datasets/${datasetId}/items/${labelled}/labels`,
        { annotator: "Ana", labels: { ton: "neutru" }, evidence: [{ start, end: start + 13, field: "ton" }] },
        "PUT",
      );
      expect(saved.status).toBe(200);
      await page.goto(
        `${suite.server.url}/?page=annotate&dataset=${datasetId}&run=${run.id}&view=adjudicate`,
      );
      const item = page.locator(`[data-testid="adjudication-item"][data-idx="${labelled}"]`);
      await item.waitFor();
      const cells = item.locator('[data-testid="adjudication-evidence"] td');
      // One cell per person (Ana, then Ion), then the final label's.
      await expect
        .poll(() =>
          cells.evaluateAll((tds) =>
            tds.map((td) =>
              [...td.querySelectorAll('[data-testid="adjudicate-evidence"]')].map((m) => m.textContent),
            ),
          ),
        )
        .toEqual([["fură pensiile"], ["Hoții", "guvern"], []]);

      // The results say who marked evidence on the row (Ion, then Ana, as they labelled it), and on no other row; the
      // table marks that row, with a name that says who.
      const results = (await (
        await fetch(`${suite.server.url}/api/workbench/runs/${run.id}/results?limit=10`)
      ).json()) as ResultsPage;
      expect(results.rows.map((r) => [r.idx, r.evidenceBy])).toEqual(
        [0, 1].map((i) => [i, i === labelled ? ["Ion", "Ana"] : []]),
      );
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}&run=${run.id}&view=results`);
      const evidenceMark = page
        .locator(`[data-testid="results-row"][data-idx="${labelled}"]`)
        .getByTestId("results-evidence");
      await evidenceMark.waitFor();
      expect(await evidenceMark.getAttribute("role")).toBe("img");
      expect(await evidenceMark.getAttribute("aria-label")).toBe("Dovezi marcate de: Ion, Ana");
      expect(await page.getByTestId("results-evidence").count()).toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);

      // The results' row panel highlights each person's spans under their label too.
      await page.locator(`[data-testid="results-row"][data-idx="${labelled}"] button`).first().click();
      const panel = page.getByTestId("item-panel");
      await panel.getByTestId("item-human-labels").first().waitFor();
      await expect
        .poll(() =>
          panel
            .getByTestId("item-evidence")
            .evaluateAll((blocks) =>
              blocks
                .map((b) => [
                  b.getAttribute("data-annotator"),
                  ...[...b.querySelectorAll('[data-testid="item-evidence-mark"]')].map((m) => m.textContent),
                ])
                .sort(),
            ),
        )
        .toEqual([
          ["Ana", "fură pensiile"],
          ["Ion", "Hoții", "guvern"],
        ]);
      expect(errors).toEqual([]);
    },
  );
});
