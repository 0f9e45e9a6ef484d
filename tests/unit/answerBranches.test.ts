// Editing an older question makes a branch: the thread as a tree (contract/answerVersions.ts), read the same way by the
// page, the export and the answering model's history (graphs/chat/prompts.ts), up to a checkpointed graph run.
import { describe, expect, it } from "vitest";
import { type BaseMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import {
  currentMessages,
  pathBefore,
  pathMessages,
  threadPath,
  type PathTurn,
  type VersionedMessage,
} from "../../contract/answerVersions";
import {
  ANSWER_SYSTEM_PROMPT,
  askedAfter,
  buildAnswerMessages,
  exchange,
  type TurnPlace,
} from "../../graphs/chat/prompts";
import { graphWithCheckpointer } from "../../graphs/chat/graph";
import { startTurn } from "../../graphs/chat/state";
import type { ChatModels } from "../../graphs/chat/config";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { fixedRetriever } from "../support/fixtures";

type Marks = Pick<VersionedMessage, "regenerates" | "follows">;
const q = (id: string, marks: Marks = {}): VersionedMessage => ({ id, role: "user", ...marks });
const a = (id: string): VersionedMessage => ({ id, role: "assistant" });
const ids = (messages: readonly VersionedMessage[]) => messages.map((m) => m.id);
/** Each turn of a path as "selected+1/count: question/answer of the selected version". */
const shown = (turns: PathTurn<VersionedMessage>[]) =>
  turns.map((t) => {
    const v = t.versions[t.selected]!;
    return `${t.selected + 1}/${t.versions.length}:${v.question?.id ?? "-"}/${v.answer?.id ?? "-"}`;
  });
/** The path that takes version `index` at the turn asked after `after`, the default elsewhere. */
const choosing = (after: string | null, index: number) => ({
  choose: (at: string | null) => (at === after ? index : undefined),
});

const linear = [q("q1"), a("a1"), q("q2"), a("a2"), q("q3"), a("a3")];
/** Turn 1 of 3 edited: a new version of it, asked at the start. */
const edited = [...linear, q("q1b", { regenerates: "a1" }), a("a1b")];

describe("the thread as a tree", () => {
  it("reads a thread from before the marks (no follows) exactly as before: one version a turn, in order", () => {
    expect(shown(threadPath(linear))).toEqual(["1/1:q1/a1", "1/1:q2/a2", "1/1:q3/a3"]);
    expect(ids(currentMessages(linear))).toEqual(ids(linear));
    // An older question edited before branches existed was appended, unmarked: it stays a turn at the end.
    const appended = [...linear, q("q1-again"), a("a4")];
    expect(ids(currentMessages(appended))).toEqual(ids(appended));
    // Regenerates of the newest answer, as they were stored: the newest version is shown, then the later turns.
    const regenerated = [q("q1"), a("a1"), q("q1b", { regenerates: "a1" }), a("a1b"), q("q2"), a("a2")];
    expect(shown(threadPath(regenerated))).toEqual(["2/2:q1b/a1b", "1/1:q2/a2"]);
  });

  it("an edit of turn 1 of 3 gives turn 1 two versions: the second shows no later turns, the first turns 2 and 3", () => {
    expect(shown(threadPath(edited))).toEqual(["2/2:q1b/a1b"]);
    expect(ids(currentMessages(edited))).toEqual(["q1b", "a1b"]);
    const first = threadPath(edited, choosing(null, 0));
    expect(shown(first)).toEqual(["1/2:q1/a1", "1/1:q2/a2", "1/1:q3/a3"]);
    expect(ids(pathMessages(first))).toEqual(ids(linear));
    expect(first.map((t) => t.after)).toEqual([null, "a1", "a2"]);
  });

  it("a new question after paging back to version 1 continues branch 1, which becomes the default", () => {
    const continued = [...edited, q("q4", { follows: "a3" }), a("a4")];
    expect(shown(threadPath(continued))).toEqual(["1/2:q1/a1", "1/1:q2/a2", "1/1:q3/a3", "1/1:q4/a4"]);
    expect(shown(threadPath(continued, choosing(null, 1)))).toEqual(["2/2:q1b/a1b"]);
    // And a question after the second version goes on that branch.
    const other = [...continued, q("q2x", { follows: "a1b" }), a("a2x")];
    expect(shown(threadPath(other))).toEqual(["2/2:q1b/a1b", "1/1:q2x/a2x"]);
  });

  it("a regenerate inside a branch is a version of that branch's turn, whose later turns stay with the old version", () => {
    const continued = [...edited, q("q4", { follows: "a3" }), a("a4")];
    const regenerated = [...continued, q("q2b", { regenerates: "a2", follows: "a4" }), a("a2b")];
    expect(shown(threadPath(regenerated))).toEqual(["1/2:q1/a1", "2/2:q2b/a2b"]);
    expect(shown(threadPath(regenerated, choosing("a1", 0)))).toEqual([
      "1/2:q1/a1",
      "1/2:q2/a2",
      "1/1:q3/a3",
      "1/1:q4/a4",
    ]);
  });

  it("unknown, misplaced or later ids never hide a message: the question follows the message stored before it", () => {
    const odd = [
      q("q1"),
      a("a1"),
      q("q2", { follows: "gone" }),
      a("a2"),
      q("q3", { regenerates: "q2" }), // a question, not an answer
      a("a3"),
      q("q4", { follows: "a5" }), // stored later
      a("a4"),
      q("q5", { regenerates: "gone" }),
      a("a5"),
    ];
    expect(ids(currentMessages(odd))).toEqual(ids(odd));
    // A lone answer is a turn of its own.
    expect(shown(threadPath([a("lone"), q("q1"), a("a1")]))).toEqual(["1/1:-/lone", "1/1:q1/a1"]);
    // A choice out of range is the default.
    expect(shown(threadPath(edited, choosing(null, 7)))).toEqual(["2/2:q1b/a1b"]);
  });

  it("pathBefore is the path to a new question's parent, by the same rule", () => {
    const continued = [...edited, q("q4", { follows: "a3" }), a("a4")];
    expect(ids(pathBefore(continued, { regenerates: "a1" }))).toEqual([]);
    expect(ids(pathBefore(continued, { regenerates: "a3" }))).toEqual(["q1", "a1", "q2", "a2"]);
    expect(ids(pathBefore(continued, { follows: "a1b" }))).toEqual(["q1b", "a1b"]);
    expect(ids(pathBefore(continued, { follows: "a2" }))).toEqual(["q1", "a1", "q2", "a2"]);
    // No marks: after the newest message; a null `follows`: at the start.
    expect(ids(pathBefore(continued, {}))).toEqual(["q1", "a1", "q2", "a2", "q3", "a3", "q4", "a4"]);
    expect(ids(pathBefore(continued, { follows: null }))).toEqual([]);
    expect(ids(pathBefore(continued, { follows: "gone" }))).toEqual(ids(pathBefore(continued, {})));
  });
});

describe("the model's history is the path to the question's parent, byte for byte", () => {
  /** Asks in a conversation as the answer node does: the question placed, then kept with its marks. */
  function ask(
    conversation: BaseMessage[],
    question: string,
    answerId: string,
    place: TurnPlace,
  ): BaseMessage[] {
    const { marks } = askedAfter(conversation, place);
    return [...conversation, ...exchange({ question, answerId }, `Răspunsul ${answerId}.`, marks)];
  }
  const prompt = (conversation: BaseMessage[], question: string, place: TurnPlace) =>
    JSON.stringify(
      buildAnswerMessages(question, [], conversation, place).map((m) => [m.getType(), m.content]),
    );
  const expected = (...earlier: [string, string][]) =>
    JSON.stringify([
      ["system", ANSWER_SYSTEM_PROMPT],
      ...earlier.flatMap(([question, answerId]) => [
        ["human", question],
        ["ai", `Răspunsul ${answerId}.`],
      ]),
      ["human", "Surse:\n(nicio sursă găsită)\n\nÎntrebare: Și acum?"],
    ]);

  let c: BaseMessage[] = [];
  c = ask(c, "Q1", "a1", { path: [] });
  c = ask(c, "Q2", "a2", { path: ["a1"] });
  c = ask(c, "Q3", "a3", { path: ["a1", "a2"] });
  c = ask(c, "Q1 altfel", "a1b", { regenerates: "a1", path: [] });

  it("the new version of turn 1 was asked with no history; a question after it sees only it", () => {
    expect(prompt(c.slice(0, 6), "Și acum?", { regenerates: "a1", path: [] })).toBe(expected());
    expect(prompt(c, "Și acum?", { path: ["a1b"] })).toBe(expected(["Q1 altfel", "a1b"]));
  });

  it("a question after the first version's branch sees turns 1 to 3 and never the other branch", () => {
    expect(prompt(c, "Și acum?", { path: ["a1", "a2", "a3"] })).toBe(
      expected(["Q1", "a1"], ["Q2", "a2"], ["Q3", "a3"]),
    );
    // An answer of the path that never reached the conversation (stopped): the path up to the one before it.
    expect(prompt(c, "Și acum?", { path: ["a1", "a2", "stopped"] })).toBe(
      expected(["Q1", "a1"], ["Q2", "a2"]),
    );
  });

  it("a regenerate inside branch 1 sees the path to its turn's parent; the marks read back the same tree", () => {
    expect(prompt(c, "Și acum?", { regenerates: "a2", path: ["a1"] })).toBe(expected(["Q1", "a1"]));
    const more = ask(c, "Q2 altfel", "a2b", { regenerates: "a2", path: ["a1"] });
    // Without the server's path, the question's marks place it: after the newest message's path.
    expect(prompt(more, "Și acum?", {})).toBe(expected(["Q1", "a1"], ["Q2 altfel", "a2b"]));
    expect(askedAfter(more, { regenerates: "a2b", path: ["a1"] }).marks).toEqual({
      follows: "a1",
      regenerates: "a2b",
    });
  });

  it("a branch whose every answer stopped starts afresh: the replaced branch never comes back", () => {
    // Turn 1 edited into "Q1'" whose answer a1s stopped (never in the conversation), then Q2 asked after it.
    const stopped = { path: ["a1s"] };
    expect(prompt(c.slice(0, 2), "Și acum?", stopped)).toBe(expected());
    const { marks } = askedAfter(c.slice(0, 2), stopped);
    expect(marks).toEqual({ follows: null });
    // The next question, after Q2's answer, sees Q2 alone: as the stored history (no checkpointer) has it.
    const after = ask(c.slice(0, 2), "Q2", "a2s", stopped);
    expect(prompt(after, "Și acum?", { path: ["a1s", "a2s"] })).toBe(expected(["Q2", "a2s"]));
  });

  it("a conversation from before answer ids (none of the path in it) is sent whole, as before", () => {
    const old = [...exchange({ question: "Vechi?", answerId: null }, "Răspunsul vechi.")];
    expect(askedAfter(old, { path: ["stored-id"] }).history).toEqual(old);
  });
});

describe("a checkpointed thread with turn 1 of 3 edited", () => {
  it("each prompt holds exactly its branch, and the checkpoint keeps every exchange", async () => {
    const prompts: BaseMessage[][] = [];
    const models: ChatModels = {
      async streamAnswer(_model, messages, { onToken }) {
        prompts.push(messages);
        const text = `Răspunsul ${prompts.length}.`;
        onToken(text);
        return { text };
      },
      async annotate(_model, texts) {
        return { annotations: texts.map((t) => annotateLexicon(t)) };
      },
    };
    const graph = graphWithCheckpointer(new MemorySaver());
    const run = async (question: string, answerId: string, path: string[], regenerates?: string) => {
      let final: Record<string, unknown> = {};
      const stream = await graph.stream(startTurn(question, [], { answerId, regenerates, path }), {
        configurable: {
          thread_id: "t",
          answerChain: ["m"],
          annotateChain: ["offline:lexicon"],
          temperature: 0,
          topK: 2,
        },
        context: { models, retriever: fixedRetriever() },
        streamMode: "values",
      });
      for await (const v of stream) final = v as Record<string, unknown>;
      return final.messages as BaseMessage[];
    };
    const earlier = (i: number) => prompts[i]!.slice(1, -1).map((m) => `${m.getType()}:${m.text}`);
    await run("Q1", "a1", []);
    await run("Q2", "a2", ["a1"]);
    await run("Q3", "a3", ["a1", "a2"]);
    await run("Q1 altfel", "a1b", [], "a1");
    expect(earlier(3)).toEqual([]);
    await run("Q2 după a doua", "a2b", ["a1b"]);
    expect(earlier(4)).toEqual(["human:Q1 altfel", "ai:Răspunsul 4."]);
    const kept = await run("Q4", "a4", ["a1", "a2", "a3"]);
    expect(earlier(5)).toEqual([
      "human:Q1",
      "ai:Răspunsul 1.",
      "human:Q2",
      "ai:Răspunsul 2.",
      "human:Q3",
      "ai:Răspunsul 3.",
    ]);
    expect(kept.filter((m) => m.getType() === "ai").map((m) => m.id)).toEqual([
      "a1",
      "a2",
      "a3",
      "a1b",
      "a2b",
      "a4",
    ]);
  });
});
