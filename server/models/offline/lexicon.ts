// The `offline:lexicon` annotator: a Romanian dictionary coder in the tradition of Rooduijn & Pauwels (2011), with
// populism as anti-elitism AND people-centrism (Mudde 2004), negation, intensifiers, irony and a people-vs-elite window.
// The steps live in lexicon/ beside their word lists: lists, patterns, tokens, match, tone, populism, topic, explain.
import type { Annotation, Topic } from "../../../contract/annotation";
import type { Context } from "./lexicon/context";
import { buildJustification, collectEvidence, confidenceOf } from "./lexicon/explain";
import { findHits } from "./lexicon/match";
import { SLOTS } from "./lexicon/patterns";
import { findTarget, scorePopulism } from "./lexicon/populism";
import { NO_QUESTIONS, readQuestions, summarizeQuestions } from "./lexicon/question";
import { scoreTone } from "./lexicon/tone";
import { tokenizeText } from "./lexicon/tokens";
import { findTopic } from "./lexicon/topic";

export { LEXICON_RULES, LEXICON_VERSION } from "./lexicon/lists";

/** Everything the annotator found, for the benchmark and for anyone who wants to see why. */
export interface LexiconAnalysis {
  annotation: Annotation;
  /** Summed positive and negative tone weight (after negation, intensifiers and irony). */
  positive: number;
  negative: number;
  irony: boolean;
  /** Summed weight of the insults and obscenities found (0: none). */
  offense: number;
  peopleScore: number;
  antiEliteScore: number;
  topicScores: Partial<Record<Topic, number>>;
}

/** Annotates one text and returns the evidence behind the labels as well. */
export function analyzeLexicon(input: string): LexiconAnalysis {
  const text = input.normalize("NFC");
  const tokens = tokenizeText(text);
  const hits = findHits(tokens);
  const negatorAt = new Uint8Array(tokens.length);
  for (const hit of hits[SLOTS.negator] ?? []) negatorAt[hit.start] = 1;
  const ctx: Context = {
    text,
    tokens,
    hits,
    negatorAt,
    consumed: new Uint8Array(tokens.length),
    questions: NO_QUESTIONS,
  };
  ctx.questions = readQuestions(ctx);

  const tone = scoreTone(ctx);
  const populism = scorePopulism(ctx);
  const tinta = findTarget(ctx, populism);
  const topic = findTopic(ctx);
  const question = summarizeQuestions(ctx);

  const annotation: Annotation = {
    ton: tone.ton,
    populism: populism.populism,
    anti_elitism: populism.antiElitism,
    popor_central: populism.poporCentral,
    tema: topic.tema,
    tinta,
    incredere: confidenceOf(tone, populism, topic, question),
    justificare: buildJustification(tone, populism, topic, question),
    dovezi: collectEvidence(tone, populism, tinta, topic, question),
  };
  return {
    annotation,
    positive: tone.positive,
    negative: tone.negative,
    irony: tone.irony,
    offense: tone.offense,
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
