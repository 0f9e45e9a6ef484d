// The agreement report as the page shows it: coders by name, κ for every pair grouped human–human, human–model,
// model–model and run–run with a forest plot's positions, α, scores against the reference, confusion matrices as
// heatmap cells, label distributions as bars, run-to-run stability, and the verdict in the UI's language.
// No React, no fetch.
import { MIN_AGREEMENT_ROWS, REVIEW_FIELD_VALUES } from "../../../contract/workbench";
import type {
  AgreementReport,
  Coder,
  CoderKind,
  Estimate,
  FieldAgreement,
  PairAgreement,
  PairKind,
  ReviewField,
} from "../../../contract/workbench";
import { formatInterval, formatSigned } from "../../../contract/numbers";
import type { BarGroup } from "./compare";

export const PAIR_KINDS: readonly PairKind[] = ["human-human", "human-model", "model-model", "run-run"];

export function coderIndex(report: Pick<AgreementReport, "coders">): Map<string, Coder> {
  return new Map(report.coders.map((c) => [c.key, c]));
}

/**
 * A coder as the page names it: its name, with the run for a model's repeat ("offline:lexicon · rularea 2"), the
 * gold and adjudicated labels by the words `referenceLabel` gives (in the UI's language; their ids without it).
 * A member's classmates, folded into one coder under blind review, by `peersLabel` ("colegii (3)"; "peers" without it).
 * A key the report's coder list lacks is read as `[model:]<id>#<repeat>`, else shown as it is.
 */
export function coderLabel(
  coders: Map<string, Coder>,
  key: string,
  repeatLabel: (name: string, repeat: number) => string,
  referenceLabel?: (kind: "gold" | "adjudicated") => string,
  peersLabel?: (people: number) => string,
): string {
  const coder = coders.get(key);
  if (coder?.peers !== undefined && peersLabel) return peersLabel(coder.peers);
  if (coder && referenceLabel && (coder.kind === "gold" || coder.kind === "adjudicated"))
    return referenceLabel(coder.kind);
  if (coder) return coder.repeat !== undefined ? repeatLabel(coder.name, coder.repeat) : coder.name;
  const m = /^(?:model:)?(.+)#(\d+)$/.exec(key);
  return m ? repeatLabel(m[1]!, Number(m[2])) : key.replace(/^(?:model|human):/, "");
}

export function coderKind(coders: Map<string, Coder>, key: string): CoderKind | undefined {
  return coders.get(key)?.kind;
}

export function fieldReport(report: AgreementReport, field: ReviewField): FieldAgreement | undefined {
  return report.fields.find((f) => f.field === field);
}

/** Pairs of a field in the order the page lists them: by kind, then by κ, best first. */
export function pairsByKind(field: FieldAgreement): { kind: PairKind; pairs: PairAgreement[] }[] {
  return PAIR_KINDS.map((kind) => ({
    kind,
    pairs: field.pairs
      .filter((p) => p.kind === kind)
      .sort((a, b) => (b.kappa.value ?? -2) - (a.kappa.value ?? -2) || a.a.localeCompare(b.a)),
  })).filter((g) => g.pairs.length > 0);
}

/** Landis & Koch's (1977) words for κ, the ones social scientists read agreement by. */
export type KappaBand = "poor" | "slight" | "fair" | "moderate" | "substantial" | "almostPerfect";

export function kappaBand(kappa: number): KappaBand {
  if (kappa < 0) return "poor";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almostPerfect";
}

export interface ForestScale {
  min: number;
  max: number;
  /** Position of a value in 0..100 (percent of the plot's width). */
  x(value: number): number;
  ticks: number[];
}

/** A scale from a little below the lowest interval (in steps of 0.2; κ and α can be negative) to 1, labelled every 0.5. */
export function forestScale(estimates: readonly Estimate[]): ForestScale {
  const lows = estimates.flatMap((e) => [e.low, e.value]).filter((v): v is number => v !== null);
  const min = Math.max(-1, Math.min(0, Math.floor(Math.round(Math.min(0, ...lows) * 1000) / 200) * 0.2));
  const max = 1;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / 0.5) * 0.5; t <= max + 1e-9; t += 0.5) ticks.push(Math.round(t * 10) / 10 + 0); // + 0: no "-0" label
  const x = (value: number) => ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * 100;
  return { min: Math.round(min * 10) / 10, max, x, ticks };
}

