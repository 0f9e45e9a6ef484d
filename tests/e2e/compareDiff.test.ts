// "Compară două comparații" in a real browser: two finished runs of the offline model (the second after two checks
// were fixed and one broken) are picked in "Comparații anterioare" and opened side by side: both runs' headers, the
// pass rate per model A → B with its delta and chart, "2 reparate, 1 stricat", only the changed cases until "Toate"
// is chosen; a fixed case opened shows its answers of A and B side by side; the pair is in the address, so the same
// view opens from a link, and the English switch words it all.
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareRunResponse } from "../../contract/compare";
import { hasChromium, launchBrowser } from "../support/browser";
import { CLIENT_DIR, startTestServer, tempCorpus, type TestServer } from "../support/server";

const SOURCE = "Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.";

/** Four cases answered by the extractive model from their source; `words` are the checks of c2, c3 and c4. */
function suite(words: [string, string, string]) {
  return {
    name: "Pensii",
    cases: [
      {
        id: "c1",
        criterion: "romana",
        title: "Limba",
        prompt: "Ce se întâmplă?",
        sources: [SOURCE],
        assert: [{ type: "language" }],
      },
      ...words.map((word, i) => ({
        id: `c${i + 2}`,
        criterion: "instructiuni",
        title: `Cuvântul ${i + 2}`,
        titleEn: `Word ${i + 2}`,
        prompt: "Ce se întâmplă cu pensiile?",
        sources: [SOURCE],
        assert: [{ type: "contains", value: word }],
      })),
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasChromium)("browser: two comparisons side by side", () => {
  const dir = tempCorpus();
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ MODEL_FALLBACK: "" }, dir, { clientDir: CLIENT_DIR, keepDir: true });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(words: [string, string, string]): Promise<string> {
    const started = await fetch(`${server.url}/api/compare`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ models: ["offline:extractive"], suite: suite(words), temperatures: [0] }),
    });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    for (let i = 0; i < 600; i++) {
      const read = (await (
        await fetch(`${server.url}/api/compare/${runId}?cases=0`)
      ).json()) as CompareRunResponse;
      if (read.status !== "running") return runId;
      await sleep(50);
    }
    throw new Error(`run ${runId} still running`);
  }

  it("opens two picked runs side by side, with only the changes, from the list and from a link, in both languages", async () => {
    // A: c2 and c4 fail, c3 passes; B: c2 and c4 fixed, c3 broken.
    const a = await run(["nicidecum", "pensii", "nicidecum"]);
    const b = await run(["pensii", "nicidecum", "pensii"]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?page=compare`);
    const item = (id: string) => page.locator(`[data-testid="compare-history-item"][data-run-id="${id}"]`);
    await item(a).waitFor({ timeout: 10_000 });
    const open = page.getByTestId("compare-diff-open");
    expect(await open.isDisabled()).toBe(true);
    expect(await item(b).innerText()).toContain("Compară cu…");
    // Newer first in the list; picked in any order, the older is A.
    await item(b).getByTestId("compare-history-pick").check();
    expect(await open.isDisabled()).toBe(true);
    await item(a).getByTestId("compare-history-pick").check();
    expect(await open.isDisabled()).toBe(false);
    await open.click();

    const view = page.getByTestId("compare-diff");
    await view.getByTestId("compare-diff-model").first().waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get("diff")).toBe(`${a},${b}`);
    expect(
      await view.locator('[data-testid="compare-diff-run"][data-side="a"]').getAttribute("data-run-id"),
    ).toBe(a);
    expect(await view.locator('[data-testid="compare-diff-run"][data-side="b"]').innerText()).toContain(
      "Pensii",
    );
    const model = view.locator('[data-testid="compare-diff-model"][data-model="offline:extractive"]');
    expect(await model.getByTestId("compare-diff-pass").innerText()).toBe("50% → 75%");
    expect(await model.getByTestId("compare-diff-delta").innerText()).toBe("+25 p.p.");
    // The chart: A and B bars of the model.
    const bars = view.locator(
      '[data-testid="compare-chart"][data-kind="diff-pass"] rect[data-model="offline:extractive"]',
    );
    expect(await bars.count()).toBe(2);
    expect(await bars.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-value")))).toEqual([
      "0.5",
      "0.75",
    ]);

    expect(await view.getByTestId("compare-diff-counts").innerText()).toBe("2 reparate, 1 stricat");
    const cases = view.getByTestId("compare-diff-case");
    expect(
      await cases.evaluateAll((rs) =>
        rs.map((r) => [r.getAttribute("data-case"), r.getAttribute("data-change")]),
      ),
    ).toEqual([
      ["c2", "fixed"],
      ["c3", "broke"],
      ["c4", "fixed"],
    ]);
    // A fixed case opened, by keyboard: the model's answer of A and of B side by side, each with its mark and its
    // check's reason.
    const c2 = view.locator('[data-testid="compare-diff-case"][data-case="c2"]');
    const disclose = c2.getByTestId("compare-diff-case-open");
    expect(await disclose.getAttribute("aria-expanded")).toBe("false");
    // The runs' answers fail to load once: the panel says so, and the row opened again tries again.
    let refused = 0;
    await page.route(/\/api\/compare\/[0-9a-f-]{36}(\?|$)/, async (route) => {
      if (refused++ < 2) await route.fulfill({ status: 503, body: "{}" });
      else await route.continue();
    });
    await disclose.click();
    await view.getByTestId("compare-diff-answers-error").waitFor({ timeout: 10_000 });
    await disclose.click();
    await page.unroute(/\/api\/compare\/[0-9a-f-]{36}(\?|$)/);
    await disclose.focus();
    await page.keyboard.press("Enter");
    expect(await disclose.getAttribute("aria-expanded")).toBe("true");
    const panel = view.locator('[data-testid="compare-diff-answers"][data-case="c2"]');
    expect(await disclose.getAttribute("aria-controls")).toBe(await panel.getAttribute("id"));
    const answerA = panel.locator('[data-testid="compare-diff-answer"][data-run="a"]');
    const answerB = panel.locator('[data-testid="compare-diff-answer"][data-run="b"]');
    await answerA.getByTestId("answer-mark").waitFor({ timeout: 10_000 });
    expect(await answerA.getByTestId("answer-mark").innerText()).toContain("picat");
    expect(await answerB.getByTestId("answer-mark").innerText()).toContain("trecut");
    expect(await answerA.innerText()).toContain("lipsește „nicidecum”");
    expect(await answerB.innerText()).toContain("pensii");
    expect(await answerA.innerText()).toContain("pensiile vor fi indexate");
    expect(await answerB.innerText()).toContain("pensiile vor fi indexate");
    // Side by side: B to the right of A.
    const [boxA, boxB] = [await answerA.boundingBox(), await answerB.boundingBox()];
    expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width - 1);
    await disclose.click();
    expect(await panel.count()).toBe(0);

    expect(await view.getByTestId("compare-diff-filter").inputValue()).toBe("changes");
    await view.getByTestId("compare-diff-filter").selectOption("all");
    expect(await cases.count()).toBe(4);
    expect(await cases.first().getAttribute("data-change")).toBe("same");

    // In English.
    await page.getByTestId("lang-en").click();
    await expect.poll(() => view.getByTestId("compare-diff-counts").innerText()).toBe("2 fixed, 1 broken");
    expect(await view.innerText()).toContain("What changed between two comparisons");
    expect(await view.locator('[data-case="c2"]').innerText()).toContain("Word 2");
    await page.getByTestId("lang-ro").click();

    // The link, opened afresh (sent to a teacher): the same view, filtered to the changes.
    const link = page.url();
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await other.goto(link);
    const again = other.getByTestId("compare-diff");
    await again.getByTestId("compare-diff-case").first().waitFor({ timeout: 10_000 });
    expect(await again.getByTestId("compare-diff-case").count()).toBe(3);
    // Swapped: B is the baseline, the address says so, what was fixed is broken.
    expect(await again.getByTestId("compare-diff-temperatures").count()).toBe(0);
    await again.getByTestId("compare-diff-swap").click();
    await expect
      .poll(() => again.getByTestId("compare-diff-counts").innerText())
      .toBe("1 reparat, 2 stricate");
    expect(new URL(other.url()).searchParams.get("diff")).toBe(`${b},${a}`);
    expect(
      await again.locator('[data-testid="compare-diff-run"][data-side="a"]').getAttribute("data-run-id"),
    ).toBe(b);
    // Named by role, so still true once swapped: B is now the baseline.
    expect(await again.locator('[data-testid="compare-diff-run"][data-side="a"]').innerText()).toContain(
      "A (referința)",
    );
    // Closed: out of the address.
    await again.getByTestId("compare-diff-close").click();
    expect(await other.getByTestId("compare-diff").count()).toBe(0);
    expect(new URL(other.url()).searchParams.get("diff")).toBeNull();
    await other.close();
    await page.close();
  }, 180_000);
});
