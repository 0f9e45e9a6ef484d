// The review queue as a reducer: the rows the server says most need a person (or the random sample kept apart),
// where the person is in it, the labels being chosen for the row on screen, and the keyboard: a key per label of
// the field in focus, arrows to move between fields and rows, Enter to save (and, once saved, to go on), and the
// person's optional note (why this label), typed without setting off those keys; S skips the row ("Sar peste") and
// "Nu sunt sigur(ă)" marks the labels as unsure; the words marked as evidence go with the labels. A save that would
// leave fields empty asks once first (the card names them), and Enter with no label says why nothing happened. In blind
// mode the server withholds the models' labels until this person's label is saved. The state's shape is in
// ./reviewTypes.ts, what a change and a save mean in ./reviewChange.ts, the save bodies in ./reviewSave.ts; all
// re-exported here. No React, no fetch.
import {
  REVIEW_FIELDS,
  WORKBENCH_LIMITS,
  evidenceProblem,
  type EvidenceSpan,
  type HumanReviewLabel,
  type ItemDetail,
  type QueueEntry,
  type QueueResponse,
  type ReviewField,
} from "../../../contract/workbench";
import { startOfRow, type LabelDraft } from "./labelConflict";
import { resavedReasons } from "./myLabels";
import { touched } from "./reviewChange";
import { emptyFields, labelsOf, type Draft } from "./reviewSave";
import type { QueueMode, ReviewState, SaveVia } from "./reviewTypes";

export { canSkip, enterMeans, isDirty, touched } from "./reviewChange";
export type { QueueMode, ReviewState, SaveHeld, SaveVia } from "./reviewTypes";
export {
  emptyFields,
  noteToSave,
  reviewLabels,
  reviewSaveBody,
  reviewSkipBody,
  type Draft,
} from "./reviewSave";

export function initialReviewState(mode: QueueMode = "priority"): ReviewState {
  return {
    mode,
    entries: [],
    remaining: null,
    total: null,
    overlap: null,
    full: 0,
    exhausted: false,
    position: 0,
    item: null,
    draft: {},
    note: "",
    field: REVIEW_FIELDS[0],
    saving: false,
    saved: [],
    error: null,
    conflict: null,
    restored: false,
    unsure: false,
    evidence: [],
    held: null,
  };
}

/** The row on screen left: nothing of it is kept (the next one is read). */
const rowLeft = () => ({
  item: null,
  draft: {},
  note: "",
  unsure: false,
  evidence: [],
  field: REVIEW_FIELDS[0],
  held: null,
});

export type ReviewAction =
  | { type: "review:mode"; mode: QueueMode }
  /** Another person (the name typed changed): the queue starts over, and this session's saves are theirs no more. */
  | { type: "review:person" }
  /** A queue response; `append` adds the rows of a later page not yet held (the queue is read a page at a time). */
  | { type: "review:queue"; response: QueueResponse; append: boolean; asked: number }
  /** The "mine" queue, whole: this person's labelled rows (./myLabels.ts); nothing more to ask for. */
  | { type: "review:mine"; entries: QueueEntry[] }
  /**
   * The queue as the server has it now after the row `after` (asked once a row is saved under labels per row): the
   * rows held up to it stay, the rest is replaced, so that the next row is one that still needs labels.
   */
  | { type: "review:queueAhead"; response: QueueResponse; after: number; asked: number }
  | { type: "review:item"; item: ItemDetail }
  | { type: "review:move"; delta: number }
  | { type: "review:pick"; field: ReviewField; value: string }
  | { type: "review:clear"; field: ReviewField }
  | { type: "review:note"; note: string }
  | { type: "review:focus"; field: ReviewField }
  | { type: "review:focusMove"; delta: number }
  | { type: "review:copyModels" }
  /** "Nu sunt sigur(ă)" pressed or released. */
  | { type: "review:unsure" }
  /** The row's evidence spans, as the card's "Marchează ca dovadă" and its remove buttons left them. */
  | { type: "review:evidence"; evidence: EvidenceSpan[] }
  /**
   * The row, read as review:item, with its draft kept in the browser (`kept`, for a row arriving on screen), or with
   * the stored label replacing what is typed (`replace`: the person chose to keep what is saved).
   */
  | { type: "review:read"; item: ItemDetail; kept?: LabelDraft; replace?: boolean }
  /** A save refused because this person's label was saved meanwhile elsewhere (409 label:conflict). */
  | { type: "review:conflict"; stored: HumanReviewLabel }
  /** The person chose to overwrite that label: the stored version becomes the one the next save expects. */
  | { type: "review:overwrite" }
  /** A save asked for on a row with fields left empty: the card names them and the cursor goes to the first. */
  | { type: "review:incomplete"; via: SaveVia }
  /** Enter with no label chosen: the card says why nothing was saved. */
  | { type: "review:noLabels" }
  | { type: "review:saving" }
  | { type: "review:saved"; label: HumanReviewLabel }
  | { type: "review:failed"; message: string };

