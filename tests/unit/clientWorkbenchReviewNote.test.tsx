// The note a person may keep with their label (why this label), without a browser: it is pre-filled from their saved
// label, sent with the save (trimmed, at most the server's limit), counts as a change to save, and keys typed in it
// stay text: no label, no move, Enter a new line; only Ctrl/⌘+Enter saves. The field says its limit in both languages;
// the adjudication and the row's panel show each person's note.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SaveLabelSchema,
  WORKBENCH_LIMITS,
  type HumanReviewLabel,
  type ItemDetail,
  type QueueResponse,
  type RunSummary,
} from "../../contract/workbench";
import {
  enterMeans,
  initialReviewState,
  isDirty,
  keyPlace,
  reviewCommand,
  reviewReducer,
  reviewSaveBody,
  type ReviewState,
  type SaveHeld,
} from "../../client/src/state/review";
import { ReviewNote } from "../../client/src/components/workbench/ReviewNote";
import { SaveHeldNote } from "../../client/src/components/workbench/ReviewParts";
import { ConflictCard } from "../../client/src/components/workbench/AdjudicationView";
import { HumanLabelList } from "../../client/src/components/workbench/ItemPanel";
import type { Conflict } from "../../client/src/state/adjudication";
import { I18nProvider } from "../../client/src/i18nContext";

function queue(idxs: number[]): QueueResponse {
  return {
    runId: "run-1",
    annotator: "Ana",
    mode: "priority",
    items: idxs.map((idx) => ({ idx, itemId: `r${idx}`, priority: 1, reasons: ["sample"] })),
    remaining: idxs.length,
    total: idxs.length,
  };
}

function mine(idx: number, note: string | null): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx,
    annotator: "Ana",
    labels: { ton: "negativ", populism: "true" },
    note,
    status: "labelled",
    blind: true,
    codebookVersion: "1.0.0",
    createdAt: "2026-12-07T08:00:00Z",
    updatedAt: "2026-12-07T08:00:00Z",
  };
}

function item(idx: number, label: HumanReviewLabel | null = null): ItemDetail {
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
    mine: label,
    adjudication: null,
    flags: {
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: null,
      failed: 0,
      done: 0,
      priority: 1,
      reviewers: [],
      adjudicated: false,
      inSample: true,
    },
    withheld: label === null,
  };
}

/** A queue of rows 0 and 1, row 0 on screen (with the person's saved label, if given). */
function onRow0(label: HumanReviewLabel | null = null): ReviewState {
  const queued = reviewReducer(initialReviewState(), {
    type: "review:queue",
    response: queue([0, 1]),
    append: false,
    asked: 20,
  });
  return reviewReducer(queued, { type: "review:item", item: item(0, label) });
}

const typedNote = (state: ReviewState, note: string) => reviewReducer(state, { type: "review:note", note });

