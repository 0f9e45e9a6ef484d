// The offline grounding check: each sentence of an answer against the passages it cites, with no model. A claim
// needs a citation; a citation must name a shown source; the claim's numbers, dates and names must appear in what it
// cites; and enough of its words must (stems, so that inflection does not count as a difference). Pure and fast
// enough for every chat turn (bench:grounding); docs/grounding.md explains the measure and its limits.
import { answerSentences, plainSentence, type AnswerSentence } from "./answerSentences";
import { isExtractiveFraming } from "./extractiveFraming";
import type { Grounding, UnsupportedSentence } from "./grounding";
import { factsOf, monthOf, namesInside, NUMBER_WORDS, type TextFacts } from "./groundingFacts";
import { countWith } from "./plural";
import { STOPWORDS, foldDiacritics, stem } from "./text";

/** A passage as the answering model was shown it, numbered as it was: its label and text, as the prompt had them. */
export interface ShownPassage {
  n: number;
  text: string;
}

export interface GroundingOptions {
  /** Least share of a cited sentence's content words found in what it cites (default MIN_SUPPORT). */
  minSupport?: number;
}

/** Chosen on the development half of bench/groundingSet.ts (docs/grounding.md). */
export const MIN_SUPPORT = 0.5;

// Words that attribute rather than claim ("sursa [1] spune că"); folded, stemmed as the measure stems.
const ATTRIBUTION = new Set(
  (
    "sursa sursele surse sursei surselor spune spun spus afirma afirmat arata aratat mentioneaza mentionat " +
    "potrivit conform precizeaza precizat noteaza subliniaza citat scrie scris relateaza reiese rezulta " +
    "comentariu comentariul comentariile comentarii text textul textele pasaj pasajul fragment fragmentul " +
    "autor autorul autorii document documentul"
  )
    .split(/\s+/)
    .map(stem),
);

/** A sentence that opens by speaking of the sources or of what is known ("Sursele nu spun când ..."). */
const META_OPENING =
  /^(?:(?:din |in )?sursele (?:nu|gasite|primite|disponibile)|nu (?:am gasit|gasesc|exista|stiu|pot)|imi pare rau)/;

