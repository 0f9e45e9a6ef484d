// "Sar peste" / "Nu sunt sigur(ă)" in the review card without a browser: the S key, what a skip sends, the unsure
// toggle (kept from the saved status when the row arrives, a change to save, sent as `unsure`), and the contract
// that lets a skip come with no labels; the class's progress, which counts rows skipped and unsure apart; the adjudication's list, where unsure rows come first and a skip is no label.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SaveLabelSchema,
  type HumanReviewLabel,
  type ItemDetail,
  type RunSummary,
} from "../../contract/workbench";
import { ConflictCard } from "../../client/src/components/workbench/AdjudicationView";
import { ProgressTable } from "../../client/src/components/workbench/DatasetProgress";
import { progressCsv } from "../../client/src/state/datasetProgress";
import { datasetProgress } from "../../server/workbench/datasetProgress";
import { I18nProvider } from "../../client/src/i18nContext";
import { conflicts } from "../../client/src/state/adjudication";
import {
  canSkip,
  enterMeans,
  initialReviewState,
  isDirty,
  reviewCommand,
  reviewReducer,
  reviewSaveBody,
  reviewSkipBody,
  type ReviewState,
} from "../../client/src/state/review";

function mine(status: HumanReviewLabel["status"], labels: HumanReviewLabel["labels"] = {}): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx: 4,
    annotator: "Ana",
    labels,
    status,
    note: null,
    blind: true,
    codebookVersion: "1.0.0",
    createdAt: "2025-05-01T10:00:00Z",
    updatedAt: "2025-05-01T10:00:00Z",
  };
}

function item(label: HumanReviewLabel | null): ItemDetail {
  return {
    runId: null,
    datasetId: "ds-1",
    idx: 4,
    itemId: "r4",
    text: "Bravo, guvernul, iar a reușit.",
    meta: {},
    gold: {},
    annotations: [],
    labels: [],
    mine: label,
    adjudication: null,
    flags: {
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: null,
      failed: 0,
      done: 0,
      priority: 0,
      reviewers: [],
      adjudicated: false,
      inSample: false,
    },
    withheld: false,
  };
}

function onRow(label: HumanReviewLabel | null): ReviewState {
  const queued = reviewReducer(initialReviewState(), {
    type: "review:queue",
    response: {
      runId: null,
      annotator: "Ana",
      mode: "priority",
      items: [
        { idx: 4, itemId: "r4", priority: 0, reasons: ["rest"] },
        { idx: 5, itemId: "r5", priority: 0, reasons: ["rest"] },
      ],
      remaining: 2,
      total: 2,
    },
    append: false,
    asked: 20,
  });
  return reviewReducer(queued, { type: "review:item", item: item(label) });
}

describe("skipping a row (S)", () => {
  it("is the S key on the page, not in the note nor with a modifier", () => {
    expect(reviewCommand({ key: "s" }, "ton")).toEqual({ type: "skip" });
    expect(reviewCommand({ key: "S" }, "tema")).toEqual({ type: "skip" });
    expect(reviewCommand({ key: "s" }, "ton", "note")).toBeUndefined();
    expect(reviewCommand({ key: "s", ctrlKey: true }, "ton")).toBeUndefined();
  });

  it("sends no labels and the note, which the contract accepts; without the status no labels is refused", () => {
    const state = reviewReducer(onRow(null), { type: "review:note", note: "  ironie? nu știu  " });
    const body = reviewSkipBody(state, "Ana");
    expect(body).toEqual({ annotator: "Ana", status: "skipped", note: "ironie? nu știu" });
    expect(SaveLabelSchema.safeParse(body).success).toBe(true);
    expect(SaveLabelSchema.safeParse({ annotator: "Ana" }).success).toBe(false);
    expect(SaveLabelSchema.safeParse({ annotator: "Ana", labels: {}, status: "unsure" }).success).toBe(false);
  });

  it("is offered on a row read and not yet skipped; a skipped row goes on with Enter until it is labelled", () => {
    expect(canSkip(initialReviewState())).toBe(false);
    expect(canSkip(onRow(null))).toBe(true);
    const skipped = onRow(mine("skipped"));
    expect(canSkip(skipped)).toBe(false);
    // A saved label is never erased by one key: S does nothing on a labelled or unsure row, even with a change pending.
    expect(canSkip(onRow(mine("labelled", { ton: "negativ" })))).toBe(false);
    expect(canSkip(onRow(mine("unsure", { ton: "negativ" })))).toBe(false);
    const changed = reviewReducer(onRow(mine("labelled", { ton: "negativ" })), {
      type: "review:pick",
      field: "ton",
      value: "pozitiv",
    });
    expect(canSkip(changed)).toBe(false);
    expect(enterMeans(skipped)).toBe("next");
    const labelled = reviewReducer(skipped, { type: "review:pick", field: "ton", value: "negativ" });
    expect(enterMeans(labelled)).toBe("ask");
    expect(reviewSaveBody(labelled, "Ana")).toEqual({ annotator: "Ana", labels: { ton: "negativ" } });
  });
});

