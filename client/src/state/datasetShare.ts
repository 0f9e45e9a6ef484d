// The data set's two class settings (shared with the class, blind review) as their checkboxes show them while a change
// is saved: ticked at once (the PUT takes a second or two), held disabled until the server answers, and back to the
// stored value with a message if it fails. A second click during the save used to undo the first one, because the box
// still showed the old value. No React, no fetch.
import type { DatasetSummary } from "../../../contract/workbench";

export type ShareSetting = "shared" | "blindReview";

export interface ShareState {
  /** The change being saved, shown before the server has it. */
  pending: { setting: ShareSetting; value: boolean } | null;
  /** The setting whose last change failed (the box shows the stored value again). */
  failed: ShareSetting | null;
}

export const IDLE_SHARE: ShareState = { pending: null, failed: null };

/** What each box shows: the pending value where one is being saved, else the data set's. */
export function shownShare(
  dataset: Pick<DatasetSummary, "shared" | "blindReview">,
  state: ShareState,
): Record<ShareSetting, boolean> {
  const shown = { shared: dataset.shared, blindReview: dataset.blindReview };
  if (state.pending) shown[state.pending.setting] = state.pending.value;
  return shown;
}

/** A click: starts saving, or null while another change is saved (the boxes are disabled then). */
export function startShare(state: ShareState, setting: ShareSetting, value: boolean): ShareState | null {
  return state.pending ? null : { pending: { setting, value }, failed: null };
}

/** The server took it: the data set it answered with shows from now on. */
export function shareSaved(): ShareState {
  return IDLE_SHARE;
}

/** The server refused it or could not be reached: the box goes back, and the page says so. */
export function shareFailed(state: ShareState): ShareState {
  return { pending: null, failed: state.pending?.setting ?? null };
}
