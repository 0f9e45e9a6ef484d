// "Etichetele mele" without a browser: this person's labels as a queue (newest first, only theirs, those older than the
// guidelines marked and filtered), the reducer on that queue (the card opens with the saved labels chosen, and a
// server queue answer never lands in it), the third mode button with its count, the row's metadata on the card, and
// the codebook's populism rule as a warning that says what is missing, in Romanian and English.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HumanReviewLabel, ItemDetail, QueueResponse } from "../../contract/workbench";
import { ReviewView } from "../../client/src/components/workbench/ReviewView";
import { reasonText, ReviewToolbar } from "../../client/src/components/workbench/ReviewParts";
import { CodebookWarning, MineEmpty } from "../../client/src/components/workbench/ReviewMine";
import { ItemMetaList } from "../../client/src/components/workbench/ItemMetaList";
import { I18nProvider } from "../../client/src/i18nContext";
import { translate, type Translate } from "../../client/src/i18n";
import { populismBreaches, populismWarning } from "../../client/src/state/codebookRule";
import { beforeGuidelines, mineCount, mineQueue, myLabelEntries } from "../../client/src/state/myLabels";
import { initialReviewState, isDirty, reviewReducer, type ReviewState } from "../../client/src/state/review";

function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const label = (idx: number, annotator: string, updatedAt: string, over: Partial<HumanReviewLabel> = {}) =>
  ({
    datasetId: "ds-1",
    idx,
    annotator,
    labels: { ton: "negativ", populism: "false" },
    note: null,
    blind: true,
    codebookVersion: "1.0",
    createdAt: updatedAt,
    updatedAt,
    status: "labelled" as const,
    ...over,
  }) satisfies HumanReviewLabel;

function item(idx: number, over: Partial<ItemDetail> = {}): ItemDetail {
  return {
    runId: null,
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
    ...over,
  } as ItemDetail;
}

describe("myLabelEntries", () => {
  const labels = [
    label(4, "Ana", "2026-03-02T10:00:00.000Z"),
    label(7, "Ioana", "2026-03-05T10:00:00.000Z"),
    label(1, "Ana", "2026-03-04T10:00:00.000Z"),
    label(9, "Ana", "2026-03-01T09:00:00.000Z"),
  ];

  it("keeps only this person's labels, the newest updatedAt first", () => {
    const entries = myLabelEntries(labels, " Ana ");
    expect(entries.map((e) => e.idx)).toEqual([1, 4, 9]);
    expect(entries.every((e) => e.reasons.join() === "mine")).toBe(true);
    expect(myLabelEntries(labels, "ana")).toEqual([]);
    expect(myLabelEntries(labels, "")).toEqual([]);
  });

  it("marks the labels older than the guidelines' last change, and the filter keeps only those", () => {
    const entries = myLabelEntries(labels, "Ana", "2026-03-03T00:00:00.000Z");
    expect(entries.map((e) => [e.idx, e.reasons])).toEqual([
      [1, ["mine"]],
      [4, ["mine", "beforeGuidelines"]],
      [9, ["mine", "beforeGuidelines"]],
    ]);
    expect(beforeGuidelines(entries).map((e) => e.idx)).toEqual([4, 9]);
    expect(mineQueue(entries, true, "2026-03-03T00:00:00.000Z").map((e) => e.idx)).toEqual([4, 9]);
    expect(mineQueue(entries, false, "2026-03-03T00:00:00.000Z").map((e) => e.idx)).toEqual([1, 4, 9]);
    expect(myLabelEntries(labels, "Ana", null).some((e) => e.reasons.includes("beforeGuidelines"))).toBe(
      false,
    );
  });

  it("shows every label again when the guidelines are deleted with the filter on (its checkbox is gone)", () => {
    const entries = myLabelEntries(labels, "Ana", "2026-03-03T00:00:00.000Z");
    expect(mineQueue(entries, true, null).map((e) => e.idx)).toEqual([1, 4, 9]);
  });

  it("says which labels were skipped or marked unsure, and a save from the list gives the row its new status", () => {
    const marked = [
      label(2, "Ana", "2026-03-02T10:00:00.000Z", { status: "skipped", labels: {} }),
      label(3, "Ana", "2026-03-01T10:00:00.000Z", { status: "unsure" }),
    ];
    const entries = myLabelEntries(marked, "Ana", "2026-03-03T00:00:00.000Z");
    expect(entries.map((e) => [e.idx, e.reasons])).toEqual([
      [2, ["mine", "beforeGuidelines", "skipped"]],
      [3, ["mine", "beforeGuidelines", "unsure"]],
    ]);
    let state = reviewReducer(initialReviewState("mine"), { type: "review:mine", entries });
    state = reviewReducer(state, { type: "review:item", item: item(2, { mine: marked[0] }) });
    state = reviewReducer(state, {
      type: "review:saved",
      label: {
        ...marked[0]!,
        status: "unsure",
        labels: { ton: "neutru" },
        updatedAt: "2026-03-04T00:00:00.000Z",
      },
    });
    expect(state.entries.map((e) => e.reasons)).toEqual([
      ["mine", "unsure"],
      ["mine", "beforeGuidelines", "unsure"],
    ]);
    const t: Translate = (key, params) => translate("ro", key, params);
    expect(reasonText("skipped", t)).toBe("sărit peste");
    expect(reasonText("unsure", t)).toBe("marcat „nu sunt sigur(ă)”");
    expect(reasonText("unsure", (key, params) => translate("en", key, params))).toBe("marked “not sure”");
  });

  it("says why in words", () => {
    const t: Translate = (key, params) => translate("ro", key, params);
    expect(reasonText("beforeGuidelines", t)).toBe("etichetat înainte de ultima schimbare a ghidului");
    expect(reasonText("mine", t)).toBe("eticheta dvs.");
  });
});

