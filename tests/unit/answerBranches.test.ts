// Editing an older question makes a branch: the thread as a tree (contract/answerVersions.ts), read the same way by the
// page, the export and the answering model's history.
import { describe, expect, it } from "vitest";
import {
  currentMessages,
  pathBefore,
  pathMessages,
  threadPath,
  type PathTurn,
  type VersionedMessage,
} from "../../contract/answerVersions";

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

  it("a question the server refused (not counted) follows what was before it, and stays in view", () => {
    const refused = { ...q("q2", { regenerates: "a1" }), refused: true };
    const messages = [q("q1"), a("a1"), refused];
    const turns = threadPath(messages, { counts: (m) => !("refused" in m) });
    expect(shown(turns)).toEqual(["1/1:q1/a1", "1/1:q2/-"]);
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
