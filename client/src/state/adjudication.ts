// The adjudication view: rows that two or more people labelled differently, and rows someone marked "Nu sunt
// sigur(ă)" even when the labels agree (or only that person labelled it), each person's labels with who and when, the
// fields they split on, and a proposal for the final label (the majority, where there is one). A row already settled
// shows as such, unless someone changed their label after it was settled. A row someone was unsure of comes first
// among those to settle; a skipped row ("Sar peste") is nobody's label. No React, no fetch.
import {
  REVIEW_FIELDS,
  type HumanReviewLabel,
  type LabelsResponse,
  type ReviewField,
} from "../../../contract/workbench";
import { translate, type Lang } from "../i18n";
import { countOf, NOUNS } from "../plural";
import type { Draft } from "./review";

/** "8 rânduri de adjudecat din 8 cu dezacord sau etichete nesigure.", "1 row to adjudicate of 3 with disagreement or …" */
export function adjudicationCountText(open: number, all: number, lang: Lang): string {
  return translate(lang, "wb.adjudicate.count", { open: countOf(open, NOUNS.row, lang), all: String(all) });
}

export interface Conflict {
  idx: number;
  labels: HumanReviewLabel[];
  /** Fields on which the people's labels differ (a field someone left empty does not count); none on a row offered
   * only because someone was unsure. */
  fields: ReviewField[];
  adjudication: HumanReviewLabel | null;
  /** Settled, and no label changed since. */
  settled: boolean;
  /** The majority label per field; a tie is left empty for the adjudicator. */
  proposal: Draft;
  /** Someone saved their label on this row as unsure. */
  unsure: boolean;
}

/** The label most people gave to a field; undefined for a tie or when nobody labelled it. */
export function majority(labels: readonly HumanReviewLabel[], field: ReviewField): string | undefined {
  const counts = new Map<string, number>();
  for (const l of labels) {
    const v = l.labels[field];
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return undefined;
  return ranked[0]![0];
}

export function disagreeingFields(labels: readonly HumanReviewLabel[]): ReviewField[] {
  return REVIEW_FIELDS.filter((field) => {
    const values = new Set(labels.map((l) => l.labels[field]).filter((v) => v !== undefined));
    return values.size > 1;
  });
}

/**
 * Rows where people disagree or someone was unsure, those still to settle first, those someone was unsure of first
 * among them, then by row. An unsure label asks for a second look whatever the others said.
 */
export function conflicts(response: LabelsResponse): Conflict[] {
  const byRow = new Map<number, HumanReviewLabel[]>();
  for (const label of response.labels) {
    if (label.status === "skipped") continue;
    const list = byRow.get(label.idx) ?? [];
    list.push(label);
    byRow.set(label.idx, list);
  }
  const adjudications = new Map(response.adjudications.map((a) => [a.idx, a]));
  const result: Conflict[] = [];
  for (const [idx, labels] of byRow) {
    const fields = disagreeingFields(labels);
    const unsure = labels.some((l) => l.status === "unsure");
    if (!unsure && (labels.length < 2 || fields.length === 0)) continue;
    const adjudication = adjudications.get(idx) ?? null;
    const lastChange = Math.max(...labels.map((l) => Date.parse(l.updatedAt) || 0));
    const settled = adjudication !== null && (Date.parse(adjudication.updatedAt) || 0) >= lastChange;
    const proposal: Draft = { ...(adjudication?.labels ?? {}) };
    if (!adjudication) {
      for (const field of REVIEW_FIELDS) {
        const m = majority(labels, field);
        if (m !== undefined) proposal[field] = m;
      }
    }
    result.push({
      idx,
      labels: [...labels].sort((a, b) => a.annotator.localeCompare(b.annotator)),
      fields,
      adjudication,
      settled,
      proposal,
      unsure,
    });
  }
  return result.sort(
    (a, b) => Number(a.settled) - Number(b.settled) || Number(b.unsure) - Number(a.unsure) || a.idx - b.idx,
  );
}

/** The people who labelled anything in the data set, for the annotator name's suggestions. */
export function annotatorNames(
  response: LabelsResponse | undefined,
  extra: readonly string[] = [],
): string[] {
  const names = new Set(extra.filter((n) => n.trim()));
  for (const l of response?.labels ?? []) names.add(l.annotator);
  return [...names].sort((a, b) => a.localeCompare(b));
}
