// A data set's annotation guidelines in Chromium with AUTH=users: the teacher writes them in the data set's view
// (Markdown with its preview) and saves ("Ghid salvat"); a student opens the shared set for labelling and finds them
// open above the form, folds them with "?", finds them folded on the next visit, and open again (saying they changed)
// once the teacher has changed them; the teacher's text typed while they were saved in another tab stays, beside the
// saved one, until the teacher keeps it or takes the saved one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetResponse, UploadPreview } from "../../contract/workbench";
import { addAccounts, signIn } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage, type OpenedPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { uploadFile } from "../support/rest";
import { HttpSession } from "../support/session";

const WB = "/api/workbench";
const PASSWORDS = { prof: "parola-prof-1", ion: "parola-ion-1" } as const;
const CSV = ["id,text", "c1,Hoții de la putere ne fură pensiile!", "c2,Bravo pentru noul spital."].join("\n");

describe.skipIf(!hasChromium)("browser: a data set's annotation guidelines", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });
  let datasetId: string;
  let prof: HttpSession;
  const pages: OpenedPage[] = [];

  beforeAll(async () => {
    await addAccounts(
      suite.server.dir,
      Object.entries(PASSWORDS).map(([username, password]) => ({ username, role: "member", password })),
    );
    prof = new HttpSession(suite.server.url);
    expect((await prof.login({ username: "prof", password: PASSWORDS.prof })).status).toBe(200);
    const uploaded = await uploadFile<UploadPreview>(`${suite.server.url}${WB}/uploads`, "clasa.csv", CSV, {
      cookie: prof.cookie!,
    });
    const created = await prof.post(`${WB}/datasets`, {
      uploadId: uploaded.body.uploadId,
      name: "Clasa: populism",
      mapping: { text: "text", id: "id" },
    });
    datasetId = (created.body as DatasetResponse).dataset.id;
    await prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true });
  }, 120_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
  });

  it("lets the teacher write them, with a Markdown preview, and save them", { timeout: 60_000 }, async () => {
    const opened = await openPage(suite.browser, suite.server.url);
    pages.push(opened);
    const { page } = opened;
    await signIn(page, "prof", PASSWORDS.prof);
    await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
    const section = page.getByTestId("dataset-guidelines");
    await section.waitFor();
    await page
      .getByTestId("dataset-guidelines-edit")
      .fill("## Ce contează ca populism\n\nMarcați **da** doar când textul opune poporul unei elite.");
    const preview = page.getByTestId("dataset-guidelines-preview");
    await expect.poll(() => preview.locator("h2").innerText()).toBe("Ce contează ca populism");
    expect(await preview.locator("strong").innerText()).toBe("da");
    await page.getByTestId("dataset-guidelines-save").click();
    await page.getByTestId("dataset-guidelines-saved").waitFor();
    expect(await page.getByTestId("dataset-guidelines-saved").innerText()).toBe("Ghid salvat");
    expect(await page.getByTestId("dataset-guidelines-save").isDisabled()).toBe(true);
    const stored = ((await prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).guidelines;
    expect(stored).toMatchObject({ updatedBy: "prof" });
    expect(stored?.text).toContain("## Ce contează ca populism");
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it(
    "shows them to a student who labels the set: open the first time, folded with ?, open again once changed",
    { timeout: 60_000 },
    async () => {
      const opened = await openPage(suite.browser, suite.server.url);
      pages.push(opened);
      const { page } = opened;
      await signIn(page, "ion", PASSWORDS.ion);
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
      // A member writes none: the editor is the owner's.
      await page.getByTestId("dataset-label").click();
      const panel = page.getByTestId("guidelines-panel");
      await panel.waitFor();
      expect(await page.getByTestId("dataset-guidelines").count()).toBe(0);
      expect(await panel.getAttribute("data-open")).toBe("true");
      expect(await panel.locator("h2").innerText()).toBe("Ce contează ca populism");
      await page.getByTestId("review-item").waitFor();
      expect.soft(await accessibilityViolations(page)).toEqual([]);

      await page.locator("body").click({ position: { x: 1, y: 1 } });
      await page.keyboard.press("?");
      await expect.poll(() => panel.getAttribute("data-open")).toBe("false");
      expect(await page.getByTestId("guidelines-body").isVisible()).toBe(false);

      // Seen: the next visit starts folded; the button unfolds it.
      await page.reload();
      await panel.waitFor();
      expect(await panel.getAttribute("data-open")).toBe("false");
      await page.getByTestId("guidelines-toggle").click();
      await expect.poll(() => panel.getAttribute("data-open")).toBe("true");

      // The teacher changes them: open again by itself, saying so.
      expect(
        (
          await prof.request("PUT", `${WB}/datasets/${datasetId}/guidelines`, {
            text: "## Ce contează ca populism\n\nȘi ironia la adresa elitei contează.",
          })
        ).status,
      ).toBe(200);
      await page.getByTestId("guidelines-toggle").click();
      await page.reload();
      await panel.waitFor();
      expect(await panel.getAttribute("data-open")).toBe("true");
      expect(await page.getByTestId("guidelines-changed").innerText()).toContain(
        "Ghidul s-a schimbat de când l-ați citit ultima dată.",
      );
      expect(await page.getByTestId("guidelines-body").innerText()).toContain("ironia la adresa elitei");
    },
  );

  it(
    "keeps the teacher's text when the guidelines were saved meanwhile elsewhere: keep mine, then take theirs",
    { timeout: 60_000 },
    async () => {
      const opened = await openPage(suite.browser, suite.server.url);
      pages.push(opened);
      const { page } = opened;
      await signIn(page, "prof", PASSWORDS.prof);
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
      const edit = page.getByTestId("dataset-guidelines-edit");
      await edit.waitFor();
      expect(await edit.inputValue()).toContain("ironia la adresa elitei");
      const elsewhere = (text: string) =>
        prof.request("PUT", `${WB}/datasets/${datasetId}/guidelines`, { text }).then((r) => r.status);

      // Saved in another tab after this page loaded: this save is refused, and the text typed here stays.
      expect(await elsewhere("## Din alt tab")).toBe(200);
      await edit.fill("## Textul meu\n\nCu exemple.");
      await page.getByTestId("dataset-guidelines-save").click();
      const conflict = page.getByTestId("guidelines-conflict");
      await conflict.waitFor();
      expect(await conflict.innerText()).toContain("Ghidul a fost salvat între timp de prof");
      expect(await page.getByTestId("guidelines-conflict-stored").innerText()).toBe("## Din alt tab");
      expect(await edit.inputValue()).toBe("## Textul meu\n\nCu exemple.");
      expect(await page.getByTestId("dataset-guidelines-save").isDisabled()).toBe(true);
      expect.soft(await accessibilityViolations(page)).toEqual([]);
      await page.getByTestId("guidelines-conflict-overwrite").click();
      await page.getByTestId("dataset-guidelines-saved").waitFor();
      expect(await conflict.count()).toBe(0);
      const kept = ((await prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).guidelines;
      expect(kept?.text).toBe("## Textul meu\n\nCu exemple.");

      // Again, and this time the stored text replaces the one typed here.
      expect(await elsewhere("## Al doilea tab")).toBe(200);
      await edit.fill("## Altă încercare");
      await page.getByTestId("dataset-guidelines-save").click();
      await conflict.waitFor();
      await page.getByTestId("guidelines-conflict-take").click();
      expect(await conflict.count()).toBe(0);
      expect(await edit.inputValue()).toBe("## Al doilea tab");
      const taken = ((await prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).guidelines;
      expect(taken?.text).toBe("## Al doilea tab");
    },
  );
});
