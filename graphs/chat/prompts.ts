// Prompts of the chat graph. The passages block has a fixed, line-based format so that the offline
// extractive model can read the same prompt an LLM gets (`parseAnswerPrompt` is the inverse of the builder).
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { citedDate, type Passage } from "../../contract/corpus";
import { framingInRomanian } from "../../contract/extractiveFraming";
import type { ShownPassage } from "../../contract/groundingCheck";
import { pathBefore, type VersionedMessage } from "../../contract/answerVersions";

export const ANSWER_SYSTEM_PROMPT = `Ești EchoChamber, un asistent pentru cercetători în științe sociale care studiază discursul politic românesc.
Răspunzi în limba română, doar pe baza surselor numerotate primite în mesaj.
Citează fiecare afirmație cu numărul sursei între paranteze drepte, de exemplu [1] sau [2][3].
Dacă sursele nu conțin răspunsul, spune clar acest lucru. Nu inventa surse, cifre sau citate.
Sursele sunt comentarii și texte politice: descrie ce spun ele, fără să le adopți tonul.`;

const SOURCES_HEADER = "Surse:";
/** How the prompt labels a passage of a text attached to the conversation (the offline model reads it too). */
export const ATTACHED_TEXT_LABEL = "text atașat";
const QUESTION_PREFIX = "Întrebare: ";
const PASSAGE_LINE = /^\[(\d+)\] \(([^)]*)\) (.*)$/;

/**
 * What the prompt shows of a passage after its number: `(source · platform · date) text`, on one line. An imputed
 * date (the import day) is shown as "fără dată", so that the model never dates a text by its import.
 */
function shownText(p: Pick<Passage, "text" | "meta">): string {
  // A passage of an attached text is said to be one: "attachment" is a platform id, not a word of the prompt.
  const platform = p.meta.attachment ? ATTACHED_TEXT_LABEL : p.meta.platform;
  const label = [p.meta.source, platform, citedDate(p.meta)].filter(Boolean).join(" · ").replace(/[()]/g, "");
  return `(${label}) ${p.text.replace(/\s+/g, " ").trim()}`;
}

/** One line per passage: `[n] (source · platform · date) text`, newlines in the text folded to spaces. */
export function formatPassages(passages: Pick<Passage, "text" | "meta">[]): string {
  return passages.map((p, i) => `[${i + 1}] ${shownText(p)}`).join("\n");
}

/**
 * The passages exactly as the answering model saw them, numbered as it saw them: what the grounding check holds an
 * answer to (contract/groundingCheck.ts). Whatever the prompt comes to show of a document, this shows too.
 */
export function shownPassages(passages: Pick<Passage, "text" | "meta">[]): ShownPassage[] {
  return passages.map((p, i) => ({ n: i + 1, text: shownText(p) }));
}

/** A message of a conversation as storage keeps it: the path to a question, already read from the thread's tree. */
export interface ConversationTurn {
  role: "user" | "assistant";
  text: string;
  /** The stored message's id: an answer's id is what a later question names in `regenerates` or `follows`. */
  id?: string;
}

/** How many earlier messages (questions and answers) go to the answering model. */
export const HISTORY_MESSAGES = 6;

/** Where a question of the conversation keeps its place in the thread's tree (checkpointed with the message). */
const MARK_KEYS = ["regenerates", "follows"] as const;

/** A question's marks (contract/answerVersions.ts), as the conversation keeps them in its `additional_kwargs`. */
export type QuestionMarks = Pick<VersionedMessage, "regenerates" | "follows">;

/** Where a new question goes in the conversation's tree. */
export interface TurnPlace {
  /** The answer it replaces as a new version of its turn. */
  regenerates?: string | null;
  /**
   * The stored answers from the thread's start to the question's parent, oldest first, as the server reads its
   * thread. Null: the question's own mark (`regenerates`) places it, or it follows the newest message.
   */
  path?: readonly string[] | null;
}

function marksOf(m: BaseMessage): QuestionMarks {
  const marks: QuestionMarks = {};
  for (const key of MARK_KEYS) {
    const value = m.additional_kwargs?.[key];
    if (typeof value === "string" || (key === "follows" && value === null)) marks[key] = value as string;
  }
  return marks;
}

/**
 * A question and its answer as the conversation keeps them: the question carries its marks (the answer it replaced,
 * the one it followed), the answer its own id, so that later turns can read the conversation as a tree.
 */
export function exchange(
  turn: { question: string; answerId: string | null },
  answer: string,
  marks: QuestionMarks = {},
): BaseMessage[] {
  return [
    new HumanMessage({ content: turn.question, additional_kwargs: { ...marks } }),
    new AIMessage(turn.answerId ? { content: answer, id: turn.answerId } : { content: answer }),
  ];
}

/** A stored conversation (a path) as the graph's messages: converted once, when a turn starts. */
export function toConversation(turns: ConversationTurn[]): BaseMessage[] {
  return turns.map((t) =>
    t.role === "user"
      ? new HumanMessage(t.text)
      : new AIMessage(t.id ? { content: t.text, id: t.id } : { content: t.text }),
  );
}

