// The "Rezultate" view: filters (a label, models disagree, runs disagree, low confidence, failed, not yet
// reviewed, a text search), sorting, the virtualised table, and the whole row in a side panel on demand.
import { memo, useCallback, useEffect, useMemo, useState } from "react";
import {
  RESULT_FILTERS,
  REVIEW_FIELDS,
  type ReviewField,
  type RunSummary,
} from "../../../../contract/workbench";
import { formatDecimal } from "../../format";
import { useI18n } from "../../i18nContext";
import {
  defaultFilters,
  labelOptions,
  toggleFlag,
  type ResultSort,
  type ResultsFilters,
} from "../../state/resultsWindow";
import { ItemPanel } from "./ItemPanel";
import { fieldName, labelText } from "../../labelWords";
import { ResultsTable } from "./ResultsTable";
import { useResultsWindow } from "./useResultsWindow";

const SEARCH_DELAY_MS = 300;

// Memoised: the table's scroll position lives beside it and changes every frame.
/** Filters on what the models said of a row: withheld, with their labels, from a member held to blind review. */
const MODEL_SIGNAL_FILTERS: readonly string[] = [
  "models_disagree",
  "runs_disagree",
  "low_confidence",
  "human_model_disagree",
];
/** Filters on disagreement, which the field select narrows to one field. */
const DISAGREEMENT_FILTERS: readonly string[] = ["models_disagree", "runs_disagree", "human_model_disagree"];

const FilterBar = memo(function FilterBar({
  run,
  filters,
  onChange,
  blindByOwner,
}: {
  run: RunSummary;
  filters: ResultsFilters;
  onChange: (f: ResultsFilters) => void;
  /** No filter on the models' labels: it would tell them row by row (the server refuses it). */
  blindByOwner: boolean;
}) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState(filters.q);
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q, filters, onChange]);

  return (
    <div className="wb-filters" data-testid="results-filters">
      {!blindByOwner && (
        <label className="field">
          <span>{t("wb.filter.label")}</span>
          <select
            data-testid="results-label"
            value={filters.label}
            onChange={(e) => onChange({ ...filters, label: e.target.value })}
          >
            <option value="">{t("wb.filter.anyLabel")}</option>
            {REVIEW_FIELDS.map((field) => (
              <optgroup key={field} label={fieldName(field, t)}>
                {labelOptions()
                  .filter((o) => o.field === field)
                  .map((o) => (
                    <option key={o.value} value={o.value}>
                      {fieldName(field, t)}: {labelText(field, o.label, t, lang)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {!blindByOwner && filters.label && run.models.length > 1 && (
        <label className="field">
          <span>{t("wb.filter.byModel")}</span>
          <select
            value={filters.labelModel}
            onChange={(e) => onChange({ ...filters, labelModel: e.target.value })}
          >
            <option value="">{t("wb.filter.anyModel")}</option>
            {run.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="wb-toggles" role="group" aria-label={t("wb.filter.flags")}>
        {RESULT_FILTERS.filter((flag) => !blindByOwner || !MODEL_SIGNAL_FILTERS.includes(flag)).map(
          (flag) => (
            <label key={flag} className={`facet-chip${filters.flags.includes(flag) ? " on" : ""}`}>
              <input
                type="checkbox"
                data-testid="results-filter"
                data-filter={flag}
                checked={filters.flags.includes(flag)}
                onChange={() => onChange(toggleFlag(filters, flag))}
              />
              {t(`wb.filter.${flag}`)}
            </label>
          ),
        )}
      </div>
      {filters.flags.some((f) => DISAGREEMENT_FILTERS.includes(f)) && (
        <label className="field">
          <span>{t("wb.filter.field")}</span>
          <select
            value={filters.field}
            onChange={(e) => onChange({ ...filters, field: e.target.value as ReviewField | "" })}
          >
            <option value="">{t("wb.filter.anyField")}</option>
            {REVIEW_FIELDS.map((f) => (
              <option key={f} value={f}>
                {fieldName(f, t)}
              </option>
            ))}
          </select>
        </label>
      )}
      {filters.flags.includes("low_confidence") && (
        <label className="field">
          <span>{t("wb.filter.minConfidence", { v: formatDecimal(filters.minConfidence, lang, 2) })}</span>
          <input
            type="range"
            min={0.05}
            max={0.95}
            step={0.05}
            value={filters.minConfidence}
            onChange={(e) => onChange({ ...filters, minConfidence: Number(e.target.value) })}
          />
        </label>
      )}
      <label className="field">
        <span>{t("wb.filter.search")}</span>
        <input type="search" data-testid="results-search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label className="field">
        <span>{t("wb.filter.sort")}</span>
        <select
          data-testid="results-sort"
          value={`${filters.sort}:${filters.order}`}
          onChange={(e) => {
            const [sort, order] = e.target.value.split(":") as [ResultSort, "asc" | "desc"];
            onChange({ ...filters, sort, order });
          }}
        >
          <option value="idx:asc">{t("wb.sort.idx")}</option>
          {!blindByOwner && (
            <>
              <option value="priority:desc">{t("wb.sort.priority")}</option>
              <option value="confidence:asc">{t("wb.sort.confidenceAsc")}</option>
              <option value="confidence:desc">{t("wb.sort.confidenceDesc")}</option>
            </>
          )}
        </select>
      </label>
      {JSON.stringify(filters) !== JSON.stringify(defaultFilters) && (
        <button
          type="button"
          className="ghost-button small"
          onClick={() => {
            setQ("");
            onChange(defaultFilters);
          }}
        >
          {t("filters.clear")}
        </button>
      )}
    </div>
  );
});

export function ResultsView({
  run,
  annotator,
  freshness,
  blindByOwner = false,
}: {
  run: RunSummary;
  annotator: string;
  /** The owner chose blind review for this viewer: the server withholds what they have not labelled. */
  blindByOwner?: boolean;
  /** Changes when new outcomes or labels exist, so the rows on screen are read again. */
  freshness: string;
}) {
  const [filters, setFilters] = useState<ResultsFilters>(defaultFilters);
  const [range, setRange] = useState({ start: 0, end: 0 });
  const [open, setOpen] = useState<number>();
  // The table shows everything; only the review screen is blind (unless the owner chose blind review: then the
  // server withholds the rows this person has not labelled here too).
  const reviewer = useMemo(() => ({ annotator: annotator || undefined }), [annotator]);
  const win = useResultsWindow(run.id, filters, reviewer, range, freshness);
  const onRange = useCallback((r: { start: number; end: number }) => {
    setRange((prev) => (prev.start === r.start && prev.end === r.end ? prev : r));
  }, []);
  const closePanel = useCallback(() => setOpen(undefined), []);

  return (
    <div className={`wb-results${open !== undefined ? " with-item" : ""}`}>
      <FilterBar run={run} filters={filters} onChange={setFilters} blindByOwner={blindByOwner} />
      {win.error && (
        <p className="error-text" role="alert">
          {win.error}
        </p>
      )}
      <div className="wb-results-body">
        <ResultsTable
          window={win}
          models={run.models}
          filters={filters}
          onFilters={setFilters}
          onRange={onRange}
          onOpen={setOpen}
        />
        {open !== undefined && (
          <ItemPanel runId={run.id} idx={open} annotator={annotator} onClose={closePanel} />
        )}
      </div>
    </div>
  );
}
