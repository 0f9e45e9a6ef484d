// The page's charts as hand-written SVG: grouped bars (latency and time to first token p50/p95, JSON validity)
// and a heatmap of pass rates per criterion (with, for "Suita mea"'s prompt variants, one row per variant over all its
// cases). Labels stay HTML so they never stretch with the drawing.
import type { CaseView, CompareResults } from "../../../../contract/compare";
import { formatMs } from "../../format";
import type { MessageKey } from "../../i18n";
import { useI18n } from "../../i18nContext";
import {
  criterionHeatmap,
  distributionGroups,
  groupedBars,
  checksJson,
  jsonValidityGroups,
  type BarGroup,
} from "../../state/compare";
import { variantRows } from "../../state/compareVariants";
import { ScrollRegion } from "../ScrollRegion";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Grouped bars: a group a label (a model), a bar a series; the compare page's and the two comparisons' view's. */
export function BarChart({
  title,
  groups,
  max,
  format,
  kind,
}: {
  title: MessageKey;
  groups: BarGroup[];
  max?: number;
  format: (v: number) => string;
  kind: string;
}) {
  const { t } = useI18n();
  const layout = groupedBars(groups, { width: 600, height: 160, max });
  const series = [...new Set(groups.flatMap((g) => g.values.map((v) => v.series)))];
  const empty = groups.every((g) => g.values.every((v) => v.value === null));
  return (
    <figure className="compare-chart" data-testid="compare-chart" data-kind={kind}>
      <figcaption>{t(title)}</figcaption>
      {empty ? (
        <p className="hint">{t("compare.chart.noData")}</p>
      ) : (
        <>
          <div className="chart-body">
            <div className="chart-axis" aria-hidden="true">
              <span>{format(layout.max)}</span>
              <span>{format(layout.max / 2)}</span>
              <span>0</span>
            </div>
            <svg
              className="chart-svg"
              viewBox={`0 0 ${layout.width} ${layout.height}`}
              preserveAspectRatio="none"
              role="img"
              aria-label={t(title)}
            >
              {layout.ticks.map((tick) => (
                <line key={tick.y} className="chart-grid" x1="0" x2={layout.width} y1={tick.y} y2={tick.y} />
              ))}
              {layout.bars.map((b) => (
                <rect
                  key={`${b.group}-${b.series}`}
                  className={`chart-bar series-${b.seriesIndex}`}
                  x={b.x}
                  y={b.y}
                  width={b.width}
                  height={b.height}
                  data-model={b.group}
                  data-series={b.series}
                  data-value={b.value ?? ""}
                >
                  <title>{`${b.group} ${b.series}: ${b.value === null ? t("compare.na") : format(b.value)}`}</title>
                </rect>
              ))}
            </svg>
          </div>
          <div className="chart-labels">
            {layout.groups.map((g) => {
              const values = groups.find((x) => x.label === g.label)?.values ?? [];
              return (
                <div key={g.label} className="chart-label">
                  <code>{g.label}</code>
                  <span>
                    {values.map((v) => `${v.value === null ? t("compare.na") : format(v.value)}`).join(" / ")}
                  </span>
                </div>
              );
            })}
          </div>
          {series.length > 1 && (
            <div className="chart-legend">
              {series.map((s, i) => (
                <span key={s}>
                  <span className={`legend-swatch series-${i}`} aria-hidden="true" /> {s}
                </span>
              ))}
            </div>
          )}
        </>
      )}
    </figure>
  );
}

function HeatCell({ value }: { value: number | null }) {
  const { t } = useI18n();
  return (
    <td className={value === null ? "na" : undefined}>
      {value === null ? (
        t("compare.na")
      ) : (
        <span className="heat-cell">
          <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect className="echo-track" x="0" y="0" width="100" height="10" rx="2" />
            <rect className="heat-fill" x="0" y="0" width={value * 100} height="10" rx="2" />
          </svg>
          {percent(value)}
        </span>
      )}
    </td>
  );
}

function CriterionHeatmap({ results, cases }: { results: CompareResults; cases?: CaseView[] | null }) {
  const { t } = useI18n();
  const map = criterionHeatmap(results);
  const variants = variantRows(cases, map.models, map.criteria);
  return (
    <figure className="compare-chart" data-testid="compare-chart" data-kind="criteria">
      <figcaption>{t("compare.chart.criteria")}</figcaption>
      <ScrollRegion label={t("compare.chart.criteria")} className="heatmap-scroll">
        <table className="heatmap">
          <thead>
            <tr>
              <td />
              {map.models.map((m) => (
                <th key={m} scope="col">
                  <code>{m}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.criteria.map((c, ci) => (
              <tr key={c.id} data-criterion={c.id}>
                <th scope="row">{c.label}</th>
                {map.cells[ci]!.map((v, mi) => (
                  <HeatCell key={map.models[mi]} value={v} />
                ))}
              </tr>
            ))}
          </tbody>
          {variants.length > 0 && (
            <tbody className="heatmap-variants" data-testid="compare-variants">
              {variants.map((v) => (
                <tr key={v.letter} data-variant={v.letter}>
                  <th scope="row">{t("compare.chart.variant", { letter: v.letter.toUpperCase() })}</th>
                  {v.cells.map((value, mi) => (
                    <HeatCell key={map.models[mi]} value={value} />
                  ))}
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </ScrollRegion>
    </figure>
  );
}

/** `cases`: the run's cases, when loaded; a prompt-variant run adds a row per variant to the criteria's heatmap. */
export function CompareCharts({ results, cases }: { results: CompareResults; cases?: CaseView[] | null }) {
  const { lang } = useI18n();
  const ms = (v: number) => formatMs(v, lang);
  return (
    <div className="compare-charts">
      <BarChart
        kind="latency"
        title="compare.chart.latency"
        groups={distributionGroups(results, "latency")}
        format={ms}
      />
      <BarChart
        kind="ttft"
        title="compare.chart.ttft"
        groups={distributionGroups(results, "ttftMs")}
        format={ms}
      />
      {/* No case checked JSON: a chart of nothing would only say "no value to show". */}
      {checksJson(results) && (
        <BarChart
          kind="json"
          title="compare.chart.json"
          groups={jsonValidityGroups(results)}
          max={1}
          format={percent}
        />
      )}
      <CriterionHeatmap results={results} cases={cases} />
    </div>
  );
}
