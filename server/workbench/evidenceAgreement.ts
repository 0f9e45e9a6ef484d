// Agreement on evidence spans between people: for each pair, per row, the character-level overlap F1 of the words
// each marked (= Dice, 2|A∩B| / (|A| + |B|)), per field, for the whole label's spans and for all spans whatever they
// name, averaged over the rows; and the mean over pairs. Pure. docs/workbench.md ("Evidence agreement") says why
// whole-label spans are a scope of their own rather than counted for every field.
import {
  REVIEW_FIELDS,
  type EvidenceAgreement,
  type EvidenceFieldScore,
  type EvidencePair,
  type EvidenceScore,
  type EvidenceSpan,
  type ReviewField,
} from "../../contract/workbench";
import type { Column } from "./coderColumns";
import { MIN_PEERS, PEERS_KEY } from "./peerAgreement";

/** A person as evidence agreement reads them: labels and spans aligned on the rows of the report. */
export interface EvidenceCoder {
  key: string;
  /** Their labels (null: no label of that field on the row; a skipped save has none, so it counts nowhere). */
  columns: Record<ReviewField, Column>;
  /** Their spans on each row (null or absent: none marked). */
  spans: readonly (readonly EvidenceSpan[] | null | undefined)[];
}

/** Which spans a score reads: those naming a field, the whole label's (naming none), or every span of the row. */
export type EvidenceScope = ReviewField | "label" | "all";

/** The scopes in the order a report lists them (after `all`): the schema's fields, then the whole label. */
export const FIELD_SCOPES: readonly (ReviewField | "label")[] = [...REVIEW_FIELDS, "label"];

interface Range {
  start: number;
  end: number;
}

/** The characters a list of spans covers, as sorted disjoint ranges (spans of different fields may overlap). */
function covered(spans: readonly Range[]): Range[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

const lengthOf = (ranges: readonly Range[]) => ranges.reduce((sum, r) => sum + r.end - r.start, 0);

/**
 * Character-level overlap F1 of two sets of spans (offsets in UTF-16 code units, `end` exclusive): 2|A∩B| / (|A| + |B|)
 * over the characters each covers. 1 for the same characters, 0 when they share none (or only one side marked any),
 * null when neither marked any: no evidence is no agreement to measure, not a perfect one.
 */
export function overlapF1(a: readonly Range[], b: readonly Range[]): number | null {
  const x = covered(a);
  const y = covered(b);
  const total = lengthOf(x) + lengthOf(y);
  if (total === 0) return null;
  let both = 0;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const from = Math.max(x[i]!.start, y[j]!.start);
    const to = Math.min(x[i]!.end, y[j]!.end);
    if (to > from) both += to - from;
    if (x[i]!.end < y[j]!.end) i++;
    else j++;
  }
  return (2 * both) / total;
}

/** The spans a scope reads. */
export function spansIn(spans: readonly EvidenceSpan[], scope: EvidenceScope): EvidenceSpan[] {
  if (scope === "all") return [...spans];
  if (scope === "label") return spans.filter((s) => s.field === undefined);
  return spans.filter((s) => s.field === scope);
}

/** Whether a person's label counts on a row for a scope: the field labelled, or (whole label, all) any field. */
function labelled(coder: EvidenceCoder, i: number, scope: EvidenceScope): boolean {
  if (scope === "all" || scope === "label") return REVIEW_FIELDS.some((f) => coder.columns[f][i] != null);
  return coder.columns[scope][i] != null;
}

/** Per-row F1 of a pair for a scope, on the rows both labelled and at least one marked words in it. */
export interface ScopeRows {
  rows: number[];
  f1: number[];
}