describe("the reducer on the 'mine' queue", () => {
  const mine = label(4, "Ana", "2026-03-02T10:00:00.000Z", {
    labels: { ton: "negativ", populism: "true", anti_elitism: "true", popor_central: "true", tema: "pensii" },
    note: "hoții = elita",
  });
  const start = (): ReviewState =>
    reviewReducer(initialReviewState("mine"), {
      type: "review:mine",
      entries: myLabelEntries([mine, label(1, "Ana", "2026-03-01T10:00:00.000Z")], "Ana"),
    });

  it("holds the person's rows, asks for nothing more, and opens the card with the saved labels chosen", () => {
    let state = start();
    expect(state.entries.map((e) => e.idx)).toEqual([4, 1]);
    expect(state.exhausted).toBe(true);
    state = reviewReducer(state, { type: "review:item", item: item(4, { mine }) });
    expect(state.draft).toEqual(mine.labels);
    expect(state.note).toBe("hoții = elita");
    expect(isDirty(state)).toBe(false);
    // A change is dirty against the stored label, and the save replaces it.
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "neutru" });
    expect(state.draft.ton).toBe("neutru");
    expect(isDirty(state)).toBe(true);
    const again = {
      ...mine,
      labels: { ...mine.labels, ton: "neutru" },
      updatedAt: "2026-03-06T00:00:00.000Z",
    };
    state = reviewReducer(state, { type: "review:saved", label: again });
    expect(state.item?.mine).toEqual(again);
    expect(isDirty(state)).toBe(false);
    expect(state.entries.map((e) => e.idx)).toEqual([4, 1]);
  });

  it("keeps the row on screen when the list is read again, wherever it now is", () => {
    let state = reviewReducer(start(), { type: "review:move", delta: 1 });
    state = reviewReducer(state, { type: "review:item", item: item(1) });
    expect(state.entries[state.position]!.idx).toBe(1);
    // Read again with a row saved meanwhile in another tab: row 1 is third now, and still the one on screen.
    const fresh = myLabelEntries(
      [mine, label(1, "Ana", "2026-03-01T10:00:00.000Z"), label(8, "Ana", "2026-03-09T10:00:00.000Z")],
      "Ana",
    );
    state = reviewReducer(state, { type: "review:mine", entries: fresh });
    expect(state.entries.map((e) => e.idx)).toEqual([8, 4, 1]);
    expect(state.position).toBe(2);
    expect(state.item?.idx).toBe(1);
    // Gone from the list (the filter on): the place is kept, and the row there is read anew.
    state = reviewReducer(state, { type: "review:mine", entries: fresh.slice(0, 2) });
    expect(state.position).toBe(1);
    expect(state.item).toBeNull();
  });

  it("starts over for another person: this session's saves are not theirs", () => {
    let state = reviewReducer(initialReviewState("priority"), {
      type: "review:saved",
      label: label(3, "Ana", "2026-03-02T10:00:00.000Z"),
    });
    expect(state.saved).toEqual([3]);
    state = reviewReducer(state, { type: "review:person" });
    expect(state.saved).toEqual([]);
    expect(state.mode).toBe("priority");
  });

  it("drops 'labelled before the guidelines' from a row once it is saved again", () => {
    const old = label(4, "Ana", "2026-03-02T10:00:00.000Z");
    let state = reviewReducer(initialReviewState("mine"), {
      type: "review:mine",
      entries: myLabelEntries([old], "Ana", "2026-03-03T00:00:00.000Z"),
    });
    state = reviewReducer(state, { type: "review:item", item: item(4, { mine: old }) });
    expect(state.entries[0]!.reasons).toEqual(["mine", "beforeGuidelines"]);
    const saved = { ...old, labels: { ton: "neutru" }, updatedAt: "2026-03-04T00:00:00.000Z" };
    state = reviewReducer(state, { type: "review:saved", label: saved });
    expect(state.entries[0]!.reasons).toEqual(["mine"]);
    expect(state.item?.mine).toEqual(saved);
  });

  it("is never filled by a server queue answer, and a 'mine' answer lands nowhere else", () => {
    const response: QueueResponse = {
      runId: null,
      annotator: "Ana",
      mode: "priority",
      items: [{ idx: 2, itemId: "r2", priority: 0, reasons: ["rest"] }],
      remaining: 5,
      total: 5,
    };
    expect(
      reviewReducer(start(), { type: "review:queue", response, append: false, asked: 20 }).entries,
    ).toEqual(start().entries);
    const priority = initialReviewState("priority");
    expect(reviewReducer(priority, { type: "review:mine", entries: start().entries })).toBe(priority);
  });
});

