// A data set's own labelling, before (or apart from) any run: people label rows blind with the keyboard, as in a
// run's review but with no models, so that their labels are the reference later runs are compared with.
import type { DatasetGuidelines, DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { AnnotatorField } from "./AnnotatorField";
import { ReviewView } from "./ReviewView";

export function LabelView({
  dataset,
  annotator,
  onAnnotator,
  knownNames,
  onSaved,
  onClose,
  guidelines,
}: {
  dataset: DatasetSummary;
  /** The owner's annotation guidelines, shown above the form. */
  guidelines?: DatasetGuidelines | null;
  annotator: string;
  onAnnotator: (name: string) => void;
  knownNames: string[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="wb-run" data-testid="label-view" data-dataset={dataset.id}>
      <div className="wb-progress-head">
        <h3>{t("wb.label.title", { name: dataset.name })}</h3>
        <button type="button" className="ghost-button small" data-testid="label-close" onClick={onClose}>
          {t("wb.label.close")}
        </button>
      </div>
      <div className="wb-run-bar">
        <AnnotatorField annotator={annotator} onAnnotator={onAnnotator} knownNames={knownNames} />
      </div>
      <ReviewView
        datasetId={dataset.id}
        annotator={annotator}
        blind
        onBlind={() => undefined}
        onSaved={onSaved}
        guidelines={guidelines}
      />
    </section>
  );
}
