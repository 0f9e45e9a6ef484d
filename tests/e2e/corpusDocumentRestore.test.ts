// Browser test of putting a deleted document back on the corpus page, against the real server (the shipped corpus,
// the real worker thread): a feed article deleted from the Explore list appears under "Documente șterse (1)"; its
// "Pune înapoi" asks for a confirmation naming the document's title and collection; the job's progress shows in the
// page's job panel ("Punerea înapoi a documentului „…”"); the panel then lists no deleted document, and the Explore
// list, the search and the chat find the document again with its id. Deleted again and its id taken by an import
// meanwhile, it comes back as `rss-0001~2`, which the job panel says in either language; that import's cleaning report
// warns of a line of the removal ledger a hand edit broke.
import { appendFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DocumentsPage } from "../../contract/corpusExplore";
import type { CorpusJobResponse } from "../../contract/corpusPage";
import { LEDGER_FILE } from "../../corpus/pipeline/removalLedger";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { askInNewThread } from "../support/chatInPage";
import { browserSuite } from "../support/browserSuite";
import { corpusApi, importUpload, uploadCorpusFile, waitForImport, windows1250Csv } from "../support/corpus";

const DOC_ID = "rss-0001";
const TITLE = "Bruxelles aprobă modificarea PNRR: 12 investiții renegociate";
const SEARCH = "Bruxelles PNRR renegociate";

