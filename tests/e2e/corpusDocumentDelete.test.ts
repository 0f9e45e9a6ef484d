// Browser test of deleting one document on the corpus page, against the real server (the shipped corpus, the real
// worker thread): the Explore list finds a feed article; its delete button asks for a confirmation naming the
// document's title and collection; the job's progress shows under the page's job panel ("Ștergerea documentului „…”"),
// said again in English after the switch; the list no longer holds the document, the chat no longer cites it, and the
// other documents of its collection stay.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DocumentsPage } from "../../contract/corpusExplore";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage } from "../support/browser";
import { askInNewThread } from "../support/chatInPage";
import { browserSuite } from "../support/browserSuite";

const DOC_ID = "rss-0001";
const TITLE = "Bruxelles aprobă modificarea PNRR: 12 investiții renegociate";
const SEARCH = "Bruxelles PNRR renegociate";

describe.skipIf(!hasChromium)("browser: deleting one document of the corpus", { timeout: 150_000 }, () => {
  const suite = browserSuite();
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPage(suite.browser, suite.server.url));
  }, 120_000);

  const result = () => page.locator(`[data-testid="corpus-result"][data-id="${DOC_ID}"]`);
  /** The ids the page's search finds (none while the shipped corpus's catalog is still being built: 503). */
  const found = async (query: string) => {
    const res = await fetch(`${suite.server.url}/api/corpus/documents?${query}`);
    return res.ok ? ((await res.json()) as DocumentsPage).documents.map((d) => d.id) : [];
  };
  const search = `q=${encodeURIComponent(SEARCH)}`;

  /** Asks the chat and returns the stored answer's sources. */
  const askChat = (question: string) => askInNewThread(page, suite.server.url, question);

  it("asks before deleting, naming the document and its collection; a refusal changes nothing", async () => {
    await expect.poll(() => found(search), { timeout: 60_000 }).toContain(DOC_ID);
    await page.getByTestId("nav-corpus").click();
    await page.getByTestId("corpus-search").fill(SEARCH);
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(1);
    const button = result().getByTestId("corpus-document-delete");
    expect(await button.getAttribute("aria-label")).toBe(`Șterge documentul „${TITLE}” din corpus`);
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await button.click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain(`„${TITLE}”`);
    expect(asked[0]).toContain("colecția „rss”");
    expect(await page.getByTestId("corpus-job").count()).toBe(0);
    expect(await result().count()).toBe(1);
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it("deletes it as a job whose progress the page shows; the list and the chat lose it", async () => {
    const before = await askChat(TITLE);
    expect(before?.map((s) => s.docId)).toContain(DOC_ID);

    await page.getByTestId("nav-corpus").click();
    await page.getByTestId("corpus-search").fill(SEARCH);
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(1);
    page.once("dialog", (dialog) => void dialog.accept());
    await result().getByTestId("corpus-document-delete").click();
    const job = page.getByTestId("corpus-job");
    await expect
      .poll(() => page.getByTestId("corpus-job-title").innerText(), { timeout: 10_000 })
      .toBe(`Ștergerea documentului „${TITLE}”`);
    await expect.poll(() => job.getAttribute("data-status"), { timeout: 90_000 }).toBe("done");
    expect(await job.innerText()).toContain("Documentul nu mai apare în răspunsuri");
    expect(await job.innerText()).toContain("Index fără document");
    await expect.poll(() => result().count(), { timeout: 30_000 }).toBe(0);
    expect(await found(search)).not.toContain(DOC_ID);
    // The collection's other documents stay.
    expect(await found("collection=rss&limit=100")).toContain("rss-0002");

    await page.getByTestId("lang-en").click();
    await expect
      .poll(() => page.getByTestId("corpus-job-title").innerText(), { timeout: 10_000 })
      .toBe(`Deleting the document "${TITLE}"`);
    expect(await job.innerText()).toContain("The document no longer appears in answers");
    await page.getByTestId("lang-ro").click();

    const after = await askChat(TITLE);
    expect(after?.map((s) => s.docId)).not.toContain(DOC_ID);
    expect(errors).toEqual([]);
  });
});
