// The client's review logic without a browser: human corrections of annotations (which one is shown, the edit
// form's draft and its rules) and thumbs feedback (the reducer and what is remembered between visits).
import { describe, expect, it, vi } from "vitest";
import { AnnotationSchema, TONES, TOPICS, type Annotation } from "../../contract/annotation";
import type { HumanLabel } from "../../contract/threads";
import {
  annotationFromDraft,
  changedFields,
  draftFrom,
  draftProblems,
  isBlocking,
  labelKey,
  labelsFrom,
  setDimension,
  shownAnnotation,
  TONE_VALUES,
  TOPIC_VALUES,
  withLabel,
} from "../../client/src/state/labels";
import {
  feedbackReducer,
  parseSavedFeedback,
  serializeFeedback,
  type FeedbackState,
} from "../../client/src/state/feedback";

const MODEL: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "pensii",
  tinta: "guvernul",
  incredere: 0.55,
  justificare: "Atacă guvernul.",
  dovezi: ["hoții"],
};

function label(extra: Partial<HumanLabel> = {}): HumanLabel {
  return {
    id: "l1",
    messageId: "a1",
    target: "s1#0",
    text: "pasaj",
    annotation: { ...MODEL, ton: "neutru" },
    correctedModel: "offline:lexicon",
    annotator: "Ana",
    codebookVersion: "1.0.0",
    createdAt: "2025-05-01T10:00:00.000Z",
    ...extra,
  };
}

describe("corrections (human labels)", () => {
  it("keeps the newest correction per answer and target", () => {
    const state = labelsFrom([
      label({ id: "new", createdAt: "2025-05-02T00:00:00.000Z", annotator: "Ion" }),
      label({ id: "old", createdAt: "2025-05-01T00:00:00.000Z", annotator: "Ana" }),
      label({ id: "msg", target: "message", annotator: "Maria" }),
    ]);
    expect(state[labelKey("a1", "s1#0")]?.annotator).toBe("Ion");
    expect(state[labelKey("a1", "message")]?.annotator).toBe("Maria");
    const newer = withLabel(state, label({ createdAt: "2025-06-01T00:00:00.000Z", annotator: "Dan" }));
    expect(newer[labelKey("a1", "s1#0")]?.annotator).toBe("Dan");
  });

  it("shows the correction and keeps the model's original beside it", () => {
    const original = { annotation: MODEL, model: "offline:lexicon" };
    const view = labelsFrom([label()])[labelKey("a1", "s1#0")];
    expect(shownAnnotation(original, undefined)).toEqual({ annotation: MODEL, original });
    expect(shownAnnotation(original, view)).toEqual({
      annotation: view?.annotation,
      corrected: view,
      original,
    });
    expect(shownAnnotation(undefined, undefined)).toBeUndefined();
    expect(changedFields(MODEL, { ...MODEL, ton: "neutru", dovezi: ["hoții", "furt"] })).toEqual([
      "ton",
      "dovezi",
    ]);
    expect(changedFields(MODEL, structuredClone(MODEL))).toEqual([]);
  });

  it("offers exactly the codebook's tones and topics", () => {
    expect([...TONE_VALUES].sort()).toEqual([...TONES].sort());
    expect([...TOPIC_VALUES].sort()).toEqual([...TOPICS].sort());
  });
});

describe("the correction form", () => {
  it("round-trips an annotation through the draft, valid against the server's schema", () => {
    const withCommas = { ...MODEL, dovezi: ["hoții", "noi, cei de jos"] };
    expect(annotationFromDraft(draftFrom(withCommas))).toEqual(withCommas);
    const back = annotationFromDraft(draftFrom(MODEL));
    expect(back).toEqual(MODEL);
    expect(AnnotationSchema.safeParse(back).success).toBe(true);
  });

  it("turns the typed fields into schema values: empty target is null, evidence is split, confidence bounded", () => {
    const draft = {
      ...draftFrom(MODEL),
      tinta: "  ",
      dovezi: " hoții; ; noi, cei de jos ;",
      incredere: 1.2,
      justificare: "  De ce.  ",
    };
    const a = annotationFromDraft(draft);
    expect(a).toMatchObject({
      tinta: null,
      dovezi: ["hoții", "noi, cei de jos"],
      incredere: 1,
      justificare: "De ce.",
    });
    expect(AnnotationSchema.safeParse(a).success).toBe(true);
    expect(annotationFromDraft({ ...draft, dovezi: "" })).not.toHaveProperty("dovezi");
  });

  it("sets populism from its two dimensions, the codebook's rule", () => {
    const one = setDimension(draftFrom(MODEL), "popor_central", true);
    expect(one).toMatchObject({ anti_elitism: true, popor_central: true, populism: true });
    expect(setDimension(one, "anti_elitism", false).populism).toBe(false);
  });

  it("warns about populism without both dimensions and blocks an over-long justification", () => {
    const populistAlone = { ...draftFrom(MODEL), populism: true };
    expect(draftProblems(populistAlone)).toEqual(["populism.withoutDimensions"]);
    expect(draftProblems(populistAlone).some(isBlocking)).toBe(false);
    const long = { ...draftFrom(MODEL), justificare: "x".repeat(401) };
    expect(draftProblems(long)).toEqual(["justification.tooLong"]);
    expect(draftProblems(long).some(isBlocking)).toBe(true);
  });
});

describe("feedback", () => {
  it("records a rating as sending, then sent or failed; a comment keeps the rating", () => {
    let state: FeedbackState = {};
    state = feedbackReducer(state, { type: "feedback:send", messageId: "a1", value: "up" });
    expect(state.a1).toEqual({ value: "up", status: "sending" });
    state = feedbackReducer(state, { type: "feedback:sent", messageId: "a1" });
    state = feedbackReducer(state, {
      type: "feedback:send",
      messageId: "a1",
      value: "up",
      comment: "  clar  ",
    });
    state = feedbackReducer(state, { type: "feedback:sent", messageId: "a1" });
    expect(state.a1).toEqual({ value: "up", comment: "clar", status: "sent" });
    state = feedbackReducer(state, { type: "feedback:send", messageId: "a2", value: "down" });
    state = feedbackReducer(state, { type: "feedback:failed", messageId: "a2" });
    expect(state.a2?.status).toBe("error");
    expect(feedbackReducer(state, { type: "feedback:sent", messageId: "unknown" })).toBe(state);
  });

  it("remembers only what the server stored, and reads it back defensively", () => {
    const state: FeedbackState = {
      a1: { value: "up", comment: "clar", status: "sent" },
      a2: { value: "down", status: "error" },
      a3: { value: "down", status: "sent" },
    };
    const saved = parseSavedFeedback(serializeFeedback(state));
    expect(saved).toEqual({
      a1: { value: "up", comment: "clar", status: "sent" },
      a3: { value: "down", status: "sent" },
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(parseSavedFeedback("{oops")).toEqual({});
    warn.mockRestore();
    expect(
      parseSavedFeedback(JSON.stringify([{ id: "x", value: "meh" }, { id: 3, value: "up" }, null])),
    ).toEqual({});
  });
});
