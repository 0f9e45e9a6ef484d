// A conversation as a tree of turns and their versions. "Regenerate" (or an edited question) sends a question again,
// marked with the answer it replaces (`regenerates`); every question is marked with the answer it was asked after
// (`follows`, its parent). Storage keeps every message (append-only), and this one rule reads them back as a tree:
// the questions asked after the same message are the versions of one turn, and each version has the later turns of
// its own branch. The chat's view, the thread's export and the answering model's history all read it here.

/** What the tree needs of a message: a stored one (contract/threads.ts) or the client's own. */
export interface VersionedMessage {
  id: string;
  role: "user" | "assistant";
  /** On a question: the answer this question replaces as a new version of its turn. */
  regenerates?: string;
  /**
   * On a question: the answer it was asked after (its parent); without it, the message stored before it. Null: asked
   * at the conversation's start (the model's conversation records it so; a stored question names an answer or nothing).
   */
  follows?: string | null;
}

/** One version of a turn: a question and its answer (none yet while it is sent; none for a lone stored answer). */
export interface AnswerVersion<M> {
  question?: M;
  answer?: M;
}

/** A turn: its versions, oldest first. */
export interface ConversationTurn<M> {
  versions: AnswerVersion<M>[];
}

/** A turn on a path through the tree: the versions asked after one message, and the one the path goes through. */
export interface PathTurn<M> extends ConversationTurn<M> {
  /** The message every version of the turn follows (its answer, or a question left without one); null at the start. */
  after: string | null;
  /** The index of the version on the path. */
  selected: number;
}

export interface TreeOptions<M> {
  /**
   * The version to take in a turn (by its `after` and versions), or undefined for the default: the version whose
   * branch holds the newest message.
   */
  choose?: (after: string | null, versions: readonly AnswerVersion<M>[]) => number | undefined;
}

interface Tree<M> {
  /** The versions asked after each message (by id; "" for the start), in the order they were stored. */
  children: Map<string, AnswerVersion<M>[]>;
  /** The message each version (by its last message's id) follows; "" for the start. */
  parent: Map<string, string>;
  /** The version a message belongs to, by the message's id. */
  versionOf: Map<string, AnswerVersion<M>>;
  /** The position of the newest message in each version's branch (the version and everything after it). */
  newest: Map<AnswerVersion<M>, number>;
}

const START = "";

/** The message a version ends with: the one later turns follow. */
function tail<M extends VersionedMessage>(v: AnswerVersion<M>): M {
  return (v.answer ?? v.question)!;
}

/**
 * Reads the messages, in stored order, as a tree. An answer belongs to the question before it (an answer without one
 * is a version of its own). A question's parent is, in this order: the parent of the question whose answer it
 * `regenerates`, the answer it `follows`, or the message stored before it. A mark is followed only when it names a
 * message stored earlier (so the tree has no cycles); an unknown mark is ignored, so nothing is ever hidden.
 */
function readTree<M extends VersionedMessage>(messages: readonly M[]): Tree<M> {
  const versionOf = new Map<string, AnswerVersion<M>>();
  const heads: { version: AnswerVersion<M>; at: number }[] = [];
  let open: AnswerVersion<M> | undefined;
  messages.forEach((m, at) => {
    if (m.role === "user") {
      open = { question: m };
      heads.push({ version: open, at });
      versionOf.set(m.id, open);
    } else {
      if (open && !open.answer) open.answer = m;
      else heads.push({ version: { answer: m }, at });
      versionOf.set(m.id, open?.answer === m ? open : heads[heads.length - 1]!.version);
      open = undefined;
    }
  });
  const position = new Map(messages.map((m, at) => [m.id, at] as const));
  const earlier = (id: string | undefined, at: number) =>
    id !== undefined && (position.get(id) ?? Infinity) < at ? versionOf.get(id) : undefined;

  const children = new Map<string, AnswerVersion<M>[]>();
  const parent = new Map<string, string>();
  for (const { version, at } of heads) {
    const q = version.question;
    let after: string | undefined;
    if (q) {
      const replaced = earlier(q.regenerates, at);
      if (replaced && replaced.answer?.id === q.regenerates) after = parent.get(tail(replaced).id);
      else if (q.follows === null) after = START;
      else {
        const followed = earlier(q.follows, at);
        if (followed) after = tail(followed).id;
      }
    }
    if (after === undefined) {
      const before = at > 0 ? versionOf.get(messages[at - 1]!.id) : undefined;
      after = before ? tail(before).id : START;
    }
    parent.set(tail(version).id, after);
    const siblings = children.get(after) ?? [];
    if (!children.has(after)) children.set(after, siblings);
    siblings.push(version);
  }

  const newest = new Map<AnswerVersion<M>, number>();
  for (let i = heads.length - 1; i >= 0; i--) {
    const { version } = heads[i]!;
    let max = Math.max(...[version.question, version.answer].map((m) => (m ? position.get(m.id)! : -1)));
    for (const child of children.get(tail(version).id) ?? []) max = Math.max(max, newest.get(child)!);
    newest.set(version, max);
  }
  return { children, parent, versionOf, newest };
}

