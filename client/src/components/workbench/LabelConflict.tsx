// A label saved meanwhile in another tab or on another device, beside the one typed here (state/labelConflict.ts):
// the person keeps what is saved (the row is read again, with its evidence spans) or overwrites it with what they chose
// here (with the spans marked here). Each side's spans are quoted. Nothing typed is lost before they choose.
import type { EvidenceSpan, HumanReviewLabel, ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fieldName, labelText } from "../../labelWords";
import { conflictLines, type ConflictLine, type Draft } from "../../state/labelConflict";
import { ownEnter } from "./ownEnter";
import { evidenceQuote } from "./ReviewEvidence";

export function LabelConflict({
  stored,
  draft,
  note,
  evidence = [],
  text = "",
  busy,
  onKeep,
  onOverwrite,
}: {
  stored: HumanReviewLabel;
  draft: Draft;
  note: string;
  /** The spans marked here, and the row's text they are offsets of. */
  evidence?: readonly EvidenceSpan[];
  text?: string;
  busy: boolean;
  onKeep: () => void;
  onOverwrite: () => void;
}) {
  const { t, lang } = useI18n();
  const at = new Date(stored.updatedAt).toLocaleString(lang === "ro" ? "ro-RO" : "en-GB", {
    dateStyle: "short",
    timeStyle: "medium",
  });
  const show = (field: ConflictLine["field"], value: string) =>
    !value ? "—" : field === "note" || field === "evidence" ? value : labelText(field, value, t, lang);
  // The evidence line: each span quoted, with the field it is for in words.
  const cell = (line: ConflictLine, side: "typed" | "stored") =>
    line.spans
      ? line.spans[side].map((s) => evidenceQuote(text, s, t)).join("; ") || "—"
      : show(line.field, line[side]);
  const heading = (field: ConflictLine["field"]) =>
    field === "note"
      ? t("wb.conflict.note")
      : field === "evidence"
        ? t("wb.conflict.evidence")
        : fieldName(field as ReviewField, t);
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
          {conflictLines(draft, note, stored, evidence, text).map((line) => (
            <tr key={line.field} data-differs={line.differs ? "true" : "false"}>
              <th scope="row">{heading(line.field)}</th>
              <td data-testid="label-conflict-stored" data-field={line.field}>
                {cell(line, "stored")}
              </td>
              <td data-testid="label-conflict-typed" data-field={line.field}>
                {line.differs ? <strong>{cell(line, "typed")}</strong> : cell(line, "typed")}
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
          onKeyDown={ownEnter}
          onClick={onKeep}
        >
          {t("wb.conflict.keep")}
        </button>
        <button
          type="button"
          className="send-button"
          data-testid="label-conflict-overwrite"
          disabled={busy}
          onKeyDown={ownEnter}
          onClick={onOverwrite}
        >
          {t("wb.conflict.overwrite")}
        </button>
      </div>
    </section>
  );
}
