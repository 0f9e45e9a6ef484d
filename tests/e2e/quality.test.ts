// Grounded answers and blind preferences in a real browser: unsupported sentences and an invalid citation marked
// where they stand in the chat (also after a reload, from the stored answer); on the "Compară modele" page the
// failure modes open to their examples, and the blind mode shows two anonymous answers, takes A / B / tie from the
// keyboard and the buttons, stores them per person and ranks the models.
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import type { PreferenceStats } from "../../contract/preferences";
import { chooseCompareModels, hasChromium, openPage } from "../support/browser";
import type { FakeScript, OpenAIChatBody } from "../support/fakeOpenAI";
import { fakeOpenAIBrowserSuite } from "../support/fakeOpenAIBrowser";
import { VALID } from "../support/chatTurn";

/** One supported sentence (the first source quoted), one invented figure, one uncited claim, one citation of [7]. */
const fakeReply: FakeScript = (request) => {
  const body = request.body as OpenAIChatBody;
  if (body.response_format || body.tools) return { json: VALID };
  const prompt = String(body.messages?.at(-1)?.content ?? "");
  const first = /^\[1\] \([^)]*\) (.*)$/m.exec(prompt)?.[1]?.split(/(?<=[.!?])\s/)[0] ?? "Sursa spune ceva.";
  return {
    text: `${first} [1]\n\nPensiile speciale au crescut cu 4.321 de lei [1]. Ministrul Vasilescu promite o reformă rapidă a pensiilor. Totul este confirmat de sursa [7].`,
  };
};

