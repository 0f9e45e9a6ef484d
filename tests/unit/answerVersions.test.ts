// Versions of an answer ("regenerate"): the one grouping rule (contract/answerVersions.ts), and the model's history
// leaving a superseded question and answer out, from the prompt builder up to a checkpointed graph run.
import { describe, expect, it } from "vitest";
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { currentMessages, groupTurns, type VersionedMessage } from "../../contract/answerVersions";
import { buildAnswerMessages, currentConversation, exchange } from "../../graphs/chat/prompts";
import { graphWithCheckpointer } from "../../graphs/chat/graph";
import { startTurn } from "../../graphs/chat/state";
import type { ChatModels } from "../../graphs/chat/config";
import { annotateLexicon } from "../../server/models/offline/lexicon";
import { fixedRetriever } from "../support/fixtures";

const q = (id: string, regenerates?: string, follows?: string): VersionedMessage => ({
  id,
  role: "user",
  ...(regenerates ? { regenerates } : {}),
  ...(follows ? { follows } : {}),
});
const a = (id: string): VersionedMessage => ({ id, role: "assistant" });
const ids = (turns: ReturnType<typeof groupTurns>) =>
  turns.map((t) => t.versions.map((v) => `${v.question?.id ?? "-"}/${v.answer?.id ?? "-"}`));

describe("groupTurns", () => {
  it("puts a regenerated question and its answer beside the version it replaces, in order", () => {
    const turns = groupTurns([q("q1"), a("a1"), q("q2"), a("a2"), q("q2b", "a2"), a("a2b"), q("q2c", "a2b")]);
    expect(ids(turns)).toEqual([["q1/a1"], ["q2/a2", "q2b/a2b", "q2c/-"]]);
  });

  it("starts a turn of its own for a mark it cannot place, and for an answer without a question", () => {
    const turns = groupTurns([a("lone"), q("q1", "gone"), a("a1")]);
    expect(ids(turns)).toEqual([["-/lone"], ["q1/a1"]]);
  });

  it("currentMessages keeps only each turn's newest version", () => {
    const current = currentMessages([q("q1"), a("a1"), q("q1b", "a1"), a("a1b"), q("q2"), a("a2")]);
    expect(current.map((m) => m.id)).toEqual(["q1b", "a1b", "q2", "a2"]);
  });
});

describe("the model's history leaves superseded versions out", () => {
  const turn = (question: string, answerId: string, answer: string, regenerates?: string) =>
    exchange({ question, answerId }, answer, regenerates ? { regenerates } : {});
  const conversation: BaseMessage[] = [
    ...turn("Despre pensii?", "a1", "Pensiile A."),
    ...turn("Și despre taxe?", "a2", "Taxele întâi."),
    ...turn("Și despre taxe?", "a3", "Taxele a doua oară.", "a2"),
  ];
  const texts = (messages: BaseMessage[]) => messages.map((m) => `${m.getType()}:${m.text}`);

  it("drops the pair a later question replaced, and the pair this turn replaces", () => {
    expect(texts(currentConversation(conversation))).toEqual([
      "human:Despre pensii?",
      "ai:Pensiile A.",
      "human:Și despre taxe?",
      "ai:Taxele a doua oară.",
    ]);
    expect(texts(currentConversation(conversation, { regenerates: "a3" }))).toEqual([
      "human:Despre pensii?",
      "ai:Pensiile A.",
    ]);
  });

  it("keeps a conversation from before versions (no ids, no marks) whole", () => {
    const old = [new HumanMessage("Vechi?"), new AIMessage("Da.")];
    expect(currentConversation(old)).toEqual(old);
    expect(texts(currentConversation(old, { regenerates: "a9" }))).toEqual(["human:Vechi?", "ai:Da."]);
  });

  it("buildAnswerMessages sends the current versions, as plain text without the bookkeeping", () => {
    const sent = buildAnswerMessages("Și despre taxe?", [], conversation, { regenerates: "a3" });
    expect(texts(sent.slice(1, -1))).toEqual(["human:Despre pensii?", "ai:Pensiile A."]);
    for (const m of sent) {
      expect(m.additional_kwargs).toEqual({});
      expect(m.id).toBeUndefined();
    }
  });
});

describe("a checkpointed thread regenerated twice", () => {
  it("the third answer's prompt holds neither earlier answer, and the conversation keeps every version", async () => {
    const prompts: BaseMessage[][] = [];
    const models: ChatModels = {
      async streamAnswer(_model, messages, { onToken }) {
        prompts.push(messages);
        const text = `Versiunea ${prompts.length}.`;
        onToken(text);
        return { text };
      },
      async annotate(_model, texts) {
        return { annotations: texts.map((t) => annotateLexicon(t)) };
      },
    };
    const graph = graphWithCheckpointer(new MemorySaver());
    const run = async (answerId: string, regenerates?: string) => {
      let final: Record<string, unknown> = {};
      const stream = await graph.stream(
        startTurn("Ce spun oamenii despre pensii?", [], { answerId, regenerates }),
        {
          configurable: {
            thread_id: "t",
            answerChain: ["m"],
            annotateChain: ["offline:lexicon"],
            temperature: 0,
            topK: 2,
          },
          context: { models, retriever: fixedRetriever() },
          streamMode: "values",
        },
      );
      for await (const v of stream) final = v as Record<string, unknown>;
      return final;
    };
    await run("a1");
    await run("a2", "a1");
    const third = await run("a3", "a2");
    const shown = prompts[2]!.map((m) => m.text).join("\n");
    expect(shown).not.toContain("Versiunea 1.");
    expect(shown).not.toContain("Versiunea 2.");
    expect(prompts[2]).toHaveLength(2);
    // Append-only: the checkpoint keeps all three exchanges, each answer under its id.
    const kept = third.messages as BaseMessage[];
    expect(kept.filter((m) => m.getType() === "ai").map((m) => m.id)).toEqual(["a1", "a2", "a3"]);
    expect(texts(currentConversation(kept))).toEqual([
      "human:Ce spun oamenii despre pensii?",
      "ai:Versiunea 3.",
    ]);
  });
});

function texts(messages: BaseMessage[]): string[] {
  return messages.map((m) => `${m.getType()}:${m.text}`);
}