describe("the note in the review form", () => {
  it("is pre-filled with the person's saved note, kept on a reload of the row, and empty on the next row", () => {
    let state = onRow0(mine(0, "ironie"));
    expect(state.note).toBe("ironie");
    state = typedNote(state, "ironie, de fapt critică");
    // The row is read again after a save (blind mode shows what it held back): what the person typed stays.
    state = reviewReducer(state, { type: "review:item", item: item(0, mine(0, "ironie")) });
    expect(state.note).toBe("ironie, de fapt critică");
    state = reviewReducer(state, { type: "review:move", delta: 1 });
    expect(state.note).toBe("");
    state = reviewReducer(state, { type: "review:item", item: item(1) });
    expect(state.note).toBe("");
  });

  it("is sent with the save, trimmed, and left out when empty", () => {
    let state = onRow0();
    state = reviewReducer(state, { type: "review:pick", field: "ton", value: "negativ" });
    state = typedNote(state, "  sarcasm: „bravo, guvernul”\n");
    const body = reviewSaveBody(state, "Ana");
    expect(body).toEqual({
      annotator: "Ana",
      labels: { ton: "negativ" },
      note: "sarcasm: „bravo, guvernul”",
    });
    expect(SaveLabelSchema.safeParse(body).success).toBe(true);
    expect(reviewSaveBody(typedNote(state, "   "), "Ana")).toEqual({
      annotator: "Ana",
      labels: { ton: "negativ" },
    });
    // A note alone is not a label.
    expect(reviewSaveBody(typedNote(onRow0(), "de ce"), "Ana")).toBeUndefined();
  });

  it("never holds more than the server keeps", () => {
    const long = "a".repeat(WORKBENCH_LIMITS.noteChars + 50);
    const state = typedNote(onRow0(), long);
    expect(state.note).toHaveLength(WORKBENCH_LIMITS.noteChars);
    expect(
      SaveLabelSchema.safeParse({ annotator: "Ana", labels: { ton: "neutru" }, note: state.note }).success,
    ).toBe(true);
    expect(
      SaveLabelSchema.safeParse({ annotator: "Ana", labels: { ton: "neutru" }, note: long }).success,
    ).toBe(false);
    // Not before the row is on screen: the row's own note would replace it.
    const queued = reviewReducer(initialReviewState(), {
      type: "review:queue",
      response: queue([0]),
      append: false,
      asked: 20,
    });
    expect(typedNote(queued, "x").note).toBe("");
  });

  it("makes a saved row changed when only the note changed, so Enter and the button save it", () => {
    const saved = onRow0(mine(0, "ironie"));
    expect(isDirty(saved)).toBe(false);
    expect(enterMeans(saved)).toBe("next");
    const edited = typedNote(saved, "ironie; ținta e guvernul");
    expect(isDirty(edited)).toBe(true);
    // The saved label leaves fields empty, as it was saved: only the note changed, Enter saves at once.
    expect(enterMeans(edited)).toBe("save");
    expect(reviewSaveBody(edited, "Ana")?.note).toBe("ironie; ținta e guvernul");
    // Spaces around it are not a change; clearing it is.
    expect(isDirty(typedNote(saved, " ironie "))).toBe(false);
    expect(isDirty(typedNote(saved, ""))).toBe(true);
    // Saved again: unchanged.
    const after = reviewReducer(reviewReducer(edited, { type: "review:saving" }), {
      type: "review:saved",
      label: mine(0, "ironie; ținta e guvernul"),
    });
    expect(isDirty(after)).toBe(false);
  });
});

describe("keys typed in the note", () => {
  const target = (inside: "note" | "name" | "page") => ({
    closest: (selector: string) =>
      inside === "page" || !selector.includes("textarea")
        ? null
        : { matches: (s: string) => inside === "note" && s === "[data-testid='review-note']" },
  });

  it("knows the note from another field and from the page", () => {
    expect(keyPlace(target("note"))).toBe("note");
    expect(keyPlace(target("name"))).toBe("field");
    expect(keyPlace(target("page"))).toBe("page");
    expect(keyPlace(null)).toBe("page");
  });

  it("are text: no label, no move, no clear, and Enter is a new line", () => {
    for (const key of [
      "1",
      "2",
      "a",
      "m",
      "M",
      "Enter",
      "ArrowDown",
      "ArrowRight",
      "ArrowLeft",
      "Backspace",
      "Delete",
    ]) {
      expect(reviewCommand({ key }, "ton", "note")).toBeUndefined();
      expect(reviewCommand({ key }, "ton", "field")).toBeUndefined();
    }
    // On the page the same keys label and move, as before.
    expect(reviewCommand({ key: "2" }, "ton", "page")).toEqual({
      type: "pick",
      field: "ton",
      value: "negativ",
    });
    expect(reviewCommand({ key: "Enter" }, "ton")).toEqual({ type: "save" });
  });

  it("save with Ctrl+Enter or ⌘+Enter from the note only", () => {
    expect(reviewCommand({ key: "Enter", ctrlKey: true }, "ton", "note")).toEqual({ type: "save" });
    expect(reviewCommand({ key: "Enter", metaKey: true }, "ton", "note")).toEqual({ type: "save" });
    expect(reviewCommand({ key: "Enter", ctrlKey: true, altKey: true }, "ton", "note")).toBeUndefined();
    expect(reviewCommand({ key: "Enter", ctrlKey: true }, "ton", "field")).toBeUndefined();
    expect(reviewCommand({ key: "Enter", ctrlKey: true }, "ton", "page")).toBeUndefined();
  });
});

describe("the note field", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function render(note: string, lang: "ro" | "en"): string {
    vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
    return renderToStaticMarkup(
      <I18nProvider>
        <ReviewNote note={note} onNote={() => {}} disabled={false} />
      </I18nProvider>,
    );
  }

  it("is a labelled textarea limited like the schema, with its count and keys in view, in both languages", () => {
    const ro = render("ironie", "ro");
    expect(ro).toMatch(/<textarea[^>]*data-testid="review-note"/);
    expect(ro).toContain(`maxLength="${WORKBENCH_LIMITS.noteChars}"`);
    expect(ro).toContain("Notă (opțional): de ce această etichetă?");
    expect(ro).toContain("6 din 2.000 de caractere");
    expect(ro).toContain("Ctrl+Enter (⌘+Enter) salvează");
    const en = render("", "en");
    expect(en).toContain("Note (optional): why this label?");
    expect(en).toContain("0 of 2,000 characters");
    expect(en).toContain("Enter starts a new line");
  });
});

