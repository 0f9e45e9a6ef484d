// `offline:extractive`: a chat model that needs no network. It reads the sources block of the answer prompt,
// quotes the sentences closest to the question (BM25 over stems plus trigram soft matches), each with its citation.
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage, type UsageMetadata } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import {
  ATTACHED_TEXT_LABEL,
  parseAnswerPrompt,
  type ParsedAnswerPrompt,
} from "../../../graphs/chat/prompts";
import { abortError } from "../../../contract/abort";
import type { Lang } from "../../../contract/errors";
import { EXTRACTIVE_FRAMING } from "../../../contract/extractiveFraming";
import { STOPWORDS, analyze, foldDiacritics, splitSentences, stem, tokenize } from "../../../contract/text";

export const OFFLINE_EXTRACTIVE_MODEL_ID = "offline:extractive";

/** The Romanian framing (the model's own language; `displayLang` asks for another, contract/extractiveFraming.ts). */
export const EXTRACTIVE_TEXTS = EXTRACTIVE_FRAMING.ro;

/** A numbered passage as the prompt shows it: `[n] (...) text`. */
export interface ExtractivePassage {
  n: number;
  text: string;
}

export interface ExtractiveOptions {
  /** Most sentences in the answer (default 4). */
  maxSentences?: number;
  /** Most sentences taken from one passage (default 2). */
  maxPerPassage?: number;
  /** Least relevance, 0..~1 (share of the question's weight a sentence covers), for a sentence to be quoted. */
  minScore?: number;
  /** The language of the framing around the quotes (default Romanian); the quotes stay as the sources say them. */
  lang?: Lang;
}

export interface ExtractiveAnswer {
  text: string;
  /** Passage numbers cited, in order of first appearance in the text. */
  cited: number[];
}

// Words that shape a question rather than name its topic ("ce spun oamenii despre ..."); folded, before stemming.
// Among them the words that name an attached text ("ce spune textul atașat despre justiție?"): absent from the text
// itself, they would weigh in the question's total and leave every sentence under the cut-off.
const QUESTION_FILLERS: ReadonlySet<string> = new Set(
  (
    "despre spun spune zic zice zis cred crede gandesc gandeste parere parerea pareri opinia opinii " +
    "comentarii comentariile comentatorii oamenii lumea sursele sursa textele corpus corpusul exista " +
    "explica explicati rezuma rezumat vorbeste vorbesc mentioneaza discuta legat legata privire privinta unde " +
    "text textul atasat atasata atasate atasatul atasamentul atasament documentul document fisierul fisier " +
    "attached attachment the does say says about what"
  ).split(/\s+/),
);

const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** How much a trigram soft match (an inflection the stemmer missed) counts, relative to an exact stem match. */
const SOFT_MATCH_WEIGHT = 0.5;
/** Least Dice similarity of two words' trigrams for them to count as variants of one word. */
const SOFT_MATCH_MIN_DICE = 0.5;
/** Sentences whose stems overlap more than this (Jaccard) with a chosen one are redundant. */
const MAX_STEM_JACCARD = 0.6;
/** A chosen sentence must score at least this share of the best sentence's score. */
const RELATIVE_CUTOFF = 0.35;
/** A second sentence from an already quoted passage competes at this share of its score. */
const SAME_PASSAGE_DISCOUNT = 0.75;
const MAX_QUOTED_WORDS = 60;
const TRUNCATED_WORDS = 50;

interface Candidate {
  n: number;
  /** Index of the passage in the input, and of the sentence in the passage. */
  passageIndex: number;
  position: number;
  text: string;
  tokens: string[];
  stems: string[];
  stemSet: Set<string>;
  score: number;
}

function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

