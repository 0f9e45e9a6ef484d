// Review without a browser: the queue reducer (pieces of the queue appended without repeats, moving, picking
// labels with the focus moving on, saving), the keyboard map, what Enter means, the labels sent, the adjudication
// view's conflicts and majority, and the remembered annotator.
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../support/memoryStorage";
import {
  SaveLabelSchema,
  type HumanReviewLabel,
  type ItemDetail,
  type QueueResponse,
  type RowAnnotation,
} from "../../contract/workbench";
import {
  currentEntry,
  enterMeans,
  initialReviewState,
  isDirty,
  labelKey,
  modelConsensus,
  needsMoreQueue,
  queueCursor,
  queuePosition,
  reviewCommand,
  reviewLabels,
  reviewReducer,
  type ReviewState,
} from "../../client/src/state/review";
import { annotatorNames, conflicts, majority } from "../../client/src/state/adjudication";
import { translate } from "../../client/src/i18n";
import {
  loadAnnotator,
  loadBlind,
  loadRecentNames,
  rememberName,
  saveBlind,
} from "../../client/src/state/annotator";

function queue(idxs: number[], over: Partial<QueueResponse> = {}): QueueResponse {
  return {
    runId: "run-1",
    annotator: "Ana",
    mode: "priority",
    items: idxs.map((idx) => ({ idx, itemId: `r${idx}`, priority: 10 - idx, reasons: ["models_disagree"] })),
    remaining: 50,
    total: 60,
    ...over,
  };
}

function label(
  annotator: string,
  idx: number,
  labels: HumanReviewLabel["labels"],
  updatedAt = "2025-05-01T10:00:00Z",
): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx,
    annotator,
    labels,
    note: null,
    status: "labelled",
    blind: true,
    codebookVersion: "1.0.0",
    createdAt: updatedAt,
    updatedAt,
  };
}

function annotation(model: string, labels: RowAnnotation["labels"], repeat = 1): RowAnnotation {
  return {
    model,
    repeat,
    labels,
    confidence: 0.7,
    tinta: null,
    justificare: null,
    dovezi: [],
    error: null,
    codebookVersion: "1.0.0",
    temperature: 0,
    olderCodebook: false,
    createdAt: "2025-05-01T10:00:00Z",
  };
}

function item(idx: number, over: Partial<ItemDetail> = {}): ItemDetail {
  return {
    runId: "run-1",
    datasetId: "ds-1",
    idx,
    itemId: `r${idx}`,
    text: "Hoții ne fură pensiile!",
    meta: {},
    gold: {},
    annotations: null,
    labels: null,
    mine: null,
    adjudication: null,
    flags: {
      modelsDisagree: ["ton"],
      runsDisagree: [],
      minConfidence: 0.7,
      failed: 0,
      done: 2,
      priority: 5,
      reviewers: [],
      adjudicated: false,
      inSample: false,
    },
    withheld: true,
    ...over,
  };
}

const withQueue = (idxs: number[]): ReviewState =>
  reviewReducer(initialReviewState(), {
    type: "review:queue",
    response: queue(idxs),
    append: false,
    asked: 20,
  });

