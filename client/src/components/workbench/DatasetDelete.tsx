// Deleting the open data set: a button, then a confirmation that says what goes with it (its runs, the models'
// annotations, the people's labels). The server refuses while a run is going (409 dataset:busy): its message shows here.
import { useRef, useState } from "react";
import type { DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { deleteDataset } from "../../workbenchApi";
import { useFocusAfterRender } from "../../useFocusAfterRender";
import { errorText } from "./errorText";

export function DatasetDelete({
  dataset,
  onDeleted,
}: {
  dataset: DatasetSummary;
  onDeleted: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const trigger = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();

  async function remove() {
    setBusy(true);
    setError(undefined);
    try {
      await deleteDataset(dataset.id);
      onDeleted(dataset.id);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
      // The buttons were disabled while it was asked, so the focus fell to the page: back on the safe answer.
      focusAfterRender(cancelButton);
    }
  }

  const cancel = () => {
    setConfirming(false);
    setError(undefined);
    focusAfterRender(trigger);
  };

  return (
    <div className="wb-dataset-delete">
      {!confirming ? (
        <button
          ref={trigger}
          type="button"
          className="link-button danger"
          data-testid="dataset-delete"
          onClick={() => setConfirming(true)}
        >
          {t("wb.datasets.delete")}
        </button>
      ) : (
        <div
          className="thread-confirm"
          role="alertdialog"
          aria-labelledby={`wb-delete-${dataset.id}`}
          onKeyDown={(e) => {
            if (e.key !== "Escape" || busy) return;
            e.preventDefault();
            cancel();
          }}
        >
          <p id={`wb-delete-${dataset.id}`}>
            {t("wb.datasets.deleteConfirm", {
              name: dataset.name,
              n: countOf(dataset.rows, NOUNS.row, lang),
            })}
          </p>
          <div className="confirm-actions">
            <button
              type="button"
              className="danger-button small"
              data-testid="dataset-delete-confirm"
              disabled={busy}
              onClick={() => void remove()}
            >
              {busy ? t("wb.datasets.deleting") : t("wb.datasets.deleteYes")}
            </button>
            {/* Focus lands on the safe answer, as the thread list's and the accounts' deletes do: a stray Enter
                keeps the data set and its runs. */}
            <button
              type="button"
              className="ghost-button small"
              ref={cancelButton}
              data-testid="dataset-delete-cancel"
              autoFocus
              disabled={busy}
              onClick={cancel}
            >
              {t("wb.cancel")}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="dataset-delete-error">
          {error}
        </p>
      )}
    </div>
  );
}
