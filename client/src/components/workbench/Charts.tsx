// The workbench's charts, drawn by hand like the compare page's (no chart package: a few bars, points with
// intervals and heatmap cells do not earn one's weight): label distributions as grouped bars, κ/α with their
// bootstrap intervals as a forest plot, and confusion matrices as heatmaps. Labels stay HTML, so they never
// stretch with the drawing.
import type { CSSProperties } from "react";
import type { Estimate } from "../../../../contract/workbench";
import { formatDecimal, formatInterval, formatSigned } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { forestScale, kappaBand, tooFewRows, type Heatmap } from "../../state/agreementView";
import { groupedBars, type BarGroup } from "../../state/compare";
import { ScrollRegion } from "../ScrollRegion";

const percent = (v: number) => `${Math.round(v * 100)}%`;

export function DistributionChart({
  title,
  groups,
  series,
  labelOf,
}: {
  title: string;
  groups: BarGroup[];
  series: string[];
  labelOf: (label: string) => string;
}) {
  const { t } = useI18n();
  const layout = groupedBars(groups, { width: 600, height: 160, max: 1 });
  if (groups.length === 0) {
    return (
      <figure className="compare-chart" data-testid="wb-chart" data-kind="distribution">
        <figcaption>{title}</figcaption>
        <p className="hint">{t("compare.chart.noData")}</p>
      </figure>
    );
  }
  return (
    <figure className="compare-chart" data-testid="wb-chart" data-kind="distribution">
      <figcaption>{title}</figcaption>
      <div className="chart-body">
        <div className="chart-axis" aria-hidden="true">
          <span>100%</span>
          <span>50%</span>
          <span>0</span>
        </div>
        <svg
          className="chart-svg"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={title}
        >
          {layout.ticks.map((tick) => (
            <line key={tick.y} className="chart-grid" x1="0" x2={layout.width} y1={tick.y} y2={tick.y} />
          ))}
          {layout.bars.map((b) => (
            <rect
              key={`${b.group}-${b.series}`}
              className={`chart-bar wb-series-${b.seriesIndex % 6}`}
              x={b.x}
              y={b.y}
              width={b.width}
              height={b.height}
              data-label={b.group}
              data-series={b.series}
              data-value={b.value ?? ""}
            >
              <title>{`${b.series} · ${labelOf(b.group)}: ${b.value === null ? t("compare.na") : percent(b.value)}`}</title>
            </rect>
          ))}
        </svg>
      </div>
      <div className="chart-labels">
        {layout.groups.map((g) => (
          <div key={g.label} className="chart-label">
            <span>{labelOf(g.label)}</span>
          </div>
        ))}
      </div>
      <div className="chart-legend">
        {series.map((s, i) => (
          <span key={s}>
            <span className={`legend-swatch wb-series-${i % 6}`} aria-hidden="true" /> <code>{s}</code>
          </span>
        ))}
      </div>
    </figure>
  );
}

export interface ForestRow {
  key: string;
  label: string;
  estimate: Estimate;
  n?: number;
  kind?: string;
}

/** Points with their 95% intervals on one scale (κ, α, accuracy, F1); the Landis–Koch band in the hover. */
export function ForestPlot({
  rows,
  testid,
  bands = true,
}: {
  rows: ForestRow[];
  testid?: string;
  bands?: boolean;
}) {
  const { t, lang } = useI18n();
  // A figure on too few rows is named, not drawn: it would not move the scale either.
  const scale = forestScale(rows.filter((r) => !tooFewRows(r.n)).map((r) => r.estimate));
  const f = (v: number) => formatSigned(v, lang, 2);
  return (
    <div className="wb-forest" data-testid={testid}>
      <div className="wb-forest-axis" aria-hidden="true">
        <span />
        <span className="wb-forest-track">
          {scale.ticks.map((tick) => (
            <span key={tick} className="wb-forest-tick" style={{ left: `${scale.x(tick)}%` }}>
              {formatDecimal(tick, lang, 1)}
            </span>
          ))}
        </span>
        <span />
      </div>
      {rows.map((r) => {
        if (tooFewRows(r.n)) {
          return (
            <div key={r.key} className="wb-forest-row" data-kind={r.kind} data-value="" data-too-few="true">
              <span className="wb-forest-label" title={r.label}>
                {r.label}
              </span>
              <span className="wb-forest-few hint">{t("wb.agreement.tooFew", { n: r.n ?? 0 })}</span>
            </div>
          );
        }
        const e = r.estimate;
        return (
          <div key={r.key} className="wb-forest-row" data-kind={r.kind} data-value={e.value ?? ""}>
            <span className="wb-forest-label" title={r.label}>
              {r.label}
            </span>
            <span className="wb-forest-track">
              <span className="wb-forest-zero" style={{ left: `${scale.x(0)}%` }} />
              {e.low !== null && e.high !== null && (
                <span
                  className="wb-forest-ci"
                  style={{ left: `${scale.x(e.low)}%`, width: `${scale.x(e.high) - scale.x(e.low)}%` }}
                />
              )}
              {e.value !== null && (
                <span
                  className="wb-forest-point"
                  style={{ left: `${scale.x(e.value)}%` }}
                  title={bands ? t(`wb.band.${kappaBand(e.value)}`) : undefined}
                />
              )}
            </span>
            <span className="wb-forest-value">
              {e.value === null ? "—" : f(e.value)}
              {e.low !== null && e.high !== null && (
                <span className="hint"> {formatInterval(e.low, e.high, lang)}</span>
              )}
              {r.n !== undefined && <span className="hint"> n={r.n}</span>}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** A confusion matrix: rows are a's labels, columns b's; the shade is the share of the row. */
export function HeatmapTable({
  map,
  rowsTitle,
  columnsTitle,
  labelOf,
}: {
  map: Heatmap;
  rowsTitle: string;
  columnsTitle: string;
  labelOf: (label: string) => string;
}) {
  const { t, lang } = useI18n();
  return (
    <ScrollRegion label={`${rowsTitle} × ${columnsTitle}`} className="heatmap-scroll">
      <table className="heatmap wb-heatmap" data-testid="wb-heatmap">
        <caption className="hint">
          {t("wb.charts.heatmapCaption", {
            rows: rowsTitle,
            columns: columnsTitle,
            agreement: percent(map.agreement),
            n: countOf(map.total, NOUNS.row, lang),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="wb-corner">
              ↓ {rowsTitle}
              <br />→ {columnsTitle}
            </th>
            {map.labels.map((l) => (
              <th key={l} scope="col">
                {labelOf(l)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">
                {labelOf(row.label)} <span className="hint">({row.total})</span>
              </th>
              {row.cells.map((c, j) => (
                <td
                  key={map.labels[j]}
                  className={`wb-heat${c.diagonal ? " diagonal" : ""}`}
                  style={{ "--share": c.rowShare } as CSSProperties}
                  title={`${labelOf(row.label)} → ${labelOf(map.labels[j]!)}: ${c.count} (${percent(c.rowShare)})`}
                >
                  {c.count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
