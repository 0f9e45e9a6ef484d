// Tone of `offline:lexicon`: sentiment words weighted by intensifiers and diminishers, negation, irony, emoji and
// censored obscenities, rhetorical questions, summed into "pozitiv", "negativ" or "neutru".
import type { Tone } from "../../../../contract/annotation";
import { negatorBefore, sameClause, span, type Context } from "./context";
import { LEXICON_RULES } from "./lists";
import type { Hit } from "./match";
import {
  CENSORED_HINT,
  CENSORED_RE,
  SLOTS,
  SYMBOL_RE,
  SYMBOL_START,
  censored,
  symbolWeights,
} from "./patterns";
import { QUESTION_MARK_WEIGHT, inInformationalQuestion } from "./question";

/** One piece of tone evidence: the text it rests on and its signed weight (negative = negative tone). */
export interface ToneEvidence {
  surface: string;
  value: number;
  at: number;
  /** Token range the evidence rests on (end exclusive); symbols have none (-1). */
  from: number;
  to: number;
  note: "" | "negat" | "ironie" | "retoric";
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

export interface ToneResult {
  ton: Tone;
  evidence: ToneEvidence[];
  positive: number;
  negative: number;
  irony: boolean;
  bareNegators: number;
  /** Summed weight of the insults and obscenities (censored ones too): what offends, whatever the tone's balance. */
  offense: number;
}

/** The group of negative.json whose words are obscene (insults are marked by their group's `insult`). */
const OBSCENE_GROUP = "obscenitati";

function overlapsAny(hit: Hit, others: Hit[]): boolean {
  for (const other of others) if (other.start < hit.end && hit.start < other.end) return true;
  return false;
}

/**
 * Emoji, emoticons and profanity hidden behind symbols: tone evidence outside the word tokens. Returns the weight of
 * the censored obscenities.
 */
function addSymbolEvidence(ctx: Context, candidates: ToneEvidence[]): number {
  let obscene = 0;
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
      obscene += censored.weight;
    }
  }
  return obscene;
}

/** A rhetorical question ("până când…?") complains; a "?" that closes no informational question tilts a little. */
function addQuestionEvidence(ctx: Context, candidates: ToneEvidence[]): void {
  const { rhetorical, questionMarkAfter } = ctx.questions;
  for (const hit of rhetorical) candidates.push(plainEvidence(ctx, hit, -hit.entry.weight, "retoric"));
  // Tweets and comments that ask are mostly complaints (two thirds of SART's), so a "?" tilts a little; alone it
  // stays below the negative threshold, and a question about a fact or one addressed to the sources has none.
  if (questionMarkAfter >= 0) {
    const at = Math.min(questionMarkAfter + 1, ctx.tokens.length);
    candidates.push({ surface: "?", value: -QUESTION_MARK_WEIGHT, at, from: -1, to: -1, note: "" });
  }
}

export function scoreTone(ctx: Context): ToneResult {
  const { hits } = ctx;
  const positives = hits[SLOTS.positive] ?? [];
  const negatives = hits[SLOTS.negative] ?? [];
  const cues = hits[SLOTS.ironyCue] ?? [];

  // A negator inside a sentiment phrase ("nu merge") is part of it, not a negator of the next word.
  for (const hit of positives) for (let j = hit.start; j < hit.end; j++) ctx.consumed[j] = 1;
  for (const hit of negatives) for (let j = hit.start; j < hit.end; j++) ctx.consumed[j] = 1;

  const found: ToneEvidence[] = [];
  const praise: Hit[] = [];
  for (const hit of positives) {
    // Praise that could be ironic (a cue, or scare quotes) waits until we know whether the text is negative.
    if (overlapsAny(hit, cues) || ctx.tokens[hit.start]?.quoted) praise.push(hit);
    else found.push(sentimentEvidence(ctx, hit, 1));
  }
  for (const hit of negatives) found.push(sentimentEvidence(ctx, hit, -1));
  for (const hit of hits[SLOTS.ironyContext] ?? [])
    found.push(plainEvidence(ctx, hit, -hit.entry.weight, ""));
  for (const hit of hits[SLOTS.antiElite] ?? []) {
    if (hit.entry.tone <= 0) continue;
    const { factor, from } = modifierOf(ctx, hit);
    const evidence = plainEvidence(ctx, hit, -hit.entry.tone * factor, "");
    found.push({ ...evidence, surface: span(ctx, from, hit.end) });
  }
  const censoredWeight = addSymbolEvidence(ctx, found);
  addQuestionEvidence(ctx, found);
  // Words of a sentence that only asks for information name its topic ("corupția", "problemele"): no tone, and no
  // ground for reading praise elsewhere as irony.
  const asks = ctx.questions.informational.size > 0;
  const counts = (token: number) => !asks || !inInformationalQuestion(ctx, token);
  const candidates = asks ? found.filter((item) => item.from < 0 || counts(item.from)) : found;
  let offense = censoredWeight;
  for (const hit of negatives) {
    if ((hit.entry.insult || hit.entry.label === OBSCENE_GROUP) && counts(hit.start))
      offense += hit.entry.weight;
  }

  // Irony: praise ("bravo", scare-quoted „reforma”) in a text that is otherwise clearly negative reads as negative.
  let negativeMass = 0;
  for (const item of candidates) if (item.value < 0) negativeMass -= item.value;
  const ironic = negativeMass >= LEXICON_RULES.ironyNegativeMass;
  const scareQuotes = ironic || (hits[SLOTS.elite] ?? []).some((hit) => counts(hit.start));
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
  for (let j = 0; j < ctx.tokens.length; j++)
    if (ctx.negatorAt[j] && !ctx.consumed[j] && counts(j)) bareNegators++;
  negative += bareNegators * LEXICON_RULES.bareNegation;

  const net = positive - negative;
  const ton: Tone =
    net >= LEXICON_RULES.positiveThreshold
      ? "pozitiv"
      : net <= -LEXICON_RULES.negativeThreshold
        ? "negativ"
        : "neutru";
  return { ton, evidence, positive, negative, irony, bareNegators, offense };
}
