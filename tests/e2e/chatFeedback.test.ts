// The "Evaluări" page in Chromium with AUTH=users: a member rates an answer 👎 with a comment in the chat; the admin
// opens the tab and sees the rating with its question and answer inline, the summary per model, filters it, and
// downloads it as CSV; the member is offered no such tab and is told the page is an admin's. The page passes the
// accessibility audit.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { addAccounts, signIn } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const QUESTION = "Ce spun comentariile despre pensii?";
const COMMENT = "Lipsesc sursele oficiale.";

describe.skipIf(!hasChromium)("browser: the chat's ratings for the admin", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });

  beforeAll(async () => {
    await addAccounts(suite.server.dir, [
      { username: "prof", role: "admin", password: "parola-prof-1" },
      { username: "elev", role: "member", password: "parola-elev-1" },
    ]);
  }, 120_000);

  it("shows the admin a member's 👎 with its comment, question and answer; the member gets no such page", async () => {
    const student = await openPage(suite.browser, suite.server.url);
    await signIn(student.page, "elev", "parola-elev-1");
    expect(await student.page.getByTestId("nav-ratings").count()).toBe(0);
    await student.page.getByTestId("chat-input").fill(QUESTION);
    await student.page.getByTestId("chat-input").press("Enter");
    const answer = student.page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    const answerId = await answer.getAttribute("data-message-id");
    await student.page.getByTestId("feedback-down").click();
    await student.page.getByTestId("feedback-comment").fill(COMMENT);
    await student.page.getByTestId("feedback-submit").click();
    await expect
      .poll(() => student.page.getByTestId("feedback-status").innerText())
      .toContain("comentariul au fost salvate");
    // The address of the page, typed by a member: said to be an admin's.
    await student.page.goto(`${suite.server.url}/?page=ratings`);
    await student.page.getByTestId("page-refused").waitFor();
    expect(await student.page.getByTestId("page-refused").innerText()).toContain(
      "doar pentru administratori",
    );
    expect(student.errors).toEqual([]);
    await student.context.close();

    const { page, errors } = await openPage(suite.browser, suite.server.url);
    await signIn(page, "prof", "parola-prof-1");
    await page.getByTestId("nav-ratings").click();
    await page.getByTestId("chat-feedback").waitFor();
    expect(page.url()).toContain("page=ratings");
    const row = page.getByTestId("chat-feedback-row");
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute("data-message")).toBe(answerId);
    expect(await row.getAttribute("data-rating")).toBe("down");
    const text = await row.innerText();
    expect(text).toContain("elev");
    expect(text).toContain(COMMENT);
    expect(text).toContain(QUESTION);
    expect(text).toContain("offline:extractive");
    expect(text).toContain("👎 nefolositor");
    expect(await page.getByTestId("chat-feedback-model").innerText()).toMatch(
      /0% 👍 · IÎ 95% \[0; \d+\] · 1 evaluare/,
    );
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    // Filtered to 👍: none, said in words; back to all.
    const filters = page.getByTestId("chat-feedback-filter");
    await filters.locator("[data-filter=rating]").selectOption("up");
    await page.getByTestId("chat-feedback-empty").waitFor();
    expect(await page.getByTestId("chat-feedback-empty").innerText()).toContain(
      "Nicio evaluare nu se potrivește",
    );
    await filters.locator("[data-filter=rating]").selectOption("down");
    await expect.poll(() => row.count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("chat-feedback-csv").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^chat-evaluari-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8").split("\n");
    expect(csv[0]).toBe(
      "\ufeffdata,utilizator,model,temperatura,evaluare,comentariu,conversatie,conversatie_exista,intrebare,raspuns_extras",
    );
    expect(csv[1]).toContain(`,elev,offline:extractive,`);
    expect(csv[1]).toContain(`,down,${COMMENT},`);
    expect(errors).toEqual([]);
  });
});
