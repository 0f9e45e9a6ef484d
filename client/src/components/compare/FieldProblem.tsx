// The compare form's check of one field, said beside it (ComparePage.tsx).
import type { CheckedForm, FormField } from "../../state/compareLimits";
import { problemOf, problemParams } from "../../state/compareLimits";
import { useI18n } from "../../i18nContext";

/** A field's problem, said next to it (and tied to it for screen readers). */
export function FieldProblem({
  checked,
  field,
  shown,
}: {
  checked: CheckedForm;
  field: FormField;
  shown: boolean;
}) {
  const { t, lang } = useI18n();
  const problem = problemOf(checked, field);
  if (!problem || !shown) return null;
  return (
    <span className="inline-error" id={`compare-${field}-problem`} data-testid={`compare-problem-${field}`}>
      {t(problem.key, problemParams(problem, lang))}
    </span>
  );
}