// ---- Confusion matrices ----

export interface HeatCell {
  count: number;
  /** Share of the row (what b said when a said this), 0..1; 0 for an empty row. */
  rowShare: number;
  diagonal: boolean;
}

export interface Heatmap {
  labels: string[];
  rows: { label: string; total: number; cells: HeatCell[] }[];
  total: number;
  /** Share of rows on the diagonal: the observed agreement. */
  agreement: number;
}

export function confusionHeatmap(pair: Pick<PairAgreement, "confusion">): Heatmap {
  const { labels, counts } = pair.confusion;
  let total = 0;
  let diagonal = 0;
  const rows = labels.map((label, i) => {
    const row = counts[i] ?? [];
    const rowTotal = row.reduce((a, b) => a + b, 0);
    total += rowTotal;
    diagonal += row[i] ?? 0;
    return {
      label,
      total: rowTotal,
      cells: labels.map((_, j) => ({
        count: row[j] ?? 0,
        rowShare: rowTotal > 0 ? (row[j] ?? 0) / rowTotal : 0,
        diagonal: i === j,
      })),
    };
  });
  return { labels, rows, total, agreement: total > 0 ? diagonal / total : 0 };
}

export type HeatmapGroup = "model-model" | "model-reference" | "people";

/** The confusion views, in the order the page offers them. */
export const HEATMAP_GROUPS: readonly HeatmapGroup[] = ["model-model", "model-reference", "people"];

/** A confusion matrix to draw: the pair's coders (rows `a`, columns `b`) and its counts. */
export type HeatmapPair = Pick<PairAgreement, "a" | "b" | "confusion">;

/**
 * Pairs for a group of heatmaps, found by the coders' kinds: model × model; models against people (from the pairs)
 * and against the field's reference, gold or adjudicated (from `vsReference`, rows the reference's labels); or people
 * against each other (the view wanted when κ between people is 0) and each person against the reference.
 */
export function heatmapPairs(
  field: FieldAgreement,
  coders: Map<string, Coder>,
  group: HeatmapGroup,
): HeatmapPair[] {
  const isModel = (key: string) => coderKind(coders, key) === "model";
  const isHuman = (key: string) => coderKind(coders, key) === "human";
  const isReference = (key: string) => {
    const kind = coderKind(coders, key);
    return kind === "human" || kind === "gold" || kind === "adjudicated";
  };
  if (group === "model-model") return field.pairs.filter((p) => p.kind === "model-model");
  const reference = field.reference;
  const againstReference = (who: (key: string) => boolean): HeatmapPair[] =>
    reference
      ? field.vsReference
          .filter((s) => who(s.coder) && s.confusion && s.confusion.counts.flat().some((c) => c > 0))
          .map((s) => ({ a: reference, b: s.coder, confusion: s.confusion! }))
      : [];
  if (group === "people") {
    const peoplePairs = field.pairs.filter((p) => p.kind === "human-human" && isHuman(p.a) && isHuman(p.b));
    return [...peoplePairs, ...againstReference(isHuman)];
  }
  const withPeople: HeatmapPair[] = field.pairs.filter(
    (p) => p.kind !== "run-run" && ((isModel(p.a) && isReference(p.b)) || (isReference(p.a) && isModel(p.b))),
  );
  return [...againstReference(isModel), ...withPeople];
}

/**
 * The confusion view shown before the reader picks one: models against people, gold or adjudication when the run
 * has any (what a run is checked against), else models against each other.
 */
export function defaultHeatmapGroup(field: FieldAgreement, coders: Map<string, Coder>): HeatmapGroup {
  return heatmapPairs(field, coders, "model-reference").length > 0 ? "model-reference" : "model-model";
}

// ---- Distributions and stability ----

/**
 * A field's labels in the schema's order (REVIEW_FIELD_VALUES: pozitiv, negativ, neutru for the tone), the order of the
 * review's keys and of the confusion matrices; labels the schema lacks follow, as they came. The distribution charts
 * drew them in the order the coders' counts happened to list them.
 */
