// Browser test of attachments in the chat: 10,000 pasted characters become a chip instead of text in the input,
// the message is sent with it, and the answer cites the attachment (its source opens as the attached text).
// A windows-1250 file is picked with the paperclip; a binary one is refused in the UI's language. A file dropped on
// the composer is attached as the paperclip attaches it, with a drop target shown while it is dragged.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { BRIDGE_PARAGRAPH, POPULIST_PARAGRAPH, longSpeech } from "../support/attachmentText";

/** A file as the test builds it in the page: text, or raw bytes. */
interface PageFile {
  name: string;
  text?: string;
  bytes?: number[];
}

/**
 * Fires a drag event at the chat input as the browser fires it for files dragged from the desktop (they bubble up to
 * the composer): its DataTransfer carries the files, or only text when none are given.
 */
async function dragOnInput(
  page: Page,
  type: "dragenter" | "dragover" | "dragleave" | "drop",
  files: PageFile[],
): Promise<void> {
  await page.getByTestId("chat-input").evaluate(
    (el, { type, files }) => {
      const data = new DataTransfer();
      for (const f of files) {
        const body = f.bytes ? new Uint8Array(f.bytes) : (f.text ?? "");
        data.items.add(new File([body], f.name, { type: "text/plain" }));
      }
      if (files.length === 0) data.setData("text/plain", "un cuvânt tras");
      el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { type, files },
  );
}

/** Drags the files over the input and drops them, as a user does. */
async function dropOnInput(page: Page, files: PageFile[]): Promise<void> {
  await dragOnInput(page, "dragenter", files);
  await dragOnInput(page, "dragover", files);
  await dragOnInput(page, "drop", files);
}

describe.skipIf(!hasChromium)("browser: attaching a long text to a message", () => {
  const suite = browserSuite();

  it("turns a 10,000-character paste into a chip, sends it and cites it", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
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
      `text lipit · ${speech.trim().length.toLocaleString("ro-RO")} de caractere`,
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
    const { page, context } = await openPage(suite.browser, suite.server.url);
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

  it("attaches a file dropped on the composer as the paperclip does, showing where to drop it while dragging", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    const input = page.getByTestId("chat-input");
    await input.fill("Cât costă podul peste Mureș?");
    await input.focus();
    const target = page.getByTestId("composer-drop-target");
    // Long enough to hold the paragraph on the bridge.
    const speech = longSpeech(15_000);
    expect(speech).toContain(BRIDGE_PARAGRAPH);
    const discurs = { name: "discurs.txt", text: speech };

    // Files dragged over the composer: the drop target says where to drop them, and goes when the drag leaves.
    await dragOnInput(page, "dragenter", [discurs]);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await target.textContent()).toBe("Plasați fișierul aici");
    expect(await page.getByTestId("composer-dropzone").getAttribute("class")).toContain("dragging");
    expect(await accessibilityViolations(page)).toEqual([]);
    await dragOnInput(page, "dragleave", [discurs]);
    expect(await target.count()).toBe(0);
    // A file dropped beside the composer is refused, not opened by the tab (which would leave the conversation).
    const openedBeside = await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["x"], "alaturi.txt", { type: "text/plain" }));
      const event = new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
      document.body.dispatchEvent(event);
      return !event.defaultPrevented;
    });
    expect(openedBeside).toBe(false);
    // Text dragged into the input is the browser's business: no drop target.
    await dragOnInput(page, "dragenter", []);
    expect(await target.count()).toBe(0);

    await dropOnInput(page, [discurs]);
    const chips = page.locator(".composer [data-testid=attachment-chip]");
    await expect.poll(() => chips.count()).toBe(1);
    expect(await chips.textContent()).toContain(
      `discurs.txt · ${speech.trim().length.toLocaleString("ro-RO")} de caractere`,
    );
    expect(await target.count()).toBe(0);
    // The question typed stays, and so does the keyboard's place: the input keeps the focus.
    expect(await input.inputValue()).toBe("Cât costă podul peste Mureș?");
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    // The paperclip's checks: a binary file and an empty one are refused, by name.
    await dropOnInput(page, [{ name: "raport.txt", bytes: [0x50, 0x4b, 0x03, 0x04, 0x00, 0x00] }]);
    await expect
      .poll(() => page.getByTestId("attach-error").textContent())
      .toContain("„raport.txt” nu este un fișier text");
    await dropOnInput(page, [{ name: "gol.txt", text: "  \n " }]);
    await expect.poll(() => page.getByTestId("attach-error").textContent()).toContain("„gol.txt” este gol");
    // A file too large to hold 200,000 characters is refused before it is read.
    await dropOnInput(page, [{ name: "film.txt", text: "x".repeat(700_000) }]);
    await expect
      .poll(() => page.getByTestId("attach-error").textContent())
      .toContain("„film.txt” are 683,6 KB: prea mare pentru un atașament (cel mult 200.000 de caractere)");
    // Windows-1250 is read as such; three attachments at most, the fourth refused.
    const cp1250 = [
      0xce, 0x6e, 0x76, 0xe3, 0xfe, 0xe3, 0x6d, 0xe2, 0x6e, 0x74, 0x75, 0x6c, 0x20, 0xee, 0x6e, 0x20, 0xfe,
      0x61, 0x72, 0xe3,
    ];
    await dropOnInput(page, [
      { name: "vechi.txt", bytes: cp1250 },
      { name: "note.md", text: "Note despre pod." },
      { name: "tabel.csv", text: "an,cost\n2024,80" },
    ]);
    await expect.poll(() => chips.count()).toBe(3);
    expect(await chips.nth(1).textContent()).toContain("vechi.txt · 20 de caractere");
    await expect
      .poll(() => page.getByTestId("attach-error").textContent())
      .toContain("Cel mult 3 atașamente la un mesaj.");
    await page.getByTestId("attachment-remove").nth(2).click();
    await page.getByTestId("attachment-remove").nth(1).click();

    // Sent with Enter, the dropped file is searched and cited like a picked one.
    await input.press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");
    expect(await page.getByTestId("message-user").getByTestId("attachment-chip").textContent()).toContain(
      "discurs.txt",
    );
    expect(await page.locator(".source-meta").first().textContent()).toMatch(/^text atașat · pasajul \d+$/);

    // In English, the drop target says so.
    await page.evaluate(() => localStorage.setItem("echochamber.lang", "en"));
    await page.reload();
    await dragOnInput(page, "dragenter", [discurs]);
    await expect.poll(() => target.textContent()).toBe("Drop the file here");
    await dragOnInput(page, "drop", [{ name: "gol.txt", text: "" }]);
    await expect.poll(() => page.getByTestId("attach-error").textContent()).toContain('"gol.txt" is empty');
    expect(await target.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
