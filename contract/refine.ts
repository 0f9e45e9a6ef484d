// Draft → refine: a small model drafts the answer and a larger one refines it only when a rule says so (the draft is
// long, poorly grounded, or on a flagged topic). The chat's settings, the configuration and compare all describe it
// with these types, and the graph and compare decide with `refineReason`, so that the rule cannot drift.
import { z } from "zod";
import type { Lang } from "./errors";
import { formatDecimal } from "./numbers";
import { countWith, type NounForms } from "./plural";
import type { Usage } from "./usage";

/** The per-message choice: answer with one model (its chain), or draft with one and refine with another. */
export const ChainSettingsSchema = z
  .object({
    mode: z.enum(["single", "draft-refine"]),
    /** The drafting model (the configured DRAFT_MODEL by default). */
    draft: z.string().trim().min(1).max(200).optional(),
    /** The refining model (the configured REFINE_MODEL by default). */
    refine: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ChainSettings = z.infer<typeof ChainSettingsSchema>;

/** When the refine step runs: any condition that holds is enough. Absent conditions never hold. */
export interface RefineRule {
  /** The draft has more words than this. */
  maxDraftWords?: number;
  /** The draft's groundedness (the offline check) is below this, 0..1. */
  minGrounding?: number;
  /** The question's topic (the codebook's `tema`, as the offline lexicon reads it) is one of these. */
  topics?: string[];
}

/** What the rule looks at, measured on the draft. */
export interface DraftFacts {
  words: number;
  grounding: number;
  /** The question's topic, when the rule has topics; null when it could not be read. */
  topic: string | null;
}

export function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

const WORD_RO: NounForms = ["cuvânt", "cuvinte"];
const WORD_EN: NounForms = ["word", "words"];

const REASON_WORDS = {
  ro: {
    long: (words: number, max: number) => `ciorna are ${countWith(words, WORD_RO)} (peste ${max})`,
    weak: (score: string, min: string) => `fundamentarea ciornei este ${score} (sub ${min})`,
    topic: (topic: string) => `tema „${topic}” este marcată`,
    kept: (words: number, score: string, topic: string | null) =>
      `nicio regulă nu a cerut rafinarea (${countWith(words, WORD_RO)}, fundamentare ${score}${topic ? `, tema ${topic}` : ""})`,
  },
  en: {
    long: (words: number, max: number) =>
      `the draft has ${countWith(words, WORD_EN, "en")} (more than ${max})`,
    weak: (score: string, min: string) => `the draft's groundedness is ${score} (below ${min})`,
    topic: (topic: string) => `the topic "${topic}" is flagged`,
    kept: (words: number, score: string, topic: string | null) =>
      `no rule asked for refinement (${countWith(words, WORD_EN, "en")}, groundedness ${score}${topic ? `, topic ${topic}` : ""})`,
  },
} satisfies Record<Lang, unknown>;

/**
 * Why the draft must be refined (one clause per condition that holds; Romanian unless `lang` says otherwise), or null
 * when it need not be.
 */
export function refineReason(rule: RefineRule, facts: DraftFacts, lang: Lang = "ro"): string | null {
  const w = REASON_WORDS[lang];
  const reasons: string[] = [];
  if (rule.maxDraftWords !== undefined && facts.words > rule.maxDraftWords)
    reasons.push(w.long(facts.words, rule.maxDraftWords));
  if (rule.minGrounding !== undefined && facts.grounding < rule.minGrounding)
    reasons.push(w.weak(formatDecimal(facts.grounding, lang, 2), formatDecimal(rule.minGrounding, lang, 2)));
  if (rule.topics?.length && facts.topic && rule.topics.includes(facts.topic))
    reasons.push(w.topic(facts.topic));
  return reasons.length ? reasons.join("; ") : null;
}

/** One part of a draft → refine answer: its model, time and tokens. */
export interface PartReport {
  model: string;
  /** Whole call, ms. */
  ms: number;
  firstTokenMs?: number;
  usage?: Usage;
}

/**
 * `refine` of `chat:done` (and of a stored answer): both parts with their figures, the combined ones, whether the
 * refine step ran and why. With `refined: false` the draft is the answer.
 */
export interface RefineReport {
  draft: PartReport & { text: string };
  refined: boolean;
  /** The rule's reason when it ran; what was measured when it did not ("62 de cuvinte, fundamentare 1.00"). */
  reason: string;
  /** `reason` in English, for the English page (absent from answers stored before it was written). */
  reasonEn?: string;
  /** The refining call, when it ran; `error` (an error code) when it failed and the draft stood. */
  refine?: PartReport & { error?: string };
  combined: { ms: number; usage?: Usage };
}

/** Sum of two usages (costs added when both are priced). */
export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a) return b;
  if (!b) return a;
  const cost = a.costUsd !== undefined && b.costUsd !== undefined ? { costUsd: a.costUsd + b.costUsd } : {};
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    ...cost,
    ...(a.pricing === b.pricing && a.pricing ? { pricing: a.pricing } : {}),
  };
}

/** What a draft looked like when no rule fired, in words (Romanian unless `lang` says otherwise). */
export function keptReason(facts: DraftFacts, lang: Lang = "ro"): string {
  return REASON_WORDS[lang].kept(facts.words, formatDecimal(facts.grounding, lang, 2), facts.topic);
}
