// Draft → refine in a real browser, as the user sees it: chosen in the settings (drafting and refining model), the
// draft kept in sight while the refining model works, the refinement in its place with both parts' figures and the
// draft one click away; a short draft that no rule flags is kept; a reload shows the stored answer the same way.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { VALID } from "../support/chatTurn";
import { hasChromium, openPage } from "../support/browser";
import type { FakeScript, OpenAIChatBody } from "../support/fakeOpenAI";
import { fakeOpenAIBrowserSuite } from "../support/fakeOpenAIBrowser";

const DRAFT =
  "Ciornă: comentatorii discută despre pensiile speciale [1], unii cer plafonarea lor [2], alții spun că sunt nedrepte [3].";
const SHORT = "Pe scurt: pensiile speciale sunt criticate [1].";
const REFINED = "Răspuns rafinat: comentatorii discută despre pensiile speciale [1].";

/** `mic` drafts long (over the 12-word rule) unless asked for something short; `mare` refines after a pause. */
const fakeReply: FakeScript = (request) => {
  const body = request.body as OpenAIChatBody;
  if (body.response_format || body.tools) return { json: VALID };
  if (body.model === "mare") return { text: REFINED, delayMs: 1500 };
  const last = JSON.stringify(body.messages?.at(-1)?.content ?? "");
  return { text: last.includes("scurt") ? SHORT : DRAFT };
};

async function ask(page: Page, text: string, nth: number) {
  await page.getByTestId("chat-input").fill(text);
  await page.keyboard.press("Enter");
  return page.getByTestId("message-assistant").nth(nth);
}

describe.skipIf(!hasChromium)("browser: draft → refine", () => {
  const suite = fakeOpenAIBrowserSuite(fakeReply, {
    MODEL_PRIMARY: "openai-compatible:mic",
    MODEL_FALLBACK: "openai-compatible:mare",
    REFINE_MAX_DRAFT_WORDS: "12",
    REFINE_MIN_GROUNDING: "0",
  });

  it("refines a long draft in sight of the user, keeps a short one, and shows both after a reload", async () => {
    const { page, errors } = await openPage(suite.browser, suite.server.url);
    // The configuration sets no chain: the user chooses draft → refine and both models in the settings.
    await page.getByTestId("settings").locator("summary").click();
    await page.getByTestId("settings-chain-draft-refine").check();
    await page.getByTestId("settings-chain-draft").selectOption("openai-compatible:mic");
    await page.getByTestId("settings-chain-refine").selectOption("openai-compatible:mare");
    expect(await page.getByTestId("settings-chain").innerText()).toContain("12");
    await page.keyboard.press("Escape");

    const first = await ask(page, "Ce spun oamenii despre pensiile speciale?", 0);
    // While the refining model works: its step runs and the draft stays in sight, set aside.
    await first
      .locator('[data-testid="step"][data-step="refine"][data-state="running"]')
      .waitFor({ timeout: 20_000 });
    expect(await first.getByTestId("draft-aside").innerText()).toContain("Ciornă: comentatorii");
    expect(await first.getByTestId("answer-text").innerText()).not.toContain("Ciornă");

    await page
      .locator('[data-testid="message-assistant"][data-status="done"]')
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await first.getByTestId("answer-text").innerText()).toContain("Răspuns rafinat");
    expect(await first.getByTestId("draft-aside").count()).toBe(0);
    const summary = first.getByTestId("refine-summary");
    expect(await summary.getAttribute("data-refined")).toBe("true");
    const figures = await summary.innerText();
    for (const part of ["ciornă", "rafinare", "împreună", "openai-compatible:mic", "openai-compatible:mare"])
      expect(figures).toContain(part);
    expect(await summary.getByTestId("refine-outcome").innerText()).toMatch(/^rafinat: .*12/);
    // The draft is one click away.
    const draft = summary.locator(".draft-text");
    expect(await draft.isVisible()).toBe(false);
    await summary.locator("details summary").click();
    expect(await draft.innerText()).toBe(DRAFT);
    const steps = await first
      .locator('[data-testid="step"]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute("data-step")}:${e.getAttribute("data-state")}`));
    expect(steps).toEqual(expect.arrayContaining(["draft:done", "refine:done"]));
    if (process.env.SCREENSHOT) await first.screenshot({ path: "/tmp/draft-refine.png" });

    const second = await ask(page, "Spune pe scurt ce se spune despre pensiile speciale.", 1);
    await page
      .locator('[data-testid="message-assistant"][data-status="done"]')
      .nth(1)
      .waitFor({ timeout: 20_000 });
    expect(await second.getByTestId("answer-text").innerText()).toContain("Pe scurt");
    expect(await second.getByTestId("refine-summary").getAttribute("data-refined")).toBe("false");
    expect(await second.getByTestId("refine-outcome").innerText()).toMatch(/^nerafinat: /);
    expect(await second.locator('[data-testid="step"][data-step="refine"]').count()).toBe(0);

    // Stored answers keep both parts.
    await page.reload();
    const stored = page.getByTestId("refine-summary");
    await expect.poll(() => stored.count(), { timeout: 15_000 }).toBe(2);
    expect(await stored.first().getAttribute("data-refined")).toBe("true");
    expect(await stored.first().locator(".draft-text").textContent()).toBe(DRAFT);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
