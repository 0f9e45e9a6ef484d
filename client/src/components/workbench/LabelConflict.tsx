// A label saved meanwhile in another tab or on another device, beside the one typed here (state/labelConflict.ts):
// the person keeps what is saved (the row is read again) or overwrites it with what they chose here. Nothing typed is
// lost before they choose.
import type { HumanReviewLabel, ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fieldName, labelText } from "../../labelWords";
import { conflictLines, type Draft } from "../../state/labelConflict";

export function LabelConflict({
  stored,
  draft,
  note,
  busy,
  onKeep,
  onOverwrite,
}: {
  stored: HumanReviewLabel;
  draft: Draft;
  note: string;
  busy: boolean;
  onKeep: () => void;
  onOverwrite: () => void;
}) {
  const { t, lang } = useI18n();
  const at = new Date(stored.updatedAt).toLocaleString(lang === "ro" ? "ro-RO" : "en-GB", {
    dateStyle: "short",
    timeStyle: "medium",
  });
  const show = (field: ReviewField | "note", value: string) =>
    !value ? "—" : field === "note" ? value : labelText(field, value, t, lang);
  return (
    <section className="note note-warn wb-label-conflict" role="alert" data-testid="label-conflict">
      <p>
        <strong>{t("wb.conflict.title", { at })}</strong> {t("wb.conflict.hint")}
      </p>
      <table className="wb-conflict-table">
        <thead>
          <tr>
            <th scope="col">{t("wb.conflict.field")}</th>
            <th scope="col">{t("wb.conflict.saved")}</th>
            <th scope="col">{t("wb.conflict.here")}</th>
          </tr>
        </thead>
        <tbody>
          {conflictLines(draft, note, stored).map((line) => (
            <tr key={line.field} data-differs={line.differs ? "true" : "false"}>
              <th scope="row">{line.field === "note" ? t("wb.conflict.note") : fieldName(line.field, t)}</th>
              <td data-testid="label-conflict-stored" data-field={line.field}>
                {show(line.field, line.stored)}
              </td>
              <td data-testid="label-conflict-typed" data-field={line.field}>
                {line.differs ? (
                  <strong>{show(line.field, line.typed)}</strong>
                ) : (
                  show(line.field, line.typed)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="wb-actions">
        <button
          type="button"
          className="ghost-button"
          data-testid="label-conflict-keep"
          disabled={busy}
          onClick={onKeep}
        >
          {t("wb.conflict.keep")}
        </button>
        <button
          type="button"
          className="send-button"
          data-testid="label-conflict-overwrite"
          disabled={busy}
          onClick={onOverwrite}
        >
          {t("wb.conflict.overwrite")}
        </button>
      </div>
    </section>
  );
}
