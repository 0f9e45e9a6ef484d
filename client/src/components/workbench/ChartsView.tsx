// The "Grafice" view, per review field: the label distribution of each model (and of the people, gold), the
// confusion heatmaps model × model and model × person/gold/adjudicated, and run-to-run stability.
import { useState } from "react";
import { REVIEW_FIELDS, type Coder, type ReviewField, type RunSummary } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import {
  coderIndex,
  coderLabel,
  confusionHeatmap,
  HEATMAP_GROUPS,
  defaultHeatmapGroup,
  distributionBars,
  fieldReport,
  heatmapPairs,
  stabilityRows,
  type HeatmapGroup,
} from "../../state/agreementView";
import { DistributionChart, ForestPlot, HeatmapTable } from "./Charts";
import { fieldName, labelText } from "../../labelWords";
import { useAgreement } from "./useAgreement";

export function FieldTabs({ field, onField }: { field: ReviewField; onField: (f: ReviewField) => void }) {
  const { t } = useI18n();
  return (
    <div className="segmented wb-field-tabs" role="group" aria-label={t("wb.charts.field")}>
      {REVIEW_FIELDS.map((f) => (
        <button key={f} type="button" data-field={f} aria-pressed={f === field} onClick={() => onField(f)}>
          {fieldName(f, t)}
        </button>
      ))}
    </div>
  );
}

export function ChartsView({ run, freshness }: { run: RunSummary; freshness: string }) {
  const { t, lang } = useI18n();
  const [field, setField] = useState<ReviewField>("ton");
  // Until the reader picks one, defaultHeatmapGroup's.
  const [chosenGroup, setGroup] = useState<HeatmapGroup>();
  const [pairIndex, setPairIndex] = useState(0);
  // Charts need no intervals: no resampling, so they come quickly.
  const { report, error, loading } = useAgreement(run.id, "all", 0, freshness);
  const labelOf = (label: string) => labelText(field, label, t, lang);

  const fr = report ? fieldReport(report, field) : undefined;
  const coders = report ? coderIndex(report) : new Map<string, Coder>();
  const nameOf = (key: string) =>
    coderLabel(
      coders,
      key,
      (name, n) => t("wb.agreement.coderRepeat", { name, n }),
      (kind) => t(`wb.agreement.coder.${kind}`),
      (n) => t("wb.agreement.coder.peers", { n }),
    );
  const models = fr ? distributionBars(fr, coders, ["model"]) : undefined;
  const people = fr ? distributionBars(fr, coders, ["human", "gold", "adjudicated"], nameOf) : undefined;
  const group: HeatmapGroup = chosenGroup ?? (fr ? defaultHeatmapGroup(fr, coders) : "model-model");
  const pairs = fr ? heatmapPairs(fr, coders, group) : [];
  const pair = pairs[Math.min(pairIndex, pairs.length - 1)];
  const stability = fr ? stabilityRows(fr, coders) : [];

  return (
    <div className="wb-charts" data-testid="charts">
      <FieldTabs field={field} onField={setField} />
      {error && <p className="error-text">{error}</p>}
      {loading && !report && <p className="hint">{t("wb.results.loading")}</p>}
      {fr && models && people && (
        <div className="compare-charts">
          <DistributionChart
            title={t("wb.charts.distribution", { field: fieldName(field, t) })}
            groups={models.groups}
            series={models.series}
            labelOf={labelOf}
          />
          {people.series.length > 0 && (
            <DistributionChart
              title={t("wb.charts.distributionPeople", { field: fieldName(field, t) })}
              groups={people.groups}
              series={people.series}
              labelOf={labelOf}
            />
          )}
          <figure className="compare-chart" data-testid="wb-chart" data-kind="confusion">
            <figcaption>{t("wb.charts.confusion")}</figcaption>
            <div className="wb-row">
              <div className="segmented" role="group">
                {HEATMAP_GROUPS.map((g) => (
                  <button
                    key={g}
                    type="button"
                    aria-pressed={g === group}
                    onClick={() => {
                      setGroup(g);
                      setPairIndex(0);
                    }}
                  >
                    {t(`wb.charts.${g}`)}
                  </button>
                ))}
              </div>
              {pairs.length > 1 && (
                <select
                  value={Math.min(pairIndex, pairs.length - 1)}
                  onChange={(e) => setPairIndex(Number(e.target.value))}
                >
                  {pairs.map((p, i) => (
                    <option key={`${p.a}|${p.b}`} value={i}>
                      {nameOf(p.a)} × {nameOf(p.b)}
                    </option>
                  ))}
                </select>
              )}
            </div>
            {pair ? (
              <HeatmapTable
                map={confusionHeatmap(pair)}
                rowsTitle={nameOf(pair.a)}
                columnsTitle={nameOf(pair.b)}
                labelOf={labelOf}
              />
            ) : (
              <p className="hint">
                {t(
                  group === "model-model"
                    ? "wb.charts.needTwoModels"
                    : group === "people"
                      ? "wb.charts.needTwoPeople"
                      : "wb.charts.needReference",
                )}
              </p>
            )}
          </figure>
          <figure className="compare-chart" data-testid="wb-chart" data-kind="stability">
            <figcaption>{t("wb.charts.stability")}</figcaption>
            {run.repeats < 2 || stability.length === 0 ? (
              <p className="hint">{t("wb.charts.needRepeats")}</p>
            ) : (
              <ForestPlot
                rows={stability.map((s) => ({
                  key: s.model,
                  label: s.model,
                  estimate: s.alpha,
                  n: s.alpha.units,
                }))}
              />
            )}
          </figure>
        </div>
      )}
    </div>
  );
}
