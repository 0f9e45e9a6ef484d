// The word lists of `offline:lexicon` (the JSON files beside this module), validated at load so that a broken list
// fails loudly instead of silently matching nothing, and the decision rules that read them.
import { z } from "zod";
import antiEliteFile from "./anti-elite.json" with { type: "json" };
import diminishersFile from "./diminishers.json" with { type: "json" };
import eliteFile from "./elite.json" with { type: "json" };
import intensifiersFile from "./intensifiers.json" with { type: "json" };
import ironyFile from "./irony.json" with { type: "json" };
import negativeFile from "./negative.json" with { type: "json" };
import negatorsFile from "./negators.json" with { type: "json" };
import peopleFile from "./people.json" with { type: "json" };
import positiveFile from "./positive.json" with { type: "json" };
import topicsFile from "./topics.json" with { type: "json" };
import antagonismFile from "./antagonism.json" with { type: "json" };
import questionsFile from "./questions.json" with { type: "json" };

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
export type Group = z.infer<typeof GroupSchema>;

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

const QuestionsFileSchema = z.object({
  version: z.string(),
  list: z.literal("questions"),
  description: z.string(),
  /** Negative weight of a "?" that does not close an information-seeking question (once a text). */
  questionMark: z.number().min(0),
  openers: z.array(GroupSchema).min(1),
  requests: z.array(GroupSchema).min(1),
  sources: z.array(GroupSchema).min(1),
  rhetorical: z.array(GroupSchema).min(1),
  topical: z.array(GroupSchema).min(1),
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

export const lists = {
  people: ListFileSchema.parse(peopleFile),
  antiElite: ListFileSchema.parse(antiEliteFile),
  elite: ListFileSchema.parse(eliteFile),
  positive: ListFileSchema.parse(positiveFile),
  negative: ListFileSchema.parse(negativeFile),
  negators: ListFileSchema.parse(negatorsFile),
  intensifiers: ListFileSchema.parse(intensifiersFile),
  diminishers: ListFileSchema.parse(diminishersFile),
};
export const ironyList = IronyFileSchema.parse(ironyFile);
export const topicsList = TopicsFileSchema.parse(topicsFile);
export const antagonismList = AntagonismFileSchema.parse(antagonismFile);
export const questionsList = QuestionsFileSchema.parse(questionsFile);

function sharedVersion(): string {
  const versions = new Set(
    [...Object.values(lists), ironyList, topicsList, antagonismList, questionsList].map(
      (file) => file.version,
    ),
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
