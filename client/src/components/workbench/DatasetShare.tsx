// Sharing the open data set with the class: a checkbox its owner (or an admin) ticks so that every member may see it,
// label it blind and compare their labels; the server's answer (the data set as it is now) replaces the shown one.
// With AUTH=off there are no accounts, only the local user, so there is no class to share with: no checkbox.
import { useState } from "react";
import { useAccess } from "../../AccessGate";
import type { DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { shareDataset } from "../../workbenchApi";
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

  async function toggle(shared: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      onDataset(await shareDataset(dataset.id, shared));
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
          onChange={(e) => void toggle(e.target.checked)}
        />{" "}
        {t("wb.datasets.shared")}
      </label>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
