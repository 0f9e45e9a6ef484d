// The person's optional note on their label (why this label), as coding exercises ask for. Typing in it never sets off
// the review's keys (ReviewView leaves keys typed in a field alone); Enter is a new line, Ctrl+Enter (⌘+Enter) saves,
// Escape gives the keys back to the labels. Limited to what the server keeps, with the count in view.
import { useId } from "react";
import { WORKBENCH_LIMITS } from "../../../../contract/workbench";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";

export function ReviewNote({
  note,
  onNote,
  disabled,
}: {
  note: string;
  onNote: (note: string) => void;
  disabled: boolean;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const max = WORKBENCH_LIMITS.noteChars;
  return (
    <div className="field wb-review-note">
      <label htmlFor={`${id}-note`}>{t("wb.review.note")}</label>
      <textarea
        id={`${id}-note`}
        data-testid="review-note"
        rows={2}
        maxLength={max}
        value={note}
        disabled={disabled}
        aria-describedby={`${id}-count`}
        onChange={(e) => onNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") e.currentTarget.blur();
        }}
      />
      <span className="hint" id={`${id}-count`} data-testid="review-note-count">
        {t("wb.review.noteCount", {
          n: formatCount(note.length, lang),
          max: countOf(max, NOUNS.character, lang),
        })}{" "}
        · {t("wb.review.noteKeys")}
      </span>
    </div>
  );
}
