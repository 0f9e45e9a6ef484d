// A turn of a conversation and its versions. "Regenerate" (or editing the newest question) sends the question again,
// marked with the answer it replaces (`regenerates`); storage keeps every version (append-only), and this one rule
// reads them back as turns, for the chat's view, the thread's export and the answering model's history alike.

/** What grouping needs of a message: a stored one (contract/threads.ts) or the client's own. */
export interface VersionedMessage {
  id: string;
  role: "user" | "assistant";
  /** On a question: the answer this question replaces as a new version of its turn. */
  regenerates?: string;
}

/** One version of a turn: a question and its answer (none yet while it is sent; none for a lone stored answer). */
export interface AnswerVersion<M> {
  question?: M;
  answer?: M;
}

/** A turn: its versions, oldest first; the last one is the turn's current version. */
export interface ConversationTurn<M> {
  versions: AnswerVersion<M>[];
}

/**
 * The messages, in order, as turns. A question marked `regenerates: X` becomes a new version of the turn whose
 * answer X is (an unknown X starts a turn of its own, so nothing is ever hidden); an answer belongs to the question
 * before it.
 */
export function groupTurns<M extends VersionedMessage>(
  messages: readonly M[],
  /** Whether a marked question counts as a version (the client leaves out one the server refused). */
  counts: (question: M) => boolean = () => true,
): ConversationTurn<M>[] {
  const turns: ConversationTurn<M>[] = [];
  const turnOfAnswer = new Map<string, ConversationTurn<M>>();
  // The version whose question still waits for its answer, and its turn.
  let open: { version: AnswerVersion<M>; turn: ConversationTurn<M> } | undefined;
  for (const m of messages) {
    if (m.role === "user") {
      const version: AnswerVersion<M> = { question: m };
      const earlier = m.regenerates && counts(m) ? turnOfAnswer.get(m.regenerates) : undefined;
      const turn = earlier ?? { versions: [] };
      if (!earlier) turns.push(turn);
      turn.versions.push(version);
      open = { version, turn };
      continue;
    }
    let turn = open?.turn;
    if (open && !open.version.answer) open.version.answer = m;
    else {
      turn = { versions: [{ answer: m }] };
      turns.push(turn);
    }
    if (turn) turnOfAnswer.set(m.id, turn);
    open = undefined;
  }
  return turns;
}

/** The turn's current version: its newest. */
export function currentVersion<M>(turn: ConversationTurn<M>): AnswerVersion<M> {
  return turn.versions[turn.versions.length - 1] ?? {};
}

/** The messages of each turn's current version, in order: the conversation as it now stands. */
export function currentMessages<M extends VersionedMessage>(messages: readonly M[]): M[] {
  return groupTurns(messages).flatMap((turn) => {
    const { question, answer } = currentVersion(turn);
    return [question, answer].filter((m): m is M => m !== undefined);
  });
}
