// Browser test of how the chat shows retrieved documents: a long article whose passages all match the question
// appears once in the sources, says how many more of its passages matched, and shows them in the side panel.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../contract/threads";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const QUESTION = "Ce se întâmplă cu recalcularea pensiilor speciale ale magistraților?";

/** A corpus written for this test: one long article about the question, a few short comments. */
function corpusWithLongArticle(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-sources-"));
  mkdirSync(path.join(dir, "corpus", "cleaned"), { recursive: true });
  // Every paragraph speaks of the question, so several of the article's chunks match nearly equally well.
  const paragraphs = Array.from(
    { length: 8 },
    (_, i) =>
      `Paragraful ${i + 1}: recalcularea pensiilor speciale ale magistraților a fost discutată din nou, ` +
      `iar ministerul a promis că pensiile speciale vor fi recalculate după contribuții. ` +
      `Sindicatele magistraților au cerut clarificări despre calendarul recalculării.`,
  );
  const records = [
    {
      id: "articol-lung",
      title: "Pensiile speciale ale magistraților, recalculate",
      text: paragraphs.join(" "),
      source: "Gazeta Test",
      platform: "stiri",
      date: "2025-03-10",
    },
    ...["Pensiile speciale trebuie tăiate!", "Iar promisiuni despre pensii.", "Drumul e plin de gropi."].map(
      (text, i) => ({ id: `c${i}`, text, source: "Pagina Test", platform: "facebook", date: "2025-03-11" }),
    ),
  ];
  writeFileSync(
    path.join(dir, "corpus", "cleaned", "test.jsonl"),
    records.map((r) => JSON.stringify({ url: "", lang: "ro", ...r })).join("\n"),
  );
  return dir;
}

describe.skipIf(!hasChromium)("browser: a document shows once, with its other passages", () => {
  const suite = browserSuite({ dir: corpusWithLongArticle });

  it("lists the long article once, with a count of its other passages, and shows them in the panel", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url);
    await page.getByTestId("chat-input").fill(QUESTION);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 15_000,
      })
      .toBe("done");

    const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
    const res = await fetch(`${suite.server.url}/api/threads/${threadId}`);
    const { messages } = (await res.json()) as { messages: StoredMessage[] };
    const sources = messages[1]?.sources ?? [];
    expect(sources.filter((s) => s.docId === "articol-lung")).toHaveLength(1);
    expect(new Set(sources.map((s) => s.docId)).size).toBe(sources.length);
    const n = sources.findIndex((s) => s.docId === "articol-lung") + 1;
    const article = sources[n - 1];
    const others = article.otherPassages ?? [];
    expect(others.length).toBeGreaterThan(0);

    const row = page.locator(`[data-source-id="${article.id}"]`);
    expect(await row.getByTestId("source-more-passages").innerText()).toBe(
      others.length === 1 ? "+1 fragment" : `+${others.length} fragmente`,
    );
    await row.getByRole("button", { name: `Deschide sursa ${n}` }).click();
    const panel = page.getByTestId("source-panel");
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.getByTestId("source-passage").innerText()).toBe(article.text.trim());
    const shown = panel.getByTestId("source-other-passages").locator("blockquote");
    expect(await shown.count()).toBe(others.length);
    expect(await shown.first().innerText()).toBe(others[0].text.trim());
    expect(errors).toEqual([]);
    await context.close();
  });
});