describe("the mode buttons", () => {
  it("has a third button, 'Etichetele mele', with a count (0 before the labels are read)", () => {
    const html = render(
      <ReviewView datasetId="ds-1" annotator="Ana" blind onBlind={() => {}} onSaved={() => {}} />,
    );
    expect(html).toContain('data-testid="review-mode-mine"');
    expect(html).toContain("Etichetele mele (0)");
  });

  it("counts the rows read and, outside 'mine', those saved since in this session, each once", () => {
    expect(mineCount([4, 1], [1, 7], "priority")).toBe(3);
    expect(mineCount([4, 1], [1, 7], "sample")).toBe(3);
    // In "mine" the list was read with the saves in it.
    expect(mineCount([4, 1], [1, 7], "mine")).toBe(2);
    expect(mineCount([], [], "priority")).toBe(0);
  });

  it("counts in English too, and is pressed in its mode", () => {
    const html = render(
      <ReviewToolbar
        state={{ ...initialReviewState("mine") }}
        run={undefined}
        blind
        blindByOwner={false}
        onBlind={() => {}}
        onMode={() => {}}
        mine={1234}
      />,
      "en",
    );
    expect(html).toMatch(/data-testid="review-mode-mine" aria-pressed="true">My labels \(1,234\)</);
  });

  it("says when the person has no labels, or none older than the guidelines", () => {
    expect(render(<MineEmpty filtered={false} />)).toContain("Nu ați etichetat încă niciun rând");
    expect(render(<MineEmpty filtered />, "en")).toContain("None of your labels is older");
  });
});

describe("the row's metadata on the card", () => {
  it("lists a corpus row's columns as the row panel does, and nothing for a row without any", () => {
    const html = render(
      <ItemMetaList
        meta={{ platform: "facebook", date: "2025-03-14", source: "Pagina X", dateImputed: "false" }}
        testId="review-meta"
      />,
    );
    expect(html).toContain('data-testid="review-meta"');
    expect(html).toContain("<dt>source</dt><dd>Pagina X</dd>");
    expect(render(<ItemMetaList meta={{}} />)).toBe("");
    expect(render(<ItemMetaList meta={undefined} />)).toBe("");
    // Only the corpus's mark: nothing to list.
    expect(render(<ItemMetaList meta={{ dateImputed: "true" }} />)).toBe("");
  });
});

describe("the codebook's populism rule on a person's label", () => {
  it("finds what populism 'da' lacks: anti-elitism and popor central 'da'", () => {
    expect(populismBreaches({ populism: "true", anti_elitism: "true", popor_central: "true" })).toEqual([]);
    expect(populismBreaches({ populism: "false", anti_elitism: "false" })).toEqual([]);
    expect(populismBreaches({})).toEqual([]);
    expect(populismBreaches({ populism: "true", anti_elitism: "true", popor_central: "false" })).toEqual([
      "popor_central",
    ]);
    expect(populismBreaches({ populism: "true" })).toEqual(["anti_elitism", "popor_central"]);
  });

  it("warns in the card, in Romanian and English, and says nothing for a label that keeps it", () => {
    const ro = render(
      <CodebookWarning draft={{ populism: "true", anti_elitism: "false" }} field="tema" saved={false} />,
    );
    expect(ro).toContain('data-testid="review-codebook-warning"');
    expect(ro).toContain("populism „da” cere anti-elitism „da” și popor central „da”");
    expect(ro).toContain("aici: Anti-elitism: nu, Popor central: neales");
    const en = render(
      <CodebookWarning
        draft={{ populism: "true", anti_elitism: "true", popor_central: "false" }}
        field="popor_central"
        saved={false}
      />,
      "en",
    );
    expect(en).toContain("(here: People-centrism: no)");
    expect(en).toContain("You can still save the label");
    expect(
      render(
        <CodebookWarning
          draft={{ populism: "true", anti_elitism: "true", popor_central: "true" }}
          field="tema"
          saved
        />,
      ),
    ).toBe("");
  });

  it("waits until the person is done with the two dimensions: chosen, moved past, or saved", () => {
    const draft = { ton: "negativ", populism: "true" };
    // Populism "da" just picked: the focus is on anti-elitism, nothing is said yet.
    expect(populismWarning(draft, "anti_elitism", false)).toEqual([]);
    expect(populismWarning({ ...draft, anti_elitism: "false" }, "popor_central", false)).toEqual([]);
    expect(render(<CodebookWarning draft={draft} field="anti_elitism" saved={false} />)).toBe("");
    // Past them (a key for tema, or a click further down), both chosen, or the row saved: said.
    expect(populismWarning(draft, "tema", false)).toEqual(["anti_elitism", "popor_central"]);
    expect(populismWarning({ ...draft, anti_elitism: "false", popor_central: "true" }, "ton", false)).toEqual(
      ["anti_elitism"],
    );
    expect(populismWarning(draft, "anti_elitism", true)).toEqual(["anti_elitism", "popor_central"]);
  });
});