describe("marking a row unsure", () => {
  it("toggles, counts as a change, and is sent with the labels as `unsure`", () => {
    const picked = reviewReducer(onRow(null), { type: "review:pick", field: "ton", value: "pozitiv" });
    expect(reviewSaveBody(picked, "Ana")).toEqual({ annotator: "Ana", labels: { ton: "pozitiv" } });
    const unsure = reviewReducer(picked, { type: "review:unsure" });
    expect(unsure.unsure).toBe(true);
    const body = reviewSaveBody(unsure, "Ana");
    expect(body).toEqual({ annotator: "Ana", labels: { ton: "pozitiv" }, status: "unsure" });
    expect(SaveLabelSchema.safeParse(body).success).toBe(true);
    // On a saved label, pressing it alone is a change to save.
    const saved = onRow(mine("labelled", { ton: "pozitiv" }));
    expect(isDirty(saved)).toBe(false);
    expect(isDirty(reviewReducer(saved, { type: "review:unsure" }))).toBe(true);
  });

  it("arrives pressed on a row saved unsure, and is released on the next row", () => {
    const state = onRow(mine("unsure", { ton: "neutru" }));
    expect(state.unsure).toBe(true);
    expect(isDirty(state)).toBe(false);
    expect(reviewReducer(state, { type: "review:move", delta: 1 }).unsure).toBe(false);
    // Not before the row is on screen.
    expect(reviewReducer(initialReviewState(), { type: "review:unsure" }).unsure).toBe(false);
  });
});

describe("the adjudication's list", () => {
  const at = (
    idx: number,
    annotator: string,
    ton: string,
    status: HumanReviewLabel["status"] = "labelled",
  ) => ({
    ...mine(status, status === "skipped" ? {} : { ton }),
    idx,
    annotator,
  });

  it("puts rows someone was unsure of first among those to settle, and leaves skips out", () => {
    const list = conflicts({
      labels: [
        at(1, "Ana", "negativ"),
        at(1, "Ion", "pozitiv"),
        at(7, "Ana", "negativ"),
        at(7, "Ion", "neutru", "unsure"),
        // Eva skipped row 3: Ana's label alone is no disagreement.
        at(3, "Ana", "negativ"),
        at(3, "Eva", "", "skipped"),
      ],
      adjudications: [],
    });
    expect(list.map((c) => [c.idx, c.unsure])).toEqual([
      [7, true],
      [1, false],
    ]);
  });

  it("offers a row someone was unsure of even when the labels agree, or only they labelled it", () => {
    const list = conflicts({
      labels: [
        at(2, "Ana", "negativ"),
        at(2, "Ion", "negativ", "unsure"),
        at(4, "Eva", "pozitiv", "unsure"),
        // Agreeing and sure: nothing to settle.
        at(5, "Ana", "neutru"),
        at(5, "Ion", "neutru"),
      ],
      adjudications: [],
    });
    expect(list.map((c) => [c.idx, c.unsure, c.fields, c.proposal])).toEqual([
      [2, true, [], { ton: "negativ" }],
      [4, true, [], { ton: "pozitiv" }],
    ]);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("marks the unsure person's column in the card, in the page's language", () => {
    const [card] = conflicts({
      labels: [at(7, "Ana", "negativ"), at(7, "Ion", "neutru", "unsure")],
      adjudications: [],
    });
    const run = { id: "run-1", datasetId: "ds-1" } as RunSummary;
    for (const [lang, word] of [
      ["ro", "(nesigur(ă))"],
      ["en", "(not sure)"],
    ] as const) {
      vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
      const html = renderToStaticMarkup(
        <I18nProvider>
          <ConflictCard run={run} conflict={card!} adjudicator="Maria" onSaved={() => {}} />
        </I18nProvider>,
      );
      expect(html.match(/data-testid="adjudicate-unsure"/g)).toHaveLength(1);
      expect(html).toContain(word);
    }
  });
});

describe("the class's progress", () => {
  const saved = (idx: number, annotator: string, status: HumanReviewLabel["status"]) => ({
    ...mine(status, status === "skipped" ? {} : { ton: "negativ" }),
    idx,
    annotator,
  });
  const progress = datasetProgress(
    { id: "ds-1", rows: 10, overlap: 2 },
    {
      labels: [
        saved(0, "ana", "labelled"),
        saved(1, "ana", "unsure"),
        saved(2, "ana", "skipped"),
        saved(0, "ion", "skipped"),
        saved(1, "ion", "labelled"),
      ],
      adjudications: [],
    },
  );

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("counts a skip apart from the rows labelled, an unsure label among them, and no skip toward labels per row", () => {
    expect(progress.annotators.map((a) => [a.annotator, a.labelled, a.skipped, a.unsure])).toEqual([
      ["ana", 2, 1, 1],
      ["ion", 1, 1, 0],
    ]);
    // Row 1 has two people's labels; row 0 has Ana's and Ion's skip.
    expect(progress.rowsAtOverlap).toBe(1);
  });

  it("shows a 'Sărite / nesigure' column and CSV columns once someone skipped, none before", () => {
    vi.stubGlobal("localStorage", { getItem: () => "ro", setItem: () => {} });
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ProgressTable progress={progress} datasetName="fb" />
      </I18nProvider>,
    );
    expect(html).toContain("Sărite / nesigure");
    expect(html.match(/data-testid="dataset-progress-skipped"[^>]*>([^<]*)</)?.[1]).toBe("1 / 1");
    expect(progressCsv(progress, "en").split("\n")[0]).toBe(
      "\ufeffannotator,rows_labelled,rows_total,percent,rows_skipped,rows_unsure,last_activity",
    );
    const none = {
      ...progress,
      annotators: progress.annotators.map((a) => ({ ...a, skipped: 0, unsure: 0 })),
    };
    const plain = renderToStaticMarkup(
      <I18nProvider>
        <ProgressTable progress={none} datasetName="fb" />
      </I18nProvider>,
    );
    expect(plain).not.toContain("dataset-progress-skipped");
    expect(progressCsv(none, "ro").split("\n")[0]).not.toContain("sarite");
  });
});
