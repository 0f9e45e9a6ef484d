// Groundedness of an answer: whether its sentences are supported by the passages they cite. The result travels in
// `chat:done`, `ask --json`, stored threads and compare's rows; the offline check that makes it is groundingCheck.ts.
// Citations are found here once, for the checker and the client's citation chips alike.

/** Why a sentence is marked: the client words it from the kind (and detail); `reason` is the Romanian text. */
export const UNSUPPORTED_KINDS = [
  /** It cites a number that names no shown source ([7] with five sources). */
  "invalid_citation",
  /** A claim with no citation at all. */
  "no_citation",
  /** A number that appears in no cited passage. */
  "number",
  /** A date (a year, a day of a month) that appears in no cited passage. */
  "date",
  /** A name (person, party, place, institution) that appears in no cited passage. */
  "name",
  /** Too few of its words are in the cited passages. */
  "weak_support",
  /** The LLM judge found it unsupported by the cited passages. */
  "judge",
] as const;
export type UnsupportedKind = (typeof UNSUPPORTED_KINDS)[number];

export interface UnsupportedSentence {
  /** The sentence exactly as it stands in the answer (a substring of it), list markers left out. */
  sentence: string;
  /** Short, in Romanian (the CLI, the report, the Markdown export). */
  reason: string;
  kind: UnsupportedKind;
  /** The offending part: "[7]", "12%", "2024", "Popescu", or the share of supported words "0.31". */
  detail?: string;
}

/** Why a sentence is not supported, in English, from its kind and detail (for texts the server words, e.g. a
 * comparison's failure examples; the page words the chat's marks itself). */
export function unsupportedReasonEn(u: Pick<UnsupportedSentence, "kind" | "detail" | "reason">): string {
  switch (u.kind) {
    case "invalid_citation":
      return `cites ${u.detail ?? ""}, which is not in the list of sources`;
    case "no_citation":
      return "a claim without a citation";
    case "number":
      return `the figure "${u.detail ?? ""}" is not in the cited sources`;
    case "date":
      return `the date "${u.detail ?? ""}" is not in the cited sources`;
    case "name":
      return `the name "${u.detail ?? ""}" is not in the cited sources`;
    case "weak_support":
      return `weakly supported by the cited sources (${Math.round(Number(u.detail ?? 0) * 100)}% of its words)`;
    case "judge":
      return `the judge: ${u.reason}`;
  }
}

/**
 * `grounding` of `chat:done` and `ask --json` (DESIGN.md reserves it). `score` is the share of the answer's claims
 * that are supported; an answer that makes none (a refusal, "the sources do not say") scores 1 with `claims: 0`.
 */
export interface Grounding {
  score: number;
  /** Citation numbers that point at no shown source, ascending, each once. */
  invalidCitations: number[];
  /** In the order they stand in the answer. */
  unsupported: UnsupportedSentence[];
  /** Sentences that make a claim (what the score is over). */
  claims: number;
  /** "lexical": the offline measure; "judge": an LLM judge decided the cited sentences. */
  method: "lexical" | "judge";
  /** The judge model, with method "judge". */
  judge?: string;
  /** Why a configured judge did not decide (its failure), in Romanian; the lexical measure stands then. */
  note?: string;
  /** `note` in English, for the English page (absent from answers stored before it was written). */
  noteEn?: string;
}

// Up to three digits so that years or amounts in brackets ("[2025]") are not taken for citations.
const CITATION = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

export type CitationPart = { kind: "text"; text: string } | { kind: "citation"; n: number };

/** The text cut into plain parts and citations: [1], [2][3] and [1, 4] (1-based source numbers). */
export function splitCitations(text: string): CitationPart[] {
  const parts: CitationPart[] = [];
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

/** The citation numbers of a text, in order, repeats kept. */
export function citationsIn(text: string): number[] {
  return splitCitations(text).flatMap((p) => (p.kind === "citation" ? [p.n] : []));
}

/** The text without its citations (the brackets and what is between them). */
export function withoutCitations(text: string): string {
  return text.replace(CITATION, (whole, inner: string) => (/^0+$/.test(inner.trim()) ? whole : " "));
}

/** Where a sentence stands in its answer: the first occurrence at or after `from`, or -1. */
export function locateSentence(answer: string, sentence: string, from = 0): number {
  return answer.indexOf(sentence, from);
}

/** The grounding of an answer that says nothing (an empty or stopped answer): nothing to check. */
export const EMPTY_GROUNDING: Grounding = {
  score: 1,
  invalidCitations: [],
  unsupported: [],
  claims: 0,
  method: "lexical",
};
