// The corpus overview's charts, drawn from the pure layouts of state/corpusCharts.ts: horizontal bars (HTML, so
// labels never stretch), columns by month (SVG), tone shares per source, tone over time, "since when" sparklines
// and a topic heatmap. Every chart is a <figure> with a caption; the numbers are in its titles and labels.
import type { ReactNode } from "react";
import { formatCount } from "../../format";
import { topicLabel } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS, type Noun } from "../../plural";
import {
  columns,
  percent,
  sparkline,
  type CountBars,
  type SinceRow,
  type SourceShares,
  type StackedColumn,
  type TopicMatrix,
} from "../../state/corpusCharts";
import { formatMonth } from "./format";
import { ScrollRegion } from "../ScrollRegion";

export function ChartFigure({ title, kind, children }: { title: string; kind: string; children: ReactNode }) {
  return (
    <figure className="compare-chart corpus-chart" data-testid="corpus-chart" data-kind={kind}>
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}

/** Horizontal bars, and under them a line for the items left out (their own count, not a bar on the same scale). */
export function HBars({ bars, restNoun }: { bars: CountBars; restNoun: Noun }) {
  const { t, lang } = useI18n();
  return (
    <>
      <ul className="corpus-hbars">
        {bars.rows.map((row) => (
          <li key={row.label} title={`${row.label}: ${formatCount(row.value, lang)}`}>
            <span className="corpus-hbar-label">{row.label}</span>
            <span className="corpus-hbar-track">
              <span className="corpus-hbar-fill" style={{ width: `${Math.max(1, row.share * 100)}%` }} />
            </span>
            <span className="corpus-hbar-value">{formatCount(row.value, lang)}</span>
          </li>
        ))}
      </ul>
      {bars.rest && (
        <p className="hint corpus-hbar-rest" data-testid="corpus-chart-rest">
          {t("corpus.chart.rest", {
            items: countOf(bars.rest.items, restNoun, lang),
            documents: countOf(bars.rest.documents, NOUNS.document, lang),
          })}
        </p>
      )}
    </>
  );
}

/** The drawing of a columns chart, stretched to its box, named for a screen reader. */
function ColumnsSvg({
  label,
  width,
  height,
  children,
}: {
  label: string;
  width: number;
  height: number;
  children: ReactNode;
}) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      className="chart-svg"
      role="img"
      aria-label={label}
    >
      {children}
    </svg>
  );
}

/** Columns with labels under them (months, length buckets); long series label every nth column. */
export function Columns({ label, items }: { label: string; items: { label: string; value: number }[] }) {
  const { lang } = useI18n();
  const width = 600;
  const height = 140;
  const layout = columns(items, width, height);
  const every = Math.max(1, Math.ceil(items.length / 6));
  return (
    <div className="corpus-columns">
      <ColumnsSvg label={label} width={width} height={height}>
        {layout.map((c) => (
          <rect
            key={c.label}
            className="chart-bar series-0"
            x={c.x}
            y={height - c.height}
            width={c.width}
            height={c.height}
          >
            <title>{`${c.label}: ${formatCount(c.value, lang)}`}</title>
          </rect>
        ))}
      </ColumnsSvg>
      <div className="corpus-column-labels">
        {layout.map((c, i) => (
          <span key={c.label}>{i % every === 0 ? c.label : ""}</span>
        ))}
      </div>
    </div>
  );
}

