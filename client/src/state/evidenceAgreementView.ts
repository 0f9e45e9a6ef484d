// What the Agreement page's "Acord pe dovezi" section shows of the report's evidence agreement: which scopes get a
// column (all spans always, a field or the whole label when some pair rests on rows there), and a pair's score in one.
import type { EvidenceAgreement, EvidenceScore, ReviewField } from "../../../contract/workbench";

/** A column of the section: every span of a row, a field's spans, or the whole label's (spans naming no field). */
export type EvidenceColumn = "all" | ReviewField | "label";

/** The section shows when the report has evidence agreement and someone marked words (older servers send none). */
export function showsEvidence(evidence: EvidenceAgreement | undefined): evidence is EvidenceAgreement {
  return evidence !== undefined && evidence.people > 0;
}

/** "all" first, then the fields (the schema's order) and the whole label where some pair rests on rows. */
export function evidenceColumns(evidence: EvidenceAgreement): EvidenceColumn[] {
  return [
    "all",
    ...evidence.mean.fields.filter((f) => f.rows > 0).map((f): EvidenceColumn => f.field ?? "label"),
  ];
}

/** A pair's (or the mean's) score in a column; no rows when the report has none for it. */
export function scoreIn(
  pair: { all: EvidenceScore; fields: (EvidenceScore & { field?: ReviewField })[] },
  column: EvidenceColumn,
): EvidenceScore {
  if (column === "all") return pair.all;
  const found = pair.fields.find((f) => (f.field ?? "label") === column);
  return found ? { f1: found.f1, rows: found.rows } : { f1: null, rows: 0 };
}