describe.skipIf(!hasChromium)("browser: putting a deleted document back", { timeout: 180_000 }, () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
  }, 120_000);

  const result = () => page.locator(`[data-testid="corpus-result"][data-id="${DOC_ID}"]`);
  const row = () =>
    page.locator(`[data-testid="corpus-removed-item"][data-id="${DOC_ID}"][data-collection="rss"]`);
  const found = async (query: string) => {
    const res = await fetch(`${suite.server.url}/api/corpus/documents?${query}`);
    return res.ok ? ((await res.json()) as DocumentsPage).documents.map((d) => d.id) : [];
  };
  const search = `q=${encodeURIComponent(SEARCH)}`;
  const job = () => page.getByTestId("corpus-job");

  const askChat = (question: string) => askInNewThread(page, suite.server.url, question);

  it("a deleted document is listed under Documente șterse, and put back after a confirmation naming it", async () => {
    await expect.poll(() => found(search), { timeout: 60_000 }).toContain(DOC_ID);
    await page.getByTestId("nav-corpus").click();
    const panel = page.getByTestId("corpus-removed");
    await expect.poll(() => panel.getAttribute("data-count"), { timeout: 30_000 }).toBe("0");

    // Deleted from the Explore list.
    await page.getByTestId("corpus-search").fill(SEARCH);
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(1);
    page.once("dialog", (dialog) => void dialog.accept());
    await result().getByTestId("corpus-document-delete").click();
    await expect
      .poll(() => page.getByTestId("corpus-job-title").innerText(), { timeout: 10_000 })
      .toBe(`Ștergerea documentului „${TITLE}”`);
    await expect.poll(() => job().getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(0);

    // Listed under "Documente șterse (1)".
    await expect.poll(() => panel.getAttribute("data-count"), { timeout: 30_000 }).toBe("1");
    await panel.locator("summary").click();
    expect(await panel.locator("summary").innerText()).toBe("Documente șterse (1)");
    await expect.poll(() => row().count()).toBe(1);
    expect(await row().innerText()).toContain(TITLE);
    const button = row().getByTestId("corpus-removed-restore");
    expect(await button.innerText()).toBe("Pune înapoi");
    expect.soft(await accessibilityViolations(page)).toEqual([]);

    // A refusal changes nothing.
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await button.click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain(`„${TITLE}”`);
    expect(asked[0]).toContain("colecția „rss”");
    expect(await page.getByTestId("corpus-job-title").innerText()).toBe(`Ștergerea documentului „${TITLE}”`);

    // Put back: the job panel follows it.
    page.once("dialog", (dialog) => void dialog.accept());
    await button.click();
    await expect
      .poll(() => page.getByTestId("corpus-job-title").innerText(), { timeout: 10_000 })
      .toBe(`Punerea înapoi a documentului „${TITLE}”`);
    await expect.poll(() => job().getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
    expect(await job().innerText()).toContain("Documentul apare din nou în listă și în răspunsuri.");
    await expect.poll(() => panel.getAttribute("data-count"), { timeout: 30_000 }).toBe("0");
    expect(await row().count()).toBe(0);

    // Found again, with its id: the Explore list, the search, the chat.
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(1);
    expect(await found(search)).toContain(DOC_ID);
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => page.getByTestId("corpus-removed").locator("summary").innerText(), { timeout: 10_000 })
      .toBe("Deleted documents (0)");
    await page.getByTestId("lang-ro").click();
    const sources = await askChat(TITLE);
    expect(sources?.map((s) => s.docId)).toContain(DOC_ID);
    expect(errors).toEqual([]);
  });

  it("names the new id of a document put back after its id was taken, and the clean report warns of a broken ledger line", async () => {
    const base = suite.server.url;
    // Deleted again; a broken line in the removal ledger (a hand edit); then an import takes the id meanwhile.
    const removal = await corpusApi<CorpusJobResponse>(base, "DELETE", `/documents/${DOC_ID}`);
    expect(removal.status).toBe(202);
    expect((await waitForImport(base, removal.body.record.id)).job?.status).toBe("done");
    appendFileSync(path.join(suite.server.config.CORPUS_DIR, LEDGER_FILE), '{"collection": "rss", stricat\n');
    const rows = [
      ["id", "text"],
      [DOC_ID, "Consiliul local din Valea Mierlei a aprobat bugetul pentru reparația drumului comunal."],
    ];
    const preview = (await uploadCorpusFile(base, "preluari.csv", windows1250Csv(rows))).body;
    const imported = await importUpload(base, preview.uploadId);
    expect(imported.record.clean).toMatchObject({ kept: 1, ledgerUnreadable: 1 });

    // The page, read again, shows that import's cleaning report with the warning.
    await page.reload();
    await page.getByTestId("nav-corpus").click();
    const unreadable = page.getByTestId("corpus-clean-ledger-unreadable");
    await expect.poll(() => unreadable.count(), { timeout: 30_000 }).toBe(1);
    expect(await unreadable.innerText()).toMatch(
      /^Atenție: un rând din registrul ștergerilor \(corpus\/removed\.jsonl\) nu poate fi citit/,
    );

    // Put back from the panel: it comes back as rss-0001~2, and the job panel says why.
    const panel = page.getByTestId("corpus-removed");
    await expect.poll(() => panel.getAttribute("data-count"), { timeout: 30_000 }).toBe("1");
    // Open already: the ledger has a line it cannot read, which the panel shows without being asked.
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    page.once("dialog", (dialog) => void dialog.accept());
    await row().getByTestId("corpus-removed-restore").click();
    await expect.poll(() => job().getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
    const renamed = page.getByTestId("corpus-job-restored-as");
    await expect.poll(() => renamed.count(), { timeout: 30_000 }).toBe(1);
    expect(await renamed.innerText()).toBe(
      `Documentul a revenit ca „${DOC_ID}~2”: id-ul „${DOC_ID}” era luat între timp.`,
    );
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => renamed.innerText(), { timeout: 10_000 })
      .toBe(`The document came back as "${DOC_ID}~2": the id "${DOC_ID}" had been taken in the meantime.`);
    await page.getByTestId("lang-ro").click();
    expect(await found(`q=${encodeURIComponent("Bruxelles PNRR renegociate")}`)).toContain(`${DOC_ID}~2`);
    expect(errors).toEqual([]);
  });
});