export function currentEntry(state: ReviewState): QueueEntry | undefined {
  return state.entries[state.position];
}

function moveField(field: ReviewField, delta: number): ReviewField {
  const i = REVIEW_FIELDS.indexOf(field);
  return REVIEW_FIELDS[Math.min(REVIEW_FIELDS.length - 1, Math.max(0, i + delta))]!;
}

/** The labels the models agree on (first repeats); a field they split on is left for the person. */
export function modelConsensus(item: Pick<ItemDetail, "annotations">): Draft {
  const firsts = (item.annotations ?? []).filter((a) => a.repeat === 1 && !a.error);
  const draft: Draft = {};
  if (firsts.length === 0) return draft;
  for (const field of REVIEW_FIELDS) {
    const values = new Set(firsts.map((a) => a.labels[field]));
    const [only] = [...values];
    if (values.size === 1 && only !== undefined) draft[field] = only;
  }
  return draft;
}

/**
 * A row read (review:item, review:read). Re-reading the row on screen (after a save, or as the tab comes back into
 * view) keeps what the person chose and the version it started from: a label saved meanwhile elsewhere is shown beside
 * it (the conflict). A row untouched here simply shows what is stored; `replace` makes the stored label replace what is
 * typed. A row arriving on screen starts from its kept draft, if any (./labelConflict.ts).
 */
