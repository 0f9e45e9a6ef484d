// How the workbench names review fields and their labels in the UI's language, and a row of compact label chips
// (tone coloured, populism marked, topic) used by the table, the review screen and the adjudication view.
import type { ReviewField } from "../../../../contract/workbench";
import { topicLabel, type Lang, type Translate } from "../../i18n";
import { useI18n } from "../../i18nContext";

/** A review field by its name in the contract (`REVIEW_FIELD_NAMES`), in sentence case: "Anti-elitism", "Popor central". */
export function fieldName(field: ReviewField, t: Translate): string {
  return t(`wb.field.${field}`);
}

/** A label in words: tones and topics translated, booleans as yes/no. */
export function labelText(field: ReviewField, value: string, t: Translate, lang: Lang): string {
  if (value === "true") return t("wb.yes");
  if (value === "false") return t("wb.no");
  if (field === "ton" && (value === "pozitiv" || value === "negativ" || value === "neutru")) {
    return t(`tone.${value}`);
  }
  if (field === "tema") return topicLabel(lang, value);
  return value;
}

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
