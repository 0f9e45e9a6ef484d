// Blind review chosen by the data set's owner, in Chromium with AUTH=users: a teacher shares a data set with gold and
// a run (over REST); a student signs in, opens it, and finds the name field read-only under their account, "Mod orb"
// ticked and disabled with the reason, no export links, and a row they have not labelled opened from the results
// without its gold or other people's labels. The teacher's page offers the setting beside sharing, and under it
// the class's progress (with its CSV), which the student's page does not show.
import type { Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRESS_REFRESH_MS } from "../../client/src/state/datasetProgress";
import type { DatasetResponse, Job, UploadPreview } from "../../contract/workbench";
import { addAccounts, signIn } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage, type OpenedPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { uploadFile } from "../support/rest";
import { HttpSession } from "../support/session";

const WB = "/api/workbench";
const PASSWORDS = { prof: "parola-prof-1", ion: "parola-ion-1" } as const;
const CSV = [
  "id,text,eticheta",
  "c1,Hoții de la putere ne fură pensiile!,negativ",
  "c2,Bravo pentru noul spital din Sibiu.,pozitiv",
].join("\n");

describe.skipIf(!hasChromium)("browser: blind review chosen by the data set's owner", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });
  let datasetId: string;
  const pages: OpenedPage[] = [];

  beforeAll(async () => {
    await addAccounts(
      suite.server.dir,
      Object.entries(PASSWORDS).map(([username, password]) => ({ username, role: "member", password })),
    );
    const prof = new HttpSession(suite.server.url);
    expect((await prof.login({ username: "prof", password: PASSWORDS.prof })).status).toBe(200);
    const uploaded = await uploadFile<UploadPreview>(`${suite.server.url}${WB}/uploads`, "clasa.csv", CSV, {
      cookie: prof.cookie!,
    });
    const created = await prof.post(`${WB}/datasets`, {
      uploadId: uploaded.body.uploadId,
      name: "Clasa: ton",
      mapping: { text: "text", id: "id", gold: [{ field: "ton", column: "eticheta" }] },
    });
    datasetId = (created.body as DatasetResponse).dataset.id;
    await prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true });
    const started = await prof.post(`${WB}/runs`, { datasetId, models: ["offline:lexicon"] });
    const runId = (started.body as { run: { id: string } }).run.id;
    for (let i = 0; ; i++) {
      const job = ((await prof.get(`${WB}/runs/${runId}`)).body as { job: Job }).job;
      if (job.status === "done") break;
      expect(job.status === "failed" || i > 400).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await prof.request("PUT", `${WB}/datasets/${datasetId}/items/1/labels`, {
      annotator: "prof",
      labels: { ton: "pozitiv" },
    });
  }, 120_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
  });

  it("holds the student to it on every view of the run", { timeout: 60_000 }, async () => {
    const opened = await openPage(suite.browser, suite.server.url);
    pages.push(opened);
    const { page } = opened;
    await signIn(page, "ion", PASSWORDS.ion);
    await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
    await page.getByTestId("run-view").waitFor();
    const name = page.getByTestId("review-annotator");
    expect(await name.inputValue()).toBe("ion");
    expect(await name.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByTestId("export-blind").innerText()).toContain("doar profesorul");
    expect(await page.getByTestId("export-csv").count()).toBe(0);
    expect(await page.getByTestId("dataset-blind").count()).toBe(0);

    await page.getByTestId("view-results").click();
    await page.getByTestId("results-row").first().waitFor();
    expect(await page.getByTestId("results-label").count()).toBe(0);
    await page.locator('[data-testid="results-row"][data-idx="1"] button').click();
    const panel = page.getByTestId("item-panel");
    await panel.getByTestId("item-people-withheld").waitFor();
    expect(await panel.innerText()).not.toMatch(/Gold|pozitiv|prof/);

    await page.getByTestId("view-review").click();
    const blind = page.getByTestId("review-blind");
    await blind.waitFor();
    expect(await blind.isChecked()).toBe(true);
    expect(await blind.isDisabled()).toBe(true);
    expect(await page.getByTestId("review-blind-owner").innerText()).toContain(
      "Profesorul a ales revizuirea oarbă",
    );
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it(
    "offers the teacher the setting beside sharing, and the student's page follows it",
    { timeout: 60_000 },
    async () => {
      const opened = await openPage(suite.browser, suite.server.url);
      pages.push(opened);
      const { page } = opened;
      await signIn(page, "prof", PASSWORDS.prof);
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
      const setting = page.getByTestId("dataset-blind");
      await setting.waitFor();
      expect(await setting.isChecked()).toBe(true);
      // The run's view (and its export links) comes after the data set's card: waited for, not read at once.
      await expect.poll(() => page.getByTestId("export-csv").count(), { timeout: 15_000 }).toBe(1);
      // The box follows the stored setting: it turns off once the server has taken the change.
      await setting.click();
      await expect.poll(() => setting.isChecked(), { timeout: 15_000 }).toBe(false);

      const student = pages[0]!.page;
      await student.reload();
      await student.getByTestId("run-view").waitFor();
      await expect.poll(() => student.getByTestId("export-csv").count(), { timeout: 15_000 }).toBe(1);
      await student.getByTestId("view-review").click();
      await student.getByTestId("review-blind").waitFor();
      expect(await student.getByTestId("review-blind").isDisabled()).toBe(false);
    },
  );
  it(
    "ticks “Partajat cu clasa” at once, holds it while the server saves, and puts it back when saving fails",
    { timeout: 60_000 },
    async () => {
      const opened = await openPage(suite.browser, suite.server.url);
      pages.push(opened);
      const { page } = opened;
      await signIn(page, "prof", PASSWORDS.prof);
      // The PUT is held until the test lets it go: what the box shows meanwhile is what a slow server shows.
      const held: Route[] = [];
      await page.route(`**${WB}/datasets/${datasetId}/shared`, (route) => {
        held.push(route);
      });
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
      const box = page.getByTestId("dataset-shared");
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);

      // A failure: the box went off at once, and comes back on with a message.
      await box.click();
      await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
      expect(await box.isChecked()).toBe(false);
      expect(await box.isDisabled()).toBe(true);
      await held[0]!.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "internal", message: "Eroare internă." } }),
      });
      await page.getByTestId("dataset-share-error").waitFor();
      expect(await page.getByTestId("dataset-share-error").innerText()).toContain(
        "Partajarea nu a fost salvată",
      );
      expect(await box.isChecked()).toBe(true);
      expect(await box.isDisabled()).toBe(false);

      // A success: off at once, disabled until the server's answer, and off after it.
      await box.click();
      await expect.poll(() => held.length, { timeout: 15_000 }).toBe(2);
      expect(await box.isChecked()).toBe(false);
      expect(await box.isDisabled()).toBe(true);
      expect(await page.getByTestId("dataset-share-error").count()).toBe(0);
      await held[1]!.continue();
      await expect.poll(() => box.isDisabled(), { timeout: 15_000 }).toBe(false);
      expect(await box.isChecked()).toBe(false);
      expect(held).toHaveLength(2);
    },
  );

  it(
    "keeps the data set opened meanwhile when a sharing save is answered after the person moved on",
    { timeout: 60_000 },
    async () => {
      const prof = new HttpSession(suite.server.url);
      expect((await prof.login({ username: "prof", password: PASSWORDS.prof })).status).toBe(200);
      const uploaded = await uploadFile<UploadPreview>(
        `${suite.server.url}${WB}/uploads`,
        "al-doilea.csv",
        CSV,
        {
          cookie: prof.cookie!,
        },
      );
      const created = await prof.post(`${WB}/datasets`, {
        uploadId: uploaded.body.uploadId,
        name: "Al doilea set",
        mapping: { text: "text", id: "id" },
      });
      const secondId = (created.body as DatasetResponse).dataset.id;

      const opened = await openPage(suite.browser, suite.server.url);
      pages.push(opened);
      const { page } = opened;
      await signIn(page, "prof", PASSWORDS.prof);
      const held: Route[] = [];
      await page.route(`**${WB}/datasets/${datasetId}/shared`, (route) => {
        held.push(route);
      });
      await page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
      const view = page.getByTestId("dataset-view");
      await expect.poll(() => view.getAttribute("data-dataset"), { timeout: 15_000 }).toBe(datasetId);
      const box = page.getByTestId("dataset-shared");
      const shared = await box.isChecked();
      await box.click();
      await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);

      // The person opens the other data set while the save is on its way; its answer comes after.
      await page.getByTestId("dataset-choose").click();
      await page.getByTestId("dataset-item").filter({ hasText: "Al doilea set" }).click();
      await expect.poll(() => view.getAttribute("data-dataset"), { timeout: 15_000 }).toBe(secondId);
      const answered = page.waitForResponse(`**${WB}/datasets/${datasetId}/shared`);
      await held[0]!.continue();
      expect((await answered).status()).toBe(200);
      // The list's badge follows the saved change (the answer was handled), and the page is still the other set's.
      await page.getByTestId("dataset-choose").click();
      const badges = page
        .getByTestId("dataset-item")
        .filter({ hasText: "Clasa: ton" })
        .getByTestId("dataset-shared-badge");
      await expect.poll(() => badges.count(), { timeout: 15_000 }).toBe(shared ? 0 : 1);
      await page.getByTestId("dataset-choose").click();
      expect(await view.getAttribute("data-dataset")).toBe(secondId);
      await expect.poll(() => page.getByTestId("dataset-label").count(), { timeout: 5_000 }).toBe(1);
      expect(await page.locator("#wb-datasets-title").innerText()).toContain("Al doilea set");
      expect(await view.innerText()).toContain("al-doilea.csv");
      expect(await view.innerText()).not.toContain("clasa.csv");
    },
  );
  // The class's progress ("Progresul clasei"): on a data set of its own, so that the steps above do not change it.
  it(
    "shows the teacher the class's progress under the share box, with its CSV, and the student nothing of it",
    { timeout: 60_000 },
    async () => {
      const sessions = { prof: new HttpSession(suite.server.url), ion: new HttpSession(suite.server.url) };
      for (const [who, session] of Object.entries(sessions))
        expect(
          (await session.login({ username: who, password: PASSWORDS[who as keyof typeof PASSWORDS] })).status,
        ).toBe(200);
      const uploaded = await uploadFile<UploadPreview>(
        `${suite.server.url}${WB}/uploads`,
        "progres.csv",
        CSV,
        {
          cookie: sessions.prof.cookie!,
        },
      );
      const created = await sessions.prof.post(`${WB}/datasets`, {
        uploadId: uploaded.body.uploadId,
        name: "Progres clasa",
        mapping: { text: "text", id: "id" },
      });
      const progressId = (created.body as DatasetResponse).dataset.id;
      await sessions.prof.request("PUT", `${WB}/datasets/${progressId}/shared`, { shared: true });
      for (const [who, idx] of [
        ["ion", 0],
        ["ion", 1],
        ["prof", 1],
      ] as const) {
        const saved = await sessions[who].request("PUT", `${WB}/datasets/${progressId}/items/${idx}/labels`, {
          annotator: who,
          labels: { ton: "negativ" },
        });
        expect(saved.status).toBe(200);
      }

      const teacher = await openPage(suite.browser, suite.server.url);
      pages.push(teacher);
      await signIn(teacher.page, "prof", PASSWORDS.prof);
      await teacher.page.goto(`${suite.server.url}/?page=annotate&dataset=${progressId}`);
      const rows = teacher.page.getByTestId("dataset-progress-row");
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
      expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-annotator")))).toEqual([
        "ion",
        "prof",
      ]);
      expect(await rows.first().innerText()).toContain("2 din 2 rânduri");
      // A label saved while the teacher watches shows without "Reîmprospătează": the table reads itself again.
      expect(await rows.nth(1).getAttribute("data-labelled")).toBe("1");
      const more = await sessions.prof.request("PUT", `${WB}/datasets/${progressId}/items/0/labels`, {
        annotator: "prof",
        labels: { ton: "pozitiv" },
      });
      expect(more.status).toBe(200);
      await expect
        .poll(() => rows.nth(1).getAttribute("data-labelled"), { timeout: PROGRESS_REFRESH_MS + 10_000 })
        .toBe("2");
      expect(await teacher.page.getByTestId("dataset-progress-updated").innerText()).toContain(
        "Actualizat la",
      );
      const download = teacher.page.waitForEvent("download");
      await teacher.page.getByTestId("dataset-progress-csv").click();
      expect((await download).suggestedFilename()).toMatch(/^Progres-clasa-progres-\d{4}-\d{2}-\d{2}\.csv$/);
      expect.soft(await accessibilityViolations(teacher.page)).toEqual([]);

      const student = await openPage(suite.browser, suite.server.url);
      pages.push(student);
      await signIn(student.page, "ion", PASSWORDS.ion);
      await student.page.goto(`${suite.server.url}/?page=annotate&dataset=${progressId}`);
      const view = student.page.getByTestId("dataset-view");
      await expect.poll(() => view.getAttribute("data-dataset"), { timeout: 15_000 }).toBe(progressId);
      await student.page.getByTestId("dataset-label").waitFor();
      // The table (or its "loading" line) would come with the data set's card: it is not there at all.
      expect(await student.page.getByTestId("dataset-progress").count()).toBe(0);
    },
  );
});
