// "Etichetele mele" on the review card (../../state/myLabels.ts): the rows this person labelled, read from the data
// set's labels (only theirs: `?annotator=`). Kept apart from the server's queues: the guidelines' date and the filter on labels older than them
// matter only here, so saving the guidelines while labelling in the priority or sample queue does not ask that queue
// again (it would start over at its first row). In the "mine" mode the list is read (and read again when the person,
// blindness, the guidelines or the filter change); in the other modes only the button's count is read.
import { useEffect, useState, type Dispatch } from "react";
import { fetchLabels } from "../../workbenchApi";
import { mineQueue, myLabelEntries } from "../../state/myLabels";
import type { QueueMode, ReviewAction } from "../../state/review";

export interface MyLabels {
  /** The rows this person labelled, as last read (for the button's count). */
  rows: number[];
  /** "Doar cele etichetate înainte de ghid": applied only while the data set has guidelines. */
  onlyBeforeGuidelines: boolean;
  setOnlyBeforeGuidelines: (on: boolean) => void;
  /** The filter as applied: on, and there are guidelines to be older than. */
  filtered: boolean;
}

export function useMyLabels({
  datasetId,
  name,
  mode,
  blind,
  guidelinesAt,
  dispatch,
  onError,
}: {
  datasetId: string;
  name: string;
  mode: QueueMode;
  blind: boolean;
  guidelinesAt: string | null;
  dispatch: Dispatch<ReviewAction>;
  /** Undefined clears the error; only the "mine" list reports one (the count fails quietly). */
  onError: (err: unknown) => void;
}): MyLabels {
  const [rows, setRows] = useState<number[]>([]);
  const [onlyBeforeGuidelines, setOnlyBeforeGuidelines] = useState(false);
  // Guidelines deleted while the filter is on: the checkbox is gone, so the filter is no longer applied.
  const filtered = onlyBeforeGuidelines && Boolean(guidelinesAt);
  const mine = mode === "mine";
  // The guidelines' date is read only in the "mine" mode: elsewhere it must not trigger a read.
  const markAt = mine ? guidelinesAt : null;

  useEffect(() => {
    if (!name) {
      setRows([]);
      return;
    }
    const controller = new AbortController();
    fetchLabels(datasetId, controller.signal, name)
      .then(({ labels }) => {
        const entries = myLabelEntries(labels, name, markAt);
        setRows(entries.map((e) => e.idx));
        if (!mine) return;
        dispatch({ type: "review:mine", entries: mineQueue(entries, filtered, markAt) });
        onError(undefined);
      })
      .catch((err: unknown) => {
        // The count alone fails quietly: the queue says why when the person opens it.
        if (mine) onError(err);
      });
    return () => controller.abort();
    // Read again as the mode changes (the rows saved in another mode are then among them, and the reducer forgot
    // them) and as blindness changes (the card reads its rows anew). `onError` and `dispatch` are stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, name, mode, markAt, filtered, blind]);

  return { rows, onlyBeforeGuidelines, setOnlyBeforeGuidelines, filtered };
}
