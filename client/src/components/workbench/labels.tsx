// A row of compact label chips (tone coloured, populism marked, topic) used by the table, the review screen and the
// adjudication view; the fields and labels in words come from labelWords.ts.
import type { ReviewField } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fieldName, labelText } from "../../labelWords";

/** Short chips: the tone, then populism and its dimensions when true, then the topic. */
export function LabelChips({
  labels,
  highlight = [],
  compact = false,
}: {
  labels: Partial<Record<ReviewField, string>>;
  /** Fields shown as contested (models or people disagree on them). */
  highlight?: readonly ReviewField[];
  /** Leave out "no populism"-style chips of contested fields (the table's rows have one fixed height). */
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const mark = (field: ReviewField) => (highlight.includes(field) ? " contested" : "");
  return (
    <span className="wb-chips">
      {labels.ton && (
        <span className={`wb-chip tone-${labels.ton}${mark("ton")}`}>
          {labelText("ton", labels.ton, t, lang)}
        </span>
      )}
      {(["populism", "anti_elitism", "popor_central"] as const).map((field) =>
        labels[field] === "true" ? (
          <span key={field} className={`wb-chip populist${mark(field)}`}>
            {fieldName(field, t).toLowerCase()}
          </span>
        ) : labels[field] === "false" && highlight.includes(field) && !compact ? (
          <span key={field} className={`wb-chip off${mark(field)}`}>
            {t("wb.notField", { field: fieldName(field, t).toLowerCase() })}
          </span>
        ) : null,
      )}
      {labels.tema && (
        <span className={`wb-chip topic${mark("tema")}`}>{labelText("tema", labels.tema, t, lang)}</span>
      )}
    </span>
  );
}
