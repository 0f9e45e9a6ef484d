// The "Adnotare" page in a real browser against the real server (SQLite in a temp dir): a Windows-1250 CSV with a
// gold column is dropped on the page, mapped and annotated by offline:lexicon and a local stand-in provider; the
// page follows the run live, picks it up again after a reload and after a server restart (the job resumes, no
// outcome stored twice), five rows are reviewed blind with the keyboard, agreement shows (with two more people's
// evidence agreement), and the CSV and XLSX exports are downloaded and read back. The server's own integration test
// covers the API in depth; this one is about the page.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { legibility } from "../support/legibility";
import type { Annotation } from "../../contract/annotation";
import type { ResultsPage } from "../../contract/workbench";
import { hasChromium, launchBrowser } from "../support/browser";
import { startFakeOpenAI, type FakeServer, type OpenAIChatBody } from "../support/fakeOpenAI";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "../support/server";

const FAKE = "openai-compatible:fals-adnotator";
const LEXICON = "offline:lexicon";
const ROWS = 40;
const REPEATS = 2;
const OUTCOMES = ROWS * 2 * REPEATS;

const TEMPLATES: [string, string][] = [
  ["Hoţii de la putere ne fură pensiile, iar poporul plăteşte!", "0"],
  ["Bravo, o decizie bună pentru şcoli şi profesori.", "2"],
  ["Guvernul a anunţat indexarea pensiilor cu 5% de la 1 ianuarie.", "1"],
  ["Poate că taxa nouă e bună, poate că nu; vom vedea.", "1"],
  ["Politicienii sunt nişte mincinoşi, toţi la fel.", "0"],
];

/** Rows numbered so that every text differs (the cache would otherwise answer repeats of the same text). */
function csvRows(): string[][] {
  return Array.from({ length: ROWS }, (_, i) => {
    const [text, gold] = TEMPLATES[i % TEMPLATES.length]!;
    return [`c${i + 1}`, `${text} (nr. ${i + 1})`, gold];
  });
}

function windows1250Csv(rows: string[][]): Buffer {
  const cell = (c: string) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const lines = [["id", "text", "eticheta"], ...rows].map((r) => r.map(cell).join(";"));
  return iconv.encode(lines.join("\r\n") + "\r\n", "win1250");
}

function fakeAnswer(text: string): Annotation {
  return {
    ton: /Bravo/.test(text) ? "pozitiv" : /Poate|anun[ţț]at/.test(text) ? "neutru" : "negativ",
    populism: /poporul/.test(text),
    anti_elitism: /Ho[ţț]ii|Politicienii/.test(text),
    popor_central: /poporul/.test(text),
    tema: /pensii/.test(text) ? "pensii" : "altele",
    tinta: null,
    incredere: /Poate/.test(text) ? 0.4 : 0.9,
    justificare: "Răspunsul modelului de test.",
    dovezi: [],
  };
}

const progressOf = async (page: Page) => {
  const bar = page.getByTestId("run-progress");
  return {
    done: Number(await bar.getAttribute("data-done")),
    total: Number(await bar.getAttribute("data-total")),
  };
};

