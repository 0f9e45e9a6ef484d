// Labels per row (overlap), beside sharing and blind review: the owner (or an admin) chooses how many people label
// each row of the data set, or "everyone labels every row" (the default). With k, a person's queue leaves out the rows
// k people labelled already; the random sample stays in everyone's (contract/workbench/overlap.ts). The choice saves at
// once, the select held disabled until the server answers; a failure shows the stored value again and says why.
import { useState } from "react";
import { OVERLAP_MAX, type DatasetSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { setOverlap } from "../../workbenchApi";
import { errorText } from "./errorText";

/** The select's choices: "" (everyone), then 1..OVERLAP_MAX. */
export const OVERLAP_CHOICES = ["", ...Array.from({ length: OVERLAP_MAX }, (_, i) => String(i + 1))];

/** The select's value for a stored overlap, and back. */
export const overlapValue = (overlap: number | null | undefined) => (overlap ? String(overlap) : "");
export const overlapOf = (value: string): number | null => (value === "" ? null : Number(value));

export function DatasetOverlap({
  dataset,
  onDataset,
}: {
  dataset: DatasetSummary;
  onDataset: (dataset: DatasetSummary) => void;
}) {
  const { t, lang } = useI18n();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  async function save(value: string) {
    if (pending !== null) return;
    setPending(value);
    setError(undefined);
    try {
      onDataset(await setOverlap(dataset.id, overlapOf(value)));
    } catch (err) {
      setError(t("wb.overlap.failed", { reason: errorText(err, t) }));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="wb-dataset-overlap">
      <label>
        {t("wb.overlap.label")}{" "}
        <select
          data-testid="dataset-overlap"
          value={pending ?? overlapValue(dataset.overlap)}
          disabled={pending !== null}
          aria-busy={pending !== null}
          aria-describedby="wb-overlap-hint"
          onChange={(e) => void save(e.target.value)}
        >
          {OVERLAP_CHOICES.map((value) => (
            <option key={value} value={value}>
              {value === "" ? t("wb.overlap.everyone") : countOf(Number(value), NOUNS.label, lang)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id="wb-overlap-hint">
        {t("wb.overlap.hint")}
      </p>
      {error && (
        <p className="error-text" role="alert" data-testid="dataset-overlap-error">
          {error}
        </p>
      )}
    </div>
  );
}
