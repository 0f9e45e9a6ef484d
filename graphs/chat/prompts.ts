// Prompts of the chat graph. The passages block has a fixed, line-based format so that the offline
// extractive model can read the same prompt an LLM gets (`parseAnswerPrompt` is the inverse of the builder).
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Passage } from "../../contract/corpus";

export const ANSWER_SYSTEM_PROMPT = `Ești EchoChamber, un asistent pentru cercetători în științe sociale care studiază discursul politic românesc.
Răspunzi în limba română, doar pe baza surselor numerotate primite în mesaj.
Citează fiecare afirmație cu numărul sursei între paranteze drepte, de exemplu [1] sau [2][3].
Dacă sursele nu conțin răspunsul, spune clar acest lucru. Nu inventa surse, cifre sau citate.
Sursele sunt comentarii și texte politice: descrie ce spun ele, fără să le adopți tonul.`;

const SOURCES_HEADER = "Surse:";
const QUESTION_PREFIX = "Întrebare: ";
const PASSAGE_LINE = /^\[(\d+)\] \(([^)]*)\) (.*)$/;

/** One line per passage: `[n] (source · platform · date) text`, newlines in the text folded to spaces. */
export function formatPassages(passages: Pick<Passage, "text" | "meta">[]): string {
  return passages
    .map((p, i) => {
      const label = [p.meta.source, p.meta.platform, p.meta.date]
        .filter(Boolean)
        .join(" · ")
        .replace(/[()]/g, "");
      return `[${i + 1}] (${label}) ${p.text.replace(/\s+/g, " ").trim()}`;
    })
    .join("\n");
}

/** A turn of a conversation as storage keeps it. */
export interface ConversationTurn {
  role: "user" | "assistant";
  text: string;
}

/** How many earlier messages (questions and answers) go to the answering model. */
export const HISTORY_MESSAGES = 6;

/** A stored conversation as the graph's messages: converted once, when a turn starts. */
export function toConversation(turns: ConversationTurn[]): BaseMessage[] {
  return turns.map((t) => (t.role === "user" ? new HumanMessage(t.text) : new AIMessage(t.text)));
}

/**
 * The messages sent to the answering model: system prompt, the last earlier turns (the conversation's own messages,
 * as the graph keeps them), then sources and question.
 */
export function buildAnswerMessages(
  question: string,
  passages: Passage[],
  conversation: BaseMessage[] = [],
): BaseMessage[] {
  const earlier = conversation
    .filter((m) => m.getType() === "human" || m.getType() === "ai")
    .slice(-HISTORY_MESSAGES);
  const body = passages.length
    ? `${SOURCES_HEADER}\n${formatPassages(passages)}\n\n${QUESTION_PREFIX}${question}`
    : `${SOURCES_HEADER}\n(nicio sursă găsită)\n\n${QUESTION_PREFIX}${question}`;
  return [new SystemMessage(ANSWER_SYSTEM_PROMPT), ...earlier, new HumanMessage(body)];
}

export interface ParsedAnswerPrompt {
  /** False when the message carries no sources block at all (a plain chat prompt). */
  hasSources: boolean;
  question: string;
  passages: { n: number; label: string; text: string }[];
}

/** Reads the question and the numbered passages back from the last human message, or null if absent. */
export function parseAnswerPrompt(messages: BaseMessage[]): ParsedAnswerPrompt | null {
  const last = [...messages].reverse().find((m) => m.getType() === "human");
  if (!last) return null;
  const content = typeof last.content === "string" ? last.content : last.text;
  if (!content.startsWith(SOURCES_HEADER))
    return { hasSources: false, question: content.trim(), passages: [] };
  const questionAt = content.indexOf(`\n\n${QUESTION_PREFIX}`);
  const sourcesPart = questionAt >= 0 ? content.slice(0, questionAt) : content;
  const question = questionAt >= 0 ? content.slice(questionAt + 2 + QUESTION_PREFIX.length) : "";
  const passages: ParsedAnswerPrompt["passages"] = [];
  for (const line of sourcesPart.split("\n")) {
    const m = PASSAGE_LINE.exec(line);
    if (m) passages.push({ n: Number(m[1]), label: m[2] ?? "", text: m[3] ?? "" });
  }
  return { hasSources: true, question: question.trim(), passages };
}
