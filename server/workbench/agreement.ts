// Agreement for a run, per review field: Cohen's κ for every pair of coders (people, models, a model's repeats),
// Krippendorff's α for the people, for all coders and across each model's repeats, accuracy and macro-F1 against
// gold (or the adjudicated labels), each with a percentile bootstrap 95% interval over rows, and a verdict on whether
// each model reaches the agreement people reached among themselves, on the pairs with enough rows (verdict.ts has the
// rule), and the people's agreement on the words they marked as evidence (./evidenceAgreement.ts). Pure, apart from
// yielding between statistics.
import {
  MIN_AGREEMENT_ROWS,
  REVIEW_FIELDS,
  REVIEW_FIELD_VALUES,
  type AgreementReport,
  type Coder,
  type Estimate,
  type FieldAgreement,
  type ModelVerdict,
  type PairAgreement,
  type PairKind,
  type ReferenceScore,
  type ReviewField,
} from "../../contract/workbench";
import { agreement } from "../annotation/metrics";
import {
  AlphaUnits,
  kappaInterval,
  meanKappaInterval,
  referenceIntervals,
  type ResampleOptions,
} from "./bootstrap";
import type { AgreementData } from "./store";
import type { StatisticMemo } from "./agreementMemo";
import { withPeersTogether } from "./peerAgreement";
import { evidenceReport } from "./evidenceAgreement";
import type { CoderColumns, CoderStatistics, Column } from "./coderColumns";
import {
  reachesOf,
  summarySentences,
  verdictSentences,
  verdictStatus,
  type VerdictEvidence,
} from "./verdict";

export interface AgreementOptions {
  resamples: number;
  seed: number;
  /** Rows × resamples a statistic may cost; resamples shrink on large data sets (at least 200 remain). */
  budget?: number;
  /** Called between statistics so that a large computation leaves the event loop free. */
  slice?: () => Promise<void>;
  /** Statistics already computed from the same columns (by the process's earlier reports): reused, not redone. */
  memo?: StatisticMemo;
  /**
   * The member reading the report when the owner's blind review holds them: their classmates are then folded into one
   * coder (./peerAgreement.ts). Unset for everyone else.
   */
  viewer?: string;
}

export type { CoderColumns };

const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
const estimate = (value: number | null, ci: { low: number; high: number } | null): Estimate => ({
  value: round(value),
  low: round(ci?.low ?? null),
  high: round(ci?.high ?? null),
});

function hasAny(column: Column): boolean {
  return column.some((v) => v !== null);
}

/** The coders of a run's data: people, models (first repeat), further repeats, gold, adjudication. */
export function codersOf(data: AgreementData): {
  coders: CoderColumns[];
  repeats: Record<string, CoderColumns[]>;
} {
  const coders: CoderColumns[] = [];
  const repeats: Record<string, CoderColumns[]> = {};
  for (const [name, columns] of Object.entries(data.humans).sort(([a], [b]) => a.localeCompare(b))) {
    coders.push({ key: `human:${name}`, kind: "human", name, columns });
  }
  for (const [model, reps] of Object.entries(data.models)) {
    reps.forEach((columns, r) => {
      const coder: CoderColumns =
        r === 0
          ? { key: `model:${model}`, kind: "model", name: model, columns }
          : { key: `model:${model}#${r + 1}`, kind: "model", name: model, repeat: r + 1, columns };
      (repeats[model] ??= []).push(coder);
      if (r === 0) coders.push(coder);
    });
  }
  if (REVIEW_FIELDS.some((f) => hasAny(data.gold[f]))) {
    coders.push({ key: "gold", kind: "gold", name: "gold", columns: data.gold });
  }
  if (REVIEW_FIELDS.some((f) => hasAny(data.adjudicated[f]))) {
    coders.push({ key: "adjudicated", kind: "adjudicated", name: "adjudicated", columns: data.adjudicated });
  }
  return { coders, repeats };
}

