// The agreement report as a member held to blind review reads it: their own figures and the models' as they are, their
// classmates' only together, as one coder "peers" (the page says "colegii (3)"), as Label Studio and Argilla show an
// annotator their own work and leave the others' performance to the manager. With fewer than two classmates "together"
// would be one named person, so their figures are left out. docs/access.md says why.
import {
  REVIEW_FIELDS,
  type Coder,
  type FieldAgreement,
  type PairAgreement,
  type ReferenceScore,
  type ReviewField,
} from "../../contract/workbench";
import type { CoderColumns, CoderStatistics, Column } from "./coderColumns";

/** The key of the classmates' coder in a report read under blind review. */
export const PEERS_KEY = "peers";

/** Classmates figures are shown together only for at least this many of them (one would be one named person). */
export const MIN_PEERS = 2;

export interface PeerInput {
  /** The member reading the report (their labels may be absent: they may have labelled nothing). */
  viewer: string;
  humans: CoderColumns[];
  models: CoderColumns[];
  /** The reference column of each field that has one (gold, else the adjudicated labels). */
  references: Partial<Record<ReviewField, Column>>;
  /** Rows of the report. */
  n: number;
}

/** A pair built from several pairs: κ their mean (bootstrapped over rows), observed and confusion pooled. */
async function pooledPair(
  computer: CoderStatistics,
  a: string,
  b: string,
  kind: PairAgreement["kind"],
  pairs: [Column, Column][],
  field: ReviewField,
  n: number,
): Promise<PairAgreement> {
  const kappa = await computer.meanKappa(pairs, field, n);
  let rows = 0;
  let shared = 0;
  let same = 0;
  const labels: string[] = [];
  const cells = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let any = false;
    for (const [x, y] of pairs) {
      const u = x[i];
      const v = y[i];
      if (u === null || u === undefined || v === null || v === undefined) continue;
      any = true;
      shared++;
      if (u === v) same++;
      for (const label of [u, v]) if (!labels.includes(label)) labels.push(label);
      cells.set(`${u}\u0000${v}`, (cells.get(`${u}\u0000${v}`) ?? 0) + 1);
    }
    if (any) rows++;
  }
  return {
    a,
    b,
    kind,
    n: rows,
    kappa,
    observed: shared ? Math.round((same / shared) * 10_000) / 10_000 : 0,
    confusion: {
      labels,
      counts: labels.map((u) => labels.map((v) => cells.get(`${u}\u0000${v}`) ?? 0)),
    },
  };
}

/** The classmates' labels one after another (and the reference repeated alongside): scored as one coder. */
function pooledColumns(peers: CoderColumns[]): Record<ReviewField, Column> {
  return Object.fromEntries(REVIEW_FIELDS.map((f) => [f, peers.flatMap((p) => p.columns[f])])) as Record<
    ReviewField,
    Column
  >;
}

/**
 * The report's fields and coders with the classmates folded into one coder: the member × classmates and each model ×
 * classmates as mean κ over the pairs, the classmates among themselves likewise, accuracy and macro-F1 against the
 * reference over all their labels, their label counts summed. Figures that name no classmate (α, the member's own,
 * the models') stay as they are; so do the verdicts, which speak of people as a whole.
 */
export async function withPeersTogether(
  computer: CoderStatistics,
  fields: FieldAgreement[],
  coders: Coder[],
  input: PeerInput,
): Promise<{ fields: FieldAgreement[]; coders: Coder[] }> {
  const viewerKey = `human:${input.viewer}`;
  const peers = input.humans.filter((h) => h.key !== viewerKey);
  const peerKeys = new Set(peers.map((p) => p.key));
  const together = peers.length >= MIN_PEERS;
  const viewer = input.humans.find((h) => h.key === viewerKey);
  const pooled = together ? pooledColumns(peers) : null;
  const out: FieldAgreement[] = [];
  for (const field of fields) {
    const f = field.field;
    const pairs = field.pairs.filter((p) => !peerKeys.has(p.a) && !peerKeys.has(p.b));
    const vsReference: ReferenceScore[] = field.vsReference.filter((s) => !peerKeys.has(s.coder));
    const distribution = Object.fromEntries(
      Object.entries(field.distribution).filter(([key]) => !peerKeys.has(key)),
    );
    if (together && pooled) {
      const col = (c: CoderColumns) => c.columns[f];
      const classmatesPairs: [Column, Column][] = [];
      for (let i = 0; i < peers.length; i++)
        for (let j = i + 1; j < peers.length; j++) classmatesPairs.push([col(peers[i]!), col(peers[j]!)]);
      pairs.push(
        await pooledPair(computer, PEERS_KEY, PEERS_KEY, "human-human", classmatesPairs, f, input.n),
      );
      if (viewer) {
        const withViewer = peers.map((p): [Column, Column] => [col(viewer), col(p)]);
        pairs.push(await pooledPair(computer, viewerKey, PEERS_KEY, "human-human", withViewer, f, input.n));
      }
      for (const model of input.models) {
        const withModel = peers.map((p): [Column, Column] => [col(p), col(model)]);
        pairs.push(await pooledPair(computer, PEERS_KEY, model.key, "human-model", withModel, f, input.n));
      }
      const reference = input.references[f];
      if (field.reference && reference) {
        const repeated = peers.flatMap(() => reference);
        const coder: CoderColumns = { key: PEERS_KEY, kind: "human", name: PEERS_KEY, columns: pooled };
        const after = vsReference.filter((s) => s.coder.startsWith("human:")).length;
        vsReference.splice(after, 0, await computer.vsReference(coder, repeated, f));
      }
      const counts: Record<string, number> = {};
      for (const p of peers) {
        for (const [label, count] of Object.entries(field.distribution[p.key] ?? {}))
          counts[label] = (counts[label] ?? 0) + count;
      }
      distribution[PEERS_KEY] = counts;
    }
    out.push({ ...field, pairs, vsReference, distribution });
  }
  const kept = coders.filter((c) => !peerKeys.has(c.key));
  const firstModel = kept.findIndex((c) => c.kind !== "human");
  const peersCoder: Coder = { key: PEERS_KEY, kind: "human", name: PEERS_KEY, peers: peers.length };
  if (together) kept.splice(firstModel === -1 ? kept.length : firstModel, 0, peersCoder);
  return { fields: out, coders: kept };
}
