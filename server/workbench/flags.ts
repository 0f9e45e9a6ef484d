// What makes a row need a person: the models disagree, a model's repeats disagree, low confidence, a failed call.
// Pure functions; the SQLite store calls `reviewPriority` as an SQL function so that the queue's order is defined once.
import { REVIEW_FIELDS, type ReviewField, type RowFlags } from "../../contract/workbench";

/** One bit per review field, for the disagreement masks stored per row. */
export const FIELD_BITS: Record<ReviewField, number> = {
  ton: 1,
  populism: 2,
  anti_elitism: 4,
  popor_central: 8,
  tema: 16,
};

export const ALL_FIELDS_MASK = REVIEW_FIELDS.reduce((mask, field) => mask | FIELD_BITS[field], 0);

export function maskFields(mask: number): ReviewField[] {
  return REVIEW_FIELDS.filter((field) => (mask & FIELD_BITS[field]) !== 0);
}

export interface RowSignals {
  /** Bits of the fields on which the models' first repeats differ. */
  modelsMask: number;
  /** Bits of the fields on which some model's repeats differ. */
  runsMask: number;
  /** Mean confidence of the row's successful outcomes; null when none succeeded. */
  meanConfidence: number | null;
  /** Outcomes that failed. */
  failed: number;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

/**
 * The review queue's priority, higher first: models that disagree (3) outrank repeats that disagree (2), which
 * outrank a failed call (1); each further disagreeing field adds 0.1, and lower confidence adds up to 1, so that
 * within a tier the least certain rows come first. A row nobody could annotate at all counts as confidence 0; a row
 * with no outcome yet has no flags and ranks 0, last.
 */
export function reviewPriority(signals: RowSignals): number {
  const { modelsMask, runsMask, meanConfidence, failed } = signals;
  let score = 0;
  if (modelsMask) score += 3 + 0.1 * (bitCount(modelsMask) - 1);
  if (runsMask) score += 2 + 0.1 * (bitCount(runsMask) - 1);
  if (failed > 0) score += 1;
  score += 1 - (meanConfidence ?? 0);
  return Math.round(score * 1e6) / 1e6;
}

/** Why a row is in the queue, for the page. */
export function priorityReasons(signals: RowSignals, lowConfidence: number): string[] {
  const reasons: string[] = [];
  if (signals.modelsMask) reasons.push("models_disagree");
  if (signals.runsMask) reasons.push("runs_disagree");
  if (signals.failed > 0) reasons.push("failed");
  if (signals.meanConfidence !== null && signals.meanConfidence < lowConfidence)
    reasons.push("low_confidence");
  return reasons.length ? reasons : ["rest"];
}

/**
 * A row's flags while its labels are withheld (blind review, before this person has saved): who labelled it, whether
 * it was adjudicated and is in the sample stay; what the models said of it (disagreement, confidence, the priority
 * made of them) waits with their labels, since a row flagged as contested tells part of the answer.
 */
export function withheldFlags(flags: RowFlags): RowFlags {
  return { ...flags, modelsDisagree: [], runsDisagree: [], minConfidence: null, priority: 0 };
}

/** The gold columns of a data set's mapping (stored as JSON): kept as metadata, they hold the gold as written. */
export function goldColumnsOf(mapping: string | null | undefined): string[] {
  if (!mapping) return [];
  const parsed = JSON.parse(mapping) as { gold?: { column: string }[] };
  return (parsed.gold ?? []).map((g) => g.column);
}

/** A row's metadata while its gold is withheld: a gold column kept as metadata holds that gold, so it waits too. */
export function withheldMeta(
  meta: Record<string, string>,
  goldColumns: readonly string[],
): Record<string, string> {
  if (!goldColumns.some((c) => c in meta)) return meta;
  return Object.fromEntries(Object.entries(meta).filter(([column]) => !goldColumns.includes(column)));
}