function readRow(state: ReviewState, item: ItemDetail, kept?: LabelDraft, replace = false): ReviewState {
  const entry = currentEntry(state);
  if (!entry || entry.idx !== item.idx) return state;
  if (state.item?.idx === item.idx) {
    if (replace || !touched(state)) {
      const mine = item.mine;
      return {
        ...state,
        item,
        draft: labelsOf(mine),
        note: mine?.note ?? "",
        unsure: mine?.status === "unsure",
        evidence: mine?.evidence ?? [],
        conflict: null,
        restored: false,
        error: null,
        held: null,
      };
    }
    const before = state.item.mine;
    const moved = item.mine && item.mine.updatedAt !== before?.updatedAt;
    return {
      ...state,
      item: { ...item, mine: before },
      conflict: moved ? item.mine : state.conflict,
      // A label saved meanwhile elsewhere waits for the person's choice: what the card asked is moot.
      held: moved ? null : state.held,
      error: null,
    };
  }
  const start = startOfRow(item.mine, kept);
  // Kept spans that no longer fit the row's text (a foreign or stale draft) give way to the saved ones.
  if (evidenceProblem(start.evidence, item.text.length)) start.evidence = item.mine?.evidence ?? [];
  return {
    ...state,
    item,
    ...start,
    unsure: item.mine?.status === "unsure",
    field: REVIEW_FIELDS[0],
    error: null,
    held: null,
  };
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case "review:mode":
      return action.mode === state.mode ? state : initialReviewState(action.mode);
    case "review:person":
      return initialReviewState(state.mode);
    case "review:queue": {
      const r = action.response;
      if (r.mode !== state.mode) return state;
      const known = new Set(state.entries.map((e) => e.idx));
      const fresh = r.items.filter((e) => !known.has(e.idx));
      const entries = action.append ? [...state.entries, ...fresh] : r.items;
      return {
        ...state,
        entries,
        remaining: r.remaining,
        total: r.total,
        overlap: r.overlap ?? null,
        full: r.full ?? 0,
        exhausted: r.items.length < action.asked || (action.append && fresh.length === 0),
        position: action.append ? state.position : 0,
        error: null,
      };
    }
    case "review:mine": {
      if (state.mode !== "mine") return state;
      // Read again (the filter or blindness changed): the row on screen stays on screen when it is still listed.
      const shown = currentEntry(state)?.idx;
      const kept = action.entries.findIndex((e) => e.idx === shown);
      const position = kept >= 0 ? kept : Math.min(state.position, Math.max(0, action.entries.length - 1));
      const moved = action.entries[position]?.idx !== shown;
      return {
        ...state,
        ...(moved ? rowLeft() : {}),
        entries: action.entries,
        remaining: null,
        total: null,
        overlap: null,
        full: 0,
        exhausted: true,
        position,
        error: null,
      };
    }
    case "review:queueAhead": {
      const r = action.response;
      const at = state.entries.findIndex((e) => e.idx === action.after);
      if (r.mode !== state.mode || at < 0) return state;
      const kept = state.entries.slice(0, at + 1);
      const known = new Set(kept.map((e) => e.idx));
      const entries = [...kept, ...r.items.filter((e) => !known.has(e.idx))];
      const position = Math.min(state.position, Math.max(0, entries.length - 1));
      // The person moved on before the answer came: the row they are on may be another one now.
      const moved = entries[position]?.idx !== state.entries[state.position]?.idx;
      return {
        ...state,
        entries,
        position,
        remaining: r.remaining,
        total: r.total,
        overlap: r.overlap ?? null,
        full: r.full ?? 0,
        exhausted: r.items.length < action.asked,
        ...(moved ? rowLeft() : {}),
      };
    }
    case "review:item": {
      return readRow(state, action.item);
    }
    case "review:move": {
      const position = Math.min(
        Math.max(0, state.position + action.delta),
        Math.max(0, state.entries.length - 1),
      );
      if (position === state.position) return state;
      return { ...state, ...rowLeft(), position, error: null, conflict: null, restored: false };
    }
    case "review:pick": {
      // Not before the row is on screen: a label is for a text the person has read (and would be replaced by
      // the row's own labels when it arrives).
      if (!state.item) return state;
      const draft = { ...state.draft, [action.field]: action.value };
      // The focus moves on, so a row is labelled with one key per field. A pick (or a move) is an answer to what the
      // card asked: the next save asks again if fields are still empty.
      return { ...state, draft, field: moveField(action.field, 1), held: null };
    }
    case "review:clear": {
      const { [action.field]: _cleared, ...draft } = state.draft;
      return { ...state, draft, held: null };
    }
    case "review:note":
      // Not before the row is on screen (the row's own note would replace it), and never past the server's limit.
      return state.item ? { ...state, note: action.note.slice(0, WORKBENCH_LIMITS.noteChars) } : state;
    case "review:focus":
      return { ...state, field: action.field, held: null };
    case "review:focusMove":
      return { ...state, field: moveField(state.field, action.delta), held: null };
    case "review:copyModels":
      return state.item?.annotations
        ? { ...state, draft: { ...modelConsensus(state.item), ...state.draft }, held: null }
        : state;
    case "review:incomplete": {
      const empty = emptyFields(state.draft);
      if (!state.item || empty.length === 0) return state;
      return { ...state, held: { why: "incomplete", empty, via: action.via }, field: empty[0]! };
    }
    case "review:noLabels": {
      if (!state.item) return state;
      const again = state.held?.why === "noLabels" ? !state.held.again : false;
      return { ...state, held: { why: "noLabels", again } };
    }
    case "review:unsure":
      return state.item ? { ...state, unsure: !state.unsure } : state;
    case "review:evidence":
      return state.item ? { ...state, evidence: action.evidence } : state;
    case "review:saving":
      // The question (or the "nothing chosen" note) is answered by the save under way.
      return { ...state, saving: true, error: null, held: null };
    case "review:saved": {
      const idx = action.label.idx;
      const onScreen = state.item?.idx === idx ? state.item : null;
      // A row labelled for the first time leaves "remaining" now, not only at the next queue fetch; one saved
      // again (in this session or before it) was counted out already.
      const firstTime = !state.saved.includes(idx) && !onScreen?.mine;
      const saved = state.saved.includes(idx) ? state.saved : [...state.saved, idx];
      const item = onScreen ? { ...onScreen, mine: action.label } : state.item;
      const remaining =
        firstTime && state.remaining !== null ? Math.max(0, state.remaining - 1) : state.remaining;
      return {
        ...state,
        // Corrected now, so no longer labelled before the guidelines' last change ("Etichetele mele").
        // Its status the new label's (skipped, unsure or neither).
        entries:
          state.mode === "mine"
            ? state.entries.map((e) =>
                e.idx === idx ? { ...e, reasons: resavedReasons(e.reasons, action.label) } : e,
              )
            : state.entries,
        saving: false,
        saved,
        item,
        remaining,
        conflict: onScreen ? null : state.conflict,
        restored: onScreen ? false : state.restored,
        held: onScreen ? null : state.held,
      };
    }
    case "review:failed":
      return { ...state, saving: false, error: action.message };
    case "review:read":
      return readRow(state, action.item, action.kept, action.replace);
    case "review:overwrite":
      return state.item && state.conflict
        ? { ...state, item: { ...state.item, mine: state.conflict }, conflict: null }
        : state;
    case "review:conflict":
      return state.item?.idx === action.stored.idx
        ? { ...state, saving: false, error: null, conflict: action.stored, held: null }
        : { ...state, saving: false };
  }
}

