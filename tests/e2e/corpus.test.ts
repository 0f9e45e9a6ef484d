// Browser test of the "Corpus" page against the real server: a Windows-1250 CSV uploaded, mapped and imported in
// one job (which waits, and says so, while another change holds the corpus); the cleaning report read; the chat
// asked a question only that file answers, citing it without a restart; the documents searched and one opened (one
// far down the list in view beside it, its heading focused, Esc back to its result); the collection removed and gone
// from the answers; a failed import and a binary file leave the corpus answering as before, with the error in the
// page's language (Romanian, then English); a CSV with a broken quote previewed with its skipped lines named.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations } from "../support/accessibility";
import type { CorpusStatus } from "../../contract/corpusPage";
import type { StoredMessage } from "../../contract/threads";
import { lockCorpus } from "../../corpus/pipeline/corpusLock";
import { focusedCorpusResult, focusedTestId, hasChromium, openPage, windowBox } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { windows1250Csv } from "../support/corpus";
import { ZAVOIENI_QUESTION, ZAVOIENI_ROWS } from "../fixtures/corpusPage";

const IMPORT_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "import");

// Each step waits for a real job (a worker thread, a rebuilt index) on a machine other tests share.
describe.skipIf(!hasChromium)("browser: the corpus page", { timeout: 120_000 }, () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[];
  const files = mkdtempSync(path.join(os.tmpdir(), "echochamber-corpus-e2e-"));
  const csv = path.join(files, "zavoieni.csv");
  writeFileSync(csv, windows1250Csv(ZAVOIENI_ROWS));

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
  }, 120_000);

  const jobStatus = () => page.getByTestId("corpus-job").getAttribute("data-status");

  /** Asks the chat and returns the stored answer's sources (the same the page lists). */
  async function askChat(question: string): Promise<StoredMessage["sources"]> {
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("chat-input").fill(question);
    await page.getByTestId("chat-input").press("Enter");
    const answer = page.getByTestId("message-assistant").last();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("done");
    const threadId = new URL(page.url()).searchParams.get("thread") ?? "";
    const { messages } = (await (await fetch(`${suite.server.url}/api/threads/${threadId}`)).json()) as {
      messages: StoredMessage[];
    };
    return messages.filter((m) => m.role === "assistant").at(-1)?.sources ?? [];
  }

  it("imports a Windows-1250 CSV in one job and shows the cleaning report", async () => {
    await page.getByTestId("nav-corpus").click();
    await expect.poll(() => page.getByTestId("corpus-summary").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId("corpus-upload").setInputFiles(csv);
    await expect.poll(() => page.getByTestId("corpus-preview").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId("corpus-preview").innerText()).toContain("Windows-1250");
    expect(await page.getByTestId("corpus-text-col").inputValue()).toBe("comentariu");
    await page.getByTestId("corpus-platform").fill("facebook");
    // The source defaults to the file's "pagina" column; naming it by hand gives every record that source.
    expect(await page.getByTestId("corpus-source").getAttribute("placeholder")).toBe("pagina");
    await page.getByTestId("corpus-source").fill("Pagina Zăvoieni");
    // Another change holds the corpus (a command line `index`, a job on another instance): the job says it waits.
    // (Once the catalog the server builds at start is done: that job would wait first, and the import queue behind.)
    const status = async () =>
      (await (await fetch(`${suite.server.url}/api/corpus/status`)).json()) as CorpusStatus;
    await expect.poll(async () => (await status()).activeJob, { timeout: 60_000 }).toBeNull();
    const release = await lockCorpus(path.join(suite.server.dir, "corpus"));
    try {
      await page.getByTestId("corpus-import").click();
      // The preview above closes: the job panel is brought into the window (1280x800) with focus on its heading,
      // instead of staying ~835 px above it as if nothing had started.
      await expect.poll(() => focusedTestId(page), { timeout: 10_000 }).toBe("corpus-job-title");
      expect(await page.getByTestId("corpus-preview").count()).toBe(0);
      expect(
        await page.getByTestId("corpus-job").evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.top < window.innerHeight;
        }),
      ).toBe(true);
      expect(await page.getByTestId("corpus-job-title").innerText()).toContain("zavoieni.csv");
      const waiting = page.getByTestId("corpus-job-waiting");
      await expect.poll(() => waiting.isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await waiting.innerText()).toContain("Aștept să se termine o altă schimbare a corpusului");
    } finally {
      await release();
    }
    await expect.poll(jobStatus, { timeout: 10_000 }).not.toBeNull();
    await expect.poll(jobStatus, { timeout: 60_000 }).toBe("done");
    expect(await page.getByTestId("corpus-job-waiting").count()).toBe(0);

    const report = page.getByTestId("corpus-report");
    await expect.poll(() => report.isVisible(), { timeout: 10_000 }).toBe(true);
    const count = (reason: string) =>
      report.locator(`tr[data-reason="${reason}"] .corpus-count`).getAttribute("data-count");
    expect(await count("too_short")).toBe("1");
    expect(await count("exact_duplicate")).toBe("1");
    expect(await count("near_duplicate")).toBe("1");
    expect(await count("language")).toBe("1");
    expect(await count("noise")).toBe("1");
    expect(await count("empty")).toBe("1");
    expect(await report.getByTestId("corpus-diacritics").getAttribute("data-count")).toBe("4");
    expect(await report.innerText()).toContain("Păstrate: 4 din 10 înregistrări · eliminate: 6");
    // The near-duplicate beside the text it repeats, the added words marked.
    expect(await report.locator(".corpus-side-by-side mark").first().innerText()).toContain("actualizat");
    if (process.env.CORPUS_SCREENSHOT)
      await page.screenshot({ path: process.env.CORPUS_SCREENSHOT, fullPage: true });
  });

  it("the chat cites the new file without a restart", async () => {
    const sources = await askChat(ZAVOIENI_QUESTION);
    expect(sources?.map((s) => s.docId)).toContain("z1");
    expect(await page.getByTestId("message-assistant").last().innerText()).toContain("Zăvoieni");
  });

  it("searches the documents with highlights and opens one with its metadata and annotation", async () => {
    await page.getByTestId("nav-corpus").click();
    await page.getByTestId("corpus-search").fill("fântână Zăvoieni");
    const first = page.getByTestId("corpus-result").first();
    await expect
      .poll(() => page.getByTestId("corpus-results-total").getAttribute("data-total"), { timeout: 10_000 })
      .toBe("3");
    expect((await first.locator("mark").allInnerTexts()).join(" ").toLowerCase()).toContain("zăvoieni");
    await page.locator('[data-testid="corpus-result"][data-id="z1"] button.corpus-result').click();
    const doc = page.getByTestId("corpus-doc");
    await expect
      .poll(async () => (await doc.innerText()).includes("Pagina Zăvoieni"), { timeout: 10_000 })
      .toBe(true);
    expect(await doc.innerText()).toContain("offline:lexicon");
    expect(await doc.locator("mark").count()).toBeGreaterThan(0);
    expect(await doc.getByTestId("annotation-badge").count()).toBe(1);
    // The document panel has no answer to wait for: its note is not the chat's.
    expect(await doc.getByTestId("annotation-note").innerText()).toContain("nu se corectează aici");

    // The search and its filters are in the address: a reload shows the same documents.
    await page.getByTestId("corpus-filter-source").fill("Pagina Zăvoieni");
    await expect.poll(() => new URL(page.url()).searchParams.get("corpus-source")).toBe("Pagina Zăvoieni");
    expect(new URL(page.url()).searchParams.get("corpus-q")).toBe("fântână Zăvoieni");
    await page.reload();
    await expect
      .poll(() => page.getByTestId("corpus-results-total").getAttribute("data-total"), { timeout: 15_000 })
      .toBe("3");
    expect(await page.getByTestId("corpus-search").inputValue()).toBe("fântână Zăvoieni");
    expect(await page.getByTestId("corpus-filter-source").inputValue()).toBe("Pagina Zăvoieni");
  });

  it("a document opened far down the list shows beside it in the window, its heading focused; Esc closes it", async () => {
    // 1280x800: the list of 20 documents is far taller than the window.
    await page.getByTestId("nav-corpus").click();
    await page.getByTestId("corpus-filter-source").fill("");
    await page.getByTestId("corpus-search").fill("");
    await expect.poll(() => new URL(page.url()).searchParams.get("corpus-q"), { timeout: 10_000 }).toBeNull();
    const results = page.getByTestId("corpus-result");
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBe(20);
    const last = results.last();
    const id = await last.getAttribute("data-id");
    const opener = last.locator("button.corpus-result");
    await opener.scrollIntoViewIfNeeded();
    const before = await windowBox(opener);
    expect(before.top).toBeGreaterThan(0);
    await opener.click();

    // The pane's heading, in the window, takes the focus; the list did not jump: the result read stays in the
    // window, although the list narrows beside the pane (here, where the list ends, it moves down by what shows the
    // pane whole).
    await expect.poll(() => focusedTestId(page), { timeout: 10_000 }).toBe("corpus-doc-title");
    const doc = page.getByTestId("corpus-doc");
    await expect.poll(() => doc.locator(".corpus-doc-text").count(), { timeout: 10_000 }).toBe(1);
    const heading = await windowBox(page.getByTestId("corpus-doc-title"));
    expect(heading.top).toBeGreaterThanOrEqual(0);
    expect(heading.bottom).toBeLessThanOrEqual(heading.height);
    const after = await windowBox(opener);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.bottom).toBeLessThanOrEqual(after.height);
    // The whole pane fits in the window (a longer document scrolls inside it).
    const pane = await windowBox(doc);
    expect(pane.top).toBeGreaterThanOrEqual(0);
    expect(pane.bottom).toBeLessThanOrEqual(pane.height);
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    // The list scrolls up under the reader's wheel: the pane stays in the window.
    await page.mouse.move(before.left + 20, 400);
    await page.mouse.wheel(0, -600);
    await expect
      .poll(async () => (await windowBox(opener)).top, { timeout: 5_000 })
      .toBeGreaterThan(before.top + 300);
    const kept = await windowBox(page.getByTestId("corpus-doc-title"));
    expect(kept.top).toBeGreaterThanOrEqual(0);
    expect(kept.bottom).toBeLessThanOrEqual(kept.height);

    // Esc from anywhere in the document (here after a click in its text) closes it; the focus goes back to the
    // result, brought into the window.
    await doc.locator(".corpus-doc-text").click();
    await page.keyboard.press("Escape");
    expect(await doc.count()).toBe(0);
    expect(await focusedCorpusResult(page)).toBe(id);
    const back = await windowBox(opener);
    expect(back.top).toBeGreaterThanOrEqual(0);
    expect(back.bottom).toBeLessThanOrEqual(back.height + 1); // brought flush to the window's edge: subpixels
  });

  it("draws the overview charts", async () => {
    const overview = page.getByTestId("corpus-overview");
    await expect
      .poll(() => overview.getByTestId("corpus-chart").count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(8);
    expect(await overview.locator('[data-kind="tone-by-source"] li').count()).toBeGreaterThan(0);
    // Platforms by their names, not the ids of the records ("stiri", "oficial").
    const platforms = await overview.locator('[data-kind="platforms"] .corpus-hbar-label').allInnerTexts();
    expect(platforms).toEqual(expect.arrayContaining(["Știri", "Surse oficiale", "Facebook"]));
    expect(platforms).not.toContain("stiri");
    // Every shipped and imported record has its own date: nothing is counted as undated.
    expect(await overview.getByTestId("corpus-undated").count()).toBe(0);
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it("annotating the corpus with a model starts one run, however often the button is clicked", async () => {
    const overview = page.getByTestId("corpus-overview");
    await overview.locator(".corpus-annotate summary").click();
    const start = overview.locator(".corpus-annotate button[type=submit]");
    await expect.poll(() => start.isEnabled(), { timeout: 10_000 }).toBe(true);
    await start.dblclick();
    await expect
      .poll(() => overview.locator(".corpus-annotate .hint").innerText(), { timeout: 20_000 })
      .not.toBe("");
    const { datasets } = (await (await fetch(`${suite.server.url}/api/workbench/datasets`)).json()) as {
      datasets: { name: string }[];
    };
    expect(datasets.filter((d) => d.name.startsWith("corpus · "))).toHaveLength(1);
  });

  it("a failed import and a binary file leave the corpus answering as before", async () => {
    const empty = path.join(files, "goale.jsonl");
    writeFileSync(empty, '{"text": ""}\n{"text": "  "}\n');
    await page.getByTestId("corpus-upload").setInputFiles(empty);
    await expect.poll(() => page.getByTestId("corpus-preview").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId("corpus-text-col").selectOption("text");
    await page.getByTestId("corpus-import").click();
    await expect.poll(jobStatus, { timeout: 60_000 }).toBe("failed");
    expect(await page.getByTestId("corpus-job").innerText()).toContain(
      "Corpusul și indexul au rămas cum erau",
    );

    const binary = path.join(files, "poza.csv");
    writeFileSync(binary, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 1)]));
    await page.getByTestId("corpus-upload").setInputFiles(binary);
    await expect.poll(() => page.getByTestId("corpus-error").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId("corpus-error").innerText()).toContain("pare binar");

    // The English switch: the page, the failed job and a refused file all say it in English.
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => page.getByTestId("corpus-job").innerText(), { timeout: 10_000 })
      .toContain("The corpus and the index are as they were");
    await page.getByTestId("corpus-upload").setInputFiles([]);
    await page.getByTestId("corpus-upload").setInputFiles(binary);
    await expect
      .poll(() => page.getByTestId("corpus-error").innerText(), { timeout: 10_000 })
      .toContain("looks binary");
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("lang-ro").click();

    const sources = await askChat(ZAVOIENI_QUESTION);
    expect(sources?.map((s) => s.docId)).toContain("z1");
  });

  it("the preview warns of lines a broken quote or a wrong width skips, and names each row's platform", async () => {
    await page.getByTestId("nav-corpus").click();
    // Line 3 opens a quote it never closes, line 5 has too many columns; the platform column says "news".
    const broken = path.join(files, "ghilimele.csv");
    copyFileSync(path.join(IMPORT_FIXTURES, "ghilimele-si-coloane.csv"), broken);
    await page.getByTestId("corpus-upload").setInputFiles(broken);
    await expect.poll(() => page.getByTestId("corpus-preview").isVisible(), { timeout: 15_000 }).toBe(true);
    const skipped = page.getByTestId("corpus-preview-skipped");
    expect(await skipped.innerText()).toContain(
      "Linii sărite (rând CSV invalid) printre cele citite: 2 linii, de ex. linia 3",
    );
    // The good line the broken quote ran into is in the preview.
    expect(await page.getByTestId("corpus-preview").innerText()).toContain("Al treilea rând e bun");
    expect(await page.getByTestId("corpus-preview-platform").allInnerTexts()).toEqual([
      "Știri",
      "Știri",
      "Știri",
    ]);
    expect(await page.getByTestId("corpus-platform-hint").innerText()).toContain("coloana „platform”");
    await page.getByTestId("corpus-cancel").click();
    expect(await page.getByTestId("corpus-preview").count()).toBe(0);

    // A refused file takes the previous file's preview away: the import button cannot import the older one.
    await page.getByTestId("corpus-upload").setInputFiles(broken);
    await expect.poll(() => page.getByTestId("corpus-preview").isVisible(), { timeout: 15_000 }).toBe(true);
    const binary = path.join(files, "inca-o-poza.csv");
    writeFileSync(binary, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 1)]));
    await page.getByTestId("corpus-upload").setInputFiles(binary);
    await expect.poll(() => page.getByTestId("corpus-error").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId("corpus-preview").count()).toBe(0);
    expect(await page.getByTestId("corpus-import").count()).toBe(0);
  });

  it("removes the collection, and the chat no longer cites it", async () => {
    await page.getByTestId("nav-corpus").click();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator('tr[data-collection="zavoieni"] [data-testid="corpus-remove"]').click();
    await expect
      .poll(async () => (await page.getByTestId("corpus-job").innerText()).includes("zavoieni"), {
        timeout: 10_000,
      })
      .toBe(true);
    await expect.poll(jobStatus, { timeout: 60_000 }).toBe("done");
    await expect
      .poll(() => page.locator('tr[data-collection="zavoieni"]').count(), { timeout: 10_000 })
      .toBe(0);
    const sources = await askChat(ZAVOIENI_QUESTION);
    expect(sources?.map((s) => s.docId)).not.toContain("z1");
    // The binary file's refusal is the one failed request the browser logs.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
