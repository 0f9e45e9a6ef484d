// The owner's guidelines editor without React, protected against another editor of the same guidelines (a second
// teacher, or the same one in another tab), as a person's label is (./labelConflict.ts): a save says which version the
// draft started from (`expectedUpdatedAt`), and a save refused because someone saved first (409 guidelines:conflict)
// keeps the text typed here and shows the stored guidelines beside it until the person keeps theirs (a save over the
// stored version) or takes the stored ones. No fetch.
import { guidelinesText, type DatasetGuidelines } from "../../../contract/workbench";

export type GuidelinesSave =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; cleared: boolean }
  | { kind: "error"; error: unknown };

/** Guidelines saved meanwhile elsewhere: what is stored now (null: someone cleared them). */
export interface GuidelinesConflictState {
  stored: DatasetGuidelines | null;
}

export interface GuidelinesEditorState {
  draft: string;
  /** `updatedAt` of the guidelines the draft started from (null: there were none): what a save expects stored. */
  base: string | null;
  save: GuidelinesSave;
  conflict: GuidelinesConflictState | null;
}

export type GuidelinesEditorAction =
  /** Another data set opened (or the first): its guidelines, nothing said about the last one's save. */
  | { type: "load"; guidelines: DatasetGuidelines | null }
  | { type: "edit"; text: string }
  | { type: "saving" }
  | { type: "saved"; stored: DatasetGuidelines | null }
  | { type: "failed"; error: unknown }
  /** 409 guidelines:conflict: someone saved (or cleared) first. */
  | { type: "conflict"; stored: DatasetGuidelines | null }
  /** "Take theirs": the stored guidelines replace the draft. */
  | { type: "take" };

export function editorStart(guidelines: DatasetGuidelines | null): GuidelinesEditorState {
  return {
    draft: guidelines?.text ?? "",
    base: guidelines?.updatedAt ?? null,
    save: { kind: "idle" },
    conflict: null,
  };
}

/** The version a save expects: the draft's start, or, to keep one's text over a conflict, the stored version shown. */
export function expectedFor(state: GuidelinesEditorState, overwrite: boolean): string | null {
  return overwrite && state.conflict ? (state.conflict.stored?.updatedAt ?? null) : state.base;
}

export function guidelinesEditorReducer(
  state: GuidelinesEditorState,
  action: GuidelinesEditorAction,
): GuidelinesEditorState {
  switch (action.type) {
    case "load":
      return editorStart(action.guidelines);
    case "edit":
      // Typing while a save is under way keeps "saving"; otherwise the last word about a save goes.
      return {
        ...state,
        draft: action.text,
        save: state.save.kind === "saving" ? state.save : { kind: "idle" },
      };
    case "saving":
      return { ...state, save: { kind: "saving" } };
    case "saved":
      // Typed while the save was under way: the newer text stays, unsaved, on top of the version just stored.
      if (guidelinesText(state.draft) !== (action.stored?.text ?? null))
        return { ...state, base: action.stored?.updatedAt ?? null, save: { kind: "idle" }, conflict: null };
      return {
        draft: action.stored?.text ?? "",
        base: action.stored?.updatedAt ?? null,
        save: { kind: "saved", cleared: action.stored === null },
        conflict: null,
      };
    case "failed":
      return { ...state, save: { kind: "error", error: action.error } };
    case "conflict":
      // The same text was saved elsewhere: nothing to choose between, it is saved.
      if (guidelinesText(state.draft) === (action.stored?.text ?? null))
        return guidelinesEditorReducer(state, { type: "saved", stored: action.stored });
      return { ...state, save: { kind: "idle" }, conflict: { stored: action.stored } };
    case "take":
      return state.conflict ? editorStart(state.conflict.stored) : state;
  }
}

/** The stored guidelines of a 409 `guidelines:conflict` answer (an ApiError's body), or null for any other failure. */
export function guidelinesConflictOf(err: unknown): GuidelinesConflictState | null {
  const e = err as { status?: unknown; error?: { code?: unknown }; body?: { stored?: unknown } } | null;
  if (!e || e.status !== 409 || e.error?.code !== "guidelines:conflict") return null;
  const stored = e.body?.stored as DatasetGuidelines | null | undefined;
  if (stored === null) return { stored: null };
  return stored && typeof stored.text === "string" && typeof stored.updatedAt === "string"
    ? { stored }
    : null;
}
