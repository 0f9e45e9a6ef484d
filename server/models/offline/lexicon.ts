// The `offline:lexicon` annotator: a Romanian dictionary coder in the tradition of Rooduijn & Pauwels (2011), with
// populism as anti-elitism AND people-centrism (Mudde 2004), negation, intensifiers, irony and a people-vs-elite window.
import { z } from "zod";
import { TOPICS, type Annotation, type Tone, type Topic } from "../../../contract/annotation";
import { foldDiacritics, normalizeCedilla, stem } from "../../../contract/text";
import antiEliteFile from "./lexicon/anti-elite.json" with { type: "json" };
import diminishersFile from "./lexicon/diminishers.json" with { type: "json" };
import eliteFile from "./lexicon/elite.json" with { type: "json" };
import intensifiersFile from "./lexicon/intensifiers.json" with { type: "json" };
import ironyFile from "./lexicon/irony.json" with { type: "json" };
import negativeFile from "./lexicon/negative.json" with { type: "json" };
import negatorsFile from "./lexicon/negators.json" with { type: "json" };
import peopleFile from "./lexicon/people.json" with { type: "json" };
import positiveFile from "./lexicon/positive.json" with { type: "json" };
import topicsFile from "./lexicon/topics.json" with { type: "json" };
import antagonismFile from "./lexicon/antagonism.json" with { type: "json" };

// ---------------------------------------------------------------------------------------------------------------
// Word-list files: validated once at load, so a broken list fails loudly instead of silently matching nothing.

const GroupSchema = z.object({
  label: z.string(),
  weight: z.number().positive(),
  negatable: z.boolean().optional(),
  insult: z.boolean().optional(),
  target: z.boolean().optional(),
  /** A "those above" term ("cei de sus", "elita") that attacks only when set against the people (see antagonism). */
  vertical: z.boolean().optional(),
  tone: z.number().min(0).optional(),
  terms: z.array(z.string().min(1)).min(1),
});
type Group = z.infer<typeof GroupSchema>;

const SymbolGroupSchema = z.object({ weight: z.number().positive(), terms: z.array(z.string().min(1)) });

const ListFileSchema = z.object({
  version: z.string(),
  list: z.string(),
  description: z.string(),
  groups: z.array(GroupSchema).min(1),
  symbols: z.array(SymbolGroupSchema).optional(),
  censored: z.object({ weight: z.number().positive(), initials: z.string().regex(/^[a-z]+$/) }).optional(),
  exclude: z.array(z.string()).optional(),
});

const IronyFileSchema = z.object({
  version: z.string(),
  list: z.literal("irony"),
  description: z.string(),
  cues: z.array(GroupSchema).min(1),
  context: z.array(GroupSchema).min(1),
});

const AntagonismFileSchema = z.object({
  version: z.string(),
  list: z.literal("antagonism"),
  description: z.string(),
  contrast: z.array(GroupSchema).min(1),
  measures: z.array(GroupSchema).min(1),
});

const TopicsFileSchema = z.object({
  version: z.string(),
  list: z.literal("topics"),
  description: z.string(),
  topics: z.record(
    z.string(),
    z.object({ terms: z.array(z.string().min(1)).min(1), weak: z.array(z.string().min(1)).optional() }),
  ),
  exclude: z.array(z.string()).optional(),
});

const lists = {
  people: ListFileSchema.parse(peopleFile),
  antiElite: ListFileSchema.parse(antiEliteFile),
  elite: ListFileSchema.parse(eliteFile),
  positive: ListFileSchema.parse(positiveFile),
  negative: ListFileSchema.parse(negativeFile),
  negators: ListFileSchema.parse(negatorsFile),
  intensifiers: ListFileSchema.parse(intensifiersFile),
  diminishers: ListFileSchema.parse(diminishersFile),
};
const ironyList = IronyFileSchema.parse(ironyFile);
const topicsList = TopicsFileSchema.parse(topicsFile);
const antagonismList = AntagonismFileSchema.parse(antagonismFile);

function sharedVersion(): string {
  const versions = new Set(
    [...Object.values(lists), ironyList, topicsList, antagonismList].map((file) => file.version),
  );
  if (versions.size !== 1)
    throw new Error(`lexicon: word lists disagree on their version (${[...versions].join(", ")})`);
  return [...versions][0] ?? "0.0.0";
}

/** The version of the word lists and rules; every file in `lexicon/` carries it and a change to any bumps all. */
export const LEXICON_VERSION: string = sharedVersion();

