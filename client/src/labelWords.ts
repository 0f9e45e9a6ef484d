// Review fields and their labels in the UI's language, as every page names them: fields in sentence case ("Ton",
// "Popor central"), tones and topics translated, booleans as da/nu (yes/no). The workbench and the compare page
// both read them, so that a label is never shown by its id ("anti_elitism=false").
import { REVIEW_FIELDS, type ReviewField } from "../../contract/workbench";
import { topicLabel, type Lang, type Translate } from "./i18n";

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

/**
 * Labels in one line of words, "Ton: negativ · Populism: nu": the review fields that have a value, in the schema's
 * order (an annotation's other fields, such as its justification, are left out).
 */
export function labelsInWords(
  labels: Partial<Record<ReviewField, string | boolean | null>>,
  t: Translate,
  lang: Lang,
): string {
  return REVIEW_FIELDS.flatMap((field) => {
    const value = labels[field];
    return value === undefined || value === null
      ? []
      : [`${fieldName(field, t)}: ${labelText(field, String(value), t, lang)}`];
  }).join(" · ");
}