function pathThrough<M extends VersionedMessage>(
  tree: Tree<M>,
  choose: TreeOptions<M>["choose"],
): PathTurn<M>[] {
  const turns: PathTurn<M>[] = [];
  let after = START;
  for (;;) {
    const versions = tree.children.get(after);
    if (!versions?.length) return turns;
    const chosen = choose?.(after || null, versions);
    const selected =
      chosen !== undefined && chosen >= 0 && chosen < versions.length
        ? chosen
        : versions.reduce(
            (best, v, i) => (tree.newest.get(v)! > tree.newest.get(versions[best]!)! ? i : best),
            0,
          );
    turns.push({ after: after || null, versions, selected });
    after = tail(versions[selected]!).id;
  }
}

/**
 * The turns along one path from the conversation's start to a leaf: at each turn every version asked after the same
 * message, and the one the path takes (the reader's choice, or by default the branch holding the newest message).
 */
export function threadPath<M extends VersionedMessage>(
  messages: readonly M[],
  options: TreeOptions<M> = {},
): PathTurn<M>[] {
  return pathThrough(readTree(messages), options.choose);
}

/** The turns of the path to the newest message: each turn with all its versions, the one on that path selected. */
export function groupTurns<M extends VersionedMessage>(messages: readonly M[]): PathTurn<M>[] {
  return threadPath(messages);
}

/** The turn's version on the path (its newest when it is no path's turn). */
export function currentVersion<M>(turn: ConversationTurn<M> | PathTurn<M>): AnswerVersion<M> {
  const at = "selected" in turn ? turn.selected : turn.versions.length - 1;
  return turn.versions[at] ?? {};
}

/** The messages of a path's selected versions, in order. */
export function pathMessages<M>(turns: readonly PathTurn<M>[]): M[] {
  return turns.flatMap((turn) => {
    const { question, answer } = currentVersion(turn);
    return [question, answer].filter((m): m is M => m !== undefined);
  });
}

/** The messages of the path to the newest message: the conversation as it now stands. */
export function currentMessages<M extends VersionedMessage>(messages: readonly M[]): M[] {
  return pathMessages(threadPath(messages));
}

/**
 * The messages a new question with these marks would be asked after: the path from the conversation's start to its
 * parent, read by the same rule as a stored one (no marks: after the newest stored message).
 */
export function pathBefore<M extends VersionedMessage>(
  messages: readonly M[],
  marks: Pick<VersionedMessage, "regenerates" | "follows">,
): M[] {
  const asked = { id: "\u0000asked", role: "user", ...marks } as M;
  const tree = readTree([...messages, asked]);
  const out: M[] = [];
  for (let at = tree.parent.get(asked.id); at; at = tree.parent.get(tail(tree.versionOf.get(at)!).id)) {
    const { question, answer } = tree.versionOf.get(at)!;
    out.unshift(...[question, answer].filter((m): m is M => m !== undefined));
  }
  return out;
}
