// The chat's turns as the page shows them: for each, one version (a question and its answer), the newest unless the
// reader paged back with the "‹ k/n ›" switch. Pure, no React; the grouping rule itself is contract/answerVersions.ts,
// the one the server's export and the model's history follow, so a reload or another tab groups alike.
import { groupTurns } from "../../../contract/answerVersions";
import type { AssistantMessage, ChatMessage, UserMessage } from "./messages";

export interface ChatVersion {
  question?: UserMessage;
  answer?: AssistantMessage;
}

export interface ChatTurn {
  /** The first version's question (or lone answer) id: stable while versions are added. */
  key: string;
  /** Oldest first; the last is the newest. */
  versions: ChatVersion[];
}

/** The version a reader chose in a turn, and how many versions the turn had then. */
export interface VersionChoice {
  index: number;
  of: number;
}

/**
 * The messages as turns. A question the server refused (failed) is no version of anything: it shows on its own, with
 * its error, and the answer it meant to replace stays the turn's newest.
 */
export function chatTurns(messages: readonly ChatMessage[]): ChatTurn[] {
  return groupTurns(messages, (q) => q.role === "user" && q.status !== "failed").map((turn) => {
    const versions = turn.versions.map((v) => ({
      question: v.question?.role === "user" ? v.question : undefined,
      answer: v.answer?.role === "assistant" ? v.answer : undefined,
    }));
    const first = versions[0];
    return { key: first?.question?.id ?? first?.answer?.id ?? "", versions };
  });
}

/**
 * The index of the version to show: the reader's choice while the turn has as many versions as when they chose,
 * otherwise the newest (a regenerate, here or in another tab, brings its new answer into view).
 */
export function shownIndex(turn: ChatTurn, choice: VersionChoice | undefined): number {
  const newest = turn.versions.length - 1;
  if (!choice || choice.of !== turn.versions.length) return newest;
  return Math.max(0, Math.min(choice.index, newest));
}