/** The decision rules, in one place so that the docs and the benchmark can name them. */
export const LEXICON_RULES = {
  /** A negator at most this many tokens before a sentiment word (same clause) negates it. */
  negationWindow: 3,
  /** A negated positive word counts as negative with this share of its weight ("nu e bine"). */
  negatedPositive: 0.8,
  /** A negated negative word counts as positive with this share of its weight ("nu e rău" is mild praise). */
  negatedNegative: 0.4,
  /** A negator that negates nothing still tilts the tone a little towards negative. */
  bareNegation: 0.25,
  /** Intensifiers and diminishers act on a sentiment word at most this many tokens after them. */
  modifierWindow: 2,
  /** People and anti-elite evidence must share a sentence or lie at most this many tokens apart. */
  populismWindow: 15,
  /** An insult at most this many tokens from an elite term (or in its sentence) attacks that elite. */
  insultWindow: 8,
  /** Praise counts as irony when the rest of the text carries at least this much negative weight. */
  ironyNegativeMass: 1,
  /** Net tone (positive minus negative weight) needed for "pozitiv" / "negativ". */
  positiveThreshold: 0.75,
  negativeThreshold: 0.5,
  /** Anti-elitism and people-centrism each need this much summed weight. */
  dimensionThreshold: 1,
  /**
   * A "those above" term ("cei de sus", "elita") weighs this much when a strong people term shares its sentence and
   * the sentence sets them apart: a contrast ("iar", "în timp ce"), a negation, or negative words.
   */
  antagonismWeight: 1,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Compiled patterns. A term is a sequence of token patterns: `word` matches on the stem, `word*` on a prefix,
// `=word` exactly, `^WORD` exactly and case-sensitively (acronyms), `_` skips 0-2 tokens.

/** What a term is evidence of; the number is the slot its hits get in `findHits`. */
const SLOTS = {
  positive: 0,
  negative: 1,
  people: 2,
  antiElite: 3,
  elite: 4,
  negator: 5,
  intensifier: 6,
  diminisher: 7,
  ironyCue: 8,
  ironyContext: 9,
  topic: 10,
  contrast: 11,
  measure: 12,
} as const;
type Category = keyof typeof SLOTS;
const SLOT_COUNT = Object.keys(SLOTS).length;

type TokenPattern =
  { kind: "exact" | "stem" | "prefix" | "upper"; value: string } | { kind: "gap"; value: "" };

interface Entry {
  category: Category;
  slot: number;
  /** Which file the term came from; that file's exclusions veto its matches. */
  list: number;
  /** The term as written in its file (for debugging). */
  term: string;
  patterns: TokenPattern[];
  weight: number;
  negatable: boolean;
  insult: boolean;
  target: boolean;
  vertical: boolean;
  /** Negative-tone weight an anti-elite term adds ("hoții" is negative, "sistemul" is not). */
  tone: number;
  topic: Topic | null;
}

const MAX_GAP = 2;
/** Vague topic words ("lei", "muncă") count half. */
const TOPIC_WEAK_WEIGHT = 0.5;

function compileToken(raw: string, where: string): TokenPattern {
  if (raw === "_") return { kind: "gap", value: "" };
  if (raw.startsWith("^")) {
    if (!/^[A-Z]/.test(raw.slice(1))) throw new Error(`lexicon: a ^pattern must start with A-Z in ${where}`);
    return { kind: "upper", value: normalizeCedilla(raw.slice(1)) };
  }
  if (raw.startsWith("=")) return { kind: "exact", value: foldDiacritics(raw.slice(1)) };
  if (raw.endsWith("*")) {
    const value = foldDiacritics(raw.slice(0, -1));
    if (value.length < 2) throw new Error(`lexicon: prefix too short in ${where}`);
    return { kind: "prefix", value };
  }
  return { kind: "stem", value: stem(foldDiacritics(raw)) };
}

/** Splits a term like the text is split (hyphens and apostrophes separate tokens) and compiles each piece. */
function compileTerm(term: string, where: string): TokenPattern[] {
  const pieces = term
    .replace(/[-'’]/g, " ")
    .split(/\s+/)
    .filter((piece) => piece.length > 0 && piece !== "=" && piece !== "*");
  const patterns = pieces.map((piece) => compileToken(piece, where));
  if (patterns.length === 0 || patterns[0]?.kind === "gap" || patterns[patterns.length - 1]?.kind === "gap") {
    throw new Error(`lexicon: bad term "${term}" in ${where}`);
  }
  return patterns;
}

const exactIndex = new Map<string, Entry[]>();
const stemIndex = new Map<string, Entry[]>();
const prefixIndex = new Map<string, Entry[]>();
const upperIndex = new Map<string, Entry[]>();
const exclusions: { list: number; pattern: TokenPattern }[] = [];
/** Case-sensitive exclusions by surface form (`^Putin` keeps the name out of the diminisher "puțin"). */
const surfaceExclusions = new Map<string, Set<number>>();
const symbolEntries: { symbol: string; weight: number; category: "positive" | "negative" }[] = [];
let listCount = 0;

function addToIndex(index: Map<string, Entry[]>, key: string, entry: Entry): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(entry);
  else index.set(key, [entry]);
}

function addEntry(entry: Entry): void {
  const first = entry.patterns[0];
  if (!first || first.kind === "gap") return;
  if (first.kind === "exact") addToIndex(exactIndex, first.value, entry);
  else if (first.kind === "stem") addToIndex(stemIndex, first.value, entry);
  else if (first.kind === "prefix") addToIndex(prefixIndex, first.value, entry);
  else addToIndex(upperIndex, first.value, entry);
}

function addExclusion(list: number, raw: string, name: string): void {
  const [pattern] = compileTerm(raw, `${name} (exclude)`);
  if (!pattern) return;
  if (pattern.kind === "upper") {
    const lists = surfaceExclusions.get(pattern.value) ?? new Set<number>();
    lists.add(list);
    surfaceExclusions.set(pattern.value, lists);
  } else exclusions.push({ list, pattern });
}

function addGroups(category: Category, name: string, groups: Group[], exclude: string[] = []): void {
  const list = listCount++;
  for (const group of groups) {
    for (const term of group.terms) {
      addEntry({
        category,
        slot: SLOTS[category],
        list,
        term,
        patterns: compileTerm(term, name),
        weight: group.weight,
        negatable: group.negatable ?? true,
        insult: group.insult ?? false,
        target: group.target ?? false,
        vertical: group.vertical ?? false,
        tone: group.tone ?? 0,
        topic: null,
      });
    }
  }
  for (const raw of exclude) addExclusion(list, raw, name);
}

addGroups("people", "people.json", lists.people.groups, lists.people.exclude);
addGroups("antiElite", "anti-elite.json", lists.antiElite.groups, lists.antiElite.exclude);
addGroups("elite", "elite.json", lists.elite.groups, lists.elite.exclude);
addGroups("positive", "positive.json", lists.positive.groups, lists.positive.exclude);
addGroups("negative", "negative.json", lists.negative.groups, lists.negative.exclude);
addGroups("negator", "negators.json", lists.negators.groups, lists.negators.exclude);
addGroups("intensifier", "intensifiers.json", lists.intensifiers.groups, lists.intensifiers.exclude);
addGroups("diminisher", "diminishers.json", lists.diminishers.groups, lists.diminishers.exclude);
addGroups("ironyCue", "irony.json", ironyList.cues);
addGroups("ironyContext", "irony.json", ironyList.context);
addGroups("contrast", "antagonism.json", antagonismList.contrast);
addGroups("measure", "antagonism.json", antagonismList.measures);
{
  // All topics share one list id, so that one exclusion ("taxi*") vetoes every topic.
  const list = listCount++;
  for (const [name, { terms, weak = [] }] of Object.entries(topicsList.topics)) {
    const topic = TOPICS.find((candidate) => candidate === name && candidate !== "altele");
    if (!topic) throw new Error(`lexicon: unknown topic "${name}" in topics.json`);
    for (const [weight, group] of [
      [1, terms],
      [TOPIC_WEAK_WEIGHT, weak],
    ] as const) {
      for (const term of group) {
        addEntry({
          category: "topic",
          slot: SLOTS.topic,
          list,
          term,
          patterns: compileTerm(term, "topics.json"),
          weight,
          negatable: false,
          insult: false,
          target: false,
          vertical: false,
          tone: 0,
          topic,
        });
      }
    }
  }
  for (const raw of topicsList.exclude ?? []) addExclusion(list, raw, "topics.json");
}
for (const [category, file] of [
  ["positive", lists.positive],
  ["negative", lists.negative],
] as const) {
  for (const group of file.symbols ?? []) {
    for (const symbol of group.terms) symbolEntries.push({ symbol, weight: group.weight, category });
  }
}

const prefixLengths = [...new Set([...prefixIndex.keys()].map((key) => key.length))].sort((a, b) => a - b);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const symbolWeights = new Map(symbolEntries.map((entry) => [entry.symbol, entry]));
const SYMBOL_RE = new RegExp(
  [...symbolWeights.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|"),
  "gu",
);

/** Profanity hidden behind symbols ("p#$la", "c..at"): one initial, then #*$@ or 2+ dots, then a letter. */
const censored = lists.negative.censored;
const CENSORED_RE = censored
  ? new RegExp(`(?<![\\p{L}\\p{N}])[${censored.initials}](?:[#*$@]+|\\.{2,})\\p{L}`, "giu")
  : null;
const CENSORED_HINT = /[#*$@]|\.\./;

/** Characters a symbol can start with; texts without any skip the symbol scan. */
const SYMBOL_START = new RegExp(
  `[${[
    ...new Set([...symbolWeights.keys()].map((symbol) => String.fromCodePoint(symbol.codePointAt(0) ?? 32))),
  ]
    .map(escapeRegExp)
    .join("")}]`,
  "u",
);

// ---------------------------------------------------------------------------------------------------------------
// Tokens. Word candidates are cached by folded form: comment vocabularies are Zipfian, so most lookups are hits.

interface TokenInfo {
  /** The folded token with letters repeated for emphasis squeezed ("hoțiiii" → "hoti"); what patterns see. */
  form: string;
  stem: string;
  /** Entries whose first pattern matches this token (exclusions already applied). */
  candidates: Entry[];
  /** Lists whose exclusions this token hits; null when none. */
  excluded: Set<number> | null;
}

interface Token {
  surface: string;
  info: TokenInfo;
  /** Lists vetoed by a case-sensitive exclusion of this exact surface form; null when none. */
  veto: Set<number> | null;
  start: number;
  end: number;
  sentence: number;
  clause: number;
  quoted: boolean;
}

const CACHE_LIMIT = 100_000;
const tokenCache = new Map<string, TokenInfo>();

function matchesPattern(pattern: TokenPattern, folded: string, tokenStem: string, surface: string): boolean {
  switch (pattern.kind) {
    case "exact":
      return folded === pattern.value;
    case "stem":
      return tokenStem === pattern.value;
    case "prefix":
      return folded.startsWith(pattern.value);
    case "upper":
      return surface === pattern.value;
    case "gap":
      return false;
  }
}

function collectCandidates(bucket: Entry[] | undefined, excluded: Set<number> | null, into: Entry[]): void {
  if (!bucket) return;
  for (const entry of bucket) if (!excluded?.has(entry.list)) into.push(entry);
}

const ELONGATED = /(\p{L})\1{2,}/u;
const ELONGATED_ALL = /(\p{L})\1{2,}/gu;

function tokenInfo(folded: string): TokenInfo {
  const cached = tokenCache.get(folded);
  if (cached) return cached;
  // Three or more of the same letter never occur in Romanian spelling: they are emphasis ("iubireee").
  const form = ELONGATED.test(folded) ? folded.replace(ELONGATED_ALL, "$1") : folded;
  const tokenStem = stem(form);
  let excluded: Set<number> | null = null;
  for (const { list, pattern } of exclusions) {
    if (matchesPattern(pattern, form, tokenStem, form)) (excluded ??= new Set()).add(list);
  }
  const candidates: Entry[] = [];
  collectCandidates(exactIndex.get(form), excluded, candidates);
  collectCandidates(stemIndex.get(tokenStem), excluded, candidates);
  for (const length of prefixLengths) {
    if (length > form.length) break;
    collectCandidates(prefixIndex.get(form.slice(0, length)), excluded, candidates);
  }
  const info: TokenInfo = { form, stem: tokenStem, candidates, excluded };
  if (tokenCache.size >= CACHE_LIMIT) tokenCache.clear();
  tokenCache.set(folded, info);
  return info;
}

const NON_ASCII = /[^\x00-\x7f]/u;
const NON_ASCII_ALL = /[^\x00-\x7f]/gu;
const foldedChars = new Map<string, string>();

/** `foldDiacritics` one character at a time (cached), so that offsets in the folded text match the original. */
function foldAligned(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length !== text.length || !NON_ASCII.test(lower)) return lower;
  return lower.replace(NON_ASCII_ALL, (char) => {
    let folded = foldedChars.get(char);
    if (folded === undefined) {
      const candidate = foldDiacritics(char);
      folded = candidate.length === char.length ? candidate : char;
      if (foldedChars.size < 10_000) foldedChars.set(char, folded);
    }
    return folded;
  });
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
const SENTENCE_BREAK = /[.!?…\n]/;
const CLAUSE_BREAK = /[,;:()[\]]|\s[-–—]\s/;
const QUOTE_CHARS = /[„“”"«»]/;
const QUOTED_SPAN = /[„“"«]([^„“”"«»\n]{1,80})[”“"»]/g;
/** Longer quoted passages are citations, not scare quotes. */
const MAX_SCARE_QUOTE_TOKENS = 4;

/** Case-sensitive patterns start with A-Z (checked at load), so other tokens skip those lookups. */
function startsWithCapital(surface: string): boolean {
  const first = surface.charCodeAt(0);
  return first >= 65 && first <= 90;
}

function tokenizeText(text: string): Token[] {
  const folded = foldAligned(text);
  const aligned = folded.length === text.length;
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let previousEnd = -1;
  WORD_RE.lastIndex = 0;
  for (let match = WORD_RE.exec(text); match; match = WORD_RE.exec(text)) {
    const start = match.index;
    const surface = match[0];
    const end = start + surface.length;
    if (previousEnd >= 0 && !(start - previousEnd === 1 && " -'".includes(text[previousEnd] ?? ""))) {
      const gap = text.slice(previousEnd, start);
      if (SENTENCE_BREAK.test(gap)) {
        sentence++;
        clause++;
      } else if (CLAUSE_BREAK.test(gap)) clause++;
    }
    const foldedToken = aligned ? folded.slice(start, end) : foldDiacritics(surface);
    tokens.push({
      surface,
      info: tokenInfo(foldedToken),
      veto: startsWithCapital(surface) ? (surfaceExclusions.get(surface) ?? null) : null,
      start,
      end,
      sentence,
      clause,
      quoted: false,
    });
    previousEnd = end;
  }
  if (QUOTE_CHARS.test(text)) markScareQuotes(text, tokens);
  return tokens;
}

function markScareQuotes(text: string, tokens: Token[]): void {
  for (const match of text.matchAll(QUOTED_SPAN)) {
    const from = match.index;
    const to = from + match[0].length;
    const inside = tokens.filter((token) => token.start > from && token.end < to);
    if (inside.length > 0 && inside.length <= MAX_SCARE_QUOTE_TOKENS)
      for (const token of inside) token.quoted = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching: every entry whose first pattern fits a token is tried from there; per category, the longest match at
// the leftmost position wins and matches of one category never overlap.

interface Hit {
  entry: Entry;
  /** Token indices, end exclusive. */
  start: number;
  end: number;
}

function matchRest(
  patterns: TokenPattern[],
  index: number,
  at: number,
  tokens: Token[],
  list: number,
): number {
  if (index === patterns.length) return at;
  const pattern = patterns[index];
  if (!pattern) return -1;
  if (pattern.kind === "gap") {
    for (let skip = 0; skip <= MAX_GAP && at + skip <= tokens.length; skip++) {
      const end = matchRest(patterns, index + 1, at + skip, tokens, list);
      if (end >= 0) return end;
    }
    return -1;
  }
  const token = tokens[at];
  if (!token || token.info.excluded?.has(list) || token.veto?.has(list)) return -1;
  if (!matchesPattern(pattern, token.info.form, token.info.stem, token.surface)) return -1;
  return matchRest(patterns, index + 1, at + 1, tokens, list);
}

/** Hits by slot (see SLOTS), each list in text order. */
function findHits(tokens: Token[]): Hit[][] {
  const hits: Hit[][] = Array.from({ length: SLOT_COUNT }, () => []);
  const lastEnd = new Int32Array(SLOT_COUNT);
  const best: (Hit | null)[] = new Array<Hit | null>(SLOT_COUNT).fill(null);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const upper = startsWithCapital(token.surface) ? upperIndex.get(token.surface) : undefined;
    const candidates = upper ? [...token.info.candidates, ...upper] : token.info.candidates;
    if (candidates.length === 0) continue;
    for (const entry of candidates) {
      if (i < (lastEnd[entry.slot] ?? 0) || token.veto?.has(entry.list)) continue;
      const end =
        entry.patterns.length === 1 ? i + 1 : matchRest(entry.patterns, 1, i + 1, tokens, entry.list);
      if (end < 0) continue;
      const current = best[entry.slot];
      if (!current || end > current.end || (end === current.end && entry.weight > current.entry.weight)) {
        best[entry.slot] = { entry, start: i, end };
      }
    }
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const hit = best[slot];
      if (!hit) continue;
      hits[slot]?.push(hit);
      lastEnd[slot] = hit.end;
      best[slot] = null;
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring.

/** One piece of tone evidence: the text it rests on and its signed weight (negative = negative tone). */
interface ToneEvidence {
  surface: string;
  value: number;
  at: number;
  /** Token range the evidence rests on (end exclusive); symbols have none (-1). */
  from: number;
  to: number;
  note: "" | "negat" | "ironie";
}

/** A piece of people-centric or anti-elite evidence. */
interface DimensionEvidence {
  surface: string;
  at: number;
  sentence: number;
  weight: number;
}

/** The text, its tokens and its hits: what every scoring step reads. */
interface Context {
  text: string;
  tokens: Token[];
  hits: Hit[][];
  negatorAt: Uint8Array;
  /** Negators that negate something or belong to a phrase; the rest count as bare negation. */
  consumed: Uint8Array;
}

/** Everything the annotator found, for the benchmark and for anyone who wants to see why. */
export interface LexiconAnalysis {
  annotation: Annotation;
  /** Summed positive and negative tone weight (after negation, intensifiers and irony). */
  positive: number;
  negative: number;
  irony: boolean;
  peopleScore: number;
  antiEliteScore: number;
  topicScores: Partial<Record<Topic, number>>;
}

function span(ctx: Context, from: number, to: number): string {
  return ctx.text.slice(ctx.tokens[from]?.start ?? 0, ctx.tokens[to - 1]?.end ?? 0);
}

function sentenceOf(ctx: Context, index: number): number {
  return ctx.tokens[index]?.sentence ?? 0;
}

function sameClause(ctx: Context, a: number, b: number): boolean {
  return ctx.tokens[a]?.clause === ctx.tokens[b]?.clause;
}

function near(
  a: { at: number; sentence: number },
  b: { at: number; sentence: number },
  window: number,
): boolean {
  return a.sentence === b.sentence || Math.abs(a.at - b.at) <= window;
}

/** The negator at most `negationWindow` tokens before `start` in the same clause, or -1. */
function negatorBefore(ctx: Context, start: number): number {
  for (let j = start - 1; j >= 0 && j >= start - LEXICON_RULES.negationWindow; j--) {
    if (!sameClause(ctx, j, start)) return -1;
    if (ctx.negatorAt[j]) return j;
  }
  return -1;
}

const MODIFIER_SLOTS = [SLOTS.intensifier, SLOTS.diminisher] as const;

/** The product of the intensifiers and diminishers just before a hit, and where the first of them starts. */
function modifierOf(ctx: Context, hit: Hit): { factor: number; from: number } {
  let factor = 1;
  let from = hit.start;
  for (const slot of MODIFIER_SLOTS) {
    for (const modifier of ctx.hits[slot] ?? []) {
      if (modifier.end > hit.start) break;
      if (modifier.end < hit.start - LEXICON_RULES.modifierWindow + 1) continue;
      if (!sameClause(ctx, modifier.start, hit.start)) continue;
      factor *= modifier.entry.weight;
      from = Math.min(from, modifier.start);
    }
  }
  return { factor: Math.min(2.5, Math.max(0.3, factor)), from };
}

function sentimentEvidence(ctx: Context, hit: Hit, sign: 1 | -1): ToneEvidence {
  const { factor, from } = modifierOf(ctx, hit);
  const negator = hit.entry.negatable ? negatorBefore(ctx, hit.start) : -1;
  let value = sign * hit.entry.weight * factor;
  let note: ToneEvidence["note"] = "";
  let spanFrom = from;
  if (negator >= 0) {
    ctx.consumed[negator] = 1;
    // Negative concord: a "deloc"/"niciodată" just after the word belongs to the same negation.
    for (let j = hit.end; j < Math.min(ctx.tokens.length, hit.end + 2); j++)
      if (ctx.negatorAt[j]) ctx.consumed[j] = 1;
    value = sign > 0 ? -value * LEXICON_RULES.negatedPositive : -value * LEXICON_RULES.negatedNegative;
    note = "negat";
    spanFrom = Math.min(spanFrom, negator);
  }
  return { surface: span(ctx, spanFrom, hit.end), value, at: hit.start, from: hit.start, to: hit.end, note };
}

function plainEvidence(ctx: Context, hit: Hit, value: number, note: ToneEvidence["note"]): ToneEvidence {
  return { surface: span(ctx, hit.start, hit.end), value, at: hit.start, from: hit.start, to: hit.end, note };
}

/** Where two pieces of tone evidence share tokens ("ne fură" and "fură"), only the stronger one counts. */
function resolveOverlaps(evidence: ToneEvidence[]): ToneEvidence[] {
  if (evidence.length < 2) return evidence;
  const covered = new Set<number>();
  const kept: ToneEvidence[] = [];
  const strongestFirst = [...evidence].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.at - b.at);
  for (const item of strongestFirst) {
    if (item.from >= 0) {
      let overlaps = false;
      for (let j = item.from; j < item.to && !overlaps; j++) overlaps = covered.has(j);
      if (overlaps) continue;
      for (let j = item.from; j < item.to; j++) covered.add(j);
    }
    kept.push(item);
  }
  return kept.sort((a, b) => a.at - b.at);
}

interface ToneResult {
  ton: Tone;
  evidence: ToneEvidence[];
  positive: number;
  negative: number;
  irony: boolean;
  bareNegators: number;
}

function overlapsAny(hit: Hit, others: Hit[]): boolean {
  for (const other of others) if (other.start < hit.end && hit.start < other.end) return true;
  return false;
}

/** Emoji, emoticons and profanity hidden behind symbols: tone evidence outside the word tokens. */
function addSymbolEvidence(ctx: Context, candidates: ToneEvidence[]): void {
  if (SYMBOL_START.test(ctx.text)) {
    SYMBOL_RE.lastIndex = 0;
    // Each distinct symbol counts once: "😂😂😂" is one laugh, "???" one question.
    const seen = new Set<string>();
    for (let match = SYMBOL_RE.exec(ctx.text); match; match = SYMBOL_RE.exec(ctx.text)) {
      const symbol = symbolWeights.get(match[0]);
      if (!symbol || seen.has(match[0])) continue;
      seen.add(match[0]);
      const index = match.index;
      const at = ctx.tokens.findIndex((token) => token.start >= index);
      const value = symbol.category === "positive" ? symbol.weight : -symbol.weight;
      candidates.push({
        surface: match[0],
        value,
        at: at < 0 ? ctx.tokens.length : at,
        from: -1,
        to: -1,
        note: "",
      });
    }
  }

  if (CENSORED_RE && censored && CENSORED_HINT.test(ctx.text)) {
    CENSORED_RE.lastIndex = 0;
    for (let match = CENSORED_RE.exec(ctx.text); match; match = CENSORED_RE.exec(ctx.text)) {
      const index = match.index;
      const at = ctx.tokens.findIndex((token) => token.end > index);
      // The word goes on after the symbols: "p#$la" is tokenised as "p" and "la".
      const rest = ctx.tokens.find((token) => token.start >= index + match[0].length - 1);
      const surface = ctx.text.slice(index, rest ? rest.end : index + match[0].length);
      candidates.push({
        surface,
        value: -censored.weight,
        at: at < 0 ? ctx.tokens.length : at,
        from: -1,
        to: -1,
        note: "",
      });
    }
  }
}

function scoreTone(ctx: Context): ToneResult {
  const { hits } = ctx;
  const positives = hits[SLOTS.positive] ?? [];
  const negatives = hits[SLOTS.negative] ?? [];
  const cues = hits[SLOTS.ironyCue] ?? [];

  // A negator inside a sentiment phrase ("nu merge") is part of it, not a negator of the next word.
  for (const hit of positives) for (let j = hit.start; j < hit.end; j++) ctx.consumed[j] = 1;
  for (const hit of negatives) for (let j = hit.start; j < hit.end; j++) ctx.consumed[j] = 1;

  const candidates: ToneEvidence[] = [];
  const praise: Hit[] = [];
  for (const hit of positives) {
    // Praise that could be ironic (a cue, or scare quotes) waits until we know whether the text is negative.
    if (overlapsAny(hit, cues) || ctx.tokens[hit.start]?.quoted) praise.push(hit);
    else candidates.push(sentimentEvidence(ctx, hit, 1));
  }
  for (const hit of negatives) candidates.push(sentimentEvidence(ctx, hit, -1));
  for (const hit of hits[SLOTS.ironyContext] ?? [])
    candidates.push(plainEvidence(ctx, hit, -hit.entry.weight, ""));
  for (const hit of hits[SLOTS.antiElite] ?? []) {
    if (hit.entry.tone <= 0) continue;
    const { factor, from } = modifierOf(ctx, hit);
    const evidence = plainEvidence(ctx, hit, -hit.entry.tone * factor, "");
    candidates.push({ ...evidence, surface: span(ctx, from, hit.end) });
  }
  addSymbolEvidence(ctx, candidates);

  // Irony: praise ("bravo", scare-quoted „reforma”) in a text that is otherwise clearly negative reads as negative.
  let negativeMass = 0;
  for (const item of candidates) if (item.value < 0) negativeMass -= item.value;
  const ironic = negativeMass >= LEXICON_RULES.ironyNegativeMass;
  const scareQuotes = ironic || (hits[SLOTS.elite]?.length ?? 0) > 0;
  let irony = false;
  for (const hit of praise) {
    if (overlapsAny(hit, cues) ? ironic : scareQuotes) {
      candidates.push(plainEvidence(ctx, hit, -hit.entry.weight, "ironie"));
      irony = true;
    } else candidates.push(sentimentEvidence(ctx, hit, 1));
  }
  if (ironic) {
    // Cues that are not praise words themselves ("halal", "măcar", "ce noroc") count here, once.
    for (const cue of cues) {
      if (overlapsAny(cue, positives)) continue;
      candidates.push(plainEvidence(ctx, cue, -cue.entry.weight, "ironie"));
      irony = true;
    }
  }

  const evidence = resolveOverlaps(candidates);
  let positive = 0;
  let negative = 0;
  for (const item of evidence) {
    if (item.value > 0) positive += item.value;
    else negative -= item.value;
  }
  let bareNegators = 0;
  for (let j = 0; j < ctx.tokens.length; j++) if (ctx.negatorAt[j] && !ctx.consumed[j]) bareNegators++;
  negative += bareNegators * LEXICON_RULES.bareNegation;

  const net = positive - negative;
  const ton: Tone =
    net >= LEXICON_RULES.positiveThreshold
      ? "pozitiv"
      : net <= -LEXICON_RULES.negativeThreshold
        ? "negativ"
        : "neutru";
  return { ton, evidence, positive, negative, irony, bareNegators };
}

interface PopulismResult {
  populism: boolean;
  antiElitism: boolean;
  poporCentral: boolean;
  people: DimensionEvidence[];
  anti: DimensionEvidence[];
  peopleScore: number;
  antiEliteScore: number;
  /** How many insults were aimed at the elite term starting at each token index. */
  attackedElite: Map<number, number>;
}

/** Whether a sentence sets its parts against each other: a contrast word, a negation or negative words. */
function adversative(ctx: Context, sentence: number): boolean {
  const inSentence = (hit: Hit) => sentenceOf(ctx, hit.start) === sentence;
  if ((ctx.hits[SLOTS.contrast] ?? []).some(inSentence)) return true;
  if ((ctx.hits[SLOTS.negative] ?? []).some(inSentence)) return true;
  if ((ctx.hits[SLOTS.antiElite] ?? []).some((hit) => hit.entry.tone > 0 && inSentence(hit))) return true;
  for (let j = 0; j < ctx.tokens.length; j++)
    if (ctx.negatorAt[j] && sentenceOf(ctx, j) === sentence) return true;
  return false;
}

/** An insult right after a measure ("decizie proastă", "lege foarte proastă") or in "prostie de lege". */
function qualifiesMeasure(ctx: Context, insult: Hit): boolean {
  for (const measure of ctx.hits[SLOTS.measure] ?? []) {
    if (!sameClause(ctx, measure.start, insult.start)) continue;
    if (measure.end <= insult.start && measure.end >= insult.start - 2) return true;
    if (measure.start === insult.end + 1 && ctx.tokens[insult.end]?.info.form === "de") return true;
  }
  return false;
}

function scorePopulism(ctx: Context): PopulismResult {
  const { hits } = ctx;
  const insults = (hits[SLOTS.negative] ?? []).filter((hit) => hit.entry.insult);
  const eliteHits = hits[SLOTS.elite] ?? [];
  const evidenceOf = (hit: Hit, weight: number): DimensionEvidence => ({
    surface: span(ctx, hit.start, hit.end),
    at: hit.start,
    sentence: sentenceOf(ctx, hit.start),
    weight,
  });

  const people: DimensionEvidence[] = [];
  for (const hit of hits[SLOTS.people] ?? []) {
    // "Românii proști" insults the people instead of appealing to it.
    const insulted = insults.some(
      (insult) =>
        sameClause(ctx, insult.start, hit.start) &&
        insult.start >= hit.start - 2 &&
        insult.start <= hit.end + 1,
    );
    if (!insulted) people.push(evidenceOf(hit, hit.entry.weight));
  }

  // "Cei de sus" or "elita" alone is a weak hint; set against the people in an adversative sentence ("oamenii simpli
  // muncesc, iar cei de sus huzuresc") it is the populist antagonism itself.
  const peopleSentences = new Set(people.filter((item) => item.weight >= 1).map((item) => item.sentence));
  const anti = (hits[SLOTS.antiElite] ?? []).map((hit) => {
    const weight =
      hit.entry.vertical &&
      hit.entry.weight < LEXICON_RULES.antagonismWeight &&
      peopleSentences.has(sentenceOf(ctx, hit.start)) &&
      adversative(ctx, sentenceOf(ctx, hit.start))
        ? LEXICON_RULES.antagonismWeight
        : hit.entry.weight;
    return evidenceOf(hit, weight);
  });
  // An insult aimed at an elite ("Ministrul e un bou") is anti-elite evidence too; one that qualifies a measure
  // ("o decizie proastă", "o prostie de lege") criticises the measure, not the elite.
  const attackedElite = new Map<number, number>();
  for (const insult of insults) {
    if (qualifiesMeasure(ctx, insult)) continue;
    const place = { at: insult.start, sentence: sentenceOf(ctx, insult.start) };
    let nearest: Hit | null = null;
    for (const elite of eliteHits) {
      if (
        !near(place, { at: elite.start, sentence: sentenceOf(ctx, elite.start) }, LEXICON_RULES.insultWindow)
      )
        continue;
      if (!nearest || Math.abs(elite.start - insult.start) < Math.abs(nearest.start - insult.start))
        nearest = elite;
    }
    if (!nearest) continue;
    attackedElite.set(nearest.start, (attackedElite.get(nearest.start) ?? 0) + 1);
    anti.push(evidenceOf(insult, 1));
  }

  const peopleScore = people.reduce((sum, item) => sum + item.weight, 0);
  const antiEliteScore = anti.reduce((sum, item) => sum + item.weight, 0);
  // Pronouns and broad groups ("noi", "lumea") support an appeal to the people but never make one on their own.
  const strongPeople = people.filter((item) => item.weight >= 1);
  const poporCentral = strongPeople.length > 0 && peopleScore >= LEXICON_RULES.dimensionThreshold;
  const antiElitism = antiEliteScore >= LEXICON_RULES.dimensionThreshold;
  // One claim about "us" against "them": a people term near real anti-elite evidence, not a stray mention.
  const strongAnti = anti.filter((item) => item.weight >= 1);
  const populism =
    poporCentral &&
    antiElitism &&
    strongPeople.some((p) => strongAnti.some((a) => near(p, a, LEXICON_RULES.populismWindow)));
  return { populism, antiElitism, poporCentral, people, anti, peopleScore, antiEliteScore, attackedElite };
}

/** The elite term closest to the attack, else the first anti-elite noun that names someone; null if none. */
function findTarget(ctx: Context, populism: PopulismResult): string | null {
  const eliteHits = ctx.hits[SLOTS.elite] ?? [];
  const antiHits = ctx.hits[SLOTS.antiElite] ?? [];
  let target: { from: number; to: number } | null = null;
  let bestScore = -1;
  for (const elite of eliteHits) {
    const place = { at: elite.start, sentence: sentenceOf(ctx, elite.start) };
    const attacked = populism.anti.some((item) => near(item, place, LEXICON_RULES.insultWindow));
    const score = elite.entry.weight + (attacked ? 2 : 0) + (populism.attackedElite.get(elite.start) ?? 0);
    if (score > bestScore) {
      bestScore = score;
      target = { from: elite.start, to: elite.end };
    }
  }
  if (target) {
    // "hoții de la putere", "Ministrul Apărării": the attack word before and a capitalised name after belong to it.
    const head = target.from;
    const before = antiHits.find((hit) => hit.entry.target && hit.end === head);
    if (before) target.from = before.start;
    while (
      target.to < ctx.tokens.length &&
      target.to - head < 4 &&
      startsUpper(ctx, target.to - 1, target.to)
    )
      target.to++;
  } else {
    const named = antiHits.find((hit) => hit.entry.target);
    if (named) target = { from: named.start, to: named.end };
  }
  return target ? span(ctx, target.from, target.to) : null;
}

/** True when token `next` is a capitalised word ("Apărării", not "ROMÂNIEI") in the same clause as `previous`. */
function startsUpper(ctx: Context, previous: number, next: number): boolean {
  const token = ctx.tokens[next];
  if (!token || !sameClause(ctx, previous, next)) return false;
  const first = token.surface[0] ?? "";
  const rest = token.surface.slice(1);
  return first !== first.toLowerCase() && rest !== rest.toUpperCase();
}

interface TopicResult {
  tema: Topic;
  scores: Partial<Record<Topic, number>>;
  surfaces: string[];
}

/** The topic with the highest keyword score; ties go to the topic mentioned first; "altele" without keywords. */
function findTopic(ctx: Context): TopicResult {
  const scores: Partial<Record<Topic, number>> = {};
  let tema: Topic = "altele";
  let bestScore = 0;
  for (const hit of ctx.hits[SLOTS.topic] ?? []) {
    const topic = hit.entry.topic;
    if (!topic) continue;
    const score = (scores[topic] ?? 0) + hit.entry.weight;
    scores[topic] = score;
    // Hits come in text order, so a strict ">" keeps the earlier topic on a tie.
    if (score > bestScore) {
      bestScore = score;
      tema = topic;
    }
  }
  const surfaces: string[] = [];
  for (const hit of ctx.hits[SLOTS.topic] ?? [])
    if (hit.entry.topic === tema) surfaces.push(span(ctx, hit.start, hit.end));
  return { tema, scores, surfaces };
}

/** Confidence grows with the evidence for the labels and drops when the tone evidence pulls both ways. */
function confidenceOf(tone: ToneResult, populism: PopulismResult, topic: TopicResult): number {
  const margin = tone.ton === "neutru" ? 0 : Math.abs(tone.positive - tone.negative);
  const dimensions =
    0.5 * (populism.antiElitism ? Math.min(populism.antiEliteScore, 3) : 0) +
    0.5 * (populism.poporCentral ? Math.min(populism.peopleScore, 3) : 0);
  const topicEvidence = topic.tema === "altele" ? 0 : 0.25 * Math.min(topic.scores[topic.tema] ?? 0, 3);
  const strength = margin + dimensions + topicEvidence;
  const conflict =
    tone.positive > 0 && tone.negative > 0
      ? Math.min(tone.positive, tone.negative) / Math.max(tone.positive, tone.negative)
      : 0;
  const raw = 0.2 + 0.7 * (1 - Math.exp(-strength / 3)) - 0.15 * conflict;
  return Math.round(Math.min(0.9, Math.max(0.1, raw)) * 100) / 100;
}

const MAX_EVIDENCE = 20;

/** The matched surface forms, in text order, each once (compared without case and diacritics). */
function collectEvidence(
  tone: ToneResult,
  populism: PopulismResult,
  tinta: string | null,
  topic: TopicResult,
): string[] {
  const ordered = [...tone.evidence, ...populism.people, ...populism.anti].sort((a, b) => a.at - b.at);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (surface: string) => {
    const key = foldAligned(surface);
    if (!surface || seen.has(key) || out.length >= MAX_EVIDENCE) return;
    seen.add(key);
    out.push(surface);
  };
  for (const item of ordered) add(item.surface);
  if (tinta) add(tinta);
  for (const surface of topic.surfaces) add(surface);
  return out;
}

const quote = (text: string) => `„${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;

function quotedList(surfaces: string[], limit: number): string {
  const unique = [...new Set(surfaces)];
  const shown = unique.slice(0, limit).map(quote).join(", ");
  return unique.length > limit ? `${shown} ș.a.` : shown;
}

function strongestFirst(items: ToneEvidence[]): string[] {
  return [...items].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).map((item) => item.surface);
}

const MAX_JUSTIFICATION = 400;

/** One Romanian sentence naming the evidence behind each label. */
function buildJustification(tone: ToneResult, populism: PopulismResult, topic: TopicResult): string {
  const pro = tone.evidence.filter((item) => item.value > 0);
  const contra = tone.evidence.filter((item) => item.value < 0);

  let tonePart: string;
  if (tone.ton === "negativ") {
    const ironic = contra.filter((item) => item.note === "ironie").map((item) => item.surface);
    const rest = contra.filter((item) => item.note !== "ironie");
    const parts = [
      ironic.length > 0 ? `ironie (${quotedList(ironic, 2)})` : "",
      rest.length > 0 ? quotedList(strongestFirst(rest), 3) : "",
    ].filter(Boolean);
    tonePart = `Ton negativ: ${parts.length > 0 ? parts.join(" și ") : "doar negații, fără cuvinte pozitive"}`;
  } else if (tone.ton === "pozitiv") {
    tonePart = `Ton pozitiv: ${quotedList(strongestFirst(pro), 3)}`;
  } else if (pro.length > 0 && contra.length > 0) {
    tonePart = `Ton neutru: indicii pozitive (${quotedList(strongestFirst(pro), 2)}) și negative (${quotedList(strongestFirst(contra), 2)}) se echilibrează`;
  } else if (pro.length > 0 || contra.length > 0) {
    tonePart = `Ton neutru: indicii prea slabe (${quotedList(strongestFirst([...pro, ...contra]), 2)})`;
  } else {
    tonePart = "Ton neutru: niciun cuvânt afectiv din lexicon";
  }

  const peopleWords = quotedList(
    populism.people.map((item) => item.surface),
    2,
  );
  const antiWords = quotedList(
    [...populism.anti].sort((a, b) => b.weight - a.weight).map((item) => item.surface),
    3,
  );
  let populismPart: string;
  if (populism.populism) populismPart = `populism: poporul (${peopleWords}) opus elitei (${antiWords})`;
  else if (populism.antiElitism && populism.poporCentral)
    populismPart = `popor (${peopleWords}) și anti-elitism (${antiWords}) fără legătură între ele, deci fără populism`;
  else if (populism.antiElitism)
    populismPart = `anti-elitism (${antiWords}) fără apel la popor, deci fără populism`;
  else if (populism.poporCentral)
    populismPart = `apel la popor (${peopleWords}) fără atac la elite, deci fără populism`;
  else populismPart = "fără populism";

  const topicPart =
    topic.tema === "altele"
      ? "temă: altele (niciun cuvânt-cheie)"
      : `temă: ${topic.tema} (${quotedList(topic.surfaces, 2)})`;

  const sentence = `${tonePart}; ${populismPart}; ${topicPart}.`;
  return sentence.length <= MAX_JUSTIFICATION ? sentence : `${sentence.slice(0, MAX_JUSTIFICATION - 2)}….`;
}

/** Annotates one text and returns the evidence behind the labels as well. */
export function analyzeLexicon(input: string): LexiconAnalysis {
  const text = input.normalize("NFC");
  const tokens = tokenizeText(text);
  const hits = findHits(tokens);
  const negatorAt = new Uint8Array(tokens.length);
  for (const hit of hits[SLOTS.negator] ?? []) negatorAt[hit.start] = 1;
  const ctx: Context = { text, tokens, hits, negatorAt, consumed: new Uint8Array(tokens.length) };

  const tone = scoreTone(ctx);
  const populism = scorePopulism(ctx);
  const tinta = findTarget(ctx, populism);
  const topic = findTopic(ctx);

  const annotation: Annotation = {
    ton: tone.ton,
    populism: populism.populism,
    anti_elitism: populism.antiElitism,
    popor_central: populism.poporCentral,
    tema: topic.tema,
    tinta,
    incredere: confidenceOf(tone, populism, topic),
    justificare: buildJustification(tone, populism, topic),
    dovezi: collectEvidence(tone, populism, tinta, topic),
  };
  return {
    annotation,
    positive: tone.positive,
    negative: tone.negative,
    irony: tone.irony,
    peopleScore: populism.peopleScore,
    antiEliteScore: populism.antiEliteScore,
    topicScores: topic.scores,
  };
}

/** Annotates one text with the dictionary: deterministic, offline, a few microseconds a comment. */
export function annotateLexicon(text: string): Annotation {
  return analyzeLexicon(text).annotation;
}

/** Annotates texts in order. */
export function annotateLexiconBatch(texts: string[]): Annotation[] {
  return texts.map((text) => annotateLexicon(text));
}