/** Cohen's κ of two coders on the rows both labelled (positions into the columns). */
function kappaOn(a: Column, b: Column, rows: number[], order: readonly string[]): number | null {
  if (rows.length === 0) return null;
  return agreement(
    rows.map((i) => a[i]!),
    rows.map((i) => b[i]!),
    order,
  ).kappa;
}

function shared(a: Column, b: Column): number[] {
  const rows: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== null && b[i] !== null) rows.push(i);
  return rows;
}

function confusion(a: Column, b: Column, rows: number[], order: readonly string[]) {
  const labels = [...order];
  for (const i of rows) for (const v of [a[i]!, b[i]!]) if (!labels.includes(v)) labels.push(v);
  const counts = labels.map(() => labels.map(() => 0));
  for (const i of rows) counts[labels.indexOf(a[i]!)]![labels.indexOf(b[i]!)]!++;
  return { labels, counts };
}

function pairKind(a: CoderColumns, b: CoderColumns): PairKind {
  if (a.kind === "human" && b.kind === "human") return "human-human";
  if (a.kind === "model" && b.kind === "model") return a.name === b.name ? "run-run" : "model-model";
  return "human-model";
}

export class AgreementComputer implements CoderStatistics {
  private readonly budget: number;
  constructor(private readonly options: AgreementOptions) {
    this.budget = options.budget ?? 2_000_000;
  }

  private resamplesFor(n: number): number {
    if (this.options.resamples === 0 || n === 0) return 0;
    return Math.min(this.options.resamples, Math.max(200, Math.floor(this.budget / n)));
  }

  private async pause(): Promise<void> {
    await this.options.slice?.();
  }

  private resampling(n: number): ResampleOptions {
    return { resamples: this.resamplesFor(n), seed: this.options.seed, slice: this.options.slice };
  }

  /** A statistic from the memo when its inputs (named by `parts` and fingerprinted `columns`) were seen before. */
  private remembered<T>(parts: string[], columns: Column[], compute: () => Promise<T>): Promise<T> {
    const { memo, resamples, seed } = this.options;
    if (!memo) return compute();
    const key = [...parts, ...columns.map((c) => memo.of(c)), resamples, seed, this.budget].join("|");
    return memo.get(key, compute);
  }

  pair(a: CoderColumns, b: CoderColumns, field: ReviewField): Promise<PairAgreement> {
    return this.remembered(["pair", field, a.key, b.key], [a.columns[field], b.columns[field]], () =>
      this.computePair(a, b, field),
    );
  }

  alpha(coders: CoderColumns[], field: ReviewField): Promise<Estimate & { coders: number; units: number }> {
    const keys = coders.map((c) => c.key);
    return this.remembered(
      ["alpha", field, ...keys],
      coders.map((c) => c.columns[field]),
      () => this.computeAlpha(coders, field),
    );
  }

  vsReference(coder: CoderColumns, reference: Column, field: ReviewField): Promise<ReferenceScore> {
    return this.remembered(
      ["reference", field, coder.key, coder.kind],
      [coder.columns[field], reference],
      () => this.computeVsReference(coder, reference, field),
    );
  }

  meanKappa(pairs: [Column, Column][], field: ReviewField, n: number): Promise<Estimate> {
    return this.remembered(["meanKappa", field, String(n)], pairs.flat(), () =>
      this.computeMeanKappa(pairs, field, n),
    );
  }

  private async computePair(a: CoderColumns, b: CoderColumns, field: ReviewField): Promise<PairAgreement> {
    const order = REVIEW_FIELD_VALUES[field];
    const rows = shared(a.columns[field], b.columns[field]);
    const kappa = kappaOn(a.columns[field], b.columns[field], rows, order);
    const ci =
      kappa === null
        ? null
        : await kappaInterval(a.columns[field], b.columns[field], rows, order, this.resampling(rows.length));
    await this.pause();
    const same = rows.filter((i) => a.columns[field][i] === b.columns[field][i]).length;
    return {
      a: a.key,
      b: b.key,
      kind: pairKind(a, b),
      n: rows.length,
      kappa: estimate(kappa, ci),
      observed: rows.length ? Math.round((same / rows.length) * 10_000) / 10_000 : 0,
      confusion: confusion(a.columns[field], b.columns[field], rows, order),
    };
  }

