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

function lengthOf(ranges: readonly Range[]): number {
  let sum = 0;
  for (const r of ranges) sum += r.end - r.start;
  return sum;
}

/** F1 of two people's covered characters (sorted disjoint ranges); null when neither covers any. */
function coveredF1(x: readonly Range[], y: readonly Range[]): number | null {
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

/**
 * Character-level overlap F1 of two sets of spans (offsets in UTF-16 code units, `end` exclusive): 2|A∩B| / (|A| + |B|)
 * over the characters each covers. 1 for the same characters, 0 when they share none (or only one side marked any),
 * null when neither marked any: no evidence is no agreement to measure, not a perfect one.
 */
export function overlapF1(a: readonly Range[], b: readonly Range[]): number | null {
  return coveredF1(covered(a), covered(b));
}

/** The spans a scope reads. */
export function spansIn(spans: readonly EvidenceSpan[], scope: EvidenceScope): EvidenceSpan[] {
  if (scope === "all") return [...spans];
  if (scope === "label") return spans.filter((s) => s.field === undefined);
  return spans.filter((s) => s.field === scope);
}

/** Per-row F1 of a pair for a scope, on the rows both labelled and at least one marked words in it. */
export interface ScopeRows {
  rows: number[];
  f1: number[];
}

const SCOPES: readonly EvidenceScope[] = ["all", ...FIELD_SCOPES];
const NOTHING: Range[] = [];

/** What a pair reads of one person, computed once per person (30 people are 435 pairs). */
interface Prepared {
  /** The rows they marked words on, ascending, and the characters each scope covers there (SCOPES' order). */
  rows: number[];
  covered: Map<number, Range[][]>;
  /** Per row, bit k set when their label counts for SCOPES[k]: the field labelled, or (all, whole label) any field. */
  labelled: Uint8Array;
}

const preparedOf = new WeakMap<EvidenceCoder, Prepared>();
function prepared(coder: EvidenceCoder): Prepared {
  const known = preparedOf.get(coder);
  if (known) return known;
  const n = coder.columns[REVIEW_FIELDS[0]].length;
  const labelled = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let mask = 0;
    SCOPES.forEach((scope, k) => {
      if (scope !== "all" && scope !== "label" && coder.columns[scope][i] != null) mask |= 1 << k;
    });
    // "all" and the whole label count where any field does.
    if (mask) mask |= (1 << SCOPES.indexOf("all")) | (1 << SCOPES.indexOf("label"));
    labelled[i] = mask;
  }
  const rows: number[] = [];
  const covers = new Map<number, Range[][]>();
  coder.spans.forEach((spans, i) => {
    if (!spans?.length) return;
    rows.push(i);
    covers.set(
      i,
      SCOPES.map((scope) => covered(spansIn(spans, scope))),
    );
  });
  const out = { rows, covered: covers, labelled };
  preparedOf.set(coder, out);
  return out;
}

/** Two ascending lists of rows merged, each row once. */
function union(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (a[i] === next) i++;
    if (b[j] === next) j++;
    out.push(next);
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
  const out = SCOPES.map((): ScopeRows => ({ rows: [], f1: [] }));
  const x = prepared(a);
  const y = prepared(b);
  // Only rows where one of them marked words can count, so only those are read.
  for (const i of union(x.rows, y.rows)) {
    const both = (x.labelled[i] ?? 0) & (y.labelled[i] ?? 0);
    if (!both) continue;
    const xs = x.covered.get(i);
    const ys = y.covered.get(i);
    for (let k = 0; k < SCOPES.length; k++) {
      if (!(both & (1 << k))) continue;
      const xr = xs?.[k] ?? NOTHING;
      const yr = ys?.[k] ?? NOTHING;
      if (xr.length === 0 && yr.length === 0) continue;
      // One side marked nothing in this scope: 0 without counting characters.
      const value = xr.length === 0 || yr.length === 0 ? 0 : coveredF1(xr, yr)!;
      out[k]!.rows.push(i);
      out[k]!.f1.push(value);
    }
  }
  const scopes = Object.fromEntries(SCOPES.map((scope, k) => [scope, out[k]!])) as Record<
    EvidenceScope,
    ScopeRows
  >;
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
  const rows = new Set<number>();
  for (const s of counted) for (const i of s.rows) rows.add(i);
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

/** Pairs computed between two yields to the event loop (a pair of people on 600 marked rows is well under 1 ms). */
const PAIRS_PER_SLICE = 25;

/** Every pair of people, in the order given, and the mean over them; `slice` is awaited between batches of pairs. */
export async function evidenceAgreement(
  people: readonly EvidenceCoder[],
  slice?: () => Promise<void>,
): Promise<{ pairs: PairEvidence[]; report: EvidenceAgreement }> {
  const pairs: PairEvidence[] = [];
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      pairs.push(pairEvidence(people[i]!, people[j]!));
      if (slice && pairs.length % PAIRS_PER_SLICE === 0) await slice();
    }
  }
  const marked = people.filter((p) => p.spans.some((s) => (s?.length ?? 0) > 0)).length;
  return { pairs, report: { people: marked, pairs: pairs.map(pairScore), mean: meanOfPairs(pairs) } };
}

/**
 * The report's evidence agreement. Read by a member held to blind review (`viewer`), the classmates are folded into
 * one coder as for κ (./peerAgreement.ts): the member × classmates and the classmates among themselves as means over
 * their pairs; with fewer than MIN_PEERS classmates nothing that names or is one of them is shown, the mean either.
 */
export async function evidenceReport(
  people: readonly EvidenceCoder[],
  viewer?: string,
  slice?: () => Promise<void>,
): Promise<EvidenceAgreement> {
  const { pairs, report } = await evidenceAgreement(people, slice);
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