describe.skipIf(!hasChromium)("browser: the annotation workbench", () => {
  let fake: FakeServer;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const dir = tempCorpus();
  const env = {
    MODEL_PRIMARY: FAKE,
    OPENAI_COMPATIBLE_BASE_URL: "",
    OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
    // Two calls at a time and a slow stand-in: the run lasts long enough to reload and restart in the middle.
    WORKBENCH_CONCURRENCY: "2",
  };

  const start = (port?: number) =>
    startTestServer({ ...env, OPENAI_COMPATIBLE_BASE_URL: fake.url }, dir, {
      clientDir: CLIENT_DIR,
      port,
      keepDir: true,
    });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.setDefault((request) => {
      const body = request.body as OpenAIChatBody;
      const user = body.messages?.find((m) => m.role === "user");
      const text = typeof user?.content === "string" ? user.content : "";
      return { json: fakeAnswer(text), delayMs: 120 };
    });
    server = await start();
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "ro-RO",
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  let runId = "";

  it(
    "opens from its tab, uploads a Windows-1250 CSV, maps text and gold columns and creates the data set",
    { timeout: 60_000 },
    async () => {
      await page.goto(server.url);
      await page.getByTestId("nav-annotate").click();
      await page.getByTestId("workbench-page").waitFor();
      expect(new URL(page.url()).searchParams.get("page")).toBe("annotate");

      await page.getByTestId("dataset-upload").setInputFiles({
        name: "comentarii-vot.csv",
        mimeType: "text/csv",
        buffer: windows1250Csv(csvRows()),
      });
      await page.getByTestId("dataset-mapping").waitFor();
      const preview = await page.getByTestId("dataset-preview").innerText();
      // The file's cedilla ţ comes as comma-below ț, as on the corpus page.
      expect(preview).toContain("Hoții de la putere ne fură pensiile");
      expect(preview).not.toMatch(/[şţ]/);
      expect(await page.getByTestId("dataset-mapping").innerText()).toMatch(/Windows-1250/);

      await page.getByTestId("dataset-text-col").selectOption("text");
      if ((await page.getByTestId("dataset-gold").count()) === 0)
        await page.getByTestId("dataset-gold-add").click();
      await page.getByTestId("dataset-gold-field").first().selectOption("ton");
      await page.getByTestId("dataset-gold-col").first().selectOption("eticheta");
      // A gold column of 0/1/2 without a value map would lose every row's gold: creation waits for the map.
      await page.getByTestId("dataset-gold-map").first().fill("");
      expect(await page.getByTestId("dataset-create").isDisabled()).toBe(true);
      expect(await page.getByTestId("dataset-problems").innerText()).toContain("„0”, „1”, „2”");
      await page.getByTestId("dataset-gold-map").first().fill("0,1,2 → negativ,neutru,pozitiv");
      // A random sample of ten kept apart; the other thirty make the priority queue.
      await page.getByTestId("dataset-sample-size").fill("10");
      // What each raw value becomes is shown before anything is created.
      expect(await page.getByTestId("dataset-gold").first().innerText()).toMatch(/0\s*→\s*negativ/);
      await page.getByTestId("dataset-create").click();

      await page.getByTestId("dataset-view").waitFor();
      expect(await page.getByTestId("dataset-report").innerText()).toContain(`${ROWS} de rânduri importate`);
      expect(await page.getByTestId("dataset-view").innerText()).toMatch(/Ton/);
    },
  );

  it(
    "shows the estimate before starting, then the run's live progress per model",
    { timeout: 60_000 },
    async () => {
      await page.locator(`[data-testid="run-model"][data-model="${LEXICON}"]`).check();
      await page.locator(`[data-testid="run-model"][data-model="${FAKE}"]`).check();
      await page.getByTestId("run-repeats").fill(String(REPEATS));
      await expect
        .poll(() => page.getByTestId("run-estimate-calls").textContent({ timeout: 10_000 }))
        .toBe(String(OUTCOMES));
      // The page's language, not the server's English.
      expect(await page.getByTestId("run-estimate-basis").innerText()).toContain(
        "fiecare apel poartă promptul",
      );

      await page.getByTestId("run-start").click();
      await page.getByTestId("run-view").waitFor();
      runId = (await page.getByTestId("run-view").getAttribute("data-run")) ?? "";
      expect(runId).not.toBe("");
      expect(new URL(page.url()).searchParams.get("run")).toBe(runId);
      expect(await page.getByTestId("run-progress").getAttribute("data-total")).toBe(String(OUTCOMES));
      await expect.poll(async () => (await progressOf(page)).done, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await page.getByTestId("run-status").getAttribute("data-status")).toBe("running");
      expect(await page.locator('[data-testid="run-model-progress"]').count()).toBe(2);
    },
  );

  it("picks the run up again after a reload, where it had got to", { timeout: 60_000 }, async () => {
    const before = await progressOf(page);
    expect(before.done).toBeLessThan(before.total);
    await page.reload();
    await page.getByTestId("run-progress").waitFor();
    expect(await page.getByTestId("run-view").getAttribute("data-run")).toBe(runId);
    // The REST snapshot can be a beat behind the job; the socket's events bring the page up to date at once.
    await expect
      .poll(async () => (await progressOf(page)).done, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(before.done);
    const after = (await progressOf(page)).done;
    await expect.poll(async () => (await progressOf(page)).done, { timeout: 20_000 }).toBeGreaterThan(after);
  });

  it(
    "follows the job across a server restart: it resumes and finishes with every outcome stored once",
    { timeout: 150_000 },
    async () => {
      const port = Number(new URL(server.url).port);
      const beforeRestart = (await progressOf(page)).done;
      expect(beforeRestart).toBeLessThan(OUTCOMES);
      await server.close();
      server = await start(port);
      await expect
        .poll(() => page.getByTestId("run-status").getAttribute("data-status"), {
          timeout: 90_000,
          interval: 500,
        })
        .toBe("done");
      expect(await progressOf(page)).toEqual({ done: OUTCOMES, total: OUTCOMES });

      const results = (await (
        await fetch(`${server.url}/api/workbench/runs/${runId}/results?limit=500`)
      ).json()) as ResultsPage;
      expect(results.total).toBe(ROWS);
      for (const row of results.rows) {
        const keys = (row.annotations ?? []).map((a) => `${a.model}#${a.repeat}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(2 * REPEATS);
      }
    },
  );

  it("lists the results in the table with each model's labels", async () => {
    await page.getByTestId("view-results").click();
    await page.getByTestId("results-row").first().waitFor();
    expect(await page.getByTestId("results-table").getAttribute("data-total")).toBe(String(ROWS));
    const first = await page.getByTestId("results-row").first().innerText();
    expect(first).toMatch(/negativ|neutru|pozitiv/);
  });

  it(
    "reviews five rows blind with the keyboard: the models' labels appear only after each save",
    { timeout: 90_000 },
    async () => {
      await page.getByTestId("view-review").click();
      await page.getByTestId("review-annotator").fill("Ana");
      await page.getByTestId("review-annotator").press("Enter");
      expect(await page.getByTestId("review-blind").isChecked()).toBe(true);
      const seen = new Set<string>();
      for (let n = 0; n < 5; n++) {
        const card = page.locator('[data-testid="review-item"][data-saved="false"]');
        await card.waitFor();
        const idx = (await card.getAttribute("data-idx")) ?? "";
        // In view (the window is 800 pixels high): the keys label the text the reader sees.
        await expect.poll(async () => (await card.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
        expect((await card.boundingBox())!.y).toBeLessThan(600);
        expect(seen.has(idx)).toBe(false);
        seen.add(idx);
        await expect.poll(() => page.getByTestId("review-models").getAttribute("data-withheld")).toBe("true");
        // ton: negativ (2); populism, anti-elitism, people-centrism: no (2); topic: pensii (1).
        for (const key of ["2", "2", "2", "2", "1"]) await page.keyboard.press(key);
        await page.keyboard.press("Enter");
        await page.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
        await expect
          .poll(() => page.getByTestId("review-models").getAttribute("data-withheld"))
          .toBe("false");
        expect(await page.getByTestId("review-models").innerText()).toContain(FAKE);
        if (n === 0) expect.soft(await accessibilityViolations(page)).toEqual([]);
        await page.keyboard.press("Enter");
      }
      const labels = (await (
        await fetch(`${server.url}/api/workbench/datasets/${await datasetId()}/labels`)
      ).json()) as {
        labels: { annotator: string; blind: boolean; labels: Record<string, string> }[];
      };
      const ana = labels.labels.filter((l) => l.annotator === "Ana");
      expect(ana).toHaveLength(5);
      expect(ana.map((l) => [l.blind, l.labels.ton, l.labels.populism, l.labels.tema])).toEqual(
        Array.from({ length: 5 }, () => [true, "negativ", "false", "pensii"]),
      );
    },
  );

  async function datasetId(): Promise<string> {
    return (await page.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";
  }

  it(
    "shows agreement: κ for the pairs, named as too few rows at five reviewed rows",
    { timeout: 60_000 },
    async () => {
      // Two more people label one of Ana's rows and mark words as evidence (the first 4 and 8 characters): F1 2·4/12.
      const labelsUrl = `${server.url}/api/workbench/datasets/${await datasetId()}/labels`;
      const { labels } = (await (await fetch(labelsUrl)).json()) as { labels: { idx: number }[] };
      const idx = labels[0]!.idx;
      for (const [annotator, end] of [
        ["Dan", 4],
        ["Eva", 8],
      ] as const) {
        const saved = await fetch(
          `${server.url}/api/workbench/datasets/${await datasetId()}/items/${idx}/labels`,
          {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ annotator, labels: { ton: "negativ" }, evidence: [{ start: 0, end }] }),
          },
        );
        expect(saved.status).toBe(200);
      }
      await page.getByTestId("view-agreement").click();
      // Five reviewed rows are under the page's minimum (10): no verdict and no figures, the count instead.
      await page.getByTestId("agreement-too-few").waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("agreement-too-few").innerText()).toContain("n = 5");
      expect(await page.getByTestId("agreement-verdict").count()).toBe(0);
      const humanModel = page.locator('[data-testid="agreement-pairs"][data-kind="human-model"]');
      await humanModel.waitFor();
      expect(await page.getByTestId("agreement").innerText()).toContain("κ");
      expect(await humanModel.innerText()).toContain("prea puține rânduri (n = 5)");
      expect(await humanModel.locator('[data-too-few="true"]').count()).toBeGreaterThan(0);
      expect(await page.getByTestId("methods").innerText()).toMatch(/offline:lexicon/);
      const evidencePair = page.locator(
        '[data-testid="agreement-evidence-pair"][data-a="human:Dan"][data-b="human:Eva"]',
      );
      expect(await evidencePair.innerText()).toMatch(/0,67\s+prea puține rânduri \(n = 1\)/);
      expect.soft(await accessibilityViolations(page)).toEqual([]);
      // On a projector (presentation mode) the forest plots' scale is readable from the back of the room.
      await page.getByTestId("present-toggle").click();
      const ticks = await legibility(page, ".wb-forest-tick, .wb-forest-value, .wb-forest-few");
      expect(ticks.count).toBeGreaterThan(2);
      expect(ticks.minSizeRatio).toBeGreaterThanOrEqual(0.75);
      expect(ticks.minContrast).toBeGreaterThanOrEqual(7);
      expect.soft(await accessibilityViolations(page)).toEqual([]);
      await page.getByTestId("present-toggle").click();
    },
  );

  it(
    "exports CSV and XLSX that read back with every outcome and the person's labels",
    { timeout: 60_000 },
    async () => {
      const [csvDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-csv").click(),
      ]);
      // Named after the data set and the day, never "comentarii-vot.csv": saved beside the upload, it replaced it.
      expect(csvDownload.suggestedFilename()).toMatch(/-adnotari-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(csvDownload.suggestedFilename()).not.toBe("comentarii-vot.csv");
      const csv = readFileSync((await csvDownload.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parse(csv.subarray(3).toString("utf8"), {
        columns: true,
        skip_empty_lines: true,
      }) as Record<string, string>[];
      expect(records).toHaveLength(OUTCOMES);
      expect(records.some((r) => Object.values(r).some((v) => v.includes("Hoții de la putere")))).toBe(true);
      expect(Object.keys(records[0]!).some((c) => c.includes("Ana"))).toBe(true);

      const [xlsxDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-xlsx").click(),
      ]);
      const workbook = new ExcelJS.Workbook();
      expect(xlsxDownload.suggestedFilename()).toMatch(/-adnotari-\d{4}-\d{2}-\d{2}\.xlsx$/);
      await workbook.xlsx.readFile((await xlsxDownload.path())!);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.actualRowCount - 1).toBe(OUTCOMES);
      expect(workbook.worksheets.length).toBeGreaterThanOrEqual(2);
    },
  );

  it("a refused file takes the previous file's preview away, so nothing is created from it", async () => {
    await page.goto(`${server.url}/?page=annotate`);
    await page.getByTestId("workbench-page").waitFor();
    await page.getByTestId("dataset-upload").setInputFiles({
      name: "bun.csv",
      mimeType: "text/csv",
      buffer: windows1250Csv(csvRows()),
    });
    await page.getByTestId("dataset-mapping").waitFor();
    await page.getByTestId("dataset-upload").setInputFiles({
      name: "gol.csv",
      mimeType: "text/csv",
      buffer: Buffer.alloc(0),
    });
    await expect.poll(() => page.getByTestId("dataset-error").innerText()).toContain("gol.csv");
    expect(await page.getByTestId("dataset-mapping").count()).toBe(0);
    expect(await page.getByTestId("dataset-create").count()).toBe(0);
  });

  it("threw nothing in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
