// "Suita mea" in a real browser against the offline models: two prompts written in the editor are run, with results,
// the recommendation and "Use in chat", and a reload of the run's address shows the same; the editor's problems are
// said next to it with their line, in Romanian and English, and nothing typed is lost to a reload or another tab; a
// file is checked when chosen; and a refusal of the server no longer stays on screen once the form changed.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { chooseCompareModels, hasChromium } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const TWO_PROMPTS = [
  "Ce spune sursa despre pensii?",
  "sursă: Guvernul a anunțat că pensiile vor fi indexate cu cinci procente de la 1 ianuarie.",
  "conține: pensii",
  "",
  "titlu: Parcul nou",
  "Rezumă sursa într-o propoziție.",
  "sursă: Primăria a deschis un parc nou în cartierul de nord, cu locuri de joacă pentru copii.",
  "max cuvinte: 80",
].join("\n");

describe.skipIf(!hasChromium)("browser: comparing models on one's own suite", () => {
  const suite = browserSuite();
  let page: Page;

  async function openCompare(): Promise<Page> {
    const opened = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await opened.goto(`${suite.server.url}/?page=compare`);
    await opened.getByTestId("compare-page").waitFor();
    await expect.poll(() => opened.getByTestId("compare-suite").inputValue()).not.toBe("");
    return opened;
  }

  const caseTitles = (p: Page) => p.getByTestId("compare-case").locator("option").allInnerTexts();

  it("runs two written prompts on the offline model that answers, recommends, and a reload shows the same", async () => {
    page = await openCompare();
    const posted: unknown[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/compare")
        posted.push(r.postDataJSON());
    });
    await page.getByTestId("suite-own").check();
    await page.getByTestId("suite-editor").fill(TWO_PROMPTS);
    expect(await page.getByTestId("suite-own-cases").innerText()).toBe("Cazuri scrise: 2.");
    if (process.env.SCREENSHOT) await page.screenshot({ path: "/tmp/compare-own-suite.png", fullPage: true });
    // The lexicon only annotates: prompts alone would give it nothing but "n/a" rows, so it is not offered.
    expect(await page.locator('[data-testid="compare-model"][value="offline:lexicon"]').count()).toBe(0);
    await chooseCompareModels(page, ["offline:extractive"]);
    await page.getByTestId("compare-temperatures").fill("0");
    expect(await page.getByTestId("compare-planned").innerText()).toContain("2 răspunsuri");
    await page.getByTestId("compare-run").click();
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    expect(posted).toHaveLength(1);
    expect((posted[0] as { suite: { cases: { id: string }[] } }).suite.cases.map((c) => c.id)).toEqual([
      "caz-1",
      "caz-2",
    ]);
    expect(await page.locator('[data-testid="compare-summary"] tbody tr').count()).toBe(1);
    expect(await page.getByTestId("compare-recommendation").innerText()).toContain("offline:extractive");
    expect(await page.getByTestId("compare-apply").count()).toBe(1);
    const titles = ["Cazurile mele · Ce spune sursa despre pensii?", "Cazurile mele · Parcul nou"];
    expect(await caseTitles(page)).toEqual(titles);
    expect(await page.getByTestId("answer-mark").count()).toBeGreaterThan(0);

    await expect.poll(() => new URL(page.url()).searchParams.get("comparison")).not.toBeNull();
    await page.reload();
    await page.getByTestId("compare-summary").waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="compare-summary"] tbody tr').count()).toBe(1);
    expect(await page.getByTestId("compare-recommendation").innerText()).toContain("offline:extractive");
    expect(await caseTitles(page)).toEqual(titles);
    expect(await page.getByTestId("suite-own").isChecked()).toBe(true);
    expect(await page.getByTestId("suite-editor").inputValue()).toBe(TWO_PROMPTS);
    await page.close();
  }, 90_000);

  it("says the editor's problems next to it with their line, in the page's language, and keeps the text", async () => {
    page = await openCompare();
    let starts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/compare") starts += 1;
    });
    await chooseCompareModels(page, ["offline:extractive"]);
    await page.getByTestId("suite-own").check();
    const text = "Prima întrebare?\nmax cuvinte: multe\n\nsursă: doar o sursă";
    await page.getByTestId("suite-editor").fill(text);
    await page.getByTestId("compare-run").click();
    const error = page.getByTestId("suite-error");
    expect(await error.innerText()).toContain(
      "Rândul 2 (cazul 1): „max cuvinte” cere un număr întreg pozitiv, nu „multe”.",
    );
    expect(await error.innerText()).toContain("Rândul 4 (cazul 2): cazul nu are prompt");
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => error.innerText())
      .toContain('Line 2 (case 1): "max cuvinte" needs a whole positive number, not "multe".');
    expect(starts).toBe(0);
    // Another tab and back, then a reload: the text is still there.
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("nav-compare").click();
    expect(await page.getByTestId("suite-editor").inputValue()).toBe(text);
    await page.reload();
    expect(await page.getByTestId("suite-editor").inputValue()).toBe(text);
    expect(await page.getByTestId("suite-own").isChecked()).toBe(true);
    // Its problems show again once the field is left.
    await page.getByTestId("suite-editor").focus();
    await page.getByTestId("suite-editor").blur();
    await page.getByTestId("suite-error").waitFor();
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    // The answers' cap counts one's own cases as the server will: said before sending.
    const many = Array.from({ length: 400 }, (_, i) => `Întrebarea ${i + 1}?`).join("\n\n");
    await page.getByTestId("suite-editor").fill(many);
    await page.locator('[data-testid="compare-model"][value="offline:extractive"]').check();
    await page.getByTestId("compare-temperatures").fill("0");
    await page.getByTestId("compare-runs").fill("4");
    expect(await page.getByTestId("compare-problem-answers").innerText()).toMatch(
      /^The comparison would ask for 1,600 answers \(at most 1,500\)/,
    );
    await page.getByTestId("compare-run").click();
    expect(starts).toBe(0);
    await page.close();
  }, 60_000);

  it("checks a chosen suite file, says why one is refused, and offers the default suite as a template", async () => {
    page = await openCompare();
    await page.getByTestId("suite-own").check();
    await page.getByTestId("suite-upload").setInputFiles({
      name: "stricata.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from("name: [nu se închide\ncases:"),
    });
    await expect
      .poll(() => page.getByTestId("suite-error").innerText(), { timeout: 10_000 })
      .toContain(
        "Fișierul „stricata.yaml” nu a fost primit: Cererea nu are forma așteptată: suita nu se poate citi",
      );
    const good = [
      "name: Suita Anei",
      "cases:",
      "  - id: pensii",
      "    criterion: romana",
      "    title: Pensiile pe scurt",
      "    sources: ['Pensiile vor fi indexate cu cinci procente.']",
      "    prompt: Ce spune sursa?",
    ].join("\n");
    await page.getByTestId("suite-upload").setInputFiles({
      name: "ana.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(good),
    });
    await expect
      .poll(() => page.getByTestId("suite-file").innerText(), { timeout: 10_000 })
      .toContain("Se folosește fișierul „ana.yaml”: Suita Anei (1 caz).");
    expect(await page.getByTestId("suite-error").count()).toBe(0);
    const href = await page.getByTestId("suite-template").getAttribute("href");
    const template = await fetch(`${suite.server.url}${href}`);
    expect(template.status).toBe(200);
    expect(await template.text()).toContain("name: Suita implicită (română)");
    await page.close();
  }, 60_000);

  it("runs the same cases under two system prompts and shows each model under each variant", async () => {
    page = await openCompare();
    await page.getByTestId("suite-own").check();
    await page
      .getByTestId("suite-editor")
      .fill(
        [
          "variantă A: Ești un analist neutru.",
          "variant B: Ești un comentator partizan.",
          "",
          TWO_PROMPTS.replace("conține: pensii", "conține: pensii\ncriteriu: pensii"),
        ].join("\n"),
      );
    expect(await page.getByTestId("suite-own-cases").innerText()).toBe("Cazuri scrise: 2 × 2 variante = 4.");
    await chooseCompareModels(page, ["offline:extractive"]);
    await page.getByTestId("compare-temperatures").fill("0");
    await page.getByTestId("compare-run").click();
    await page.getByTestId("compare-summary").waitFor({ timeout: 60_000 });
    const heatmap = page.locator('[data-testid="compare-chart"][data-kind="criteria"]');
    if (process.env.SCREENSHOT) await heatmap.screenshot({ path: "/tmp/compare-variants.png" });
    expect(
      await heatmap
        .locator("tr[data-criterion]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-criterion"))),
    ).toEqual(["pensii-a", "pensii-b", "varianta-a", "varianta-b"]);
    expect(await heatmap.locator('tr[data-criterion="varianta-a"] th').innerText()).toBe("Varianta A");
    // The cases name a criterion of their own: a row per variant over all its cases.
    expect(await page.locator('[data-testid="compare-variants"] tr').allInnerTexts()).toEqual([
      expect.stringContaining("Varianta A · toate cazurile"),
      expect.stringContaining("Varianta B · toate cazurile"),
    ]);
    const rows = await page.getByTestId("case-row").allInnerTexts();
    expect(rows.map((r) => /· varianta [AB]/.exec(r)?.[0])).toEqual([
      "· varianta A",
      "· varianta B",
      "· varianta A",
      "· varianta B",
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("drops a refusal of the server once the form changed, so that only the new problem shows", async () => {
    page = await openCompare();
    await page.getByTestId("compare-extra-model").fill("nimeni:model");
    await page.getByTestId("compare-run").click();
    await expect
      .poll(() => page.getByTestId("compare-error").innerText(), { timeout: 10_000 })
      .toContain("nimeni:model");
    await page.getByTestId("compare-extra-model").fill("");
    await page.getByTestId("compare-runs").fill("50");
    await page.getByTestId("compare-run").click();
    expect(await page.getByTestId("compare-problem-runs").innerText()).toBe(
      "Rulările pe caz: un număr întreg între 1 și 10.",
    );
    const errors = await page.getByTestId("compare-error").allInnerTexts();
    expect(errors.join(" ")).not.toContain("nimeni:model");
    await page.close();
  }, 60_000);
});
