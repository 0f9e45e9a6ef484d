// Evidence spans (1.next): the words of a row's text a person marks as what justifies their label, as Argilla's and
// Label Studio's span annotation do. Offsets count UTF-16 code units of the item's text (JavaScript string indices,
// what a browser selection gives), `end` exclusive; a span names a field, or none for the whole label.
import { z } from "zod";
import { REVIEW_FIELDS, ReviewFieldSchema, type ReviewField } from "./base";

/** At most this many spans on one label (all fields together). */
export const EVIDENCE_MAX_SPANS = 20;

export const EvidenceSpanSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    field: ReviewFieldSchema.optional(),
  })
  .strict();
export type EvidenceSpan = z.infer<typeof EvidenceSpanSchema>;

/**
 * What the schema accepts before the row's text is known: a bound on the payload only (a few times the span limit),
 * so that too many spans are refused with their own message (422 `label:evidence_too_many`), not as a malformed body.
 */
export const EvidenceListSchema = z.array(EvidenceSpanSchema).max(EVIDENCE_MAX_SPANS * 5);

/** Why a label's spans cannot be stored with a row whose text has `textLength` characters; null when they can. */
export type EvidenceProblem =
  | { code: "label:evidence_too_many"; params: { count: number; limit: number } }
  | { code: "label:evidence_outside"; params: { start: number; end: number; length: number } }
  | { code: "label:evidence_overlap"; params: { first: string; second: string; field: string } };

const spanText = (s: EvidenceSpan) => `${s.start}–${s.end}`;

export function evidenceProblem(spans: readonly EvidenceSpan[], textLength: number): EvidenceProblem | null {
  if (spans.length > EVIDENCE_MAX_SPANS) {
    return { code: "label:evidence_too_many", params: { count: spans.length, limit: EVIDENCE_MAX_SPANS } };
  }
  for (const s of spans) {
    if (s.start >= s.end || s.end > textLength) {
      return { code: "label:evidence_outside", params: { start: s.start, end: s.end, length: textLength } };
    }
  }
  // Spans of one field (or of the whole label) may not overlap; a field's span may cover the whole label's.
  const byField = new Map<string, EvidenceSpan[]>();
  for (const s of spans) byField.set(s.field ?? "", [...(byField.get(s.field ?? "") ?? []), s]);
  for (const [field, list] of byField) {
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) {
        return {
          code: "label:evidence_overlap",
          params: {
            first: spanText(sorted[i - 1]!),
            second: spanText(sorted[i]!),
            // A field by its schema key; the whole label in words (the English message reads `fieldEn`).
            ...(field ? { field } : { field: "toată eticheta", fieldEn: "the whole label" }),
          },
        };
      }
    }
  }
  return null;
}

/** Spans as stored and returned: in text order (then by field, the schema's order; the whole label first). */
export function sortedEvidence(spans: readonly EvidenceSpan[]): EvidenceSpan[] {
  const rank = (f: ReviewField | undefined) => (f === undefined ? -1 : REVIEW_FIELDS.indexOf(f));
  return [...spans]
    .map((s) =>
      s.field === undefined ? { start: s.start, end: s.end } : { start: s.start, end: s.end, field: s.field },
    )
    .sort((a, b) => a.start - b.start || a.end - b.end || rank(a.field) - rank(b.field));
}

/** The spans quoted, as the exports write them: „text” [populism]; „other words”. */
export function quotedEvidence(text: string, spans: readonly EvidenceSpan[]): string {
  return sortedEvidence(spans)
    .map((s) => `„${text.slice(s.start, s.end)}”${s.field ? ` [${s.field}]` : ""}`)
    .join("; ");
}
