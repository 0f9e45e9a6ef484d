// The corpus overview's charts as pure layouts: bars of counts, tone shares per source (most negative first),
// populism shares (most populist first), the months as columns and as stacked tone shares, and each source's
// months as sparklines ("since when?"). The components only draw what these return.
import type { Topic } from "../../../contract/annotation";
import type { AnnotationOverview, LabelCounts } from "../../../contract/corpusExplore";

export interface BarRow {
  label: string;
  value: number;
  /** Of the largest value shown, 0..1: the bar's width. */
  share: number;
}

/** The bars of the largest items, and what the rest add up to (said under the chart, not drawn on its scale). */
export interface CountBars {
  rows: BarRow[];
  /** The items beyond the shown ones: how many, and their documents in all. */
  rest?: { items: number; documents: number };
}

/**
 * The `limit` largest items as bars scaled to the largest of them. The rest are summed apart: one bar for dozens of
 * small sources would dwarf the named ones (212 documents beside a largest source of 40).
 */
export function countBars(items: { value: string; count: number }[], limit = 12): CountBars {
  const shown = items.slice(0, limit);
  const max = Math.max(1, ...shown.map((i) => i.count));
  const rows: BarRow[] = shown.map((i) => ({ label: i.value, value: i.count, share: i.count / max }));
  if (items.length <= limit) return { rows };
  const documents = items.slice(limit).reduce((n, i) => n + i.count, 0);
  return { rows, rest: { items: items.length - limit, documents } };
}

export interface ToneShares {
  negativ: number;
  neutru: number;
  pozitiv: number;
  populism: number;
}

export function shares(counts: LabelCounts): ToneShares {
  const n = Math.max(1, counts.n);
  return {
    negativ: counts.negativ / n,
    neutru: counts.neutru / n,
    pozitiv: counts.pozitiv / n,
    populism: counts.populism / n,
  };
}

export interface SourceShares extends ToneShares {
  source: string;
  n: number;
}

/**
 * Sources with at least `minDocs` annotated documents, ranked by a share (negative tone or populism), ties by size:
 * "which sources are most negative, most populist?". Small sources are left out, since 2 of 3 is not a finding.
 */
export function rankSources(
  annotations: AnnotationOverview,
  by: "negativ" | "populism",
  minDocs: number,
  limit = 15,
): SourceShares[] {
  return annotations.bySource
    .filter((s) => s.n >= minDocs)
    .map((s) => ({ source: s.source, n: s.n, ...shares(s) }))
    .sort((a, b) => b[by] - a[by] || b.n - a.n)
    .slice(0, limit);
}

/** A sensible floor for "a source's share means something": 5 documents, fewer in a small corpus. */
export function defaultMinDocs(annotations: AnnotationOverview): number {
  return annotations.all.n >= 200 ? 5 : 1;
}

export interface Column {
  label: string;
  value: number;
  x: number;
  width: number;
  height: number;
}

/** Columns of values in a width × height box, the tallest reaching the top. */
export function columns(items: { label: string; value: number }[], width = 600, height = 140): Column[] {
  const max = Math.max(1, ...items.map((i) => i.value));
  const step = items.length > 0 ? width / items.length : width;
  return items.map((item, i) => ({
    label: item.label,
    value: item.value,
    x: i * step + step * 0.1,
    width: step * 0.8,
    height: (item.value / max) * height,
  }));
}

export interface StackedColumn {
  month: string;
  n: number;
  /** Bottom to top: negativ, neutru, pozitiv; heights as shares of the column (0..1). */
  parts: { tone: "negativ" | "neutru" | "pozitiv"; share: number }[];
  populism: number;
}

export function monthTones(byMonth: AnnotationOverview["byMonth"]): StackedColumn[] {
  return byMonth.map((m) => {
    const s = shares(m);
    return {
      month: m.month,
      n: m.n,
      parts: [
        { tone: "negativ", share: s.negativ },
        { tone: "neutru", share: s.neutru },
        { tone: "pozitiv", share: s.pozitiv },
      ],
      populism: s.populism,
    };
  });
}