/**
 * Where a new question goes in the conversation: the messages of the path from the start to its parent (the model's
 * history, read by the thread's one tree rule, contract/answerVersions.ts), and the marks the conversation keeps on
 * the question so that later turns read the same tree. With the server's `path`, the parent is the path's last answer
 * the conversation holds (stopped, failed or interrupted answers never reach it); an empty path, or one none of whose
 * answers the conversation holds, is the start. A conversation older than answer ids cannot place a path: there the
 * question's own mark places it, or it follows the newest message, as before versions. Messages of other branches never reach the history.
 */
export function askedAfter(
  conversation: BaseMessage[],
  place: TurnPlace = {},
): { history: BaseMessage[]; marks: QuestionMarks } {
  const versioned = conversation.map((message, i) => ({
    id: message.id ?? `#${i}`,
    role: message.getType() === "human" ? ("user" as const) : ("assistant" as const),
    ...(message.getType() === "human" ? marksOf(message) : {}),
    message,
  }));
  const answers = versioned.filter((m) => m.role === "assistant");
  const known = new Set(answers.map((m) => m.id));
  const parent = place.path?.findLast((id) => known.has(id));
  const regenerates = place.regenerates ?? undefined;
  // Only a conversation from before answer ids cannot place a path: one that has them but none of the path holds
  // only answers of other branches (the path's own stopped or failed), so the question starts afresh, as the stored
  // history would have it, instead of following another branch's newest message.
  const beforeIds = answers.length > 0 && answers.every((m) => m.message.id === undefined);
  const placed: QuestionMarks = parent
    ? { follows: parent }
    : place.path?.length === 0 || (place.path && !beforeIds)
      ? { follows: null }
      : regenerates
        ? { regenerates }
        : {};
  const history = pathBefore(versioned, placed).map((m) => m.message);
  return { history, marks: { ...placed, ...(regenerates ? { regenerates } : {}) } };
}

/** The conversation the model sees before a question placed so: the path to its parent (see `askedAfter`). */
export function currentConversation(conversation: BaseMessage[], place: TurnPlace = {}): BaseMessage[] {
  return askedAfter(conversation, place).history;
}

/**
 * The messages sent to the answering model: system prompt, the last earlier turns (the conversation's own messages,
 * as the graph keeps them, each turn in its current version only, and as plain text), then sources and question.
 */
export function buildAnswerMessages(
  question: string,
  passages: Passage[],
  conversation: BaseMessage[] = [],
  place: TurnPlace = {},
): BaseMessage[] {
  const earlier = currentConversation(
    conversation.filter((m) => m.getType() === "human" || m.getType() === "ai"),
    place,
  )
    .slice(-HISTORY_MESSAGES)
    // The ids and marks are the conversation's bookkeeping, not the model's business; an offline answer written for
    // an English reader is shown framed in Romanian, as the prompt is.
    .map((m) =>
      m.getType() === "human" ? new HumanMessage(m.content) : new AIMessage(romanianFramed(m.content)),
    );
  const body = passages.length
    ? `${SOURCES_HEADER}\n${formatPassages(passages)}\n\n${QUESTION_PREFIX}${question}`
    : `${SOURCES_HEADER}\n(nicio sursă găsită)\n\n${QUESTION_PREFIX}${question}`;
  return [new SystemMessage(ANSWER_SYSTEM_PROMPT), ...earlier, new HumanMessage(body)];
}

function romanianFramed(content: BaseMessage["content"]): BaseMessage["content"] {
  return typeof content === "string" ? framingInRomanian(content) : content;
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

/** What the refining model is asked after the draft (as the model's own turn): revise it against the sources. */
export const REFINE_INSTRUCTIONS = `Mai sus este o ciornă de răspuns, scrisă repede de un model mai mic. Revizuiește-o:
păstrează doar ce susțin sursele numerotate, citează fiecare afirmație cu numărul sursei între paranteze drepte
(doar numere de surse care există), corectează cifrele, numele și datele după surse, taie repetițiile.
Răspunde doar cu răspunsul final, în română, fără să pomenești ciorna.`;

/** One problem the offline check found in the draft, for the refining model. */
export interface DraftIssue {
  sentence: string;
  reason: string;
}

/**
 * The messages sent to the refining model: the answering model's messages, the draft as its reply, then the revision
 * request with the problems the grounding check found in the draft.
 */
export function buildRefineMessages(
  answerMessages: BaseMessage[],
  draft: string,
  issues: DraftIssue[] = [],
): BaseMessage[] {
  const found = issues.length
    ? `\n\nProbleme găsite de verificarea automată:\n${issues.map((i) => `- „${i.sentence}” — ${i.reason}`).join("\n")}`
    : "";
  return [
    ...answerMessages,
    new AIMessage(framingInRomanian(draft)),
    new HumanMessage(`${REFINE_INSTRUCTIONS}${found}`),
  ];
}
