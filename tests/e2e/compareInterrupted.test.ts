// A comparison whose server stops mid-run, in a real browser: the server is closed while the page polls a slow run and
// a new one starts on the same data and port; the reloaded page shows the run as interrupted (Romanian, then English),
// with the answers that were kept, their figures and the downloads, and no stop button.
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseCompareModels, hasChromium, launchBrowser } from "../support/browser";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "../support/server";
import { step } from "../support/steps";

describe.skipIf(!hasChromium)("browser: a comparison its server did not finish", () => {
  const dir = tempCorpus();
  let fake: FakeServer;
  let browser: Browser;
  const servers: TestServer[] = [];
  const env = () => ({
    MODEL_PRIMARY: "openai-compatible:rapid",
    MODEL_FALLBACK: "",
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
  });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // Slow answers, so that the run is still going when its server is closed.
    fake.setDefault({ text: "Răspunsul modelului de test despre pensii [1].", delayMs: 300 });
    servers.push(await startTestServer(env(), dir, { clientDir: CLIENT_DIR, keepDir: true }));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the run as interrupted after a restart, with the answers kept, their figures and the downloads", async () => {
    const first = servers[0]!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${first.url}/?page=compare`);
    await chooseCompareModels(page, ["openai-compatible:rapid"]);
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    await page.getByTestId("compare-temperatures").fill("0");
    await page.getByTestId("compare-run").click();
    await page.getByTestId("compare-stop").waitFor({ timeout: 10_000 });
    await expect
      .poll(
        async () => Number((await page.getByTestId("compare-progress").innerText()).match(/(\d+) din/)?.[1]),
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThanOrEqual(2);

    // The server goes away mid-run; another starts on the same data and port.
    const port = first.app.port();
    await step("closing the first server", 30_000, first.close());
    servers.pop();
    servers.push(
      await step(
        "starting the second server on the same port",
        30_000,
        startTestServer(env(), dir, { clientDir: CLIENT_DIR, keepDir: true, port }),
      ),
    );
    await page.reload();

    const notice = page.getByTestId("compare-interrupted");
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute("data-reason")).toBe("server");
    const [done, total] = (await notice.innerText()).match(/\d+/g)!.map(Number);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(total!);
    expect(await notice.innerText()).toContain("Serverul care rula comparația s-a oprit");
    expect(await page.getByTestId("compare-stop").count()).toBe(0);
    expect(await page.getByTestId("compare-run").isDisabled()).toBe(false);
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("compare-recommendation").count()).toBe(0);
    expect(await page.getByTestId("answer-mark").count()).toBeGreaterThan(0);
    const csv = await page
      .locator('[data-testid="compare-downloads"] a[href*="format=csv"]')
      .getAttribute("href");
    const response = await fetch(`${servers[0]!.url}${csv}`, { signal: AbortSignal.timeout(30_000) });
    expect(response.status).toBe(200);
    // The header and one line per answer kept.
    expect((await response.text()).trim().split("\n").length).toBeGreaterThanOrEqual(done! + 1);

    await page.getByTestId("lang-en").click();
    await expect.poll(() => notice.innerText()).toContain("The server running this comparison stopped");
    await page.close();
  }, 150_000);
});