describe("the review queue", () => {
  it("appends further pieces without repeating rows and knows when the server has no more", () => {
    let state = withQueue([3, 7, 1]);
    expect(currentEntry(state)?.idx).toBe(3);
    state = reviewReducer(state, {
      type: "review:queue",
      response: queue([7, 1, 9]),
      append: true,
      asked: 23,
    });
    expect(state.entries.map((e) => e.idx)).toEqual([3, 7, 1, 9]);
    expect(state.exhausted).toBe(true);
    expect(
      reviewReducer(withQueue([1]), {
        type: "review:queue",
        response: queue([2], { mode: "sample" }),
        append: true,
        asked: 20,
      }).entries,
    ).toHaveLength(1);
  });

  it("counts the row's place in the whole queue left to this person, not in the page held", () => {
    // 30 rows left of 30, read 20 at a time: the card said "1 din 20 în coadă" beside "30 de rânduri rămase din 30".
    const page = Array.from({ length: 20 }, (_, i) => i);
    let state = reviewReducer(initialReviewState(), {
      type: "review:queue",
      response: queue(page, { remaining: 30, total: 30 }),
      append: false,
      asked: 20,
    });
    expect(queuePosition(state)).toEqual({ n: 1, of: 30 });
    // Saving a row moves the remaining count down, not the queue's length: the saved row stays in it.
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 0, { ton: "negativ" }) });
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    expect(state.remaining).toBe(29);
    expect(queuePosition(state)).toEqual({ n: 2, of: 30 });
    // The next page: the server's remaining no longer counts the saved row.
    state = reviewReducer(state, {
      type: "review:queue",
      response: queue(
        Array.from({ length: 10 }, (_, i) => 20 + i),
        { remaining: 29, total: 30 },
      ),
      append: true,
      asked: 20,
    });
    expect(state.entries).toHaveLength(30);
    expect(queuePosition(state)).toEqual({ n: 2, of: 30 });
    // A person who labelled 10 rows before: 20 left of 30, and a queue of 20.
    const later = reviewReducer(initialReviewState(), {
      type: "review:queue",
      response: queue(page.slice(0, 20), { remaining: 20, total: 30 }),
      append: false,
      asked: 20,
    });
    expect(queuePosition(later)).toEqual({ n: 1, of: 20 });
  });

  it("asks for more when three rows or fewer are left ahead, after the last row held", () => {
    const state = withQueue([1, 2, 3, 4, 5]);
    expect(needsMoreQueue({ ...state, exhausted: false })).toBe(false);
    expect(needsMoreQueue({ ...state, position: 2, exhausted: false })).toBe(true);
    expect(needsMoreQueue({ ...state, position: 2, exhausted: true })).toBe(false);
    expect(queueCursor(state)).toBe(5);
    expect(queueCursor(initialReviewState())).toBeUndefined();
  });

  it("moves within the queue and forgets the row it left", () => {
    let state = withQueue([3, 7]);
    state = reviewReducer(state, { type: "review:item", item: item(3) });
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" });
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    expect(currentEntry(state)?.idx).toBe(7);
    expect(state.item).toBeNull();
    expect(state.draft).toEqual({});
    expect(reviewReducer(state, { type: "review:move", delta: 1 })).toBe(state);
  });

  it("ignores an item that is not the row on screen (a slow answer after moving on)", () => {
    const state = withQueue([3, 7]);
    expect(reviewReducer(state, { type: "review:item", item: item(7) })).toBe(state);
  });

  it("starts from the person's own earlier label, and keeps the choice when the row is read again after saving", () => {
    let state = withQueue([3]);
    state = reviewReducer(state, {
      type: "review:item",
      item: item(3, { mine: label("Ana", 3, { ton: "neutru" }) }),
    });
    expect(state.draft).toEqual({ ton: "neutru" });
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" });
    state = reviewReducer(state, { type: "review:item", item: item(3, { withheld: false }) });
    expect(state.draft).toEqual({ ton: "negativ" });
  });

  it("takes no label before the row is on screen (keys pressed while it loads)", () => {
    const loading = withQueue([3]);
    expect(reviewReducer(loading, { type: "review:pick", field: "ton", value: "negativ" })).toBe(loading);
  });

  it("moves the focus to the next field after a pick, and stops at the last", () => {
    let state = reviewReducer(reviewReducer(withQueue([3]), { type: "review:item", item: item(3) }), {
      type: "review:pick",
      field: "ton",
      value: "negativ",
    });
    expect(state.field).toBe("populism");
    state = reviewReducer(state, { type: "review:pick", field: "tema", value: "pensii" });
    expect(state.field).toBe("tema");
    state = reviewReducer(state, { type: "review:clear", field: "tema" });
    expect(state.draft).toEqual({ ton: "negativ" });
  });

  it("takes only the labels the models agree on, never over the person's own", () => {
    const annotations = [
      annotation("a:m", { ton: "negativ", populism: "true", tema: "pensii" }),
      annotation("b:m", { ton: "negativ", populism: "false", tema: "pensii" }),
      annotation("b:m", { ton: "pozitiv" }, 2),
    ];
    expect(modelConsensus({ annotations })).toEqual({ ton: "negativ", tema: "pensii" });
    let state = reviewReducer(withQueue([3]), {
      type: "review:item",
      item: item(3, { annotations, withheld: false }),
    });
    state = reviewReducer(state, { type: "review:pick", field: "tema", value: "taxe" });
    state = reviewReducer(state, { type: "review:copyModels" });
    expect(state.draft).toEqual({ ton: "negativ", tema: "taxe" });
  });

  it("records a save and what Enter then means", () => {
    let state = reviewReducer(withQueue([3, 4]), { type: "review:item", item: item(3) });
    expect(enterMeans(state)).toBe("nothing");
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" });
    expect(isDirty(state)).toBe(true);
    expect(enterMeans(state)).toBe("save");
    state = reviewReducer(state, { type: "review:saving" });
    expect(enterMeans(state)).toBe("nothing");
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, { ton: "negativ" }) });
    expect(state.saved).toEqual([3]);
    expect(isDirty(state)).toBe(false);
    expect(enterMeans(state)).toBe("next");
    state = reviewReducer(state, { type: "review:failed", message: "x" });
    expect(state.error).toBe("x");
  });

  it("does what the keys hint under the card says, in both languages", () => {
    // A pick labels the marked field and goes to the next field.
    let state = reviewReducer(withQueue([3, 4]), { type: "review:item", item: item(3) });
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" });
    expect(state.field).toBe("populism");
    // Enter on a changed row saves it and stays on it, the focus where it was.
    expect(enterMeans(state)).toBe("save");
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, { ton: "negativ" }) });
    expect([currentEntry(state)?.idx, state.field]).toEqual([3, "populism"]);
    // Enter on the saved row goes to the next row.
    expect(enterMeans(state)).toBe("next");
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    expect(currentEntry(state)?.idx).toBe(4);
    expect(translate("ro", "wb.review.keys")).toContain(
      "aleg eticheta câmpului marcat și trec la câmpul următor",
    );
    expect(translate("ro", "wb.review.keys")).toContain(
      "Enter salvează rândul și rămâne pe el; pe un rând salvat, Enter trece la rândul următor",
    );
    expect(translate("en", "wb.review.keys")).toContain(
      "pick the label of the marked field and go to the next field",
    );
    expect(translate("en", "wb.review.keys")).toContain(
      "Enter saves the row and stays on it; on a saved row, Enter goes to the next row",
    );
  });

  it("counts a row saved for the first time out of the remaining ones, a row saved again not twice", () => {
    let state = reviewReducer(withQueue([3, 4]), { type: "review:item", item: item(3) });
    expect(state.remaining).toBe(50);
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, { ton: "negativ" }) });
    expect(state.remaining).toBe(49);
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, { ton: "pozitiv" }) });
    expect(state.remaining).toBe(49);
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    // Row 4 was labelled in an earlier session: saving it again changes nothing in the count.
    state = reviewReducer(state, {
      type: "review:item",
      item: item(4, { mine: label("Ana", 4, { ton: "neutru" }) }),
    });
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 4, { ton: "negativ" }) });
    expect(state.remaining).toBe(49);
    expect(state.saved).toEqual([3, 4]);
  });

  it("sends booleans as booleans, only known labels, and nothing when nothing is chosen", () => {
    const labels = reviewLabels({ ton: "negativ", populism: "false", tema: "nimic" });
    expect(labels).toEqual({ ton: "negativ", populism: false });
    expect(SaveLabelSchema.safeParse({ annotator: "Ana", labels }).success).toBe(true);
    expect(reviewLabels({})).toBeUndefined();
  });
});

