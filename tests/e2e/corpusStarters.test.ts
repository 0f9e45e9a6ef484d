// Browser test of the chat's starter questions chosen on the corpus page, against the real server: the empty
// conversation first shows the built-in examples; an admin (AUTH=off: the local user) writes a starter with a label
// and a question on the Corpus page and saves it; a new conversation shows that starter instead of the built-in ones,
// and clicking it asks its question; going back to the built-in examples brings them back.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const LABEL = "Școala din Zăvoieni";
const QUESTION = "Ce spun locuitorii despre școala și drumul din Zăvoieni?";

describe.skipIf(!hasChromium)("browser: starter questions of the corpus", { timeout: 120_000 }, () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
    page.on("dialog", (dialog) => void dialog.accept());
  }, 120_000);

  const starterTexts = () => page.getByTestId("starter").allInnerTexts();

  it("a new conversation first offers the built-in examples", async () => {
    await expect.poll(starterTexts, { timeout: 15_000 }).toHaveLength(4);
    expect((await starterTexts()).join(" ")).toContain("pensiile speciale");
  });

  it("the admin saves a starter on the corpus page; a new conversation shows it, and a click asks it", async () => {
    await page.getByTestId("nav-corpus").click();
    const editor = page.getByTestId("corpus-starters");
    await expect.poll(() => editor.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId("corpus-starter-row").count()).toBe(0);
    expect(await page.getByTestId("corpus-starters-reset").count()).toBe(0);
    await page.getByTestId("corpus-starters-add").click();
    const row = page.getByTestId("corpus-starter-row").first();
    await row.getByTestId("corpus-starter-label").fill(LABEL);
    await row.getByTestId("corpus-starter-text").fill(QUESTION);
    // A question longer than the chat takes is refused, the row named, in the page's language; nothing is saved.
    await page.getByTestId("corpus-starters-add").click();
    const second = page.getByTestId("corpus-starter-row").nth(1);
    await second.getByTestId("corpus-starter-label").fill("Prea lungă");
    await second.getByTestId("corpus-starter-text").fill("x".repeat(4001));
    await page.getByTestId("corpus-starters-save").click();
    await expect
      .poll(() => page.getByTestId("corpus-starters-error").innerText(), { timeout: 10_000 })
      .toContain("Întrebarea de pornire 2 este prea lungă pentru chat (maximum 4.000 de caractere");
    expect(await page.getByTestId("corpus-starters-saved").count()).toBe(0);
    await second.getByTestId("corpus-starter-remove").click();
    await page.getByTestId("corpus-starters-save").click();
    await expect
      .poll(() => page.getByTestId("corpus-starters-saved").isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByTestId("corpus-starters-error").count()).toBe(0);
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    await page.getByTestId("nav-chat").click();
    await page.getByTestId("new-thread").click();
    await expect.poll(starterTexts, { timeout: 10_000 }).toEqual([LABEL]);
    await page.getByTestId("starter").click();
    await expect
      .poll(() => page.getByTestId("message-user").first().innerText(), { timeout: 10_000 })
      .toContain(QUESTION);
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 30_000 }).toBe("done");
  });

  it("going back to the built-in examples brings them back to a new conversation", async () => {
    await page.getByTestId("nav-corpus").click();
    await expect.poll(() => page.getByTestId("corpus-starter-row").count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId("corpus-starters-reset").click();
    await expect
      .poll(() => page.getByTestId("corpus-starters-saved").isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByTestId("corpus-starter-row").count()).toBe(0);
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("new-thread").click();
    await expect.poll(starterTexts, { timeout: 10_000 }).toHaveLength(4);
    // The refused save above is the one error the browser logs (its 413 response).
    expect(errors.filter((e) => !e.includes("status of 413"))).toEqual([]);
  });
});
