// Two tabs of one student on the same row, in a real browser: the first saves "pozitiv / nu"; the second, still showing
// the row empty, types "3" and Enter and gets the conflict panel instead of overwriting, the saved label beside its
// own; "Păstrează ce e salvat" shows the first tab's label and nothing was overwritten. A choice not saved survives a
// reload (after the page's warning), restored with a hint.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { LabelsResponse } from "../../contract/workbench";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { chosenLabels } from "../support/labelling";

describe.skipIf(!hasChromium)("browser: one student's label saved from two tabs", () => {
  const suite = browserSuite();
  let tab1: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ page: tab1, errors } = await openPage(suite.browser, `${suite.server.url}/?page=annotate`));
    await tab1.getByTestId("workbench-page").waitFor();
  }, 120_000);

  it(
    "shows the second tab the first tab's label instead of overwriting it",
    { timeout: 90_000 },
    async () => {
      await tab1.getByTestId("dataset-new-upload").click();
      const rows = [
        "id,text",
        ...Array.from({ length: 4 }, (_, i) => `c${i},Hoții ne fură pensiile (nr. ${i})`),
      ];
      await tab1
        .getByTestId("dataset-upload")
        .setInputFiles({ name: "taburi.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
      await tab1.getByTestId("dataset-mapping").waitFor();
      await tab1.getByTestId("dataset-text-col").selectOption("text");
      await tab1.getByTestId("dataset-create").click();
      await tab1.getByTestId("dataset-view").waitFor();
      const datasetId = (await tab1.getByTestId("dataset-view").getAttribute("data-dataset")) ?? "";
      await tab1.getByTestId("dataset-label").click();
      await tab1.getByTestId("label-view").waitFor();
      await tab1.getByTestId("review-annotator").fill("ion");
      await tab1.getByTestId("review-annotator").press("Enter");
      const card1 = tab1.locator('[data-testid="review-item"][data-saved="false"]');
      await card1.waitFor();
      const idx = (await card1.getAttribute("data-idx")) ?? "";

      // The second tab of the same browser opens the same row, still unlabelled.
      const tab2 = await tab1.context().newPage();
      const errors2: string[] = [];
      tab2.on("pageerror", (err) => errors2.push(`pageerror: ${err.message}`));
      await tab2.goto(tab1.url());
      await tab2.getByTestId("label-view").waitFor();
      await tab2.getByTestId("review-annotator").fill("ion");
      await tab2.getByTestId("review-annotator").press("Enter");
      await tab2.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="false"]`).waitFor();
      await expect.poll(() => tab2.getByTestId("review-note").isEnabled()).toBe(true);

      // Tab 1: pozitiv (1), nu (2), Enter twice (the first names the fields left empty).
      await tab1.bringToFront();
      await expect.poll(() => tab1.getByTestId("review-note").isEnabled()).toBe(true);
      await tab1.keyboard.press("1");
      await tab1.keyboard.press("2");
      await tab1.keyboard.press("Enter");
      await tab1.getByTestId("review-incomplete").waitFor();
      await tab1.keyboard.press("Enter");
      await tab1.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();

      // Tab 2 still shows the row empty: 3 (neutru) and Enter (twice, as fields are left empty) are refused with both
      // labels in view.
      await tab2.bringToFront();
      expect(await chosenLabels(tab2)).toEqual([]);
      await tab2.keyboard.press("3");
      await tab2.keyboard.press("Enter");
      await tab2.getByTestId("review-incomplete").waitFor();
      await tab2.keyboard.press("Enter");
      const panel = tab2.getByTestId("label-conflict");
      await panel.waitFor();
      expect(await panel.innerText()).toContain(
        "Ați salvat acest rând între timp în alt tab sau pe alt dispozitiv",
      );
      expect(await tab2.locator('[data-testid="label-conflict-stored"][data-field="ton"]').innerText()).toBe(
        "pozitiv",
      );
      expect(await tab2.locator('[data-testid="label-conflict-typed"][data-field="ton"]').innerText()).toBe(
        "neutru",
      );
      // What was typed is still there, and the save button waits for the choice.
      expect(await chosenLabels(tab2)).toEqual(["ton:neutru"]);
      expect(await tab2.getByTestId("review-save").isDisabled()).toBe(true);

      const stored = async () =>
        (
          (await (
            await fetch(`${suite.server.url}/api/workbench/datasets/${datasetId}/labels`)
          ).json()) as LabelsResponse
        ).labels.map((l) => [l.idx, l.labels]);
      expect(await stored()).toEqual([[Number(idx), { ton: "pozitiv", populism: "false" }]]);

      await tab2.getByTestId("label-conflict-keep").click();
      await tab2.getByTestId("label-conflict").waitFor({ state: "detached" });
      await expect.poll(() => chosenLabels(tab2)).toEqual(["ton:pozitiv", "populism:false"]);
      expect(await tab2.getByTestId("review-item").getAttribute("data-saved")).toBe("true");
      expect(await stored()).toEqual([[Number(idx), { ton: "pozitiv", populism: "false" }]]);

      // Now tab 1 is behind: it picks neutru while tab 2 saves populism "da"; tab 1's save (or its re-read as it comes
      // back into view) shows the conflict, and "Suprascrie" saves its label over tab 2's.
      await tab1.bringToFront();
      await tab1.locator('[data-testid="review-label"][data-field="ton"][data-value="neutru"]').click();
      await tab2.bringToFront();
      await tab2.locator('[data-testid="review-label"][data-field="populism"][data-value="true"]').click();
      // Its saved label left the same fields empty: saved at once, no question.
      await tab2.getByTestId("review-save").click();
      await expect.poll(() => stored()).toEqual([[Number(idx), { ton: "pozitiv", populism: "true" }]]);
      expect(await tab2.getByTestId("review-incomplete").count()).toBe(0);
      await tab1.bringToFront();
      // Enter saves (the fields empty are those of the label it read) and meets the conflict; a second Enter does
      // nothing once the conflict is shown, whichever came first.
      if (!(await tab1.getByTestId("label-conflict").isVisible())) {
        await tab1.keyboard.press("Enter");
        await tab1.keyboard.press("Enter");
      }
      await tab1.getByTestId("label-conflict").waitFor();
      expect(
        await tab1.locator('[data-testid="label-conflict-stored"][data-field="populism"]').innerText(),
      ).toBe("da");
      // With the keyboard: Enter on the button presses it (the card's own Enter does not take it).
      await tab1.getByTestId("label-conflict-overwrite").focus();
      await tab1.keyboard.press("Enter");
      await tab1.getByTestId("label-conflict").waitFor({ state: "detached" });
      await tab1.locator(`[data-testid="review-item"][data-idx="${idx}"][data-saved="true"]`).waitFor();
      expect(await stored()).toEqual([[Number(idx), { ton: "neutru", populism: "false" }]]);

      // On the next row, a choice and a note not saved survive a reload, after the page's warning.
      await tab2.bringToFront();
      await tab2.keyboard.press("ArrowRight");
      const next = tab2.locator('[data-testid="review-item"][data-saved="false"]');
      await next.waitFor();
      const nextIdx = (await next.getAttribute("data-idx")) ?? "";
      await expect.poll(() => tab2.getByTestId("review-note").isEnabled()).toBe(true);
      await tab2.keyboard.press("2");
      await tab2.getByTestId("review-note").fill("ciornă");
      const dialogs: string[] = [];
      tab2.on("dialog", (dialog) => {
        dialogs.push(dialog.type());
        void dialog.accept();
      });
      await tab2.reload();
      await tab2.getByTestId("label-view").waitFor();
      if (
        !(await tab2
          .getByTestId("review-item")
          .isVisible()
          .catch(() => false))
      ) {
        await tab2.getByTestId("review-annotator").fill("ion");
        await tab2.getByTestId("review-annotator").press("Enter");
      }
      await tab2.locator(`[data-testid="review-item"][data-idx="${nextIdx}"]`).waitFor();
      await tab2.getByTestId("label-draft-restored").waitFor();
      expect(await chosenLabels(tab2)).toEqual(["ton:negativ"]);
      expect(await tab2.getByTestId("review-note").inputValue()).toBe("ciornă");
      expect(dialogs).toEqual(["beforeunload"]);
      expect(errors2).toEqual([]);
      // The browser logs the refused save (409) itself; nothing else went wrong.
      expect(errors.filter((e) => !e.includes("status of 409 (Conflict)"))).toEqual([]);
    },
  );
});