describe("the review keyboard", () => {
  it("gives a key per label of the field in focus, the thirteenth topic included", () => {
    expect(reviewCommand({ key: "2" }, "ton")).toEqual({ type: "pick", field: "ton", value: "negativ" });
    expect(reviewCommand({ key: "1" }, "populism")).toEqual({
      type: "pick",
      field: "populism",
      value: "true",
    });
    expect(reviewCommand({ key: "3" }, "populism")).toBeUndefined();
    expect(labelKey(12)).toBe("c");
    expect(reviewCommand({ key: "c" }, "tema")).toEqual({ type: "pick", field: "tema", value: "altele" });
  });

  it("maps arrows, Enter, Backspace and M, and leaves modified keys to the browser", () => {
    expect(reviewCommand({ key: "Enter" }, "ton")).toEqual({ type: "save" });
    expect(reviewCommand({ key: "ArrowRight" }, "ton")).toEqual({ type: "next" });
    expect(reviewCommand({ key: "ArrowLeft" }, "ton")).toEqual({ type: "previous" });
    expect(reviewCommand({ key: "ArrowDown" }, "ton")).toEqual({ type: "focus", delta: 1 });
    expect(reviewCommand({ key: "Backspace" }, "tema")).toEqual({ type: "clear", field: "tema" });
    expect(reviewCommand({ key: "m" }, "ton")).toEqual({ type: "copyModels" });
    expect(reviewCommand({ key: "1", ctrlKey: true }, "ton")).toBeUndefined();
    expect(reviewCommand({ key: "r", metaKey: true }, "ton")).toBeUndefined();
  });
});

