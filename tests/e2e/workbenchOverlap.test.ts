// Labels per row (overlap) in Chromium with AUTH=users: the teacher chooses "1 etichetă" beside sharing; Ana labels the
// first row of the shared set with the keyboard and goes on to the next; Ion, who opens the set after her, starts on
// the second row (the first has its one label already) and reads how many rows are left for him.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetResponse, UploadPreview } from "../../contract/workbench";
import { addAccounts, signIn } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage, type OpenedPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { readyUnsavedCard } from "../support/labelling";
import { uploadFile } from "../support/rest";
import { HttpSession } from "../support/session";

const WB = "/api/workbench";
const PASSWORDS = { prof: "parola-prof-1", ana: "parola-ana-1", ion: "parola-ion-1" } as const;
const CSV = [
  "id,text",
  "c1,Hoții de la putere ne fură pensiile!",
  "c2,Bravo pentru noul spital.",
  "c3,Poporul știe mai bine decât ei.",
].join("\n");

describe.skipIf(!hasChromium)("browser: labels per row (overlap)", () => {
  const suite = browserSuite({ env: { AUTH: "users" } });
  let datasetId: string;
  let prof: HttpSession;
  const pages: OpenedPage[] = [];

  const open = async (who: keyof typeof PASSWORDS) => {
    const opened = await openPage(suite.browser, suite.server.url);
    pages.push(opened);
    await signIn(opened.page, who, PASSWORDS[who]);
    await opened.page.goto(`${suite.server.url}/?page=annotate&dataset=${datasetId}`);
    return opened.page;
  };

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
      name: "Clasa: suprapunere",
      mapping: { text: "text", id: "id" },
      // No sample: every row is subject to the overlap (the sample would be in everyone's queue).
      reviewSample: { size: 0, seed: 1 },
    });
    datasetId = (created.body as DatasetResponse).dataset.id;
    await prof.request("PUT", `${WB}/datasets/${datasetId}/shared`, { shared: true });
  }, 120_000);

  afterAll(async () => {
    for (const p of pages) await p.context.close();
  });

  const overlapStored = async () =>
    ((await prof.get(`${WB}/datasets/${datasetId}`)).body as DatasetResponse).dataset.overlap;

  it("lets the teacher choose one label per row beside sharing", { timeout: 60_000 }, async () => {
    const page = await open("prof");
    const select = page.getByTestId("dataset-overlap");
    await select.waitFor();
    expect(await select.inputValue()).toBe("");
    await select.selectOption("1");
    await expect.poll(overlapStored).toBe(1);
    await expect.poll(() => select.isDisabled()).toBe(false);
    expect(await select.inputValue()).toBe("1");
    expect.soft(await accessibilityViolations(page)).toEqual([]);
  });

  it("skips, in a second student's queue, the row the first one labelled", { timeout: 90_000 }, async () => {
    const ana = await open("ana");
    await ana.getByTestId("dataset-label").click();
    expect((await readyUnsavedCard(ana)).idx).toBe("0");
    expect(await ana.getByTestId("review-overlap").innerText()).toBe(
      "Mai aveți 3 rânduri de etichetat; fiecare rând are nevoie de 1 etichetă.",
    );
    // ton: negativ (2); populism, anti-elitism, people-centrism: no (2); topic: pensii (1).
    for (const key of ["2", "2", "2", "2", "1"]) await ana.keyboard.press(key);
    await ana.keyboard.press("Enter");
    await ana.locator('[data-testid="review-item"][data-idx="0"][data-saved="true"]').waitFor();
    await ana.keyboard.press("Enter");
    await ana.locator('[data-testid="review-item"][data-idx="1"]').waitFor();

    const ion = await open("ion");
    await ion.getByTestId("dataset-label").click();
    // Row 0 has its one label (Ana's): Ion starts on row 1, and is told the others have theirs.
    await ion.locator('[data-testid="review-item"][data-idx="1"]').waitFor();
    await expect
      .poll(() => ion.getByTestId("review-overlap").innerText())
      .toBe("Mai aveți 2 rânduri de etichetat; celelalte au deja 1 etichetă.");
    expect(await ion.locator('[data-testid="review-item"][data-idx="0"]').count()).toBe(0);
    expect.soft(await accessibilityViolations(ion)).toEqual([]);
  });
});
