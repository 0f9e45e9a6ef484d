// Browser test of attachments in the chat: 10,000 pasted characters become a chip instead of text in the input,
// the message is sent with it, and the answer cites the attachment (its source opens as the attached text).
// A windows-1250 file is picked with the paperclip; a binary one is refused in the UI's language.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, launchBrowser, openPage } from "../support/browser";
import { POPULIST_PARAGRAPH, longSpeech } from "../support/attachmentText";
import { CLIENT_DIR, startTestServer, type TestServer } from "../support/server";

describe.skipIf(!hasChromium)("browser: attaching a long text to a message", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({}, undefined, { clientDir: CLIENT_DIR });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("turns a 10,000-character paste into a chip, sends it and cites it", async () => {
    const { page, context, errors } = await openPage(browser, server.url);
    const input = page.getByTestId("chat-input");
    await input.fill("Ce teme populiste apar în textul atașat?");
    const speech = longSpeech(10_000);
    expect(speech).toContain(POPULIST_PARAGRAPH);
    // A paste as the browser fires it, with the text on the clipboard event.
    await input.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, speech);

    const chip = page.getByTestId("attachment-chip");
    await expect.poll(() => chip.count()).toBe(1);
    expect(await chip.textContent()).toContain(
      `text lipit · ${speech.trim().length.toLocaleString("ro-RO")} caractere`,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    // The question typed stays, the pasted text is not in the input.
    expect(await input.inputValue()).toBe("Ce teme populiste apar în textul atașat?");

    await input.press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
    // The composer's chip left with the message; the message shows it.
    expect(await page.locator(".composer [data-testid=attachment-chip]").count()).toBe(0);
    expect(await page.getByTestId("message-user").getByTestId("attachment-chip").textContent()).toContain(
      "text lipit",
    );
    // The answer cites the attachment: its citation opens the source panel on the attached text.
    const citation = page.getByTestId("citation").first();
    await citation.click();
    const panel = page.getByTestId("source-panel");
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.textContent()).toContain("text atașat");
    expect(await page.getByTestId("source-passage").textContent()).toContain("elita coruptă");

    // After a reload the message still shows its chip.
    await page.reload();
    await expect.poll(() => page.getByTestId("message-user").getByTestId("attachment-chip").count()).toBe(1);
    // Regenerated, the new version asks with the same attachment and shows it.
    await page.getByTestId("regenerate").click();
    await expect
      .poll(() => page.getByTestId("answer-version-label").innerText(), { timeout: 10_000 })
      .toBe("2/2");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
    expect(await page.getByTestId("message-user").getByTestId("attachment-chip").count()).toBe(1);
    expect(await page.locator(".source-meta").first().textContent()).toMatch(/^text atașat · pasajul \d+$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reads a windows-1250 file picked with the paperclip and refuses a binary one, in English", async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.evaluate(() => localStorage.setItem("echochamber.lang", "en"));
    await page.reload();
    await page.getByTestId("chat-input").fill("Keep this question");
    // "Învăţământul în ţară" in windows-1250: not UTF-8.
    const cp1250 = Buffer.from([
      0xce, 0x6e, 0x76, 0xe3, 0xfe, 0xe3, 0x6d, 0xe2, 0x6e, 0x74, 0x75, 0x6c, 0x20, 0xee, 0x6e, 0x20, 0xfe,
      0x61, 0x72, 0xe3,
    ]);
    await page
      .getByTestId("attach-input")
      .setInputFiles({ name: "vechi.txt", mimeType: "text/plain", buffer: cp1250 });
    await expect.poll(() => page.getByTestId("attachment-chip").count()).toBe(1);
    expect(await page.getByTestId("attachment-chip").textContent()).toContain("vechi.txt · 20 characters");
    // A reload of the tab keeps the message being written: its text and its attachment.
    await page.reload();
    await expect.poll(() => page.getByTestId("attachment-chip").count()).toBe(1);
    expect(await page.getByTestId("attachment-chip").textContent()).toContain("vechi.txt · 20 characters");
    expect(await page.getByTestId("chat-input").inputValue()).toBe("Keep this question");

    await page.getByTestId("attach-input").setInputFiles({
      name: "raport.txt",
      mimeType: "text/plain",
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
    });
    await expect
      .poll(() => page.getByTestId("attach-error").textContent())
      .toContain('"raport.txt" is not a text file');
    expect(await page.getByTestId("attachment-chip").count()).toBe(1);
    expect(await page.getByTestId("chat-input").inputValue()).toBe("Keep this question");

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("attachment-remove").click();
    expect(await page.getByTestId("attachment-chip").count()).toBe(0);
    await context.close();
  });
});