/** Ask for more of the queue when this few rows are left ahead of the person. */
export const QUEUE_REFILL_AHEAD = 3;
export const QUEUE_PAGE = 20;

/**
 * Where the row on screen is in this person's queue: the rows held (those saved in this session stay in it) and those
 * the server still has for them beyond what is held. The queue is read a page at a time, so the rows held alone
 * ("1 din 20") would contradict the remaining count beside it ("30 de rânduri rămase din 30").
 */
export function queuePosition(state: Pick<ReviewState, "entries" | "position" | "remaining" | "saved">): {
  n: number;
  of: number;
} {
  const saved = new Set(state.saved);
  const heldUnsaved = state.entries.filter((e) => !saved.has(e.idx)).length;
  const notHeld = Math.max(0, (state.remaining ?? 0) - heldUnsaved);
  return { n: state.position + 1, of: state.entries.length + notHeld };
}

/** Where the next page of the queue starts: after the last row held (undefined before the first page). */
export function queueCursor(state: Pick<ReviewState, "entries">): number | undefined {
  return state.entries[state.entries.length - 1]?.idx;
}

export function needsMoreQueue(state: ReviewState): boolean {
  return !state.exhausted && state.entries.length - state.position <= QUEUE_REFILL_AHEAD;
}

// ---- Keyboard ---- (the keys themselves: ./reviewKeys.ts)

export {
  LABEL_KEYS,
  labelKey,
  keyPlace,
  reviewCommand,
  EVIDENCE_KEYS_SELECTOR,
  NOTE_SELECTOR,
  TYPING_SELECTOR,
  type KeyInput,
  type KeyPlace,
  type ReviewCommand,
} from "./reviewKeys";
