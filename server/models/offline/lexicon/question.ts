// Questions in `offline:lexicon`: a sentence that asks for information without evaluating ("Ce spun oamenii despre
// corupție?") names a topic, not a tone, so its words count neither for tone nor for populism; a rhetorical question
// ("Până când ne mai fură…?") is a complaint; a question mark alone never decides anything.
import { span, type Context, type QuestionReading } from "./context";
import type { Hit } from "./match";
import { CENSORED_HINT, CENSORED_RE, SLOTS, SYMBOL_RE, SYMBOL_START } from "./patterns";
import { questionsList } from "./lists";

export const NO_QUESTIONS: QuestionReading = {
  informational: new Set(),
  rhetorical: [],
  questionMarkAfter: -1,
  cues: [],
  named: [],
};

/** Negative weight of a "?" that does not close an informational question; counted once a text. */
export const QUESTION_MARK_WEIGHT = questionsList.questionMark;

/** Per sentence: its first and last token, and whether the text right after it holds "?" or "!". */
interface Sentence {
  first: number;
  last: number;
  asked: boolean;
  exclaimed: boolean;
}

function sentencesOf(ctx: Context): Sentence[] {
  const out: Sentence[] = [];
  const { tokens, text } = ctx;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const current = out[token.sentence];
    if (current) current.last = i;
    else out[token.sentence] = { first: i, last: i, asked: false, exclaimed: false };
  }
  for (const sentence of out) {
    if (!sentence) continue;
    const after = text.slice(tokens[sentence.last]!.end, tokens[sentence.last + 1]?.start ?? text.length);
    sentence.asked = after.includes("?");
    sentence.exclaimed = after.includes("!");
  }
  return out;
}

const overlaps = (a: Hit, b: Hit) => a.start < b.end && b.start < a.end;

/** Hits that carry an evaluation of their own: strong tone words, insults, attacks, irony. */
function evaluativeHits(ctx: Context): Hit[] {
  const { hits } = ctx;
  const out: Hit[] = [];
  for (const hit of hits[SLOTS.positive] ?? []) if (hit.entry.weight >= 1) out.push(hit);
  for (const hit of hits[SLOTS.negative] ?? []) if (hit.entry.insult || hit.entry.weight >= 1) out.push(hit);
  for (const hit of hits[SLOTS.antiElite] ?? []) if (hit.entry.tone > 0) out.push(hit);
  out.push(...(hits[SLOTS.ironyCue] ?? []), ...(hits[SLOTS.ironyContext] ?? []));
  // Words that only name a subject ("corupția"), words quoted to ask about them („ciuma roșie”) and the question's
  // own words ("e adevărat că", "argumentele") evaluate nothing.
  const neutral = [
    ...(hits[SLOTS.topical] ?? []),
    ...(hits[SLOTS.opener] ?? []),
    ...(hits[SLOTS.request] ?? []),
    ...(hits[SLOTS.source] ?? []),
  ];
  return out.filter((hit) => {
    if (ctx.tokens[hit.start]?.quoted) return false;
    return hit.entry.insult || !neutral.some((other) => overlaps(hit, other));
  });
}

/** The opener group of questions about facts ("când", "unde", "câți"). */
const FACTUAL = "fapt";
/** The source group of verbs of saying ("spun", "se discută"): they address the sources only after a question word. */
const SAYING = "spun";

const negatorIn = (ctx: Context, sentence: number) =>
  (ctx.hits[SLOTS.negator] ?? []).some((hit) => ctx.tokens[hit.start]?.sentence === sentence);

/** Whether a sentence holds any negative word, attack, irony or negation, however weak. */
function negativeIn(ctx: Context, sentence: number): boolean {
  const inSentence = (hit: Hit) => ctx.tokens[hit.start]?.sentence === sentence;
  const { hits } = ctx;
  if ((hits[SLOTS.negative] ?? []).some(inSentence) || (hits[SLOTS.negator] ?? []).some(inSentence))
    return true;
  if ((hits[SLOTS.ironyContext] ?? []).some(inSentence) || (hits[SLOTS.ironyCue] ?? []).some(inSentence))
    return true;
  return (hits[SLOTS.antiElite] ?? []).some((hit) => hit.entry.tone > 0 && inSentence(hit));
}

/** The sentence each emoji, emoticon or censored obscenity belongs to (the one it follows). */
function symbolSentences(ctx: Context): Set<number> {
  const out = new Set<number>();
  const sentenceBefore = (index: number) => {
    let at = 0;
    for (let j = 0; j < ctx.tokens.length && ctx.tokens[j]!.start < index; j++) at = j;
    return ctx.tokens[at]?.sentence ?? 0;
  };
  if (SYMBOL_START.test(ctx.text)) {
    SYMBOL_RE.lastIndex = 0;
    for (let match = SYMBOL_RE.exec(ctx.text); match; match = SYMBOL_RE.exec(ctx.text))
      out.add(sentenceBefore(match.index));
  }
  if (CENSORED_RE && CENSORED_HINT.test(ctx.text)) {
    CENSORED_RE.lastIndex = 0;
    for (let match = CENSORED_RE.exec(ctx.text); match; match = CENSORED_RE.exec(ctx.text))
      out.add(sentenceBefore(match.index));
  }
  return out;
}

const opensSentence = (ctx: Context, hit: Hit) =>
  hit.start === 0 || ctx.tokens[hit.start - 1]?.sentence !== ctx.tokens[hit.start]?.sentence;

/** Without a "?", only a request or a question word with a word about the sources can open a question. */
function mayAskWithoutMark(ctx: Context, openers: Hit[], requests: Hit[]): boolean {
  if (requests.some((hit) => opensSentence(ctx, hit))) return true;
  return (ctx.hits[SLOTS.source]?.length ?? 0) > 0 && openers.some((hit) => opensSentence(ctx, hit));
}

