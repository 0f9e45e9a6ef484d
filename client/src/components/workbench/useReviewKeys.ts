// The review card's single keys (../../state/reviewKeys.ts says which key means what, and where it does not count: in
// a text field, in the evidence cursor): one listener on the window while a reviewer is named, reading the newest
// state through `stateRef` so that it is not attached again on every key. It also remembers the label the last key
// set, which the card says before the field the focus moved on to.
import { useEffect, useState, type Dispatch, type RefObject } from "react";
import { keyPlace, reviewCommand } from "../../state/reviewKeys";
import type { ReviewField } from "../../../../contract/workbench";
import type { ReviewAction, ReviewState, SaveVia } from "../../state/review";
import type { ReviewEvidenceHandle } from "./ReviewEvidence";

export interface LastPick {
  idx: number;
  field: ReviewField;
  value: string;
}

export function useReviewKeys({
  name,
  stateRef,
  dispatch,
  onEnter,
  save,
  hasGuidelines,
  toggleGuidelines,
  evidenceRef,
}: {
  name: string;
  stateRef: RefObject<ReviewState>;
  dispatch: Dispatch<ReviewAction>;
  /** A save asked for with the keys: Enter on the page, or Ctrl+Enter (⌘+Enter) in the note. */
  onEnter: (via: SaveVia) => void;
  save: (skip?: boolean) => Promise<void>;
  hasGuidelines: boolean;
  toggleGuidelines: () => void;
  evidenceRef: RefObject<ReviewEvidenceHandle | null>;
}): { lastPick: LastPick | undefined; forgetPick: () => void } {
  // Forgotten on any other move than a pick.
  const [lastPick, setLastPick] = useState<LastPick>();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const state = stateRef.current;
      if (e.defaultPrevented || !name || !state) return;
      const place = keyPlace(e.target);
      const command = reviewCommand(e, state.field, place);
      if (!command || (command.type === "guidelines" && !hasGuidelines)) return;
      e.preventDefault();
      const shown = state.entries[state.position]?.idx;
      // A pick before the row is read chooses nothing (the reducer ignores it), so nothing is said of it either.
      if (command.type === "pick" && shown !== undefined && state.item) {
        setLastPick({ idx: shown, field: command.field, value: command.value });
      } else setLastPick(undefined);
      switch (command.type) {
        case "pick":
          return dispatch({ type: "review:pick", field: command.field, value: command.value });
        case "clear":
          return dispatch({ type: "review:clear", field: command.field });
        case "focus":
          return dispatch({ type: "review:focusMove", delta: command.delta });
        case "next":
          return dispatch({ type: "review:move", delta: 1 });
        case "previous":
          return dispatch({ type: "review:move", delta: -1 });
        case "copyModels":
          return dispatch({ type: "review:copyModels" });
        case "save":
          return onEnter(place === "note" ? "note" : "enter");
        case "skip":
          return void save(true);
        case "guidelines":
          return toggleGuidelines();
        case "evidence":
          return evidenceRef.current?.enterKeys();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [name, stateRef, dispatch, onEnter, save, hasGuidelines, toggleGuidelines, evidenceRef]);
  return { lastPick, forgetPick: () => setLastPick(undefined) };
}
