// The past comparisons in a real browser: a small comparison run on the page appears in "Comparații anterioare" as
// soon as it ends (an offline one, over before the page's first poll, too); a page opened afresh (no run in its address) lists it, reopens it from the list with its figures, answers and
// downloads and the run's id in the address; a running run shows as running and opening it follows its progress; a
// deletion, once confirmed, takes a run off the list and off the page.
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseCompareModels, hasChromium, launchBrowser } from "../support/browser";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "../support/server";

describe.skipIf(!hasChromium)("browser: the past comparisons", () => {
  const dir = tempCorpus();
  let fake: FakeServer;
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ text: "Răspunsul modelului de test despre pensii [1].", delayMs: 20 });
    server = await startTestServer(
      {
        MODEL_PRIMARY: "openai-compatible:rapid",
        MODEL_FALLBACK: "",
        OPENAI_COMPATIBLE_BASE_URL: fake.url,
        OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
      },
      dir,
      { clientDir: CLIENT_DIR, keepDir: true },
    );
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists a finished run, reopens it from the list after a fresh load, follows a running one and deletes one", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?page=compare`);
    await page.getByTestId("compare-history-empty").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("compare-history").innerText()).toContain("Comparații anterioare");

    // A small comparison, run on the page. Offline runs can end before the page's first poll (under half a second):
    // the page's reads of the run are held here until it is over, so that the page never sees it running; the list
    // shows it all the same, without a reload.
    const runRead = /\/api\/compare\/[0-9a-f-]{36}(\?.*)?$/;
    await page.route(runRead, async (route) => {
      const id = new URL(route.request().url()).pathname.split("/").pop();
      const status = async () =>
        ((await (await fetch(`${server.url}/api/compare/${id}?cases=0`)).json()) as { status: string })
          .status;
      await expect.poll(status, { timeout: 30_000 }).not.toBe("running");
      await route.continue();
    });
    await chooseCompareModels(page, ["offline:extractive", "offline:lexicon"]);
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    await page.getByTestId("compare-temperatures").fill("0");
    await page.getByTestId("compare-run").click();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    await page.unroute(runRead);
    const runId = new URL(page.url()).searchParams.get("comparison");
    expect(runId).toBeTruthy();
    const item = page.locator(`[data-testid="compare-history-item"][data-run-id="${runId}"]`);
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("done");
    expect(await item.innerText()).toContain("terminată");
    expect(await item.innerText()).toContain("offline:lexicon");
    expect(await item.innerText()).toMatch(/cel mai bun: offline:extractive/);

    // A page opened afresh, without the run in its address: the run is in the list, and opens from it.
    await page.goto(`${server.url}/?page=compare`);
    await item.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("compare-summary").count()).toBe(0);
    expect(await page.getByTestId("compare-history-item").count()).toBe(1);
    await item.getByTestId("compare-history-open").click();
    await page.getByTestId("compare-summary").waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get("comparison")).toBe(runId);
    await page.getByTestId("compare-cases").waitFor();
    expect(await page.getByTestId("answer-mark").count()).toBeGreaterThan(0);
    const csv = await page
      .locator('[data-testid="compare-downloads"] a[href*="format=csv"]')
      .getAttribute("href");
    expect((await fetch(`${server.url}${csv}`)).status).toBe(200);
    // The report is saved under the run's name, on the link and from the server alike.
    const md = page.getByTestId("compare-download-md");
    const name = (await md.getAttribute("download"))!;
    expect(name).toMatch(new RegExp(`^comparatie-\\d{4}-\\d{2}-\\d{2}-\\d{4}-${runId!.slice(0, 8)}\\.md$`));
    const report = await fetch(`${server.url}${await md.getAttribute("href")}`);
    expect(report.headers.get("content-disposition")).toBe(`attachment; filename=${name}`);
    expect(await item.getByTestId("compare-history-open").getAttribute("aria-current")).toBe("true");

    // A slow run started elsewhere (another tab) shows as running; opening it follows its progress to its end.
    fake.setDefault({ text: "Răspuns lent despre pensii [1].", delayMs: 150 });
    const started = await fetch(`${server.url}/api/compare`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ models: ["openai-compatible:rapid"], temperatures: [0] }),
    });
    expect(started.status).toBe(202);
    const slowId = ((await started.json()) as { runId: string }).runId;
    await page.reload();
    const slow = page.locator(`[data-testid="compare-history-item"][data-run-id="${slowId}"]`);
    await slow.waitFor({ timeout: 10_000 });
    expect(await slow.getAttribute("data-status")).toBe("running");
    expect(await slow.innerText()).toContain("rulează");
    expect(await slow.getByTestId("compare-history-delete").count()).toBe(0);
    await slow.getByTestId("compare-history-open").click();
    await page.getByTestId("compare-stop").waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get("comparison")).toBe(slowId);
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    await expect.poll(() => slow.getAttribute("data-status"), { timeout: 10_000 }).toBe("done");

    // Deleting the run shown, once confirmed: off the list, off the page and out of the address.
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await slow.getByTestId("compare-history-delete").click();
    await slow.waitFor({ state: "detached", timeout: 10_000 });
    expect(asked).toContain("Ștergeți comparația din");
    expect(await page.getByTestId("compare-history-item").count()).toBe(1);
    expect(await page.getByTestId("compare-summary").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("comparison")).toBeNull();
    expect((await fetch(`${server.url}/api/compare/${slowId}`)).status).toBe(404);
    // Dismissed, nothing is deleted.
    page.once("dialog", (dialog) => void dialog.dismiss());
    await item.getByTestId("compare-history-delete").click();
    expect(await page.getByTestId("compare-history-item").count()).toBe(1);
    await page.close();
  }, 180_000);
});
