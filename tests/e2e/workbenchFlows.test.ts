// More of the "Adnotare" page in a real browser against the real server: a data set built from the corpus with the
// chat's filters and a seeded sample (the same seed draws the same rows again); a run stopped and resumed from the
// page, finishing without a row stored twice; deleting a data set (refused while its run goes, then confirmed); the
// page in English; and at phone width nothing overflows sideways and the key controls stay within reach.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import type { Annotation } from "../../contract/annotation";
import type { DatasetsResponse, ResultsPage, RunResponse } from "../../contract/workbench";
import { focusedTestId, hasChromium, openPage } from "../support/browser";
import { fakeOpenAIBrowserSuite } from "../support/fakeOpenAIBrowser";
import { createDatasetInPage, numberedCsv, readyUnsavedCard } from "../support/labelling";

const FAKE = "openai-compatible:fals-adnotator";
const LEXICON = "offline:lexicon";
const ROWS = 24;

const ANSWER: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "altele",
  tinta: null,
  incredere: 0.8,
  justificare: "Răspunsul modelului de test.",
  dovezi: [],
};

const csv = () =>
  ["id,text", ...Array.from({ length: ROWS }, (_, i) => `c${i},Guvernul a mai scumpit ceva (nr. ${i})`)].join(
    "\n",
  );