/** Per source, a bar split into negative, neutral and positive shares, and the populist share beside it. */
export function ToneBySource({
  rows,
  highlight,
}: {
  rows: SourceShares[];
  highlight: "negativ" | "populism";
}) {
  const { t, lang } = useI18n();
  return (
    <ul className="corpus-tone-rows">
      {rows.map((row) => (
        <li key={row.source} data-source={row.source}>
          <span className="corpus-hbar-label" title={row.source}>
            {row.source}
          </span>
          {highlight === "negativ" ? (
            <span
              className="corpus-stack"
              title={`${percent(row.negativ)} / ${percent(row.neutru)} / ${percent(row.pozitiv)}`}
            >
              <span className="tone-negativ-fill" style={{ width: `${row.negativ * 100}%` }} />
              <span className="tone-neutru-fill" style={{ width: `${row.neutru * 100}%` }} />
              <span className="tone-pozitiv-fill" style={{ width: `${row.pozitiv * 100}%` }} />
            </span>
          ) : (
            <span className="corpus-hbar-track">
              <span className="populist-fill" style={{ width: `${Math.max(1, row.populism * 100)}%` }} />
            </span>
          )}
          <span className="corpus-hbar-value">
            {t("corpus.overview.share", {
              percent: Math.round((highlight === "negativ" ? row.negativ : row.populism) * 100),
              n: formatCount(row.n, lang),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ToneLegend() {
  const { t } = useI18n();
  return (
    <div className="chart-legend corpus-legend">
      <span>
        <span className="legend-swatch tone-negativ-fill" /> {t("corpus.overview.negative")}
      </span>
      <span>
        <span className="legend-swatch tone-neutru-fill" /> {t("corpus.overview.neutral")}
      </span>
      <span>
        <span className="legend-swatch tone-pozitiv-fill" /> {t("corpus.overview.positive")}
      </span>
      <span>
        <span className="legend-swatch populist-fill" /> {t("corpus.overview.populist")}
      </span>
    </div>
  );
}

/** Stacked tone shares per month, and the populist share as a line over them. */
export function MonthTones({ label, months }: { label: string; months: StackedColumn[] }) {
  const { lang } = useI18n();
  const width = 600;
  const height = 140;
  const step = months.length > 0 ? width / months.length : width;
  const line = months
    .map(
      (m, i) =>
        `${i === 0 ? "M" : "L"}${Math.round((i + 0.5) * step)} ${Math.round(height - m.populism * height)}`,
    )
    .join("");
  const every = Math.max(1, Math.ceil(months.length / 6));
  return (
    <div className="corpus-columns">
      <ColumnsSvg label={label} width={width} height={height}>
        {months.map((m, i) => {
          let y = height;
          return (
            <g key={m.month}>
              <title>{`${formatMonth(m.month, lang)}: n ${m.n}, ${m.parts.map((p) => `${p.tone} ${percent(p.share)}`).join(", ")}, populism ${percent(m.populism)}`}</title>
              {m.parts.map((p) => {
                const h = p.share * height;
                y -= h;
                return (
                  <rect
                    key={p.tone}
                    className={`tone-${p.tone}-fill`}
                    x={i * step + step * 0.1}
                    y={y}
                    width={step * 0.8}
                    height={h}
                  />
                );
              })}
            </g>
          );
        })}
        {months.length > 1 && <path d={line} className="corpus-populism-line" />}
      </ColumnsSvg>
      <div className="corpus-column-labels">
        {months.map((m, i) => (
          <span key={m.month}>{i % every === 0 ? formatMonth(m.month, lang) : ""}</span>
        ))}
      </div>
    </div>
  );
}

export function SinceTable({ rows, months }: { rows: SinceRow[]; months: string[] }) {
  const { t, lang } = useI18n();
  const first = months[0];
  const last = months.at(-1);
  return (
    <ScrollRegion label={t("corpus.overview.since")}>
      <table className="corpus-since">
        <thead>
          <tr>
            <th scope="col">{t("corpus.doc.source")}</th>
            <th scope="col">
              {t("corpus.overview.negative")}{" "}
              {first && last ? `(${formatMonth(first, lang)} – ${formatMonth(last, lang)})` : ""}
            </th>
            <th scope="col">{t("corpus.overview.populist")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.source}>
              <th scope="row" title={row.source}>
                {row.source} <span className="muted">({formatCount(row.n, lang)})</span>
              </th>
              <td>
                <svg viewBox="0 0 160 32" className="corpus-spark" role="img" aria-label={row.source}>
                  <path d={sparkline(row.negativ)} className="corpus-spark-negativ" />
                </svg>
                {row.negativeSince && <span className="hint"> ↑ {formatMonth(row.negativeSince, lang)}</span>}
              </td>
              <td>
                <svg viewBox="0 0 160 32" className="corpus-spark" role="img" aria-label={row.source}>
                  <path d={sparkline(row.populism)} className="corpus-spark-populism" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function TopicHeat({ matrix }: { matrix: TopicMatrix }) {
  const { t, lang } = useI18n();
  return (
    <ScrollRegion label={t("corpus.overview.topics")} className="heatmap-scroll">
      <table className="heatmap corpus-topics">
        <thead>
          <tr>
            <td />
            {matrix.topics.map((topic) => (
              <th key={topic} scope="col">
                {topicLabel(lang, topic)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.source}>
              <th scope="row" title={row.source}>
                {row.source}
              </th>
              {row.cells.map((share, i) => (
                <td
                  key={matrix.topics[i]}
                  style={{
                    background: `color-mix(in srgb, var(--accent) ${Math.round(share * 100)}%, transparent)`,
                  }}
                >
                  {percent(share)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
