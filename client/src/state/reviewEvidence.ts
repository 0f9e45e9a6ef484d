// Evidence spans on the review card: the words of the row's text a person marks as what justifies their label (for
// one field, or the whole label), as the save sends them, the text cut into pieces for highlighting, and a browser
// selection turned into offsets of the text. The server checks the same rules (contract/workbench/evidence.ts).
// No React, no fetch.
import {
  EVIDENCE_MAX_SPANS,
  evidenceProblem,
  sortedEvidence,
  type EvidenceProblem,
  type EvidenceSpan,
} from "../../../contract/workbench";

/**
 * The spans with one more, in text order; the problem instead when it cannot be added (past the limit, overlapping a
 * span of the same field). A selection of only blanks is trimmed away; one left empty adds nothing.
 */
export function addEvidence(
  spans: readonly EvidenceSpan[],
  span: EvidenceSpan,
  text: string,
): { spans: EvidenceSpan[] } | { problem: EvidenceProblem } {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start >= end) return { spans: [...spans] };
  const next = sortedEvidence([...spans, { ...span, start, end }]);
  const problem = evidenceProblem(next, text.length);
  return problem ? { problem } : { spans: next };
}

export function removeEvidence(spans: readonly EvidenceSpan[], index: number): EvidenceSpan[] {
  return spans.filter((_, i) => i !== index);
}

/** The same spans (as saved and as chosen) compare equal whatever order they were given in. */
export function sameEvidence(a: readonly EvidenceSpan[] = [], b: readonly EvidenceSpan[] = []): boolean {
  return JSON.stringify(sortedEvidence(a)) === JSON.stringify(sortedEvidence(b));
}

export const canAddEvidence = (spans: readonly EvidenceSpan[]) => spans.length < EVIDENCE_MAX_SPANS;

/** A piece of the text, with the spans that cover it (none: plain text). */
export interface TextPiece {
  start: number;
  end: number;
  text: string;
  spans: EvidenceSpan[];
}

/**
 * The text cut at every span's edges, so that each piece is either plain or covered by the same spans throughout; and
 * at `more` offsets (the keyboard's word cursor), so that a piece lies wholly inside or outside it too.
 */
export function evidencePieces(
  text: string,
  spans: readonly EvidenceSpan[],
  more: readonly number[] = [],
): TextPiece[] {
  const cuts = new Set([0, text.length, ...more.map((n) => Math.max(0, Math.min(n, text.length)))]);
  for (const s of spans) {
    cuts.add(Math.min(s.start, text.length));
    cuts.add(Math.min(s.end, text.length));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: TextPiece[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [start, end] = [sorted[i - 1]!, sorted[i]!];
    if (start === end) continue;
    pieces.push({
      start,
      end,
      text: text.slice(start, end),
      spans: spans.filter((s) => s.start <= start && s.end >= end),
    });
  }
  return pieces;
}

/**
 * A selection's offsets in the text an element shows (its text content, which the pieces above keep whole), or
 * undefined when the selection is empty or not inside it.
 */
export function selectionIn(
  element: Node,
  selection: Selection | null,
): { start: number; end: number } | undefined {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const range = selection.getRangeAt(0);
  if (!element.contains(range.startContainer) || !element.contains(range.endContainer)) return undefined;
  const before = document.createRange();
  before.selectNodeContents(element);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const end = start + range.toString().length;
  return end > start ? { start, end } : undefined;
}