async function api<T>(base: string, route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${base}/api/workbench${route}`, init);
  return (await res.json()) as T;
}

/** A lexicon run started over REST, awaited: the rows of a data set as the results table reads them. */
async function lexiconRows(base: string, datasetId: string): Promise<ResultsPage["rows"]> {
  const { run } = await api<RunResponse>(base, "/runs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ datasetId, models: [LEXICON] }),
  });
  for (let i = 0; i < 100; i++) {
    const { job } = await api<RunResponse>(base, `/runs/${run.id}`);
    if (job.status === "done") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await api<ResultsPage>(base, `/runs/${run.id}/results?limit=500`)).rows;
}

const progressDone = async (page: Page) =>
  Number(await page.getByTestId("run-progress").getAttribute("data-done"));
const status = (page: Page) => page.getByTestId("run-status").getAttribute("data-status");

describe.skipIf(!hasChromium)("browser: workbench flows", () => {
  // One call at a time, each a little slow: the run lasts long enough to stop it and resume it.
  const suite = fakeOpenAIBrowserSuite(() => ({ json: ANSWER, delayMs: 150 }), {
    MODEL_PRIMARY: FAKE,
    OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
    WORKBENCH_CONCURRENCY: "1",
  });
  let page: Page;
  let errors: string[] = [];
  let corpusDataset = "";

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await page.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "builds a data set from the corpus with a platform filter and a seeded sample, the same rows for the same seed",
    { timeout: 60_000 },
    async () => {
      const build = async (name: string) => {
        await page.getByTestId("dataset-new-corpus").click();
        await page.locator('[data-testid="filter-platform"][value="youtube"]').check();
        await page.getByTestId("corpus-sample-size").fill("6");
        await page.getByTestId("corpus-sample-seed").fill("11");
        await page.getByTestId("corpus-name").fill(name);
        await page.getByTestId("corpus-create").click();
        await page.locator(`[data-testid="dataset-view"]`).waitFor();
        await expect.poll(() => page.locator("#wb-datasets-title").innerText()).toContain(name);
        return (await page.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";
      };
      const first = await build("YouTube, eșantion 6");
      expect(await page.getByTestId("dataset-view").innerText()).toMatch(/6 rânduri/);
      expect(await page.getByTestId("dataset-view").innerText()).toContain(
        "corpus (platforme: YouTube; eșantion aleator de 6 (sămânța 11))",
      );
      await page.getByTestId("dataset-choose").click();
      const second = await build("YouTube, același eșantion");
      expect(second).not.toBe(first);

      const [a, b] = [
        await lexiconRows(suite.server.url, first),
        await lexiconRows(suite.server.url, second),
      ];
      expect(a).toHaveLength(6);
      expect(a.every((row) => row.meta.platform === "youtube")).toBe(true);
      expect(b.map((row) => row.itemId)).toEqual(a.map((row) => row.itemId));
      corpusDataset = first;
    },
  );

  it(
    "stops a run from the page and resumes it: it finishes with every row annotated once",
    { timeout: 90_000 },
    async () => {
      await page.getByTestId("dataset-choose").click();
      await page.getByTestId("dataset-new-upload").click();
      await page
        .getByTestId("dataset-upload")
        .setInputFiles({ name: "oprire.csv", mimeType: "text/csv", buffer: Buffer.from(csv()) });
      await page.getByTestId("dataset-mapping").waitFor();
      await page.getByTestId("dataset-text-col").selectOption("text");
      await page.getByTestId("dataset-create").click();
      await page.getByTestId("dataset-view").waitFor();
      await page.locator(`[data-testid="run-model"][data-model="${LEXICON}"]`).uncheck();
      await page.locator(`[data-testid="run-model"][data-model="${FAKE}"]`).check();
      await page.getByTestId("run-start").click();
      await page.getByTestId("run-view").waitFor();
      await expect.poll(() => progressDone(page), { timeout: 20_000 }).toBeGreaterThan(2);

      await page.getByTestId("run-stop").click();
      await expect.poll(() => status(page), { timeout: 10_000 }).toBe("stopped");
      const stoppedAt = await progressDone(page);
      expect(stoppedAt).toBeLessThan(ROWS);
      await page.waitForTimeout(800);
      expect(await progressDone(page)).toBe(stoppedAt);
      expect(await page.getByTestId("run-stop").count()).toBe(0);

      await page.getByTestId("run-resume").click();
      await expect.poll(() => status(page), { timeout: 10_000 }).toBe("running");
      await expect.poll(() => status(page), { timeout: 30_000, interval: 300 }).toBe("done");
      expect(await progressDone(page)).toBe(ROWS);

      const runId = (await page.getByTestId("run-view").getAttribute("data-run")) ?? "";
      const rows = (await api<ResultsPage>(suite.server.url, `/runs/${runId}/results?limit=500`)).rows;
      expect(rows).toHaveLength(ROWS);
      expect(rows.every((row) => row.annotations?.length === 1)).toBe(true);
      // The call the stop cut short is made again, and nothing else is.
      const calls = suite.openai.requests.filter((r) => r.path.includes("chat/completions")).length;
      expect(calls).toBeGreaterThanOrEqual(ROWS);
      expect(calls).toBeLessThanOrEqual(ROWS + 1);
    },
  );

  it(
    "deletes a data set after a confirmation, and refuses while its run goes, saying why",
    { timeout: 60_000 },
    async () => {
      await page.getByTestId("run-new").click();
      await page.locator(`[data-testid="run-model"][data-model="${LEXICON}"]`).uncheck();
      await page.locator(`[data-testid="run-model"][data-model="${FAKE}"]`).check();
      await page.locator('[data-testid="run-repeats"]').fill("2");
      await page.getByTestId("run-start").click();
      await expect.poll(() => status(page), { timeout: 10_000 }).toBe("running");
      const datasetId = (await page.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";

      await page.getByTestId("dataset-delete").click();
      await page.getByRole("alertdialog").waitFor();
      expect(await page.getByRole("alertdialog").innerText()).toContain(`${ROWS} de rânduri`);
      // Focus on the safe answer; Esc takes the question back and gives focus to the button that asked it.
      expect(await focusedTestId(page)).toBe("dataset-delete-cancel");
      await page.keyboard.press("Escape");
      expect(await page.getByRole("alertdialog").count()).toBe(0);
      expect(await focusedTestId(page)).toBe("dataset-delete");
      await page.getByTestId("dataset-delete").click();
      await page.getByTestId("dataset-delete-confirm").click();
      await expect
        .poll(() => page.getByTestId("dataset-delete-error").innerText())
        .toContain("rulează o adnotare");
      expect(await page.getByTestId("dataset-view").count()).toBe(1);
      // Refused: the focus, which fell to the page while the buttons waited, is back on the safe answer.
      expect(await focusedTestId(page)).toBe("dataset-delete-cancel");

      await page.getByTestId("run-stop").click();
      await expect.poll(() => status(page), { timeout: 10_000 }).toBe("stopped");
      await page.getByTestId("dataset-delete-confirm").click();
      await expect.poll(() => page.getByTestId("dataset-view").count()).toBe(0);
      expect(new URL(page.url()).searchParams.get("dataset")).toBeNull();
      const ids = (await page
        .getByTestId("dataset-item")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-dataset")))) as string[];
      expect(ids).not.toContain(datasetId);
      expect(ids).toContain(corpusDataset);
      const listed = await api<DatasetsResponse>(suite.server.url, "/datasets");
      expect(listed.datasets.map((d) => d.id)).not.toContain(datasetId);
    },
  );

  it(
    "switches to English: the page's labels, statuses and the server's messages",
    { timeout: 60_000 },
    async () => {
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${corpusDataset}`);
      await page.getByTestId("run-view").waitFor();
      // The lexicon's justifications, in Romanian as it wrote them, then read in English.
      const justification = page.locator(".wb-justification").first();
      await expect
        .poll(() => justification.innerText(), { timeout: 10_000 })
        .toMatch(/^Ton (pozitiv|negativ|neutru): /);
      await page.getByTestId("lang-en").click();
      await expect.poll(() => page.getByTestId("nav-annotate").innerText()).toBe("Annotate");
      expect(await justification.innerText()).toMatch(/^(Positive|Negative|Neutral) tone: /);
      expect(await page.locator("#wb-datasets-title").innerText()).toMatch(/^Data set: /);
      expect(await page.getByTestId("view-results").innerText()).toBe("Results");
      expect(await page.getByTestId("view-review").innerText()).toBe("Review");
      expect(await page.getByTestId("run-status").innerText()).toMatch(/done/i);
      expect(await page.getByTestId("dataset-view").innerText()).toMatch(/6 rows/);
      await page.getByTestId("view-agreement").click();
      await page.getByTestId("agreement").waitFor();
      const text = await page.getByTestId("workbench-page").innerText();
      // No Romanian label of the page's own is left (data such as texts and names stay as they are).
      for (const ro of ["Rezultate", "Revizuire", "Seturi de date", "rânduri", "terminată", "Acord"]) {
        expect(text).not.toContain(ro);
      }
      expect.soft(await accessibilityViolations(page)).toEqual([]);
      await page.getByTestId("lang-ro").click();
      await expect.poll(() => page.getByTestId("nav-annotate").innerText()).toBe("Adnotare");
    },
  );

  it(
    "Back and Forward move between the data set list, a run's results and its agreement view, inside the app",
    { timeout: 60_000 },
    async () => {
      const nav = await openPage(suite.browser, `${suite.server.url}/?page=annotate`);
      const p = nav.page;
      const param = (name: string) => new URL(p.url()).searchParams.get(name);
      const current = (view: string) => p.getByTestId(`view-${view}`).getAttribute("aria-current");
      await p.locator(`[data-testid="dataset-item"][data-dataset="${corpusDataset}"]`).click();
      await p.getByTestId("run-view").waitFor({ timeout: 10_000 });
      await expect.poll(() => param("run")).not.toBeNull();
      const runId = param("run");
      await p.getByTestId("view-agreement").click();
      await p.getByTestId("agreement").waitFor();
      expect(param("view")).toBe("agreement");

      await p.goBack();
      await expect.poll(() => current("results")).toBe("page");
      expect(param("view")).toBeNull();
      expect(param("run")).toBe(runId);
      // The run the page opened by itself replaced its entry: Back leaves the data set instead of reopening it.
      await p.goBack();
      await p.getByTestId("dataset-list").waitFor();
      expect(param("dataset")).toBeNull();
      expect(param("page")).toBe("annotate");
      expect(await p.getByTestId("run-view").count()).toBe(0);

      await p.goForward();
      await expect.poll(() => current("results"), { timeout: 10_000 }).toBe("page");
      await p.goForward();
      await p.getByTestId("agreement").waitFor();
      expect(await current("agreement")).toBe("page");
      expect(nav.errors).toEqual([]);
      await nav.context.close();
    },
  );
  it(
    "labels two rows before any run, and a later run counts them in its agreement",
    { timeout: 90_000 },
    async () => {
      await page.goto(`${suite.server.url}/?page=annotate`);
      const datasetId = await createDatasetInPage(
        page,
        "etichete.csv",
        numberedCsv(12, "e", "Pensiile cresc iar"),
      );

      // The data set's own labelling: in the address with no run, no models and no blind switch.
      await page.getByTestId("dataset-label").click();
      await page.getByTestId("label-view").waitFor();
      expect(new URL(page.url()).searchParams.get("view")).toBe("label");
      expect(new URL(page.url()).searchParams.get("run")).toBeNull();
      expect(await page.getByTestId("review-blind").count()).toBe(0);
      await page.getByTestId("review-annotator").fill("Ion");
      await page.getByTestId("review-annotator").press("Enter");
      const labelled: string[] = [];
      for (let n = 0; n < 2; n++) {
        // Read whole: keys pressed while the row loads choose nothing.
        const { idx } = await readyUnsavedCard(page);
        expect(labelled).not.toContain(idx);
        labelled.push(idx);
        // ton: negativ (2); populism, anti-elitism, people-centrism: no (2); topic: pensii (1).
        for (const key of ["2", "2", "2", "2", "1"]) await page.keyboard.press(key);
        await page.keyboard.press("Enter");
        await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
        await page.keyboard.press("Enter");
      }
      await expect.poll(() => page.getByTestId("review-remaining").innerText()).toMatch(/10\D.*12/);
      const saved = (
        await api<{ labels: { annotator: string; idx: number }[] }>(
          suite.server.url,
          `/datasets/${datasetId}/labels`,
        )
      ).labels.filter((l) => l.annotator === "Ion");
      expect(saved.map((l) => String(l.idx)).sort()).toEqual([...labelled].sort());

      // A run afterwards: its review opens on the sample (every row of a 12-row set is in it, so the priority queue
      // is empty), past the two rows already labelled, and its agreement counts them.
      await page.locator(`[data-testid="run-model"][data-model="${LEXICON}"]`).check();
      await page.locator(`[data-testid="run-model"][data-model="${FAKE}"]`).uncheck();
      await page.getByTestId("run-start").click();
      await page.getByTestId("run-view").waitFor();
      await expect.poll(() => status(page), { timeout: 30_000, interval: 300 }).toBe("done");
      expect(new URL(page.url()).searchParams.get("view")).toBe("review");
      await expect
        .poll(() => page.getByTestId("review-mode-sample").getAttribute("aria-pressed"))
        .toBe("true");
      // Moved there by itself: the hint says why.
      expect(await page.getByTestId("review-mode-hint").innerText()).toContain(
        "Coada de prioritate nu are rânduri pentru dumneavoastră",
      );
      const next = page.locator('[data-testid="review-item"][data-saved="false"]');
      await next.waitFor();
      expect(labelled).not.toContain(await next.getAttribute("data-idx"));
      await page.getByTestId("view-agreement").click();
      await page.getByTestId("agreement-too-few").waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("agreement-too-few").innerText()).toContain("n = 2");
      expect(await page.getByTestId("agreement").innerText()).toContain("Ion");
    },
  );

  it(
    "fits a phone: nothing overflows sideways and the key controls are within reach",
    { timeout: 60_000 },
    async () => {
      const phone = await openPage(suite.browser, `${suite.server.url}/?page=annotate`, {
        viewport: { width: 390, height: 844 },
      });
      const p = phone.page;
      // The page scrolls inside its own <main> (overflow: auto): neither it nor the document may be wider than the
      // screen. Wide tables scroll within their own boxes, which is fine.
      const overflow = () =>
        p.evaluate(() =>
          Math.max(
            ...[document.documentElement, document.querySelector('[data-testid="workbench-page"]')!].map(
              (el) => el.scrollWidth - el.clientWidth,
            ),
          ),
        );
      const reachable = async (testId: string) => {
        const target = p.getByTestId(testId).first();
        await target.scrollIntoViewIfNeeded();
        const box = await target.boundingBox();
        expect(box, testId).not.toBeNull();
        expect(box!.x, testId).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, testId).toBeLessThanOrEqual(390 + 1);
      };
      try {
        await p.getByTestId("workbench-page").waitFor();
        await reachable("nav-annotate");
        // Every page tab in sight at once (short names), none hidden past the bar's edge.
        const tabs = p.locator("nav.page-tabs");
        expect(await tabs.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
        expect(await p.getByTestId("nav-compare").innerText()).toBe("Compară");
        await reachable("dataset-new-upload");
        expect(await overflow()).toBeLessThanOrEqual(0);

        await p.goto(`${suite.server.url}/?page=annotate&dataset=${corpusDataset}`);
        await p.getByTestId("run-view").waitFor();
        await p.getByTestId("results-row").first().waitFor();
        expect(await overflow()).toBeLessThanOrEqual(0);
        for (const id of ["run-status", "view-results", "view-review", "view-agreement", "export-csv"])
          await reachable(id);
        // The run's view tabs wrap on a phone: all in sight, none past the bar's edge ("Acord" was, clipped).
        const viewTabs = p.locator("nav.wb-tabs");
        expect(await viewTabs.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

        await p.getByTestId("view-review").click();
        await p.getByTestId("review-annotator").fill("Ana");
        await p.getByTestId("review-annotator").press("Enter");
        // Six rows, all in the random sample kept apart: the sample is what there is to review.
        await p.getByTestId("review-mode-sample").click();
        await p.locator('[data-testid="review-item"]:not([aria-busy])').waitFor();
        expect(await overflow()).toBeLessThanOrEqual(0);
        await reachable("review-save");
        await reachable("review-next");

        await p.getByTestId("view-agreement").click();
        await p.getByTestId("agreement").waitFor();
        expect(await overflow()).toBeLessThanOrEqual(0);
        expect(phone.errors).toEqual([]);
      } finally {
        await phone.context.close();
      }
    },
  );

  it("threw nothing in the page", () => {
    // The refused deletion is an answer the page expects (409), which the browser logs as a failed load.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
