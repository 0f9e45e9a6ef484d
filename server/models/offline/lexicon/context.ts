// What every scoring step of `offline:lexicon` reads: the text, its tokens and hits, and where things stand
// (sentence, clause, distance).
import { LEXICON_RULES } from "./lists";
import type { Hit } from "./match";
import type { Token } from "./tokens";

export interface DimensionEvidence {
  surface: string;
  at: number;
  sentence: number;
  weight: number;
}

/** The text, its tokens and its hits: what every scoring step reads. */
/** How the lexicon reads the questions of a text. */
export interface QuestionReading {
  /** Sentences that ask for information without evaluating: their words name the topic. */
  informational: Set<number>;
  /** Rhetorical cues ("până când", "cine mai") in sentences that end with "?": negative tone evidence. */
  rhetorical: Hit[];
  /** The token a counted "?" follows (a question that is not informational), or -1 when none counts. */
  questionMarkAfter: number;
  /** What shows each informational sentence to be one: its opener, request and source words (token ranges). */
  cues: Hit[];
  /** Charged words that an informational question only names ("corupția", "pensiile speciale", "românii"). */
  named: Hit[];
}

export interface Context {
  text: string;
  tokens: Token[];
  hits: Hit[][];
  negatorAt: Uint8Array;
  /** Negators that negate something or belong to a phrase; the rest count as bare negation. */
  consumed: Uint8Array;
  /** Which sentences only ask for information, and the rhetorical cues and question mark that count. */
  questions: QuestionReading;
}

export function span(ctx: Context, from: number, to: number): string {
  return ctx.text.slice(ctx.tokens[from]?.start ?? 0, ctx.tokens[to - 1]?.end ?? 0);
}

export function sentenceOf(ctx: Context, index: number): number {
  return ctx.tokens[index]?.sentence ?? 0;
}

export function sameClause(ctx: Context, a: number, b: number): boolean {
  return ctx.tokens[a]?.clause === ctx.tokens[b]?.clause;
}

export function near(
  a: { at: number; sentence: number },
  b: { at: number; sentence: number },
  window: number,
): boolean {
  return a.sentence === b.sentence || Math.abs(a.at - b.at) <= window;
}

/** The negator at most `negationWindow` tokens before `start` in the same clause, or -1. */
export function negatorBefore(ctx: Context, start: number): number {
  for (let j = start - 1; j >= 0 && j >= start - LEXICON_RULES.negationWindow; j--) {
    if (!sameClause(ctx, j, start)) return -1;
    if (ctx.negatorAt[j]) return j;
  }
  return -1;
}