/** Reads the questions of a text; most texts (no "?", no request, no question about the sources) skip the work. */
export function readQuestions(ctx: Context): QuestionReading {
  const { hits, tokens } = ctx;
  const openers = hits[SLOTS.opener] ?? [];
  const requests = hits[SLOTS.request] ?? [];
  if (!ctx.text.includes("?") && !mayAskWithoutMark(ctx, openers, requests)) return NO_QUESTIONS;

  const sentences = sentencesOf(ctx);
  const sentenceOf = (hit: Hit) => tokens[hit.start]?.sentence ?? 0;
  const opensAt = (list: Hit[], s: Sentence) => list.find((hit) => hit.start === s.first);
  const inSentence = (list: Hit[], index: number) => list.filter((hit) => sentenceOf(hit) === index);
  const evaluative = evaluativeHits(ctx);
  const withSymbols = symbolSentences(ctx);

  const reading: QuestionReading = {
    informational: new Set(),
    rhetorical: [],
    questionMarkAfter: -1,
    cues: [],
    named: [],
  };
  sentences.forEach((s, index) => {
    if (!s) return;
    const opener = opensAt(openers, s);
    const request = opensAt(requests, s);
    const sources = inSentence(hits[SLOTS.source] ?? [], index);
    const rhetorical = s.asked ? inSentence(hits[SLOTS.rhetorical] ?? [], index) : [];
    const calm = rhetorical.length === 0 && !withSymbols.has(index);
    // Addressed to the corpus or the sources ("ce spun oamenii", "comentariile", "rezumă") or asking about a fact
    // ("Când se votează…?", without a negation: "Unde sunt, nu vedeți?" is no such question), asked ("?", or a question
    // word that opens a sentence which is no exclamation: "Ce rușine!"), and evaluating nothing: information-seeking.
    const addressed =
      request !== undefined ||
      (opener?.entry.label === FACTUAL && s.asked && !negatorIn(ctx, index)) ||
      sources.some((hit) => hit.entry.label !== SAYING || opener !== undefined);
    const asks = s.asked || request !== undefined || (opener !== undefined && !s.exclaimed);
    if (addressed && asks && calm && !evaluative.some((hit) => sentenceOf(hit) === index)) {
      reading.informational.add(index);
      for (const cue of [opener, request, ...sources]) if (cue) reading.cues.push(cue);
      return;
    }
    reading.rhetorical.push(...rhetorical);
    // "Când intră în vigoare?": a question about a fact, with no negative word and no negation, complains of nothing.
    const factual = opener?.entry.label === FACTUAL && calm && !negativeIn(ctx, index);
    if (s.asked && !factual && reading.questionMarkAfter < 0) reading.questionMarkAfter = s.last;
  });
  if (reading.informational.size > 0) {
    for (const slot of [SLOTS.topical, SLOTS.people, SLOTS.antiElite])
      for (const hit of hits[slot] ?? [])
        if (reading.informational.has(sentenceOf(hit)) && !reading.named.some((n) => overlaps(n, hit)))
          reading.named.push(hit);
    reading.named.sort((a, b) => a.start - b.start);
    reading.cues.sort((a, b) => a.start - b.start);
  }
  // A "?" before any word (an empty question) still counts once, as before.
  if (reading.questionMarkAfter < 0 && tokens.length > 0 && ctx.text.slice(0, tokens[0]!.start).includes("?"))
    reading.questionMarkAfter = 0;
  return reading;
}

/** True when the token lies in a sentence that only asks for information. */
export function inInformationalQuestion(ctx: Context, token: number): boolean {
  return (
    ctx.questions.informational.size > 0 && ctx.questions.informational.has(ctx.tokens[token]?.sentence ?? -1)
  );
}

/** A word or phrase of the text and the token it starts at. */
export interface Quoted {
  surface: string;
  at: number;
}

/** What the justification and the evidence say about the informational questions of a text. */
export interface QuestionSummary {
  /** Some sentence only asks for information. */
  asks: boolean;
  /** The words that show it ("Ce spun", "Câte comentarii", "Rezumă"). */
  cues: Quoted[];
  /** Charged words the questions only name ("corupția", "pensiile speciale"). */
  topics: Quoted[];
  /** People and elite words the questions only name ("românii", "clasa politică"). */
  actors: Quoted[];
}

/** How close a question word and the word about the sources must be to be quoted as one phrase ("Ce spun"). */
const CUE_PHRASE_GAP = 3;

export function summarizeQuestions(ctx: Context): QuestionSummary {
  const { informational, cues, named } = ctx.questions;
  if (informational.size === 0) return { asks: false, cues: [], topics: [], actors: [] };
  const quoted = (from: number, to: number): Quoted => ({ surface: span(ctx, from, to), at: from });
  const phrases: Quoted[] = [];
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i]!;
    const next = cues[i + 1];
    const opens = cue.entry.slot === SLOTS.opener || cue.entry.slot === SLOTS.request;
    // "Ce spun", "Câte comentarii": the question word and the word about the sources read as one phrase.
    if (opens && next && next.entry.slot === SLOTS.source && next.start - cue.end <= CUE_PHRASE_GAP) {
      phrases.push(quoted(cue.start, next.end));
      i++;
    } else phrases.push(quoted(cue.start, cue.end));
  }
  const topics = named.filter((hit) => hit.entry.slot === SLOTS.topical).map((h) => quoted(h.start, h.end));
  const actors = named.filter((hit) => hit.entry.slot !== SLOTS.topical).map((h) => quoted(h.start, h.end));
  return { asks: true, cues: phrases, topics, actors };
}
