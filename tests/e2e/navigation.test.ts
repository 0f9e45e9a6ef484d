// The browser's Back and Forward buttons inside the app: each page (tab) and each thread opened is a history entry,
// so Back returns to the page and thread before it instead of leaving the app; a reload still restores the address.
// And the keyboard's way past the header: the skip link.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

type Tab = "chat" | "compare" | "annotate" | "corpus";

/** The tab marked current, and which page's root is shown. */
async function shownPage(page: Page): Promise<Tab | "none"> {
  const current = await page.locator('nav.page-tabs [aria-current="page"]').getAttribute("data-testid");
  return (current?.replace("nav-", "") as Tab | undefined) ?? "none";
}

async function expectPage(page: Page, tab: Tab, root: string): Promise<void> {
  await expect.poll(() => shownPage(page)).toBe(tab);
  await page.getByTestId(root).waitFor({ timeout: 10_000 });
}

describe.skipIf(!hasChromium)("browser: Back and Forward inside the app", () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
    await page.getByTestId("chat-input").waitFor();
  }, 120_000);

  it("Chat → Corpus → Annotate, then Back, Back and Forward move between the pages", async () => {
    await page.getByTestId("nav-corpus").click();
    await expectPage(page, "corpus", "corpus-page");
    await page.getByTestId("nav-annotate").click();
    await expectPage(page, "annotate", "workbench-page");
    expect(new URL(page.url()).searchParams.get("page")).toBe("annotate");

    await page.goBack();
    await expectPage(page, "corpus", "corpus-page");
    expect(new URL(page.url()).searchParams.get("page")).toBe("corpus");
    await page.goBack();
    await expectPage(page, "chat", "chat-input");
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();
    expect(new URL(page.url()).origin).toBe(suite.server.url);

    await page.goForward();
    await expectPage(page, "corpus", "corpus-page");
    // A reload comes back to the page of the address.
    await page.reload();
    await expectPage(page, "corpus", "corpus-page");
    await page.getByTestId("nav-chat").click();
    await expectPage(page, "chat", "chat-input");
  });

  it("opening another thread (or a new one) is a history entry: Back returns to the thread before", async () => {
    const ask = async (text: string) => {
      await page.getByTestId("chat-input").fill(text);
      await page.getByTestId("chat-input").press("Enter");
      await expect
        .poll(() => page.getByTestId("message-user").last().innerText(), { timeout: 10_000 })
        .toContain(text);
      // The answer is whole before the page moves on (nothing streams into the next thread).
      await expect
        .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
          timeout: 10_000,
        })
        .not.toBe("streaming");
      await expect.poll(() => new URL(page.url()).searchParams.get("thread")).not.toBeNull();
      return new URL(page.url()).searchParams.get("thread")!;
    };
    const question = (n: number) => page.getByTestId("message-user").nth(n).innerText();
    const first = await ask("Ce spun oamenii despre pensiile speciale?");
    await page.getByTestId("new-thread").click();
    await expect.poll(() => page.getByTestId("message-user").count()).toBe(0);
    const second = await ask("Ce se spune despre autostrada Moldovei?");
    expect(second).not.toBe(first);

    await page.goBack();
    await expect.poll(() => question(0), { timeout: 10_000 }).toContain("pensiile speciale");
    expect(new URL(page.url()).searchParams.get("thread")).toBe(first);
    await page.goForward();
    await expect.poll(() => question(0), { timeout: 10_000 }).toContain("autostrada");
    expect(new URL(page.url()).searchParams.get("thread")).toBe(second);

    // Picking a thread from the list pushes too; Back returns to the one shown before.
    await page.locator(`[data-testid="thread-item"][data-thread-id="${first}"] .thread-open`).click();
    await expect.poll(() => question(0), { timeout: 10_000 }).toContain("pensiile speciale");
    await page.goBack();
    await expect.poll(() => question(0), { timeout: 10_000 }).toContain("autostrada");
    await expectPage(page, "chat", "chat-input");
  });

  it("a skip link is the first Tab stop, and takes the keyboard past the header into the page's content", async () => {
    for (const [tab, root] of [
      ["chat", "chat-input"],
      ["annotate", "workbench-page"],
    ] as const) {
      await page.getByTestId(`nav-${tab}`).click();
      await expectPage(page, tab, root);
      // The stop before the header's first button is the skip link (nothing focusable precedes it).
      await page.locator("header.topbar button").first().focus();
      await page.keyboard.press("Shift+Tab");
      const link = page.getByTestId("skip-link");
      await expect.poll(() => link.evaluate((el) => el === document.activeElement)).toBe(true);
      // Out of sight until focused, then in view.
      expect((await link.boundingBox())!.y).toBeGreaterThanOrEqual(0);
      expect(await link.innerText()).toBe("Sari la conținut");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      const inMain = await page.evaluate(() => {
        const active = document.activeElement;
        return (
          Boolean(active?.closest("main")) && !active?.closest("header.topbar, nav.page-tabs, aside.sidebar")
        );
      });
      expect(inMain).toBe(true);
    }
  });

  it("threw nothing in the page", () => {
    expect(errors).toEqual([]);
  });
});
