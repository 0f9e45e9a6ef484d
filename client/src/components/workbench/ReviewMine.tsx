// What the review form adds for "Etichetele mele" (../../state/myLabels.ts) and for the row on the card: the filter on
// labels older than the guidelines, the empty state of the "mine" queue, and the codebook's populism rule as a
// warning that never refuses the save (../../state/codebookRule.ts).
import { useI18n } from "../../i18nContext";
import { fieldName } from "../../labelWords";
import { populismWarning } from "../../state/codebookRule";
import type { ReviewField } from "../../../../contract/workbench";
import type { Draft } from "../../state/review";

/** Only the rows labelled before the guidelines last changed (shown when the data set has guidelines). */
export function MineFilter({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  const { t } = useI18n();
  return (
    <label className="check">
      <input
        type="checkbox"
        data-testid="review-mine-before-guidelines"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {t("wb.review.mineBeforeGuidelines")}
    </label>
  );
}

/** The "mine" queue has no rows: none labelled yet, or none older than the guidelines (the filter on). */
export function MineEmpty({ filtered }: { filtered: boolean }) {
  const { t } = useI18n();
  return (
    <p className="hint" data-testid="review-mine-empty">
      {t(filtered ? "wb.review.mineEmptyBefore" : "wb.review.mineEmpty")}
    </p>
  );
}

/**
 * Populism "da" without anti-elitism "da" and popor central "da": said, not refused, and only once the person is done
 * with those two fields (`populismWarning`): `field` is the field in focus, `saved` that the row's label is stored.
 */
export function CodebookWarning({
  draft,
  field,
  saved,
}: {
  draft: Draft;
  field: ReviewField;
  saved: boolean;
}) {
  const { t } = useI18n();
  const breaches = populismWarning(draft, field, saved);
  if (breaches.length === 0) return null;
  const fields = breaches
    .map((f) => `${fieldName(f, t)}: ${draft[f] === "false" ? t("wb.no") : t("wb.review.notChosen")}`)
    .join(", ");
  return (
    <p className="note note-warn" data-testid="review-codebook-warning" role="status">
      {t("wb.review.codebookWarning", { fields })}
    </p>
  );
}
