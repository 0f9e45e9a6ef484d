// Sharing the open data set with the class: a checkbox its owner (or an admin) ticks so that every member may see it,
// label it and compare their labels, and a second one for blind review (on by default): members then see a row's gold,
// the models' and others' labels only after saving theirs, and do not export. The server's answer (the data set as it
// is now) replaces the shown one. A click ticks the box at once and disables both until the server answers; a failure
// puts the box back and says so (state/datasetShare.ts).
// With AUTH=off there are no accounts, only the local user, so there is no class to share with: no checkbox.
import { useRef, useState } from "react";
import { useAccess } from "../../AccessGate";
import type { DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import {
  IDLE_SHARE,
  shareFailed,
  shareSaved,
  shownShare,
  startShare,
  type ShareSetting,
  type ShareState,
} from "../../state/datasetShare";
import { setBlindReview, shareDataset } from "../../workbenchApi";
import { errorText } from "./errorText";

export function DatasetShare({
  dataset,
  onDataset,
}: {
  dataset: DatasetSummary;
  onDataset: (dataset: DatasetSummary) => void;
}) {
  const { t } = useI18n();
  const { mode } = useAccess();
  const [state, setState] = useState<ShareState>(IDLE_SHARE);
  // The state a click reads: two clicks before React renders again must not both start a save.
  const current = useRef(state);
  const [error, setError] = useState<string>();
  const shown = shownShare(dataset, state);
  const busy = state.pending !== null;

  function update(next: ShareState) {
    current.current = next;
    setState(next);
  }

  async function save(setting: ShareSetting, value: boolean) {
    const started = startShare(current.current, setting, value);
    if (!started) return;
    update(started);
    setError(undefined);
    try {
      const saved = await (setting === "shared"
        ? shareDataset(dataset.id, value)
        : setBlindReview(dataset.id, value));
      onDataset(saved);
      update(shareSaved());
    } catch (err) {
      update(shareFailed(current.current));
      setError(
        t(setting === "shared" ? "wb.datasets.sharedFailed" : "wb.datasets.blindReviewFailed", {
          reason: errorText(err, t),
        }),
      );
    }
  }

  if (mode === "off") return null;
  return (
    <div className="wb-dataset-share">
      <label>
        <input
          type="checkbox"
          data-testid="dataset-shared"
          checked={shown.shared}
          disabled={busy}
          aria-busy={state.pending?.setting === "shared"}
          onChange={(e) => void save("shared", e.target.checked)}
        />{" "}
        {t("wb.datasets.shared")}
      </label>
      <label title={t("wb.datasets.blindReviewHint")}>
        <input
          type="checkbox"
          data-testid="dataset-blind"
          checked={shown.blindReview}
          disabled={busy}
          aria-busy={state.pending?.setting === "blindReview"}
          aria-describedby="wb-blind-review-hint"
          onChange={(e) => void save("blindReview", e.target.checked)}
        />{" "}
        {t("wb.datasets.blindReview")}
      </label>
      <p className="hint" id="wb-blind-review-hint">
        {t("wb.datasets.blindReviewHint")}
      </p>
      {error && (
        <p className="error-text" role="alert" data-testid="dataset-share-error">
          {error}
        </p>
      )}
    </div>
  );
}
