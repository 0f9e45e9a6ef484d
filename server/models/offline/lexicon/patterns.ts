// Compiled patterns of `offline:lexicon`: every term of every list, indexed by its first token, plus the emoji,
// emoticons and censored obscenities that are matched on the raw text.
import { TOPICS, type Topic } from "../../../../contract/annotation";
import { foldDiacritics, normalizeCedilla, stem } from "../../../../contract/text";
import { antagonismList, ironyList, lists, questionsList, topicsList, type Group } from "./lists";

// A term is a sequence of token patterns: `word` matches on the stem, `word*` on a prefix, `=word` exactly, `^WORD`
// exactly and case-sensitively (acronyms), `_` skips 0-2 tokens.

/** What a term is evidence of; the number is the slot its hits get in `findHits`. */
export const SLOTS = {
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
  opener: 13,
  request: 14,
  source: 15,
  rhetorical: 16,
  topical: 17,
} as const;
type Category = keyof typeof SLOTS;
export const SLOT_COUNT = Object.keys(SLOTS).length;

export type TokenPattern =
  { kind: "exact" | "stem" | "prefix" | "upper"; value: string } | { kind: "gap"; value: "" };

export interface Entry {
  category: Category;
  slot: number;
  /** Which file the term came from; that file's exclusions veto its matches. */
  list: number;
  /** The term as written in its file (for debugging). */
  term: string;
  /** The label of the term's group ("fapt" for the openers of a factual question). */
  label: string;
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

export const MAX_GAP = 2;
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

export const exactIndex = new Map<string, Entry[]>();
export const stemIndex = new Map<string, Entry[]>();
export const prefixIndex = new Map<string, Entry[]>();
export const upperIndex = new Map<string, Entry[]>();
export const exclusions: { list: number; pattern: TokenPattern }[] = [];
/** Case-sensitive exclusions by surface form (`^Putin` keeps the name out of the diminisher "puțin"). */
export const surfaceExclusions = new Map<string, Set<number>>();
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
        label: group.label,
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
addGroups("opener", "questions.json", questionsList.openers);
addGroups("request", "questions.json", questionsList.requests);
addGroups("source", "questions.json", questionsList.sources);
addGroups("rhetorical", "questions.json", questionsList.rhetorical);
addGroups("topical", "questions.json", questionsList.topical);
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
          label: name,
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

export const prefixLengths = [...new Set([...prefixIndex.keys()].map((key) => key.length))].sort(
  (a, b) => a - b,
);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
export const symbolWeights = new Map(symbolEntries.map((entry) => [entry.symbol, entry]));
export const SYMBOL_RE = new RegExp(
  [...symbolWeights.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|"),
  "gu",
);

/** Profanity hidden behind symbols ("p#$la", "c..at"): one initial, then #*$@ or 2+ dots, then a letter. */
export const censored = lists.negative.censored;
export const CENSORED_RE = censored
  ? new RegExp(`(?<![\\p{L}\\p{N}])[${censored.initials}](?:[#*$@]+|\\.{2,})\\p{L}`, "giu")
  : null;
export const CENSORED_HINT = /[#*$@]|\.\./;

/** Characters a symbol can start with; texts without any skip the symbol scan. */
export const SYMBOL_START = new RegExp(
  `[${[
    ...new Set([...symbolWeights.keys()].map((symbol) => String.fromCodePoint(symbol.codePointAt(0) ?? 32))),
  ]
    .map(escapeRegExp)
    .join("")}]`,
  "u",
);
