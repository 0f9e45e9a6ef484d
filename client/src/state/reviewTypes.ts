// The review queue's state, as the reducer (./review.ts) keeps it and the decisions on it (./reviewChange.ts) read it.
// Types only.
import type {
  EvidenceSpan,
  HumanReviewLabel,
  ItemDetail,
  QueueEntry,
  QueueResponse,
  ReviewField,
} from "../../../contract/workbench";
import type { Draft } from "./reviewSave";

/** The server's queues, and "mine": this person's labelled rows (./myLabels.ts), never asked of the server as a mode. */
export type QueueMode = QueueResponse["mode"] | "mine";

/** Where a save was asked for: Enter on the page, Ctrl+Enter (⌘+Enter) in the note, or the "Salvează" button. */
export type SaveVia = "enter" | "note" | "button";

/**
 * What the card said instead of saving: the fields a save would leave empty while others are chosen (the next save,
 * with no pick or move between, saves as it is), or that no label is chosen (`again` flips at each further Enter, so
 * that the live region says it again).
 */
export type SaveHeld =
  { why: "incomplete"; empty: ReviewField[]; via: SaveVia } | { why: "noLabels"; again: boolean };

export interface ReviewState {
  mode: QueueMode;
  entries: QueueEntry[];
  /** Rows of this mode the person has not labelled (from the last queue response), and rows in all. */
  remaining: number | null;
  total: number | null;
  /**
   * The data set's labels per row as this queue applied them (null: everyone labels every row), and the rows left out
   * of it because other people gave them that many labels already (from the last queue response).
   */
  overlap: number | null;
  full: number;
  /** The server had no more rows to add to the queue. */
  exhausted: boolean;
  position: number;
  item: ItemDetail | null;
  draft: Draft;
  /** The person's note on the row on screen, as typed (their saved one when the row arrives). */
  note: string;
  field: ReviewField;
  saving: boolean;
  /** Rows saved in this session (idx), for the counter and the marks in the queue. */
  saved: number[];
  error: string | null;
  /**
   * This person's label as another tab or device saved it since this page read the row (a save refused with 409, or
   * a re-read): shown beside the one typed until the person keeps it or overwrites it. Null: none.
   */
  conflict: HumanReviewLabel | null;
  /** The row's choice and note were restored from a draft kept in the browser (a reload, a closed tab). */
  restored: boolean;
  /** "Nu sunt sigur(ă)" is pressed for the row on screen (its saved status when it arrives): saved as `unsure`. */
  unsure: boolean;
  /** The words marked as evidence on the row on screen (its saved spans when it arrives), in text order. */
  evidence: EvidenceSpan[];
  /** What the last save asked for said instead of saving; forgotten on a pick, a move, another row. Null: nothing. */
  held: SaveHeld | null;
}