  /** Krippendorff's α of several coders, bootstrapped over the rows that at least two of them labelled. */
  private async computeAlpha(
    coders: CoderColumns[],
    field: ReviewField,
  ): Promise<Estimate & { coders: number; units: number }> {
    const units = new AlphaUnits(coders.map((c) => c.columns[field]));
    const value = coders.length >= 2 ? units.value() : null;
    const ci = value === null ? null : await units.interval(this.resampling(units.count));
    await this.pause();
    return { ...estimate(value, ci), coders: coders.length, units: units.count };
  }

  private async computeVsReference(
    coder: CoderColumns,
    reference: Column,
    field: ReviewField,
  ): Promise<ReferenceScore> {
    const order = REVIEW_FIELD_VALUES[field];
    const predicted = coder.columns[field];
    // A model's failed or missing row counts as wrong (as in `evaluate`); a person is scored on the rows they labelled.
    const rows: number[] = [];
    for (let i = 0; i < reference.length; i++) {
      if (reference[i] !== null && (coder.kind === "model" || predicted[i] !== null)) rows.push(i);
    }
    const gold = rows.map((i) => reference[i]!);
    const guess = rows.map((i) => predicted[i] ?? null);
    const point = agreement(gold, guess, order);
    const ci = await referenceIntervals(gold, guess, order, this.resampling(rows.length));
    await this.pause();
    return {
      coder: coder.key,
      n: rows.length,
      accuracy: estimate(rows.length ? point.accuracy : null, ci.accuracy),
      macroF1: estimate(rows.length ? point.macroF1 : null, ci.macroF1),
      confusion: confusion(reference, predicted, shared(reference, predicted), order),
    };
  }

  /** Mean κ over pairs, bootstrapped over rows (each resample recomputes every pair on the rows it drew). */
  private async computeMeanKappa(
    pairs: [Column, Column][],
    field: ReviewField,
    n: number,
  ): Promise<Estimate> {
    const order = REVIEW_FIELD_VALUES[field];
    const all = Array.from({ length: n }, (_, i) => i).filter((i) =>
      pairs.some(([a, b]) => a[i] !== null && b[i] !== null),
    );
    const values: number[] = [];
    for (const [a, b] of pairs) {
      const k = kappaOn(a, b, shared(a, b), order);
      if (k !== null) values.push(k);
    }
    const value = values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
    const ci =
      value === null
        ? null
        : await meanKappaInterval(pairs, all, order, this.resampling(all.length * Math.max(1, pairs.length)));
    return estimate(value, ci);
  }
}

function distribution(coders: CoderColumns[], field: ReviewField): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const coder of coders) {
    const counts: Record<string, number> = {};
    for (const value of coder.columns[field]) if (value !== null) counts[value] = (counts[value] ?? 0) + 1;
    out[coder.key] = counts;
  }
  return out;
}

