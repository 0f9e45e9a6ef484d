// An answer (Markdown) cut into the sentences the grounding check judges, each with where it stands in the answer
// and its citations. Code blocks are left out; list markers, headings and quote marks are not part of a sentence;
// a citation standing alone after a sentence's full stop ("... crește. [2]") belongs to that sentence.
import { citationsIn, withoutCitations } from "./grounding";
import { splitSentences } from "./text";

export interface AnswerSentence {
  /** As it stands in the answer: answer.slice(start, end). */
  text: string;
  start: number;
  end: number;
  /** Its citation numbers, in order (repeats kept). */
  citations: number[];
  /** A heading, or a short line that introduces what follows ("Cele mai apropiate surse:"). */
  label: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Headings, quotes, bullets and numbered items at the start of a line; table pipes.
const LINE_MARKER = /^\s{0,8}(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,3}[.)]\s+)*/;
const CITATIONS_ONLY = /^[\s([]*(?:\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\][\s.,;:)]*)+$/;

function isLabel(text: string, heading: boolean): boolean {
  if (heading) return true;
  const words = text.match(/\S+/g)?.length ?? 0;
  return /:\s*$/.test(text) && words <= 10;
}

/** The sentences of one line's content, located in the answer. */
function lineSentences(answer: string, content: string, offset: number, heading: boolean): AnswerSentence[] {
  const out: AnswerSentence[] = [];
  let cursor = 0;
  for (const part of splitSentences(content)) {
    const at = content.indexOf(part, cursor);
    if (at < 0) continue;
    cursor = at + part.length;
    const start = offset + at;
    const end = start + part.length;
    const previous = out[out.length - 1];
    if (previous && CITATIONS_ONLY.test(part)) {
      // "[2]" after a full stop cites the sentence before it.
      previous.end = end;
      previous.text = answer.slice(previous.start, end);
      previous.citations.push(...citationsIn(part));
      continue;
    }
    out.push({ text: part, start, end, citations: citationsIn(part), label: isLabel(part, heading) });
  }
  return out;
}

/** The answer's sentences in order. Pure; linear in the answer's length. */
export function answerSentences(answer: string): AnswerSentence[] {
  const out: AnswerSentence[] = [];
  let fence: string | undefined;
  let offset = 0;
  for (const line of answer.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const lead = LINE_MARKER.exec(line)?.[0] ?? "";
    const heading = /^\s{0,3}#/.test(line);
    // A table row reads as one sentence per cell; separators (|---|) say nothing.
    const cells = line.trim().startsWith("|") ? line.split("|") : [line.slice(lead.length)];
    let cellOffset = line.trim().startsWith("|") ? 0 : lead.length;
    for (const cell of cells) {
      const content = cell.trimEnd();
      const here = cellOffset;
      cellOffset += cell.length + 1;
      if (!content.trim() || /^[\s:|-]+$/.test(content)) continue;
      const trimmedAt = content.length - content.trimStart().length;
      const sentences = lineSentences(answer, content.trim(), lineStart + here + trimmedAt, heading);
      const first = sentences[0];
      const previous = out[out.length - 1];
      if (first && previous && CITATIONS_ONLY.test(first.text)) {
        // A line holding only citations cites the line before it.
        previous.citations.push(...first.citations);
        sentences.shift();
      }
      out.push(...sentences);
    }
  }
  return out;
}

/** A sentence's words without citations and Markdown emphasis, for measuring. */
export function plainSentence(text: string): string {
  return withoutCitations(text)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`~]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