describe("what the card says instead of saving", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function render(held: SaveHeld | null, lang: "ro" | "en", skippable = true): string {
    vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
    return renderToStaticMarkup(
      <I18nProvider>
        <SaveHeldNote held={held} skippable={skippable} />
      </I18nProvider>,
    );
  }
  const fourEmpty = ["populism", "anti_elitism", "popor_central", "tema"] as const;

  it("names the empty fields and how to save as it is, by the way the save was asked for, in both languages", () => {
    const enter = render({ why: "incomplete", empty: [...fourEmpty], via: "enter" }, "ro");
    expect(enter).toMatch(
      /<div aria-live="polite"[^>]*data-testid="review-save-live"><p [^>]*data-testid="review-incomplete"/,
    );
    expect(enter).toContain(
      "Necompletate: Populism, Anti-elitism, Popor central, Temă. Enter încă o dată salvează așa; sau alegeți-le.",
    );
    // From the note, Enter is a new line: the card names the key that saves there.
    expect(render({ why: "incomplete", empty: ["tema"], via: "note" }, "ro")).toContain(
      "Necompletat: Temă. Ctrl+Enter (⌘+Enter) încă o dată salvează așa; sau alegeți eticheta.",
    );
    expect(render({ why: "incomplete", empty: [...fourEmpty], via: "button" }, "en")).toContain(
      "Not filled in: Populism, Anti-elitism, People-centrism, Topic. “Save as is” saves the row as it is, or pick them.",
    );
    // Nothing held: the live region is there, empty, ready to speak.
    expect(render(null, "ro")).toBe(
      '<div aria-live="polite" aria-atomic="true" data-testid="review-save-live"></div>',
    );
  });

  it("says why nothing was saved when no label is chosen, with the skip where a skip is offered", () => {
    const ro = render({ why: "noLabels", again: false }, "ro");
    expect(ro).toContain('data-testid="review-nothing-chosen"');
    expect(ro).toContain("Nu s-a salvat nimic: nu ați ales nicio etichetă.");
    expect(ro).toContain("„Sar peste” (S)");
    expect(render({ why: "noLabels", again: false }, "en", false)).not.toContain("Skip");
    // Enter again: the text differs by a no-break space, so a screen reader says it again.
    expect(render({ why: "noLabels", again: true }, "ro")).toContain("(S).\u00a0</p>");
  });
});

describe("people's notes where labels are compared", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function render(node: ReactElement, lang: "ro" | "en" = "ro"): string {
    vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
    return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
  }

  const ana = { ...mine(0, "sarcasm: „bravo, guvernul”"), labels: { ton: "negativ" } };
  const ion = { ...mine(0, null), annotator: "Ion", labels: { ton: "pozitiv" } };
  const conflict = (labels: HumanReviewLabel[]): Conflict => ({
    idx: 0,
    labels,
    fields: ["ton"],
    adjudication: null,
    settled: false,
    proposal: {},
    unsure: false,
  });
  const run = { id: "run-1", datasetId: "ds-1" } as RunSummary;

  it("shows each person's note under their labels in the adjudication", () => {
    const html = render(
      <ConflictCard run={run} conflict={conflict([ana, ion])} adjudicator="Maria" onSaved={() => {}} />,
    );
    expect(html).toContain('data-testid="adjudication-notes"');
    expect(html).toContain("Nota (de ce)");
    expect(html).toContain("sarcasm: „bravo, guvernul”");
    const en = render(
      <ConflictCard run={run} conflict={conflict([ana, ion])} adjudicator="Maria" onSaved={() => {}} />,
      "en",
    );
    expect(en).toContain("Note (why)");
    // Nobody wrote one: no empty row.
    expect(
      render(<ConflictCard run={run} conflict={conflict([ion])} adjudicator="Maria" onSaved={() => {}} />),
    ).not.toContain("adjudication-notes");
  });

  it("shows a person's note with their label in the row's panel", () => {
    const html = render(<HumanLabelList labels={[ana, ion]} />);
    expect(html).toMatch(/data-testid="item-label-note"[^>]*>sarcasm: „bravo, guvernul”/);
    expect(html.match(/item-label-note/g)).toHaveLength(1);
  });
});
