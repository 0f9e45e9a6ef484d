// The chat's turns as the page shows them: one path through the thread's tree, each turn with its versions (a question
// and its answer) and the one shown; paging a turn's "‹ k/n ›" switch takes another branch, with its own later turns.
// Pure, no React; the tree rule itself is contract/answerVersions.ts, the one the server's export and the model's
// history follow, so a reload or another tab reads the thread alike.
import { threadPath, type AnswerVersion } from "../../../contract/answerVersions";
import { isLive } from "./chatQueries";
import type { AssistantMessage, ChatMessage, UserMessage } from "./messages";

export interface ChatVersion {
  question?: UserMessage;
  answer?: AssistantMessage;
}

export interface ChatTurn {
  /**
   * The message every version of the turn follows (an answer's id, or the start and the first version's id): stable
   * while versions are added, and the same after a reload.
   */
  key: string;
  /** Oldest first. */
  versions: ChatVersion[];
  /** The version shown: the path goes on through its branch. */
  shown: number;
}

/** The version a reader chose in a turn, and how many versions the turn had then. */
export interface VersionChoice {
  index: number;
  of: number;
}

/** The readers' choices, by turn key. */
export type VersionChoices = Readonly<Record<string, VersionChoice>>;

function turnKey(after: string | null, versions: readonly AnswerVersion<ChatMessage>[]): string {
  const first = versions[0];
  return after ?? `start:${first?.question?.id ?? first?.answer?.id ?? ""}`;
}

/**
 * The turns shown. In each, the reader's choice while the turn has as many versions as when they chose, otherwise
 * the branch holding the newest message (a new version, here or in another tab, or a new question, brings itself into
 * view). A question the server refused (failed) is no version of anything, and no place for a later question: it
 * stays out of the tree (the server never stored it) and shows on its own, with its error, after the message before
 * it (so two refused in a row show one after the other, never as "‹ 2/2 ›" of one turn).
 */
export function chatTurns(messages: readonly ChatMessage[], choices: VersionChoices = {}): ChatTurn[] {
  const turns = threadPath(
    messages.filter((m): boolean => !isRefused(m)),
    {
      choose: (after, versions) => {
        const choice = choices[turnKey(after, versions)];
        return choice && choice.of === versions.length ? choice.index : undefined;
      },
    },
  ).map((turn): ChatTurn => ({
    key: turnKey(turn.after, turn.versions),
    versions: turn.versions.map((v) => ({
      question: v.question?.role === "user" ? v.question : undefined,
      answer: v.answer?.role === "assistant" ? v.answer : undefined,
    })),
    shown: turn.selected,
  }));
  return withRefused(messages, turns);
}

function isRefused(m: ChatMessage): m is UserMessage {
  return m.role === "user" && m.status === "failed";
}

/** Each refused question as a turn of its own, after the turn shown that holds the message sent before it. */
function withRefused(messages: readonly ChatMessage[], turns: ChatTurn[]): ChatTurn[] {
  const refusedAfter = new Map<string, UserMessage[]>();
  let before = "";
  for (const m of messages) {
    if (!isRefused(m)) before = m.id;
    else refusedAfter.set(before, [...(refusedAfter.get(before) ?? []), m]);
  }
  if (!refusedAfter.size) return turns;
  const alone = (ids: (string | undefined)[]): ChatTurn[] =>
    ids.flatMap((id) =>
      (id === undefined ? [] : (refusedAfter.get(id) ?? [])).map((question) => ({
        key: `refused:${question.id}`,
        versions: [{ question }],
        shown: 0,
      })),
    );
  return [
    ...alone([""]),
    ...turns.flatMap((turn) => {
      const shown = turn.versions[turn.shown];
      return [turn, ...alone([shown?.question?.id, shown?.answer?.id])];
    }),
  ];
}

/** The last answer shown that has ended: what a new question follows, and what "regenerate" is offered on. */
export function lastShownAnswer(turns: readonly ChatTurn[]): AssistantMessage | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const answer = turn.versions[turn.shown]?.answer;
    if (answer && !isLive(answer)) return answer;
  }
  return undefined;
}