export function pairRows(a: EvidenceCoder, b: EvidenceCoder, scope: EvidenceScope): ScopeRows {
  const out: ScopeRows = { rows: [], f1: [] };
  const n = REVIEW_FIELDS.reduce((m, f) => Math.max(m, a.columns[f].length), 0);
  for (let i = 0; i < n; i++) {
    if (!labelled(a, i, scope) || !labelled(b, i, scope)) continue;
    const value = overlapF1(spansIn(a.spans[i] ?? [], scope), spansIn(b.spans[i] ?? [], scope));
    if (value === null) continue;
    out.rows.push(i);
    out.f1.push(value);
  }
  return out;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const mean = (values: readonly number[]) =>
  values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;

/** A pair's rows for every scope, kept so that pairs can be pooled (blind review) and averaged. */
export interface PairEvidence {
  a: string;
  b: string;
  scopes: Record<EvidenceScope, ScopeRows>;
}

export function pairEvidence(a: EvidenceCoder, b: EvidenceCoder): PairEvidence {
  const scopes = Object.fromEntries(
    (["all", ...FIELD_SCOPES] as const).map((scope) => [scope, pairRows(a, b, scope)]),
  ) as Record<EvidenceScope, ScopeRows>;
  return { a: a.key, b: b.key, scopes };
}

const scoreOf = (rows: ScopeRows): EvidenceScore => {
  const value = mean(rows.f1);
  return { f1: value === null ? null : round(value), rows: rows.rows.length };
};

const fieldScore = <T extends EvidenceScore>(
  scope: ReviewField | "label",
  score: T,
): T & EvidenceFieldScore => (scope === "label" ? score : { field: scope, ...score });

/** What the report says of one pair. */
export function pairScore(pair: PairEvidence): EvidencePair {
  return {
    a: pair.a,
    b: pair.b,
    all: scoreOf(pair.scopes.all),
    fields: FIELD_SCOPES.map((scope) => fieldScore(scope, scoreOf(pair.scopes[scope]))),
  };
}

/** The mean over the pairs that rest on at least one row (each pair weighs the same), and the rows they rest on. */
function meanOver(pairs: readonly PairEvidence[], scope: EvidenceScope): EvidenceScore & { pairs: number } {
  const counted = pairs.map((p) => p.scopes[scope]).filter((s) => s.rows.length > 0);
  const value = mean(counted.map((s) => mean(s.f1)!));
  const rows = new Set(counted.flatMap((s) => s.rows));
  return { f1: value === null ? null : round(value), rows: rows.size, pairs: counted.length };
}

export function meanOfPairs(pairs: readonly PairEvidence[]): EvidenceAgreement["mean"] {
  return {
    all: meanOver(pairs, "all"),
    fields: FIELD_SCOPES.map((scope) => fieldScore(scope, meanOver(pairs, scope))),
  };
}

/** Several pairs folded into one (the classmates under blind review): its F1 the mean over them, rows those of any. */
export function pooledEvidencePair(a: string, b: string, pairs: readonly PairEvidence[]): EvidencePair {
  const m = meanOfPairs(pairs);
  const strip = <T extends { pairs: number }>({ pairs: _pairs, ...rest }: T) => rest;
  return { a, b, all: strip(m.all), fields: m.fields.map(strip) };
}

/** Every pair of people, in the order given, and the mean over them. */
export function evidenceAgreement(people: readonly EvidenceCoder[]): {
  pairs: PairEvidence[];
  report: EvidenceAgreement;
} {
  const pairs: PairEvidence[] = [];
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++) pairs.push(pairEvidence(people[i]!, people[j]!));
  const marked = people.filter((p) => p.spans.some((s) => (s?.length ?? 0) > 0)).length;
  return { pairs, report: { people: marked, pairs: pairs.map(pairScore), mean: meanOfPairs(pairs) } };
}

/**
 * The report's evidence agreement. Read by a member held to blind review (`viewer`), the classmates are folded into
 * one coder as for κ (./peerAgreement.ts): the member × classmates and the classmates among themselves as means over
 * their pairs; with fewer than MIN_PEERS classmates nothing that names or is one of them is shown, the mean either.
 */
export function evidenceReport(people: readonly EvidenceCoder[], viewer?: string): EvidenceAgreement {
  const { pairs, report } = evidenceAgreement(people);
  if (viewer === undefined) return report;
  const viewerKey = `human:${viewer}`;
  const classmates = people.filter((p) => p.key !== viewerKey);
  if (classmates.length < MIN_PEERS) {
    return { people: report.people, pairs: [], mean: meanOfPairs([]) };
  }
  const among = pairs.filter((p) => p.a !== viewerKey && p.b !== viewerKey);
  const withViewer = pairs.filter((p) => p.a === viewerKey || p.b === viewerKey);
  const shown = [pooledEvidencePair(PEERS_KEY, PEERS_KEY, among)];
  if (people.some((p) => p.key === viewerKey))
    shown.unshift(pooledEvidencePair(viewerKey, PEERS_KEY, withViewer));
  return { ...report, pairs: shown };
}
