// The person's name as annotator, with the names used on this browser as suggestions: shown above a run's views
// and above a data set's own labelling. With accounts, the server saves labels under the account whatever is typed,
// so the field shows the account's name and cannot be edited.
import { useAccess } from "../../AccessGate";
import { useI18n } from "../../i18nContext";
import { AccountNameField } from "../AccountNameField";

export function AnnotatorField({
  annotator,
  onAnnotator,
  knownNames,
}: {
  annotator: string;
  onAnnotator: (name: string) => void;
  knownNames: string[];
}) {
  const { t } = useI18n();
  const { user } = useAccess();
  if (user.kind === "user") {
    return (
      <AccountNameField
        className="field wb-annotator"
        label={t("wb.review.name")}
        hint={t("wb.review.nameFromAccount")}
        testId="review-annotator"
        hintId="wb-annotator-account"
        name={user.name}
      />
    );
  }
  return (
    <label className="field wb-annotator">
      <span>{t("wb.review.name")}</span>
      <input
        type="text"
        data-testid="review-annotator"
        list="wb-annotators"
        maxLength={100}
        value={annotator}
        placeholder={t("wb.review.namePlaceholder")}
        onChange={(e) => onAnnotator(e.target.value)}
        // Enter leaves the field, so the next keys label rows instead of typing into the name.
        onKeyDown={(e) => {
          if (e.key === "Enter") e.currentTarget.blur();
        }}
      />
      <datalist id="wb-annotators">
        {knownNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </label>
  );
}