// A sentence about the answer or the sources themselves, not about the world ("Sursele nu spun...", the extractive
// model's heading, a refusal): no claim to ground. Folded.
const META =
  /\b(nu (?:am gasit|gasesc|exista|contin|ofera|mentioneaza|precizeaza|spun|pot|stiu|am informatii|dispun|sunt sigur|reiese)|sursele (?:nu|gasite|primite|disponibile|furnizate)|raspuns extractiv|am ales din surse|cele mai apropiate|pe baza surselor|din sursele (?:disponibile|primite|furnizate)|informatii suplimentare|reformulati|imi pare rau|nu este (?:clar|precizat|mentionat)|i can(?:no|')t|as an ai)\b/;

export interface Evidence {
  stems: Set<string>;
  /** Folded words of 5+ letters, for prefix matches of words the stemmer left apart. */
  prefixes: Set<string>;
  numbers: Set<number>;
  dates: Set<string>;
}

interface SentenceReading {
  content: string[];
  facts: TextFacts;
}

// The tokens of contract/text.ts's tokenize, read from text already folded.
const TOKEN = /[\p{L}\p{N}]+(?:[-'][\p{L}]+)*/gu;

function tokensOf(folded: string): string[] {
  return folded.match(TOKEN) ?? [];
}

function contentStems(folded: string): string[] {
  const out: string[] = [];
  for (const token of tokensOf(folded)) {
    if (token.length < 2 || STOPWORDS.has(token) || NUMBER_WORDS.has(token) || /\d/.test(token)) continue;
    if (monthOf(token) !== undefined) continue;
    const s = stem(token);
    if (!ATTRIBUTION.has(s)) out.push(s);
  }
  return out;
}

// Two words joined by a dash other than a plain hyphen between letters (which keeps them one token already): the
// Unicode hyphens, an en or em dash, or a hyphen with a space beside it.
const DASH_JOIN = /([\p{L}\p{N}]+)(?:[ \t]*[\u2010-\u2014][ \t]*|[ \t]+-[ \t]*|-[ \t]+)(?=([\p{L}\p{N}]+))/gu;
const ANY_DASH_JOIN = /[\u2010-\u2014]| -|- /;
// A word broken at the end of a line ("bistri-\nta"): its two halves are one word.
const LINE_BREAK_HYPHEN = /(\p{L})[-\u2010\u2011\u00ad][ \t]*\r?\n[ \t]*(\p{L})/gu;

/** The passage's tokens, plus each pair of words joined by another dash ("cluj – napoca" as "cluj-napoca") and each
 * word a line break split ("bistri-\nta" as "bistrita"), so that a dash-joined name matches however it is written. */
function dashReadings(folded: string): string[] {
  const out = tokensOf(folded);
  if (ANY_DASH_JOIN.test(folded)) for (const m of folded.matchAll(DASH_JOIN)) out.push(`${m[1]}-${m[2]}`);
  if (folded.includes("\n")) {
    const unbroken = folded.replace(LINE_BREAK_HYPHEN, "$1$2");
    if (unbroken !== folded) out.push(...tokensOf(unbroken));
  }
  return out;
}

function evidenceOf(text: string): Evidence {
  const folded = foldDiacritics(text);
  const facts = factsOf(text, { folded, names: false });
  const stems = new Set<string>();
  const prefixes = new Set<string>();
  const add = (token: string) => {
    stems.add(stem(token));
    if (token.length >= 5) prefixes.add(token.slice(0, 5));
  };
  for (const token of dashReadings(folded)) {
    add(token);
    // "zarnesti-vale" holds "zarnesti" and "vale": an answer may name a part, or write the dash otherwise.
    if (token.includes("-")) for (const part of token.split("-")) if (part) add(part);
  }
  const numbers = new Set<number>();
  for (const n of facts.numbers) {
    numbers.add(n.value);
    if (n.bare !== undefined) numbers.add(n.bare);
  }
  // A date's day and year are numbers too ("pe 14", "în 2025"), and a number can be a day.
  const dates = new Set(facts.dates.map((d) => d.key));
  for (const key of dates) if (key.startsWith("y")) numbers.add(Number(key.slice(1)));
  // A passage's names are among its words: `stems` holds them.
  return { stems, prefixes, numbers, dates };
}

function merge(parts: Evidence[]): Evidence {
  if (parts.length === 1) return parts[0]!;
  const union = <T>(pick: (e: Evidence) => Set<T>) => new Set(parts.flatMap((p) => [...pick(p)]));
  return {
    stems: union((e) => e.stems),
    prefixes: union((e) => e.prefixes),
    numbers: union((e) => e.numbers),
    dates: union((e) => e.dates),
  };
}

/** A name is in the evidence by its stem, or, for a longer one, by its first five letters (the stemmer misses some). */
function hasName(evidence: Evidence, folded: string): boolean {
  return (
    evidence.stems.has(stem(folded)) || (folded.length >= 6 && evidence.prefixes.has(folded.slice(0, 5)))
  );
}

/** Share of the content words found in the evidence (a word found by its first five letters counts too). */
function support(content: string[], evidence: Evidence): number {
  if (content.length === 0) return 1;
  let found = 0;
  for (const s of content) {
    if (evidence.stems.has(s) || (s.length >= 5 && evidence.prefixes.has(s.slice(0, 5)))) found++;
  }
  return found / content.length;
}

function cites(ns: number[]): string {
  return ns.map((n) => `[${n}]`).join("");
}

/** The shown passages (other than those cited) where a fact does appear: a citation that should have been. */
function elsewhere(shown: Map<number, Evidence>, cited: number[], has: (e: Evidence) => boolean): string {
  const found = [...shown].filter(([n, e]) => !cited.includes(n) && has(e)).map(([n]) => n);
  return found.length ? ` (apare în ${cites(found)})` : "";
}

export type Verdict = Omit<UnsupportedSentence, "sentence"> | null;

/** The first fact of a cited claim that its citations do not hold, or the weak lexical support, or null. */
function checkCited(
  reading: SentenceReading,
  cited: number[],
  shown: Map<number, Evidence>,
  minSupport: number,
): Verdict {
  const evidence = merge(cited.map((n) => shown.get(n)!));
  const where = cites(cited);
  for (const n of reading.facts.numbers) {
    if (!evidence.numbers.has(n.value)) {
      const also = elsewhere(shown, cited, (e) => e.numbers.has(n.value));
      return {
        kind: "number",
        detail: n.written,
        reason: `cifra „${n.written}” nu apare în ${where}${also}`,
      };
    }
  }
  for (const d of reading.facts.dates) {
    const year = d.key.startsWith("y") ? Number(d.key.slice(1)) : NaN;
    if (!evidence.dates.has(d.key) && !evidence.numbers.has(year)) {
      const also = elsewhere(shown, cited, (e) => e.dates.has(d.key));
      return { kind: "date", detail: d.written, reason: `data „${d.written}” nu apare în ${where}${also}` };
    }
  }
  for (const name of reading.facts.names) {
    if (!hasName(evidence, name.folded)) {
      const also = elsewhere(shown, cited, (e) => hasName(e, name.folded));
      return {
        kind: "name",
        detail: name.written,
        reason: `numele „${name.written}” nu apare în ${where}${also}`,
      };
    }
  }
  const share = support(reading.content, evidence);
  if (share < minSupport) {
    return {
      kind: "weak_support",
      detail: share.toFixed(2),
      reason: `puțin susținută de ${where} (${Math.round(share * 100)}% din cuvinte se regăsesc)`,
    };
  }
  return null;
}

function isClaim(sentence: AnswerSentence, plain: string, folded: string, reading: SentenceReading): boolean {
  if (sentence.label || /\?\s*$/.test(plain)) return false;
  const facts = reading.facts.numbers.length + reading.facts.dates.length + reading.facts.names.length;
  if (reading.content.length < 2 && facts === 0) return false;
  // About the sources or the answer itself ("Sursele nu spun ..."): with nothing checkable in it, or framed so.
  if (sentence.citations.length > 0) return true;
  // The offline extractive model's framing, in whichever language it was written for the reader.
  if (isExtractiveFraming(plain)) return false;
  return !(META_OPENING.test(folded) || (facts === 0 && META.test(folded)));
}

/** A verdict for one sentence, or null when it is supported or makes no claim (then `claim` says which). */
export function judgeSentence(
  sentence: AnswerSentence,
  shown: Map<number, Evidence>,
  knownNames: ReadonlySet<string>,
  minSupport: number,
): { claim: boolean; verdict: Verdict; invalid: number[] } {
  const invalid = sentence.citations.filter((n) => !shown.has(n));
  const plain = plainSentence(sentence.text);
  const folded = foldDiacritics(plain);
  const reading: SentenceReading = {
    content: contentStems(folded),
    facts: factsOf(plain, { knownNames, folded }),
  };
  if (!isClaim(sentence, plain, folded, reading)) {
    // A label or meta sentence can still cite a source that does not exist.
    const verdict: Verdict = invalid.length
      ? {
          kind: "invalid_citation",
          detail: cites(invalid),
          reason: `citează ${cites(invalid)}, care nu există (${countWith(shown.size, ["sursă", "surse"])})`,
        }
      : null;
    return { claim: invalid.length > 0, verdict, invalid };
  }
  if (invalid.length) {
    return {
      claim: true,
      invalid,
      verdict: {
        kind: "invalid_citation",
        detail: cites(invalid),
        reason: `citează ${cites(invalid)}, care nu există (${countWith(shown.size, ["sursă", "surse"])})`,
      },
    };
  }
  if (sentence.citations.length === 0) {
    const best = [...shown]
      .map(([n, e]) => [n, support(reading.content, e)] as const)
      .sort((a, b) => b[1] - a[1])[0];
    const hint = best && best[1] >= minSupport ? ` (ar putea fi [${best[0]}])` : "";
    return { claim: true, invalid, verdict: { kind: "no_citation", reason: `afirmație fără citare${hint}` } };
  }
  return {
    claim: true,
    invalid,
    verdict: checkCited(reading, [...new Set(sentence.citations)], shown, minSupport),
  };
}

/** What the check needs of the shown passages, built once per answer. */
export function shownEvidence(
  passages: ShownPassage[],
  answer = "",
): {
  shown: Map<number, Evidence>;
  knownNames: Set<string>;
} {
  const knownNames = namesInside([answer, ...passages.map((p) => p.text)].join("\n"));
  const shown = new Map(passages.map((p) => [p.n, evidenceOf(p.text)]));
  return { shown, knownNames };
}

/** One sentence as the check graded it. */
export interface GradedSentence {
  sentence: AnswerSentence;
  /** Whether it makes a claim (what the score is over). */
  claim: boolean;
  /** Why it is not supported, or null. */
  verdict: Verdict;
  /** Its citations that name no shown source. */
  invalid: number[];
}

/** Every sentence of an answer graded against the passages it was shown, numbered as they were. */
export function gradeSentences(
  answer: string,
  passages: ShownPassage[],
  options: GroundingOptions = {},
): GradedSentence[] {
  const minSupport = options.minSupport ?? MIN_SUPPORT;
  const { shown, knownNames } = shownEvidence(passages, answer);
  return answerSentences(answer).map((sentence) => ({
    sentence,
    ...judgeSentence(sentence, shown, knownNames, minSupport),
  }));
}

/** The grounding of graded sentences: invalid citations, unsupported sentences, and the share of claims supported. */
export function summarizeGrounding(graded: GradedSentence[]): Grounding {
  const invalidCitations = new Set<number>();
  const unsupported: UnsupportedSentence[] = [];
  let claims = 0;
  for (const { sentence, claim, verdict, invalid } of graded) {
    for (const n of invalid) invalidCitations.add(n);
    if (claim) claims++;
    if (verdict) unsupported.push({ sentence: sentence.text, ...verdict });
  }
  return {
    score: claims === 0 ? 1 : (claims - unsupported.length) / claims,
    invalidCitations: [...invalidCitations].sort((a, b) => a - b),
    unsupported,
    claims,
    method: "lexical",
  };
}

/** Checks an answer against the passages it was shown, numbered as they were. */
export function checkGrounding(
  answer: string,
  passages: ShownPassage[],
  options: GroundingOptions = {},
): Grounding {
  return summarizeGrounding(gradeSentences(answer, passages, options));
}

// A sentence's end: a full stop, question or exclamation mark, ellipsis or colon, perhaps followed by closing quotes,
// brackets, emphasis marks and citations ("... crește [1].", "... crește. [2]", "... „așa”.").
const SENTENCE_END = /[.!?…:][\s"'”»)\]*_]*(?:\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\][\s.,;:)]*)*$/;

/**
 * A stopped answer without the sentence Stop cut short: its last sentence, when the answer ends inside it (no end
 * mark, no line break after it). That fragment says nothing yet, so it is not graded ("afirmație fără citare").
 */
export function withoutCutSentence(answer: string): string {
  if (/\n\s*$/.test(answer)) return answer;
  const sentences = answerSentences(answer);
  const last = sentences[sentences.length - 1];
  if (!last || answer.slice(last.end).trim() !== "" || SENTENCE_END.test(last.text.trimEnd())) return answer;
  // The cut sentence's list marker or heading mark goes with it.
  return answer
    .slice(0, last.start)
    .replace(/(^|\n)[^\S\n]*(?:[-*+•>#]+|\d{1,3}[.)])?[^\S\n]*$/, "$1")
    .trimEnd();
}
