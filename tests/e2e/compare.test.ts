// The "Compară modele" page and the comparison in the chat, in a real browser against the offline models.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { legibility } from "../support/legibility";
import { chooseCompareModels, focusedTestId, hasChromium } from "../support/browser";
import type { FakeScript, OpenAIChatBody } from "../support/fakeOpenAI";
import { fakeOpenAIBrowserSuite } from "../support/fakeOpenAIBrowser";
import { POPULIST_PARAGRAPH, longSpeech } from "../support/attachmentText";

const fakeReply: FakeScript = (request) =>
  (request.body as OpenAIChatBody).response_format
    ? {
        json: {
          ton: "pozitiv",
          populism: false,
          anti_elitism: false,
          popor_central: false,
          tema: "pensii",
          tinta: null,
          incredere: 0.9,
          justificare: "Un ton pozitiv.",
        },
      }
    : { text: "Răspunsul modelului de test despre pensiile speciale, cu o sursă [1]." };

describe.skipIf(!hasChromium)("browser: comparing models", () => {
  // A local OpenAI-compatible fake as the primary, so the chat has two answering models (it and the extractive
  // one); it annotates the opposite way from the lexicon so that differences show.
  const suite = fakeOpenAIBrowserSuite(fakeReply, {
    MODEL_PRIMARY: "openai-compatible:rapid",
    OPENAI_COMPATIBLE_API_KEY: "cheie-de-test",
  });
  let page: Page;

  /**
   * Opens the compare page in a new tab and runs the default suite on `models` at temperature 0. Clicked twice:
   * the second click lands after the run started and before its first poll came back (delayed here), when the
   * button must still be off; one run starts.
   */
  async function startComparison(models: string[], { clickedTwice = false } = {}): Promise<void> {
    page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    let starts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/compare") starts += 1;
    });
    if (clickedTwice) {
      await page.route(/\/api\/compare\/[0-9a-f-]{36}/, async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
    }
    await page.goto(`${suite.server.url}/?page=compare`);
    await page.getByTestId("compare-page").waitFor();
    await chooseCompareModels(page, models);
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    await page.getByTestId("compare-temperatures").fill("0");
    const run = page.getByTestId("compare-run");
    const box = (await run.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    if (clickedTwice) {
      await expect.poll(() => starts, { timeout: 10_000 }).toBe(1);
      await page.waitForTimeout(150);
      expect(await run.isDisabled()).toBe(true);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(600);
      expect(starts).toBe(1);
    }
  }

  it("runs the default suite on two offline models and shows progress, the summary, charts and answers", async () => {
    await startComparison(["offline:extractive", "offline:lexicon"], { clickedTwice: true });
    await page.getByTestId("compare-progress").waitFor({ timeout: 10_000 });
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    if (process.env.SCREENSHOT) {
      await page.getByTestId("compare-summary").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "/tmp/compare-page.png" });
    }
    const rows = page.locator('[data-testid="compare-summary"] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.getByTestId("compare-summary").innerText()).toContain("offline:lexicon");
    expect(await page.getByTestId("compare-progress").innerText()).toMatch(/(\d+) din \1 (de )?răspunsuri/);
    // Latency, first token and criteria: no case of the default suite checks JSON, so no JSON validity card.
    expect(await page.getByTestId("compare-chart").count()).toBe(3);
    expect(await page.locator('[data-testid="compare-chart"][data-kind="json"]').count()).toBe(0);
    // The extractive model answers prompt cases with sources: its latency bars exist with a value.
    const bar = page.locator(
      '[data-kind="latency"] rect[data-model="offline:extractive"][data-series="p95"]',
    );
    expect(Number(await bar.getAttribute("data-value"))).toBeGreaterThanOrEqual(0);
    expect(await page.getByTestId("compare-recommendation").innerText()).toContain("offline:extractive");
    // "Folosește în chat": the chat of this browser answers with the recommended model and temperature.
    expect(await page.getByTestId("compare-env-lines").inputValue()).toBe(
      "MODEL_PRIMARY=offline:extractive\nMODEL_FALLBACK=\nTEMPERATURE=0",
    );
    await page.getByTestId("compare-apply").click();
    expect(await page.getByTestId("compare-applied").innerText()).toContain("offline:extractive");
    const saved = await page.evaluate(() => localStorage.getItem("echochamber.settings"));
    expect(JSON.parse(saved!)).toMatchObject({
      model: "offline:extractive",
      temperature: 0,
      chain: { mode: "single" },
    });
    expect(await page.getByTestId("case-column").count()).toBe(2);
    expect(await page.getByTestId("answer-mark").count()).toBeGreaterThan(0);
    // Every case in one table: filtered to the failures, a row opened by a click and another by Enter, a search
    // without diacritics, an empty result said in words.
    const caseRows = page.getByTestId("case-row");
    expect(await caseRows.count()).toBe(27);
    expect(await page.getByTestId("compare-case-count").innerText()).toBe("27 din 27 de cazuri");
    await page.getByTestId("compare-case-filter").selectOption("failures");
    const failures = await caseRows.count();
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(27);
    expect(await page.getByTestId("compare-case-count").innerText()).toMatch(
      new RegExp(`^${failures} din 27 de cazuri$`),
    );
    expect(await page.locator('[data-testid="case-row"][data-failed="false"]').count()).toBe(0);
    const lastFailure = caseRows.last();
    const lastId = await lastFailure.getAttribute("data-case");
    await lastFailure.click();
    await expect.poll(() => page.getByTestId("compare-case").inputValue()).toBe(lastId);
    expect(await lastFailure.getAttribute("aria-current")).toBe("true");
    expect(await focusedTestId(page)).toBe("compare-case-detail");
    const firstFailure = caseRows.first();
    await firstFailure.focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getByTestId("compare-case").inputValue())
      .toBe(await firstFailure.getAttribute("data-case"));
    await page.getByTestId("compare-case-search").fill("nimic-asemanator");
    expect(await page.getByTestId("compare-case-empty").innerText()).toBe(
      "Niciun caz dintre cele arătate de filtrul „Doar eșecurile” nu se potrivește căutării „nimic-asemanator”.",
    );
    expect(await page.getByTestId("compare-case-table").count()).toBe(0);
    // "stiri" finds "Rezumat în română al unei știri", whose case is opened again for the steps below.
    await page.getByTestId("compare-case-filter").selectOption("all");
    await page.getByTestId("compare-case-search").fill("STIRI");
    expect(await caseRows.count()).toBe(1);
    expect(await page.getByTestId("compare-case-count").innerText()).toBe("1 din 27 de cazuri");
    await caseRows.first().click();
    await expect.poll(() => page.getByTestId("compare-case").inputValue()).toBe("rezumat-pensii");
    await page.getByTestId("compare-case-search").fill("");
    const csv = await page
      .locator('[data-testid="compare-downloads"] a[href*="format=csv"]')
      .getAttribute("href");
    const response = await fetch(`${suite.server.url}${csv}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("offline:lexicon");
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    // On a projector (presentation mode) the charts' axes, labels and legends are readable from the back of the
    // room, and the page still passes axe.
    await page.getByTestId("present-toggle").click();
    const labels = await legibility(
      page,
      ".chart-axis span, .chart-label code, .chart-label span, .chart-legend > span",
    );
    expect(labels.count).toBeGreaterThan(8);
    expect(labels.minSizeRatio).toBeGreaterThanOrEqual(0.75);
    expect(labels.minContrast).toBeGreaterThanOrEqual(7);
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("present-toggle").click();
    // In English the run is read again: the case's English title, and under its Romanian prompt (what the models
    // got) the suite's English gloss.
    const caseSelect = page.getByTestId("compare-case");
    expect(await caseSelect.locator("option:checked").innerText()).toContain(
      "Rezumat în română al unei știri",
    );
    expect(await page.getByTestId("case-input-gloss").count()).toBe(0);
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => caseSelect.locator("option:checked").innerText(), { timeout: 10_000 })
      .toBe("Romanian language · Summary in Romanian of a news item");
    expect(await page.locator(".case-input").innerText()).toContain(
      "Rezumă în două-trei propoziții ce spune sursa.",
    );
    expect(await page.getByTestId("case-input-gloss").innerText()).toContain(
      "Summarise in two or three sentences what the source says.",
    );
    expect(await page.getByTestId("compare-recommendation").innerText()).toContain("Primary model");
    // The suites' names come from a request of their own, read again in English.
    await expect
      .poll(() => page.getByTestId("compare-suite").locator("option:checked").innerText())
      .toContain("Default suite (Romanian)");
    await page.close();
  }, 90_000);

  it("stops a running comparison and shows the partial results as such", async () => {
    // A slow model, so that the run is still going when the button is pressed.
    suite.openai.setDefault((request) => ({
      ...(typeof fakeReply === "function" ? fakeReply(request) : fakeReply),
      delayMs: 400,
    }));
    try {
      await startComparison(["offline:extractive", "openai-compatible:rapid"]);
      // Done / total per model while it runs: the offline model races ahead of the slow one.
      const perModel = page.getByTestId("compare-progress-models");
      await perModel.waitFor({ timeout: 10_000 });
      const slow = perModel.locator('tr[data-model="openai-compatible:rapid"]');
      expect(Number(await slow.getAttribute("data-total"))).toBeGreaterThan(0);
      await page.getByTestId("compare-stop").click({ timeout: 10_000 });
      await page.getByTestId("compare-interrupted").waitFor({ timeout: 30_000 });
      const [done, total] = (await page.getByTestId("compare-interrupted").innerText())
        .match(/\d+/g)!
        .map(Number);
      expect(done).toBeLessThan(total!);
      await page.getByTestId("compare-summary").waitFor();
      expect(await page.getByTestId("compare-stop").count()).toBe(0);
      // No recommendation from a stopped run, nothing to apply, and the reason why.
      expect(await page.getByTestId("compare-recommendation").count()).toBe(0);
      expect(await page.getByTestId("compare-apply").count()).toBe(0);
      expect(await page.getByTestId("compare-no-recommendation").innerText()).toContain(
        "Rulați comparația întreagă pentru o recomandare",
      );
      await page.getByTestId("lang-en").click();
      await expect
        .poll(() => page.getByTestId("compare-no-recommendation").innerText())
        .toContain("Run the whole comparison for a recommendation");
      await page.close();
    } finally {
      suite.openai.setDefault(fakeReply);
    }
  }, 60_000);

  it("checks the form's bounds before sending, next to the field, in the page's language", async () => {
    page = await suite.browser.newPage();
    let starts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/compare") starts += 1;
    });
    await page.goto(`${suite.server.url}/?page=compare`);
    await chooseCompareModels(page, ["offline:extractive"]);
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    await page.getByTestId("compare-temperatures").fill("0 0,2 0,4 0,6 0,8");
    expect(await page.getByTestId("compare-problem-temperatures").innerText()).toBe(
      "Cel mult 4 temperaturi (ați scris 5).",
    );
    await page.getByTestId("compare-run").click();
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => page.getByTestId("compare-problem-temperatures").innerText())
      .toBe("At most 4 temperatures (you wrote 5).");
    // Within the bounds, but too many answers: said before sending too.
    await page.getByTestId("compare-temperatures").fill("0 1 2");
    await page.getByTestId("compare-runs").fill("10");
    for (const model of ["offline:lexicon", "openai-compatible:rapid"])
      await page.locator(`[data-testid="compare-model"][value="${model}"]`).check();
    await page.getByTestId("compare-extra-model").fill("openai-compatible:a openai-compatible:b");
    expect(await page.getByTestId("compare-problem-answers").innerText()).toMatch(
      /^The comparison would ask for [\d,]+ answers \(at most 1,500\)/,
    );
    await page.getByTestId("compare-run").click();
    await page.waitForTimeout(300);
    expect(starts).toBe(0);
    expect(await page.getByTestId("compare-error").count()).toBe(0);
    await page.close();
  });

  it("keeps the comparison in the address: another tab and back, a reload and Back find it with its form", async () => {
    await startComparison(["offline:extractive", "offline:lexicon"]);
    await expect.poll(() => new URL(page.url()).searchParams.get("comparison")).not.toBeNull();
    const runId = new URL(page.url()).searchParams.get("comparison")!;
    // Away while it may still run, and back from the tab: the same run, polled to its end.
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("nav-compare").click();
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get("comparison")).toBe(runId);
    const ticked = async () =>
      page
        .locator('[data-testid="compare-model"]:checked')
        .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value).sort());
    // The form is filled from the run once the suites are read too (a request of its own).
    await expect.poll(ticked).toEqual(["offline:extractive", "offline:lexicon"]);
    await expect.poll(() => page.getByTestId("compare-temperatures").inputValue()).toBe("0");

    await page.reload();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="compare-summary"] tbody tr').count()).toBe(2);
    await expect.poll(ticked).toEqual(["offline:extractive", "offline:lexicon"]);
    expect(await page.getByTestId("compare-temperatures").inputValue()).toBe("0");
    expect(await page.getByTestId("compare-gone").count()).toBe(0);

    // Back: the chat, the comparison as first shown, then the compare page before the run started (no results).
    await page.goBack();
    await page.getByTestId("chat-input").waitFor();
    await page.goBack();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    await page.goBack();
    await expect.poll(() => page.getByTestId("compare-summary").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("comparison")).toBeNull();
    expect(await page.getByTestId("compare-page").count()).toBe(1);
    await page.goForward();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get("comparison")).toBe(runId);
    await page.close();
  }, 90_000);

  it("marks an answer wrong with a comment, keeps both through a failed save and a reload, and filters on it", async () => {
    await startComparison(["offline:extractive"]);
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    // No accounts here: the name typed above the answers signs the verdict.
    await page.getByTestId("answer-human-person").fill("Ana");
    // A case the checks passed, opened from the table; its passed answer marked wrong: a disagreement.
    const row = page.locator('[data-testid="case-row"]:has(td[data-mark="pass"])').first();
    const caseId = (await row.getAttribute("data-case"))!;
    await row.click();
    await expect.poll(() => page.getByTestId("compare-case").inputValue()).toBe(caseId);
    const answer = page.locator('[data-testid="compare-case-detail"] .case-answer[data-mark="pass"]').first();
    const fail = answer.getByTestId("answer-human-fail");
    const comment = answer.getByTestId("answer-human-comment");
    expect(await fail.getAttribute("aria-pressed")).toBe("false");

    // The server cannot be reached: the save says why, and what was chosen and typed stays.
    await page.route(/\/api\/compare\/[^/]+\/verdict$/, (route) => route.abort());
    await fail.click();
    await answer.getByTestId("answer-human-error").waitFor();
    expect(await answer.getByTestId("answer-human-error").innerText()).toContain(
      "Nu s-a salvat: serverul nu poate fi contactat.",
    );
    expect(await fail.getAttribute("aria-pressed")).toBe("true");
    await comment.fill("Nu spune de unde are cifra.");
    await comment.press("Enter");
    await expect.poll(() => answer.getByTestId("answer-human-error").count()).toBe(1);
    expect(await comment.inputValue()).toBe("Nu spune de unde are cifra.");
    // Reached again: the retry saves both.
    await page.unroute(/\/api\/compare\/[^/]+\/verdict$/);
    await answer.getByTestId("answer-human-retry").click();
    await expect.poll(() => answer.getByTestId("answer-human-status").innerText()).toBe("Salvat.");
    expect(await answer.getByTestId("answer-human-error").count()).toBe(0);
    expect(await answer.getByTestId("answer-human-by").innerText()).toMatch(
      /^Marcat de Ana, .*\. Verificările automate spun altceva\.$/,
    );
    const cell = () =>
      page.locator(`[data-testid="case-row"][data-case="${caseId}"] [data-testid="case-cell-human"]`);
    expect(await cell().getAttribute("data-verdict")).toBe("fail");
    expect(await cell().innerText()).toBe("Om: ✗");
    // The filter keeps the case people disagree on, and only it.
    await page.getByTestId("compare-case-filter").selectOption("human_disagrees");
    expect(await page.getByTestId("case-row").count()).toBe(1);
    expect(await page.getByTestId("case-row").first().getAttribute("data-case")).toBe(caseId);
    expect(await page.getByTestId("compare-case-rule").innerText()).toMatch(/^Dezacorduri:/);
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    // A reload: the mark and the comment are the server's now.
    await page.reload();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    expect(await cell().getAttribute("data-verdict")).toBe("fail");
    await page.locator(`[data-testid="case-row"][data-case="${caseId}"]`).click();
    await expect.poll(() => page.getByTestId("compare-case").inputValue()).toBe(caseId);
    const kept = page.locator('[data-testid="compare-case-detail"] .case-answer[data-mark="pass"]').first();
    expect(await kept.getByTestId("answer-human-fail").getAttribute("aria-pressed")).toBe("true");
    expect(await kept.getByTestId("answer-human-pass").getAttribute("aria-pressed")).toBe("false");
    expect(await kept.getByTestId("answer-human-comment").inputValue()).toBe("Nu spune de unde are cifra.");
    // And in the export.
    const csv = await page
      .locator('[data-testid="compare-downloads"] a[href*="format=csv"]')
      .getAttribute("href");
    const exported = await (await fetch(`${suite.server.url}${csv}`)).text();
    expect(exported).toContain("fail,Nu spune de unde are cifra.,Ana,");
    // In English, the same mark in English words.
    await page.getByTestId("lang-en").click();
    await expect.poll(() => cell().innerText()).toBe("Person: ✗");
    expect(await kept.getByTestId("answer-human-fail").innerText()).toContain("Wrong");
    await page.close();
  }, 90_000);

  it("a reload during a run picks the run up again: still polled, stoppable, then its results", async () => {
    suite.openai.setDefault((request) => ({
      ...(typeof fakeReply === "function" ? fakeReply(request) : fakeReply),
      delayMs: 400,
    }));
    try {
      await startComparison(["openai-compatible:rapid"]);
      await page.getByTestId("compare-stop").waitFor({ timeout: 10_000 });
      await page.reload();
      await page.getByTestId("compare-stop").waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("compare-run").isDisabled()).toBe(true);
      // The table of every case shows the run's answers so far, and its rows fill in.
      await page.getByTestId("compare-case-table").waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("case-row").count()).toBe(27);
      expect(await page.getByTestId("compare-case-running").count()).toBe(1);
      const cells = page.locator('[data-testid="case-row"] td[data-mark]');
      const pending = page.locator('[data-testid="case-row"] td[data-mark="pending"]');
      expect(await pending.count()).toBeGreaterThan(0);
      await expect
        .poll(async () => (await cells.count()) - (await pending.count()), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(() => page.locator('[data-testid="compare-model"]:checked').getAttribute("value"))
        .toBe("openai-compatible:rapid");
      await page.getByTestId("compare-stop").click();
      await page.getByTestId("compare-interrupted").waitFor({ timeout: 30_000 });
      await page.getByTestId("compare-summary").waitFor();
      // Stopped, the table waits for nothing: a case never answered says so.
      expect(await page.getByTestId("compare-case-running").count()).toBe(0);
      expect(await pending.count()).toBe(0);
      expect(await page.locator('[data-testid="case-row"] td[data-mark="none"]').count()).toBeGreaterThan(0);
      await page.close();
    } finally {
      suite.openai.setDefault(fakeReply);
    }
  }, 60_000);

  it("says a comparison the server no longer keeps is gone, in the user's language, and drops it from the address", async () => {
    page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/?page=compare&comparison=00000000-0000-4000-8000-000000000000`);
    const gone = page.getByTestId("compare-gone");
    await gone.waitFor({ timeout: 10_000 });
    expect(await gone.innerText()).toContain("nu mai este păstrată pe server");
    expect(await gone.innerText()).toContain("CSV");
    await expect.poll(() => new URL(page.url()).searchParams.get("comparison")).toBeNull();
    expect(new URL(page.url()).searchParams.get("page")).toBe("compare");
    expect(await page.getByTestId("compare-summary").count()).toBe(0);
    expect(await page.getByTestId("compare-run").isDisabled()).toBe(false);
    await page.getByTestId("lang-en").click();
    await expect.poll(() => gone.innerText()).toContain("no longer kept on the server");
    await page.close();
  });

  it("shows an inline error in the user's language when no model is chosen", async () => {
    page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/?page=compare`);
    await page.getByTestId("lang-en").click();
    // A first visit has the configured main model checked, not an empty list; with no fallback configured, the
    // offline models join it on what they can take (the cases with sources, the annotations), so that it compares.
    await expect
      .poll(() =>
        page
          .locator('[data-testid="compare-model"]:checked')
          .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value)),
      )
      .toEqual(["openai-compatible:rapid", "offline:extractive", "offline:lexicon"]);
    expect(await page.getByTestId("compare-error").count()).toBe(0);
    expect(await page.getByTestId("compare-needs-two").count()).toBe(0);
    // One model alone: the page says a comparison needs two, beside the button, which still runs it.
    await chooseCompareModels(page, ["openai-compatible:rapid"]);
    expect(await page.getByTestId("compare-needs-two").innerText()).toBe(
      "A comparison needs at least two models: tick another one. With one alone the comparison runs, but has nothing to compare it with.",
    );
    expect(await page.getByTestId("compare-run").getAttribute("aria-describedby")).toBe("compare-needs-two");
    expect(await page.getByTestId("compare-run").isDisabled()).toBe(false);
    await page.getByTestId("lang-ro").click();
    await expect
      .poll(() => page.getByTestId("compare-needs-two").innerText())
      .toMatch(/^O comparație are nevoie de cel puțin două modele/);
    await page.getByTestId("lang-en").click();
    // With none checked, Run says to choose one.
    await chooseCompareModels(page, []);
    await page.getByTestId("compare-run").click();
    expect(await page.getByTestId("compare-error").innerText()).toBe("Choose at least one model.");
    await page.getByTestId("compare-extra-model").fill("nimeni:model");
    await page.getByTestId("compare-run").click();
    await expect
      .poll(() => page.getByTestId("compare-error").innerText(), { timeout: 10_000 })
      .toContain("nimeni:model");
    await page.close();
  });

  it("says a refusal again in the language switched to, naming every model it refuses", async () => {
    page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/?page=compare`);
    await page.getByTestId("compare-page").waitFor();
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    const error = page.getByTestId("compare-error");
    // Two ids the server may not call: it names both, and the page keeps the refusal as its code and parameters.
    await page.getByTestId("compare-extra-model").fill("openai:gpt-4o-mini, nimeni:model");
    await page.getByTestId("compare-run").click();
    await expect
      .poll(() => error.innerText(), { timeout: 10_000 })
      .toBe(
        "Modelele „openai:gpt-4o-mini”, „nimeni:model” nu sunt configurate. Alegeți din lanțul de modele.",
      );
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => error.innerText(), { timeout: 5_000 })
      .toBe(
        'The models "openai:gpt-4o-mini", "nimeni:model" are not configured. Choose from the model chain.',
      );
    // The page's own refusal follows the switch as well.
    await page.getByTestId("compare-extra-model").fill("");
    await chooseCompareModels(page, []);
    await page.getByTestId("compare-run").click();
    expect(await error.innerText()).toBe("Choose at least one model.");
    await page.getByTestId("lang-ro").click();
    await expect.poll(() => error.innerText(), { timeout: 5_000 }).toBe("Alegeți cel puțin un model.");
    await page.close();
  });

  it("switches pages from the header tabs and keeps the page in the address", async () => {
    page = await suite.browser.newPage();
    await page.goto(suite.server.url);
    await page.getByTestId("nav-compare").click();
    await page.getByTestId("compare-page").waitFor();
    expect(new URL(page.url()).searchParams.get("page")).toBe("compare");
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("chat-input").waitFor();
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();
    await page.close();
  });

  it("sends one chat message to two models and shows their answers in columns", async () => {
    page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(suite.server.url);
    await page.getByTestId("compare-chat-toggle").click();
    const picks = page.getByTestId("compare-chat-model");
    await expect.poll(() => picks.count()).toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="compare-chat-model"][value="openai-compatible:rapid"]').check();
    await page.locator('[data-testid="compare-chat-model"][value="offline:extractive"]').check();
    await page.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await page.getByTestId("chat-input").press("Enter");
    await page.getByTestId("compare-columns").waitFor({ timeout: 20_000 });
    const columns = page.getByTestId("compare-column");
    expect(await columns.count()).toBe(2);
    expect(await columns.nth(0).innerText()).toContain("Răspunsul modelului de test");
    expect(await columns.nth(1).getAttribute("data-model")).toBe("offline:extractive");
    // Each answer shows its groundedness in the shared sources.
    expect(await columns.nth(0).getByTestId("grounding-summary").count()).toBe(1);
    expect(await columns.nth(1).getByTestId("grounding-summary").count()).toBe(1);
    await page.screenshot({ path: "/tmp/compare-chat.png" });
    // The fake says "pozitiv", the lexicon reads the question otherwise: at least the tone is highlighted.
    expect(await page.getByTestId("annotation-difference").count()).toBeGreaterThan(0);
    // A compared message does not go into the thread.
    expect(await page.getByTestId("message-user").count()).toBe(0);
    await page.close();
  }, 40_000);

  it("compares two models on a message with an attached text: both are shown its passages, cited as in the chat", async () => {
    page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(suite.server.url);
    await page.getByTestId("attach-input").setInputFiles({
      name: "discurs.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(longSpeech(20_000)),
    });
    await expect.poll(() => page.getByTestId("attachment-chip").count()).toBe(1);
    await page.getByTestId("compare-chat-toggle").click();
    await page.locator('[data-testid="compare-chat-model"][value="openai-compatible:rapid"]').check();
    await page.locator('[data-testid="compare-chat-model"][value="offline:extractive"]').check();
    await page.getByTestId("chat-input").fill("Ce teme populiste apar în textul atașat?");
    await page.getByTestId("chat-input").press("Enter");
    await page.getByTestId("compare-columns").waitFor({ timeout: 20_000 });
    const panel = page.getByTestId("compare-chat");
    // The panel shows what was attached; the composer is empty again.
    expect(await panel.getByTestId("attachment-chip").textContent()).toContain("discurs.txt");
    expect(await page.locator(".composer [data-testid=attachment-chip]").count()).toBe(0);
    // The shared sources open with the attachment's passages, named as the chat names them.
    await panel.locator(".compare-sources summary").click();
    const first = panel.locator(".compare-sources li").first();
    expect(await first.textContent()).toMatch(/text atașat · pasajul \d+/);
    expect(await first.textContent()).toContain(POPULIST_PARAGRAPH.slice(0, 40));
    // The extractive model quotes the attachment, citing it [1]; the model of the fake was shown it as well.
    const extractive = page.locator('[data-testid="compare-column"][data-model="offline:extractive"]');
    expect(await extractive.innerText()).toContain("Poporul cinstit");
    const prompts = suite.openai.requests
      .map((r) => r.body as OpenAIChatBody)
      .filter((b) => !b.response_format)
      .map((b) => String(b.messages?.at(-1)?.content ?? ""));
    expect(prompts.at(-1)).toContain("[1] (discurs.txt · text atașat)");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  }, 40_000);
});
