// The review card's evidence spans without a browser: a selection added for a field or the whole label (trimmed of
// blanks, refused when it overlaps a span of its field or passes the limit), the text cut for highlighting, and the
// reducer: a row arrives with its saved spans, a changed span list is a change to save, and the save sends it.
import { describe, expect, it } from "vitest";
import type { HumanReviewLabel, ItemDetail } from "../../contract/workbench";
import { addEvidence, evidencePieces, removeEvidence } from "../../client/src/state/reviewEvidence";
import {
  enterMeans,
  initialReviewState,
  isDirty,
  reviewReducer,
  reviewSaveBody,
  type ReviewState,
} from "../../client/src/state/review";

const TEXT = "Hoții de la guvern ne fură";

describe("adding and removing evidence spans", () => {
  it("adds a selection trimmed of blanks, in text order, for a field or the whole label", () => {
    const first = addEvidence([], { start: 11, end: 19 }, TEXT);
    expect(first).toEqual({ spans: [{ start: 12, end: 18 }] });
    const second = addEvidence(
      (first as { spans: [] }).spans,
      { start: 0, end: 5, field: "anti_elitism" },
      TEXT,
    );
    expect(second).toEqual({
      spans: [
        { start: 0, end: 5, field: "anti_elitism" },
        { start: 12, end: 18 },
      ],
    });
    expect(removeEvidence((second as { spans: [] }).spans, 0)).toEqual([{ start: 12, end: 18 }]);
  });

  it("refuses a span overlapping another of its field, and adds nothing for blanks", () => {
    const spans = [{ start: 0, end: 10, field: "populism" as const }];
    expect(addEvidence(spans, { start: 5, end: 12, field: "populism" }, TEXT)).toMatchObject({
      problem: { code: "label:evidence_overlap" },
    });
    expect(addEvidence(spans, { start: 5, end: 12 }, TEXT)).toHaveProperty("spans");
    expect(addEvidence(spans, { start: 5, end: 6 }, TEXT)).toEqual({ spans });
  });

  it("cuts the text at the spans' edges, each piece with the spans covering it", () => {
    const pieces = evidencePieces(TEXT, [
      { start: 0, end: 11 },
      { start: 6, end: 18, field: "anti_elitism" },
    ]);
    expect(pieces.map((p) => [p.text, p.spans.length])).toEqual([
      ["Hoții ", 1],
      ["de la", 2],
      [" guvern", 1],
      [" ne fură", 0],
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe(TEXT);
  });
});

function mine(evidence?: HumanReviewLabel["evidence"]): HumanReviewLabel {
  return {
    datasetId: "d",
    idx: 0,
    annotator: "ana",
    labels: { populism: "true" },
    status: "labelled",
    note: null,
    ...(evidence ? { evidence } : {}),
    blind: true,
    codebookVersion: "1",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

function withRow(label: HumanReviewLabel | null): ReviewState {
  const queued = reviewReducer(initialReviewState(), {
    type: "review:queue",
    response: {
      runId: null,
      datasetId: "d",
      mode: "priority",
      items: [{ idx: 0, reasons: [] }],
      remaining: 1,
      total: 1,
    },
    append: false,
    asked: 20,
  } as never);
  const item = { idx: 0, text: TEXT, mine: label, annotations: null, labels: null } as unknown as ItemDetail;
  return reviewReducer(queued, { type: "review:item", item });
}

describe("evidence in the review's state", () => {
  it("starts a row with its saved spans, and a changed list is a change that Enter saves with the spans", () => {
    const saved = withRow(mine([{ start: 0, end: 5 }]));
    expect(saved.evidence).toEqual([{ start: 0, end: 5 }]);
    expect(isDirty(saved)).toBe(false);
    expect(enterMeans(saved)).toBe("next");
    const changed = reviewReducer(saved, {
      type: "review:evidence",
      evidence: [
        { start: 0, end: 5 },
        { start: 12, end: 18, field: "populism" },
      ],
    });
    expect(isDirty(changed)).toBe(true);
    // The saved label leaves fields empty, as it was saved: Enter saves the spans at once.
    expect(enterMeans(changed)).toBe("save");
    expect(reviewSaveBody(changed, "ana")?.evidence).toEqual([
      { start: 0, end: 5 },
      { start: 12, end: 18, field: "populism" },
    ]);
  });

  it("removing every span is a change, and the save then sends none", () => {
    const cleared = reviewReducer(withRow(mine([{ start: 0, end: 5 }])), {
      type: "review:evidence",
      evidence: [],
    });
    expect(isDirty(cleared)).toBe(true);
    expect(reviewSaveBody(cleared, "ana")).not.toHaveProperty("evidence");
  });

  it("keeps words marked before any label is picked when the row is read again (the tab back in view)", () => {
    const fresh = withRow(null);
    const marked = reviewReducer(fresh, { type: "review:evidence", evidence: [{ start: 0, end: 5 }] });
    const item = { idx: 0, text: TEXT, mine: null, annotations: null, labels: null } as unknown as ItemDetail;
    const reread = reviewReducer(marked, { type: "review:read", item });
    expect(reread.evidence).toEqual([{ start: 0, end: 5 }]);
    expect(reviewReducer(fresh, { type: "review:read", item }).evidence).toEqual([]);
  });

  it("leaves a row's spans behind when the person moves on", () => {
    const marked = reviewReducer(withRow(mine()), {
      type: "review:evidence",
      evidence: [{ start: 0, end: 5 }],
    });
    expect(marked.evidence).toHaveLength(1);
    const moved = reviewReducer(
      { ...marked, entries: [...marked.entries, { idx: 1, reasons: [] }] } as ReviewState,
      {
        type: "review:move",
        delta: 1,
      },
    );
    expect(moved.evidence).toEqual([]);
  });
});
