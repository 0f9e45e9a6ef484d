// Sharing the open data set with the class: a checkbox its owner (or an admin) ticks so that every member may see it,
// label it and compare their labels, and a second one for blind review (on by default): members then see a row's gold,
// the models' and others' labels only after saving theirs, and do not export. The server's answer (the data set as it
// is now) replaces the shown one.
// With AUTH=off there are no accounts, only the local user, so there is no class to share with: no checkbox.
import { useState } from "react";
import { useAccess } from "../../AccessGate";
import type { DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function save(change: () => Promise<DatasetSummary>) {
    setBusy(true);
    setError(undefined);
    try {
      onDataset(await change());
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  if (mode === "off") return null;
  return (
    <div className="wb-dataset-share">
      <label>
        <input
          type="checkbox"
          data-testid="dataset-shared"
          checked={dataset.shared}
          disabled={busy}
          onChange={(e) => {
            const shared = e.target.checked;
            void save(() => shareDataset(dataset.id, shared));
          }}
        />{" "}
        {t("wb.datasets.shared")}
      </label>
      <label title={t("wb.datasets.blindReviewHint")}>
        <input
          type="checkbox"
          data-testid="dataset-blind"
          checked={dataset.blindReview}
          disabled={busy}
          aria-describedby="wb-blind-review-hint"
          onChange={(e) => {
            const blindReview = e.target.checked;
            void save(() => setBlindReview(dataset.id, blindReview));
          }}
        />{" "}
        {t("wb.datasets.blindReview")}
      </label>
      <p className="hint" id="wb-blind-review-hint">
        {t("wb.datasets.blindReviewHint")}
      </p>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
