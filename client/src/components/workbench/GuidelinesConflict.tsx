// Guidelines saved (or cleared) meanwhile by someone else or in another tab, shown above the owner's editor
// (state/guidelinesEditor.ts): who saved them and when, their text as stored, and the two ways out — keep the text
// typed here (a save over the stored version) or take the stored text. Nothing typed is lost before the choice.
import type { DatasetGuidelines } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { formatDate } from "./DatasetList";

export function GuidelinesConflict({
  stored,
  busy,
  canOverwrite,
  onOverwrite,
  onTake,
}: {
  stored: DatasetGuidelines | null;
  busy: boolean;
  /** False while the text here cannot be saved (over the limit): only taking the stored text is offered. */
  canOverwrite: boolean;
  onOverwrite: () => void;
  onTake: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <section className="note note-warn wb-guidelines-conflict" role="alert" data-testid="guidelines-conflict">
      <p>
        <strong>
          {stored
            ? t("wb.guidelines.conflict.saved", {
                name: stored.updatedBy,
                date: formatDate(stored.updatedAt, lang),
              })
            : t("wb.guidelines.conflict.cleared")}
        </strong>{" "}
        {t("wb.guidelines.conflict.hint")}
      </p>
      {stored && (
        <>
          <h5>{t("wb.guidelines.conflict.stored")}</h5>
          {/* As written (Markdown source), so that parts of it can be copied into the text kept here. */}
          <pre
            className="wb-guidelines-stored"
            data-testid="guidelines-conflict-stored"
            tabIndex={0}
            aria-label={t("wb.guidelines.conflict.stored")}
          >
            {stored.text}
          </pre>
        </>
      )}
      <div className="wb-actions">
        <button
          type="button"
          className="send-button"
          data-testid="guidelines-conflict-overwrite"
          disabled={busy || !canOverwrite}
          onClick={onOverwrite}
        >
          {t("wb.guidelines.conflict.overwrite")}
        </button>
        <button
          type="button"
          className="ghost-button"
          data-testid="guidelines-conflict-take"
          disabled={busy}
          onClick={onTake}
        >
          {t("wb.guidelines.conflict.take")}
        </button>
      </div>
    </section>
  );
}
