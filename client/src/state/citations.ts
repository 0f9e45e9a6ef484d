// Finds the answer's citations ([1], [2][3], [1, 4]) in plain text. Numbers are 1-based positions in the
// answer's source list, the order in which the server numbered the passages in its prompt.

export type TextPart = { kind: "text"; text: string } | { kind: "citation"; n: number };

// Up to three digits so that years or amounts in brackets ("[2025]") are not taken for citations.
const CITATION = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

export function splitCitations(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const at = match.index;
    if (at > last) parts.push({ kind: "text", text: text.slice(last, at) });
    const numbers = (match[1] ?? "")
      .split(/[,;]/)
      .map((n) => Number(n.trim()))
      .filter((n) => n > 0);
    // "[0]" cites nothing: it stays text.
    if (numbers.length === 0) parts.push({ kind: "text", text: match[0] });
    for (const n of numbers) parts.push({ kind: "citation", n });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
