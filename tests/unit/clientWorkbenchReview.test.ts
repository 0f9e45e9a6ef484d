// Review without a browser: the queue reducer (pieces of the queue appended without repeats, moving, picking
// labels with the focus moving on, saving), the keyboard map, what Enter means (a save with fields left empty asked
// once, none with no label) and the labels sent. The adjudication and the remembered annotator:
// clientWorkbenchAdjudication.test.ts.
import { describe, expect, it } from "vitest";
import { label } from "../support/reviewLabel";
import {
  SaveLabelSchema,
  type HumanReviewLabel,
  type ItemDetail,
  type QueueResponse,
  type ReviewField,
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
  reviewSaveBody,
  emptyFields,
  type Draft,
  type ReviewState,
} from "../../client/src/state/review";
import { translate } from "../../client/src/i18n";

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

/** Every field labelled: ton negativ, populism, anti-elitism and people-centrism no, topic pensii. */
const ALL = {
  ton: "negativ",
  populism: "false",
  anti_elitism: "false",
  popor_central: "false",
  tema: "pensii",
};

const pickAll = (state: ReviewState, draft: Draft): ReviewState =>
  Object.entries(draft).reduce(
    (s, [field, value]) =>
      reviewReducer(s, { type: "review:pick", field: field as ReviewField, value: value! }),
    state,
  );

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
    expect(enterMeans(state)).toBe("noLabels");
    state = pickAll(state, ALL);
    expect(isDirty(state)).toBe(true);
    expect(enterMeans(state)).toBe("save");
    state = reviewReducer(state, { type: "review:saving" });
    expect(enterMeans(state)).toBe("nothing");
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, ALL) });
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
    state = pickAll(state, {
      populism: "false",
      anti_elitism: "false",
      popor_central: "false",
      tema: "pensii",
    });
    state = reviewReducer(state, { type: "review:focus", field: "populism" });
    expect(enterMeans(state)).toBe("save");
    state = reviewReducer(state, { type: "review:saved", label: label("Ana", 3, ALL) });
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
    expect(translate("ro", "wb.review.keys")).toContain(
      "cu câmpuri necompletate, Enter le arată întâi, iar a doua oară salvează așa",
    );
    expect(translate("en", "wb.review.keys")).toContain(
      "with fields not filled in, Enter first shows them, and a second time saves as it is",
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

describe("a save with fields left empty", () => {
  const onRow = (mine: HumanReviewLabel | null = null) =>
    reviewReducer(withQueue([3, 4]), { type: "review:item", item: item(3, { mine }) });
  const ask = (s: ReviewState, via: "enter" | "note" | "button" = "enter") =>
    reviewReducer(s, { type: "review:incomplete", via });

  it("asks once, naming the empty fields with the cursor on the first, and saves as it is when asked again", () => {
    // The audit: a name, `2` (ton negativ), Enter.
    let state = reviewReducer(onRow(), { type: "review:pick", field: "ton", value: "negativ" });
    expect(enterMeans(state)).toBe("ask");
    state = reviewReducer(state, { type: "review:focus", field: "tema" });
    state = ask(state);
    expect(state.held).toEqual({
      why: "incomplete",
      empty: ["populism", "anti_elitism", "popor_central", "tema"],
      via: "enter",
    });
    expect(state.field).toBe("populism");
    // Enter (or Ctrl+Enter, or the button) once more: saved with only ton.
    expect(enterMeans(state)).toBe("save");
    expect(reviewSaveBody(state, "Ana")?.labels).toEqual({ ton: "negativ" });
    // The note, the evidence and "Nu sunt sigur(ă)" change no field: the answer stands.
    state = reviewReducer(state, { type: "review:note", note: "ironie" });
    state = reviewReducer(state, { type: "review:unsure" });
    state = reviewReducer(state, { type: "review:evidence", evidence: [{ start: 0, end: 5 }] });
    expect(enterMeans(state)).toBe("save");
    state = reviewReducer(reviewReducer(state, { type: "review:saving" }), {
      type: "review:saved",
      label: label("Ana", 3, { ton: "negativ" }),
    });
    expect(state.held).toBeNull();
  });

  it("asks again after a pick, a cleared field, a move of the cursor or of the row", () => {
    const asked = ask(reviewReducer(onRow(), { type: "review:pick", field: "ton", value: "negativ" }));
    const picked = reviewReducer(asked, { type: "review:pick", field: "populism", value: "true" });
    expect([picked.held, enterMeans(picked)]).toEqual([null, "ask"]);
    expect(ask(picked).held).toMatchObject({ empty: ["anti_elitism", "popor_central", "tema"] });
    // Another label for a field already chosen is an answer too.
    const changed = reviewReducer(asked, { type: "review:pick", field: "ton", value: "pozitiv" });
    expect(enterMeans(changed)).toBe("ask");
    const cleared = reviewReducer(ask(picked), { type: "review:clear", field: "populism" });
    expect(enterMeans(cleared)).toBe("ask");
    expect(enterMeans(reviewReducer(asked, { type: "review:focusMove", delta: 1 }))).toBe("ask");
    expect(enterMeans(reviewReducer(asked, { type: "review:focus", field: "tema" }))).toBe("ask");
    const moved = reviewReducer(asked, { type: "review:move", delta: 1 });
    expect(moved.held).toBeNull();
    // A label saved elsewhere meanwhile takes over: the conflict waits for the person's choice.
    const conflict = reviewReducer(asked, { type: "review:conflict", stored: label("Ana", 3, ALL) });
    expect([conflict.held, enterMeans(conflict)]).toEqual([null, "nothing"]);
  });

  it("saves at once a row with every field chosen, and a saved label being corrected by the fields then empty", () => {
    expect(enterMeans(pickAll(onRow(), ALL))).toBe("save");
    // A complete label corrected: tema cleared asks about tema alone; another label for tema saves at once.
    const full = onRow(label("Ana", 3, ALL));
    expect(enterMeans(full)).toBe("next");
    const noTopic = ask(reviewReducer(full, { type: "review:clear", field: "tema" }));
    expect(noTopic.held).toMatchObject({ empty: ["tema"] });
    expect(noTopic.field).toBe("tema");
    expect(enterMeans(reviewReducer(full, { type: "review:pick", field: "tema", value: "taxe" }))).toBe(
      "save",
    );
    // A label saved with fields empty, corrected with the same ones empty: that choice was made, saved at once;
    // one more field left empty asks about them all.
    const partial = onRow(label("Ana", 3, { ton: "neutru", tema: "taxe" }));
    const corrected = reviewReducer(partial, { type: "review:pick", field: "ton", value: "negativ" });
    expect(enterMeans(corrected)).toBe("save");
    const lessTopic = reviewReducer(corrected, { type: "review:clear", field: "tema" });
    expect(enterMeans(lessTopic)).toBe("ask");
    expect(ask(lessTopic, "button").held).toEqual({
      why: "incomplete",
      empty: ["populism", "anti_elitism", "popor_central", "tema"],
      via: "button",
    });
    // Its note, evidence or certainty changed, the same fields still empty: that choice was made, saved at once.
    const noted = reviewReducer(partial, { type: "review:note", note: "de revăzut" });
    expect(enterMeans(noted)).toBe("save");
    expect(enterMeans(reviewReducer(partial, { type: "review:unsure" }))).toBe("save");
    // A field more left empty than when it was saved asks about them.
    expect(enterMeans(reviewReducer(noted, { type: "review:clear", field: "tema" }))).toBe("ask");
    // The save under way answers the question: it is said no more.
    expect(reviewReducer(ask(lessTopic), { type: "review:saving" }).held).toBeNull();
  });

  it("counts a value the codebook does not have as empty, as the save leaves it out", () => {
    expect(emptyFields({ ton: "negativ", tema: "nimic" })).toEqual([
      "populism",
      "anti_elitism",
      "popor_central",
      "tema",
    ]);
    expect(emptyFields(ALL)).toEqual([]);
  });

  it("says why Enter saved nothing when no label is chosen, again at each further Enter", () => {
    const empty = onRow();
    expect(enterMeans(empty)).toBe("noLabels");
    // A note alone is no label either (S skips the row with its note).
    expect(enterMeans(reviewReducer(empty, { type: "review:note", note: "neclar" }))).toBe("noLabels");
    let state = reviewReducer(empty, { type: "review:noLabels" });
    expect(state.held).toEqual({ why: "noLabels", again: false });
    state = reviewReducer(state, { type: "review:noLabels" });
    expect(state.held).toEqual({ why: "noLabels", again: true });
    expect(reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" }).held).toBeNull();
    // A saved label with every field cleared: nothing to save either.
    const clearedAll = reviewReducer(onRow(label("Ana", 3, { ton: "neutru" })), {
      type: "review:clear",
      field: "ton",
    });
    expect(enterMeans(clearedAll)).toBe("noLabels");
    // Before the row is read, nothing is said.
    expect(reviewReducer(withQueue([3]), { type: "review:noLabels" }).held).toBeNull();
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