describe.skipIf(!hasChromium)("browser: grounded answers and blind preferences", () => {
  const suite = fakeOpenAIBrowserSuite(fakeReply, { MODEL_PRIMARY: "openai-compatible:rapid" });

  it("marks unsupported sentences and the invalid citation where they stand, with why, also after a reload", async () => {
    const { page, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("chat-input").fill("Ce spun oamenii despre pensiile speciale?");
    await page.keyboard.press("Enter");
    const answer = page.locator('[data-testid="message-assistant"][data-status="done"]');
    await answer.waitFor({ timeout: 30_000 });
    const summary = answer.getByTestId("grounding-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain("1 din 4 afirmații");
    expect(await answer.getByTestId("grounding-invalid").innerText()).toContain("[7]");

    const marks = answer.locator("mark.unsupported");
    const marked = (await marks.allInnerTexts()).join(" ");
    expect(marked).toContain("4.321");
    expect(marked).toContain("Vasilescu");
    expect(marked).toContain("Totul este confirmat");
    // The first, supported sentence is not marked.
    expect(await answer.locator("mark.unsupported-number").count()).toBe(1);
    const flags = answer.getByTestId("grounding-flag");
    expect(await flags.count()).toBe(3);
    const reasons = await flags.evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")));
    expect(reasons).toEqual([
      "cifra „4.321” nu apare în sursele citate",
      "afirmație fără citare",
      "citează [7], care nu există în lista de surse",
    ]);
    // The invented citation is marked on its chip.
    const seven = answer.locator('[data-testid="citation"][data-n="7"]');
    expect(await seven.getAttribute("data-invalid")).toBe("true");
    // A flag takes the keyboard focus and shows its reason.
    await flags.first().focus();
    expect(await flags.first().evaluate((e) => getComputedStyle(e, "::after").content)).toContain("4.321");

    if (process.env.SCREENSHOT) await answer.screenshot({ path: "/tmp/grounding-chat.png" });
    await page.reload();
    const stored = page.locator('[data-testid="message-assistant"][data-status="done"]');
    await stored.getByTestId("grounding-summary").waitFor({ timeout: 15_000 });
    expect(await stored.getByTestId("grounding-flag").count()).toBe(3);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("runs a comparison, opens a failure mode's examples, and takes blind preferences by key and by button", async () => {
    const { page, errors } = await openPage(suite.browser, `${suite.server.url}/?page=compare`);
    await page.getByTestId("compare-page").waitFor();
    await chooseCompareModels(page, ["openai-compatible:rapid", "offline:extractive"]);
    await expect.poll(() => page.getByTestId("compare-suite").inputValue()).not.toBe("");
    await page.getByTestId("compare-temperatures").fill("0");
    await page.getByTestId("compare-run").click();
    await page.getByTestId("compare-quality").waitFor({ timeout: 90_000 });

    // Failure modes: the fake cites [7] in every grounded case; its examples are one click away.
    const hallucinated = page.locator(
      '[data-testid="failure-modes"] [data-model="openai-compatible:rapid"] [data-mode="hallucinated_citations"]',
    );
    expect(Number(await hallucinated.getAttribute("data-count"))).toBeGreaterThan(0);
    expect(await hallucinated.getByTestId("failure-examples").isVisible()).toBe(false);
    await hallucinated.locator("summary").click();
    expect(await hallucinated.getByTestId("failure-examples").innerText()).toContain("[7]");
    expect(await page.getByTestId("compare-grounding").innerText()).toContain("openai-compatible:rapid");

    // Blind mode: entered on purpose, it hides every result that names a model; then a name, then pairs.
    expect(await page.getByTestId("compare-cases").count()).toBe(1);
    await page.getByTestId("blind-start").click();
    const blind = page.getByTestId("blind-mode");
    await blind.waitFor();
    for (const named of ["compare-cases", "compare-summary", "compare-quality", "compare-recommendation"])
      expect(await page.getByTestId(named).count()).toBe(0);
    await page.getByTestId("blind-person").fill("Ana");
    await page.getByTestId("blind-answer-a").waitFor();
    const progress = async () =>
      (await page.getByTestId("blind-progress").innerText()).match(/(\d+) din (\d+)/)!;
    const [, first, total] = await progress();
    expect(Number(first)).toBe(1);
    expect(Number(total)).toBeGreaterThanOrEqual(6);
    // The answers carry no model name.
    for (const side of ["a", "b"]) {
      const text = await page.getByTestId(`blind-answer-${side}`).innerText();
      expect(text).not.toMatch(/openai-compatible:rapid|offline:extractive/);
    }
    expect(await page.getByTestId("blind-context").innerText()).toContain("Surse");
    // The quality report (failure modes, grounding) and a blind pair.
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    await page.locator("body").click();
    await page.keyboard.press("a");
    await expect.poll(async () => (await progress())[1]).toBe("2");
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await progress())[1]).toBe("3");
    await page.getByTestId("blind-pick-tie").click();
    await expect.poll(async () => Number((await progress())[1])).toBe(4);

    // A key pressed the very moment the next pair appears (before the page has run its effects) judges that
    // pair, not the one before it again: 4 judged with "a", then "b" for the 5th as soon as it shows.
    await page.evaluate(() => {
      const progressText = () => document.querySelector("[data-testid=blind-progress]")?.textContent ?? "";
      const before = progressText();
      const watch = new MutationObserver(() => {
        if (progressText() === before) return;
        watch.disconnect();
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "b", bubbles: true }));
      });
      watch.observe(document.body, { childList: true, subtree: true, characterData: true });
      document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    });
    await expect.poll(async () => Number((await progress())[1])).toBe(6);
    if (process.env.SCREENSHOT) await blind.screenshot({ path: "/tmp/blind-mode.png" });

    // Out of blind mode the results come back, with the ranking so far, said to rest on too few preferences.
    await page.getByTestId("blind-exit").click();
    await page.getByTestId("compare-cases").waitFor();
    const table = page.getByTestId("preference-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    expect(await page.getByTestId("preference-too-few").innerText()).toContain("cel puțin 20");
    if (process.env.SCREENSHOT)
      await page.getByTestId("compare-quality").screenshot({ path: "/tmp/compare-quality.png" });
    expect(await table.innerText()).toMatch(/\d+ \/ \d+ \/ 1/);

    const stats = (await (
      await fetch(`${suite.server.url}/api/compare/preferences?suite=default.ro&person=Ana`)
    ).json()) as PreferenceStats;
    expect(stats).toMatchObject({ comparisons: 5, people: 1 });
    expect(stats.mine).toHaveLength(5);
    expect(stats.models.reduce((s, m) => s + m.strength, 0)).toBeCloseTo(1, 6);

    // A judgement the server refuses is said by its code, so a switch of language says it again in English.
    await page.route(/\/api\/compare\/preferences$/, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({
          error: {
            code: "input:unknown_model",
            message: "Modelul „x” nu este configurat.",
            params: { model: "x" },
          },
        }),
      });
    });
    await page.getByTestId("blind-start").click();
    await page.getByTestId("blind-pick-tie").click();
    const blindError = page.getByTestId("blind-error");
    await expect.poll(() => blindError.count()).toBe(1);
    const romanian = await blindError.innerText();
    await page.getByTestId("lang-en").click();
    await expect.poll(() => blindError.innerText()).not.toBe(romanian);
    expect(await blindError.innerText()).toMatch(/model/i);
    expect(await blindError.innerText()).not.toMatch(/[ăâîșț]|nu este/);

    // The refused request above is the browser's only complaint.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.context().close();
  }, 150_000);
});