describe("adjudication", () => {
  it("lists rows people labelled differently, open ones first, with the majority proposed", () => {
    const list = conflicts({
      labels: [
        label("Ana", 1, { ton: "negativ", tema: "pensii" }),
        label("Bogdan", 1, { ton: "neutru", tema: "pensii" }),
        label("Cora", 1, { ton: "negativ" }),
        label("Ana", 2, { ton: "pozitiv" }),
        label("Bogdan", 2, { ton: "pozitiv" }),
        label("Ana", 3, { ton: "pozitiv" }),
        label("Ana", 0, { populism: "true" }, "2025-05-01T09:00:00Z"),
        label("Bogdan", 0, { populism: "false" }, "2025-05-01T09:00:00Z"),
      ],
      adjudications: [label("Dana", 0, { populism: "true" }, "2025-05-01T09:30:00Z")],
    });
    expect(list.map((c) => [c.idx, c.settled, c.fields])).toEqual([
      [1, false, ["ton"]],
      [0, true, ["populism"]],
    ]);
    expect(list[0]!.proposal).toEqual({ ton: "negativ", tema: "pensii" });
    expect(list[1]!.proposal).toEqual({ populism: "true" });
  });

  it("reopens a settled row when someone changed their label afterwards, and leaves a tie to the adjudicator", () => {
    const list = conflicts({
      labels: [
        label("Ana", 0, { ton: "negativ" }, "2025-05-02T00:00:00Z"),
        label("Bogdan", 0, { ton: "neutru" }),
      ],
      adjudications: [label("Dana", 0, { ton: "neutru" }, "2025-05-01T12:00:00Z")],
    });
    expect(list[0]!.settled).toBe(false);
    expect(majority(list[0]!.labels, "ton")).toBeUndefined();
  });

  it("suggests every name seen, once, in order", () => {
    expect(
      annotatorNames({ labels: [label("Bogdan", 1, {}), label("Ana", 2, {})], adjudications: [] }, [
        "Ana",
        " ",
      ]),
    ).toEqual(["Ana", "Bogdan"]);
  });
});

describe("the remembered annotator", () => {
  it("keeps recent names first, without repeats or invalid ones, and blind mode on unless turned off", () => {
    const storage = memoryStorage();
    expect(loadAnnotator(storage)).toBe("");
    rememberName("Ana", storage);
    rememberName("Bogdan", storage);
    rememberName(" Ana ", storage);
    rememberName("   ", storage);
    expect(loadRecentNames(storage)).toEqual(["Ana", "Bogdan"]);
    expect(loadBlind(storage)).toBe(true);
    saveBlind(false, storage);
    expect(loadBlind(storage)).toBe(false);
    storage.setItem("echochamber.annotators", "{broken");
    expect(loadRecentNames(storage)).toEqual([]);
  });
});