/** An SVG path through values in 0..1 over `months` (missing months are gaps), in a width × height box. */
export function sparkline(
  points: { month: string; value: number | null }[],
  width = 160,
  height = 32,
): string {
  if (points.length === 0) return "";
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  let path = "";
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    const x = Math.round(i * step * 10) / 10;
    const y = Math.round((height - p.value * height) * 10) / 10;
    path += `${pen ? "L" : "M"}${x} ${y}`;
    pen = true;
  });
  return path;
}

export interface SinceRow {
  source: string;
  n: number;
  negativ: { month: string; value: number | null }[];
  populism: { month: string; value: number | null }[];
  /** The first month from which the source stays above the corpus's negative share (null: never). */
  negativeSince: string | null;
}

const WINDOWS = [1, 3, 6, 12];

/**
 * Months a share is taken over: the shortest window in which the drawn sources have, on average, `minDocs`
 * documents (a month of a large corpus; half a year of a small one, where a month holds one or two comments).
 */
export function shareWindow(annotations: AnnotationOverview, minDocs = 5): number {
  const months = Math.max(1, annotations.byMonth.length);
  const rows = annotations.sourceMonths;
  const documents = rows.reduce((sum, row) => sum + row.months.reduce((n, m) => n + m.n, 0), 0);
  const perMonth = documents / Math.max(1, rows.length * months);
  return WINDOWS.find((w) => perMonth * w >= minDocs) ?? WINDOWS.at(-1)!;
}

/**
 * Each large source's negative and populist shares over the corpus's months, each month's share taken over the
 * `window` months up to it (shareWindow), and since when the source has been more negative than the corpus as a
 * whole (every point from then on). A point with fewer than `minDocs` documents in its window is a gap.
 */
export function sinceWhen(annotations: AnnotationOverview, window = 1, minDocs = 3): SinceRow[] {
  const months = annotations.byMonth.map((m) => m.month);
  const overall = shares(annotations.all).negativ;
  return annotations.sourceMonths.map(({ source, months: own }) => {
    const byMonth = new Map(own.map((m) => [m.month, m]));
    const value = (at: number, field: "negativ" | "populism") => {
      let n = 0;
      let hits = 0;
      for (let i = Math.max(0, at - window + 1); i <= at; i++) {
        const m = byMonth.get(months[i]!);
        n += m?.n ?? 0;
        hits += m?.[field] ?? 0;
      }
      return n >= minDocs ? hits / n : null;
    };
    const negativ = months.map((month, i) => ({ month, value: value(i, "negativ") }));
    let negativeSince: string | null = null;
    for (const point of negativ) {
      if (point.value === null) continue;
      if (point.value > overall) negativeSince ??= point.month;
      else negativeSince = null;
    }
    return {
      source,
      n: own.reduce((sum, m) => sum + m.n, 0),
      negativ,
      populism: months.map((month, i) => ({ month, value: value(i, "populism") })),
      negativeSince,
    };
  });
}

export interface TopicMatrix {
  topics: Topic[];
  rows: { source: string; n: number; cells: number[] }[];
}

/** Topic shares per source for the largest sources, the topics ordered by how often they occur overall. */
export function topicMatrix(annotations: AnnotationOverview, sources = 10, topics = 8): TopicMatrix {
  const overall = Object.entries(annotations.all.topics) as [Topic, number][];
  const chosen = overall
    .sort((a, b) => b[1] - a[1])
    .slice(0, topics)
    .map(([topic]) => topic);
  return {
    topics: chosen,
    rows: annotations.bySource.slice(0, sources).map((s) => ({
      source: s.source,
      n: s.n,
      cells: chosen.map((topic) => (s.n > 0 ? (s.topics[topic] ?? 0) / s.n : 0)),
    })),
  };
}

/** "38%" from a share. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