export async function computeAgreement(
  data: AgreementData,
  options: AgreementOptions,
): Promise<Omit<AgreementReport, "runId" | "datasetId" | "items">> {
  const computer = new AgreementComputer(options);
  const { coders, repeats } = codersOf(data);
  const humans = coders.filter((c) => c.kind === "human");
  const models = coders.filter((c) => c.kind === "model");
  const raters = [...humans, ...models];
  const byKey = new Map(raters.map((c) => [c.key, c]));
  const fields: FieldAgreement[] = [];
  const verdicts: ModelVerdict[] = [];
  const n = data.idxs.length;
  const references: Partial<Record<ReviewField, Column>> = {};
  for (const field of REVIEW_FIELDS) {
    const pairs: PairAgreement[] = [];
    for (let i = 0; i < raters.length; i++) {
      for (let j = i + 1; j < raters.length; j++)
        pairs.push(await computer.pair(raters[i]!, raters[j]!, field));
    }
    const alphaRuns: FieldAgreement["alphaRuns"] = {};
    for (const [model, reps] of Object.entries(repeats)) {
      if (reps.length < 2) continue;
      for (const rep of reps.slice(1)) pairs.push(await computer.pair(reps[0]!, rep, field));
      alphaRuns[model] = await computer.alpha(reps, field);
    }
    const goldColumn = data.gold[field];
    const reference = hasAny(goldColumn) ? "gold" : hasAny(data.adjudicated[field]) ? "adjudicated" : null;
    const referenceColumn = reference === "gold" ? goldColumn : data.adjudicated[field];
    const vsReference: ReferenceScore[] = [];
    if (reference) {
      for (const coder of raters) vsReference.push(await computer.vsReference(coder, referenceColumn, field));
    }
    if (reference) references[field] = referenceColumn;
    fields.push({
      field,
      alphaHumans: await computer.alpha(humans, field),
      alphaAll: await computer.alpha(raters, field),
      alphaRuns,
      pairs,
      reference,
      vsReference,
      distribution: distribution(
        [...raters, ...coders.filter((c) => c.kind === "gold" || c.kind === "adjudicated")],
        field,
      ),
    });
    // Only pairs with enough shared rows and κ defined count towards the verdict (what the page draws, too).
    const counted = (p: PairAgreement) => p.n >= MIN_AGREEMENT_ROWS && p.kappa.value !== null;
    const peopleOfField = humans.filter((h) => hasAny(h.columns[field]));
    const humanPairStats = pairs.filter((p) => p.kind === "human-human");
    const referencePairs = humanPairStats.filter(counted);
    const referencePeople = new Set(referencePairs.flatMap((p) => [p.a, p.b]));
    const humanHuman = await computer.meanKappa(
      referencePairs.map((p) => [byKey.get(p.a)!.columns[field], byKey.get(p.b)!.columns[field]]),
      field,
      n,
    );
    for (const model of models) {
      const withPeople = pairs.filter(
        (p) =>
          p.kind === "human-model" &&
          (p.a === model.key || p.b === model.key) &&
          referencePeople.has(p.a === model.key ? p.b : p.a) &&
          counted(p),
      );
      const modelHuman = await computer.meanKappa(
        withPeople.map((p) => [byKey.get(p.a)!.columns[field], byKey.get(p.b)!.columns[field]]),
        field,
        n,
      );
      const evidence: VerdictEvidence = {
        people: peopleOfField.length,
        humanPairs: humanPairStats.map((p) => ({ n: p.n, kappa: p.kappa.value })),
        humanHuman,
        modelHuman,
      };
      const status = verdictStatus(evidence);
      verdicts.push({
        model: model.name,
        field,
        modelHuman,
        humanHuman,
        status,
        reaches: reachesOf(status),
        ...verdictSentences(model.name, field, status, evidence),
      });
      await options.slice?.();
    }
  }
  const labelled = data.idxs.filter((_, i) =>
    humans.some((h) => REVIEW_FIELDS.some((f) => h.columns[f][i] !== null)),
  ).length;
  const listed: Coder[] = coders.map(({ columns: _columns, ...coder }) => coder);
  const shown =
    options.viewer === undefined
      ? { fields, coders: listed }
      : await withPeersTogether(computer, fields, listed, {
          viewer: options.viewer,
          humans,
          models,
          references,
          n,
        });
  return {
    n: labelled,
    coders: shown.coders,
    fields: shown.fields,
    verdicts,
    summary: summarySentences(verdicts, humans.length),
    resamples: options.resamples,
    seed: options.seed,
    ...(data.evidence
      ? {
          evidence: await evidenceReport(
            humans.map((h) => ({ key: h.key, columns: h.columns, spans: data.evidence![h.name] ?? [] })),
            options.viewer,
            options.slice,
          ),
        }
      : {}),
  };
}