export function inSchemaOrder(field: ReviewField, labels: readonly string[]): string[] {
  const order = REVIEW_FIELD_VALUES[field];
  const rank = (label: string) => {
    const i = order.indexOf(label);
    return i === -1 ? order.length : i;
  };
  return labels
    .map((label, i) => ({ label, i }))
    .sort((x, y) => rank(x.label) - rank(y.label) || x.i - y.i)
    .map((x) => x.label);
}

/** Label shares per coder of the kinds asked for, as grouped bars: one group a label, one bar a coder. */
export function distributionBars(
  field: FieldAgreement,
  coders: Map<string, Coder>,
  kinds: readonly CoderKind[] = ["model"],
  /** The page's name for a coder (gold and adjudication in the UI's language); the coder's own name without it. */
  nameOf: (key: string) => string = (key) => coders.get(key)?.name ?? key,
): { groups: BarGroup[]; series: string[] } {
  // One bar per coder name: a model's first repeat stands for it (later repeats are the stability chart's).
  const byName = new Map<string, string>();
  for (const k of Object.keys(field.distribution)) {
    const coder = coders.get(k);
    if (!coder || !kinds.includes(coder.kind) || (coder.repeat ?? 1) > 1) continue;
    if (!byName.has(coder.name) || coder.repeat === undefined) byName.set(coder.name, k);
  }
  const keys = [...byName.values()];
  const labels = inSchemaOrder(field.field, [
    ...new Set(keys.flatMap((k) => Object.keys(field.distribution[k] ?? {}))),
  ]);
  const totals = new Map(
    keys.map((k) => [k, Object.values(field.distribution[k] ?? {}).reduce((a, b) => a + b, 0)]),
  );
  const series = keys.map(nameOf);
  const groups = labels.map((label) => ({
    label,
    values: keys.map((k, i) => {
      const total = totals.get(k) ?? 0;
      return { series: series[i]!, value: total > 0 ? (field.distribution[k]?.[label] ?? 0) / total : null };
    }),
  }));
  return { groups, series };
}

export interface StabilityRow {
  model: string;
  alpha: Estimate & { coders: number; units: number };
  /** Mean κ over the model's pairs of repeats, null without repeats. */
  meanKappa: number | null;
}

/** Run-to-run stability per model: α across its repeats and the mean κ of its run–run pairs. */
export function stabilityRows(field: FieldAgreement, coders: Map<string, Coder>): StabilityRow[] {
  return Object.entries(field.alphaRuns).map(([model, alpha]) => {
    const kappas = field.pairs
      .filter(
        (p) => p.kind === "run-run" && coders.get(p.a)?.name === model && coders.get(p.b)?.name === model,
      )
      .map((p) => p.kappa.value)
      .filter((v): v is number => v !== null);
    return {
      model,
      alpha,
      meanKappa: kappas.length ? kappas.reduce((a, b) => a + b, 0) / kappas.length : null,
    };
  });
}

/** "0,71 [0,64; 0,78]" (ro) or "0.71 [0.64, 0.78]" (en), a true minus where negative; "—" where undefined. */
export function formatEstimate(e: Estimate, lang: "ro" | "en", digits = 2): string {
  if (e.value === null) return "—";
  const value = formatSigned(e.value, lang, digits);
  if (e.low === null || e.high === null) return value;
  return `${value} ${formatInterval(e.low, e.high, lang, digits)}`;
}

/** Rows below which κ, α, accuracy and F1 are not shown (the contract's, so the verdict counts the same rows). */
export { MIN_AGREEMENT_ROWS };

/** True when a figure rests on too few rows to be shown (n unknown: shown). */
export function tooFewRows(n: number | undefined): boolean {
  return n !== undefined && n < MIN_AGREEMENT_ROWS;
}

/** Whether the report has anything a person labelled; without it, only model–model and run–run figures. */
export function hasHumanLabels(report: AgreementReport): boolean {
  return report.coders.some((c) => c.kind === "human");
}

/**
 * The language the methods paragraph is shown in: the UI's, unless the reader picked the other one while the UI was
 * in its current language (a pick made under the other UI language no longer holds).
 */
export function methodsLanguage(
  ui: "ro" | "en",
  picked?: { lang: "ro" | "en"; under: "ro" | "en" },
): "ro" | "en" {
  return picked && picked.under === ui ? picked.lang : ui;
}
