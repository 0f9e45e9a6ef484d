// In Chromium with AUTH=users: a member who opens an admin's page by its address is told it is for administrators
// (with a link back to the chat) instead of getting the chat under that address; an admin's thread list shows their
// own threads until they choose everyone's, remembered across a reload; the ⋯ menu of a thread closes with Esc and
// gives the focus back to ⋯.
import { beforeAll, describe, expect, it } from "vitest";
import { addAccounts, signIn } from "../support/accounts";
import { focusedTestId, hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const PASSWORDS = { prof: "parola-prof-1", ana: "parola-ana-1" } as const;

describe.skipIf(!hasChromium)("browser: pages and threads by role", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });

  beforeAll(async () => {
    await addAccounts(suite.server.dir, [
      { username: "prof", role: "admin", password: PASSWORDS.prof },
      { username: "ana", role: "member", password: PASSWORDS.ana },
    ]);
  }, 120_000);

  it("tells a member that the corpus and accounts pages are for administrators, with a way back to the chat", async () => {
    const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}/?page=corpus`);
    await signIn(page, "ana", PASSWORDS.ana, { toChat: false });
    const refused = page.getByTestId("page-refused");
    await refused.waitFor();
    expect(await refused.innerText()).toContain("Pagina aceasta este doar pentru administratori.");
    expect(page.url()).toContain("page=corpus");
    expect(await page.getByTestId("chat-input").count()).toBe(0);
    await page.getByTestId("page-refused-chat").click();
    await page.getByTestId("chat-input").waitFor();
    expect(page.url()).not.toContain("page=");
    expect(await page.getByTestId("page-refused").count()).toBe(0);

    // The same for the accounts page, in English.
    await page.goto(`${suite.server.url}/?page=accounts`);
    await page.getByTestId("lang-en").click();
    await expect.poll(() => refused.innerText()).toContain("This page is for administrators only.");
    expect(await page.getByTestId("page-refused-chat").innerText()).toBe("Back to the chat");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows the admin's own threads until they choose everyone's; the ⋯ menu closes with Esc", async () => {
    // A student's question.
    const student = await openPage(suite.browser, suite.server.url);
    await signIn(student.page, "ana", PASSWORDS.ana, { toChat: false });
    await student.page.getByTestId("chat-input").fill("Întrebarea elevei despre pensii");
    await student.page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => student.page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
    await student.context.close();

    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await signIn(page, "prof", PASSWORDS.prof, { toChat: false });
    await page.getByTestId("chat-input").waitFor();
    const list = page.getByTestId("thread-list");
    // "Ale mele" by default: the student's question is not on the teacher's screen.
    await page.getByTestId("threads-filter-mine").waitFor();
    expect(await page.getByTestId("threads-filter-mine").getAttribute("aria-pressed")).toBe("true");
    expect(await list.innerText()).not.toContain("Întrebarea elevei");
    expect(await page.getByTestId("threads-mine-empty").count()).toBe(1);

    await page.getByTestId("threads-filter-all").click();
    const item = page.getByTestId("thread-item").filter({ hasText: "Întrebarea elevei" });
    await item.waitFor();
    expect(await item.getByTestId("thread-owner").innerText()).toBe("ana");
    // Remembered in this browser.
    await page.reload();
    await item.waitFor();
    expect(await page.getByTestId("threads-filter-all").getAttribute("aria-pressed")).toBe("true");

    // Esc closes the ⋯ menu, with the focus on ⋯ or on one of its actions, and gives the focus back to ⋯.
    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-rename").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => item.getByTestId("thread-rename").count()).toBe(0);
    expect(await item.getByTestId("thread-menu").getAttribute("aria-expanded")).toBe("false");
    expect(await focusedTestId(page)).toBe("thread-menu");

    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-export-md").focus();
    await page.keyboard.press("Escape");
    await expect.poll(() => item.getByTestId("thread-export-md").count()).toBe(0);
    expect(await focusedTestId(page)).toBe("thread-menu");

    // The delete question too: Esc takes it back, and the focus returns to ⋯ rather than to the page.
    await item.getByTestId("thread-menu").click();
    await item.getByTestId("thread-delete").click();
    await expect.poll(() => focusedTestId(page)).toBe("thread-delete-cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => item.getByTestId("thread-delete-confirm").count()).toBe(0);
    expect(await focusedTestId(page)).toBe("thread-menu");

    // Back to "Ale mele": the list hides the student's thread again.
    await page.getByTestId("threads-filter-mine").click();
    await expect.poll(() => item.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
