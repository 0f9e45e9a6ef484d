// The upload's column mapping in a real browser against the real server (SQLite in a temp dir), with a file whose
// own labels are not the codebook's (atac / sustinere / informativ / ironie): a new gold column starts on that
// column, not on the id; the preview, the mapping and the typed name outlive a trip to another page tab; and the
// data set made from it keeps the column's own values beside the mapped gold. Its results filter "om ≠ model" keeps
// the row where a person's label differs from the model's.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetsResponse, ItemDetail, ResultsPage, RunResponse } from "../../contract/workbench";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const LABELS = ["sustinere", "informativ", "atac", "ironie"];
const PAGES = ["Vocea Vasluiului", "Știrile Zilei FB", "Forum Cetățenesc"];
const ROWS = 30;

const csv = () =>
  [
    "id,comentariu,pagina,data,eticheta_mea",
    ...Array.from(
      { length: ROWS },
      (_, i) =>
        `c${String(i + 1).padStart(3, "0")},Comentariul numărul ${i + 1} despre guvern,${PAGES[i % 3]},2025-0${(i % 9) + 1}-1${i % 10},${LABELS[i % 4]}`,
    ),
  ].join("\n");

const MAP = "atac,sustinere,informativ,ironie → negativ,pozitiv,neutru,negativ";
const NAME = "Setul meu cu mapare";

describe.skipIf(!hasChromium)("browser: mapping an upload's own labels", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];
  let datasetId = "";

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "starts a new gold column on the labels column, and keeps the mapping across a page switch",
    { timeout: 60_000 },
    async () => {
      await page.getByTestId("dataset-upload").setInputFiles({
        name: "comentarii-300.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv()),
      });
      await page.getByTestId("dataset-mapping").waitFor();
      expect(await page.getByTestId("dataset-gold").count()).toBe(0);

      await page.getByTestId("dataset-gold-add").click();
      expect(await page.getByTestId("dataset-gold-col").inputValue()).toBe("eticheta_mea");
      expect(await page.getByTestId("dataset-gold-field").inputValue()).toBe("ton");
      await page.getByTestId("dataset-gold-map").fill(MAP);
      await page.getByTestId("dataset-name").fill(NAME);
      expect(await page.getByTestId("dataset-gold").innerText()).toMatch(/ironie\s*→\s*negativ/);
      // The gold column is kept as metadata too: its box is ticked and fixed.
      const goldMeta = page.locator('[data-testid="dataset-meta-col"][value="eticheta_mea"]');
      expect(await goldMeta.isChecked()).toBe(true);
      expect(await goldMeta.isDisabled()).toBe(true);

      await page.getByTestId("nav-chat").click();
      await page.getByTestId("workbench-page").waitFor({ state: "detached" });
      await page.getByTestId("nav-annotate").click();
      await page.getByTestId("dataset-mapping").waitFor();
      expect(await page.getByTestId("dataset-preview").innerText()).toContain("Comentariul numărul 1 despre");
      expect(await page.getByTestId("dataset-name").inputValue()).toBe(NAME);
      expect(await page.getByTestId("dataset-gold-col").inputValue()).toBe("eticheta_mea");
      expect(await page.getByTestId("dataset-gold-map").inputValue()).toBe(MAP);
    },
  );

  it(
    "creates the data set with the column's own values kept as metadata beside the mapped gold",
    { timeout: 60_000 },
    async () => {
      await page.getByTestId("dataset-create").click();
      await page.getByTestId("dataset-view").waitFor();
      const id = (await page.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";
      const { datasets } = (await (
        await fetch(`${suite.server.url}/api/workbench/datasets`)
      ).json()) as DatasetsResponse;
      const made = datasets.find((d) => d.id === id);
      expect(made?.name).toBe(NAME);
      expect(made?.metaColumns).toContain("eticheta_mea");
      expect(made?.goldFields).toEqual(["ton"]);
      const item = (await (
        await fetch(`${suite.server.url}/api/workbench/datasets/${id}/items/3`)
      ).json()) as ItemDetail;
      expect(item.meta.eticheta_mea).toBe("ironie");
      expect(item.gold.ton).toBe("negativ");
      // Created, the form starts empty again on the next visit.
      await page.getByTestId("dataset-choose").click();
      expect(await page.getByTestId("dataset-mapping").count()).toBe(0);
      expect(errors).toEqual([]);
      datasetId = id;
    },
  );

  it(
    "filters the results to the rows where a person's label differs from the model's (om ≠ model)",
    { timeout: 60_000 },
    async () => {
      const post = (route: string, body: unknown, method = "POST") =>
        fetch(`${suite.server.url}/api/workbench${route}`, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const { run } = (await (
        await post("/runs", { datasetId, models: ["offline:lexicon"] })
      ).json()) as RunResponse;
      let rows: ResultsPage["rows"] = [];
      await expect
        .poll(async () => {
          const page = (await (
            await fetch(`${suite.server.url}/api/workbench/runs/${run.id}/results?limit=100`)
          ).json()) as ResultsPage;
          rows = page.rows;
          return page.complete;
        })
        .toBe(ROWS);
      // Ana agrees with the model on row 0 and not on row 1.
      const tone = (idx: number) => rows.find((r) => r.idx === idx)!.annotations![0]!.labels.ton!;
      const other = (t: string) => (t === "negativ" ? "pozitiv" : "negativ");
      await post(
        `/datasets/${datasetId}/items/0/labels`,
        { annotator: "Ana", labels: { ton: tone(0) } },
        "PUT",
      );
      await post(
        `/datasets/${datasetId}/items/1/labels`,
        { annotator: "Ana", labels: { ton: other(tone(1)) } },
        "PUT",
      );

      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}&run=${run.id}&view=results`);
      await page.getByTestId("results-table").waitFor();
      await expect.poll(() => page.getByTestId("results-row").count()).toBeGreaterThan(2);
      const chip = page.locator('[data-testid="results-filter"][data-filter="human_model_disagree"]');
      expect(await chip.locator("xpath=..").innerText()).toBe("om ≠ model");
      await chip.check();
      await expect
        .poll(async () => page.getByTestId("results-row").evaluateAll((els) => els.map((e) => e.dataset.idx)))
        .toEqual(["1"]);
      expect(errors).toEqual([]);
    },
  );
});