function trigramsOf(word: string, cache: Map<string, Set<string>>): Set<string> {
  const known = cache.get(word);
  if (known) return known;
  const padded = ` ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  cache.set(word, grams);
  return grams;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

/** Slight preference for sentences of a readable length: fragments say little, very long ones bury the answer. */
function lengthFactor(words: number): number {
  if (words < 4) return 0.6;
  if (words < 7) return 0.85;
  if (words > 60) return 0.8;
  if (words > 40) return 0.9;
  return 1;
}

/** The question's topic terms: folded tokens without stopwords and question fillers, each with its stem. */
function questionTerms(question: string): { token: string; stem: string }[] {
  const tokens = tokenize(question).filter((t) => t.length >= 2 && !STOPWORDS.has(t));
  const topical = tokens.filter((t) => !QUESTION_FILLERS.has(t));
  // A question made only of fillers ("ce spun oamenii?") still searches with what it has.
  const chosen = topical.length ? topical : tokens;
  const byStem = new Map<string, string>();
  for (const token of chosen) {
    const s = stem(token);
    if (!byStem.has(s)) byStem.set(s, token);
  }
  return [...byStem].map(([s, token]) => ({ token, stem: s }));
}

function sentenceCandidates(passages: ExtractivePassage[]): Candidate[] {
  const out: Candidate[] = [];
  passages.forEach((passage, passageIndex) => {
    splitSentences(passage.text.replace(/\s+/g, " ").trim()).forEach((text, position) => {
      const stems = analyze(text);
      if (!stems.length) return;
      out.push({
        n: passage.n,
        passageIndex,
        position,
        text,
        tokens: tokenize(text),
        stems,
        stemSet: new Set(stems),
        score: 0,
      });
    });
  });
  return out;
}

/** Scores every candidate in place: BM25 of the question's stems (IDF over the candidates), normalised. */
function scoreCandidates(candidates: Candidate[], question: string): void {
  const terms = questionTerms(question);
  if (!terms.length || !candidates.length) return;
  const documentFrequency = new Map<string, number>();
  for (const c of candidates) {
    for (const s of c.stemSet) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  }
  const total = candidates.length;
  const averageLength = candidates.reduce((sum, c) => sum + c.stems.length, 0) / total;
  // A term no sentence contains weighs as much as the rarest present term, not more: it still counts as missing.
  const idf = (s: string): number => {
    const df = Math.max(1, documentFrequency.get(s) ?? 0);
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
  const questionWeight = terms.reduce((sum, t) => sum + idf(t.stem), 0);
  if (questionWeight <= 0) return;
  const trigramCache = new Map<string, Set<string>>();

  for (const c of candidates) {
    const termFrequency = new Map<string, number>();
    for (const s of c.stems) termFrequency.set(s, (termFrequency.get(s) ?? 0) + 1);
    const lengthNorm = 1 - BM25_B + (BM25_B * c.stems.length) / averageLength;
    let raw = 0;
    for (const term of terms) {
      const tf = termFrequency.get(term.stem) ?? 0;
      if (tf > 0) {
        raw += (idf(term.stem) * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * lengthNorm);
        continue;
      }
      // No exact stem: the closest word of the sentence by character trigrams, if it looks like a variant.
      const questionGrams = trigramsOf(term.token, trigramCache);
      let best = 0;
      for (const token of c.tokens) {
        if (token.length < 3 || STOPWORDS.has(token)) continue;
        best = Math.max(best, dice(questionGrams, trigramsOf(token, trigramCache)));
      }
      if (best >= SOFT_MATCH_MIN_DICE) raw += idf(term.stem) * best * SOFT_MATCH_WEIGHT;
    }
    c.score = Math.min(1, raw / questionWeight) * lengthFactor(wordCount(c.text));
  }
}

/** Greedy choice: best score first, a passage at most `maxPerPassage` times, new passages preferred, no repeats. */
function chooseSentences(
  candidates: Candidate[],
  maxSentences: number,
  maxPerPassage: number,
  minScore: number,
) {
  const best = candidates.reduce((m, c) => Math.max(m, c.score), 0);
  const floor = Math.max(minScore, best * RELATIVE_CUTOFF);
  const pool = candidates.filter((c) => c.score >= floor && c.score > 0);
  const chosen: Candidate[] = [];
  const perPassage = new Map<number, number>();
  while (chosen.length < maxSentences) {
    let pick: Candidate | undefined;
    let pickValue = -1;
    for (const c of pool) {
      if (chosen.includes(c)) continue;
      const used = perPassage.get(c.passageIndex) ?? 0;
      if (used >= maxPerPassage) continue;
      if (chosen.some((x) => jaccard(x.stemSet, c.stemSet) > MAX_STEM_JACCARD)) continue;
      const value = used > 0 ? c.score * SAME_PASSAGE_DISCOUNT : c.score;
      if (value > pickValue) {
        pick = c;
        pickValue = value;
      }
    }
    if (!pick) break;
    chosen.push(pick);
    perPassage.set(pick.passageIndex, (perPassage.get(pick.passageIndex) ?? 0) + 1);
  }
  return chosen;
}

/** The sentence as quoted: whitespace collapsed, very long sentences cut with an ellipsis. */
function quote(sentence: string): string {
  const words = sentence.replace(/\s+/g, " ").trim().split(" ");
  return words.length > MAX_QUOTED_WORDS ? `${words.slice(0, TRUNCATED_WORDS).join(" ")} …` : words.join(" ");
}

function bulletList(items: { text: string; n: number }[]): string {
  return items.map((item) => `- ${quote(item.text)} [${item.n}]`).join("\n");
}

function citedOrder(items: { n: number }[]): number[] {
  return [...new Set(items.map((item) => item.n))];
}

/**
 * Composes an extractive answer: the sentences of `passages` that best answer `question`, one bullet each with its
 * citation, framed in `opts.lang` (Romanian by default). Pure and deterministic.
 */
export function composeExtractiveAnswer(
  question: string,
  passages: ExtractivePassage[],
  opts: ExtractiveOptions = {},
): ExtractiveAnswer {
  const maxSentences = Math.max(1, Math.floor(opts.maxSentences ?? 4));
  const maxPerPassage = Math.max(1, Math.floor(opts.maxPerPassage ?? 2));
  const minScore = opts.minScore ?? 0.2;
  const texts = EXTRACTIVE_FRAMING[opts.lang ?? "ro"];
  const usable = passages.filter((p) => p.text.trim());
  if (!usable.length) return { text: texts.noSources, cited: [] };

  const candidates = sentenceCandidates(usable);
  scoreCandidates(candidates, question);
  const chosen = chooseSentences(candidates, maxSentences, maxPerPassage, minScore);

  if (chosen.length) {
    // Sentences of one passage stay together and in their own order; passages in the order they were first picked.
    const passageRank = new Map<number, number>();
    chosen.forEach((c) => {
      if (!passageRank.has(c.passageIndex)) passageRank.set(c.passageIndex, passageRank.size);
    });
    const ordered = [...chosen].sort(
      (a, b) =>
        (passageRank.get(a.passageIndex) ?? 0) - (passageRank.get(b.passageIndex) ?? 0) ||
        a.position - b.position,
    );
    return {
      text: `${texts.answerHeading}\n\n${bulletList(ordered)}`,
      cited: citedOrder(ordered),
    };
  }

  // Nothing relevant enough: the two best-ranked passages (our score, then retrieval order), by their first sentence.
  const passageScore = (index: number): number =>
    candidates.reduce((m, c) => (c.passageIndex === index ? Math.max(m, c.score) : m), 0);
  const nearest = usable
    .map((p, index) => ({
      n: p.n,
      index,
      score: passageScore(index),
      text: splitSentences(p.text.trim())[0] ?? "",
    }))
    .filter((p) => p.text)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 2);
  return {
    text: `${texts.weakHeading}\n\n${texts.weakListTitle}\n\n${bulletList(nearest)}`,
    cited: citedOrder(nearest),
  };
}

/** The answer the extractive model gives to a conversation, read from its last human message. */
export function extractiveReply(messages: BaseMessage[], opts: ExtractiveOptions = {}): string {
  const parsed = parseAnswerPrompt(messages);
  if (!parsed?.hasSources) return EXTRACTIVE_FRAMING[opts.lang ?? "ro"].noSourcesBlock;
  return composeExtractiveAnswer(parsed.question, passagesInScope(parsed), opts).text;
}

// "textul atașat", "atașamentul", "the attached text" (folded).
const REFERS_TO_ATTACHMENT = /\b(atasa\w*|attach\w*)/;

/**
 * The passages a question is answered from: a question about the attached text ("Ce teme apar în textul atașat?")
 * only from the attached text's passages, when the prompt has any; any other question from all of them.
 */
export function passagesInScope(
  parsed: Pick<ParsedAnswerPrompt, "question" | "passages">,
): ExtractivePassage[] {
  const attached = parsed.passages.filter((p) => p.label.includes(ATTACHED_TEXT_LABEL));
  if (attached.length === 0 || !REFERS_TO_ATTACHMENT.test(foldDiacritics(parsed.question.toLowerCase())))
    return parsed.passages;
  return attached;
}

/** What an abort throws when its signal carries no reason of its own. */
const ABORTED = "The extractive answer was aborted.";

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal, ABORTED);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, ABORTED));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      if (signal) reject(abortError(signal, ABORTED));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Streamed pieces of up to `wordsPerPiece` words, each with the whitespace that follows it, so that the pieces
 * join back to `text`. Every piece costs a trip through LangChain's callbacks and LangGraph's message stream, so
 * a few words per piece keep an offline turn fast; one word per piece reads like a model typing.
 */
function streamPieces(text: string, wordsPerPiece: number): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
  if (wordsPerPiece <= 1) return words;
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece)
    pieces.push(words.slice(i, i + wordsPerPiece).join(""));
  return pieces;
}

export interface OfflineExtractiveChatModelParams extends BaseChatModelParams {
  /** Pause between streamed pieces, in ms (default 0); a demo sets it to look like a model typing. */
  streamDelayMs?: number;
  /** Most sentences in an answer (default 4). */
  maxSentences?: number;
  /** Words per streamed piece (default 4, or 1 when `streamDelayMs` is set). */
  wordsPerPiece?: number;
}

export interface OfflineExtractiveCallOptions extends BaseChatModelCallOptions {
  /**
   * The reader's language, for the framing around the quotes only (the gateway passes it to this model alone: a real
   * model's prompt never depends on the UI).
   */
  displayLang?: Lang;
}

/** The built-in `offline:extractive` chat model: deterministic, no network, no tools. */
export class OfflineExtractiveChatModel extends BaseChatModel<OfflineExtractiveCallOptions> {
  readonly streamDelayMs: number;
  readonly maxSentences: number;
  readonly wordsPerPiece: number;

  static lc_name(): string {
    return "OfflineExtractiveChatModel";
  }

  constructor(fields: OfflineExtractiveChatModelParams = {}) {
    const { streamDelayMs = 0, maxSentences = 4, wordsPerPiece, ...rest } = fields;
    super(rest);
    this.streamDelayMs = Math.max(0, streamDelayMs);
    this.maxSentences = maxSentences;
    this.wordsPerPiece = Math.max(1, wordsPerPiece ?? (this.streamDelayMs > 0 ? 1 : 4));
  }

  _llmType(): string {
    return "offline-extractive";
  }

  private reply(messages: BaseMessage[], lang: Lang | undefined): { text: string; usage: UsageMetadata } {
    const text = extractiveReply(messages, { maxSentences: this.maxSentences, lang });
    // Words stand in for tokens, so that usage is reported the same way for every model in the chain.
    const input = messages.reduce((sum, m) => sum + wordCount(m.text), 0);
    const output = wordCount(text);
    return { text, usage: { input_tokens: input, output_tokens: output, total_tokens: input + output } };
  }

  async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    _runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    throwIfAborted(options.signal);
    const { text, usage } = this.reply(messages, options.displayLang);
    const message = new AIMessage({
      content: text,
      usage_metadata: usage,
      response_metadata: { model_name: OFFLINE_EXTRACTIVE_MODEL_ID },
    });
    return {
      generations: [{ text, message }],
      llmOutput: {
        tokenUsage: {
          promptTokens: usage.input_tokens,
          completionTokens: usage.output_tokens,
          totalTokens: usage.total_tokens,
        },
      },
    };
  }

  async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    throwIfAborted(options.signal);
    const { text, usage } = this.reply(messages, options.displayLang);
    const pieces = streamPieces(text, this.wordsPerPiece);
    for (const [i, piece] of pieces.entries()) {
      if (i > 0 && this.streamDelayMs > 0) await pause(this.streamDelayMs, options.signal);
      throwIfAborted(options.signal);
      const isLast = i === pieces.length - 1;
      // Usage rides on the last piece only, so that concatenating the chunks counts it once.
      const message = new AIMessageChunk(
        isLast
          ? {
              content: piece,
              usage_metadata: usage,
              response_metadata: { model_name: OFFLINE_EXTRACTIVE_MODEL_ID },
            }
          : { content: piece },
      );
      const chunk = new ChatGenerationChunk({ text: piece, message });
      yield chunk;
      await runManager?.handleLLMNewToken(
        piece,
        { prompt: 0, completion: 0 },
        undefined,
        undefined,
        undefined,
        {
          chunk,
        },
      );
    }
  }
}
